/**
 * The grid table of a scope (dashboard.overview's first page, dashboard.grids the next ones and
 * other sorts): the grids' daily stats documents, sorted and paged here, so a street of any number
 * of grids is listed whole — CloudBase hands back at most 1,000 documents a query, so the documents
 * are read in pages by `_id` (a few small fields each). Paged by a keyset cursor of the last row's
 * (sort, direction, value, name, id): a cursor of another sort is refused, and rows never repeat or
 * go missing between pages whatever their ties.
 */
import {
  GRID_PAGE,
  GRID_SORTS,
  behindOf,
  compareGrids,
  dailyStatsId,
  gridSortValue,
  type DailyStatsDoc,
  type GridPage,
  type GridRow,
  type GridSort,
} from '../../src/domain/dashboard';
import { QUEUE_KINDS } from '../../src/domain/queue';
import { addDays } from '../../src/domain/time';
import type { Place } from '../../src/domain/places';
import { HIERARCHY_LIMITS } from '../../src/domain/hierarchy';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { badCursor, cursorCodec, cursorParts } from '../common/cursors';
import { rows } from '../common/db';
import { MAX_PAGE } from '../common/paging';

/** What the grid table reads of a grid's document. */
const GRID_FIELDS = Object.fromEntries(
  [
    'placeId',
    'name',
    'computedAt',
    'figures.households',
    'figures.persons',
    'figures.isolated',
    'figures.monitored',
    'figures.checkins',
    'figures.queue.open',
    'figures.queue.overdue',
  ].map((f) => [f, true]),
);

/** [sort (index of GRID_SORTS), ascending (0/1), the sort value (0 for name), name, place id] */
const gridsCursor = cursorCodec<[number, number, number, string, string]>(
  'dashboardGrids',
  cursorParts.int(0, GRID_SORTS.length - 1),
  cursorParts.int(0, 1),
  cursorParts.number,
  cursorParts.text(HIERARCHY_LIMITS.placeName),
  cursorParts.id,
);

type GridDoc = Pick<DailyStatsDoc, '_id' | 'placeId' | 'name' | 'computedAt' | 'figures'>;

/** Every grid document of a place for a day, in pages by `_id` (a grid scope: its own document). */
async function gridDocsOf(db: Database, place: Place, date: string): Promise<GridDoc[]> {
  if (place.level === 'grid')
    return rows<GridDoc>(db.collection(Collections.dailyStats).where({ _id: dailyStatsId(date, place._id) }).field(GRID_FIELDS));
  const _ = db.command;
  const all: GridDoc[] = [];
  let after: string | null = null;
  for (;;) {
    const where: Record<string, unknown> = { path: place._id, level: 'grid', date, ...(after ? { _id: _.gt(after) } : {}) };
    const page = await rows<GridDoc>(
      db.collection(Collections.dailyStats).where(where).field(GRID_FIELDS).orderBy('_id', 'asc').limit(MAX_PAGE),
    );
    all.push(...page);
    if (page.length < MAX_PAGE) return all;
    after = page[page.length - 1]._id;
  }
}

/**
 * The grids under the places from today's documents; yesterday's fill in the grids today's first
 * pass has not reached yet (`expected`: the grids the places' latest documents cover).
 */
export async function gridDocs(db: Database, places: readonly Place[], today: string, expected: number): Promise<GridDoc[]> {
  const grids = new Map<string, GridDoc>();
  const todays = (await Promise.all(places.map((p) => gridDocsOf(db, p, today)))).flat();
  if (todays.length < expected)
    for (const doc of (await Promise.all(places.map((p) => gridDocsOf(db, p, addDays(today, -1))))).flat()) grids.set(doc.placeId, doc);
  for (const doc of todays) grids.set(doc.placeId, doc);
  return [...grids.values()];
}

export function gridRow(doc: GridDoc): GridRow {
  const f = doc.figures;
  const row = {
    placeId: doc.placeId,
    name: doc.name,
    households: f.households,
    persons: f.persons,
    isolated: f.isolated,
    monitored: f.monitored,
    open: QUEUE_KINDS.reduce((s, k) => s + (f.queue.open[k] ?? 0), 0),
    overdue: f.queue.overdue,
    fever: f.checkins.fever,
    missing: f.checkins.missing,
    checkinsDone: f.checkins.done,
  };
  return { ...row, behind: behindOf(row) };
}

/** One page of the rows in the order asked, after the cursor's row. */
export function gridPage(all: readonly GridRow[], by: GridSort, ascending: boolean, cursor: string | null): GridPage {
  const sortIndex = GRID_SORTS.indexOf(by);
  const after = gridsCursor.decode(cursor);
  if (after && (after[0] !== sortIndex || after[1] !== (ascending ? 1 : 0))) throw badCursor();
  const sorted = [...all].sort((a, b) => compareGrids(a, b, by, ascending));
  let start = 0;
  if (after) {
    const [, , value, name, placeId] = after;
    // the last row as the cursor remembers it (its figures may have changed since: the position holds)
    const last: GridRow = {
      placeId,
      name,
      households: 0,
      persons: 0,
      isolated: 0,
      monitored: 0,
      open: 0,
      overdue: 0,
      fever: 0,
      missing: 0,
      checkinsDone: 0,
      behind: [],
      ...(by === 'name' || by === 'behind' ? {} : { [by]: value }),
    };
    const cmp = (r: GridRow) =>
      by === 'behind' ? compareBehind(r, value, name, placeId, ascending) : compareGrids(r, last, by, ascending);
    start = sorted.findIndex((r) => cmp(r) > 0);
    if (start === -1) start = sorted.length;
  }
  const page = sorted.slice(start, start + GRID_PAGE);
  const lastRow = page[page.length - 1];
  const more = start + GRID_PAGE < sorted.length;
  return {
    rows: page,
    total: all.length,
    sort: { by, ascending },
    nextCursor: more
      ? gridsCursor.encode([
          sortIndex,
          ascending ? 1 : 0,
          by === 'name' ? 0 : (gridSortValue(lastRow, by) as number),
          lastRow.name,
          lastRow.placeId,
        ])
      : null,
  };
}

/** The scope's grid rows for dashboard.grids: `expected` from the places' own documents of today and yesterday. */
export async function scopeGridRows(db: Database, places: readonly Place[], today: string): Promise<{ rows: GridRow[]; asOf: string | null }> {
  const _ = db.command;
  const ids = [today, addDays(today, -1)].flatMap((d) => places.map((p) => dailyStatsId(d, p._id)));
  const own = await rows<Pick<DailyStatsDoc, 'date' | 'grids'>>(
    db.collection(Collections.dailyStats).where({ _id: _.in(ids) }).field({ date: true, grids: true }).limit(ids.length),
  );
  const perDay = (d: string) => own.filter((o) => o.date === d).reduce((s, o) => s + o.grids, 0);
  const docs = await gridDocs(db, places, today, Math.max(perDay(today), perDay(addDays(today, -1))));
  return { rows: docs.map(gridRow), asOf: gridsAsOf(docs) };
}

/** When the oldest of the grids' figures were taken. */
export function gridsAsOf(docs: readonly GridDoc[]): string | null {
  if (docs.length === 0) return null;
  return new Date(Math.min(...docs.map((g) => new Date(g.computedAt).getTime()))).toISOString();
}

/** compareGrids by the behind score against a remembered (score, name, id). */
function compareBehind(r: GridRow, score: number, name: string, placeId: string, ascending: boolean): number {
  const probe: GridRow = { placeId, name, households: 0, persons: 0, isolated: 0, monitored: 0, open: score, overdue: 0, fever: 0, missing: 0, checkinsDone: 0, behind: [] };
  // a probe whose behind score is `score`: all of it in `open` (the score is a weighted sum)
  return compareGrids(r, probe, 'behind', ascending);
}
