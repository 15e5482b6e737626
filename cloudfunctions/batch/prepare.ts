/**
 * One list row to what the batch keeps of it: validated, its identities keyed, its person looked up
 * in 一人一档, its address matched to a building (or the person's building), its state decided.
 */
import { parseAddress, UNPLACED_REASON_LABELS } from '../../src/domain/addresses';
import {
  rowIdentities,
  validateBatchRow,
  type BatchDoc,
  type BatchRowDoc,
  type BatchRowValues,
  type ColumnMapping,
  type PassRecord,
  type RowError,
} from '../../src/domain/batches';
import type { PersonDoc } from '../../src/domain/household';
import { maskIdNumber, maskPhone } from '../../src/domain/masking';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { HashNamespaces, keyedHash, protect } from '../common/crypto';
import { rows as readRows } from '../common/db';
import { identityKey, personIdOf, type PlaceEnvironment } from './model';

export interface PreparedRow {
  rowNumber: number;
  cells: string[];
  values: BatchRowValues;
  errors: RowError[];
  keys: string[];
  /** where the address (or the person) puts it */
  place: { buildingId: string; by: 'address' | 'alias' | 'person' } | null;
  unplacedReason?: string;
  person: PersonDoc | null;
}

const STATUS_LABELS: Record<string, string> = { normal: '正常', health_monitoring: '健康监测中', home_isolation: '居家隔离中' };

type PersonLite = Pick<PersonDoc, '_id' | 'name' | 'householdId' | 'status' | 'buildingId' | 'gridId'> & { phone?: { hash: string } };

/** The persons of 一人一档 the rows name: by document (their id derives from it), else by phone and name. */
async function lookUpPersons(db: Database, rows: ReadonlyArray<{ values: BatchRowValues }>): Promise<{ byId: Map<string, PersonLite>; byPhone: Map<string, PersonLite[]> }> {
  const _ = db.command;
  const ids = [...new Set(rows.flatMap((r) => (r.values.document ? [personIdOf(r.values.document.idType, r.values.document.number)] : [])))];
  const phones = [...new Set(rows.flatMap((r) => (!r.values.document && r.values.phone ? [keyedHash(HashNamespaces.phone, r.values.phone)] : [])))];
  const field = { _id: true, name: true, householdId: true, status: true, buildingId: true, gridId: true, 'phone.hash': true };
  const byId = new Map<string, PersonLite>();
  const byPhone = new Map<string, PersonLite[]>();
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    for (const p of await readRows<PersonLite>(db.collection(Collections.persons).where({ _id: _.in(part) }).field(field).limit(part.length))) byId.set(p._id, p);
  }
  for (let i = 0; i < phones.length; i += 200) {
    const part = phones.slice(i, i + 200);
    for (const p of await readRows<PersonLite>(db.collection(Collections.persons).where({ 'phone.hash': _.in(part) }).field(field).limit(1000))) {
      const key = p.phone!.hash;
      byPhone.set(key, [...(byPhone.get(key) ?? []), p]);
    }
  }
  return { byId, byPhone };
}

/** Validates, keys, looks up and places a set of rows (a chunk): one read of persons for all of them. */
export async function prepareRows(
  db: Database,
  env: PlaceEnvironment,
  mapping: ColumnMapping,
  input: ReadonlyArray<{ rowNumber: number; cells: string[] }>,
  today: Date,
): Promise<PreparedRow[]> {
  const validated = input.map((r) => ({ ...r, ...validateBatchRow(r.cells, mapping, today) }));
  const persons = await lookUpPersons(db, validated);
  return validated.map(({ rowNumber, cells, values, errors }) => {
    const person =
      (values.document ? persons.byId.get(personIdOf(values.document.idType, values.document.number)) : undefined) ??
      (!values.document && values.phone ? persons.byPhone.get(keyedHash(HashNamespaces.phone, values.phone))?.find((p) => p.name === values.name) : undefined) ??
      null;
    const match = values.address ? env.index.match(values.address) : null;
    let place: PreparedRow['place'] = null;
    let unplacedReason: string | undefined;
    if (match?.placed) place = { buildingId: match.buildingId, by: match.via === 'alias' ? 'alias' : 'address' };
    else if (person && env.buildings.has(person.buildingId)) place = { buildingId: person.buildingId, by: 'person' };
    else unplacedReason = match ? UNPLACED_REASON_LABELS[match.reason] : UNPLACED_REASON_LABELS.empty;
    // the address as a key: the building and room it names when placed, else its normalised text
    const parsed = values.address ? parseAddress(values.address) : null;
    const addressKey = parsed ? (match?.placed ? `${match.buildingId}|${parsed.unit ?? ''}|${parsed.room ?? ''}` : parsed.text) : null;
    const keys = rowIdentities(values, addressKey || null).map(identityKey);
    return { rowNumber, cells, values, errors, keys, place, ...(unplacedReason ? { unplacedReason } : {}), person: (person as PersonDoc | null) ?? null };
  });
}

/** The first pass, filled from 一人一档. */
export function checkPass(person: PersonDoc | null, at: Date): PassRecord {
  return {
    kind: 'check',
    at,
    staffId: null,
    staffName: '系统',
    note: person ? `一人一档已有此人（${STATUS_LABELS[person.status] ?? person.status}）` : '一人一档中没有此人',
  };
}

/** The fields of a row document a prepared row decides (all but identity, history and passes). */
export function rowFields(
  prepared: PreparedRow,
  batch: BatchDoc,
  env: PlaceEnvironment,
  encrypt: (s: string) => string,
): Omit<BatchRowDoc, '_id' | 'batchId' | 'importId' | 'rowNumber' | 'duplicateRows' | 'sortKey' | 'passes' | 'stage' | 'createdAt' | 'updatedAt' | 'earlier'> {
  const { values, errors, place, person } = prepared;
  const building = place ? env.buildings.get(place.buildingId) : undefined;
  const doc = values.document;
  return {
    keys: prepared.keys,
    cellsCipher: encrypt(JSON.stringify(prepared.cells)),
    name: values.name,
    ...(doc ? { idType: doc.idType, id: protect(HashNamespaces.document(doc.idType), doc.number, maskIdNumber(doc.idType, doc.number)) } : {}),
    ...(values.phone ? { phone: protect(HashNamespaces.phone, values.phone, maskPhone(values.phone)) } : {}),
    ...(values.address ? { address: values.address } : {}),
    ...(values.origin ? { origin: values.origin } : {}),
    ...(values.arrivalAt ? { arrivalAt: values.arrivalAt } : {}),
    ...(values.transport ? { transport: values.transport } : {}),
    ...(values.note ? { note: values.note } : {}),
    errors,
    state: errors.length > 0 ? 'invalid' : building ? 'placed' : 'unplaced',
    ...(building
      ? { placedBy: place!.by, buildingId: building._id, gridId: building.gridId!, communityId: env.communityOf(building), placePath: building.path, unplacedPlaceId: null }
      : {
          placePath: batch.placePath,
          unplacedPlaceId: errors.length > 0 ? null : batch.placeId,
          ...(prepared.unplacedReason ? { unplacedReason: prepared.unplacedReason } : {}),
        }),
    ...(person
      ? { person: { personId: person._id, householdId: person.householdId, status: person.status, buildingId: person.buildingId, gridId: person.gridId } }
      : {}),
  };
}
