/**
 * The dashboard's figures (数据看板): what a place's day looks like, kept by the scheduler as one
 * daily stats document per place per day, summed from grids up to areas, communities and streets.
 * Pure: the functions count, this module only shapes, adds and reads the figures.
 */
import { REPORT_CATEGORIES, type ReportCategory } from './household';
import { QUEUE_KINDS, type PriorityName, type QueueKind } from './queue';
import { REQUEST_KINDS, REQUEST_STATUSES, URGENCIES, type RequestKind, type RequestStatus, type Urgency } from './requests';
import type { PlaceLevel } from './places';
import { PASS_KINDS, type PassKind } from './batches';

/** Persons filed before a category was kept on them. */
export type PersonCategory = ReportCategory | 'none';
export const PERSON_CATEGORIES: readonly PersonCategory[] = [...REPORT_CATEGORIES, 'none'];

/**
 * Upper bounds (minutes) of the response-time histogram buckets; the last bucket is open-ended.
 * Histograms of grids and days add up bucket by bucket, so a street's 14-day percentile is exact
 * to its bucket without reading any request again.
 */
export const RESPONSE_BUCKETS = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2880] as const;

export interface ResponseFigures {
  /** requests of the day that staff answered (accepted, rejected or escalated) */
  answered: number;
  /** answered within the community's SLA for the urgency */
  withinSla: number;
  /** still unanswered when the figures were taken */
  waiting: number;
  /** of those, already past the SLA */
  waitingOverdue: number;
  /** answered requests per bucket of `RESPONSE_BUCKETS` (+1 open-ended) */
  hist: number[];
}

export interface DayFigures {
  households: number;
  persons: number;
  personsByCategory: Record<PersonCategory, number>;
  /** persons under home isolation / health monitoring when the figures were taken */
  isolated: number;
  monitored: number;
  /** the day's slot check-ins, its alarming readings (slot or any time), its missed slots */
  checkins: { done: number; fever: number; missing: number };
  queue: {
    /** items raised on the day, by kind */
    opened: Record<QueueKind, number>;
    /** items closed on the day */
    closed: number;
    /** not closed when the figures were taken, by kind */
    open: Record<QueueKind, number>;
    /** of those, past their due time */
    overdue: number;
  };
  /** requests filed on the day: by kind, by status when taken, time to the first staff answer per urgency */
  requests: {
    byKind: Record<RequestKind, number>;
    byStatus: Record<RequestStatus, number>;
    response: Record<Urgency, ResponseFigures>;
  };
  /**
   * verification batch rows (核查批次) when taken: rows still being checked by the furthest pass
   * recorded on them, rows closed, and their queue items past the batch's deadline. (待分拨 rows
   * have no grid, so they are not summed from grids: the dashboard counts them live.)
   */
  batch?: { byPass: Record<PassKind, number>; closed: number; overdue: number };
}

/** A daily stats document: one per place per day (`dailyStatsId`), written again by each pass over the day. */
export interface DailyStatsDoc {
  _id: string;
  date: string;
  placeId: string;
  level: PlaceLevel;
  name: string;
  parentId: string | null;
  /** the place's path (ancestors and itself): a scope's grids are one indexed query */
  path: string[];
  sort: number;
  /** grids below (1 for a grid) */
  grids: number;
  figures: DayFigures;
  computedAt: Date;
  /** taken after the day ended: the day's closing figures */
  final: boolean;
}

export const dailyStatsId = (date: string, placeId: string): string => `ds_${date.replace(/-/g, '')}_${placeId}`;

/** The levels the stats job keeps documents for (compounds and buildings are counted in their grid). */
export const STATS_LEVELS: readonly PlaceLevel[] = ['street', 'community', 'area', 'grid'];

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function emptyResponse(): ResponseFigures {
  return { answered: 0, withinSla: 0, waiting: 0, waitingOverdue: 0, hist: new Array<number>(RESPONSE_BUCKETS.length + 1).fill(0) };
}

export function emptyFigures(): DayFigures {
  return {
    households: 0,
    persons: 0,
    personsByCategory: zeros(PERSON_CATEGORIES),
    isolated: 0,
    monitored: 0,
    checkins: { done: 0, fever: 0, missing: 0 },
    queue: { opened: zeros(QUEUE_KINDS), closed: 0, open: zeros(QUEUE_KINDS), overdue: 0 },
    requests: {
      byKind: zeros(REQUEST_KINDS),
      byStatus: zeros(REQUEST_STATUSES),
      response: Object.fromEntries(URGENCIES.map((u) => [u, emptyResponse()])) as Record<Urgency, ResponseFigures>,
    },
    batch: { byPass: zeros(PASS_KINDS), closed: 0, overdue: 0 },
  };
}

/** Adds `b` into `a` (numbers add, records add key by key, histograms bucket by bucket). */
export function addFigures(a: DayFigures, b: DayFigures): DayFigures {
  addInto(a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>);
  return a;
}

function addInto(a: Record<string, unknown>, b: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(b)) {
    if (typeof value === 'number') a[key] = ((a[key] as number | undefined) ?? 0) + value;
    else if (Array.isArray(value)) {
      const target = (a[key] as number[] | undefined) ?? [];
      value.forEach((n: number, i) => (target[i] = (target[i] ?? 0) + n));
      a[key] = target;
    } else if (value && typeof value === 'object') {
      const target = (a[key] as Record<string, unknown> | undefined) ?? {};
      addInto(target, value as Record<string, unknown>);
      a[key] = target;
    }
  }
}

export function bucketOf(minutes: number): number {
  const i = RESPONSE_BUCKETS.findIndex((upper) => minutes <= upper);
  return i === -1 ? RESPONSE_BUCKETS.length : i;
}

/**
 * The p-th percentile (0 < p ≤ 1) of a histogram as its bucket's upper bound in minutes; null
 * without data, Infinity when it falls in the open-ended bucket (beyond 2 days).
 */
export function percentile(hist: readonly number[], p: number): number | null {
  const n = hist.reduce((s, x) => s + x, 0);
  if (n === 0) return null;
  const rank = Math.ceil(p * n);
  let seen = 0;
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i];
    if (seen >= rank) return i < RESPONSE_BUCKETS.length ? RESPONSE_BUCKETS[i] : Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

/** Minutes from filing to the first staff answer (accept, reject or escalate), or null while none came. */
export function responseMinutes(request: {
  createdAt: Date | string;
  timeline: ReadonlyArray<{ action: string; actor: { kind: string }; at: Date | string }>;
}): number | null {
  const answer = request.timeline.find((e) => (e.actor.kind === 'worker' || e.actor.kind === 'admin') && e.action !== 'submit');
  if (!answer) return null;
  return Math.max(0, (new Date(answer.at).getTime() - new Date(request.createdAt).getTime()) / 60_000);
}

// ---------------------------------------------------------------------------------------------
// what the dashboard function answers

/** A list a number opens: the queue filtered, or the roster. */
export type FigureLink =
  | {
      list: 'queue';
      /** a place of the caller's scope (the scope itself when absent) */
      placeId?: string;
      kind?: QueueKind;
      status?: 'open' | 'in_progress';
      priority?: PriorityName;
      overdue?: boolean;
    }
  | { list: 'roster'; date?: string; placeId?: string }
  /** the data desk's 待分拨 list of a place (rows under it whose address found no building) */
  | { list: 'unplaced'; placeId: string }
  /** rows being checked whose furthest pass is `stage`, under a place of the scope (the scope when absent) */
  | { list: 'batchRows'; stage: PassKind; placeId?: string };

export interface Figure {
  value: number;
  link?: FigureLink;
}

export interface ResponseView {
  urgency: Urgency;
  slaMinutes: number;
  answered: number;
  withinSla: number;
  waiting: number;
  waitingOverdue: number;
  /** minutes (the upper bound of its histogram bucket), null without answered requests, 'beyond' past 2 days */
  p50: number | 'beyond' | null;
  p90: number | 'beyond' | null;
  p95: number | 'beyond' | null;
}

export interface GridRow {
  placeId: string;
  name: string;
  /** the community / area it lies in */
  parentName?: string;
  households: number;
  persons: number;
  isolated: number;
  monitored: number;
  open: number;
  overdue: number;
  fever: number;
  missing: number;
  checkinsDone: number;
  /** what is behind, worst first: 逾期3项 · 未打卡2人 */
  behind: string[];
}

export interface TrendPoint {
  date: string;
  households: number;
  persons: number;
  isolated: number;
  monitored: number;
  checkinsDone: number;
  fever: number;
  missing: number;
  opened: number;
  closed: number;
  requests: number;
  overdue: number;
  /** batch rows still being checked / closed (0 before the batch figures were kept) */
  batchOpen: number;
  batchClosed: number;
}

export interface DashboardView {
  date: string;
  /** the server's time of the figures (how long the oldest item has waited is counted from it) */
  at: string;
  /** the caller's scope places */
  scope: Array<{ id: string; name: string; level: PlaceLevel }>;
  /** exceptions first — what needs someone now, each the open items of its list */
  exceptions: {
    /** open items past due */
    overdue: Figure;
    /** open alerts of missed check-ins (silent persons) */
    missing: Figure;
    /** open fever / symptom alerts */
    fever: Figure;
    /** open emergencies past their 10 minutes */
    emergency: Figure;
    /** verification batch rows past the batch's deadline (open batch_row items) */
    batchOverdue: Figure;
    /** batch rows whose address found no building (待分拨) under the scope */
    unplaced: Figure;
    /** the open item waiting longest */
    oldest: { itemId: string; title: string; createdAt: string; dueAt: string; overdue: boolean } | null;
  };
  /** today's, from indexed counts (check-ins: today's readings and missed slots; their links: the alerts still open) */
  today: {
    isolated: Figure;
    monitored: Figure;
    checkins: { done: Figure; fever: Figure; missing: Figure };
    open: Record<QueueKind, Figure>;
    openTotal: Figure;
    openedToday: number;
    closedToday: number;
    requestsOpen: Record<'submitted' | 'accepted' | 'in_progress' | 'escalated', Figure>;
  };
  /** stock figures (households, persons, categories): the latest pass of the stats job */
  filed: {
    households: number;
    persons: number;
    byCategory: Record<PersonCategory, number>;
    /** when those figures were taken; null before the job's first pass over the scope */
    asOf: string | null;
  };
  /** requests filed over the last 14 days (stats documents), with response times against the SLA */
  requests: {
    days: number;
    byKind: Record<RequestKind, number>;
    byStatus: Record<RequestStatus, number>;
    response: ResponseView[];
  };
  /** verification batch rows (核查批次) under the scope now, from indexed counts */
  batch: {
    /** rows being checked (dispatched, not closed), by the furthest pass recorded on them */
    byPass: Record<PassKind, Figure>;
    /** all rows being checked: the open batch_row items */
    open: Figure;
    /** rows closed, as the stats job's latest pass counted them (`filed.asOf`) */
    closed: number;
  };
  /** the grids under the scope (latest pass of the stats job): the first page in `sort` order */
  grids: GridPage & { asOf: string | null };
  /** last 14 days, oldest first (days without a document are absent) */
  trend: TrendPoint[];
}

/** What makes a grid "behind", worst first, as short Chinese phrases. */
export function behindOf(row: Pick<GridRow, 'overdue' | 'fever' | 'missing' | 'open'>): string[] {
  const out: string[] = [];
  if (row.overdue) out.push(`逾期${row.overdue}项`);
  if (row.fever) out.push(`异常${row.fever}人次`);
  if (row.missing) out.push(`未打卡${row.missing}人次`);
  if (row.open >= 20) out.push(`待办${row.open}项`);
  return out;
}

export function trendPoint(date: string, f: DayFigures): TrendPoint {
  const sum = (r: Record<string, number>) => Object.values(r).reduce((s, n) => s + n, 0);
  return {
    date,
    households: f.households,
    persons: f.persons,
    isolated: f.isolated,
    monitored: f.monitored,
    checkinsDone: f.checkins.done,
    fever: f.checkins.fever,
    missing: f.checkins.missing,
    opened: sum(f.queue.opened),
    closed: f.queue.closed,
    requests: sum(f.requests.byKind),
    overdue: f.queue.overdue,
    batchOpen: f.batch ? sum(f.batch.byPass) : 0,
    batchClosed: f.batch?.closed ?? 0,
  };
}

export const TREND_DAYS = 14;

// ---------------------------------------------------------------------------------------------
// the grid table: sorted and paged by the function (a street may hold more than 1,000 grids)

/** Columns the grid table sorts by; a number column sorts worst (largest) first by default. */
export const GRID_SORTS = ['behind', 'name', 'open', 'overdue', 'fever', 'missing', 'isolated', 'persons', 'households'] as const;
export type GridSort = (typeof GRID_SORTS)[number];

/** Rows of the grid table per page. */
export const GRID_PAGE = 50;

export interface GridPage {
  rows: GridRow[];
  /** grids under the scope (all pages) */
  total: number;
  sort: { by: GridSort; ascending: boolean };
  nextCursor: string | null;
}

/** Worst first: overdue, then fever, then missed check-ins, then open items. */
export const behindScore = (r: GridRow): number => r.overdue * 1e9 + r.fever * 1e6 + r.missing * 1e3 + r.open;

/** A row's value in a sort column (name: the name; behind: the score). */
export const gridSortValue = (r: GridRow, by: GridSort): number | string => (by === 'behind' ? behindScore(r) : by === 'name' ? r.name : r[by]);

/** Orders two rows: the column in the order asked; ties by name A to Z, then by id (a total order: pages never skip or repeat). */
export function compareGrids(a: GridRow, b: GridRow, by: GridSort, ascending: boolean): number {
  const x = gridSortValue(a, by);
  const y = gridSortValue(b, by);
  const c = typeof x === 'string' ? compareNames(x, String(y)) : (x as number) - (y as number);
  if (c !== 0) return ascending ? c : -c;
  const n = by === 'name' ? 0 : compareNames(a.name, b.name);
  return n !== 0 ? n : a.placeId < b.placeId ? -1 : a.placeId > b.placeId ? 1 : 0;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });
/** Chinese names by pinyin, 第2网格 before 第10网格. */
export const compareNames = (a: string, b: string): number => collator.compare(a, b);
