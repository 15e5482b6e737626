/** Ids, the place environment a batch is matched in, and the masked views of batches and rows. */
import { addressIndexOf, type AddressIndex } from '../../src/domain/addresses';
import {
  BATCH_ROW_STATES,
  normalizeHeader,
  type AddressAliasDoc,
  type BatchDoc,
  type BatchImportDoc,
  type BatchRowDoc,
  type BatchRowView,
  type BatchStateCounts,
  type BatchView,
  type ImportView,
} from '../../src/domain/batches';
import type { Place } from '../../src/domain/places';
import { maskIdNumber, maskPhone } from '../../src/domain/masking';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { HashNamespaces, keyedHash } from '../common/crypto';
import { first, total } from '../common/db';
import { fail } from '../common/errors';
import { fetchAll } from '../common/paging';
import { requireInScope, type StaffAccess } from '../common/staffAccess';

const h = (namespace: string, value: string) => keyedHash(namespace, value).slice(0, 32);

export const batchIdOf = (placeId: string, source: string, subject: string) => `bt_${h('batch', `${placeId}|${normalizeHeader(source)}|${normalizeHeader(subject)}`)}`;
export const importIdOf = (placeId: string, fileHash: string) => `bi_${h('batch-import', `${placeId}|${fileHash}`)}`;
export const profileIdOf = (placeId: string, source: string) => `cp_${h('column-profile', `${placeId}|${normalizeHeader(source)}`)}`;
export const aliasIdOf = (placeId: string, text: string) => `al_${h('address-alias', `${placeId}|${text}`)}`;
export const rowIdOf = (batchId: string, key: string) => `br_${h('batch-row', `${batchId}|${key}`)}`;
export const itemIdOf = (rowId: string) => `q_${rowId}`;
export const chunkIdOf = (importId: string, n: number) => `${importId}_${n}`;
/** The person a document names in 一人一档 (the id report filing gives them). */
export const personIdOf = (idType: string, number: string) => `p_${keyedHash(HashNamespaces.document(idType), number).slice(0, 32)}`;
/** A row identity as stored: keyed, so the keys index holds no ID or phone number. */
/** hashed, its kind kept in the clear (doc:…, pn:…, na:…): two rows with different documents are never one person */
export const identityKey = (identity: string) => `${identity.slice(0, identity.indexOf(':'))}:${h('batch-identity', identity)}`;
const isDocumentKey = (key: string) => key.startsWith('doc:');
/**
 * Whether two rows' identity keys name one person: the document decides when both rows have one
 * (two 张伟 of one room with different IDs are two rows); else any shared key (phone + name, name +
 * address) does, so a corrected file that adds or fixes an ID still finds the row it corrects.
 */
export function samePerson(a: readonly string[], b: readonly string[]): boolean {
  const docsA = a.filter(isDocumentKey);
  const docsB = b.filter(isDocumentKey);
  if (docsA.length && docsB.length) return docsA.some((k) => docsB.includes(k));
  return a.some((k) => b.includes(k));
}

export const sortKeyOf = (deadline: Date, batchId: string, rowNumber: number) => `${deadline.toISOString()}|${batchId}|${String(rowNumber).padStart(7, '0')}`;
export function sortKeyParts(sortKey: string): [Date, string, number] {
  const [iso, batchId, n] = sortKey.split('|');
  return [new Date(iso), batchId, Number(n)];
}

export async function requireBatch(db: Database, access: StaffAccess, batchId: string): Promise<BatchDoc> {
  const batch = await first<BatchDoc>(db.collection(Collections.batches).where({ _id: batchId }));
  return requireInScope(access, batch, '核查批次不存在', 'batchId');
}

export async function requireImport(db: Database, access: StaffAccess, importId: string): Promise<{ job: BatchImportDoc; batch: BatchDoc }> {
  const job = await first<BatchImportDoc>(db.collection(Collections.batchImports).where({ _id: importId }));
  if (!job) return fail('NOT_FOUND', '导入任务不存在', 'importId');
  const batch = await first<BatchDoc>(db.collection(Collections.batches).where({ _id: job.batchId }));
  return { job, batch: requireInScope(access, batch, '导入任务不存在', 'importId') };
}

export async function requireRow(db: Database, access: StaffAccess, rowId: string): Promise<BatchRowDoc> {
  const row = await first<BatchRowDoc>(db.collection(Collections.batchRows).where({ _id: rowId }));
  return requireInScope(access, row, '核查记录不存在', 'rowId');
}

/** The buildings (with their grids and communities) and the taught aliases under a batch's place. */
export interface PlaceEnvironment {
  index: AddressIndex;
  buildings: Map<string, Place>;
  communityOf(building: Place): string;
}

export async function placeEnvironment(db: Database, placeId: string, self?: Place): Promise<PlaceEnvironment> {
  const _ = db.command;
  const [places, aliases] = await Promise.all([
    fetchAll<Place>(db, Collections.places, { path: placeId, level: _.in(['community', 'compound', 'building']) }),
    fetchAll<AddressAliasDoc>(db, Collections.addressAliases, { placeId }),
  ]);
  const communities = new Set(places.filter((p) => p.level === 'community').map((p) => p._id));
  if (self?.level === 'community') communities.add(self._id);
  const buildings = new Map(places.filter((p) => p.level === 'building').map((p) => [p._id, p]));
  return {
    index: addressIndexOf(places, aliases),
    buildings,
    communityOf: (b) => b.path.find((id) => communities.has(id)) ?? b.path[0],
  };
}

// ---------------------------------------------------------------------------------------------
// views

const ID_LIKE = /^\d{15}$|^\d{17}[\dXx]$/;
const PHONE_LIKE = /^1[3-9]\d{9}$/;

/** Any value half hidden: its first and last thirds shown. */
function maskLoose(c: string): string {
  const chars = Array.from(c);
  const keep = Math.floor((chars.length - 1) / 3);
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - 2 * keep) + chars.slice(chars.length - keep).join('');
}

/** A cell as the desk shows it: ID and phone numbers masked wherever they stand, the sensitive columns always. */
export function maskCell(c: string, sensitive: boolean): string {
  if (!c) return c;
  if (ID_LIKE.test(c)) return maskIdNumber('id_card', c.toUpperCase());
  if (PHONE_LIKE.test(c)) return maskPhone(c);
  return sensitive ? maskLoose(c) : c;
}

export function maskCells(cells: readonly string[], sensitiveColumns: ReadonlySet<number>): string[] {
  return cells.map((c, i) => maskCell(c, sensitiveColumns.has(i)));
}

export function importView(job: BatchImportDoc, extra: { duplicateFile?: boolean; fromProfile?: boolean; samples?: string[][] } = {}): ImportView {
  return {
    importId: job._id,
    batchId: job.batchId,
    status: job.status,
    duplicateFile: extra.duplicateFile ?? false,
    headers: job.headers,
    mapping: job.mapping,
    fromProfile: extra.fromProfile ?? false,
    samples: extra.samples ?? [],
    rowCount: job.rowCount,
    processed: job.cursor,
  };
}

export async function batchView(db: Database, batch: BatchDoc): Promise<BatchView> {
  const counts = Object.fromEntries(
    await Promise.all(BATCH_ROW_STATES.map(async (state) => [state, await total(db.collection(Collections.batchRows).where({ batchId: batch._id, state }))])),
  ) as BatchStateCounts;
  return {
    batchId: batch._id,
    source: batch.source,
    subject: batch.subject,
    deadline: batch.deadline.toISOString(),
    placeId: batch.placeId,
    headers: batch.headers,
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    dispatched: !!batch.dispatchedAt,
    createdAt: batch.createdAt.toISOString(),
  };
}

export function rowView(row: BatchRowDoc): BatchRowView {
  return {
    rowId: row._id,
    batchId: row.batchId,
    rowNumber: row.rowNumber,
    duplicateRows: row.duplicateRows,
    name: row.name,
    ...(row.id ? { idMasked: row.id.masked } : {}),
    ...(row.phone ? { phoneMasked: row.phone.masked } : {}),
    ...(row.address ? { address: row.address } : {}),
    ...(row.origin ? { origin: row.origin } : {}),
    ...(row.arrivalAt ? { arrivalAt: row.arrivalAt } : {}),
    ...(row.transport ? { transport: row.transport } : {}),
    ...(row.note ? { note: row.note } : {}),
    errors: row.errors,
    state: row.state,
    ...(row.unplacedReason ? { unplacedReason: row.unplacedReason } : {}),
    ...(row.placedBy ? { placedBy: row.placedBy } : {}),
    ...(row.buildingId ? { buildingId: row.buildingId } : {}),
    ...(row.gridId ? { gridId: row.gridId } : {}),
    ...(row.person ? { person: { personId: row.person.personId, status: row.person.status, householdId: row.person.householdId } } : {}),
    ...(row.earlier ? { earlier: { ...row.earlier, at: row.earlier.at.toISOString() } } : {}),
    ...(row.state === 'dispatched' || (row.state === 'closed' && row.gridId) ? { itemId: itemIdOf(row._id) } : {}),
    ...(row.flagged ? { flagged: true } : {}),
    passes: row.passes.map((p) => ({ ...p, at: p.at.toISOString() })),
    ...(row.outcome
      ? {
          outcome: {
            kind: row.outcome.kind,
            ...(row.outcome.note ? { note: row.outcome.note } : {}),
            ...(row.outcome.where ? { where: row.outcome.where } : {}),
            staffName: row.outcome.staffName,
            at: row.outcome.at.toISOString(),
          },
        }
      : {}),
  };
}
