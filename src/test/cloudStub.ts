/**
 * Routes the mocked `callCloud` to per-action handlers, and records every call.
 * Use with `jest.mock('<path>/services/cloud', () => ({ callCloud: jest.fn() }))`.
 */
import { type Result } from '../domain';
import { callCloud } from '../services/cloud';

type Handler = (payload: never) => Result<unknown> | Promise<Result<unknown>>;

export interface CloudCall {
  name: string;
  action: string;
  payload: unknown;
}

export function stubCloud(handlers: Record<string, Handler>): CloudCall[] {
  const calls: CloudCall[] = [];
  const mocked = callCloud as unknown as jest.Mock;
  mocked.mockReset();
  mocked.mockImplementation(async (name: string, action: string, payload: unknown) => {
    calls.push({ name, action, payload });
    const handler = handlers[`${name}.${action}`];
    if (!handler) throw new Error(`no stub for ${name}.${action}`);
    return handler(payload as never);
  });
  return calls;
}

export const ok = <T>(data: T): Result<T> => ({ ok: true, data });
