/**
 * The one place that initialises wx-server-sdk. On WeChat the SDK talks to CloudBase; in the local
 * cloud the same SDK runs with its database transport answered by the embedded store.
 */
import cloud from 'wx-server-sdk';

let initialised = false;

export type Cloud = typeof cloud;
export type Database = ReturnType<Cloud['database']>;

export function getCloud(): Cloud {
  if (!initialised) {
    // DYNAMIC_CURRENT_ENV is typed as a symbol but init() takes it as the env (see TOOLCHAIN.md).
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
}

export function getDb(): Database {
  return getCloud().database();
}
