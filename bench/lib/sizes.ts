/**
 * Sizes of the client builds: the weapp main package (what WeChat limits) and the H5 entry (what a
 * phone downloads before the first page renders). Builds them first when missing.
 */
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative, sep } from 'path';
import { gzipSync } from 'zlib';
import { ROOT } from './proc';

export interface FileSize {
  file: string;
  bytes: number;
}

export interface WeappSize {
  /** bytes of every file under dist/ outside the subpackage roots */
  mainBytes: number;
  files: number;
  subpackageRoots: string[];
  subpackageBytes: number;
  largest: FileSize[];
  builtAt: string;
}

export interface H5Size {
  /** index.html plus the scripts and stylesheets it loads */
  entryBytes: number;
  entryGzipBytes: number;
  files: FileSize[];
  builtAt: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Run `npm run <script>` when `marker` is missing (its output is shown only if it fails); returns whether it built. */
export function ensureBuilt(script: string, marker: string): boolean {
  if (existsSync(join(ROOT, marker))) return false;
  console.log(`  ${marker} is missing: npm run ${script} …`);
  const started = Date.now();
  const r = spawnSync('npm', ['run', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 });
  if (r.status !== 0 || !existsSync(join(ROOT, marker))) {
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').slice(-40).join('\n');
    throw new Error(`npm run ${script} failed (${r.error?.message ?? `exit ${r.status}`}):\n${output}`);
  }
  console.log(`  built in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

export function weappSize(): WeappSize {
  const dist = join(ROOT, 'dist');
  const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as {
    subPackages?: Array<{ root: string }>;
    subpackages?: Array<{ root: string }>;
  };
  const roots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((p) => p.root.replace(/^\/+|\/+$/g, ''));
  const inSubpackage = (rel: string) => roots.some((root) => rel === root || rel.startsWith(root + '/'));
  let mainBytes = 0;
  let subpackageBytes = 0;
  const main: FileSize[] = [];
  for (const file of walk(dist)) {
    const rel = relative(dist, file).split(sep).join('/');
    const bytes = statSync(file).size;
    if (inSubpackage(rel)) subpackageBytes += bytes;
    else {
      mainBytes += bytes;
      main.push({ file: rel, bytes });
    }
  }
  main.sort((a, b) => b.bytes - a.bytes);
  return { mainBytes, files: main.length, subpackageRoots: roots, subpackageBytes, largest: main.slice(0, 5), builtAt: statSync(join(dist, 'app.json')).mtime.toISOString() };
}

export function h5Size(): H5Size {
  const dir = join(ROOT, 'dist-h5');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*>/g)) {
    const tag = m[0];
    const href = /\bhref="([^"]+)"/.exec(tag)?.[1];
    if (href && /\brel="?stylesheet"?/.test(tag)) refs.add(href);
  }
  const files: FileSize[] = [{ file: 'index.html', bytes: Buffer.byteLength(html) }];
  let gzip = gzipSync(html).length;
  for (const ref of refs) {
    if (/^(https?:)?\/\//.test(ref)) continue; // external: not part of the build
    const rel = ref.replace(/^\/+/, '').split(/[?#]/)[0];
    const path = join(dir, rel);
    if (!existsSync(path)) throw new Error(`dist-h5/index.html loads ${ref}, which is not in dist-h5/`);
    const content = readFileSync(path);
    files.push({ file: rel, bytes: content.length });
    gzip += gzipSync(content).length;
  }
  return {
    entryBytes: files.reduce((n, f) => n + f.bytes, 0),
    entryGzipBytes: gzip,
    files,
    builtAt: statSync(join(dir, 'index.html')).mtime.toISOString(),
  };
}
