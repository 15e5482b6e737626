/** Calling the local cloud as the app does: a persona session, then POST /api/functions/<name> with its token. */
import { request } from 'http';
import type { ActionName, DataOf, FunctionName, PayloadOf } from '../../src/domain/contracts';
import type { Result } from '../../src/domain/errors';
import type { PersonaName } from '../../localcloud/personas';

export interface HttpSession {
  /** the H5 client's upload: POST /api/storage/upload/<cloudPath> with the session */
  upload(cloudPath: string, bytes: Buffer): Promise<{ status: number; body: unknown }>;
  call<F extends FunctionName, A extends ActionName<F>>(
    name: F,
    action: A,
    payload: PayloadOf<F, A> | Record<string, unknown>,
  ): Promise<Result<DataOf<F, A>>>;
}

/**
 * One connection per call (no keep-alive pool): a pooled socket the server closed while a test was
 * busy elsewhere would fail the next call with ECONNRESET, which says nothing about the function.
 */
function post(url: string, body: unknown, token?: string, raw?: Buffer): Promise<{ status: number; body: unknown }> {
  const data = raw ?? JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': raw ? 'application/octet-stream' : 'application/json',
          'content-length': Buffer.byteLength(data),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (e) {
            reject(e);
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** A POST as the desk page makes it (no session, or a raw token): status and the JSON answer. */
export const postJson = (url: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }> => post(url, body, token);

export async function loginAs(cloudUrl: string, persona: PersonaName): Promise<HttpSession> {
  const login = await post(`${cloudUrl}/api/login`, { persona });
  const token = (login.body as { data?: { token?: string } }).data?.token;
  if (login.status !== 200 || !token) throw new Error(`login as ${persona} failed: ${login.status} ${JSON.stringify(login.body)}`);
  return sessionWithToken(cloudUrl, token);
}

/** Calls with a token the test holds (a desk session's, say). */
export function sessionWithToken(cloudUrl: string, token: string): HttpSession {
  return {
    upload: (cloudPath, bytes) => post(`${cloudUrl}/api/storage/upload/${cloudPath}`, null, token, bytes),
    async call(name, action, payload) {
      const res = await post(`${cloudUrl}/api/functions/${name}`, { action, payload }, token);
      if (res.status !== 200) throw new Error(`${name}.${String(action)}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as never;
    },
  };
}

/** GET a URL (a signed file URL): status, headers and the bytes. */
export function getBytes(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
