/**
 * Wires a cloud function: read the caller from the platform, parse the event, route the action to
 * its use case, map the outcome to the `{ ok, data } | { ok: false, code, message }` envelope.
 */
import { DomainError, err, ok, type Result } from '../../src/domain/errors';
import { MAX_EVENT_BYTES, type ActionName, type DataOf, type FunctionName, type ParsedOf } from '../../src/domain/contracts';
import { ActionSchemas } from '../../src/domain/schemas';
import { parseWith, type Parser } from '../../src/domain/validation';
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

/** An action's use case: gets the payload its schema parsed, answers what the contract says. */
export type Handler<F extends FunctionName, A extends ActionName<F>> = (ctx: CallContext, payload: ParsedOf<F, A>) => Promise<DataOf<F, A>>;

/**
 * A function's route table, checked against the contract: every action once, each taking its
 * parsed payload and answering its data. A missing, extra or mistyped action is a compile error.
 */
export type Handlers<F extends FunctionName> = { [A in ActionName<F>]: Handler<F, A> };

export type Main = (event: unknown) => Promise<Result<unknown>>;

/**
 * A function's main, and the same routing for a caller established another way: the deployed HTTP
 * access path (common/httpAccess.ts) verifies the desk session's token and runs the event as its
 * staff member, exactly as the local cloud's HTTP endpoint does.
 */
export type RoutedMain = Main & { withCaller(openid: string | null, event: unknown): Promise<Result<unknown>> };

/**
 * Identity comes only from `getWXContext()`, read before the first await. Anything the event
 * says about identity (openid, userInfo, role…) is never read.
 */
export function createMain<F extends FunctionName>(
  functionName: F,
  handlers: Handlers<F>,
  options: { anonymous?: ReadonlyArray<ActionName<F>> } = {},
): RoutedMain {
  // strict parsers from the domain's schemas: unknown fields and bad values are refused before anything is read or written
  const schemas = ActionSchemas[functionName] as unknown as Record<string, Parser<unknown, unknown>>;
  const run = handlers as unknown as Record<string, (ctx: CallContext, payload: unknown) => Promise<unknown>>;
  const anonymous = new Set<string>(options.anonymous ?? []);
  const routes = Object.fromEntries(
    Object.keys(run).map((action) => [action, { parse: schemas[action], run: run[action], anonymous: anonymous.has(action) }]),
  );
  return createRouter(functionName, routes);
}

/** One action as the router runs it (createMain builds these from the schemas and the handlers). */
export interface Route {
  parse: Parser<unknown, unknown>;
  run: (ctx: CallContext, payload: unknown) => Promise<unknown>;
  /** runs without a caller (the desk page before sign-in); its use case must not read `caller` */
  anonymous?: boolean;
}

/** The event handling of every function; `createMain` is the typed way in. */
export function createRouter(functionName: string, routes: Record<string, Route>): RoutedMain {
  const main = (event: unknown): Promise<Result<unknown>> => {
    const { OPENID } = getCloud().getWXContext() as { OPENID?: string };
    return route(OPENID, event);
  };
  return Object.assign(main, { withCaller: (openid: string | null, event: unknown) => route(openid ?? undefined, event) });

  async function route(OPENID: string | undefined, event: unknown): Promise<Result<unknown>> {
    const named = typeof event === 'object' && event !== null ? (event as { action?: unknown }).action : undefined;
    const anonymousAction = typeof named === 'string' && Object.prototype.hasOwnProperty.call(routes, named) && routes[named].anonymous === true;
    if (!OPENID && !anonymousAction) return err('UNAUTHENTICATED');
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
    const parsed = parseWith(route.parse, payload ?? {}, at);
    if (!parsed.ok) {
      const first = parsed.errors[0];
      return err(first.code, first.message, { field: first.field, errors: parsed.errors });
    }
    try {
      const data = await route.run({ caller: { openid: OPENID ?? '' }, db: getDb(), now: at }, parsed.value);
      return ok(data);
    } catch (e) {
      if (e instanceof ValidationFailed) return err(e.code, e.message, { field: e.field, errors: e.errors });
      if (e instanceof DomainError) return err(e.code, e.message, e.field ? { field: e.field } : undefined);
      // Unexpected: log without the payload (it may hold personal data) and answer generically.
      console.error(`[${functionName}.${action}] failed:`, e instanceof Error ? e.stack : e);
      return err('INTERNAL');
    }
  }
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
