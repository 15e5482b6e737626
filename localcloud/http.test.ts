/**
 * The local cloud's HTTP edges: whatever a client sends, the answer is a clear 4xx with a stable
 * code, never a 500, and nothing is written. Requests go out raw (node:http with the path as given,
 * or a bare socket) so that no client library normalises them first.
 */
import { request } from 'http';
import { connect } from 'net';
import { MAX_EVENT_DEPTH } from '../src/domain/contracts';
import { shanghaiDateString } from '../src/domain/time';
import { familyOfThree, householdReport } from '../tests/support/people';
import { startTestCloud, type TestCloud } from '../tests/support/testCloud';
import { PERSONAS } from './personas';

let t: TestCloud;
let token: string;
let internalErrors: jest.SpyInstance;

type Reply = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: { ok?: boolean; code?: string; message?: string; field?: string };
};

/** One request on its own connection, the path sent exactly as given. */
function send(
  method: string,
  path: string,
  opts: { body?: string | Buffer; headers?: Record<string, string | number>; auth?: boolean } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.auth !== false && token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] ??= Buffer.byteLength(opts.body);
    }
    const req = request({ host: '127.0.0.1', port: t.cloud.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Reply['body'] = {};
        try {
          body = JSON.parse(text) as Reply['body'];
        } catch {
          // not JSON: the test looks at status and text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const fn = (name: string, body: string | Buffer, headers?: Record<string, string | number>) =>
  send('POST', `/api/functions/${name}`, { body, headers });

/** Raw bytes on a socket; resolves with whatever the server answered before closing. */
function rawSocket(text: string, { endAfterWrite = false } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(t.cloud.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('connect', () => {
      socket.write(text);
      if (endAfterWrite) socket.end();
    });
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      // one response is enough: stop once its body (Content-Length, in bytes) is in
      const all = Buffer.concat(chunks);
      const head = all.indexOf('\r\n\r\n');
      const len = /content-length: (\d+)/i.exec(all.toString('latin1'));
      if (head >= 0 && len && all.length - head - 4 >= Number(len[1])) socket.destroy();
    });
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(e),
    );
    socket.setTimeout(5000, () => socket.destroy());
  });
}

const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
const jsonOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { ok: boolean; code: string };

beforeAll(async () => {
  t = await startTestCloud();
  const res = await fetch(`${t.cloud.url}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ persona: 'resident' }),
  });
  token = ((await res.json()) as { data: { token: string } }).data.token;
});
beforeEach(() => {
  internalErrors = jest.spyOn(console, 'error');
});
afterEach(() => {
  // a 500 logs "[localcloud] request failed"; none of these requests may get there
  const failures = internalErrors.mock.calls.filter((c) => String(c[0]).includes('request failed'));
  internalErrors.mockRestore();
  expect(failures).toEqual([]);
});
afterAll(() => t.stop());

function nestedObject(depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1);
}

describe('bodies nested too deep', () => {
  it.each([
    ['arrays 10,000 deep', '['.repeat(10000) + ']'.repeat(10000)],
    ['objects 10,000 deep', '{"a":'.repeat(10000) + '1' + '}'.repeat(10000)],
    ['a payload 10,000 deep', `{"action":"submit","payload":{"members":${'['.repeat(10000)}${']'.repeat(10000)}}}`],
    ['a payload just over the limit', `{"action":"myHousehold","payload":{},"x":${nestedObject(MAX_EVENT_DEPTH)}}`],
  ])('refuses %s with 400 BAD_REQUEST before anything runs', async (_name, body) => {
    const before = await t.counts();
    const res = await fn('report', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, code: 'BAD_REQUEST', message: '请求嵌套层级过深' });
    expect(await t.counts()).toEqual(before);
  });

  it(`passes an event exactly ${MAX_EVENT_DEPTH} levels deep on to the function`, async () => {
    const res = await fn('report', `{"action":"myHousehold","payload":{},"x":${nestedObject(MAX_EVENT_DEPTH - 1)}}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true });
  });

  it('is refused by the local invoke too, without throwing', async () => {
    const deep: Record<string, unknown> = {};
    let at = deep;
    for (let i = 0; i < 10000; i++) at = (at.a = {}) as Record<string, unknown>;
    await expect(
      t.cloud.invoke('report', { action: 'myHousehold', payload: {}, x: deep }, PERSONAS.resident.openid),
    ).resolves.toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
    });
  });
});

describe('function names', () => {
  it.each([
    'constructor',
    '__proto__',
    'valueOf',
    'hasOwnProperty',
    'toString',
    'isPrototypeOf',
    'propertyIsEnumerable',
    'toLocaleString',
    '__defineGetter__',
    '__lookupSetter__',
  ])('/api/functions/%s does not exist (404 NOT_FOUND)', async (name) => {
    const res = await fn(name, '{"action":"x","payload":{"echo":"me"}}');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(res.body.message).toContain('云函数不存在');
    expect(res.text).not.toContain('echo');
  });

  it('does not run a timer-only function for a session over HTTP, and its main still refuses callers', async () => {
    const before = await t.counts();
    const res = await fn('scheduler', JSON.stringify({ Type: 'Timer', TriggerName: 'local', Time: new Date().toISOString() }));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.counts()).toEqual(before);
    // WeChat lets a client call any function by name: there, the timer's own main is the guard
    expect(await t.cloud.invoke('scheduler', { Type: 'Timer' }, PERSONAS.resident.openid)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.cloud.fireTimer('scheduler')).toMatchObject({ ok: true });
  });
});

describe('non-finite numbers', () => {
  it('refuses 1e999 as a member temperature in report.submit (400, field, nothing written)', async () => {
    const report = householdReport(t.cloud.demo!.buildingId, { room: '302', members: familyOfThree(301) });
    report.members[0].health = { temperature: 99999.25, symptoms: [], healthCode: 'green' };
    const body = JSON.stringify({ action: 'submit', payload: report }).replace('99999.25', '1e999');
    expect(body).toContain('"temperature":1e999');
    const before = await t.counts();
    const res = await fn('report', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
      message: '数值无效（必须是有限数字）',
      field: 'members.0.health.temperature',
    });
    expect(await t.counts()).toEqual(before);
    // the same report with a real temperature is filed: the refusal was about the number alone
    const filed = await fn('report', body.replace('1e999', '36.6'));
    expect(filed.body).toMatchObject({ ok: true });
  });

  it('refuses -1e999 as a check-in temperature of a person under isolation (400, nothing written)', async () => {
    // resident 刘女士 (resident2): her own household, one member under isolation since today
    const filed = await t.call(
      PERSONAS.resident2.openid,
      'report',
      'submit',
      householdReport(t.cloud.demo!.buildingId, { room: '502', members: familyOfThree(302) }),
    );
    if (!filed.ok) throw new Error(filed.message);
    const personId = filed.data.members[0].personId;
    const started = await t.call(PERSONAS.worker.openid, 'staff', 'startIsolation', {
      personId,
      kind: 'home_isolation',
      startDate: shanghaiDateString(new Date()),
      plannedDays: 3,
      reason: '密接',
    });
    expect(started).toMatchObject({ ok: true });
    const before = await t.counts();
    const login = await send('POST', '/api/login', { body: '{"persona":"resident2"}', auth: false });
    const liu = (login.body as { data?: { token: string } }).data!.token;
    const checkin = (temperature: string) =>
      send('POST', '/api/functions/checkin', {
        body: `{"action":"submit","payload":{"personId":${JSON.stringify(personId)},"temperature":${temperature},"symptoms":[]}}`,
        headers: { authorization: `Bearer ${liu}` },
        auth: false,
      });
    const res = await checkin('-1e999');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, code: 'BAD_REQUEST', message: '数值无效（必须是有限数字）', field: 'temperature' });
    expect(await t.counts()).toEqual(before);
    // the check-in itself is expected: a real temperature is taken
    expect((await checkin('36.5')).body).toMatchObject({ ok: true });
  });
});

describe('static paths', () => {
  it.each(['/%zz', '/%', '/%E0%A4%A', '/pages/%ZZ/index.html'])('GET %s is 400 BAD_REQUEST, not 500', async (path) => {
    const res = await send('GET', path);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('HEAD of a malformed path is 400 too, and HEAD of a missing file is 404', async () => {
    expect((await send('HEAD', '/%zz')).status).toBe(400);
    expect((await send('HEAD', '/nothing-here.js')).status).toBe(404);
  });

  it('a long path is 404, a path longer than the header limit is 431', async () => {
    const long = await send('GET', '/' + 'a'.repeat(8000));
    expect(long.status).toBe(404);
    expect(long.body).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const tooLong = await send('GET', '/' + 'a'.repeat(20000));
    expect(tooLong.status).toBe(431);
    expect(tooLong.body).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
  });
});

describe('request shapes', () => {
  it.each([
    ['null', 'null'],
    ['a number', '42'],
    ['an array', '[{"action":"myHousehold","payload":{}}]'],
    ['a string', '"myHousehold"'],
    ['true', 'true'],
    ['an empty body', ''],
    [
      'invalid UTF-8',
      Buffer.concat([Buffer.from('{"action":"myHousehold","payload":{},"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    ],
  ])('refuses %s as a function body with 400 BAD_REQUEST', async (_name, body) => {
    const res = await fn('report', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('refuses a body over the limit by its Content-Length before reading it, and by its size when chunked', async () => {
    const declared = await rawSocket(
      `POST /api/functions/report HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{"a":`,
    );
    expect(statusOf(declared)).toBe(413);
    expect(jsonOf(declared)).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
    const big = await fn('report', JSON.stringify({ action: 'myHousehold', payload: {}, x: 'x'.repeat(2 * 1024 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
  });

  it.each([
    ['an invalid Content-Length', 'Content-Length: abc\r\n\r\n{}'],
    ['two different Content-Lengths', 'Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}'],
    ['Content-Length with chunked encoding', 'Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'],
    ['a broken chunk', 'Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'],
  ])('answers %s with 400 BAD_REQUEST', async (_name, rest) => {
    const raw = await rawSocket(`POST /api/functions/report HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n${rest}`);
    expect(statusOf(raw)).toBe(400);
    expect(jsonOf(raw)).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('answers a POST without Content-Length or body with 400 BAD_REQUEST', async () => {
    const raw = await rawSocket(
      `POST /api/functions/report HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
    );
    expect(statusOf(raw)).toBe(400);
    expect(jsonOf(raw)).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('survives a client that goes away in the middle of a body', async () => {
    await rawSocket(
      `POST /api/functions/report HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Length: 100\r\n\r\n{"action":`,
      { endAfterWrite: true },
    );
    expect((await send('GET', '/api/health')).status).toBe(200);
  });

  it.each(['GET http://[ HTTP/1.1', 'GET http://a:b:c/ HTTP/1.1', 'GET /a b HTTP/1.1', 'BREW / HTTP/1.1'])(
    'answers the request line %s with a 4xx',
    async (line) => {
      const raw = await rawSocket(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(statusOf(raw)).toBeGreaterThanOrEqual(400);
      expect(statusOf(raw)).toBeLessThan(500);
    },
  );

  it('refuses a function call with a query string (nothing but the body reaches a function)', async () => {
    const res = await send('POST', '/api/functions/report?openid=o_local_admin_1', { body: '{"action":"myHousehold","payload":{}}' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('answers the wrong method on an API route with 405, an unknown API route with 404, as JSON', async () => {
    const get = await send('GET', '/api/functions/report');
    expect(get.status).toBe(405);
    expect(get.body).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(get.headers.allow).toBe('POST');
    expect((await send('PUT', '/api/login', { body: '{}' })).status).toBe(405);
    expect((await send('DELETE', '/api/personas')).status).toBe(405);
    const unknown = await send('GET', '/api/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('reads the login body with the same rules', async () => {
    expect((await send('POST', '/api/login', { body: '[' + '['.repeat(10000) + ']'.repeat(10001), auth: false })).body.code).toBe(
      'BAD_REQUEST',
    );
    expect((await send('POST', '/api/login', { body: 'null', auth: false })).status).toBe(400);
    expect((await send('POST', '/api/login', { body: '{"persona":"constructor"}', auth: false })).status).toBe(400);
    expect((await send('POST', '/api/login', { body: '{"persona":"__proto__"}', auth: false })).status).toBe(400);
  });

  it('answers a bearer token that is not a session with 401', async () => {
    for (const bad of ['', '.', 'a.b.c', '%%%.%%%', 'x'.repeat(5000)]) {
      const res = await send('POST', '/api/functions/report', { body: '{}', headers: { authorization: `Bearer ${bad}` }, auth: false });
      expect(res.status).toBe(401);
    }
  });
});
