/**
 * `npm run build:cloud`: bundles each cloud function into build/cloudfunctions/<name>/ for
 * deployment (esbuild, node, CommonJS, wx-server-sdk left external and pinned in its own
 * package.json), copies its config.json (timer triggers), and writes build/database.json with every
 * collection and index for the CloudBase console or CLI.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'fs';
import { join, resolve } from 'path';
import { COLLECTIONS } from '../cloudfunctions/common/collections';

const root = resolve(__dirname, '..');
const sourceRoot = join(root, 'cloudfunctions');
const outRoot = join(root, 'build', 'cloudfunctions');
const sdkVersion = (JSON.parse(readFileSync(join(root, 'node_modules/wx-server-sdk/package.json'), 'utf8')) as { version: string }).version;

/** A function is a folder of cloudfunctions/ with an index.ts; `common` is shared code. */
export function functionNames(): string[] {
  return readdirSync(sourceRoot).filter((name) => {
    const dir = join(sourceRoot, name);
    return statSync(dir).isDirectory() && name !== 'common' && existsSync(join(dir, 'index.ts'));
  });
}

async function run(): Promise<void> {
  rmSync(outRoot, { recursive: true, force: true });
  const sizes: string[] = [];
  for (const name of functionNames()) {
    const outDir = join(outRoot, name);
    mkdirSync(outDir, { recursive: true });
    const started = Date.now();
    await build({
      entryPoints: [join(sourceRoot, name, 'index.ts')],
      outfile: join(outDir, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node16',
      format: 'cjs',
      external: ['wx-server-sdk'],
      minify: false,
      legalComments: 'none',
      logLevel: 'warning',
    });
    writeFileSync(
      join(outDir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': sdkVersion } }, null, 2),
    );
    const config = join(sourceRoot, name, 'config.json');
    if (existsSync(config)) copyFileSync(config, join(outDir, 'config.json'));
    sizes.push(`${name}: ${(statSync(join(outDir, 'index.js')).size / 1024).toFixed(1)} KB in ${Date.now() - started} ms`);
  }
  writeFileSync(join(root, 'build', 'database.json'), JSON.stringify({ collections: COLLECTIONS }, null, 2));
  console.log(`bundled ${sizes.length} cloud functions into ${outRoot}`);
  for (const line of sizes) console.log(`  ${line}`);
}

if (require.main === module) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
