/**
 * The local cloud: the real cloud functions and the real wx-server-sdk over an embedded durable
 * database, an HTTP endpoint per function with identity from a signed session, and the H5 build.
 */
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { extname, join, normalize, resolve } from 'path';
import { COLLECTIONS } from '../cloudfunctions/common/collections';
import { getDb } from '../cloudfunctions/common/cloud';
import { err, type Result } from '../src/domain/errors';
import { DocumentStore } from './db/store';
import { initLocalSdk, installLocalTransport } from './db/transport';
import { FUNCTIONS, TIMERS } from './functions';
import { runAsCaller } from './identity';
import { loadOrCreateKeys } from './keys';
import { isPersonaName, PERSONAS } from './personas';
import { isEmpty, seedDemo, type DemoInfo } from './seed';
import { SessionSigner } from './session';

export interface LocalCloudOptions {
  dataDir: string;
  /** 0 picks a free port */
  port?: number;
  host?: string;
  /** folder of the H5 build to serve at `/` */
  h5Dir?: string;
  /** seed demo data when the database is empty (default true) */
  seed?: boolean;
  durability?: 'normal' | 'full';
  /** run timer-triggered functions on the local clock (default true; tests trigger them by hand) */
  timers?: boolean;
}

export interface LocalCloud {
  url: string;
  port: number;
  demo: DemoInfo | null;
  store: DocumentStore;
  /** call a function as `openid` without HTTP (function tests) */
  invoke(name: string, event: unknown, openid: string | null): Promise<Result<unknown>>;
  /** fire a timer trigger now, as WeChat would (no caller identity) */
  fireTimer(name: string): Promise<Result<unknown>>;
  close(): Promise<void>;
}

const LOCAL_APPID = 'wx_local_cloud';
/** Bodies above this are refused before parsing; functions enforce their own, smaller limit. */
const MAX_BODY_BYTES = 1024 * 1024;

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

/** Open the database and install the SDK transport; shared by the server, tests and benchmarks. */
export function openLocalDatabase(dataDir: string, durability: 'normal' | 'full' = 'normal'): { store: DocumentStore; uninstall: () => void } {
  loadOrCreateKeys(dataDir);
  initLocalSdk();
  const store = new DocumentStore({ file: join(dataDir, 'gridlink.sqlite'), collections: COLLECTIONS, durability });
  const uninstall = installLocalTransport(store);
  return { store, uninstall };
}

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const keys = loadOrCreateKeys(opts.dataDir);
  const { store, uninstall } = openLocalDatabase(opts.dataDir, opts.durability);
  const db = getDb();
  const demoFile = join(opts.dataDir, 'demo.json');
  let demo: DemoInfo | null = existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, 'utf8')) as DemoInfo) : null;
  if (opts.seed !== false && (await isEmpty(db))) {
    demo = await seedDemo(db);
    writeFileSync(demoFile, JSON.stringify(demo, null, 2));
  }
  const sessions = new SessionSigner(keys.SESSION_SECRET);

  const invoke = (name: string, event: unknown, openid: string | null): Promise<Result<unknown>> => {
    const main = FUNCTIONS[name];
    if (!main) return Promise.resolve(err('NOT_FOUND', `云函数不存在：${name}`));
    // Events cross the platform as JSON: nothing but plain data reaches a function.
    const plain: unknown = JSON.parse(JSON.stringify(event ?? null));
    return runAsCaller(openid, LOCAL_APPID, () => main(plain));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[localcloud] request failed:', e);
      if (!res.headersSent) sendJson(res, 500, err('INTERNAL'));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    const path = url.pathname;
    if (path === '/api/health') return sendJson(res, 200, { ok: true, data: { status: 'up' } });
    if (path === '/api/personas' && req.method === 'GET') {
      return sendJson(res, 200, { ok: true, data: Object.values(PERSONAS).map(({ persona, displayName, role }) => ({ persona, displayName, role })) });
    }
    if (path === '/api/login' && req.method === 'POST') {
      const body = await readJson(req);
      const persona = (body as { persona?: unknown } | null)?.persona;
      if (!isPersonaName(persona)) return sendJson(res, 400, err('BAD_REQUEST', '请选择一个演示身份'));
      const p = PERSONAS[persona];
      return sendJson(res, 200, { ok: true, data: { token: sessions.issue(p), openid: p.openid, persona: p.persona, displayName: p.displayName } });
    }
    const fn = /^\/api\/functions\/([A-Za-z0-9_-]+)$/.exec(path);
    if (fn && req.method === 'POST') {
      const auth = req.headers.authorization;
      const persona = sessions.verify(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
      if (!persona) return sendJson(res, 401, err('UNAUTHENTICATED', '登录已失效，请重新登录'));
      const event = await readJson(req);
      if (event === TOO_LARGE) return sendJson(res, 413, err('PAYLOAD_TOO_LARGE'));
      if (event === null) return sendJson(res, 400, err('BAD_REQUEST'));
      return sendJson(res, 200, await invoke(fn[1], event, persona.openid));
    }
    const qr = /^\/q\/([A-Za-z0-9]{1,16})$/.exec(path);
    if (qr && req.method === 'GET') {
      res.writeHead(302, { Location: `/#/pages/report/index?code=${encodeURIComponent(qr[1])}` });
      return void res.end();
    }
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(res, path);
    return sendJson(res, 404, err('NOT_FOUND'));
  }

  function serveStatic(res: ServerResponse, path: string): void {
    const root = resolve(opts.h5Dir ?? 'dist-h5');
    const file = normalize(join(root, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      if (path === '/favicon.ico') return void res.writeHead(204).end();
      if (path === '/') {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        return void res.end('H5 页面尚未构建：请先运行 npm run build:h5');
      }
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('not found');
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600',
    });
    createReadStream(file).pipe(res);
  }

  const fireTimer = (name: string) => invoke(name, { Type: 'Timer', TriggerName: 'local', Time: new Date().toISOString() }, null);
  const timers = opts.timers === false ? [] : TIMERS.map((t) => setInterval(() => void fireTimer(t.name), t.everyMs));

  await new Promise<void>((ok) => server.listen(opts.port ?? 8787, opts.host ?? '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${opts.host ?? '127.0.0.1'}:${port}`;

  return {
    url,
    port,
    demo,
    store,
    invoke,
    fireTimer,
    async close() {
      timers.forEach(clearInterval);
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
      uninstall();
      store.close();
    },
  };
}

const TOO_LARGE = Symbol('too large');

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES && !done) {
        done = true;
        ok(TOO_LARGE);
      }
      if (!done) chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      try {
        ok(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        ok(null);
      }
    });
    req.on('error', fail);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
