/**
 * The grid worker's passes on a batch row (电话核查, 入户走访, 每日更新) and its outcome (纳管, 不在辖区,
 * 查无此人, 已离开): each timestamped, by whom, audited; an outcome closes the row's queue item.
 */
import type { BatchRowDoc, BatchRowView } from '../../src/domain/batches';
import type { ParsedOf } from '../../src/domain/contracts';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import { decrypt } from '../common/crypto';
import { first } from '../common/db';
import { fail } from '../common/errors';
import type { StaffContext } from '../common/staffAccess';
import { requireRow, rowView } from './model';
import { checkOutcome, checkPass, closeRows, writePass } from './together';

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
  const { rowId, ...pass } = input;
  const row = await requireRow(ctx.db, ctx.access, rowId);
  checkPass(pass);
  if (row.state !== 'dispatched') return fail('BATCH_ROW_STATE');
  const written = await writePass(ctx, row, pass);
  if (!written.ok) return fail('BATCH_ROW_STATE');
  return reread(ctx, row._id);
}

/**
 * The row's outcome. 纳管 with an isolation starts it for the person 一人一档 links, or — unknown to
 * it — files the person and their household from the row first (`filing`: the room); the row is
 * closed with the outcome and its queue item closed. The same path as several rows at once.
 */
export async function recordOutcome(ctx: StaffContext, input: ParsedOf<'batch', 'outcome'>): Promise<BatchRowView> {
  const { rowId, ...outcome } = input;
  const row = await requireRow(ctx.db, ctx.access, rowId);
  if (row.state !== 'dispatched') return fail('BATCH_ROW_STATE');
  checkOutcome(ctx, outcome);
  const [result] = await closeRows(ctx, [row], outcome);
  if (!result.ok) return fail(result.code === 'BATCH_ROW_CLOSED' ? 'BATCH_ROW_STATE' : result.code, result.message, result.code === 'BATCH_PERSON_UNKNOWN' ? 'filing' : undefined);
  return reread(ctx, row._id);
}
