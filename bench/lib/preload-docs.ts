/**
 * The documents of the preload: numbered persons, households and reports shaped exactly like
 * report.submit stores them (protected ID numbers and phones, masked copies in reports). Pure
 * functions of the numbering, so the preload's worker thread can build them (see preload.ts).
 */
import { HashNamespaces, protect } from '../../cloudfunctions/common/crypto';
import type { HouseholdDoc, PersonDoc, PersonStatus, Relation, ReportCategory, ReportDoc, ReportMemberEntry } from '../../src/domain/household';
import { PRIVACY_NOTICE_VERSION } from '../../src/domain/household';
import { maskIdNumber, maskPhone } from '../../src/domain/masking';
import { formatAddress, type Place } from '../../src/domain/places';
import { ADULTS, idNumber, personName, phoneNumber, PRELOAD_PROVINCE } from './people';
import { FILING_STEP_MS, householdId, reportId } from './preload-state';

export const PERSONS_PER_HOUSEHOLD = 3;
const RELATIONS: Relation[] = ['self', 'spouse', 'child'];
const HEALTH = { temperature: 36.5, symptoms: [], healthCode: 'green' as const };

export const documentNamespace = HashNamespaces.document('id_card');

/** A building and what person and household documents copy from its place chain. */
export interface Site {
  building: Place;
  compoundName: string;
  communityId: string;
  gridId: string;
  rooms: Array<{ unit: string; room: string }>;
}

/** Which persons and households one preload run adds (households filled 3 persons at a time). */
export interface LayoutSpec {
  sites: Site[];
  firstPerson: number;
  firstHousehold: number;
  /** persons after this run */
  target: number;
  epochMs: number;
}

export const personIdOf = (hash: string) => `p_${hash.slice(0, 32)}`;

export const preloadIdNumber = (n: number) => idNumber(PRELOAD_PROVINCE, n, ADULTS);

function statusOf(n: number): PersonStatus {
  const r = n % 100;
  return r < 2 ? 'health_monitoring' : r < 3 ? 'home_isolation' : 'normal';
}

export class Layout {
  constructor(private readonly spec: LayoutSpec) {}

  get firstPerson(): number {
    return this.spec.firstPerson;
  }

  get firstHousehold(): number {
    return this.spec.firstHousehold;
  }

  /** one past the last household of this run */
  get endHousehold(): number {
    return this.spec.firstHousehold + Math.ceil((this.spec.target - this.spec.firstPerson) / PERSONS_PER_HOUSEHOLD);
  }

  householdOf(n: number): { h: number; k: number } {
    const i = n - this.spec.firstPerson;
    return { h: this.spec.firstHousehold + Math.floor(i / PERSONS_PER_HOUSEHOLD), k: i % PERSONS_PER_HOUSEHOLD };
  }

  membersOf(h: number): number[] {
    const first = this.spec.firstPerson + (h - this.spec.firstHousehold) * PERSONS_PER_HOUSEHOLD;
    const members: number[] = [];
    for (let n = first; n < Math.min(first + PERSONS_PER_HOUSEHOLD, this.spec.target); n++) members.push(n);
    return members;
  }

  private site(h: number): Site {
    return this.spec.sites[h % this.spec.sites.length];
  }

  placement(h: number) {
    const site = this.site(h);
    return { householdId: householdId(h), communityId: site.communityId, gridId: site.gridId, buildingId: site.building._id, placePath: site.building.path };
  }

  spot(h: number): { unit: string; room: string } {
    const site = this.site(h);
    return site.rooms[Math.floor(h / this.spec.sites.length) % site.rooms.length];
  }

  address(h: number): string {
    const site = this.site(h);
    const spot = this.spot(h);
    return formatAddress({ compound: site.compoundName, building: site.building.name, unit: spot.unit, room: spot.room });
  }

  filedAt(h: number): Date {
    return new Date(this.spec.epochMs + h * FILING_STEP_MS);
  }

  person(n: number, expectedHash: string): PersonDoc {
    const { h, k } = this.householdOf(n);
    const number = preloadIdNumber(n);
    const phone = phoneNumber(n);
    const id = protect(documentNamespace, number, maskIdNumber('id_card', number));
    if (id.hash !== expectedHash) throw new Error(`hash of person ${n} changed between passes`);
    const at = this.filedAt(h);
    return {
      _id: personIdOf(id.hash),
      ...this.placement(h),
      name: personName(n),
      relation: RELATIONS[k],
      idType: 'id_card',
      id,
      phone: protect(HashNamespaces.phone, phone, maskPhone(phone)),
      gender: Number(number[16]) % 2 === 1 ? 'male' : 'female',
      birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
      status: statusOf(n),
      createdAt: at,
      updatedAt: at,
    };
  }

  householdAndReport(h: number, hashOf: (n: number) => string): { household: HouseholdDoc; report: ReportDoc } {
    const placement = this.placement(h);
    const spot = this.spot(h);
    const address = this.address(h);
    const at = this.filedAt(h);
    const members = this.membersOf(h);
    const personIds = members.map((n) => personIdOf(hashOf(n)));
    const entries: ReportMemberEntry[] = members.map((n, k) => ({
      personId: personIds[k],
      name: personName(n),
      relation: RELATIONS[k],
      idType: 'id_card',
      idMasked: maskIdNumber('id_card', preloadIdNumber(n)),
      phoneMasked: maskPhone(phoneNumber(n)),
      health: HEALTH,
    }));
    const status = statusOf(members[0]);
    const category: ReportCategory = status === 'normal' ? 'returning' : status;
    return {
      household: {
        _id: placement.householdId,
        ...placement,
        unit: spot.unit,
        room: spot.room,
        address,
        ownerOpenids: [`o_bench_${h}`],
        reporterPersonId: personIds[0],
        personIds,
        consent: { privacy: true, healthTravel: true, version: PRIVACY_NOTICE_VERSION, at },
        lastReportId: reportId(h),
        createdAt: at,
        updatedAt: at,
      },
      report: { _id: reportId(h), ...placement, address, category, members: entries, status: 'verified', filedBy: { kind: 'resident' }, createdAt: at },
    };
  }
}
