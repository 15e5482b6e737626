/**
 * A short lease on a name (one document per name in `leases`, its id derived from the name): of
 * callers wanting the same name at once exactly one holds it — the create is unique by `_id`, a
 * lease run out is taken over conditionally — and the others wait for it to be let go. For a
 * check-then-create no unique key can guard (two different persons filed into one room).
 */
import { randomUUID, createHash } from 'node:crypto';
import type { Database } from './cloud';
import { now as clock } from './clock';
import { Collections } from './collections';
import { fail, isDuplicateKeyError } from './errors';
import type { ErrorCode } from '../../src/domain/errors';

const updated = (res: unknown) => (res as { stats?: { updated?: number } }).stats?.updated ?? 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LeaseOptions {
  /** how long a holder may keep it (a caller that dies lets it run out) */
  ttlMs?: number;
  /** how long to wait for it before answering `busy` */
  waitMs?: number;
  busy: ErrorCode;
}

/** Runs `run` holding the lease on `name`; lets it go after, whatever happens. */
export async function withLease<T>(db: Database, name: string, opts: LeaseOptions, run: () => Promise<T>): Promise<T> {
  const ttl = opts.ttlMs ?? 20_000;
  const deadline = Date.now() + (opts.waitMs ?? 15_000);
  const _id = `l_${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
  const token = randomUUID();
  const leases = db.collection(Collections.leases);
  for (let attempt = 0; ; attempt++) {
    const until = new Date(clock().getTime() + ttl);
    try {
      await leases.add({ data: { _id, token, until } });
      break;
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
    }
    // held: taken over only when it has run out
    if (updated(await leases.where({ _id, until: db.command.lt(clock()) }).update({ data: { token, until } })) === 1) break;
    if (Date.now() > deadline) return fail(opts.busy);
    await sleep(Math.min(5 + attempt * 5, 50));
  }
  try {
    return await run();
  } finally {
    await leases.where({ _id, token }).remove();
  }
}
