/** Test data shaped by the contracts; masking uses the domain's own functions. */
import {
  idCardCheckChar,
  maskIdNumber,
  maskPhone,
  PRIVACY_NOTICE_VERSION,
  type BuildingView,
  type HouseholdReportInput,
  type HouseholdView,
  type ReportReceipt,
  type ReportView,
  type ResolvedPlace,
} from '../domain';

export const withCheckChar = (first17: string): string => first17 + idCardCheckChar(first17);

/** born 1980-01-01 */
export const ADULT_ID = withCheckChar('11010519800101001');
/** born 2018-06-01: under 14, may go without a phone */
export const CHILD_ID = withCheckChar('11010520180601002');
/** a valid number with its last character changed */
export const BAD_CHECKSUM_ID = ADULT_ID.slice(0, 17) + (ADULT_ID[17] === '1' ? '2' : '1');

export const community = { id: 'c-1', name: '祥云社区', level: 'community' as const };

export const building: BuildingView = {
  id: 'b-3',
  name: '3号楼',
  compoundName: '祥云一区',
  gridId: 'g-1',
  units: [
    { name: '1单元', floors: 6, roomsPerFloor: 2 },
    { name: '2单元', floors: 6, roomsPerFloor: 2 },
  ],
};

export const buildingPlace: ResolvedPlace = { code: 'BDG234', place: { id: 'b-3', name: '3号楼', level: 'building' }, community, building };
export const communityPlace: ResolvedPlace = { code: 'CMN234', place: community, community };

export const gridWorker = { name: '李网格', workPhone: '13900001111' };

/** What the server would answer to a submission (masked copies of what was sent). */
export function receiptFor(input: HouseholdReportInput, reportId = 'r-1'): ReportReceipt {
  return {
    reportId,
    householdId: 'h-1',
    communityName: community.name,
    gridName: '第一网格',
    address: `祥云一区 3号楼 ${input.unit} ${input.room}`,
    category: input.category,
    members: input.members.map((m, i) => ({
      personId: `p-${i}`,
      name: m.name,
      relation: m.relation,
      idType: m.idType ?? 'id_card',
      idMasked: m.idNumber ? maskIdNumber(m.idType ?? 'id_card', m.idNumber) : '已登记',
      phoneMasked: m.phone ? maskPhone(m.phone) : undefined,
    })),
    status: 'submitted',
    createdAt: '2026-11-20T02:30:00.000Z',
    gridWorker,
    replayed: false,
  };
}

export function reportView(n: number): ReportView {
  return {
    reportId: `r-${n}`,
    householdId: 'h-1',
    communityName: community.name,
    gridName: '第一网格',
    address: '祥云一区 3号楼 1单元 101',
    category: n % 2 === 0 ? 'health_monitoring' : 'returning',
    members: [{ personId: 'p-0', name: `成员${n}`, relation: 'self', idType: 'id_card', idMasked: maskIdNumber('id_card', ADULT_ID) }],
    status: 'submitted',
    createdAt: new Date(Date.UTC(2026, 10, 20 - n, 2, 0)).toISOString(),
  };
}

export function householdView(overrides: Partial<HouseholdView> = {}): HouseholdView {
  return {
    householdId: 'h-1',
    communityId: community.id,
    communityName: community.name,
    gridName: '第一网格',
    buildingId: building.id,
    address: '祥云一区 3号楼 1单元 101',
    unit: '1单元',
    room: '101',
    pendingMembers: [],
    members: [
      {
        personId: 'p-0',
        name: '张三',
        relation: 'self',
        idType: 'id_card',
        idMasked: maskIdNumber('id_card', ADULT_ID),
        phoneMasked: maskPhone('13812345678'),
      },
      { personId: 'p-1', name: '张小宝', relation: 'child', idType: 'id_card', idMasked: maskIdNumber('id_card', CHILD_ID) },
    ],
    gridWorker,
    consent: { privacy: true, healthTravel: false, version: PRIVACY_NOTICE_VERSION },
    updatedAt: '2026-11-19T02:00:00.000Z',
    ...overrides,
  };
}
