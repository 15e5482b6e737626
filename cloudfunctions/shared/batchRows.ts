/** A batch row as its queue item's detail shows it (the staff function reads it; the batch function writes it). */
import { roomKeyOf, roomOfAddress, type BatchDoc, type BatchRowDetailView, type BatchRowDoc, type RowFilingHint, type RowTogether } from '../../src/domain/batches';
import type { PersonDoc } from '../../src/domain/household';
import { maskName } from '../../src/domain/masking';
import { formatAddress } from '../../src/domain/places';
import { inScope } from '../../src/domain/staff';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { decrypt } from '../common/crypto';
import { first, rows as readRows } from '../common/db';
import { fail } from '../common/errors';
import { getPlace } from '../common/places';
import { maskCells, rowView } from '../batch/model';

/**
 * `scope`: the caller's scope ids — with it the detail lists the rows the worker may handle with this
 * one (same household, or same building and room) and, for a person 一人一档 does not know, what 纳管
 * files them with.
 */
export async function batchRowDetail(
  db: Database,
  rowId: string,
  scope?: readonly string[],
): Promise<{ row: BatchRowDetailView; doc: BatchRowDoc; person: PersonDoc | null }> {
  const doc = await first<BatchRowDoc>(db.collection(Collections.batchRows).where({ _id: rowId }));
  if (!doc) return fail('NOT_FOUND', '核查记录不存在');
  const batch = await first<BatchDoc>(db.collection(Collections.batches).where({ _id: doc.batchId }));
  if (!batch) return fail('NOT_FOUND', '核查批次不存在');
  const cells = JSON.parse(decrypt(doc.cellsCipher)) as string[];
  const sensitive = new Set([batch.mapping.idNumber, batch.mapping.phone].filter((c): c is number => c !== undefined));
  const masked = maskCells(cells, sensitive);
  const person = doc.person ? await first<PersonDoc>(db.collection(Collections.persons).where({ _id: doc.person.personId })) : null;
  const together = scope ? await togetherWith(db, doc, scope) : undefined;
  const filing = scope ? await filingHint(db, doc, person, together ?? []) : undefined;
  return {
    doc,
    person,
    row: {
      ...rowView(doc),
      subject: batch.subject,
      source: batch.source,
      deadline: batch.deadline.toISOString(),
      columns: batch.headers.map((header, i) => ({ header, value: masked[i] ?? '' })),
      ...(together?.length ? { together } : {}),
      ...(filing ? { filing } : {}),
    },
  };
}

const TOGETHER_FIELDS = Object.fromEntries(['_id', 'rowNumber', 'name', 'state', 'address', 'buildingId', 'person', 'placePath', 'idType'].map((f) => [f, true]));
/** Rows of one building in one batch read to find a room's (a building's share of a list is small). */
const TOGETHER_READ = 500;

/** The batch's other rows of this row's household (一人一档) or of its building and room. */
async function togetherWith(db: Database, row: BatchRowDoc, scope: readonly string[]): Promise<RowTogether[]> {
  const householdId = row.person?.householdId;
  const roomKey = roomKeyOf(row.address);
  if (!householdId && !(row.buildingId && roomKey)) return [];
  const read = (where: object) => readRows<BatchRowDoc>(db.collection(Collections.batchRows).where(where).field(TOGETHER_FIELDS).limit(TOGETHER_READ));
  const [inHousehold, inBuilding] = await Promise.all([
    householdId ? read({ batchId: row.batchId, 'person.householdId': householdId }) : Promise.resolve([]),
    row.buildingId && roomKey ? read({ batchId: row.batchId, buildingId: row.buildingId }) : Promise.resolve([]),
  ]);
  const out = new Map<string, RowTogether>();
  const add = (r: BatchRowDoc, by: RowTogether['by']) => {
    if (r._id === row._id || out.has(r._id)) return;
    const mine = inScope(scope, r.placePath);
    out.set(r._id, {
      rowId: r._id,
      rowNumber: r.rowNumber,
      name: mine ? r.name : maskName(r.name),
      state: r.state,
      by,
      known: !!r.person?.householdId,
      needsId: !r.idType,
      ...(!mine ? { refusal: '不在您的网格' } : r.state === 'closed' ? { refusal: '已办结' } : r.state !== 'dispatched' ? { refusal: '尚未派发' } : {}),
    });
  };
  for (const r of inHousehold) add(r, 'household');
  // the same room; a row of another household (both known, different households) is not the same home
  for (const r of inBuilding) {
    const other = r.person?.householdId;
    if (roomKeyOf(r.address) === roomKey && !(householdId && other && other !== householdId)) add(r, 'address');
  }
  return [...out.values()].sort((a, b) => a.rowNumber - b.rowNumber);
}

/**
 * For a row whose person is in no household of 一人一档 (or with such rows to handle with it): the
 * building it was placed in, its units, the room as the list reads.
 */
async function filingHint(db: Database, row: BatchRowDoc, person: PersonDoc | null, together: RowTogether[]): Promise<RowFilingHint | undefined> {
  const known = !!person?.householdId;
  if ((known && !together.some((r) => !r.known && !r.refusal)) || !row.buildingId || row.state !== 'dispatched') return undefined;
  const building = await getPlace(db, row.buildingId);
  if (!building || building.level !== 'building') return undefined;
  const compound = building.parentId ? await getPlace(db, building.parentId) : null;
  const units = (building.units ?? []).map((u) => ({ name: u.name, floors: u.floors, roomsPerFloor: u.roomsPerFloor }));
  const room = roomOfAddress(row.address, units.map((u) => u.name));
  return {
    buildingId: building._id,
    buildingName: building.name,
    place: formatAddress({ compound: compound?.level === 'compound' ? compound.name : undefined, building: building.name }),
    units,
    ...(room?.unit ? { unit: room.unit } : {}),
    ...(room ? { room: room.room } : {}),
    known,
    needsId: !row.id,
    hasPhone: !!row.phone,
  };
}


