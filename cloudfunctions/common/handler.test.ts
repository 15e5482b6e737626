/**
 * createMain on its own, as WeChat runs it (no local HTTP layer in front): whatever the event, main
 * answers an envelope and never throws.
 */
import { runAsCaller } from '../../localcloud/identity';
import { MAX_EVENT_DEPTH } from '../../src/domain/contracts';
import { createRouter, type Route } from './handler';

const seen: unknown[] = [];
const routes: Record<string, Route> = {
  echo: {
    parse: (payload) => ({ ok: true, value: payload }),
    run: async (_ctx, payload) => {
      seen.push(payload);
      return 'ran';
    },
  },
};
const main = createRouter('test', routes);
const asCaller = (event: unknown) => runAsCaller('o_handler_test', 'wx_test', () => main(event));

function nest(depth: number, leaf: unknown = 1): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe('createMain with deep events', () => {
  beforeEach(() => {
    seen.length = 0;
  });

  it.each([
    ['objects 10,000 deep', () => ({ action: 'echo', payload: nest(10000) })],
    ['arrays 10,000 deep', () => ({ action: 'echo', payload: JSON.parse('['.repeat(10000) + ']'.repeat(10000)) as unknown })],
    ['one level over the limit', () => ({ action: 'echo', payload: nest(MAX_EVENT_DEPTH - 1, {}) })],
  ])('refuses %s with BAD_REQUEST and runs nothing', async (_name, make) => {
    await expect(asCaller(make())).resolves.toMatchObject({ ok: false, code: 'BAD_REQUEST', message: '请求嵌套层级过深' });
    expect(seen).toEqual([]);
  });

  it('runs an event at the limit', async () => {
    await expect(asCaller({ action: 'echo', payload: nest(MAX_EVENT_DEPTH - 2, {}) })).resolves.toEqual({ ok: true, data: 'ran' });
  });

  it('still refuses a caller-less call first', async () => {
    await expect(runAsCaller(null, 'wx_test', () => main({ action: 'echo', payload: nest(10000) }))).resolves.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });
});
