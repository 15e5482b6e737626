/**
 * Demo data for an empty local cloud: 锦绣街道 > 祥云社区 with two areas, four grids, 13 compounds,
 * buildings with units, a grid worker per grid and a community admin. Ids and place codes are
 * random per database, so nothing in the app can depend on them.
 */
import { randomBytes, randomInt } from 'crypto';
import type { BuildingUnit, Place, PlaceLevel } from '../src/domain/places';
import { PLACE_CODE_ALPHABET } from '../src/domain/places';
import type { StaffDoc } from '../src/domain/staff';
import { Collections } from '../cloudfunctions/common/collections';
import type { Database } from '../cloudfunctions/common/cloud';
import { first } from '../cloudfunctions/common/db';
import { PERSONAS } from './personas';

export interface DemoInfo {
  communityId: string;
  communityName: string;
  communityCode: string;
  /** the building used in the newcomer walkthrough: 祥云一区 3号楼 */
  buildingId: string;
  buildingName: string;
  buildingCode: string;
  gridIds: string[];
}

const COMPOUNDS = [
  '祥云一区', '祥云二区', '祥云三区', '锦园', '和平里', '春晖苑', '枫林小区',
  '翠竹园', '东湖新村', '南苑', '文化巷', '北街', '学府小区',
];

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

export function newPlaceCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += PLACE_CODE_ALPHABET[randomInt(PLACE_CODE_ALPHABET.length)];
  return code;
}

export async function isEmpty(db: Database): Promise<boolean> {
  return (await first(db.collection(Collections.places))) === null;
}

export async function seedDemo(db: Database, now = new Date()): Promise<DemoInfo> {
  const places: Place[] = [];
  const add = (level: PlaceLevel, name: string, parent: Place | null, extra: Partial<Place> = {}): Place => {
    const _id = newId('pl');
    // Every place has its own short code (the unique index on `code` holds for all of them).
    const place: Place = { _id, level, name, parentId: parent?._id ?? null, path: [...(parent?.path ?? []), _id], sort: places.length, code: newPlaceCode(), ...extra };
    places.push(place);
    return place;
  };

  const street = add('street', '锦绣街道', null);
  const community = add('community', '祥云社区', street);
  const areas = [add('area', '东片区', community), add('area', '西片区', community)];
  const grids = [
    add('grid', '第一网格', areas[0]),
    add('grid', '第二网格', areas[0]),
    add('grid', '第三网格', areas[1]),
    add('grid', '第四网格', areas[1]),
  ];

  let demoBuilding: Place | null = null;
  COMPOUNDS.forEach((compoundName, ci) => {
    const grid = grids[Math.floor((ci * grids.length) / COMPOUNDS.length)];
    const compound = add('compound', compoundName, grid, { gridId: grid._id });
    const buildingCount = 4 + (ci % 4);
    for (let b = 1; b <= buildingCount; b++) {
      const units: BuildingUnit[] = Array.from({ length: 1 + (b % 3) }, (_, u) => ({
        name: `${u + 1}单元`,
        floors: 6 + (b % 2) * 12,
        roomsPerFloor: 2 + (u % 2),
      }));
      const building = add('building', `${b}号楼`, compound, { gridId: grid._id, units });
      if (ci === 0 && b === 3) demoBuilding = building;
    }
  });

  for (const place of places) await db.collection(Collections.places).add({ data: place });

  const staff: Omit<StaffDoc, '_id'>[] = [
    ...grids.map((grid, i) => ({
      openid: i === 0 ? PERSONAS.worker.openid : `o_seed_worker_${i + 1}`,
      name: ['李网格', '赵网格', '孙网格', '周网格'][i],
      role: 'worker' as const,
      scope: [grid._id],
      workPhone: `1380000000${i + 1}`,
      active: true,
      createdAt: now,
      updatedAt: now,
    })),
    {
      openid: PERSONAS.admin.openid,
      name: '王书记',
      role: 'admin' as const,
      scope: [community._id],
      workPhone: '13800000009',
      active: true,
      createdAt: now,
      updatedAt: now,
    },
  ];
  for (const s of staff) await db.collection(Collections.staff).add({ data: { _id: newId('st'), ...s } });

  const building = demoBuilding as unknown as Place;
  return {
    communityId: community._id,
    communityName: community.name,
    communityCode: community.code!,
    buildingId: building._id,
    buildingName: `${COMPOUNDS[0]} ${building.name}`,
    buildingCode: building.code!,
    gridIds: grids.map((g) => g._id),
  };
}
