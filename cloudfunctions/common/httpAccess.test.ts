/**
 * The desk console on CloudBase: its functions called through their HTTP access paths (integration
 * requests, no platform caller), the desk session's token in `Authorization`, verified by the
 * function as the local cloud verifies it. Only the sign-in's ticket and poll run without a session.
 */
import { randomBytes } from 'crypto';
import { SessionSigner } from '../../localcloud/session';
import { runAsCaller } from '../../localcloud/identity';
import { PERSONAS } from '../../localcloud/personas';
import { main as batchMain } from '../batch/index';
import { main as deskMain } from '../desk/index';
import { main as staffMain } from '../staff/index';
import { postJson } from '../../tests/support/http';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import type { HttpResponse } from './httpAccess';
import type { Main } from './handler';

let t: TestCloud;
const SECRET = randomBytes(32).toString('base64');
const ADMIN = PERSONAS.admin.openid;

/** What CloudBase's HTTP access service hands the function for a POST from the desk page. */
function request(path: string, body: unknown, headers: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return {
    path,
    httpMethod: 'POST',
    headers: { host: 'env-id.service.tcloudbase.com', 'content-type': 'application/json', ...headers },
    queryStringParameters: {},
    requestContext: { requestId: 'r1', envId: 'env-id', appId: 123, uin: 123 },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    ...extra,
  };
}

/** Through the gateway: no caller from the platform. */
async function viaHttp(main: Main, event: unknown): Promise<{ status: number; body: { ok: boolean; code?: string; data?: Record<string, unknown> } }> {
  const res = (await runAsCaller(null, 'wx_test', () => main(event))) as unknown as HttpResponse;
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.isBase64Encoded).toBe(false);
  return { status: res.statusCode, body: JSON.parse(res.body) as never };
}

/** The desk's sign-in over the HTTP paths, confirmed on the phone by `openid`: the desk's token and session id. */
async function signIn(openid: string): Promise<{ token: string; sessionId: string }> {
  const ticket = await viaHttp(deskMain, request('/api/desk/ticket', {}));
  expect(ticket.status).toBe(200);
  const { ticketId, pollSecret } = ticket.body.data as { ticketId: string; pollSecret: string };
  expect((await viaHttp(deskMain, request('/api/desk/poll', { ticketId, pollSecret }))).body).toEqual({ ok: true, data: { status: 'waiting' } });
  const confirmed = await t.call(openid, 'desk', 'confirm', { ticketId });
  expect(confirmed.ok).toBe(true);
  const polled = await viaHttp(deskMain, request('/api/desk/poll', { ticketId, pollSecret }));
  expect(polled.status).toBe(200);
  const data = polled.body.data as { status: string; token: string; sessionId: string; openid: string };
  expect(data).toMatchObject({ status: 'confirmed', openid });
  // handed out once
  expect((await viaHttp(deskMain, request('/api/desk/poll', { ticketId, pollSecret }))).body).toEqual({ ok: true, data: { status: 'used' } });
  return { token: data.token, sessionId: data.sessionId };
}

beforeAll(async () => {
  t = await startTestCloud();
  process.env.GRIDLINK_SESSION_SECRET = SECRET;
});
afterAll(async () => {
  delete process.env.GRIDLINK_SESSION_SECRET;
  await t.stop();
});

describe('HTTP access paths (CloudBase HTTP 访问服务) for the desk console', () => {
  it('signs the desk in over /api/desk, and its token runs the calls as the staff member who confirmed, until the phone ends it', async () => {
    const { token, sessionId } = await signIn(ADMIN);
    // the same token the local cloud would issue: SessionSigner.verifyDesk with the same secret
    expect(new SessionSigner(SECRET, false).verifyDesk(token)).toEqual({ sessionId, openid: ADMIN });

    const listed = await viaHttp(batchMain, request('/api/functions/batch', { action: 'list', payload: {} }, { Authorization: `Bearer ${token}` }));
    expect(listed.status).toBe(200);
    expect(listed.body.ok).toBe(true);
    const queue = await viaHttp(staffMain, request('/api/functions/staff', { action: 'queue', payload: {} }, { authorization: `Bearer ${token}` }));
    expect(queue).toMatchObject({ status: 200, body: { ok: true } });

    // ended on the phone: refused at the next call, and the desk goes back to its QR code (401)
    expect(await t.call(ADMIN, 'desk', 'end', { sessionId })).toEqual({ ok: true, data: { ended: true } });
    const after = await viaHttp(batchMain, request('/api/functions/batch', { action: 'list', payload: {} }, { Authorization: `Bearer ${token}` }));
    expect(after).toMatchObject({ status: 401, body: { ok: false, code: 'UNAUTHENTICATED' } });
  });

  it('refuses every call without a valid desk session: none, forged, signed with another secret, a demo persona token', async () => {
    const call = { action: 'list', payload: {} };
    expect(await viaHttp(batchMain, request('/api/functions/batch', call))).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const { token } = await signIn(ADMIN);
    const [body] = token.split('.');
    const forged = `${body}.${'A'.repeat(43)}`;
    const otherSecret = new SessionSigner(randomBytes(32).toString('base64'), false).issueDesk('ds000000000000000000000000', ADMIN, Date.now() + 3600_000);
    const persona = ((await postJson(`${t.cloud.url}/api/login`, { persona: 'admin' })).body as { data: { token: string } }).data.token;
    expect(persona).toMatch(/\./);
    for (const bad of [forged, otherSecret, persona, token.slice(0, -2)]) {
      expect(await viaHttp(batchMain, request('/api/functions/batch', call, { Authorization: `Bearer ${bad}` }))).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    }
    // the token in the body or without "Bearer" is not a session
    expect(await viaHttp(batchMain, request('/api/functions/batch', { ...call, token }))).toMatchObject({ status: 401 });
    expect(await viaHttp(batchMain, request('/api/functions/batch', call, { Authorization: token }))).toMatchObject({ status: 401 });
  });

  it('leaves only the ticket and the poll anonymous: the desk function\'s other calls need the session too', async () => {
    const before = await t.counts();
    expect(await viaHttp(deskMain, request('/api/desk', { action: 'createTicket', payload: {} }))).toMatchObject({ status: 401 });
    expect(await viaHttp(deskMain, request('/api/desk/sessions', { action: 'sessions', payload: {} }))).toMatchObject({ status: 401 });
    expect(await t.counts()).toEqual(before);
  });

  it('answers what is not a POST of a JSON object as the local cloud does, changing nothing', async () => {
    const before = await t.counts();
    expect(await viaHttp(deskMain, request('/api/desk/ticket', {}, {}, { httpMethod: 'GET' }))).toMatchObject({ status: 405 });
    const preflight = (await runAsCaller(null, 'wx_test', () => deskMain(request('/api/desk/ticket', '', {}, { httpMethod: 'OPTIONS' })))) as unknown as HttpResponse;
    expect(preflight).toMatchObject({ statusCode: 204, body: '' });
    expect(await viaHttp(deskMain, request('/api/desk/ticket', {}, {}, { queryStringParameters: { a: '1' } }))).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(await viaHttp(deskMain, request('/api/desk/ticket', '{not json'))).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(await viaHttp(deskMain, request('/api/desk/poll', '[1,2]'))).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(await viaHttp(deskMain, request('/api/desk/ticket', 'x'.repeat(2_000_000)))).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    // a base64 body (the gateway's choice for some content types) reads the same
    const b64 = await viaHttp(deskMain, request('/api/desk/poll', Buffer.from(JSON.stringify({ ticketId: 'dt000000000000000000000000', pollSecret: 'a'.repeat(64) })).toString('base64'), {}, { isBase64Encoded: true }));
    expect(b64).toMatchObject({ status: 400, body: { code: 'DESK_TICKET_INVALID' } });
    expect(await t.counts()).toEqual(before);
  });

  it('refuses everything when the session secret is not configured', async () => {
    delete process.env.GRIDLINK_SESSION_SECRET;
    try {
      expect(await viaHttp(deskMain, request('/api/desk/ticket', {}))).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    } finally {
      process.env.GRIDLINK_SESSION_SECRET = SECRET;
    }
  });

  it('never reads a mini-program call as an HTTP request: the platform caller stays the caller', async () => {
    const shaped = request('/api/desk/ticket', {}, { Authorization: 'Bearer x' });
    const res = await runAsCaller(ADMIN, 'wx_test', () => deskMain(shaped));
    expect(res).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
    expect(await runAsCaller(ADMIN, 'wx_test', () => batchMain({ action: 'list', payload: {} }))).toMatchObject({ ok: true });
  });
});
