/** hierarchy: the admin's place tree and community settings, with bad input and another admin's scope. */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { first, rows } from '../common/db';
import type { Place } from '../../src/domain/places';
import type { AuditEntryDoc } from '../../src/domain/audit';
import { PERSONAS } from '../../localcloud/personas';
import { householdReport } from '../../tests/support/people';
import { RESIDENT, startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid;
/** an admin of another community of the same street */
const OTHER_ADMIN = 'o_other_admin';
let otherCommunityId = '';

const ok = <T>(r: { ok: true; data: T } | { ok: false; message: string; code: string }): T => {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.data;
};

beforeAll(async () => {
  t = await startTestCloud();
  const db = getDb();
  const community = await first<Place>(db.collection(Collections.places).where({ _id: t.cloud.demo!.communityId }));
  const id = 'pl_other_community';
  await db.collection(Collections.places).add({
    data: {
      _id: id,
      level: 'community',
      name: '彩虹社区',
      parentId: community!.parentId,
      path: [community!.path[0], id],
      code: 'ZZZZZZ',
      sort: 999,
    },
  });
  otherCommunityId = id;
  const now = new Date();
  await db.collection(Collections.staff).add({
    data: {
      _id: 'st_other_admin',
      openid: OTHER_ADMIN,
      name: '钱书记',
      role: 'admin',
      scope: [id],
      active: true,
      createdAt: now,
      updatedAt: now,
    },
  });
});
afterAll(() => t.stop());

describe('the place tree', () => {
  it('lists the scope, then a place’s children in order with their codes and a breadcrumb', async () => {
    const roots = ok(await t.call(ADMIN, 'hierarchy', 'children', {}));
    expect(roots.items.map((p) => p.name)).toEqual(['祥云社区']);
    const areas = ok(await t.call(ADMIN, 'hierarchy', 'children', { parentId: roots.items[0].id }));
    expect(areas.items.map((p) => p.name)).toEqual(['东片区', '西片区']);
    expect(areas.items.every((p) => /^[2-9A-Z]{6}$/.test(p.code))).toBe(true);
    const grids = ok(await t.call(ADMIN, 'hierarchy', 'children', { parentId: areas.items[0].id }));
    expect(grids.path.map((p) => p.name)).toEqual(['祥云社区', '东片区']);
    const compounds = ok(await t.call(ADMIN, 'hierarchy', 'children', { parentId: grids.items[0].id }));
    const buildings = ok(await t.call(ADMIN, 'hierarchy', 'children', { parentId: compounds.items[0].id }));
    expect(buildings.items[0]).toMatchObject({ level: 'building', name: '1号楼' });
    expect(buildings.items[0].roomRange).toMatch(/1单元 101–\d+/);
  });

  it('creates places at every level, skipping levels, with a unique short code; refuses a level above its parent', async () => {
    const c = t.cloud.demo!.communityId;
    const grid = ok(await t.call(ADMIN, 'hierarchy', 'create', { parentId: c, level: 'grid', name: '第五网格' }));
    expect(grid).toMatchObject({ level: 'grid', parentId: c });
    const building = ok(
      await t.call(ADMIN, 'hierarchy', 'create', {
        parentId: grid.id,
        level: 'building',
        name: '临街1号楼',
        units: [{ name: '1单元', floors: 30, roomsPerFloor: 2 }],
      }),
    );
    expect(building).toMatchObject({ gridId: grid.id, roomRange: '1单元 101–3002' });
    expect(building.code).not.toBe(grid.code);
    // the new building opens the report page by its code
    const resolved = ok(await t.call(RESIDENT, 'place', 'resolve', { code: building.code }));
    expect(resolved.building).toMatchObject({ name: '临街1号楼', gridId: grid.id });

    expect(await t.call(ADMIN, 'hierarchy', 'create', { parentId: grid.id, level: 'area', name: '错' })).toMatchObject({
      ok: false,
      code: 'PLACE_LEVEL_INVALID',
    });
    expect(await t.call(ADMIN, 'hierarchy', 'create', { parentId: c, level: 'compound', name: '无网格小区' })).toMatchObject({
      ok: false,
      code: 'PLACE_LEVEL_INVALID',
    });
    expect(await t.call(ADMIN, 'hierarchy', 'create', { parentId: grid.id, level: 'building', name: '无单元' })).toMatchObject({
      ok: false,
      code: 'REQUIRED',
      field: 'units',
    });
    expect(await t.call(ADMIN, 'hierarchy', 'create', { parentId: c, level: 'grid', name: '第五网格' })).toMatchObject({
      ok: false,
      code: 'PLACE_NAME_TAKEN',
    });
    expect(
      await t.call(ADMIN, 'hierarchy', 'create', {
        parentId: grid.id,
        level: 'building',
        name: '高楼',
        units: [{ name: '1单元', floors: 120, roomsPerFloor: 2 }],
      }),
    ).toMatchObject({ ok: false, code: 'OUT_OF_RANGE', field: 'units.0.floors' });
    expect(await t.call(ADMIN, 'hierarchy', 'create', { parentId: c, level: 'grid', name: '' })).toMatchObject({
      ok: false,
      code: 'REQUIRED',
    });
    expect(await t.call(ADMIN, 'hierarchy', 'create', { parentId: c, level: 'grid', name: '甲', sort: 1 })).toMatchObject({
      ok: false,
      code: 'UNKNOWN_FIELD',
    });
  });

  it('renames and reorders siblings; a stale order is refused', async () => {
    const c = t.cloud.demo!.communityId;
    const kids = ok(await t.call(ADMIN, 'hierarchy', 'children', { parentId: c })).items;
    const renamed = ok(await t.call(ADMIN, 'hierarchy', 'rename', { placeId: kids[0].id, name: '东部片区' }));
    expect(renamed.name).toBe('东部片区');
    expect(renamed.code).toBe(kids[0].code);
    expect(await t.call(ADMIN, 'hierarchy', 'rename', { placeId: kids[1].id, name: '东部片区' })).toMatchObject({
      ok: false,
      code: 'PLACE_NAME_TAKEN',
    });
    const reversed = [...kids].reverse().map((k) => k.id);
    ok(await t.call(ADMIN, 'hierarchy', 'reorder', { parentId: c, orderedIds: reversed }));
    expect(ok(await t.call(ADMIN, 'hierarchy', 'children', { parentId: c })).items.map((k) => k.id)).toEqual(reversed);
    expect(await t.call(ADMIN, 'hierarchy', 'reorder', { parentId: c, orderedIds: reversed.slice(1) })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
  });

  it('refuses to retire a place with households, says which buildings; retires an empty one with everything below', async () => {
    ok(await t.call(RESIDENT, 'report', 'submit', householdReport(t.cloud.demo!.buildingId)));
    const building = await first<Place>(getDb().collection(Collections.places).where({ _id: t.cloud.demo!.buildingId }));
    const compoundId = building!.parentId!;
    const refused = await t.call(ADMIN, 'hierarchy', 'retire', { placeId: compoundId });
    expect(refused).toMatchObject({ ok: false, code: 'PLACE_HAS_HOUSEHOLDS' });
    expect(!refused.ok && refused.message).toContain('3号楼（1 户）');
    expect((await first<Place>(getDb().collection(Collections.places).where({ _id: compoundId })))!.retired).toBeUndefined();

    const c = t.cloud.demo!.communityId;
    const grid = ok(await t.call(ADMIN, 'hierarchy', 'create', { parentId: c, level: 'grid', name: '待撤网格' }));
    const b = ok(
      await t.call(ADMIN, 'hierarchy', 'create', {
        parentId: grid.id,
        level: 'building',
        name: '旧楼',
        units: [{ name: '1单元', floors: 2, roomsPerFloor: 2 }],
      }),
    );
    expect(ok(await t.call(ADMIN, 'hierarchy', 'retire', { placeId: grid.id }))).toEqual({ retired: 2 });
    // its code opens nothing any more, and it is gone from the tree
    expect(await t.call(RESIDENT, 'place', 'resolve', { code: b.code })).toMatchObject({ ok: false, code: 'PLACE_CODE_INVALID' });
    expect(await t.call(PERSONAS.resident3.openid, 'report', 'submit', householdReport(b.id))).toMatchObject({
      ok: false,
      code: 'PLACE_RETIRED',
    });
    expect(ok(await t.call(ADMIN, 'hierarchy', 'children', { parentId: c })).items.map((p) => p.name)).not.toContain('待撤网格');
    expect(await t.call(ADMIN, 'hierarchy', 'retire', { placeId: c })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const audit = await rows<AuditEntryDoc>(
      getDb().collection(Collections.auditLog).where({ action: 'place_change', 'target.id': grid.id }),
    );
    expect(audit.map((a) => a.reason)).toEqual(expect.arrayContaining([expect.stringContaining('retire')]));
  });

  it('edits a building’s units, but not away from a room someone lives in', async () => {
    const id = t.cloud.demo!.buildingId;
    const refused = await t.call(ADMIN, 'hierarchy', 'setUnits', {
      buildingId: id,
      units: [{ name: '9单元', floors: 3, roomsPerFloor: 2 }],
    });
    expect(refused).toMatchObject({ ok: false, code: 'PLACE_HAS_HOUSEHOLDS', field: 'units' });
    const building = await first<Place>(getDb().collection(Collections.places).where({ _id: id }));
    const units = [...building!.units!, { name: '9单元', floors: 3, roomsPerFloor: 2 }];
    expect(ok(await t.call(ADMIN, 'hierarchy', 'setUnits', { buildingId: id, units })).units).toHaveLength(units.length);
    expect(
      await t.call(ADMIN, 'hierarchy', 'setUnits', {
        buildingId: id,
        units: [
          { name: '1单元', floors: 3, roomsPerFloor: 2 },
          { name: '1单元', floors: 3, roomsPerFloor: 2 },
        ],
      }),
    ).toMatchObject({ ok: false, field: 'units.1.name' });
  });

  it('is for admins of the scope only: a worker, a resident and another community’s admin are refused, nothing changes', async () => {
    const c = t.cloud.demo!.communityId;
    expect(await t.call(WORKER, 'hierarchy', 'children', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call(RESIDENT, 'hierarchy', 'create', { parentId: c, level: 'grid', name: 'x' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await t.call(null, 'hierarchy', 'children', {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    const before = await t.counts();
    for (const [action, payload] of [
      ['children', { parentId: c }],
      ['create', { parentId: c, level: 'grid', name: '越权网格' }],
      ['rename', { placeId: c, name: '改名' }],
      ['retire', { placeId: t.cloud.demo!.gridIds[0] }],
      ['settings', { communityId: c }],
      ['updateSettings', { communityId: c, slaMinutes: { emergency: 5, urgent: 30, normal: 600 } }],
      ['move', { placeIds: [t.cloud.demo!.buildingId], toParentId: t.cloud.demo!.gridIds[1] }],
    ] as const) {
      expect(await t.call(OTHER_ADMIN, 'hierarchy', action, payload)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    }
    expect(await t.counts()).toEqual(before);
    // their own community they do administer
    expect(ok(await t.call(OTHER_ADMIN, 'hierarchy', 'children', {})).items.map((p) => p.id)).toEqual([otherCommunityId]);
    expect(
      ok(await t.call(OTHER_ADMIN, 'hierarchy', 'create', { parentId: otherCommunityId, level: 'grid', name: '彩虹一网格' })).name,
    ).toBe('彩虹一网格');
  });
});

describe('community settings', () => {
  it('shows the defaults, saves deadlines and check-in slots that the queue and check-ins then use', async () => {
    const c = t.cloud.demo!.communityId;
    const shown = ok(await t.call(ADMIN, 'hierarchy', 'settings', { communityId: c }));
    expect(shown).toMatchObject({
      slaMinutes: { emergency: 10, urgent: 60, normal: 1440 },
      custom: { slaMinutes: false, checkinSlots: false },
    });
    const saved = ok(
      await t.call(ADMIN, 'hierarchy', 'updateSettings', {
        communityId: c,
        slaMinutes: { emergency: 5, urgent: 30, normal: 720 },
        checkinSlots: [
          { key: 'am', label: '早间', opensAt: '06:00', closesAt: '09:30' },
          { key: 'pm', label: '晚间', opensAt: '17:00', closesAt: '20:00' },
        ],
      }),
    );
    expect(saved).toMatchObject({ slaMinutes: { emergency: 5 }, custom: { slaMinutes: true, checkinSlots: true } });
    // a new report's verify item is due by the community's normal deadline
    const receipt = ok(
      await t.call(
        PERSONAS.resident2.openid,
        'report',
        'submit',
        householdReport(t.cloud.demo!.buildingId, { unit: '1单元', room: '102' } as never),
      ),
    );
    const item = await first<{ dueAt: Date; createdAt: Date }>(
      getDb().collection(Collections.queueItems).where({ refId: receipt.reportId }),
    );
    expect(new Date(item!.dueAt).getTime() - new Date(item!.createdAt).getTime()).toBe(720 * 60_000);
  });

  it('refuses bad deadlines and slots with a field and a message, and changes nothing', async () => {
    const c = t.cloud.demo!.communityId;
    const before = ok(await t.call(ADMIN, 'hierarchy', 'settings', { communityId: c }));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ slaMinutes: { emergency: 0, urgent: 30, normal: 720 } }, 'slaMinutes.emergency'],
      [{ slaMinutes: { emergency: 90, urgent: 30, normal: 720 } }, 'slaMinutes.emergency'],
      [{ checkinSlots: [{ key: 'am', label: '早', opensAt: '09:00', closesAt: '08:00' }] }, 'checkinSlots.0.closesAt'],
      [{ checkinSlots: [{ key: 'am', label: '早', opensAt: '25:00', closesAt: '08:00' }] }, 'checkinSlots.0.opensAt'],
      [
        {
          checkinSlots: [
            { key: 'am', label: '早', opensAt: '06:00', closesAt: '12:00' },
            { key: 'pm', label: '午', opensAt: '11:00', closesAt: '18:00' },
          ],
        },
        'checkinSlots.1.opensAt',
      ],
      [{ checkinSlots: [{ key: 'x1', label: '早', opensAt: '06:00', closesAt: '12:00' }] }, 'checkinSlots.0.key'],
      [{}, 'slaMinutes'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.call(ADMIN, 'hierarchy', 'updateSettings', { communityId: c, ...payload });
      expect(res).toMatchObject({ ok: false, field });
      expect(!res.ok && res.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(ok(await t.call(ADMIN, 'hierarchy', 'settings', { communityId: c }))).toEqual(before);
    expect(await t.call(ADMIN, 'hierarchy', 'settings', { communityId: t.cloud.demo!.gridIds[0] })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });
});
