/**
 * Dispatch: each placed row becomes one queue item (kind `batch_row`) in its grid's queue, due at
 * the batch's deadline, and the grid's workers are told once per batch. Item ids derive from row
 * ids, so dispatching again (a retry, a second tap, a row placed later) never makes a second item.
 */
import { maskName } from '../../src/domain/masking';
import type { BatchDoc, BatchRowDoc } from '../../src/domain/batches';
import type { StaffDoc } from '../../src/domain/staff';
import type { ParsedOf } from '../../src/domain/contracts';
import { notificationPath, Pages } from '../../src/domain/routes';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { rows as readRows } from '../common/db';
import { fail } from '../common/errors';
import { notify } from '../common/notify';
import { ensureQueueItems, newQueueItem } from '../common/queue';
import type { StaffContext } from '../common/staffAccess';
import { itemIdOf, requireBatch } from './model';

const DISPATCH_FIELDS = Object.fromEntries(
  ['_id', 'state', 'sortKey', 'name', 'phone.masked', 'address', 'buildingId', 'gridId', 'communityId', 'placePath', 'person', 'flagged'].map((f) => [f, true]),
);

/** Rows dispatched per call (a client repeats while `remaining` > 0). */
export const DISPATCH_PAGE = 1000;

export function batchItem(batch: BatchDoc, row: BatchRowDoc, now: Date) {
  return newQueueItem({
    _id: itemIdOf(row._id),
    kind: 'batch_row',
    refId: row._id,
    place: {
      communityId: row.communityId!,
      gridId: row.gridId!,
      placePath: row.placePath,
      ...(row.person?.householdId ? { householdId: row.person.householdId } : {}),
      personName: row.name,
      ...(row.phone ? { phoneMasked: row.phone.masked } : {}),
      ...(row.address ? { address: row.address } : {}),
    },
    priority: 'normal',
    due: batch.deadline,
    title: `上级核查 ${batch.subject}`,
    summary: [maskName(row.name), batch.source, row.flagged ? '数据有误' : ''].filter(Boolean).join(' · '),
    at: now,
  });
}

/** Tells each grid's active workers once per batch that rows arrived in their queue. */
async function notifyGrids(db: Database, batch: BatchDoc, counts: Map<string, number>, now: Date): Promise<void> {
  const _ = db.command;
  const gridIds = [...counts.keys()];
  if (gridIds.length === 0) return;
  const workers = await readRows<StaffDoc>(db.collection(Collections.staff).where({ scope: _.in(gridIds), role: 'worker', active: true }).limit(1000));
  for (const w of workers) {
    const n = w.scope.reduce((sum, g) => sum + (counts.get(g) ?? 0), 0);
    if (n === 0) continue;
    await notify(
      db,
      {
        key: `batch_${batch._id.slice(3, 19)}_${now.getTime().toString(36)}`,
        toOpenid: w.openid,
        template: 'itemAssigned',
        page: notificationPath(Pages.staffQueue),
        data: { title: `上级核查 ${batch.subject} ${n}人`.slice(0, 20), from: batch.source.slice(0, 10) },
      },
      now,
    );
  }
}

/** Makes the queue items of these rows and marks them dispatched (conditionally: a row changed meanwhile keeps its state). */
export async function dispatchRows(db: Database, batch: BatchDoc, rows: BatchRowDoc[], now: Date): Promise<number> {
  const _ = db.command;
  if (rows.length === 0) return 0;
  await ensureQueueItems(db, rows.map((r) => batchItem(batch, r, now)));
  for (const state of ['placed', 'invalid'] as const) {
    const ids = rows.filter((r) => r.state === state).map((r) => r._id);
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .collection(Collections.batchRows)
        .where({ _id: _.in(ids.slice(i, i + 500)), state })
        .update({ data: { state: 'dispatched', ...(state === 'invalid' ? { flagged: true } : {}), updatedAt: now } });
    }
  }
  const perGrid = new Map<string, number>();
  for (const r of rows) perGrid.set(r.gridId!, (perGrid.get(r.gridId!) ?? 0) + 1);
  await notifyGrids(db, batch, perGrid, now);
  return rows.length;
}

/** How long one dispatch call may run before it hands back (`more`: call again). */
const DISPATCH_BUDGET_MS = 4000;

/**
 * Dispatches the batch's placed rows (and, when asked, rows with errors that have a building:
 * flagged). Unplaced rows wait in 待分拨; errors without a building wait for a fix.
 */
export async function dispatchBatch(ctx: StaffContext, input: ParsedOf<'batch', 'dispatch'>): Promise<{ dispatched: number; more: boolean }> {
  const { db, now, access } = ctx;
  const _ = db.command;
  const batch = await requireBatch(db, access, input.batchId);
  if (batch.deadline.getTime() <= now.getTime()) return fail('BATCH_DEADLINE_PAST', '该批次已过反馈时限，请先修改时限');
  if (!batch.dispatchedAt) await db.collection(Collections.batches).doc(batch._id).update({ data: { dispatchedAt: now, updatedAt: now } });
  const started = Date.now();
  let dispatched = 0;
  for (const state of input.withErrors ? (['placed', 'invalid'] as const) : (['placed'] as const)) {
    let after = '';
    for (;;) {
      const page = await readRows<BatchRowDoc>(
        db
          .collection(Collections.batchRows)
          .where({ batchId: batch._id, state, sortKey: _.gt(after) })
          // what an item copies: not the row's encrypted cells and history
          .field(DISPATCH_FIELDS)
          .orderBy('sortKey', 'asc')
          .limit(DISPATCH_PAGE),
      );
      dispatched += await dispatchRows(db, batch, page.filter((r) => r.buildingId && r.gridId), now);
      if (page.length < DISPATCH_PAGE) break;
      after = page[page.length - 1].sortKey;
      if (Date.now() - started > DISPATCH_BUDGET_MS) return { dispatched, more: true };
    }
  }
  return { dispatched, more: false };
}
