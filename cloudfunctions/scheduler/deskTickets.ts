/** Desk sign-in tickets live two minutes; their records are removed an hour after they expired (anyone may ask for one). */
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';

export const TICKET_KEPT_AFTER_EXPIRY_MS = 3600_000;

export async function sweepDeskTickets(db: Database, now: Date): Promise<number> {
  const _ = db.command;
  const res = (await db
    .collection(Collections.deskTickets)
    .where({ expiresAt: _.lt(new Date(now.getTime() - TICKET_KEPT_AFTER_EXPIRY_MS)) })
    .remove()) as { stats?: { removed?: number } };
  return res.stats?.removed ?? 0;
}
