/**
 * The grid worker's passes on a batch row (电话核查, 入户走访, 每日更新) and its outcome (纳管, 不在辖区,
 * 查无此人, 已离开): each timestamped, by whom, audited; an outcome closes the row's queue item.
 */
import { PASS_KINDS, ROW_OUTCOME_LABELS, passRank, type BatchRowDoc, type BatchRowView, type PassRecord } from '../../src/domain/batches';
import type { ParsedOf } from '../../src/domain/contracts';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import { decrypt } from '../common/crypto';
import { first } from '../common/db';
import { fail } from '../common/errors';
import { closeQueueItemById } from '../common/queue';
import type { StaffContext } from '../common/staffAccess';
import { startIsolation } from '../staff/isolation';
import { itemIdOf, requireRow, rowView } from './model';

const updated = (res: unknown) => (res as { stats?: { updated?: number } }).stats?.updated ?? 0;

async function reread(ctx: StaffContext, rowId: string): Promise<BatchRowView> {
  return rowView((await first<BatchRowDoc>(ctx.db.collection(Collections.batchRows).where({ _id: rowId })))!);
}

/** The number the list gives for the row, to dial it from the item: audited as a call. */
export async function callRow(ctx: StaffContext, input: ParsedOf<'batch', 'call'>): Promise<{ phone: string }> {
  const row = await requireRow(ctx.db, ctx.access, input.rowId);
  if (!row.phone) return fail('NOT_FOUND', '上级数据中没有该人员的手机号', 'rowId');
  await appendAudit(ctx.db, { action: 'call', staff: ctx.access.staff, target: { collection: Collections.batchRows, id: row._id, field: 'phone' }, reason: `核查 ${row.batchId}`, at: ctx.now });
  return { phone: decrypt(row.phone.cipher) };
}

/** Records one pass on a dispatched row. */
export async function recordPass(ctx: StaffContext, input: ParsedOf<'batch', 'pass'>): Promise<BatchRowView> {
  const { db, now, access } = ctx;
  const row = await requireRow(db, access, input.rowId);
  if (input.kind === 'phone' && !input.phoneOutcome) return fail('REQUIRED', '请选择电话核查的结果', 'phoneOutcome');
  if (input.kind === 'visit' && input.atHome === undefined) return fail('REQUIRED', '请选择是否见到本人', 'atHome');
  if (row.state !== 'dispatched') return fail('BATCH_ROW_STATE');
  const pass: PassRecord = {
    kind: input.kind,
    at: now,
    staffId: access.staff._id,
    staffName: access.staff.name,
    ...(input.phoneOutcome ? { phoneOutcome: input.phoneOutcome } : {}),
    ...(input.inArea !== undefined ? { inArea: input.inArea } : {}),
    ...(input.whereNow ? { whereNow: input.whereNow } : {}),
    ...(input.atHome !== undefined ? { atHome: input.atHome } : {}),
    ...(input.measures ? { measures: input.measures } : {}),
    ...(input.note ? { note: input.note } : {}),
  };
  const _ = db.command;
  // the row's stage moves forward only: raised with the pass while it is behind, else the pass alone
  const behind = PASS_KINDS.filter((k) => passRank(k) < passRank(input.kind));
  const raised = behind.length
    ? await db
        .collection(Collections.batchRows)
        .where({ _id: row._id, state: 'dispatched', stage: _.in(behind) })
        .update({ data: { passes: _.push([pass]), stage: input.kind, updatedAt: now } })
    : null;
  const res =
    raised && updated(raised) > 0
      ? raised
      : await db
          .collection(Collections.batchRows)
          .where({ _id: row._id, state: 'dispatched' })
          .update({ data: { passes: _.push([pass]), updatedAt: now } });
  if (updated(res) === 0) return fail('BATCH_ROW_STATE');
  await appendAudit(db, { action: 'batch_pass', staff: access.staff, target: { collection: Collections.batchRows, id: row._id, field: input.kind }, at: now });
  return reread(ctx, row._id);
}

/**
 * The row's outcome. 纳管 with an isolation starts it for the person 一人一档 links (their household
 * known); the row is closed with the outcome and its queue item closed.
 */
export async function recordOutcome(ctx: StaffContext, input: ParsedOf<'batch', 'outcome'>): Promise<BatchRowView> {
  const { db, now, access } = ctx;
  const row = await requireRow(db, access, input.rowId);
  if (row.state !== 'dispatched') return fail('BATCH_ROW_STATE');
  if (input.outcome === 'out_of_area' && !input.where) return fail('REQUIRED', '请填写现在何处', 'where');
  let isolationId: string | undefined;
  if (input.outcome === 'managed' && input.isolation) {
    if (!row.person?.householdId) return fail('BATCH_PERSON_UNKNOWN', undefined, 'isolation');
    const started = await startIsolation(ctx, { personId: row.person.personId, ...input.isolation });
    isolationId = started.isolationId;
  }
  const outcome = {
    kind: input.outcome,
    ...(input.note ? { note: input.note } : {}),
    ...(input.where ? { where: input.where } : {}),
    ...(isolationId ? { isolationId } : {}),
    staffId: access.staff._id,
    staffName: access.staff.name,
    at: now,
  };
  const res = await db
    .collection(Collections.batchRows)
    .where({ _id: row._id, state: 'dispatched' })
    .update({ data: { state: 'closed', outcome, updatedAt: now } });
  if (updated(res) === 0) return fail('BATCH_ROW_STATE');
  await closeQueueItemById(db, itemIdOf(row._id), `核查结果：${ROW_OUTCOME_LABELS[input.outcome]}`, now);
  await appendAudit(db, { action: 'batch_outcome', staff: access.staff, target: { collection: Collections.batchRows, id: row._id }, reason: ROW_OUTCOME_LABELS[input.outcome], at: now });
  return reread(ctx, row._id);
}
