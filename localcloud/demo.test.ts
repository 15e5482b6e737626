/**
 * Demo mode: choosing a persona is the whole of the local cloud's login, so it exists only when
 * the operator asked for a demo (GRIDLINK_DEMO=1), and a demo on a public address needs a second switch.
 */
import { createHmac } from 'crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from './server';

type Reply = { status: number; body: { ok: boolean; code?: string; message?: string; data?: unknown } };

async function call(cloud: LocalCloud, method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<Reply> {
  const res = await fetch(`${cloud.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Reply['body'] };
}

let base: string;
const started: LocalCloud[] = [];
let savedEnv: Record<string, string | undefined>;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'gridlink-demo-'));
  savedEnv = { GRIDLINK_DEMO: process.env.GRIDLINK_DEMO, GRIDLINK_DEMO_PUBLIC: process.env.GRIDLINK_DEMO_PUBLIC };
  delete process.env.GRIDLINK_DEMO;
  delete process.env.GRIDLINK_DEMO_PUBLIC;
});
afterEach(async () => {
  while (started.length) await started.pop()!.close();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  jest.restoreAllMocks();
  rmSync(base, { recursive: true, force: true });
});

async function start(opts: Partial<LocalCloudOptions>, dataDir = join(base, 'data')): Promise<LocalCloud> {
  const cloud = await startLocalCloud({ dataDir, port: 0, h5Dir: join(base, 'no-h5'), timers: false, ...opts });
  started.push(cloud);
  return cloud;
}

async function stop(cloud: LocalCloud): Promise<void> {
  started.splice(started.indexOf(cloud), 1);
  await cloud.close();
}

describe('demo mode off (the default without GRIDLINK_DEMO=1)', () => {
  it('refuses persona login and the persona list with DEMO_MODE_OFF (403)', async () => {
    const cloud = await start({ demo: false });
    expect(cloud.demoMode).toBe(false);
    const login = await call(cloud, 'POST', '/api/login', { persona: 'admin' });
    expect(login.status).toBe(403);
    expect(login.body).toMatchObject({ ok: false, code: 'DEMO_MODE_OFF' });
    expect(login.body.message).toContain('GRIDLINK_DEMO=1');
    expect(JSON.stringify(login.body)).not.toContain('token');
    const personas = await call(cloud, 'GET', '/api/personas');
    expect(personas.status).toBe(403);
    expect(personas.body).toMatchObject({ ok: false, code: 'DEMO_MODE_OFF' });
  });

  it('is off unless the environment says GRIDLINK_DEMO=1', async () => {
    process.env.GRIDLINK_DEMO = 'true';
    const cloud = await start({});
    expect(cloud.demoMode).toBe(false);
    expect((await call(cloud, 'POST', '/api/login', { persona: 'admin' })).status).toBe(403);
  });

  it('refuses a session a demo-mode server issued with the same keys on the same data dir', async () => {
    const demo = await start({ demo: true });
    const login = await call(demo, 'POST', '/api/login', { persona: 'admin' });
    const token = (login.body.data as { token: string }).token;
    expect((await call(demo, 'POST', '/api/functions/report', { action: 'myHousehold', payload: {} }, token)).body.ok).toBe(true);
    await stop(demo);

    const plain = await start({ demo: false });
    const res = await call(plain, 'POST', '/api/functions/report', { action: 'myHousehold', payload: {} }, token);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});

describe('demo mode on', () => {
  it('accepts only sessions that say they are demo sessions', async () => {
    const dataDir = join(base, 'data');
    const cloud = await start({ demo: true }, dataDir);
    const { SESSION_SECRET } = JSON.parse(readFileSync(join(dataDir, 'keys.json'), 'utf8')) as { SESSION_SECRET: string };
    const sign = (claims: unknown) => {
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${body}.${createHmac('sha256', SESSION_SECRET).update(body).digest('base64url')}`;
    };
    const exp = Date.now() + 60_000;
    const event = { action: 'myHousehold', payload: {} };
    expect((await call(cloud, 'POST', '/api/functions/report', event, sign({ persona: 'admin', mode: 'demo', exp }))).status).toBe(200);
    for (const claims of [{ persona: 'admin', exp }, { persona: 'admin', mode: 'real', exp }, null, [], 'admin']) {
      const res = await call(cloud, 'POST', '/api/functions/report', event, sign(claims));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('lists the personas and logs in as one', async () => {
    const cloud = await start({ demo: true });
    expect(cloud.demoMode).toBe(true);
    const personas = await call(cloud, 'GET', '/api/personas');
    expect(personas.status).toBe(200);
    expect(personas.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ persona: 'resident', displayName: '居民 张先生' })]),
    );
    const login = await call(cloud, 'POST', '/api/login', { persona: 'resident' });
    expect(login.status).toBe(200);
    const token = (login.body.data as { token: string }).token;
    expect((await call(cloud, 'POST', '/api/functions/report', { action: 'myHousehold', payload: {} }, token)).body).toEqual({
      ok: true,
      data: null,
    });
  });

  it('is on with GRIDLINK_DEMO=1 in the environment', async () => {
    process.env.GRIDLINK_DEMO = '1';
    const cloud = await start({});
    expect(cloud.demoMode).toBe(true);
    expect((await call(cloud, 'GET', '/api/personas')).status).toBe(200);
  });

  it('refuses to start on a public address without GRIDLINK_DEMO_PUBLIC=1, and creates nothing', async () => {
    const dataDir = join(base, 'public-data');
    await expect(start({ demo: true, host: '0.0.0.0' }, dataDir)).rejects.toThrow(/GRIDLINK_DEMO_PUBLIC=1/);
    await expect(start({ demo: true, host: '::' }, dataDir)).rejects.toThrow(/GRIDLINK_DEMO_PUBLIC=1/);
    mkdirSync(dataDir, { recursive: true }); // the refusal wrote no keys or database
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('starts on a public address with GRIDLINK_DEMO_PUBLIC=1 and says so', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const cloud = await start({ demo: true, host: '0.0.0.0', allowPublicDemo: true });
    expect(cloud.demoMode).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('演示模式'));
    expect(warn.mock.calls.flat().join('\n')).toContain('0.0.0.0');
    const res = await fetch(`http://127.0.0.1:${cloud.port}/api/health`);
    expect(res.status).toBe(200);
  });

  it('takes the public switch from the environment too', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    process.env.GRIDLINK_DEMO_PUBLIC = '1';
    const cloud = await start({ demo: true, host: '0.0.0.0' });
    expect(cloud.demoMode).toBe(true);
  });

  it('starts on loopback without the public switch, and a public address without demo mode needs none', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    await start({ demo: true, host: '127.0.0.1' }, join(base, 'a'));
    await start({ demo: true, host: 'localhost' }, join(base, 'b'));
    await start({ demo: false, host: '0.0.0.0' }, join(base, 'c'));
    expect(warn).not.toHaveBeenCalled();
  });
});
