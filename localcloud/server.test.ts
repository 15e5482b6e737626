/** The local cloud's HTTP surface: identity only from a signed session, limits, QR redirects. */
import { householdReport } from '../tests/support/people';
import { startTestCloud, type TestCloud } from '../tests/support/testCloud';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(() => t.stop());

async function post(path: string, body: unknown, token?: string): Promise<{ status: number; body: { ok: boolean; code?: string; data?: unknown } }> {
  const res = await fetch(`${t.cloud.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { ok: boolean; code?: string; data?: unknown } };
}

async function login(persona: string): Promise<string> {
  const res = await post('/api/login', { persona });
  return (res.body.data as { token: string }).token;
}

describe('local cloud HTTP', () => {
  it('refuses a function call without a session, or with a tampered one', async () => {
    expect((await post('/api/functions/report', { action: 'myHousehold', payload: {} })).status).toBe(401);
    const token = await login('resident');
    const [body, sig] = token.split('.');
    const forgedBody = Buffer.from(JSON.stringify({ persona: 'admin', exp: Date.now() + 1e9 })).toString('base64url');
    const res = await post('/api/functions/report', { action: 'myHousehold', payload: {} }, `${forgedBody}.${sig}`);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(body).toBeTruthy();
  });

  it('takes the caller from the session, never from the body', async () => {
    const resident = await login('resident');
    const filed = await post('/api/functions/report', { action: 'submit', payload: householdReport(t.cloud.demo!.buildingId, { room: '202' }) }, resident);
    expect(filed.body.ok).toBe(true);
    const other = await login('resident2');
    const res = await post('/api/functions/report', { action: 'myHousehold', payload: {}, openid: 'o_local_resident_1', userInfo: { openId: 'o_local_resident_1' } }, other);
    expect(res.body).toEqual({ ok: true, data: null });
  });

  it('refuses an unknown persona, unknown function and malformed JSON clearly', async () => {
    expect((await post('/api/login', { persona: 'root' })).body.code).toBe('BAD_REQUEST');
    const token = await login('resident');
    expect((await post('/api/functions/nope', { action: 'x', payload: {} }, token)).body.code).toBe('NOT_FOUND');
    expect((await post('/api/functions/report', '{not json', token)).body.code).toBe('BAD_REQUEST');
  });

  it('sends a scanned place code to the report page', async () => {
    const res = await fetch(`${t.cloud.url}/q/${t.cloud.demo!.buildingCode}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/#/pages/report/index?code=${t.cloud.demo!.buildingCode}`);
  });
});
