/**
 * `npm run build:cloud`: bundles each cloud function into build/cloudfunctions/<name>/ for
 * deployment (esbuild, node, CommonJS, wx-server-sdk left external and pinned in its own
 * package.json), copies its config.json (timer triggers, openapi permissions for WeChat DevTools),
 * and writes
 * - build/cloudbaserc.json, the CloudBase CLI's framework file: every function with its runtime,
 *   timeout, memory, environment variable NAMES and timer triggers (cloudfunctions/common/deployment.ts)
 *   and every collection with its indexes, closed to clients (COLLECTIONS). `envId` is CLOUD_ENV_ID
 *   when set, else `{{env.CLOUD_ENV_ID}}`, which the CLI fills from build/.env.local.
 * - build/database.json: the collections and indexes as plain data (COLLECTIONS); build/storage-rule.json: cloud storage's security rule.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'fs';
import { join, resolve } from 'path';
import { COLLECTIONS } from '../cloudfunctions/common/collections';
import { cloudbaseRc, ESBUILD_TARGET, FUNCTIONS, STORAGE_RULE, type TimerTrigger } from '../cloudfunctions/common/deployment';

const root = resolve(__dirname, '..');
const sourceRoot = join(root, 'cloudfunctions');
const buildRoot = join(root, 'build');
const outRoot = join(buildRoot, 'cloudfunctions');
const sdkVersion = (JSON.parse(readFileSync(join(root, 'node_modules/wx-server-sdk/package.json'), 'utf8')) as { version: string }).version;
/** A function is a folder of cloudfunctions/ with an index.ts; `common` is shared code. */
export function functionNames(): string[] {
  return readdirSync(sourceRoot).filter((name) => {
    const dir = join(sourceRoot, name);
    return statSync(dir).isDirectory() && name !== 'common' && existsSync(join(dir, 'index.ts'));
  });
}

/** A function's timer triggers, from its config.json (the one place WeChat DevTools reads them too). */
export function timerTriggers(name: string): TimerTrigger[] | undefined {
  const file = join(sourceRoot, name, 'config.json');
  if (!existsSync(file)) return undefined;
  const triggers = (JSON.parse(readFileSync(file, 'utf8')) as { triggers?: TimerTrigger[] }).triggers;
  for (const t of triggers ?? []) {
    if (t.type !== 'timer' || !t.name || t.config.trim().split(/\s+/).length !== 7) {
      throw new Error(
        `${name}/config.json: trigger ${JSON.stringify(t)} is not a timer with a 7-field cron (second minute hour day month weekday year)`,
      );
    }
  }
  return triggers;
}

const POSTER_FONTS = ['NotoSansCJK-Regular.ttc', 'NotoSansCJK-Bold.ttc'];
const FONT_DIR = process.env.GRIDLINK_POSTER_FONT_DIR ?? '/usr/share/fonts/opentype/noto';

function copyPosterFonts(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const file of POSTER_FONTS) {
    const from = join(FONT_DIR, file);
    if (!existsSync(from)) throw new Error(`${from} is missing: install Debian fonts-noto-cjk (scripts/setup.sh) or set GRIDLINK_POSTER_FONT_DIR`);
    copyFileSync(from, join(dir, file));
  }
}

async function run(): Promise<void> {
  const names = functionNames();
  // before bundling: a function without a deployment entry (or an entry without a function) stops the build
  const rc = cloudbaseRc({
    functionNames: names,
    triggers: Object.fromEntries(names.map((name) => [name, timerTriggers(name)])),
    envId: process.env.CLOUD_ENV_ID,
    functionRoot: './cloudfunctions',
  });
  rmSync(outRoot, { recursive: true, force: true });
  const sizes: string[] = [];
  for (const name of names) {
    const outDir = join(outRoot, name);
    mkdirSync(outDir, { recursive: true });
    const started = Date.now();
    const dependencies = FUNCTIONS[name]?.dependencies ?? [];
    const versionOf = (pkg: string) =>
      (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    await build({
      entryPoints: [join(sourceRoot, name, 'index.ts')],
      outfile: join(outDir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: ESBUILD_TARGET,
      format: 'cjs',
      external: ['wx-server-sdk', ...dependencies],
      // pdfkit's ESM build (picked for an `import`) reads its data files through import.meta.url, which a CommonJS bundle lacks
      alias: { pdfkit: require.resolve('pdfkit') },
      minify: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    writeFileSync(
      join(outDir, 'package.json'),
      JSON.stringify(
        {
          name,
          version: '1.0.0',
          private: true,
          main: 'index.js',
          dependencies: { 'wx-server-sdk': sdkVersion, ...Object.fromEntries(dependencies.map((d) => [d, versionOf(d)])) },
        },
        null,
        2,
      ),
    );
    const config = join(sourceRoot, name, 'config.json');
    if (existsSync(config)) copyFileSync(config, join(outDir, 'config.json'));
    // the poster function draws Chinese with Noto Sans CJK (Debian fonts-noto-cjk): the font files go beside its bundle
    if (name === 'poster') copyPosterFonts(join(outDir, 'fonts'));
    sizes.push(`${name}: ${(statSync(join(outDir, 'index.js')).size / 1024).toFixed(1)} KB in ${Date.now() - started} ms`);
  }
  writeFileSync(join(buildRoot, 'database.json'), JSON.stringify({ collections: COLLECTIONS }, null, 2));
  writeFileSync(join(buildRoot, 'storage-rule.json'), JSON.stringify(STORAGE_RULE, null, 2) + '\n');
  writeFileSync(join(buildRoot, 'cloudbaserc.json'), JSON.stringify(rc, null, 2) + '\n');
  console.log(`bundled ${sizes.length} cloud functions into ${outRoot}`);
  for (const line of sizes) console.log(`  ${line}`);
  console.log(
    `wrote build/cloudbaserc.json (envId ${rc.envId}, ${rc.functions.length} functions, ${COLLECTIONS.length} collections), build/database.json and build/storage-rule.json`,
  );
}

if (require.main === module) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
