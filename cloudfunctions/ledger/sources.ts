/**
 * Reading the ledger a page at a time: one page of persons (一人一档) or households (一户一账) under
 * one scope place, ordered by `_id`, and what their rows are read from — their households, the
 * households' latest filings, their isolations, place names and grid workers — each one `_id in`
 * or indexed query per page. Place names and grid workers are cached for the run of a step.
 */
import { createHash } from 'crypto';
import type { IsolationDoc } from '../../src/domain/checkins';
import type { HouseholdDoc, PersonDoc, ReportDoc, ReportMemberEntry } from '../../src/domain/household';
import type { LedgerLayout, LedgerPerson, LedgerSource } from '../../src/domain/ledger';
import type { Place } from '../../src/domain/places';
import type { StaffDoc } from '../../src/domain/staff';
import { Collections } from '../common/collections';
import type { Database } from '../common/cloud';
import { decrypt } from '../common/crypto';
import { rows, total } from '../common/db';
import { MAX_PAGE } from '../common/paging';

/** Records read per page (the persons of a page and their isolations stay within one 1,000-document query); tests page smaller. */
export const ledgerPaging = { pageSize: 500 };

/** One row's source plus what the filters and the marks need. */
export interface SourceRow {
  /** the person's or household's id */
  key: string;
  src: LedgerSource;
  category?: string;
  filedAt?: Date;
  statuses: string[];
}

// only what a row is read from (a report's members carry the health answers; ciphers only for a full export)
const HOUSEHOLD_FIELDS = {
  _id: true,
  placePath: true,
  gridId: true,
  unit: true,
  room: true,
  address: true,
  lastReportId: true,
  reporterPersonId: true,
  personIds: true,
  mergedInto: true,
} as const;
const REPORT_FIELDS = { _id: true, householdId: true, category: true, travel: true, createdAt: true, 'members.personId': true, 'members.health': true } as const;
const ISOLATION_FIELDS = { _id: true, personId: true, kind: true, startDate: true, endDate: true, status: true, endedAt: true } as const;
const PERSON_FIELDS = {
  _id: true,
  householdId: true,
  name: true,
  relation: true,
  idType: true,
  'id.masked': true,
  'id.hash': true,
  'phone.masked': true,
  'phone.hash': true,
  gender: true,
  status: true,
} as const;

export class SourceReader {
  private readonly personFields: Record<string, true>;
  private places = new Map<string, Place | null>();
  private workers = new Map<string, string[]>();
  private changed = new Map<string, string[]>();
  constructor(
    private readonly db: Database,
    private readonly full: boolean,
  ) {
    this.personFields = full ? { ...PERSON_FIELDS, 'id.cipher': true, 'phone.cipher': true } : PERSON_FIELDS;
  }

  private get _() {
    return this.db.command;
  }

  private async byIds<T>(collection: string, ids: string[], fields?: Record<string, true>): Promise<T[]> {
    const unique = [...new Set(ids)];
    const out: T[] = [];
    for (let i = 0; i < unique.length; i += MAX_PAGE) {
      const chunk = unique.slice(i, i + MAX_PAGE);
      const query = this.db.collection(collection).where({ _id: this._.in(chunk) });
      out.push(...(await rows<T>((fields ? query.field(fields) : query).limit(chunk.length))));
    }
    return out;
  }

  /** Documents of `collection` whose `field` is one of `values`, every page of them. */
  private async byField<T extends { _id: string }>(collection: string, field: string, values: string[], fields?: Record<string, true>): Promise<T[]> {
    if (values.length === 0) return [];
    const out: T[] = [];
    let after: string | null = null;
    for (;;) {
      const where: Record<string, unknown> = { [field]: this._.in([...new Set(values)]) };
      if (after) where._id = this._.gt(after);
      const query = this.db.collection(collection).where(where);
      const page: T[] = await rows<T>((fields ? query.field(fields) : query).orderBy('_id', 'asc').limit(MAX_PAGE));
      out.push(...page);
      if (page.length < MAX_PAGE) return out;
      after = page[page.length - 1]._id;
    }
  }

  private async loadPlaces(households: HouseholdDoc[]): Promise<void> {
    const missing = [...new Set(households.flatMap((h) => h.placePath))].filter((id) => !this.places.has(id));
    if (missing.length === 0) return;
    const found = await this.byIds<Place>(Collections.places, missing, { _id: true, level: true, name: true });
    for (const id of missing) this.places.set(id, null);
    for (const p of found) this.places.set(p._id, p);
  }

  private async loadWorkers(gridIds: string[]): Promise<void> {
    const missing = [...new Set(gridIds)].filter((id) => !this.workers.has(id));
    if (missing.length === 0) return;
    for (const id of missing) this.workers.set(id, []);
    const staff = await rows<StaffDoc>(
      this.db
        .collection(Collections.staff)
        .where({ scope: this._.in(missing), role: 'worker', active: true })
        .limit(MAX_PAGE),
    );
    for (const s of staff) for (const g of s.scope) this.workers.get(g)?.push(s.name);
  }

  private placeNames(h: HouseholdDoc): LedgerSource['places'] {
    const out: LedgerSource['places'] = {};
    for (const id of h.placePath) {
      const p = this.places.get(id);
      if (p && (p.level === 'community' || p.level === 'compound' || p.level === 'building' || p.level === 'grid')) out[p.level] = p.name;
    }
    return out;
  }

  /** Records under `placeId` (persons or households), for the progress bar. */
  async count(layout: LedgerLayout, placeId: string, statuses?: string[]): Promise<number> {
    if (layout === 'household') return total(this.db.collection(Collections.households).where({ placePath: placeId }));
    const where: Record<string, unknown> = { placePath: placeId };
    if (statuses) where.status = this._.in(statuses);
    return total(this.db.collection(Collections.persons).where(where));
  }

  /** The next page under `placeId` after `after`: its rows and the last id read (null at the end). */
  async page(layout: LedgerLayout, placeId: string, after: string | null, statuses?: string[]): Promise<{ rows: SourceRow[]; scanned: number; last: string | null }> {
    const where: Record<string, unknown> = { placePath: placeId };
    if (after) where._id = this._.gt(after);
    if (layout === 'person') {
      if (statuses) where.status = this._.in(statuses);
      const persons = await rows<PersonDoc>(
        this.db.collection(Collections.persons).where(where).field(this.personFields).orderBy('_id', 'asc').limit(ledgerPaging.pageSize),
      );
      const last = persons.length === ledgerPaging.pageSize ? persons[persons.length - 1]._id : null;
      return { rows: await this.personRows(persons.filter((p) => p.householdId)), scanned: persons.length, last };
    }
    const households = await rows<HouseholdDoc>(
      this.db.collection(Collections.households).where(where).field(HOUSEHOLD_FIELDS).orderBy('_id', 'asc').limit(ledgerPaging.pageSize),
    );
    const last = households.length === ledgerPaging.pageSize ? households[households.length - 1]._id : null;
    let list = await this.householdRows(households.filter((h) => !h.mergedInto && h.personIds.length > 0));
    if (statuses) list = list.filter((r) => r.statuses.some((s) => statuses.includes(s)));
    return { rows: list, scanned: households.length, last };
  }

  /** Every document of `collection` matching `where` (its `fields` only), a page of them per read in `_id` order. */
  private async all<T extends { _id: string }>(collection: string, where: Record<string, unknown>, fields: Record<string, true>): Promise<T[]> {
    const out: T[] = [];
    let after: string | null = null;
    for (;;) {
      const page: T[] = await rows<T>(
        this.db
          .collection(collection)
          .where(after ? { ...where, _id: this._.gt(after) } : where)
          .field(fields)
          .orderBy('_id', 'asc')
          .limit(MAX_PAGE),
      );
      out.push(...page);
      if (page.length < MAX_PAGE) return out;
      after = page[page.length - 1]._id;
    }
  }

  /**
   * What a row shows besides its person, household, filing and isolation: the names of the places
   * under the scope and above it, where each hangs, and the grid workers. Digested: a job whose base
   * has the same digest may read only the records changed since the base (`changedKeys`); a renamed
   * or moved place, or another grid worker, makes it read the whole ledger again.
   */
  async contextDigest(scope: Place[]): Promise<string> {
    const entries: string[] = [];
    const grids = new Set<string>();
    const above = [...new Set(scope.flatMap((p) => p.path))];
    const places = [
      ...(await this.byIds<Place>(Collections.places, above, { _id: true, level: true, name: true, parentId: true })),
      ...(await Promise.all(scope.map((p) => this.all<Place>(Collections.places, { path: p._id }, { _id: true, level: true, name: true, parentId: true })))).flat(),
    ];
    for (const p of places) {
      entries.push(`${p._id}>${p.parentId ?? ''}:${p.level}:${p.name}`);
      if (p.level === 'grid') grids.add(p._id);
    }
    await this.loadWorkers([...grids]);
    for (const g of grids) entries.push(`${g}@${[...(this.workers.get(g) ?? [])].sort().join('、')}`);
    return createHash('sha256').update([...new Set(entries)].sort().join('\n')).digest('base64url');
  }

  /**
   * Keys (person or household ids) under `placeId` whose row may have changed since `since`: the
   * persons, households and isolations written since then (indexed on placePath + updatedAt), sorted.
   * Cached for the reader's run.
   */
  async changedKeys(layout: LedgerLayout, placeId: string, since: Date): Promise<string[]> {
    const cached = this.changed.get(placeId);
    if (cached) return cached;
    const where = { placePath: placeId, updatedAt: this._.gt(since) };
    const [persons, households, isolations] = await Promise.all([
      this.all<PersonDoc>(Collections.persons, where, { _id: true, householdId: true, formerHouseholdId: true }),
      this.all<HouseholdDoc>(Collections.households, where, { _id: true, personIds: true }),
      this.all<IsolationDoc>(Collections.isolations, where, { _id: true, personId: true, householdId: true }),
    ]);
    const keys =
      layout === 'person'
        ? [...persons.map((p) => p._id), ...households.flatMap((h) => h.personIds ?? []), ...isolations.map((i) => i.personId)]
        : [...households.map((h) => h._id), ...persons.flatMap((p) => [p.householdId, p.formerHouseholdId]), ...isolations.map((i) => i.householdId)];
    const sorted = [...new Set(keys.filter((k): k is string => Boolean(k)))].sort();
    this.changed.set(placeId, sorted);
    return sorted;
  }

  /** The next page of changed keys under `placeId` after `after`, read as `page` reads them (same filters, same order). */
  async changedPage(layout: LedgerLayout, placeId: string, after: string | null, since: Date, statuses?: string[]): Promise<{ rows: SourceRow[]; scanned: number; last: string | null }> {
    const keys = (await this.changedKeys(layout, placeId, since)).filter((k) => after === null || k > after);
    const chunk = keys.slice(0, ledgerPaging.pageSize);
    const last = keys.length > chunk.length ? chunk[chunk.length - 1] : null;
    if (layout === 'person') {
      const persons = (await this.byIds<PersonDoc>(Collections.persons, chunk, { ...this.personFields, placePath: true }))
        .filter((p) => p.householdId && p.placePath?.includes(placeId) && (!statuses || statuses.includes(p.status)))
        .sort((a, b) => (a._id < b._id ? -1 : 1));
      return { rows: await this.personRows(persons), scanned: chunk.length, last };
    }
    const households = (await this.byIds<HouseholdDoc>(Collections.households, chunk, HOUSEHOLD_FIELDS))
      .filter((h) => h.placePath?.includes(placeId) && !h.mergedInto && h.personIds.length > 0)
      .sort((a, b) => (a._id < b._id ? -1 : 1));
    let list = await this.householdRows(households);
    if (statuses) list = list.filter((r) => r.statuses.some((s) => statuses.includes(s)));
    return { rows: list, scanned: chunk.length, last };
  }

  private async context(households: HouseholdDoc[], persons: PersonDoc[]) {
    const reportIds = households.map((h) => h.lastReportId).filter(Boolean);
    const [reports, isolations] = await Promise.all([
      this.byIds<ReportDoc>(Collections.reports, reportIds, REPORT_FIELDS),
      this.byField<IsolationDoc>(Collections.isolations, 'personId', persons.map((p) => p._id), ISOLATION_FIELDS),
      this.loadPlaces(households),
      this.loadWorkers(households.map((h) => h.gridId)),
    ]);
    const reportOf = new Map(reports.map((r) => [r.householdId, r]));
    const latestIsolation = new Map<string, IsolationDoc>();
    for (const iso of isolations) {
      const seen = latestIsolation.get(iso.personId);
      // the active one, else the one that started last
      if (!seen || (seen.status !== 'active' && (iso.status === 'active' || iso.startDate > seen.startDate))) latestIsolation.set(iso.personId, iso);
    }
    return { reportOf, latestIsolation };
  }

  private person(p: PersonDoc, entry: ReportMemberEntry | undefined, iso: IsolationDoc | undefined): LedgerPerson {
    return {
      personId: p._id,
      name: p.name,
      relation: p.relation,
      idType: p.idType,
      idMasked: p.id.masked,
      idHash: p.id.hash,
      ...(p.phone ? { phoneMasked: p.phone.masked, phoneHash: p.phone.hash } : {}),
      ...(p.gender ? { gender: p.gender } : {}),
      status: p.status,
      ...(entry?.health ? { health: entry.health } : {}),
      ...(iso
        ? {
            isolation: {
              kind: iso.kind,
              startDate: iso.startDate,
              endDate: iso.endDate,
              status: iso.status,
              ...(iso.endedAt ? { endedAt: new Date(iso.endedAt) } : {}),
            },
          }
        : {}),
      ...(this.full ? { full: { id: decrypt(p.id.cipher), ...(p.phone ? { phone: decrypt(p.phone.cipher) } : {}) } } : {}),
    };
  }

  private source(h: HouseholdDoc, report: ReportDoc | undefined, person: LedgerPerson, members: LedgerPerson[]): LedgerSource {
    return {
      household: { id: h._id, unit: h.unit, room: h.room, address: h.address },
      places: this.placeNames(h),
      gridWorkers: this.workers.get(h.gridId) ?? [],
      ...(report ? { report: { category: report.category, ...(report.travel ? { travel: report.travel } : {}), createdAt: new Date(report.createdAt) } } : {}),
      person,
      members,
    };
  }

  private async personRows(persons: PersonDoc[]): Promise<SourceRow[]> {
    const households = await this.byIds<HouseholdDoc>(Collections.households, persons.map((p) => p.householdId as string), HOUSEHOLD_FIELDS);
    const householdOf = new Map(households.map((h) => [h._id, h]));
    const { reportOf, latestIsolation } = await this.context(households, persons);
    const out: SourceRow[] = [];
    for (const p of persons) {
      const h = householdOf.get(p.householdId as string);
      if (!h) continue;
      const report = reportOf.get(h._id);
      const lp = this.person(p, report?.members.find((m) => m.personId === p._id), latestIsolation.get(p._id));
      out.push({ key: p._id, src: this.source(h, report, lp, [lp]), category: report?.category, filedAt: report ? new Date(report.createdAt) : undefined, statuses: [p.status] });
    }
    return out;
  }

  private async householdRows(households: HouseholdDoc[]): Promise<SourceRow[]> {
    const persons = await this.byField<PersonDoc>(Collections.persons, 'householdId', households.map((h) => h._id), this.personFields);
    const { reportOf, latestIsolation } = await this.context(households, persons);
    const membersOf = new Map<string, PersonDoc[]>();
    for (const p of persons) membersOf.set(p.householdId as string, [...(membersOf.get(p.householdId as string) ?? []), p]);
    const out: SourceRow[] = [];
    for (const h of households) {
      const report = reportOf.get(h._id);
      const docs = membersOf.get(h._id) ?? [];
      if (docs.length === 0) continue;
      // the reporter first, then in the household's order
      const order = new Map(h.personIds.map((id, i) => [id, i]));
      docs.sort((a, b) => (a._id === h.reporterPersonId ? -1 : b._id === h.reporterPersonId ? 1 : (order.get(a._id) ?? 99) - (order.get(b._id) ?? 99)));
      const members = docs.map((p) => this.person(p, report?.members.find((m) => m.personId === p._id), latestIsolation.get(p._id)));
      out.push({
        key: h._id,
        src: this.source(h, report, members[0], members),
        category: report?.category,
        filedAt: report ? new Date(report.createdAt) : undefined,
        statuses: [...new Set(docs.map((p) => p.status))],
      });
    }
    return out;
  }
}
