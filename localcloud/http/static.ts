/**
 * The H5 build as static files. Only files inside its folder are served: the data dir (keys,
 * database) usually sits right beside it, so a path must not reach out by `..` segments (encoded or
 * not), backslashes, NUL bytes, a sibling whose name starts with the folder's, or a symlink.
 */
import { createReadStream, realpathSync, statSync } from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import { extname, resolve, sep } from 'path';
import { err } from '../../src/domain/errors';
import { sendJson } from './respond';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** `file` is `root` or below it (a plain prefix test would let `<root>-old/x` through). */
export function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The decoded path, or null if it is malformed or tries to leave the folder. */
export function decodeStaticPath(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null; // malformed percent-encoding (`/%zz`, a cut UTF-8 sequence)
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  return decoded;
}

/** The real path of a regular file inside `root`, or null. */
function locate(root: string, decoded: string): string | null {
  const file = resolve(root, `.${decoded}`);
  if (!isInside(root, file)) return null;
  try {
    // a symlink inside the build may point anywhere: judge where it leads, not where it sits
    const real = realpathSync(file);
    if (!isInside(realpathSync(root), real)) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null; // missing, or a name the file system refuses (too long…)
  }
}

export function serveStatic(req: IncomingMessage, res: ServerResponse, h5Dir: string, pathname: string): void {
  const root = resolve(h5Dir);
  const decoded = decodeStaticPath(pathname);
  if (decoded === null) return sendJson(res, 400, err('BAD_REQUEST', '页面地址格式不正确'));
  const file = locate(root, decoded === '/' ? '/index.html' : decoded);
  if (!file) {
    if (pathname === '/favicon.ico') return void res.writeHead(204).end();
    if (pathname === '/') {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('H5 页面尚未构建：请先运行 npm run build:h5');
    }
    return sendJson(res, 404, err('NOT_FOUND', '页面或文件不存在'));
  }
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') return void res.end();
  // a file removed between stat and read must not crash the process (an unhandled stream error)
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
