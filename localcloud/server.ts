/**
 * The local cloud: the real cloud functions and the real wx-server-sdk over an embedded durable
 * database, an HTTP endpoint per function with identity from a signed session, and the H5 build.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { join } from 'path';
import { COLLECTIONS, Collections } from '../cloudfunctions/common/collections';
import { activeDeskSession, type DeskPollView, type DeskSessionDoc } from '../src/domain/desk';
import { getDb } from '../cloudfunctions/common/cloud';
import { now } from '../cloudfunctions/common/clock';
import { findShapeProblem, TOO_DEEP_MESSAGE } from '../cloudfunctions/common/eventShape';
import { err, type Result } from '../src/domain/errors';
import { DocumentStore } from './db/store';
import { initLocalSdk, installLocalTransport, type Latency } from './db/transport';
import { checkDemoBinding } from './demoMode';
import { FUNCTIONS, TIMER_ONLY, TIMERS } from './functions';
import { readJsonObject } from './http/body';
import { answerClientError, sendJson, sendRefusal } from './http/respond';
import { serveStatic } from './http/static';
import { handleStorage, isStoragePath } from './http/storage';
import { runAsCaller } from './identity';
import { loadOrCreateKeys } from './keys';
import { isPersonaName, PERSONAS } from './personas';
import { isEmpty, seedDemo, type DemoInfo } from './seed';
import { SessionSigner } from './session';
import { installLocalStorage, LocalStorage } from './storage';
import { setScanBaseUrl } from '../cloudfunctions/poster/qrImage';

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
  /** persona login (anyone may choose any demo identity); default: GRIDLINK_DEMO=1 in the environment */
  demo?: boolean;
  /** demo mode on a non-loopback host; default: GRIDLINK_DEMO_PUBLIC=1 in the environment */
  allowPublicDemo?: boolean;
  /** latency mode: each database request answered after a delay in this range; default GRIDLINK_DB_LATENCY_MS */
  dbLatency?: Latency | null;
  /** where clients reach this server (signed file URLs point there); default PUBLIC_URL, else the listening address */
  publicUrl?: string;
}

export interface LocalCloud {
  url: string;
  port: number;
  /** the seeded demo community (places, codes), if any */
  demo: DemoInfo | null;
  /** whether persona login is on */
  demoMode: boolean;
  store: DocumentStore;
  /** call a function as `openid` without HTTP (function tests) */
  invoke(name: string, event: unknown, openid: string | null): Promise<Result<unknown>>;
  /** fire a timer trigger now, as WeChat would (no caller identity) */
  fireTimer(name: string): Promise<Result<unknown>>;
  close(): Promise<void>;
}

const LOCAL_APPID = 'wx_local_cloud';

/** Open the database and install the SDK transport; shared by the server, tests and benchmarks. */
export function openLocalDatabase(
  dataDir: string,
  durability: 'normal' | 'full' = 'normal',
  latency?: Latency | null,
): { store: DocumentStore; uninstall: () => void } {
  loadOrCreateKeys(dataDir);
  initLocalSdk();
  const store = new DocumentStore({ file: join(dataDir, 'gridlink.sqlite'), collections: COLLECTIONS, durability });
  const uninstall = installLocalTransport(store, latency === undefined ? {} : { latency });
  return { store, uninstall };
}

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const host = opts.host ?? '127.0.0.1';
  const demoMode = opts.demo ?? process.env.GRIDLINK_DEMO === '1';
  // refused before anything is created on disk
  const warning = checkDemoBinding({ demo: demoMode, host, allowPublic: opts.allowPublicDemo ?? process.env.GRIDLINK_DEMO_PUBLIC === '1' });
  if (warning) console.warn(warning);

  const keys = loadOrCreateKeys(opts.dataDir);
  const { store, uninstall } = openLocalDatabase(opts.dataDir, opts.durability, opts.dbLatency);
  const db = getDb();
  const demoFile = join(opts.dataDir, 'demo.json');
  let demo: DemoInfo | null = existsSync(demoFile) ? (JSON.parse(readFileSync(demoFile, 'utf8')) as DemoInfo) : null;
  if (opts.seed !== false && (await isEmpty(db))) {
    demo = await seedDemo(db);
    writeFileSync(demoFile, JSON.stringify(demo, null, 2));
  }
  const sessions = new SessionSigner(keys.SESSION_SECRET, demoMode);
  // cloud storage under the data dir, answering the real SDK's storage calls; URLs signed with the session secret
  const storage = new LocalStorage(join(opts.dataDir, 'storage'), keys.SESSION_SECRET, () => now().getTime());
  const uninstallStorage = installLocalStorage(storage);
  /** The caller a bearer token stands for: a demo persona (demo mode only) or an open desk session. */
  const callerOfToken = (token: string | undefined): string | null => {
    const persona = sessions.verify(token);
    if (persona) return persona.openid;
    const at = now();
    const desk = sessions.verifyDesk(token, at.getTime());
    if (!desk) return null;
    const [record] = store.find(Collections.deskSessions, { _id: desk.sessionId }, { limit: 1 }) as unknown as DeskSessionDoc[];
    const open = activeDeskSession(record ?? null, at);
    return open && open.staffOpenid === desk.openid ? open.staffOpenid : null;
  };
  const callerOf = (req: IncomingMessage): string | null => {
    const auth = req.headers.authorization;
    return callerOfToken(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
  };
  const h5Dir = opts.h5Dir ?? 'dist-h5';

  const invoke = (name: string, event: unknown, openid: string | null): Promise<Result<unknown>> => {
    const main = FUNCTIONS.get(name);
    if (!main) return Promise.resolve(err('NOT_FOUND', `云函数不存在：${name}`));
    // the JSON round trip below recurses: refuse what would overflow it (HTTP bodies are checked earlier)
    if (findShapeProblem(event ?? null, { numbers: false })) return Promise.resolve(err('BAD_REQUEST', TOO_DEEP_MESSAGE));
    // Events cross the platform as JSON: nothing but plain data reaches a function (as on WeChat,
    // a non-finite number arrives as null; the HTTP layer refuses those before they get here).
    const plain: unknown = JSON.parse(JSON.stringify(event ?? null));
    return runAsCaller(openid, LOCAL_APPID, () => main(plain));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[localcloud] request failed:', e);
      if (!res.headersSent) sendJson(res, 500, err('INTERNAL'));
    });
  });
  server.on('clientError', answerClientError);

  /** Allowed methods of each API route; any other /api/ path does not exist. */
  const API_METHODS: Record<string, readonly string[]> = {
    '/api/health': ['GET', 'HEAD'],
    '/api/personas': ['GET'],
    '/api/login': ['POST'],
    '/api/desk/ticket': ['POST'],
    '/api/desk/poll': ['POST'],
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseTarget(req.url);
    if (!target) return sendJson(res, 400, err('BAD_REQUEST', '请求地址格式不正确'));
    const path = target.pathname;
    if (isStoragePath(path)) return handleStorage(req, res, target, storage, callerOf);
    if (path.startsWith('/api/')) return handleApi(req, res, path, target.search);
    const qr = /^\/q\/([A-Za-z0-9]{1,16})$/.exec(path);
    if (qr && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(302, { Location: `/#/pages/report/index?code=${encodeURIComponent(qr[1])}` });
      return void res.end();
    }
    if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(req, res, h5Dir, path);
    return sendJson(res, 405, err('BAD_REQUEST', '请求方法不正确'), { Allow: 'GET, HEAD' });
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string, search: string): Promise<void> {
    const fn = /^\/api\/functions\/([A-Za-z0-9_-]+)$/.exec(path);
    const allowed = fn ? ['POST'] : Object.prototype.hasOwnProperty.call(API_METHODS, path) ? API_METHODS[path] : null;
    if (allowed === null) return sendJson(res, 404, err('NOT_FOUND', '接口不存在'));
    if (!allowed.includes(req.method ?? '')) return sendJson(res, 405, err('BAD_REQUEST', '请求方法不正确'), { Allow: allowed.join(', ') });
    // nothing but the body (and the session) reaches a function or the login
    if (search !== '') return sendJson(res, 400, err('BAD_REQUEST', '接口不接受查询参数'));
    if (fn) return handleFunction(req, res, fn[1]);
    if (path === '/api/health') return sendJson(res, 200, { ok: true, data: { status: 'up' } });
    // the desk console's sign-in works in every mode: a staff member confirms it on their phone
    if (path === '/api/desk/ticket' || path === '/api/desk/poll') return handleDeskSignIn(req, res, path);

    if (!demoMode) return sendJson(res, 403, err('DEMO_MODE_OFF'));
    if (path === '/api/personas') {
      return sendJson(res, 200, { ok: true, data: Object.values(PERSONAS).map(({ persona, displayName, role }) => ({ persona, displayName, role })) });
    }
    const body = await readJsonObject(req);
    if (!body.ok) return sendRefusal(res, body.refusal);
    const persona = body.value.persona;
    if (!isPersonaName(persona)) return sendJson(res, 400, err('BAD_REQUEST', '请选择一个演示身份'));
    const p = PERSONAS[persona];
    return sendJson(res, 200, { ok: true, data: { token: sessions.issue(p), openid: p.openid, persona: p.persona, displayName: p.displayName } });
  }

  /** The desk page, before anyone signed in: a ticket, then polls; a confirmed poll gets the desk session's token. */
  async function handleDeskSignIn(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const body = await readJsonObject(req);
    if (!body.ok) return sendRefusal(res, body.refusal);
    if (path === '/api/desk/ticket') return sendJson(res, 200, await invoke('desk', { action: 'createTicket', payload: body.value }, null));
    const polled = await invoke('desk', { action: 'poll', payload: body.value }, null);
    if (!polled.ok) return sendJson(res, 400, polled);
    const view = polled.data as DeskPollView;
    if (view.status !== 'confirmed') return sendJson(res, 200, polled);
    const token = sessions.issueDesk(view.sessionId, view.openid, new Date(view.expiresAt).getTime());
    return sendJson(res, 200, { ok: true, data: { ...view, token } });
  }

  async function handleFunction(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const auth = req.headers.authorization;
    // without demo mode no persona session verifies: a persona token from an earlier demo is worthless here
    const openid = callerOfToken(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined);
    if (!openid) {
      const message = demoMode ? '登录已失效，请重新登录' : '本地云未开启演示模式，演示身份的登录已失效';
      return sendJson(res, 401, err('UNAUTHENTICATED', message));
    }
    if (!FUNCTIONS.has(name)) return sendJson(res, 404, err('NOT_FOUND', `云函数不存在：${name}`));
    if (TIMER_ONLY.has(name)) return sendJson(res, 403, err('FORBIDDEN', '定时任务只能由定时触发器运行'));
    const event = await readJsonObject(req);
    if (!event.ok) return sendRefusal(res, event.refusal);
    return sendJson(res, 200, await invoke(name, event.value, openid));
  }

  const fireTimer = (name: string) => invoke(name, { Type: 'Timer', TriggerName: 'local', Time: new Date().toISOString() }, null);
  const timers = opts.timers === false ? [] : TIMERS.map((t) => setInterval(() => void fireTimer(t.name), t.everyMs));

  await new Promise<void>((ok) => server.listen(opts.port ?? 8787, host, ok));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  storage.setBaseUrl(opts.publicUrl ?? process.env.PUBLIC_URL ?? url);
  // the address a poster's URL QR opens
  setScanBaseUrl(opts.publicUrl ?? process.env.PUBLIC_URL ?? url);

  return {
    url,
    port,
    demo,
    demoMode,
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
      uninstallStorage();
      store.close();
    },
  };
}

/**
 * The request target in origin form (`/path?query`). Absolute and authority forms are for
 * proxies, and an unparsable one (`http://[`) would make `new URL` throw: both are refused.
 */
function parseTarget(raw: string | undefined): URL | null {
  if (!raw || !raw.startsWith('/')) return null;
  try {
    // concatenated, not resolved against a base: `//host/x` must stay a path, not become a host
    return new URL(`http://local${raw}`);
  } catch {
    return null;
  }
}
