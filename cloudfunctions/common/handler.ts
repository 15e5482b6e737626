/**
 * Wires a cloud function: read the caller from the platform, parse the event, route the action to
 * its use case, map the outcome to the `{ ok, data } | { ok: false, code, message }` envelope.
 */
import { DomainError, err, ok, type Result } from '../../src/domain/errors';
import { MAX_EVENT_BYTES } from '../../src/domain/contracts';
import type { ParseResult } from '../../src/domain/validation';
import { getCloud, getDb, type Database } from './cloud';
import { now } from './clock';
import { findShapeProblem, NOT_FINITE_MESSAGE, TOO_DEEP_MESSAGE } from './eventShape';
import { ValidationFailed } from './errors';

export interface Caller {
  openid: string;
}

export interface CallContext {
  caller: Caller;
  db: Database;
  now: Date;
}

export interface Route<P, D> {
  /** strict parser: unknown fields and bad values are refused before anything is read or written */
  parse: (payload: unknown, now: Date) => ParseResult<P>;
  run: (ctx: CallContext, payload: P) => Promise<D>;
}

// Each action's route parses its own payload type; the table only needs to call them in order.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Routes = Record<string, Route<any, unknown>>;

export type Main = (event: unknown) => Promise<Result<unknown>>;

/**
 * Identity comes only from `getWXContext()`, read before the first await. Anything the event
 * says about identity (openid, userInfo, role…) is never read.
 */
export function createMain(functionName: string, routes: Routes): Main {
  return async function main(event: unknown): Promise<Result<unknown>> {
    const { OPENID } = getCloud().getWXContext() as { OPENID?: string };
    if (!OPENID) return err('UNAUTHENTICATED');
    if (typeof event !== 'object' || event === null) return err('BAD_REQUEST');
    // before anything walks the event recursively (JSON.stringify below, the parsers)
    const shape = findShapeProblem(event);
    if (shape?.kind === 'too_deep') return err('BAD_REQUEST', TOO_DEEP_MESSAGE);
    if (shape) return err('BAD_REQUEST', NOT_FINITE_MESSAGE);
    const size = byteLength(event);
    if (size > MAX_EVENT_BYTES) return err('PAYLOAD_TOO_LARGE', `提交内容过大（${Math.ceil(size / 1024)} KB），请精简后再试`);

    const { action, payload } = event as { action?: unknown; payload?: unknown };
    if (typeof action !== 'string' || !Object.prototype.hasOwnProperty.call(routes, action)) {
      return err('UNKNOWN_ACTION', `不支持的操作：${functionName}.${String(action)}`);
    }
    const route = routes[action];
    const at = now();
    const parsed = route.parse(payload ?? {}, at);
    if (!parsed.ok) {
      const first = parsed.errors[0];
      return err(first.code, first.message, { field: first.field, errors: parsed.errors });
    }
    try {
      const data = await route.run({ caller: { openid: OPENID }, db: getDb(), now: at }, parsed.value);
      return ok(data);
    } catch (e) {
      if (e instanceof ValidationFailed) return err(e.code, e.message, { field: e.field, errors: e.errors });
      if (e instanceof DomainError) return err(e.code, e.message, e.field ? { field: e.field } : undefined);
      // Unexpected: log without the payload (it may hold personal data) and answer generically.
      console.error(`[${functionName}.${action}] failed:`, e instanceof Error ? e.stack : e);
      return err('INTERNAL');
    }
  };
}

function byteLength(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Wires a timer-triggered function. WeChat invokes timers with `{ Type: 'Timer' }` and no caller;
 * a call that carries a caller identity came from a client and is refused.
 */
export function createTimerMain(functionName: string, job: (db: Database, now: Date) => Promise<unknown>): Main {
  return async function main(event: unknown): Promise<Result<unknown>> {
    const { OPENID } = getCloud().getWXContext() as { OPENID?: string };
    if (OPENID) return err('FORBIDDEN');
    if (typeof event !== 'object' || event === null || (event as { Type?: unknown }).Type !== 'Timer') return err('BAD_REQUEST');
    try {
      return ok(await job(getDb(), now()));
    } catch (e) {
      console.error(`[${functionName}] timer run failed:`, e instanceof Error ? e.stack : e);
      return err('INTERNAL');
    }
  };
}
