/**
 * How the local cloud feeds a caller to `cloud.getWXContext()`. On WeChat the runtime sets WX_*
 * environment variables for each invocation; the SDK reads them from `process.env` at call time.
 * Here many invocations run at once in one process, so `process.env` becomes a view whose WX_*
 * keys come from the invocation's async context: a caller's identity cannot leak to another call,
 * and code outside any invocation sees no identity at all.
 */
import { AsyncLocalStorage } from 'async_hooks';

type WxEnv = Record<string, string>;

const invocation = new AsyncLocalStorage<WxEnv>();
let installed = false;

const isWxKey = (key: string | symbol): key is string =>
  typeof key === 'string' && (key === 'WX_CONTEXT_KEYS' || key.startsWith('WX_'));

export function installIdentityContext(): void {
  if (installed) return;
  installed = true;
  const real = process.env;
  process.env = new Proxy(real, {
    get(target, key) {
      if (isWxKey(key)) return invocation.getStore()?.[key];
      return Reflect.get(target, key);
    },
    has(target, key) {
      if (isWxKey(key)) return invocation.getStore()?.[key] !== undefined;
      return Reflect.has(target, key);
    },
  });
}

/** Run `fn` as an invocation by `openid`, the way WeChat would present that caller. */
export function runAsCaller<T>(openid: string | null, appid: string, fn: () => Promise<T>): Promise<T> {
  installIdentityContext();
  const env: WxEnv = openid
    ? { WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', WX_OPENID: openid, WX_APPID: appid }
    : {};
  return invocation.run(env, fn);
}
