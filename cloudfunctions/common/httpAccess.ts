/**
 * A function called through its deployed HTTP access path (CloudBase HTTP 访问服务, see
 * httpPaths.ts): the desk console in a browser, outside WeChat, so the platform names no caller.
 * The caller is the desk session whose token the request carries (`Authorization: Bearer …`),
 * checked exactly as the local cloud's HTTP endpoint checks it: the token's signature and expiry
 * (SessionSigner.verifyDesk, signed with GRIDLINK_SESSION_SECRET), then its record (open, not
 * ended on the phone, the same staff member). Without a valid session nothing runs (401), except
 * the desk page's sign-in: `/api/desk/ticket` and `/api/desk/poll`, whose confirmed poll hands out
 * the session's token once, as the local cloud does.
 *
 * A call from the mini-program (the platform names its caller) is never read as an HTTP request.
 */
import { activeDeskSession, type DeskPollView, type DeskSessionDoc } from '../../src/domain/desk';
import { err, type Result } from '../../src/domain/errors';
import { MAX_EVENT_BYTES } from '../../src/domain/contracts';
import { SessionSigner } from '../../localcloud/session';
import { getCloud, getDb } from './cloud';
import { now } from './clock';
import { Collections } from './collections';
import { first } from './db';
import type { Main, RoutedMain } from './handler';
import { HTTP_ACCESS_PATHS, SESSION_SECRET_ENV, type HttpFunctionName } from './httpPaths';

/** CloudBase's integration request (集成请求). */
export interface HttpEvent {
  path: string;
  httpMethod: string;
  headers: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string>;
  body?: string | null;
  isBase64Encoded?: boolean | string;
}

/** CloudBase's integration response (集成响应). */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export function isHttpEvent(event: unknown): event is HttpEvent {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as Partial<HttpEvent>;
  return typeof e.path === 'string' && typeof e.httpMethod === 'string' && typeof e.headers === 'object' && e.headers !== null;
}

export function httpResponse(statusCode: number, result: Result<unknown>, extra: Record<string, string> = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extra },
    body: JSON.stringify(result),
    isBase64Encoded: false,
  };
}

function header(event: HttpEvent, name: string): string | undefined {
  const key = Object.keys(event.headers).find((k) => k.toLowerCase() === name);
  return key ? event.headers[key] : undefined;
}

/** The request body as a JSON object, or the refusal the local cloud gives for it. */
function jsonBody(event: HttpEvent): { ok: true; value: Record<string, unknown> } | { ok: false; response: HttpResponse } {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded === true || event.isBase64Encoded === 'true' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_EVENT_BYTES) {
    return { ok: false, response: httpResponse(413, err('PAYLOAD_TOO_LARGE', `提交内容过大（${Math.ceil(Buffer.byteLength(text) / 1024)} KB），请精简后再试`)) };
  }
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, response: httpResponse(400, err('BAD_REQUEST', '请求内容不是有效的 JSON')) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, response: httpResponse(400, err('BAD_REQUEST', '请求内容应为 JSON 对象')) };
  return { ok: true, value: value as Record<string, unknown> };
}

function signer(): SessionSigner | null {
  const secret = process.env.GRIDLINK_SESSION_SECRET;
  // never persona sessions: those exist only in the local cloud's demo mode
  return secret ? new SessionSigner(secret, false) : null;
}

/** The staff member's openid an open desk session's token stands for; null for anything else. */
export async function deskCaller(sessions: SessionSigner, authorization: string | undefined, at: Date): Promise<string | null> {
  const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : undefined;
  const desk = sessions.verifyDesk(token, at.getTime());
  if (!desk) return null;
  const record = await first<DeskSessionDoc>(getDb().collection(Collections.deskSessions).where({ _id: desk.sessionId }));
  const open = activeDeskSession(record, at);
  return open && open.staffOpenid === desk.openid ? open.staffOpenid : null;
}

async function handleHttp(functionName: HttpFunctionName, main: RoutedMain, event: HttpEvent): Promise<HttpResponse> {
  // a browser's CORS preflight, should the gateway pass it on (it answers CORS for the security domains itself): nothing runs
  if (event.httpMethod.toUpperCase() === 'OPTIONS') return { statusCode: 204, headers: { allow: 'POST' }, body: '', isBase64Encoded: false };
  if (event.httpMethod.toUpperCase() !== 'POST') return httpResponse(405, err('BAD_REQUEST', '请求方法不正确'), { allow: 'POST' });
  // nothing but the body (and the session) reaches a function
  if (event.queryStringParameters && Object.keys(event.queryStringParameters).length > 0) return httpResponse(400, err('BAD_REQUEST', '接口不接受查询参数'));
  const sessions = signer();
  if (!sessions) {
    console.error(`[${functionName}] ${SESSION_SECRET_ENV} is not set: HTTP access refuses every call`);
    return httpResponse(500, err('INTERNAL'));
  }
  const body = jsonBody(event);
  if (!body.ok) return body.response;
  const path = event.path.replace(/\/+$/, '');

  // the desk page before anyone signed in: a ticket, then polls
  if (functionName === 'desk' && path.endsWith('/ticket')) {
    return httpResponse(200, await main.withCaller(null, { action: 'createTicket', payload: body.value }));
  }
  if (functionName === 'desk' && path.endsWith('/poll')) {
    const polled = await main.withCaller(null, { action: 'poll', payload: body.value });
    if (!polled.ok) return httpResponse(400, polled);
    const view = polled.data as DeskPollView;
    if (view.status !== 'confirmed') return httpResponse(200, polled);
    const token = sessions.issueDesk(view.sessionId, view.openid, new Date(view.expiresAt).getTime());
    return httpResponse(200, { ok: true, data: { ...view, token } });
  }

  const openid = await deskCaller(sessions, header(event, 'authorization'), now());
  if (!openid) return httpResponse(401, err('UNAUTHENTICATED', '登录已失效，请重新扫码登录'));
  return httpResponse(200, await main.withCaller(openid, body.value));
}

/**
 * The deployed `main` of a function with an HTTP access path: an HTTP request without a platform
 * caller is answered as above (an integration response); everything else goes to the function as
 * before. Typed as `Main` for the local cloud, which never sends HTTP events (it checks the same
 * session itself before calling).
 */
export function withHttpAccess(functionName: HttpFunctionName, main: RoutedMain): Main {
  if (!HTTP_ACCESS_PATHS[functionName]) throw new Error(`${functionName} has no HTTP access path`);
  const wrapped = (event: unknown): Promise<Result<unknown> | HttpResponse> => {
    const { OPENID } = getCloud().getWXContext() as { OPENID?: string };
    if (!OPENID && isHttpEvent(event)) return handleHttp(functionName, main, event);
    return main(event);
  };
  return wrapped as Main;
}
