/**
 * The desk console's batch page: a batch's rows counted per grid, per pass, by state and outcome,
 * overdue — by one aggregation the store answers through the `batch_state_sort` index (the rows
 * never leave the database; only the groups do) — and one row's detail with the values to fix.
 */
import {
  BATCH_FIELDS,
  BATCH_ROW_STATES,
  OPEN_ROW_STATES,
  PASS_KINDS,
  PROGRESS_LINE_LABELS,
  ROW_OUTCOMES,
  progressLineOf,
  type BatchField,
  type BatchImportDoc,
  type BatchProgressLine,
  type BatchProgressView,
  type BatchRowDeskView,
  type BatchRowState,
  type PassKind,
  type ProgressLineKind,
  type RowOutcome,
} from '../../src/domain/batches';
import type { ParsedOf } from '../../src/domain/contracts';
import type { Place } from '../../src/domain/places';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import { decrypt } from '../common/crypto';
import { first, rows as readRows } from '../common/db';
import type { StaffContext } from '../common/staffAccess';
import { batchRowDetail } from '../shared/batchRows';
import { batchView, requireBatch, requireRow } from './model';

interface Group {
  _id: { grid?: string | null; state: BatchRowState; outcome?: RowOutcome | null };
  n: number;
  check: number;
  phone: number;
  visit: number;
  daily: number;
}

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
const emptyLine = (kind: ProgressLineKind, gridId: string | null, gridName: string): BatchProgressLine => ({
  kind,
  gridId,
  gridName,
  total: 0,
  passes: zeros(PASS_KINDS),
  states: zeros(BATCH_ROW_STATES),
  outcomes: zeros(ROW_OUTCOMES),
  overdue: 0,
});

function add(line: BatchProgressLine, g: Group, overdue: boolean): void {
  line.total += g.n;
  for (const k of PASS_KINDS) line.passes[k] += g[k];
  line.states[g._id.state] += g.n;
  const outcome = g._id.outcome;
  if (outcome && (g._id.state === 'closed' || g._id.state === 'out_of_area')) line.outcomes[outcome] += g.n;
  if (overdue && OPEN_ROW_STATES.includes(g._id.state)) line.overdue += g.n;
}

export async function batchProgress(ctx: StaffContext, input: ParsedOf<'batch', 'progress'>): Promise<BatchProgressView> {
  const { db, now, access } = ctx;
  const batch = await requireBatch(db, access, input.batchId);
  const $ = db.command.aggregate;
  const hasPass = (kind: PassKind) => $.sum($.cond({ if: $.in([kind, '$passes.kind']), then: 1, else: 0 }));
  const res = (await db
    .collection(Collections.batchRows)
    .aggregate()
    .match({ batchId: batch._id })
    .group({
      _id: { grid: '$gridId', state: '$state', outcome: '$outcome.kind' },
      n: $.sum(1),
      check: hasPass('check'),
      phone: hasPass('phone'),
      visit: hasPass('visit'),
      daily: hasPass('daily'),
    })
    .limit(10_000)
    .end()) as { list: Group[] };

  const overdue = batch.deadline.getTime() <= now.getTime();
  const totals = emptyLine('total', null, PROGRESS_LINE_LABELS.total);
  const special = (['invalid', 'unplaced', 'out_of_area'] as const).map((k) => emptyLine(k, null, PROGRESS_LINE_LABELS[k]));
  const byGrid = new Map<string, BatchProgressLine>();
  for (const g of res.list) {
    add(totals, g, overdue);
    // a row counts in the line of its state: no grid line holds a row with errors, 待分拨 or 不在辖区
    const kind = progressLineOf(g._id.state);
    if (kind !== 'grid') {
      add(special.find((l) => l.kind === kind)!, g, overdue);
      continue;
    }
    const grid = g._id.grid;
    if (!grid) continue;
    if (!byGrid.has(grid)) byGrid.set(grid, emptyLine('grid', grid, ''));
    add(byGrid.get(grid)!, g, overdue);
  }
  const _ = db.command;
  const ids = [...byGrid.keys()];
  const grids = ids.length ? await readRows<Place>(db.collection(Collections.places).where({ _id: _.in(ids) }).field({ _id: true, name: true, sort: true }).limit(ids.length)) : [];
  const order = new Map(grids.map((p) => [p._id, p]));
  for (const [id, line] of byGrid) line.gridName = order.get(id)?.name ?? '（已撤销的网格）';
  const lines = [...byGrid.values()].sort((a, b) => (order.get(a.gridId!)?.sort ?? 0) - (order.get(b.gridId!)?.sort ?? 0) || a.gridName.localeCompare(b.gridName, 'zh'));
  return { batch: await batchView(db, batch), overdue, totals, special, grids: lines };
}

/**
 * One row at the desk: every original column (masked), and the values of its fields in error as the
 * list wrote them — what the user must see to fix them, as the error file shows them (audited alike).
 */
export async function deskRow(ctx: StaffContext, input: ParsedOf<'batch', 'row'>): Promise<BatchRowDeskView> {
  const { db, now, access } = ctx;
  const found = await requireRow(db, access, input.rowId);
  const { row, doc } = await batchRowDetail(db, found._id);
  const job = await first<BatchImportDoc>(db.collection(Collections.batchImports).where({ _id: doc.importId }));
  const mapping = job?.mapping ?? {};
  const fixable = BATCH_FIELDS.filter((f) => mapping[f] !== undefined);
  const fix: Partial<Record<BatchField, string>> = {};
  const editable = doc.state === 'invalid' || doc.state === 'unplaced' || doc.state === 'placed';
  if (editable && doc.errors.length) {
    const cells = JSON.parse(decrypt(doc.cellsCipher)) as string[];
    for (const e of doc.errors) {
      const column = mapping[e.field];
      if (column !== undefined) fix[e.field] = cells[column] ?? '';
    }
    if (fix.idNumber !== undefined || fix.phone !== undefined) {
      await appendAudit(db, { action: 'reveal', staff: access.staff, target: { collection: Collections.batchRows, id: doc._id, field: 'errors' }, reason: '修正错误行', at: now });
    }
  }
  return { ...row, fix, fixable: editable ? fixable : [] };
}
