/**
 * Importing an upper-level list: the file read once into encrypted chunks and a job document, the
 * columns mapped (guessed, or from the source's saved profile; confirmed or corrected once), then
 * the job run a step at a time — each step a few chunks that fit one call, its cursor advanced only
 * after the chunk's rows are written, so a job survives a restart and never writes a row twice.
 */
import { createHash } from 'crypto';
import {
  BATCH_CHUNK_ROWS,
  BATCH_MAX_ROWS,
  guessMapping,
  mappingFromProfile,
  mappingProblem,
  normalizeHeader,
  profileOf,
  type BatchChunkDoc,
  type BatchDoc,
  type BatchImportDoc,
  type BatchRowDoc,
  type ColumnMapping,
  type ColumnProfileDoc,
  type ImportView,
} from '../../src/domain/batches';
import type { Place } from '../../src/domain/places';
import { inScope } from '../../src/domain/staff';
import type { ParsedOf } from '../../src/domain/contracts';
import { appendAudit } from '../common/audit';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { decrypt, encrypt } from '../common/crypto';
import { first, rows as readRows } from '../common/db';
import { fail, isDuplicateKeyError } from '../common/errors';
import { readUploadedFile } from '../common/files';
import { fetchAll } from '../common/paging';
import { getPlace } from '../common/places';
import { scopeIds, type StaffContext } from '../common/staffAccess';
import { sniffFileKind } from '../../src/domain/files';
import { batchIdOf, chunkIdOf, importIdOf, importView, maskCells, placeEnvironment, profileIdOf, requireImport, rowIdOf, samePerson, sortKeyOf } from './model';
import { checkPass, prepareRows, rowFields, type PreparedRow } from './prepare';
import { readSheet } from './sheets';

/** How long one step of a job may run before it hands back (CloudBase's limit is the function timeout). */
export const STEP_BUDGET_MS = 4000;
let stepBudgetMs = STEP_BUDGET_MS;
/** The local cloud may shorten steps (GRIDLINK_BATCH_STEP_MS, read by localcloud/main.ts): 1 ms is one chunk per step. */
export function setStepBudget(ms: number): void {
  stepBudgetMs = Number.isFinite(ms) && ms > 0 ? ms : STEP_BUDGET_MS;
}
/** A chunk's new rows go in with one insert (one SQLite commit): a chunk of encrypted rows is about the size of the chunk documents written 20 at a time. */
const INSERT_BATCH = BATCH_CHUNK_ROWS;
const SAMPLE_ROWS = 5;

const updated = (res: unknown) => (res as { stats?: { updated?: number } }).stats?.updated ?? 0;

/** The place a batch is for: the one given, or the caller's only scope place; never a grid or below. */
async function batchPlace(ctx: StaffContext, placeId: string | undefined): Promise<Place> {
  const id = placeId ?? (ctx.access.scope.length === 1 ? ctx.access.scope[0]._id : undefined);
  if (!id) return fail('REQUIRED', '请选择该批次所属的社区', 'placeId');
  const place = await getPlace(ctx.db, id);
  if (!place || !inScope(scopeIds(ctx.access), place.path)) return fail('SCOPE_OUTSIDE', undefined, 'placeId');
  if (!['street', 'community', 'area'].includes(place.level)) return fail('INVALID_ENUM', '核查批次应属于街道、社区或片区', 'placeId');
  return place;
}

function samplesOf(rows: string[][], mapping: ColumnMapping): string[][] {
  const sensitive = new Set([mapping.idNumber, mapping.phone].filter((c): c is number => c !== undefined));
  return rows.slice(0, SAMPLE_ROWS).map((r) => maskCells(r, sensitive));
}

async function firstChunkRows(db: Database, job: BatchImportDoc): Promise<string[][]> {
  const chunk = await first<BatchChunkDoc>(db.collection(Collections.batchChunks).where({ _id: chunkIdOf(job._id, 0) }));
  return chunk ? (JSON.parse(decrypt(chunk.rowsCipher)) as { rows: string[][] }).rows : [];
}

/**
 * Reads an uploaded list into a batch (named by source and subject: the same name is the same
 * batch, so a corrected file lands in it). The same file again is the same import: nothing is added.
 */
export async function uploadList(ctx: StaffContext, input: ParsedOf<'batch', 'upload'>): Promise<ImportView> {
  const { db, now, access } = ctx;
  const deadline = new Date(input.deadline);
  if (Number.isNaN(deadline.getTime())) return fail('INVALID_DATE', '反馈时限格式不正确', 'deadline');
  if (deadline.getTime() <= now.getTime()) return fail('BATCH_DEADLINE_PAST', undefined, 'deadline');
  const place = await batchPlace(ctx, input.placeId);

  const bytes = await readUploadedFile(db, ctx.caller.openid, input.fileId, 'import', now);
  const sheet = await readSheet(bytes, sniffFileKind(bytes) === 'xlsx' ? 'xlsx' : 'csv');
  if (sheet.rows.length === 0) return fail('BATCH_FILE_EMPTY', undefined, 'fileId');
  if (sheet.rows.length > BATCH_MAX_ROWS) return fail('BATCH_TOO_MANY_ROWS', undefined, 'fileId');
  // the hash of what the file says, not of its bytes: the same list saved again (xlsx carries its save time) is the same file
  // (the hash of JSON.stringify([headers, rows]), fed a row at a time: a large list never becomes one string)
  const hash = createHash('sha256').update(`[${JSON.stringify(sheet.headers)},[`);
  sheet.rows.forEach((r, i) => hash.update(i === 0 ? JSON.stringify(r) : `,${JSON.stringify(r)}`));
  const fileHash = hash.update(']]').digest('hex');
  const importId = importIdOf(place._id, fileHash);
  const existing = await first<BatchImportDoc>(db.collection(Collections.batchImports).where({ _id: importId }));
  if (existing) return importView(existing, { duplicateFile: true, samples: samplesOf(sheet.rows, existing.mapping) });

  const profile = await first<ColumnProfileDoc>(db.collection(Collections.columnProfiles).where({ _id: profileIdOf(place._id, input.source) }));
  const fromProfile = profile ? mappingFromProfile(sheet.headers, profile.mapping, profile.headers) : null;
  const mapping = fromProfile?.mapping ?? guessMapping(sheet.headers);
  const ready = fromProfile?.complete === true;

  const batchId = batchIdOf(place._id, input.source, input.subject);
  const batch: BatchDoc = {
    _id: batchId,
    placeId: place._id,
    placePath: place.path,
    source: input.source,
    subject: input.subject,
    deadline,
    headers: sheet.headers,
    mapping,
    createdByStaffId: access.staff._id,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.collection(Collections.batches).add({ data: batch });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    await db.collection(Collections.batches).doc(batchId).update({ data: { deadline, updatedAt: now } });
  }

  // the rows, encrypted, in chunks of one step each: written before the job that reads them
  const chunkCount = Math.ceil(sheet.rows.length / BATCH_CHUNK_ROWS);
  const chunkOf = (n: number): BatchChunkDoc => {
    const part = sheet.rows.slice(n * BATCH_CHUNK_ROWS, (n + 1) * BATCH_CHUNK_ROWS);
    const numbers = part.map((_r, i) => sheet.rowNumbers[n * BATCH_CHUNK_ROWS + i]);
    return { _id: chunkIdOf(importId, n), importId, n, firstRowNumber: numbers[0], rowsCipher: encrypt(JSON.stringify({ numbers, rows: part })) };
  };
  // encrypted and written 20 at a time: only those are held beside the rows
  for (let i = 0; i < chunkCount; i += 20) {
    const part = Array.from({ length: Math.min(20, chunkCount - i) }, (_, k) => chunkOf(i + k));
    try {
      await db.collection(Collections.batchChunks).add({ data: part });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      // a concurrent upload of the same file wrote them: the same bytes, the same chunks
    }
  }
  const job: BatchImportDoc = {
    _id: importId,
    batchId,
    placeId: place._id,
    fileHash,
    headers: sheet.headers,
    mapping,
    rowCount: sheet.rows.length,
    chunkCount,
    cursor: 0,
    status: ready ? 'running' : 'mapping',
    createdByStaffId: access.staff._id,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.collection(Collections.batchImports).add({ data: job });
  } catch (e) {
    if (!isDuplicateKeyError(e)) throw e;
    const winner = await first<BatchImportDoc>(db.collection(Collections.batchImports).where({ _id: importId }));
    return importView(winner!, { duplicateFile: true, samples: samplesOf(sheet.rows, winner!.mapping) });
  }
  await appendAudit(db, { action: 'import', staff: access.staff, target: { collection: Collections.batches, id: batchId }, reason: `${input.source} ${input.subject}（${sheet.rows.length}行）`, at: now });
  return importView(job, { fromProfile: ready, samples: samplesOf(sheet.rows, mapping) });
}

/** The user's confirmed (or corrected) mapping: saved as the source's profile, and the job starts. */
export async function confirmMapping(ctx: StaffContext, input: ParsedOf<'batch', 'confirmMapping'>): Promise<ImportView> {
  const { db, now, access } = ctx;
  const { job, batch } = await requireImport(db, access, input.importId);
  const mapping = Object.fromEntries(Object.entries(input.mapping).filter(([, v]) => v !== undefined)) as ColumnMapping;
  const problem = mappingProblem(mapping, job.headers.length);
  if (problem) return fail('BATCH_MAPPING_INVALID', problem, 'mapping');
  if (job.status !== 'mapping') return fail('BATCH_IMPORT_STATE');
  const res = await db
    .collection(Collections.batchImports)
    .where({ _id: job._id, status: 'mapping' })
    .update({ data: { mapping, status: 'running', updatedAt: now } });
  if (updated(res) === 0) return fail('BATCH_IMPORT_STATE');
  await db.collection(Collections.batches).doc(batch._id).update({ data: { headers: job.headers, mapping, updatedAt: now } });
  const profile: ColumnProfileDoc = {
    _id: profileIdOf(batch.placeId, batch.source),
    placeId: batch.placeId,
    source: batch.source,
    mapping: profileOf(job.headers, mapping),
    headers: job.headers.map(normalizeHeader),
    updatedByStaffId: access.staff._id,
    updatedAt: now,
  };
  const { _id: profileId, ...profileData } = profile;
  await db.collection(Collections.columnProfiles).doc(profileId).set({ data: profileData });
  return importView({ ...job, mapping, status: 'running' }, { samples: samplesOf(await firstChunkRows(db, job), mapping) });
}

type Existing = Pick<BatchRowDoc, '_id' | 'batchId' | 'keys' | 'importId' | 'rowNumber' | 'duplicateRows' | 'state' | 'outcome' | 'updatedAt' | 'passes'>;

/** Rows (of any batch) carrying any of these identity keys. */
async function rowsWithKeys(db: Database, keys: string[]): Promise<Existing[]> {
  const _ = db.command;
  const out = new Map<string, Existing>();
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    const found = await fetchAll<Existing>(db, Collections.batchRows, { keys: _.in(part) });
    for (const r of found) out.set(r._id, r);
  }
  return [...out.values()];
}

/** Writes one chunk's rows into the batch: new rows added, duplicates folded in, corrected rows rewritten. */
async function writeChunk(db: Database, batch: BatchDoc, job: BatchImportDoc, prepared: PreparedRow[], env: Awaited<ReturnType<typeof placeEnvironment>>, now: Date): Promise<void> {
  const _ = db.command;
  const found = await rowsWithKeys(db, [...new Set(prepared.flatMap((p) => p.keys))]);
  const sameBatch = found.filter((r) => r.batchId === batch._id);
  const others = found.filter((r) => r.batchId !== batch._id);
  const otherBatchIds = [...new Set(others.map((r) => r.batchId))];
  const otherBatches = new Map(
    otherBatchIds.length
      ? (await readRows<BatchDoc>(db.collection(Collections.batches).where({ _id: _.in(otherBatchIds) }).field({ _id: true, subject: true, source: true }).limit(otherBatchIds.length))).map((b) => [b._id, b])
      : [],
  );
  // every row under each of its keys: one key (a shared phone + name) may be two persons' (two IDs)
  const byKey = new Map<string, Existing[]>();
  const index = (map: Map<string, Existing[]>, keys: readonly string[], r: Existing) => {
    for (const k of keys) {
      const list = map.get(k) ?? [];
      if (!list.includes(r)) list.unshift(r); // latest first
      map.set(k, list);
    }
  };
  const find = (map: Map<string, Existing[]>, keys: readonly string[]) => {
    for (const k of keys) for (const r of map.get(k) ?? []) if (samePerson(keys, r.keys)) return r;
    return undefined;
  };
  for (const r of sameBatch) index(byKey, r.keys, r);
  const earlierByKey = new Map<string, Existing[]>();
  for (const r of others.sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime())) index(earlierByKey, r.keys, r);

  const inserts: BatchRowDoc[] = [];
  const updates: Array<{ id: string; data: Record<string, unknown> }> = [];
  const duplicates = new Map<string, number[]>();

  for (const p of prepared) {
    const match = find(byKey, p.keys);
    if (match && match.importId === job._id) {
      // this file's own earlier row (or this very row, written by a step that did not finish)
      if (match.rowNumber !== p.rowNumber && !match.duplicateRows.includes(p.rowNumber)) {
        match.duplicateRows.push(p.rowNumber);
        duplicates.set(match._id, match.duplicateRows);
      }
      continue;
    }
    const earlierRow = find(earlierByKey, p.keys);
    const earlierBatch = earlierRow ? otherBatches.get(earlierRow.batchId) : undefined;
    const earlier =
      earlierRow && earlierBatch
        ? { batchId: earlierRow.batchId, subject: earlierBatch.subject, source: earlierBatch.source, state: earlierRow.state, ...(earlierRow.outcome ? { outcome: earlierRow.outcome.kind } : {}), at: earlierRow.updatedAt }
        : undefined;
    const fields = rowFields(p, batch, env, encrypt);
    if (match) {
      // a corrected (or repeated) file of the same batch: the row it corrects, rewritten while nobody works on it
      const pending = match.state === 'invalid' || match.state === 'unplaced' || match.state === 'placed';
      const data = pending
        ? { ...fields, importId: job._id, rowNumber: p.rowNumber, duplicateRows: [], sortKey: sortKeyOf(batch.deadline, batch._id, p.rowNumber), passes: [checkPass(p.person, now)], stage: 'check', ...(earlier ? { earlier } : {}), updatedAt: now }
        : { importId: job._id, rowNumber: p.rowNumber, cellsCipher: fields.cellsCipher, keys: [...new Set([...match.keys, ...p.keys])], updatedAt: now };
      updates.push({ id: match._id, data });
      Object.assign(match, { importId: job._id, rowNumber: p.rowNumber, duplicateRows: [], keys: pending ? p.keys : [...new Set([...match.keys, ...p.keys])] });
      index(byKey, p.keys, match);
      continue;
    }
    const doc: BatchRowDoc = {
      _id: rowIdOf(batch._id, p.keys[0] ?? `${job._id}|${p.rowNumber}`),
      batchId: batch._id,
      importId: job._id,
      rowNumber: p.rowNumber,
      duplicateRows: [],
      sortKey: sortKeyOf(batch.deadline, batch._id, p.rowNumber),
      ...fields,
      passes: [checkPass(p.person, now)],
      stage: 'check',
      ...(earlier ? { earlier } : {}),
      createdAt: now,
      updatedAt: now,
    };
    inserts.push(doc);
    const mine: Existing = { _id: doc._id, batchId: batch._id, keys: doc.keys, importId: job._id, rowNumber: p.rowNumber, duplicateRows: doc.duplicateRows, state: doc.state, updatedAt: now, passes: doc.passes };
    index(byKey, p.keys, mine);
  }

  for (let i = 0; i < inserts.length; i += INSERT_BATCH) {
    const part = inserts.slice(i, i + INSERT_BATCH);
    try {
      await db.collection(Collections.batchRows).add({ data: part });
    } catch (e) {
      if (!isDuplicateKeyError(e)) throw e;
      for (const doc of part) {
        try {
          await db.collection(Collections.batchRows).add({ data: doc });
        } catch (e2) {
          if (!isDuplicateKeyError(e2)) throw e2;
        }
      }
    }
  }
  for (const u of updates) await db.collection(Collections.batchRows).doc(u.id).update({ data: u.data });
  const inserted = new Set(inserts.map((d) => d._id));
  for (const [id, rowsOf] of duplicates) {
    // a repeat of a row this chunk inserts: the inserted document already holds it (the same array)
    if (inserted.has(id)) continue;
    if (!updates.some((u) => u.id === id)) await db.collection(Collections.batchRows).doc(id).update({ data: { duplicateRows: rowsOf, updatedAt: now } });
    else await db.collection(Collections.batchRows).doc(id).update({ data: { duplicateRows: rowsOf } });
  }
}

/**
 * One step of an import job: chunks from its cursor until the step's time is spent. Two steps of
 * the same job racing: the cursor moves only from the value a step read, so one of them stops.
 */
export async function runImport(ctx: StaffContext, input: ParsedOf<'batch', 'run'>, budgetMs = stepBudgetMs): Promise<ImportView> {
  const { db, now, access } = ctx;
  const { job, batch } = await requireImport(db, access, input.importId);
  if (job.status !== 'running') return importView(job);
  const started = Date.now();
  const env = await placeEnvironment(db, batch.placeId, (await getPlace(db, batch.placeId)) ?? undefined);
  // at least one chunk per step, then as many as the budget allows
  while (job.cursor < job.rowCount) {
    const n = Math.floor(job.cursor / BATCH_CHUNK_ROWS);
    const chunk = await first<BatchChunkDoc>(db.collection(Collections.batchChunks).where({ _id: chunkIdOf(job._id, n) }));
    if (!chunk) return fail('INTERNAL', '导入数据缺失，请重新上传文件');
    const { numbers, rows } = JSON.parse(decrypt(chunk.rowsCipher)) as { numbers: number[]; rows: string[][] };
    const prepared = await prepareRows(db, env, job.mapping, rows.map((cells, i) => ({ rowNumber: numbers[i], cells })), now);
    await writeChunk(db, batch, job, prepared, env, now);
    const next = Math.min(job.rowCount, (n + 1) * BATCH_CHUNK_ROWS);
    const done = next >= job.rowCount;
    const res = await db
      .collection(Collections.batchImports)
      .where({ _id: job._id, cursor: job.cursor })
      .update({ data: { cursor: next, updatedAt: now, ...(done ? { status: 'done', doneAt: now } : {}) } });
    if (updated(res) === 0) {
      const latest = await first<BatchImportDoc>(db.collection(Collections.batchImports).where({ _id: job._id }));
      return importView(latest ?? job);
    }
    job.cursor = next;
    if (done) job.status = 'done';
    if (Date.now() - started >= budgetMs) break;
  }
  return importView(job);
}

export async function importStatus(ctx: StaffContext, input: ParsedOf<'batch', 'importStatus'>): Promise<ImportView> {
  const { job } = await requireImport(ctx.db, ctx.access, input.importId);
  return importView(job, { samples: job.status === 'mapping' ? samplesOf(await firstChunkRows(ctx.db, job), job.mapping) : [] });
}
