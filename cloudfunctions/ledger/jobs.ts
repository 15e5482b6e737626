/**
 * Export jobs. `start` checks the request (scope under the caller's, the profile usable, one running
 * export per caller + profile + scope), records a job and runs it; `step` runs it further. A job
 * reads the ledger a page at a time; each page's rows are rendered, sealed (encrypted: a full
 * export's plaintext never rests in the database) into a part document, and the job's cursor moves
 * on — under a lease, so two calls never run one job at once, and a job cut off by a timeout goes on
 * from its last page. When every page is read, the parts are streamed into the xlsx (exceljs
 * streaming writer), the file goes to cloud storage, the export is audited, and its row
 * fingerprints become the base of the next "changed since my last export".
 *
 * Row marks. Per (caller, profile, scope) a base document names the last completed export. Each
 * export writes, page by page, the fingerprints of the rows it read (one document per page, in the
 * order it reads: scope place, then `_id`), carrying forward those of the base it did not read again
 * (filtered out); a page's marks compare with the base's fingerprints of the same key range, read
 * alongside in the same order. Only when the export completes does the base name it: a failed or
 * abandoned export changes nothing for the next one. Jobs of one base never overlap (the base holds
 * the running job).
 */
import { createHash, randomBytes } from 'crypto';
import type { ExportJobView, ParsedOf } from '../../src/domain/contracts';
import {
  LEDGER_LAYOUT_LABELS,
  PERSON_STATUS_LABELS,
  ROW_MARKS,
  markOf,
  printText,
  renderRow,
  type CellValue,
  type LedgerColumn,
  type LedgerLayout,
  type RowMark,
} from '../../src/domain/ledger';
import { REPORT_CATEGORY_LABELS, type ReportCategory } from '../../src/domain/household';
import type { Place } from '../../src/domain/places';
import { inScope } from '../../src/domain/staff';
import { formatShanghai, shanghaiDateString } from '../../src/domain/time';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { decrypt, encrypt, keyedHash } from '../common/crypto';
import { first, rows } from '../common/db';
import { fail, isDuplicateKeyError } from '../common/errors';
import { fileUrl, saveGeneratedFile } from '../common/files';
import { scopeIds, type StaffAccess, type StaffContext } from '../common/staffAccess';
import { findProfile } from './profiles';
import { SourceReader, type SourceRow } from './sources';
import { StreamingWorkbook } from './workbook';

/** How long one call works on a job before it answers with the progress (at least one page). */
export const ledgerConfig = {
  stepBudgetMs: 8_000,
  /** a base's start less this is the "since" of the next changes-only job (clocks of function instances differ) */
  sinceMarginMs: 5 * 60_000,
};
/** A call holds its job this long at most (above the function's timeout). */
const LEASE_MS = 90_000;
/** A running job nobody has moved for this long no longer blocks a new export of its base. */
const STALE_MS = 15 * 60_000;

/** Fingerprints per document of `ledger_prints` at most. */
const PRINTS_PER_DOC = 2_000;

type JobStatus = ExportJobView['status'];

export interface ExportJobDoc {
  _id: string;
  staffId: string;
  staffName: string;
  staffRole: string;
  layout: LedgerLayout;
  profile: { id: string; name: string; columns: LedgerColumn[] };
  request: {
    scope: string[];
    scopeNames: string[];
    categories?: ReportCategory[];
    statuses?: string[];
    from?: string;
    to?: string;
    onlyChanges: boolean;
    full: boolean;
  };
  /** a full export's reason (audited) */
  reason?: string;
  baseId: string;
  /** the base's last completed export when this one started: its fingerprints are the comparison */
  baseJobId: string | null;
  /** the next of its fingerprint pages to read */
  basePage: number;
  /** digest of the place names and grid workers the rows show (`SourceReader.contextDigest`) */
  context?: string;
  /**
   * "changed since": the base's start (less a margin), when its context is this job's. The job then
   * reads only the records written since (by indexed queries on updatedAt), not the whole ledger.
   */
  since?: Date | null;
  /** its parts (and, failed, its fingerprints) removed by the scheduler */
  swept?: true;
  /** the time as of which its fingerprints (read, or carried forward) are every row's, if they are */
  validAt?: Date | null;
  status: JobStatus;
  phase: 'scan' | 'assemble';
  cursor: { place: number; after: string | null };
  parts: number;
  /** fingerprint pages written */
  printPages: number;
  scanned: number;
  total: number;
  rows: number;
  counts: Record<RowMark, number>;
  leaseId: string | null;
  leaseUntil: Date;
  file?: { fileId: string; name: string; size: number };
  createdAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
}

interface BaseDoc {
  _id: string;
  runningJobId: string | null;
  lastJobId?: string;
  lastExportAt?: Date;
  updatedAt: Date;
}

/** The fingerprints of one page of an export: `key:fingerprint` pairs in key order, comma-joined. */
interface PrintsDoc {
  _id: string;
  baseId: string;
  jobId: string;
  no: number;
  /** index of the scope place the page belongs to */
  place: number;
  entries: string;
}

interface PartDoc {
  _id: string;
  jobId: string;
  no: number;
  count: number;
  /** encrypted JSON of the rendered rows */
  sealed: string;
}

/**
 * Plain SHA-256 (not keyed: it runs for every row, and what it digests holds no plaintext ID or
 * phone — those are keyed hashes already — nor anything the persons collection does not hold).
 */
const digest = (text: string) => createHash('sha256').update(text).digest('base64url');
const partId = (jobId: string, no: number) => `${jobId}_${String(no).padStart(6, '0')}`;
const updated = (res: unknown) => ((res as { stats?: { updated?: number } }).stats?.updated ?? 0) > 0;

export function viewOf(job: ExportJobDoc, url?: { url: string; expiresAt: string }): ExportJobView {
  return {
    jobId: job._id,
    status: job.status,
    layout: job.layout,
    profileName: job.profile.name,
    scanned: job.scanned,
    total: Math.max(job.total, job.scanned),
    rows: job.rows,
    counts: job.counts,
    full: job.request.full,
    onlyChanges: job.request.onlyChanges,
    ...(job.file ? { file: { ...job.file, ...(url ?? {}) } } : {}),
    createdAt: new Date(job.createdAt).toISOString(),
    ...(job.finishedAt ? { finishedAt: new Date(job.finishedAt).toISOString() } : {}),
  };
}

/** The places asked for, each under the caller's scope (nested ones dropped); default: the whole scope. */
async function resolveScope(db: Database, access: StaffAccess, ids: string[] | undefined): Promise<Place[]> {
  if (!ids) return access.scope;
  const _ = db.command;
  const places = await rows<Place>(db.collection(Collections.places).where({ _id: _.in(ids) }).limit(ids.length));
  if (places.length !== ids.length || places.some((p) => !inScope(scopeIds(access), p.path))) return fail('SCOPE_OUTSIDE', undefined, 'scope');
  const set = new Set(ids);
  return places.filter((p) => !p.path.slice(0, -1).some((a) => set.has(a))).sort((a, b) => (a._id < b._id ? -1 : 1));
}

async function getJob(db: Database, access: StaffAccess, jobId: string): Promise<ExportJobDoc> {
  const job = await first<ExportJobDoc>(db.collection(Collections.exportJobs).where({ _id: jobId }));
  if (!job || job.staffId !== access.staff._id) return fail('NOT_FOUND', '导出任务不存在', 'jobId');
  return job;
}

/** A finished job becomes its base's last export (idempotent: only while the base still names it as running). */
async function commitBase(db: Database, job: ExportJobDoc, now: Date): Promise<void> {
  await db
    .collection(Collections.ledgerBases)
    .where({ _id: job.baseId, runningJobId: job._id })
    .update({ data: { runningJobId: null, lastJobId: job._id, lastExportAt: now, updatedAt: now } });
  // the fingerprints of the export this one replaced are no longer anyone's base
  if (job.baseJobId) await db.collection(Collections.ledgerPrints).where({ jobId: job.baseJobId }).remove();
}

/** The base's running job if it is this very export (same filters and values) and its lease has lapsed. */
async function deadRun(db: Database, baseId: string, request: ExportJobDoc['request'], now: Date): Promise<ExportJobDoc | null> {
  const base = await first<BaseDoc>(db.collection(Collections.ledgerBases).where({ _id: baseId }));
  if (!base?.runningJobId) return null;
  const job = await first<ExportJobDoc>(db.collection(Collections.exportJobs).where({ _id: base.runningJobId }));
  if (!job || job.status !== 'running' || new Date(job.leaseUntil).getTime() > now.getTime()) return null;
  const same = (r: ExportJobDoc['request']) => JSON.stringify([r.scope, r.categories, r.statuses, r.from, r.to, r.onlyChanges, r.full]);
  return same(job.request) === same(request) ? job : null;
}

/** Takes the base for a new job: no other job of it running (a finished one is committed first, a stale one failed). */
async function claimBase(db: Database, baseId: string, jobId: string, now: Date): Promise<string | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const base = await first<BaseDoc>(db.collection(Collections.ledgerBases).where({ _id: baseId }));
    if (!base) {
      try {
        await db.collection(Collections.ledgerBases).add({ data: { _id: baseId, runningJobId: jobId, updatedAt: now } satisfies BaseDoc });
        return null;
      } catch (e) {
        if (!isDuplicateKeyError(e)) throw e;
        continue;
      }
    }
    if (base.runningJobId) {
      const running = await first<ExportJobDoc>(db.collection(Collections.exportJobs).where({ _id: base.runningJobId }));
      if (running?.status === 'done') {
        await commitBase(db, running, now);
        continue;
      }
      if (running && running.status === 'running' && now.getTime() - new Date(running.updatedAt).getTime() < STALE_MS) return fail('EXPORT_RUNNING');
      if (running?.status === 'running') {
        await db.collection(Collections.exportJobs).where({ _id: running._id, status: 'running' }).update({ data: { status: 'failed', updatedAt: now } });
      }
    }
    const res = await db
      .collection(Collections.ledgerBases)
      .where({ _id: baseId, runningJobId: base.runningJobId })
      .update({ data: { runningJobId: jobId, updatedAt: now } });
    if (updated(res)) return base.lastJobId ?? null;
  }
  return fail('EXPORT_RUNNING');
}

/**
 * Since when a job on `baseJobId` may read only the records written since (null: it reads everything),
 * and until when its own fingerprints will be valid for the next job. An unfiltered job fingerprints
 * every row (read, or carried forward unchanged) as of its start; a filtered one carries forward the
 * rows it does not read, as valid as its base's — when the rows showed the same context.
 */
async function validity(db: Database, baseJobId: string | null, context: string, filtered: boolean, now: Date): Promise<{ since: Date | null; validAt: Date | null }> {
  const base = baseJobId ? await first<Pick<ExportJobDoc, 'context' | 'validAt'>>(db.collection(Collections.exportJobs).where({ _id: baseJobId }).field({ context: true, validAt: true })) : null;
  const baseValid = base?.context === context && base.validAt ? new Date(base.validAt) : null;
  return { since: baseValid ? new Date(baseValid.getTime() - ledgerConfig.sinceMarginMs) : null, validAt: filtered ? baseValid : now };
}

export async function startExport(ctx: StaffContext, payload: ParsedOf<'ledger', 'start'>): Promise<ExportJobView> {
  const { db, now, access } = ctx;
  const profile = await findProfile(db, access, payload.profileId);
  if (profile.layout !== payload.layout) return fail('EXPORT_PROFILE_INVALID', `该模板用于${LEDGER_LAYOUT_LABELS[profile.layout]}`, 'profileId');
  const scope = await resolveScope(db, access, payload.scope);
  const reader = new SourceReader(db, false);
  const context = await reader.contextDigest(scope);

  const request: ExportJobDoc['request'] = {
    scope: scope.map((p) => p._id),
    scopeNames: scope.map((p) => p.name),
    ...(payload.categories ? { categories: payload.categories } : {}),
    ...(payload.statuses ? { statuses: payload.statuses } : {}),
    ...(payload.from ? { from: payload.from } : {}),
    ...(payload.to ? { to: payload.to } : {}),
    onlyChanges: payload.onlyChanges,
    full: Boolean(payload.full),
  };

  const jobId = `ej_${now.getTime().toString(36)}_${randomBytes(6).toString('hex')}`;
  const baseKey = [access.staff._id, profile.id, payload.layout, ...scope.map((p) => p._id)].join('|');
  const baseId = `lb_${keyedHash('ledger_base', baseKey).slice(0, 32)}`;
  // the same export, its runner dead (its lease lapsed): this call takes it over from its last saved page
  const stale = await deadRun(db, baseId, request, now);
  if (stale) return runJob(ctx, stale);
  const baseJobId = await claimBase(db, baseId, jobId, now);
  const release = () => db.collection(Collections.ledgerBases).where({ _id: baseId, runningJobId: jobId }).update({ data: { runningJobId: null, updatedAt: now } });
  let since: Date | null = null;
  let validAt: Date | null = null;
  let totalCount = 0;
  try {
    const valid = await validity(db, baseJobId, context, Boolean(payload.categories || payload.statuses || payload.from || payload.to), now);
    since = payload.onlyChanges ? valid.since : null;
    validAt = valid.validAt;
    for (const p of scope) {
      totalCount += since
        ? (await reader.changedKeys(payload.layout, p._id, since)).length
        : await reader.count(payload.layout, p._id, payload.layout === 'person' ? payload.statuses : undefined);
    }
  } catch (e) {
    await release();
    throw e;
  }
  const job: ExportJobDoc = {
    _id: jobId,
    staffId: access.staff._id,
    staffName: access.staff.name,
    staffRole: access.staff.role,
    layout: payload.layout,
    profile: { id: profile.id, name: profile.name, columns: profile.columns },
    request,
    ...(payload.full ? { reason: payload.full.reason } : {}),
    baseId,
    baseJobId,
    basePage: 0,
    context,
    since,
    validAt,
    status: 'running',
    phase: 'scan',
    cursor: { place: 0, after: null },
    parts: 0,
    printPages: 0,
    scanned: 0,
    total: totalCount,
    rows: 0,
    counts: { new: 0, changed: 0, unchanged: 0 },
    leaseId: null,
    leaseUntil: new Date(0),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.collection(Collections.exportJobs).add({ data: job });
  } catch (e) {
    await release();
    throw e;
  }
  return runJob(ctx, job);
}

export async function stepExport(ctx: StaffContext, payload: ParsedOf<'ledger', 'step'>): Promise<ExportJobView> {
  const job = await getJob(ctx.db, ctx.access, payload.jobId);
  if (job.status !== 'running') return jobView(ctx, payload);
  return runJob(ctx, job);
}

export async function jobView(ctx: StaffContext, payload: ParsedOf<'ledger', 'job'>): Promise<ExportJobView> {
  const job = await getJob(ctx.db, ctx.access, payload.jobId);
  if (job.status === 'done' && job.file) {
    const { url, expiresAt } = await fileUrl(ctx.db, ctx.caller.openid, job.file.fileId, ctx.now);
    return viewOf(job, { url, expiresAt });
  }
  return viewOf(job);
}

export async function listJobs(ctx: StaffContext): Promise<ExportJobView[]> {
  const jobs = await rows<ExportJobDoc>(
    ctx.db.collection(Collections.exportJobs).where({ staffId: ctx.access.staff._id }).orderBy('createdAt', 'desc').limit(10),
  );
  return jobs.map((j) => viewOf(j));
}

// ---------------------------------------------------------------------------------------------

function keep(job: ExportJobDoc, row: SourceRow): boolean {
  const r = job.request;
  if (r.categories && !(row.category && (r.categories as string[]).includes(row.category))) return false;
  if (r.from || r.to) {
    if (!row.filedAt) return false;
    const day = shanghaiDateString(row.filedAt);
    if (r.from && day < r.from) return false;
    if (r.to && day > r.to) return false;
  }
  return true;
}

const parseEntries = (entries: string): Array<[string, string]> =>
  entries ? entries.split(',').map((e) => e.split(':') as [string, string]) : [];

/**
 * The base's fingerprints of keys in (`after`, `upto`] of scope place `place` (`upto` null: to the
 * place's end), read from its pages in order starting at `from`; answers them and the first page
 * not used up.
 */
async function basePrints(
  db: Database,
  job: ExportJobDoc,
  place: number,
  after: string | null,
  upto: string | null,
): Promise<{ prints: Map<string, string>; next: number }> {
  const prints = new Map<string, string>();
  let no = job.basePage;
  if (!job.baseJobId) return { prints, next: no };
  for (;;) {
    const page = await first<PrintsDoc>(db.collection(Collections.ledgerPrints).where({ _id: partId(job.baseJobId, no) }));
    if (!page || page.place > place) return { prints, next: no };
    const entries = parseEntries(page.entries);
    for (const [key, fp] of entries) {
      if (page.place === place && (after === null || key > after) && (upto === null || key <= upto)) prints.set(key, fp);
    }
    const lastKey = entries.length ? entries[entries.length - 1][0] : null;
    // a page reaching beyond this range is read again for the next one
    if (page.place === place && upto !== null && lastKey !== null && lastKey > upto) return { prints, next: no };
    no++;
  }
}

/** Runs the job under a lease for up to the step budget; answers its progress. */
export async function runJob(ctx: StaffContext, initial: ExportJobDoc): Promise<ExportJobView> {
  const { db, now } = ctx;
  const _ = db.command;
  const leaseId = randomBytes(8).toString('hex');
  const took = await db
    .collection(Collections.exportJobs)
    .where({ _id: initial._id, status: 'running', leaseUntil: _.lte(now) })
    .update({ data: { leaseId, leaseUntil: new Date(now.getTime() + LEASE_MS) } });
  // another call is running it: answer what it has done so far
  if (!updated(took)) return viewOf(initial);

  const job: ExportJobDoc = { ...initial, leaseId };
  const started = Date.now();
  const reader = new SourceReader(db, job.request.full);
  const mode = job.request.full ? 'full' : 'masked';
  const save = async (patch: Partial<ExportJobDoc>): Promise<boolean> => {
    const res = await db
      .collection(Collections.exportJobs)
      .where({ _id: job._id, leaseId })
      .update({ data: { ...patch, updatedAt: new Date() } });
    Object.assign(job, patch);
    return updated(res);
  };

  {
    while (job.phase === 'scan') {
      const placeId = job.request.scope[job.cursor.place];
      if (!placeId) {
        if (!(await save({ phase: 'assemble' }))) return viewOf(job);
        break;
      }
      const page = job.since
        ? await reader.changedPage(job.layout, placeId, job.cursor.after, new Date(job.since), job.request.statuses)
        : await reader.page(job.layout, placeId, job.cursor.after, job.request.statuses);
      const kept = page.rows.filter((r) => keep(job, r));
      const prints = kept.map((r) => digest(printText(job.layout, r.src)).slice(0, 24));
      const base = await basePrints(db, job, job.cursor.place, job.cursor.after, page.last);
      const counts = { ...job.counts };
      const rendered: CellValue[][] = [];
      // this export's fingerprints of the range: the base's, with those of the rows read now over them
      const next = new Map(base.prints);
      kept.forEach((row, i) => {
        const mark = markOf(base.prints.get(row.key), prints[i]);
        next.set(row.key, prints[i]);
        if (job.request.onlyChanges && mark === 'unchanged') return;
        counts[mark] += 1;
        rendered.push(renderRow(job.profile.columns, row.src, mode, job.rows + rendered.length + 1, mark));
      });
      const patch: Partial<ExportJobDoc> = {
        cursor: page.last ? { place: job.cursor.place, after: page.last } : { place: job.cursor.place + 1, after: null },
        basePage: base.next,
        scanned: job.scanned + page.scanned,
        rows: job.rows + rendered.length,
        counts,
      };
      // a page left by a call cut off before it moved the cursor is written again (same ids)
      if (rendered.length > 0) {
        const { _id, ...part } = { _id: partId(job._id, job.parts), jobId: job._id, no: job.parts, count: rendered.length, sealed: encrypt(JSON.stringify(rendered)) } satisfies PartDoc;
        await db.collection(Collections.exportParts).doc(_id).set({ data: part });
        patch.parts = job.parts + 1;
      }
      if (next.size > 0) {
        // (a range of a job reading only the changes carries forward many: a document per PRINTS_PER_DOC)
        const sorted = [...next.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        let no = job.printPages;
        for (let i = 0; i < sorted.length; i += PRINTS_PER_DOC) {
          const entries = sorted.slice(i, i + PRINTS_PER_DOC).map(([k, fp]) => `${k}:${fp}`).join(',');
          const { _id, ...doc } = { _id: partId(job._id, no), baseId: job.baseId, jobId: job._id, no, place: job.cursor.place, entries } satisfies PrintsDoc;
          await db.collection(Collections.ledgerPrints).doc(_id).set({ data: doc });
          no++;
        }
        patch.printPages = no;
      }
      if (!(await save(patch))) return viewOf(job);
      if (Date.now() - started >= ledgerConfig.stepBudgetMs) {
        await save({ leaseUntil: new Date(0) });
        return viewOf(job);
      }
    }
    // a call that fails from here on leaves the lease to lapse: a later step resumes from the last saved page
    return await assemble(ctx, job, save);
  }
}

function infoRows(job: ExportJobDoc, at: Date): Array<[string, string]> {
  const r = job.request;
  return [
    ['台账', LEDGER_LAYOUT_LABELS[job.layout]],
    ['导出模板', job.profile.name],
    ['导出人', `${job.staffName}（${job.staffRole === 'admin' ? '社区管理员' : '网格员'}）`],
    ['导出时间', formatShanghai(at, 'YYYY-MM-DD HH:mm:ss')],
    ['范围', r.scopeNames.join('、')],
    ['人员类别', r.categories ? r.categories.map((c) => REPORT_CATEGORY_LABELS[c]).join('、') : '全部'],
    ['管控状态', r.statuses ? r.statuses.map((s) => PERSON_STATUS_LABELS[s as keyof typeof PERSON_STATUS_LABELS]).join('、') : '全部'],
    ['填报日期', r.from || r.to ? `${r.from ?? '不限'} 至 ${r.to ?? '不限'}` : '不限'],
    ['仅上次导出后的新增和变更', r.onlyChanges ? '是' : '否'],
    ['行数', String(job.rows)],
    ...ROW_MARKS.map((m) => [`其中${{ new: '新增', changed: '变更', unchanged: '未变' }[m]}`, String(job.counts[m])] as [string, string]),
    ['身份证号和电话', r.full ? `完整（理由：${job.reason ?? ''}，已记入审计）` : '已脱敏'],
  ];
}

async function assemble(ctx: StaffContext, job: ExportJobDoc, save: (patch: Partial<ExportJobDoc>) => Promise<boolean>): Promise<ExportJobView> {
  const { db, now } = ctx;
  const at = now;
  const signature = `导出人：${job.staffName}　导出时间：${formatShanghai(at, 'YYYY-MM-DD HH:mm')}　${job.request.full ? '含完整证件号和电话' : '已脱敏'}`;
  const book = new StreamingWorkbook({
    title: `${LEDGER_LAYOUT_LABELS[job.layout]}`,
    headers: job.profile.columns.map((c) => c.header),
    signature,
    info: infoRows(job, at),
  });
  for (let no = 0; no < job.parts; no++) {
    const part = await first<PartDoc>(db.collection(Collections.exportParts).where({ _id: partId(job._id, no) }));
    if (!part) throw new Error(`export ${job._id}: part ${no} missing`);
    for (const row of JSON.parse(decrypt(part.sealed)) as CellValue[][]) book.addRow(row);
    await book.drain();
  }
  const bytes = await book.finish();
  const stamp = formatShanghai(at, 'YYYYMMDD-HHmm');
  const name = `${LEDGER_LAYOUT_LABELS[job.layout]}_${job.request.scopeNames.join('、').slice(0, 40)}_${stamp}${job.request.onlyChanges ? '_变更' : ''}.xlsx`;
  const saved = await saveGeneratedFile(db, ctx.caller.openid, { purpose: 'export', kind: 'xlsx', bytes, name }, now);
  await appendAudit(db, {
    action: 'export',
    staff: ctx.access.staff,
    target: { collection: Collections.exportJobs, id: job._id, ...(job.request.full ? { field: 'id,phone' } : {}) },
    ...(job.reason ? { reason: job.reason } : {}),
    details: {
      layout: job.layout,
      profile: job.profile.name,
      scope: job.request.scope,
      categories: job.request.categories ?? null,
      statuses: job.request.statuses ?? null,
      from: job.request.from ?? null,
      to: job.request.to ?? null,
      onlyChanges: job.request.onlyChanges,
      full: job.request.full,
      rows: job.rows,
      counts: job.counts,
      fileId: saved.fileId,
    },
    at: now,
  });
  const file = { fileId: saved.fileId, name: saved.name, size: saved.size };
  if (!(await save({ status: 'done', file, finishedAt: now, leaseUntil: new Date(0) }))) return viewOf(job);
  await commitBase(db, job, now);
  await db.collection(Collections.exportParts).where({ jobId: job._id }).remove();
  return viewOf(job, { url: saved.url, expiresAt: saved.expiresAt });
}
