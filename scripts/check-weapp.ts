/**
 * WeChat's own offline checks on the real weapp build (`dist/`, from `npm run build:weapp`), with
 * miniprogram-ci — the compiler and checker of WeChat DevTools as a package:
 * - `checkCodeQuality`: DevTools' 代码质量 panel (main package size, JS/WXML/WXSS compression,
 *   lazyCodeLoading, images and audio, code only a subpackage uses, unused plugins, components
 *   and files);
 * - `analyseCode`: every file of the package with its size and subpackage, summed here per package.
 * Both work offline: miniprogram-ci's Project wants an AppID and a private key file, and a key made
 * here (thrown away afterwards) with the AppID of dist/project.config.json (`touristappid` is fine)
 * is enough. `upload` and `preview` need WeChat's servers and are not used.
 *
 * `npm run check:weapp` prints the checks and the sizes and exits 1 when a check fails
 * (`--json <file>` also writes the report). miniprogram-ci leaves file watchers running, so it only
 * ever runs in a process of its own: other code (the weapp test, the bench) calls `checkWeapp()`,
 * which runs this script as a child and reads its report.
 */
import { spawn } from 'child_process';
import { generateKeyPairSync } from 'crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '..');
const DIST = join(ROOT, 'dist');

export interface WeappCheck {
  /** miniprogram-ci's rule name, e.g. JS_COMPRESS_OPEN */
  name: string;
  success: boolean;
  text: string;
}

export interface WeappPackage {
  /** 'main' or the subpackage root, e.g. 'staff/' */
  name: string;
  bytes: number;
  files: number;
}

export interface WeappReport {
  appid: string;
  checks: WeappCheck[];
  /** main first, then each subpackage */
  packages: WeappPackage[];
  totalBytes: number;
  ms: number;
}

/** The rule names today's miniprogram-ci (2.1.42) checks a mini-program against. */
export const EXPECTED_CHECKS = [
  'PACKAGE_SIZE_LIMIT',
  'JS_COMPRESS_OPEN',
  'WXML_COMPRESS_OPEN',
  'WXSS_COMPRESS_OPEN',
  'LAZYCODE_LOADING_OPEN',
  'IMAGE_AND_AUDIO_LIMIT',
  'CONTAINS_OTHER_PKG_JS',
  'CONTAINS_OTHER_PKG_COMPONENTS',
  'CONTAINS_UNUSED_PLUGINS',
  'CONTAINS_UNUSED_COMPONENTS',
  'CONTAINS_UNUSED_CODES',
] as const;

interface CiModule {
  Project: new (options: {
    appid: string;
    type: 'miniProgram';
    projectPath: string;
    privateKeyPath: string;
    ignores?: string[];
  }) => unknown;
  checkCodeQuality(project: unknown): Promise<Array<{ name?: string; success?: boolean; text?: string }>>;
  analyseCode(
    project: unknown,
    option?: { silent: boolean },
  ): Promise<{ files: Array<{ path: string; size: number; subPackage: string | null }> } | undefined>;
}

/** Runs both verbs on a copy of `dist` (so a rebuild meanwhile cannot change what is read). In-process: see the header. */
async function runChecks(dist: string): Promise<WeappReport> {
  if (!existsSync(join(dist, 'app.json'))) throw new Error(`${dist}/app.json is missing: run npm run build:weapp first`);
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'gridlink-check-weapp-'));
  try {
    const projectPath = join(tmp, 'dist');
    cpSync(dist, projectPath, { recursive: true });
    const keyPath = join(tmp, 'private.key');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
    const config = JSON.parse(readFileSync(join(projectPath, 'project.config.json'), 'utf8')) as { appid?: string };
    const appid = config.appid || 'touristappid';

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ci = require('miniprogram-ci') as CiModule;
    const project = new ci.Project({ appid, type: 'miniProgram', projectPath, privateKeyPath: keyPath, ignores: ['node_modules/**/*'] });
    const quality = await ci.checkCodeQuality(project);
    const analysis = await ci.analyseCode(project, { silent: true });
    if (!analysis) throw new Error('miniprogram-ci analyseCode returned nothing');

    const byPackage = new Map<string, WeappPackage>([['main', { name: 'main', bytes: 0, files: 0 }]]);
    for (const f of analysis.files) {
      const name = f.subPackage ?? 'main';
      const p = byPackage.get(name) ?? { name, bytes: 0, files: 0 };
      p.bytes += f.size;
      p.files += 1;
      byPackage.set(name, p);
    }
    const packages = [...byPackage.values()].sort((a, b) =>
      a.name === 'main' ? -1 : b.name === 'main' ? 1 : a.name.localeCompare(b.name),
    );
    return {
      appid,
      checks: quality.map((q) => ({ name: q.name ?? '?', success: q.success === true, text: q.text ?? '' })),
      packages,
      totalBytes: packages.reduce((n, p) => n + p.bytes, 0),
      ms: Date.now() - started,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The report as lines for a terminal. */
export function formatReport(r: WeappReport): string[] {
  const failed = r.checks.filter((c) => !c.success);
  return [
    `WeChat code quality (miniprogram-ci checkCodeQuality, AppID ${r.appid}): ${r.checks.length - failed.length}/${r.checks.length} pass`,
    ...r.checks.map((c) => `  ${c.success ? '✓' : '✗'} ${c.name.padEnd(30)} ${c.success ? '' : c.text}`.trimEnd()),
    `package sizes (miniprogram-ci analyseCode):`,
    ...r.packages.map(
      (p) =>
        `  ${(p.name === 'main' ? 'main package' : `subpackage ${p.name}`).padEnd(22)} ${kb(p.bytes).padStart(10)} in ${p.files} files`,
    ),
    `  ${'total'.padEnd(22)} ${kb(r.totalBytes).padStart(10)}`,
  ];
}

/**
 * The checks and sizes of `dist`, run in a child process (miniprogram-ci keeps watchers open).
 * Resolves with the report whether or not the checks pass; rejects when they could not run.
 */
export function checkWeapp(dist: string = DIST): Promise<WeappReport> {
  const tmp = mkdtempSync(join(tmpdir(), 'gridlink-check-weapp-report-'));
  const out = join(tmp, 'report.json');
  return new Promise<WeappReport>((resolvePromise, reject) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [__filename, '--dist', dist, '--json', out, '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 5 * 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        if (!existsSync(out)) throw new Error(`check-weapp wrote no report (exit ${code}):\n${output.slice(-4000)}`);
        resolvePromise(JSON.parse(readFileSync(out, 'utf8')) as WeappReport);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const dist = resolve(opt('--dist') ?? DIST);
  const json = opt('--json');
  const report = await runChecks(dist);
  if (json) writeFileSync(json, JSON.stringify(report, null, 2));
  if (!args.includes('--quiet')) for (const line of formatReport(report)) console.log(line);
  // miniprogram-ci's watchers would keep the process alive
  process.exit(report.checks.every((c) => c.success) ? 0 : 1);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(2);
  });
}
