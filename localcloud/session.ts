/** Signed sessions of the local login: `base64url(json).base64url(hmac)`, checked on every call. */
import { createHmac, timingSafeEqual } from 'crypto';
import { isPersonaName, PERSONAS, type Persona } from './personas';

const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

interface SessionClaims {
  persona: string;
  exp: number;
}

export class SessionSigner {
  constructor(private readonly secret: string) {}

  issue(persona: Persona, nowMs = Date.now()): string {
    const body = Buffer.from(JSON.stringify({ persona: persona.persona, exp: nowMs + SESSION_TTL_MS })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The persona of a valid, unexpired token; null for anything else. */
  verify(token: string | undefined, nowMs = Date.now()): Persona | null {
    if (!token) return null;
    const [body, sig] = token.split('.');
    if (!body || !sig) return null;
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SessionClaims;
    } catch {
      return null;
    }
    if (typeof claims.exp !== 'number' || claims.exp < nowMs || !isPersonaName(claims.persona)) return null;
    return PERSONAS[claims.persona];
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
