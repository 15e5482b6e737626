/**
 * The return file (反馈表): every row of the batch with the original columns in their original
 * order, then 核查结果, 管控措施, 核查人, 核查时间, 所属网格, 备注 — xlsx in cloud storage behind an
 * expiring link. ID and phone numbers masked unless full values are asked for with a reason; either
 * way audited as an export.
 */
import {
  BATCH_ROW_STATE_LABELS,
  PASS_KIND_LABELS,
  PHONE_OUTCOME_LABELS,
  RETURN_COLUMNS,
  ROW_OUTCOME_LABELS,
  type BatchImportDoc,
  type BatchRowDoc,
} from '../../src/domain/batches';
import { ISOLATION_KIND_LABELS, type IsolationDoc } from '../../src/domain/checkins';
import type { ParsedOf } from '../../src/domain/contracts';
import type { Place } from '../../src/domain/places';
import { formatShanghai } from '../../src/domain/time';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import { decrypt } from '../common/crypto';
import { rows as readRows } from '../common/db';
import { fail } from '../common/errors';
import { saveGeneratedFile } from '../common/files';
import { fetchAll, forEachPage } from '../common/paging';
import type { StaffContext } from '../common/staffAccess';
import { maskCell, requireBatch } from './model';
import { writeXlsx } from './sheets';

/** What the row's passes and outcome say, in the return file's added columns. */
function resultColumns(row: BatchRowDoc, gridNames: Map<string, string>, isolations: Map<string, IsolationDoc>): string[] {
  const worked = row.passes.filter((p) => p.staffId);
  const last = worked[worked.length - 1];
  const phone = [...worked].reverse().find((p) => p.kind === 'phone');
  const visit = [...worked].reverse().find((p) => p.kind === 'visit');
  const result = row.outcome ? ROW_OUTCOME_LABELS[row.outcome.kind] : BATCH_ROW_STATE_LABELS[row.state];
  const iso = row.outcome?.isolationId ? isolations.get(row.outcome.isolationId) : undefined;
  const measures = [iso ? `${ISOLATION_KIND_LABELS[iso.kind]}（${iso.startDate}至${iso.endDate}）` : '', visit?.measures ?? ''].filter(Boolean).join('；');
  const notes = [
    row.outcome?.where ? `现在：${row.outcome.where}` : '',
    row.outcome?.note ?? '',
    phone ? `${PASS_KIND_LABELS.phone}：${PHONE_OUTCOME_LABELS[phone.phoneOutcome!]}${phone.whereNow ? `，${phone.whereNow}` : ''}` : '',
    visit ? `${PASS_KIND_LABELS.visit}：${visit.atHome ? '见到本人' : '未见到本人'}` : '',
    row.duplicateRows.length ? `与第${row.duplicateRows.join('、')}行为同一人` : '',
    row.errors.length ? `上级数据有误：${row.errors.map((e) => e.message).join('；')}` : '',
  ].filter(Boolean);
  return [
    result,
    measures,
    row.outcome?.staffName ?? last?.staffName ?? '',
    row.outcome ? formatShanghai(row.outcome.at) : last ? formatShanghai(last.at) : '',
    row.gridId ? (gridNames.get(row.gridId) ?? '') : '',
    notes.join('；'),
  ];
}

export async function returnFile(
  ctx: StaffContext,
  input: ParsedOf<'batch', 'returnFile'>,
): Promise<{ fileId: string; url: string; expiresAt: string; name: string; rows: number; full: boolean }> {
  const { db, now, access } = ctx;
  const _ = db.command;
  const batch = await requireBatch(db, access, input.batchId);
  if (input.full && !input.reason) return fail('REQUIRED', '导出完整身份证号和手机号，请填写用途', 'reason');

  // rows of an earlier import may have their columns in another order: placed by header name
  const imports = await fetchAll<BatchImportDoc>(db, Collections.batchImports, { batchId: batch._id });
  const columnMaps = new Map(imports.map((job) => [job._id, batch.headers.map((h) => job.headers.indexOf(h))]));
  const sensitive = new Set([batch.mapping.idNumber, batch.mapping.phone].filter((c): c is number => c !== undefined));

  const rows: BatchRowDoc[] = [];
  await forEachPage<BatchRowDoc>(db, Collections.batchRows, { batchId: batch._id }, 1000, async (page) => {
    rows.push(...page);
  });
  rows.sort((a, b) => a.rowNumber - b.rowNumber);
  const gridIds = [...new Set(rows.flatMap((r) => (r.gridId ? [r.gridId] : [])))];
  const grids = gridIds.length ? await readRows<Place>(db.collection(Collections.places).where({ _id: _.in(gridIds) }).limit(gridIds.length)) : [];
  const gridNames = new Map(grids.map((g) => [g._id, g.name]));
  const isolationIds = rows.flatMap((r) => (r.outcome?.isolationId ? [r.outcome.isolationId] : []));
  const isolations = new Map<string, IsolationDoc>();
  for (let i = 0; i < isolationIds.length; i += 1000) {
    const part = isolationIds.slice(i, i + 1000);
    for (const iso of await readRows<IsolationDoc>(db.collection(Collections.isolations).where({ _id: _.in(part) }).limit(part.length))) isolations.set(iso._id, iso);
  }

  const out = rows.map((row) => {
    const cells = JSON.parse(decrypt(row.cellsCipher)) as string[];
    const map = columnMaps.get(row.importId) ?? batch.headers.map((_h, i) => i);
    const original = map.map((from, i) => {
      const value = from >= 0 ? (cells[from] ?? '') : '';
      return input.full ? value : maskCell(value, sensitive.has(i));
    });
    return [...original, ...resultColumns(row, gridNames, isolations)];
  });
  const bytes = await writeXlsx('核查反馈', [...batch.headers, ...RETURN_COLUMNS], out);
  const name = `${batch.subject}-核查反馈-${formatShanghai(now, 'YYYYMMDD')}.xlsx`;
  const saved = await saveGeneratedFile(db, ctx.caller.openid, { purpose: 'export', kind: 'xlsx', bytes, name }, now);
  await appendAudit(db, {
    action: 'export',
    staff: access.staff,
    target: { collection: Collections.batches, id: batch._id, ...(input.full ? { field: 'full' } : {}) },
    reason: input.full ? `反馈表（完整）：${input.reason}` : '反馈表（脱敏）',
    at: now,
  });
  return { fileId: saved.fileId, url: saved.url, expiresAt: saved.expiresAt, name, rows: out.length, full: !!input.full };
}
