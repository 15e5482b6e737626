/** A local cloud on a temporary database, for function tests: real SDK, real store, demo seed. */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Collections } from '../../cloudfunctions/common/collections';
import { getDb } from '../../cloudfunctions/common/cloud';
import { total } from '../../cloudfunctions/common/db';
import type { Result } from '../../src/domain/errors';
import type { ActionName, DataOf, FunctionName, PayloadOf } from '../../src/domain/contracts';
import { startLocalCloud, type LocalCloud } from '../../localcloud/server';
import { PERSONAS } from '../../localcloud/personas';
import type { Latency } from '../../localcloud/db/transport';

export interface TestCloud {
  cloud: LocalCloud;
  dataDir: string;
  call<F extends FunctionName, A extends ActionName<F>>(
    openid: string | null,
    name: F,
    action: A,
    payload: PayloadOf<F, A> | Record<string, unknown>,
    extraEvent?: Record<string, unknown>,
  ): Promise<Result<DataOf<F, A>>>;
  counts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export const RESIDENT = PERSONAS.resident.openid;
export const RESIDENT2 = PERSONAS.resident2.openid;

export interface TestCloudOptions {
  /** persona login over HTTP (default true: function and HTTP tests log in as personas) */
  demo?: boolean;
  /**
   * Latency mode for concurrency tests (default: GRIDLINK_DB_LATENCY_MS, else none): without a delay
   * the store answers each request at once and concurrent calls never interleave.
   */
  latency?: Latency;
}

/** The delay concurrency tests run under: CloudBase's network, roughly. */
export const RACE_LATENCY: Latency = { min: 0, max: 3 };

export async function startTestCloud(opts: TestCloudOptions = {}): Promise<TestCloud> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlink-test-'));
  const cloud = await startLocalCloud({ dataDir, port: 0, h5Dir: join(dataDir, 'no-h5'), timers: false, demo: opts.demo ?? true, ...(opts.latency ? { dbLatency: opts.latency } : {}) });
  return {
    cloud,
    dataDir,
    call: (openid, name, action, payload, extraEvent) => cloud.invoke(name, { ...extraEvent, action, payload }, openid) as never,
    async counts() {
      const db = getDb();
      const out: Record<string, number> = {};
      for (const name of Object.values(Collections)) out[name] = await total(db.collection(name));
      return out;
    },
    async stop() {
      await cloud.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
