/**
 * Signed sessions of the local login: `base64url(json).base64url(hmac)`, checked on every call.
 * Two kinds: a demo persona session (only in demo mode), and a desk session (the desk console's
 * sign-in by QR code, in any mode), which stands for the staff member who confirmed it on their
 * phone and is only as good as its record: ended on the phone, it is refused at the next call.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import { isPersonaName, PERSONAS, type Persona } from './personas';

const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

interface SessionClaims {
  persona: string;
  /** a persona session means something only in demo mode; a server without it refuses them */
  mode: 'demo';
  exp: number;
}

interface DeskClaims {
  mode: 'desk';
  sid: string;
  openid: string;
  exp: number;
}

export class SessionSigner {
  /** `demoMode`: whether this server accepts (and issues) persona sessions at all */
  constructor(
    private readonly secret: string,
    private readonly demoMode: boolean,
  ) {}

  issue(persona: Persona, nowMs = Date.now()): string {
    if (!this.demoMode) throw new Error('persona sessions are issued only in demo mode');
    const claims: SessionClaims = { persona: persona.persona, mode: 'demo', exp: nowMs + SESSION_TTL_MS };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The persona of a valid, unexpired demo session while in demo mode; null for anything else. */
  verify(token: string | undefined, nowMs = Date.now()): Persona | null {
    if (!this.demoMode || !token) return null;
    const [body, sig] = token.split('.');
    if (!body || !sig) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims: Partial<SessionClaims> | null;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<SessionClaims> | null;
    } catch {
      return null;
    }
    if (typeof claims !== 'object' || claims === null || claims.mode !== 'demo') return null;
    if (typeof claims.exp !== 'number' || claims.exp < nowMs || !isPersonaName(claims.persona)) return null;
    return PERSONAS[claims.persona];
  }

  /** A desk session's token: names the session record (checked on every call) and its staff member. */
  issueDesk(sessionId: string, openid: string, expiresAtMs: number): string {
    const claims: DeskClaims = { mode: 'desk', sid: sessionId, openid, exp: expiresAtMs };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The claims of a validly signed, unexpired desk token (its record is checked by the caller). */
  verifyDesk(token: string | undefined, nowMs = Date.now()): { sessionId: string; openid: string } | null {
    const claims = this.claimsOf(token);
    if (!claims || claims.mode !== 'desk') return null;
    const { sid, openid, exp } = claims as Partial<DeskClaims>;
    if (typeof sid !== 'string' || typeof openid !== 'string' || typeof exp !== 'number' || exp < nowMs) return null;
    return { sessionId: sid, openid };
  }

  private claimsOf(token: string | undefined): { mode?: unknown } | null {
    if (!token) return null;
    const [body, sig] = token.split('.');
    if (!body || !sig) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
      return typeof claims === 'object' && claims !== null ? (claims as { mode?: unknown }) : null;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
