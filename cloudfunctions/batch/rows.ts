/** The desk's lists and fixes: batches, rows by state, 待分拨, placing a row, fixing a row, the error file. */
import { aliasFromPlacing } from '../../src/domain/addresses';
import { BATCH_FIELDS, GRID_ROW_STATES, OPEN_ROW_STATES, type BatchDoc, type BatchRowState, type BatchImportDoc, type BatchRowDoc, type BatchRowView, type BatchView } from '../../src/domain/batches';
import type { Page, ParsedOf } from '../../src/domain/contracts';
import { inScope } from '../../src/domain/staff';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import { decrypt, encrypt } from '../common/crypto';
import { cursorCodec, cursorParts } from '../common/cursors';
import { first, rows as readRows } from '../common/db';
import { fail } from '../common/errors';
import { saveGeneratedFile } from '../common/files';
import { forEachPage, keysetPage } from '../common/paging';
import { getPlace } from '../common/places';
import { requirePlaceInScope, scopeIds, underScope, type StaffContext } from '../common/staffAccess';
import { batchStageWhere } from '../common/dayFigures';
import { dispatchRows } from './dispatch';
import { aliasIdOf, batchView, maskCell, placeEnvironment, requireBatch, requireRow, rowView, sortKeyOf, sortKeyParts } from './model';
import { checkPass, prepareRows, rowFields } from './prepare';
import { writeXlsx } from './sheets';

const PAGE = 50;
/** a row's sort key in its parts: the batch's deadline, the batch, the row number */
const rowsCursor = cursorCodec<[Date, string, number]>('batchRows', cursorParts.date, cursorParts.id, cursorParts.int(0, 9_999_999));
const batchesCursor = cursorCodec<[Date, string]>('batches', cursorParts.date, cursorParts.id);
const updated = (res: unknown) => (res as { stats?: { updated?: number } }).stats?.updated ?? 0;

export async function listBatches(ctx: StaffContext, input: ParsedOf<'batch', 'list'>): Promise<Page<BatchView>> {
  const { db, access } = ctx;
  const after = batchesCursor.decode(input.cursor);
  const found = await keysetPage<BatchDoc>(db, Collections.batches, underScope(db, access), { field: 'createdAt', dir: 'desc' }, after, 21);
  const page = found.slice(0, 20);
  const last = page[page.length - 1];
  return { items: await Promise.all(page.map((b) => batchView(db, b))), nextCursor: found.length > 20 ? batchesCursor.encode([last.createdAt, last._id]) : null };
}

export async function getBatch(ctx: StaffContext, input: ParsedOf<'batch', 'batch'>): Promise<BatchView> {
  return batchView(ctx.db, await requireBatch(ctx.db, ctx.access, input.batchId));
}

async function rowPage(ctx: StaffContext, where: Record<string, unknown>, cursor: string | null): Promise<Page<BatchRowView>> {
  const _ = ctx.db.command;
  const after = rowsCursor.decode(cursor);
  const found = await readRows<BatchRowDoc>(
    ctx.db
      .collection(Collections.batchRows)
      .where({ ...where, ...(after ? { sortKey: _.gt(sortKeyOf(...after)) } : {}) })
      .orderBy('sortKey', 'asc')
      .limit(PAGE + 1),
  );
  const page = found.slice(0, PAGE);
  const last = page[page.length - 1];
  return { items: page.map(rowView), nextCursor: found.length > PAGE ? rowsCursor.encode(sortKeyParts(last.sortKey)) : null };
}

/**
 * A batch's rows, filtered as a number of the progress page counts them (state, grid, a pass done,
 * an outcome, overdue), each filter answered by an index led by the batch (collections.ts).
 */
export async function listRows(ctx: StaffContext, input: ParsedOf<'batch', 'rows'>): Promise<Page<BatchRowView>> {
  const _ = ctx.db.command;
  const batch = await requireBatch(ctx.db, ctx.access, input.batchId);
  if (input.overdue && batch.deadline.getTime() > ctx.now.getTime()) return { items: [], nextCursor: null };
  // the states the filters allow together (a state, a grid line's, the open ones when overdue)
  let states: readonly BatchRowState[] | null = input.state ? [input.state] : null;
  const allow = (only: readonly BatchRowState[]) => (states = (states ?? only).filter((s) => only.includes(s)));
  if (input.inGrid) allow(GRID_ROW_STATES);
  if (input.overdue) allow(OPEN_ROW_STATES);
  if (states?.length === 0) return { items: [], nextCursor: null };
  const state = !states ? undefined : states.length === 1 ? states[0] : _.in([...states]);
  return rowPage(
    ctx,
    {
      batchId: batch._id,
      ...(state !== undefined ? { state } : {}),
      ...(input.gridId ? { gridId: input.gridId } : {}),
      ...(input.pass ? { 'passes.kind': input.pass } : {}),
      ...(input.outcome ? { 'outcome.kind': input.outcome } : {}),
    },
    input.cursor,
  );
}

/** A place's 待分拨: rows of every batch sent to it whose address found no building, soonest deadline first. */
export async function unplacedRows(ctx: StaffContext, input: ParsedOf<'batch', 'unplaced'>): Promise<Page<BatchRowView>> {
  const placeId = input.placeId ?? ctx.access.scope[0]._id;
  const place = await getPlace(ctx.db, placeId);
  if (!place || !inScope(scopeIds(ctx.access), place.path)) return fail('SCOPE_OUTSIDE', undefined, 'placeId');
  // every unplaced row under the place (a street's list holds its communities' too): the rows the
  // dashboard's 待分拨 number counts; unplaced rows have had no worker's pass (stage 'check')
  return rowPage(ctx, { placePath: place._id, state: 'unplaced', stage: 'check' }, input.cursor);
}

/**
 * The rows under a place of the caller's scope (else the whole scope) being checked whose furthest
 * pass is `stage`: exactly the rows a dashboard per-pass number counts (the same filter, on the
 * `path_state_stage_sort` index). Any staff member: a grid worker's scope is their grids.
 */
export async function stageRows(ctx: StaffContext, input: ParsedOf<'batch', 'stageRows'>): Promise<Page<BatchRowView>> {
  const { db, access } = ctx;
  const placePath = input.placeId ? (await requirePlaceInScope(db, access, input.placeId))._id : underScope(db, access).placePath;
  return rowPage(ctx, batchStageWhere(placePath, input.stage), input.cursor);
}

/**
 * A dispatcher places an unplaced row: on a building of the batch's place (what the address
 * teaches is remembered for the next list), or 不在辖区. A batch already dispatched sends the row
 * to its grid at once.
 */
export async function placeRow(ctx: StaffContext, input: ParsedOf<'batch', 'place'>): Promise<BatchRowView> {
  const { db, now, access } = ctx;
  const row = await requireRow(db, access, input.rowId);
  const batch = await requireBatch(db, access, row.batchId);
  if (row.state !== 'unplaced') return fail('BATCH_ROW_STATE', '该行已分拨，请刷新后查看');
  if (input.outOfArea) {
    const res = await db
      .collection(Collections.batchRows)
      .where({ _id: row._id, state: 'unplaced' })
      .update({
        data: {
          state: 'out_of_area',
          unplacedPlaceId: null,
          outcome: { kind: 'out_of_area', ...(input.note ? { note: input.note } : {}), staffId: access.staff._id, staffName: access.staff.name, at: now },
          updatedAt: now,
        },
      });
    if (updated(res) === 0) return fail('BATCH_ROW_STATE', '该行已分拨，请刷新后查看');
    return rowView((await first<BatchRowDoc>(db.collection(Collections.batchRows).where({ _id: row._id })))!);
  }
  if (!input.buildingId) return fail('REQUIRED', '请选择楼栋，或标记为不在辖区', 'buildingId');
  const env = await placeEnvironment(db, batch.placeId, (await getPlace(db, batch.placeId)) ?? undefined);
  const building = env.buildings.get(input.buildingId);
  if (!building || !inScope(scopeIds(access), building.path)) return fail('BATCH_PLACE_OUTSIDE', undefined, 'buildingId');
  const placed = {
    state: 'placed' as const,
    placedBy: 'staff' as const,
    buildingId: building._id,
    gridId: building.gridId!,
    communityId: env.communityOf(building),
    placePath: building.path,
    unplacedPlaceId: null,
    updatedAt: now,
  };
  const res = await db.collection(Collections.batchRows).where({ _id: row._id, state: 'unplaced' }).update({ data: placed });
  if (updated(res) === 0) return fail('BATCH_ROW_STATE', '该行已分拨，请刷新后查看');

  if (row.address) {
    const compound = building.parentId ? await getPlace(db, building.parentId) : null;
    const alias = aliasFromPlacing(row.address, {
      buildingId: building._id,
      buildingName: building.name,
      compoundId: compound?.level === 'compound' ? compound._id : null,
    });
    if (alias) {
      const { text, compoundId, buildingId } = alias;
      await db
        .collection(Collections.addressAliases)
        .doc(aliasIdOf(batch.placeId, text))
        .set({
          data: { placeId: batch.placeId, text, ...(compoundId ? { compoundId } : {}), ...(buildingId ? { buildingId } : {}), example: row.address, createdByStaffId: access.staff._id, createdAt: now },
        });
    }
  }
  const fresh = { ...row, ...placed };
  if (batch.dispatchedAt) await dispatchRows(db, batch, [fresh], now);
  return rowView((await first<BatchRowDoc>(db.collection(Collections.batchRows).where({ _id: row._id })))!);
}

/** Fixes a row's values in the app (a wrong ID digit, a phone): validated, looked up and placed again. */
export async function fixRow(ctx: StaffContext, input: ParsedOf<'batch', 'fixRow'>): Promise<BatchRowView> {
  const { db, now, access } = ctx;
  const row = await requireRow(db, access, input.rowId);
  const batch = await requireBatch(db, access, row.batchId);
  if (!['invalid', 'unplaced', 'placed'].includes(row.state)) return fail('BATCH_ROW_STATE');
  const job = await first<BatchImportDoc>(db.collection(Collections.batchImports).where({ _id: row.importId }));
  if (!job) return fail('NOT_FOUND', '导入任务不存在');
  const cells = JSON.parse(decrypt(row.cellsCipher)) as string[];
  for (const field of BATCH_FIELDS) {
    const value = input.values[field];
    const column = job.mapping[field];
    if (value === undefined) continue;
    if (column === undefined) return fail('BATCH_MAPPING_INVALID', '该字段没有对应的列', `values.${field}`);
    cells[column] = value;
  }
  const env = await placeEnvironment(db, batch.placeId, (await getPlace(db, batch.placeId)) ?? undefined);
  const [prepared] = await prepareRows(db, env, job.mapping, [{ rowNumber: row.rowNumber, cells }], now);
  const fields = rowFields(prepared, batch, env, encrypt);
  const res = await db
    .collection(Collections.batchRows)
    .where({ _id: row._id, state: row.state })
    .update({ data: { ...fields, keys: [...new Set([...row.keys, ...fields.keys])], passes: [checkPass(prepared.person, now)], stage: 'check', updatedAt: now } });
  if (updated(res) === 0) return fail('CONFLICT');
  const fresh = (await first<BatchRowDoc>(db.collection(Collections.batchRows).where({ _id: row._id })))!;
  if (batch.dispatchedAt && fresh.state === 'placed') await dispatchRows(db, batch, [fresh], now);
  return rowView((await first<BatchRowDoc>(db.collection(Collections.batchRows).where({ _id: row._id })))!);
}

/**
 * The rows with errors as an xlsx: the original columns (ID and phone numbers masked, except a cell
 * that is itself wrong, which the user has to see to fix), then 行号 and 错误说明. Audited as an export.
 */
export async function errorFile(ctx: StaffContext, input: ParsedOf<'batch', 'errorFile'>): Promise<{ fileId: string; url: string; expiresAt: string; name: string; rows: number }> {
  const { db, now, access } = ctx;
  const batch = await requireBatch(db, access, input.batchId);
  const mapping = batch.mapping;
  const out: string[][] = [];
  await forEachPage<BatchRowDoc>(db, Collections.batchRows, { batchId: batch._id, state: 'invalid' }, 1000, async (page) => {
    for (const row of page) {
      const cells = JSON.parse(decrypt(row.cellsCipher)) as string[];
      const wrong = new Set(row.errors.map((e) => mapping[e.field]).filter((c): c is number => c !== undefined));
      const sensitive = new Set([mapping.idNumber, mapping.phone].filter((c): c is number => c !== undefined));
      const shown = batch.headers.map((_h, i) => (wrong.has(i) ? (cells[i] ?? '') : maskCell(cells[i] ?? '', sensitive.has(i))));
      out.push([...shown, String(row.rowNumber), row.errors.map((e) => e.message).join('；')]);
    }
  });
  out.sort((a, b) => Number(a[a.length - 2]) - Number(b[b.length - 2]));
  const bytes = await writeXlsx('错误行', [...batch.headers, '行号', '错误说明'], out);
  const name = `${batch.subject}-错误行.xlsx`;
  const saved = await saveGeneratedFile(db, ctx.caller.openid, { purpose: 'export', kind: 'xlsx', bytes, name }, now);
  await appendAudit(db, { action: 'export', staff: access.staff, target: { collection: Collections.batches, id: batch._id }, reason: `错误行 ${out.length}行`, at: now });
  return { fileId: saved.fileId, url: saved.url, expiresAt: saved.expiresAt, name, rows: out.length };
}

