/**
 * The authorization matrix: every resident and staff action × every kind of caller, generated from
 * one table. "allow" means the call succeeds; "deny" means it fails and changes nothing the caller
 * was not allowed to change. Forged identity fields in the event are present in every call.
 */
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import type { QueueItemDoc } from '../../src/domain/queue';
import type { Place } from '../../src/domain/places';
import type { StaffDoc } from '../../src/domain/staff';
import { shanghaiDateString } from '../../src/domain/time';
import { PERSONAS } from '../../localcloud/personas';
import { familyOfThree, householdReport, requestId } from '../../tests/support/people';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import type { ReportReceipt } from '../../src/domain/contracts';

const CALLERS = {
  none: null,
  resident: 'o_mx_resident',
  owner: 'o_mx_owner',
  gridWorker: PERSONAS.worker.openid,
  otherGridWorker: 'o_seed_worker_3',
  communityAdmin: PERSONAS.admin.openid,
  otherCommunityAdmin: 'o_mx_other_admin',
  deactivatedWorker: 'o_mx_deactivated',
} as const;
type Caller = keyof typeof CALLERS;
type Cell = 'allow' | 'deny';

interface Ctx {
  owner: ReportReceipt;
  isolatedPersonId: string;
  adminStaffId: string;
  buildingId: string;
  gridId: string;
}

/** Each action: how to call it (with a fresh record where the call changes state) and who may. */
const MATRIX: Array<{ name: string; call: (c: Ctx, openid: string | null) => Promise<{ ok: boolean }>; expect: Record<Caller, Cell> }> = [
  {
    name: 'report.submit',
    // the owner re-files their own family (a different list would replace the household's members)
    call: (c, o) =>
      t.call(
        o,
        'report',
        'submit',
        householdReport(c.buildingId, { room: '601', members: familyOfThree(o === CALLERS.owner ? OWNER_SEED : nextSeed()) }),
      ),
    expect: {
      none: 'deny',
      resident: 'allow',
      owner: 'allow',
      gridWorker: 'allow',
      otherGridWorker: 'allow',
      communityAdmin: 'allow',
      otherCommunityAdmin: 'allow',
      deactivatedWorker: 'allow',
    },
  },
  {
    name: 'request.create for a person of the household',
    call: (c, o) =>
      t.call(o, 'request', 'create', {
        clientRequestId: requestId(),
        personId: c.owner.members[0].personId,
        urgency: 'normal',
        details: { kind: 'other', description: '帮忙' },
      }),
    expect: {
      none: 'deny',
      resident: 'deny',
      owner: 'allow',
      gridWorker: 'deny',
      otherGridWorker: 'deny',
      communityAdmin: 'deny',
      otherCommunityAdmin: 'deny',
      deactivatedWorker: 'deny',
    },
  },
  {
    name: 'request.detail',
    call: async (c, o) => t.call(o, 'request', 'detail', { requestId: await newRequest(c) }),
    expect: {
      none: 'deny',
      resident: 'deny',
      owner: 'allow',
      gridWorker: 'deny',
      otherGridWorker: 'deny',
      communityAdmin: 'deny',
      otherCommunityAdmin: 'deny',
      deactivatedWorker: 'deny',
    },
  },
  {
    name: 'request.cancel',
    call: async (c, o) => t.call(o, 'request', 'cancel', { requestId: await newRequest(c) }),
    expect: {
      none: 'deny',
      resident: 'deny',
      owner: 'allow',
      gridWorker: 'deny',
      otherGridWorker: 'deny',
      communityAdmin: 'deny',
      otherCommunityAdmin: 'deny',
      deactivatedWorker: 'deny',
    },
  },
  {
    name: 'staff.queue',
    call: (_c, o) => t.call(o, 'staff', 'queue', {}),
    expect: {
      none: 'deny',
      resident: 'deny',
      owner: 'deny',
      gridWorker: 'allow',
      otherGridWorker: 'allow',
      communityAdmin: 'allow',
      otherCommunityAdmin: 'allow',
      deactivatedWorker: 'deny',
    },
  },
  {
    name: 'staff.item of the household report',
    call: async (c, o) => t.call(o, 'staff', 'item', { itemId: await newReportItem(c) }),
    expect: staffOfRecord(),
  },
  {
    name: 'staff.reveal of a household member',
    call: (c, o) => t.call(o, 'staff', 'reveal', { personId: c.owner.members[0].personId, field: 'id', reason: '入户核实' }),
    expect: staffOfRecord(),
  },
  {
    name: 'staff.verify',
    call: async (c, o) => t.call(o, 'staff', 'verify', { itemId: await newReportItem(c), outcome: 'at_home', methods: ['phone'] }),
    expect: staffOfRecord(),
  },
  {
    // answered per report: a report out of the caller's scope is "not found" there, and nothing is verified
    name: 'staff.verifyMany',
    call: async (c, o) => {
      const res = await t.call(o, 'staff', 'verifyMany', { itemIds: [await newReportItem(c)], outcome: 'at_home', methods: ['phone', 'code_check'] });
      return { ok: res.ok && res.data.verified === 1 };
    },
    expect: staffOfRecord(),
  },
  {
    name: 'staff.call of the reporter',
    call: async (c, o) => t.call(o, 'staff', 'call', { itemId: await newReportItem(c), personId: await reporterOfNewestReport() }),
    expect: staffOfRecord(),
  },
  {
    name: 'staff.queue of the demo building',
    call: (c, o) => t.call(o, 'staff', 'queue', { buildingId: c.buildingId }),
    expect: staffOfRecord(),
  },
  {
    name: 'staff.requestAction accept',
    call: async (c, o) => t.call(o, 'staff', 'requestAction', { itemId: await itemOf(await newRequest(c)), action: 'accept' }),
    expect: staffOfRecord(),
  },
  {
    name: 'staff.reassign to the community admin',
    call: async (c, o) => t.call(o, 'staff', 'reassign', { itemId: await newReportItem(c), toStaffId: c.adminStaffId }),
    expect: staffOfRecord(),
  },
  {
    name: 'staff.proxyReport in the building',
    call: (c, o) => t.call(o, 'staff', 'proxyReport', householdReport(c.buildingId, { room: '602', members: familyOfThree(nextSeed()) })),
    expect: staffOfRecord(),
  },
  {
    name: 'staff.resolveConflict of a household of the grid',
    call: async (c, o) => t.call(o, 'staff', 'resolveConflict', { itemId: await newConflictItem(c), resolution: 'keep' }),
    expect: staffOfRecord(),
  },
  {
    name: 'staff.householdInvite for a household of the grid',
    call: (c, o) => t.call(o, 'staff', 'householdInvite', { householdId: c.owner.householdId }),
    expect: staffOfRecord(),
  },
  {
    name: 'report.createFamilyInvite',
    call: (_c, o) => t.call(o, 'report', 'createFamilyInvite', {}),
    // every signed-in caller filed a household of their own in the report.submit row: an owner may share it
    expect: {
      none: 'deny',
      resident: 'allow',
      owner: 'allow',
      gridWorker: 'allow',
      otherGridWorker: 'allow',
      communityAdmin: 'allow',
      otherCommunityAdmin: 'allow',
      deactivatedWorker: 'allow',
    },
  },
  {
    name: 'staff.assignees of the household report',
    call: async (c, o) => t.call(o, 'staff', 'assignees', { itemId: await newReportItem(c) }),
    expect: staffOfRecord(),
  },
  {
    name: 'staff.startIsolation for a resident of the grid',
    call: async (c, o) =>
      t.call(o, 'staff', 'startIsolation', {
        personId: await newResidentPerson(c),
        kind: 'home_isolation',
        startDate: today(),
        plannedDays: 7,
        reason: '密接',
      }),
    expect: staffOfRecord(),
  },
  {
    // answered per person: one out of the caller's scope is "not found" there, and nothing starts
    name: 'staff.startIsolations for a resident of the grid',
    call: async (c, o) => {
      const res = await t.call(o, 'staff', 'startIsolations', {
        personIds: [await newResidentPerson(c)],
        kind: 'health_monitoring',
        startDate: today(),
        plannedDays: 7,
        reason: '密接',
      });
      return { ok: res.ok && res.data.started === 1 };
    },
    expect: staffOfRecord(),
  },
  {
    name: 'staff.isolation of an isolated resident (visible)',
    call: async (c, o) => {
      const res = await t.call(o, 'staff', 'isolation', { personId: c.isolatedPersonId });
      return { ok: res.ok && res.data !== null };
    },
    expect: staffOfRecord(),
  },
  {
    name: 'staff.roster',
    call: (_c, o) => t.call(o, 'staff', 'roster', {}),
    expect: anyActiveStaff(),
  },
  {
    name: 'staff.places',
    call: (_c, o) => t.call(o, 'staff', 'places', {}),
    expect: anyActiveStaff(),
  },
  {
    name: 'staff.buildings',
    call: (_c, o) => t.call(o, 'staff', 'buildings', {}),
    expect: anyActiveStaff(),
  },
  {
    name: 'staff.updateStaff deactivating a worker of the grid',
    call: async (c, o) => t.call(o, 'staff', 'updateStaff', { staffId: await newGridWorker(c), active: false }),
    expect: {
      none: 'deny',
      resident: 'deny',
      owner: 'deny',
      gridWorker: 'deny',
      otherGridWorker: 'deny',
      communityAdmin: 'allow',
      otherCommunityAdmin: 'deny',
      deactivatedWorker: 'deny',
    },
  },
  {
    name: 'report.myHousehold',
    call: (_c, o) => t.call(o, 'report', 'myHousehold', {}),
    expect: anyoneSignedIn(),
  },
  {
    name: 'report.myReports',
    call: (_c, o) => t.call(o, 'report', 'myReports', {}),
    expect: anyoneSignedIn(),
  },
  {
    name: 'request.mine',
    call: (_c, o) => t.call(o, 'request', 'mine', {}),
    expect: anyoneSignedIn(),
  },
  {
    name: 'staff.createInvite for the grid',
    call: (c, o) => t.call(o, 'staff', 'createInvite', { role: 'worker', name: '新网格员', scope: [c.gridId] }),
    expect: {
      none: 'deny',
      resident: 'deny',
      owner: 'deny',
      gridWorker: 'deny',
      otherGridWorker: 'deny',
      communityAdmin: 'allow',
      otherCommunityAdmin: 'deny',
      deactivatedWorker: 'deny',
    },
  },
  {
    name: 'staff.listStaff',
    call: (_c, o) => t.call(o, 'staff', 'listStaff', {}),
    expect: {
      none: 'deny',
      resident: 'deny',
      owner: 'deny',
      gridWorker: 'deny',
      otherGridWorker: 'deny',
      communityAdmin: 'allow',
      otherCommunityAdmin: 'allow',
      deactivatedWorker: 'deny',
    },
  },
];

/** Listings of the caller's own scope: every active staff member, whatever their scope. */
function anyActiveStaff(): Record<Caller, Cell> {
  return {
    none: 'deny',
    resident: 'deny',
    owner: 'deny',
    gridWorker: 'allow',
    otherGridWorker: 'allow',
    communityAdmin: 'allow',
    otherCommunityAdmin: 'allow',
    deactivatedWorker: 'deny',
  };
}

/** The caller's own records (empty for those who have none): anyone with an identity. */
function anyoneSignedIn(): Record<Caller, Cell> {
  return {
    none: 'deny',
    resident: 'allow',
    owner: 'allow',
    gridWorker: 'allow',
    otherGridWorker: 'allow',
    communityAdmin: 'allow',
    otherCommunityAdmin: 'allow',
    deactivatedWorker: 'allow',
  };
}

function staffOfRecord(): Record<Caller, Cell> {
  return {
    none: 'deny',
    resident: 'deny',
    owner: 'deny',
    gridWorker: 'allow',
    otherGridWorker: 'deny',
    communityAdmin: 'allow',
    otherCommunityAdmin: 'deny',
    deactivatedWorker: 'deny',
  };
}

let t: TestCloud;
let ctx: Ctx;
const OWNER_SEED = 81;
let seed = 300;
const nextSeed = () => ++seed;

async function newRequest(c: Ctx): Promise<string> {
  const res = await t.call(CALLERS.owner, 'request', 'create', {
    clientRequestId: requestId(),
    personId: c.owner.members[0].personId,
    urgency: 'normal',
    details: { kind: 'other', description: '代买药' },
  });
  if (!res.ok) throw new Error(res.message);
  return res.data.requestId;
}

async function itemOf(refId: string): Promise<string> {
  const [item] = await rows<QueueItemDoc>(getDb().collection(Collections.queueItems).where({ refId }));
  return item._id;
}

const today = () => shanghaiDateString(new Date());

/** A person of a household of their own in the demo building (a fresh one per call). */
async function newResidentPerson(c: Ctx): Promise<string> {
  const seedNo = nextSeed();
  const res = await t.call(
    `o_mx_family_${seedNo}`,
    'report',
    'submit',
    householdReport(c.buildingId, { room: '702', members: familyOfThree(seedNo) }),
  );
  if (!res.ok) throw new Error(res.message);
  return res.data.members[0].personId;
}

/** A worker of the demo grid, added for one call. */
async function newGridWorker(c: Ctx): Promise<string> {
  const _id = `st_mx_tmp_${nextSeed()}`;
  const now = new Date();
  await getDb()
    .collection(Collections.staff)
    .add({
      data: {
        _id,
        openid: `o_${_id}`,
        name: '临时网格员',
        role: 'worker',
        scope: [c.gridId],
        active: true,
        createdAt: now,
        updatedAt: now,
      },
    });
  return _id;
}

/** A household of the grid whose spouse another household listed as its own: the conflict item. */
async function newConflictItem(c: Ctx): Promise<string> {
  const n = nextSeed();
  const family = familyOfThree(n);
  const a = await t.call(`o_auth_a_${n}`, 'report', 'submit', householdReport(c.buildingId, { room: '502', members: family }));
  if (!a.ok) throw new Error(a.message);
  const b = await t.call(
    `o_auth_b_${n}`,
    'report',
    'submit',
    householdReport(c.buildingId, { room: '602', members: [{ ...family[1], relation: 'self' }] }),
  );
  if (!b.ok) throw new Error(b.message);
  const [item] = await rows<QueueItemDoc>(
    getDb().collection(Collections.queueItems).where({ householdId: a.data.householdId, kind: 'household_conflict' }),
  );
  return item._id;
}

let newestReporter = '';
/** A verify item of a new household (a household has one verify item, which a hand-over changes). */
async function newReportItem(c: Ctx): Promise<string> {
  const seed = nextSeed();
  const res = await t.call(
    `o_auth_household_${seed}`,
    'report',
    'submit',
    householdReport(c.buildingId, { room: '501', members: familyOfThree(seed) }),
  );
  if (!res.ok) throw new Error(res.message);
  newestReporter = res.data.members[0].personId;
  return itemOf(res.data.reportId);
}

/** The reporter of the household `newReportItem` filed last. */
async function reporterOfNewestReport(): Promise<string> {
  return newestReporter;
}

beforeAll(async () => {
  t = await startTestCloud();
  const db = getDb();
  const demo = t.cloud.demo!;
  const now = new Date();
  // a second community with its own admin, and a deactivated worker of the demo grid
  const [street] = await rows<Place>(db.collection(Collections.places).where({ level: 'street' }));
  const other: Place = {
    _id: 'pl_mx_other',
    level: 'community',
    name: '瑞雪社区',
    parentId: street._id,
    path: [street._id, 'pl_mx_other'],
    code: 'RXSQ23',
  };
  await db.collection(Collections.places).add({ data: other });
  await db.collection(Collections.staff).add({
    data: {
      _id: 'st_mx_other',
      openid: CALLERS.otherCommunityAdmin,
      name: '赵主任',
      role: 'admin',
      scope: [other._id],
      active: true,
      createdAt: now,
      updatedAt: now,
    },
  });
  await db.collection(Collections.staff).add({
    data: {
      _id: 'st_mx_off',
      openid: CALLERS.deactivatedWorker,
      name: '钱网格',
      role: 'worker',
      scope: [demo.gridIds[0]],
      active: false,
      createdAt: now,
      updatedAt: now,
    },
  });
  const filed = await t.call(
    CALLERS.owner,
    'report',
    'submit',
    householdReport(demo.buildingId, { room: '501', members: familyOfThree(OWNER_SEED) }),
  );
  if (!filed.ok) throw new Error(filed.message);
  const [admin] = await rows<StaffDoc>(db.collection(Collections.staff).where({ openid: CALLERS.communityAdmin }));
  const partial = {
    owner: filed.data,
    adminStaffId: admin._id,
    buildingId: demo.buildingId,
    gridId: demo.gridIds[0],
    isolatedPersonId: '',
  };
  // one resident of the grid under home isolation, for the lookups
  const isolatedPersonId = await newResidentPerson(partial);
  const started = await t.call(CALLERS.gridWorker, 'staff', 'startIsolation', {
    personId: isolatedPersonId,
    kind: 'home_isolation',
    startDate: today(),
    plannedDays: 14,
    reason: '入境',
  });
  if (!started.ok) throw new Error(started.message);
  ctx = { ...partial, isolatedPersonId };
});
afterAll(() => t.stop());

const cells = MATRIX.flatMap((row) => (Object.keys(CALLERS) as Caller[]).map((caller) => [row.name, caller, row.expect[caller]] as const));

describe('authorization matrix', () => {
  it.each(cells)('%s by %s → %s', async (name, caller, expected) => {
    const row = MATRIX.find((r) => r.name === name)!;
    const res = await row.call(ctx, CALLERS[caller]);
    expect({ name, caller, outcome: res.ok ? 'allow' : 'deny' }).toEqual({ name, caller, outcome: expected });
  });

  it('ignores forged identity and role fields in the event', async () => {
    const forged = {
      openid: PERSONAS.admin.openid,
      OPENID: PERSONAS.admin.openid,
      userInfo: { openId: PERSONAS.admin.openid },
      role: 'admin',
      gridId: ctx.gridId,
      status: 'closed',
    };
    const res = await t.call(CALLERS.resident, 'staff', 'queue', {}, forged);
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const item = await newReportItem(ctx);
    const asOther = await t.call(CALLERS.otherGridWorker, 'staff', 'item', { itemId: item }, forged);
    expect(asOther).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});
