/**
 * The ledger export against the local cloud, with households the functions filed: every filter,
 * "changed since my last export" across exports (new, changed, unchanged; a job that never finished
 * changes nothing), masking and the audited full export, a profile from an uploaded template, scope
 * (a grid worker exports only their grid, a forged scope is refused), resumable jobs under a lease —
 * each file read back with exceljs.
 */
import ExcelJS from 'exceljs';
import { Collections } from '../common/collections';
import { getCloud, getDb } from '../common/cloud';
import { rows } from '../common/db';
import type { AuditEntryDoc } from '../../src/domain/audit';
import type { BuildingView, ExportJobView, ReportReceipt } from '../../src/domain/contracts';
import type { MemberInput } from '../../src/domain/household';
import { DEFAULT_HOUSEHOLD_PROFILE, DEFAULT_PERSON_PROFILE } from '../../src/domain/ledger';
import { shanghaiDateString } from '../../src/domain/time';
import { PERSONAS } from '../../localcloud/personas';
import { householdReport, idCard } from '../../tests/support/people';
import { loginAs, type HttpSession } from '../../tests/support/http';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { encrypt } from '../common/crypto';
import { ledgerConfig, type ExportJobDoc } from './jobs';
import { sweepExportJobs } from './sweep';
import { ledgerPaging } from './sources';

let t: TestCloud;
let admin: HttpSession;
const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid; // 李网格, 第一网格
const OTHER_WORKER = 'o_seed_worker_2'; // 赵网格, 第二网格
let grid1: string;
let grid2: string;
let otherGridBuilding: BuildingView;

function data<D>(res: { ok: true; data: D } | { ok: false; code: string; message: string }): D {
  if (!res.ok) throw new Error(`${res.code} ${res.message}`);
  return res.data;
}

let seq = 0;
function member(name: string, relation: MemberInput['relation'], birth: string, phone?: string): MemberInput & { idNumber: string } {
  seq += 1;
  return { name, relation, idType: 'id_card', idNumber: idCard(birth, seq), ...(phone ? { phone } : {}) };
}

async function file(openid: string, buildingId: string, room: string, members: MemberInput[], over: Record<string, unknown> = {}): Promise<ReportReceipt> {
  return data(await t.call(openid, 'report', 'submit', householdReport(buildingId, { room, members, ...over })));
}

/** Runs an export to its end (start, then steps), answering the last view. */
async function exportAll(openid: string, payload: Record<string, unknown>): Promise<ExportJobView> {
  let view = data(await t.call(openid, 'ledger', 'start', payload));
  for (let i = 0; view.status === 'running' && i < 500; i++) view = data(await t.call(openid, 'ledger', 'step', { jobId: view.jobId }));
  expect(view.status).toBe('done');
  return view;
}

interface Sheet {
  headers: string[];
  rows: Array<Record<string, string>>;
  header: string;
  footer: string;
  info: Record<string, string>;
}

async function readFile(view: ExportJobView): Promise<Sheet> {
  const res = (await getCloud().downloadFile({ fileID: view.file!.fileId })) as { fileContent: Buffer };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.fileContent as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(text);
  const out: Array<Record<string, string>> = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const values = (row.values as unknown[]).slice(1);
    out.push(Object.fromEntries(headers.map((h, i) => [h, text(values[i])])));
  });
  const info: Record<string, string> = {};
  book.worksheets[1].eachRow((row) => {
    info[text(row.getCell(1).value)] = text(row.getCell(2).value);
  });
  return { headers, rows: out, header: sheet.headerFooter.oddHeader ?? '', footer: sheet.headerFooter.oddFooter ?? '', info };
}

const names = (s: Sheet) => s.rows.map((r) => r['姓名']).sort();
const person = { layout: 'person', profileId: DEFAULT_PERSON_PROFILE.id } as const;
const household = { layout: 'household', profileId: DEFAULT_HOUSEHOLD_PROFILE.id } as const;

let wang: ReportReceipt; // 王秀英 + 李国庆, 第一网格, returning
let zhou: ReportReceipt; // 周明, 第一网格, health monitoring category
let zhao: ReportReceipt; // 赵丽, 第二网格
const wangId = member('王秀英', 'self', '19600315', '13911112468');

beforeAll(async () => {
  t = await startTestCloud();
  admin = await loginAs(t.cloud.url, 'admin');
  [grid1, grid2] = t.cloud.demo!.gridIds;
  const all: BuildingView[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: BuildingView[]; nextCursor: string | null } = data(await t.call(ADMIN, 'staff', 'buildings', { cursor }));
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  otherGridBuilding = all.find((b) => b.gridId === grid2)!;
  wang = await file('o_lg_wang', t.cloud.demo!.buildingId, '302', [wangId, member('李国庆', 'spouse', '19581001', '13922223579')]);
  zhou = await file('o_lg_zhou', t.cloud.demo!.buildingId, '401', [member('周明', 'self', '19800101', '13700001111')], {
    category: 'health_monitoring',
    travel: undefined,
  });
  zhao = await file('o_lg_zhao', otherGridBuilding.id, '101', [member('赵丽', 'self', '19900909', '13755556802')]);
  // 李国庆 under home isolation
  data(
    await t.call(WORKER, 'staff', 'startIsolation', {
      personId: wang.members[1].personId,
      kind: 'home_isolation',
      startDate: shanghaiDateString(new Date()),
      plannedDays: 14,
      reason: '密接',
    }),
  );
}, 120_000);
afterAll(() => t.stop());
afterEach(() => {
  ledgerConfig.stepBudgetMs = 8_000;
  ledgerConfig.sinceMarginMs = 5 * 60_000;
  ledgerPaging.pageSize = 500;
});

describe('ledger.start: the default profiles, masked', () => {
  it('一人一档: one row per person under the admin’s community, in the upper-level columns, masked, signed', async () => {
    const view = await exportAll(ADMIN, person);
    const sheet = await readFile(view);
    expect(sheet.headers).toEqual(DEFAULT_PERSON_PROFILE.columns.map((c) => c.header));
    expect(names(sheet)).toEqual(['周明', '李国庆', '王秀英', '赵丽']);
    const li = sheet.rows.find((r) => r['姓名'] === '李国庆')!;
    // gender is read from the ID number (its 17th digit: this test's second ID is even)
    expect(li).toMatchObject({ 性别: '女', 与户主关系: '配偶', 人员类别: '返回人员', 管控措施: '居家隔离', 网格员: '李网格', 所属网格: '第一网格', 变更标记: '新增' });
    expect(li['开始日期']).toBe(shanghaiDateString(new Date()));
    expect(li['解除日期']).toMatch(/（计划）$/);
    expect(li['身份证号']).toMatch(/^110105\*{8}\d{3}[\dX]$/);
    expect(li['联系电话']).toBe('139****3579');
    expect(sheet.rows.map((r) => r['序号'])).toEqual(['1', '2', '3', '4']);
    // no full number anywhere in the file
    expect(JSON.stringify(sheet.rows)).not.toContain(wangId.idNumber);
    expect(sheet.header).toContain('王书记');
    expect(sheet.footer).toMatch(/导出人：王书记　导出时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(sheet.info).toMatchObject({ 导出人: '王书记（社区管理员）', 身份证号和电话: '已脱敏', 行数: '4' });
    expect(view.file!.url).toMatch(/^http/);
    expect(view.file!.expiresAt).toBeTruthy();
  });

  it('一户一账: one row per household, its members listed', async () => {
    const sheet = await readFile(await exportAll(ADMIN, household));
    expect(sheet.headers).toEqual(DEFAULT_HOUSEHOLD_PROFILE.columns.map((c) => c.header));
    expect(sheet.rows.map((r) => r['户主姓名']).sort()).toEqual(['周明', '王秀英', '赵丽']);
    const row = sheet.rows.find((r) => r['户主姓名'] === '王秀英')!;
    expect(row['家庭人数']).toBe('2');
    expect(row['管控人数']).toBe('1');
    expect(row['家庭成员']).toMatch(/^王秀英（本人，110105\*+\d{3}[\dX]）；李国庆（配偶，110105\*+\d{3}[\dX]，居家隔离）$/);
  });

  it('the download link is issued again for its exporter only', async () => {
    const view = await exportAll(ADMIN, person);
    const again = data(await t.call(ADMIN, 'ledger', 'job', { jobId: view.jobId }));
    expect(again.file?.url).toMatch(/^http/);
    expect(await t.call(WORKER, 'ledger', 'job', { jobId: view.jobId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await t.call(WORKER, 'file', 'url', { fileId: view.file!.fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    expect(data(await t.call(ADMIN, 'ledger', 'jobs', {})).map((j) => j.jobId)).toContain(view.jobId);
  });
});

describe('ledger.start: filters', () => {
  it('scope: a grid of the admin’s community', async () => {
    expect(names(await readFile(await exportAll(ADMIN, { ...person, scope: [grid2] })))).toEqual(['赵丽']);
  });
  it('category', async () => {
    expect(names(await readFile(await exportAll(ADMIN, { ...person, categories: ['health_monitoring'] })))).toEqual(['周明']);
    expect(names(await readFile(await exportAll(ADMIN, { ...household, categories: ['returning'] })).then((s) => ({ ...s, rows: s.rows.map((r) => ({ 姓名: r['户主姓名'] })) })))).toEqual(['王秀英', '赵丽']);
  });
  it('status: of the person, and of any member for a household', async () => {
    expect(names(await readFile(await exportAll(ADMIN, { ...person, statuses: ['home_isolation'] })))).toEqual(['李国庆']);
    const sheet = await readFile(await exportAll(ADMIN, { ...household, statuses: ['home_isolation'] }));
    expect(sheet.rows.map((r) => r['户主姓名'])).toEqual(['王秀英']);
  });
  it('date range of the latest filing', async () => {
    const today = shanghaiDateString(new Date());
    expect(names(await readFile(await exportAll(ADMIN, { ...person, from: today, to: today })))).toHaveLength(4);
    const view = await exportAll(ADMIN, { ...person, to: '2026-01-01' });
    expect(view.rows).toBe(0);
    expect((await readFile(view)).rows).toEqual([]);
    expect(await t.call(ADMIN, 'ledger', 'start', { ...person, from: today, to: '2026-01-01' })).toMatchObject({ ok: false, code: 'OUT_OF_RANGE' });
  });
  it('a profile of the other layout is refused', async () => {
    expect(await t.call(ADMIN, 'ledger', 'start', { layout: 'person', profileId: DEFAULT_HOUSEHOLD_PROFILE.id })).toMatchObject({
      ok: false,
      code: 'EXPORT_PROFILE_INVALID',
    });
  });
});

describe('ledger.start: scope', () => {
  it('a grid worker exports only their grid', async () => {
    const sheet = await readFile(await exportAll(WORKER, person));
    expect(names(sheet)).toEqual(['周明', '李国庆', '王秀英']);
    expect(names(await readFile(await exportAll(OTHER_WORKER, person)))).toEqual(['赵丽']);
  });
  it('a forged scope is refused: another grid, the community above, a made-up place; residents not at all', async () => {
    for (const scope of [[grid2], [t.cloud.demo!.communityId], ['pl_forged'], [grid1, grid2]]) {
      expect(await t.call(WORKER, 'ledger', 'start', { ...person, scope })).toMatchObject({ ok: false, code: 'SCOPE_OUTSIDE' });
    }
    expect(await t.call('o_lg_wang', 'ledger', 'start', person)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await t.call('o_lg_wang', 'ledger', 'profiles', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('ledger.start: full values', () => {
  it('needs a reason; with one the file has full numbers and the audit log has the filters and the row count', async () => {
    expect(await t.call(ADMIN, 'ledger', 'start', { ...person, full: { reason: '' } })).toMatchObject({ ok: false, field: 'full.reason' });
    const view = await exportAll(ADMIN, { ...person, scope: [grid1], categories: ['returning'], full: { reason: '上报区指挥部' } });
    const sheet = await readFile(view);
    const row = sheet.rows.find((r) => r['姓名'] === '王秀英')!;
    expect(row['身份证号']).toBe(wangId.idNumber);
    expect(row['联系电话']).toBe('13911112468');
    expect(sheet.footer).toContain('含完整证件号和电话');
    const [entry] = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ 'target.id': view.jobId }));
    expect(entry).toMatchObject({
      action: 'export',
      actor: { name: '王书记' },
      reason: '上报区指挥部',
      target: { collection: Collections.exportJobs, field: 'id,phone' },
      details: { full: true, rows: 2, scope: [grid1], categories: ['returning'], layout: 'person' },
    });
    // a masked export is audited as an export too, without a reason
    const masked = await exportAll(ADMIN, { ...person, scope: [grid2] });
    const [plain] = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ 'target.id': masked.jobId }));
    expect(plain).toMatchObject({ action: 'export', details: { full: false, rows: 1 } });
    expect(plain.reason).toBeUndefined();
    // nothing decrypted was left behind in the database
    expect(JSON.stringify(await rows(getDb().collection(Collections.exportParts).where({})))).not.toContain(wangId.idNumber);
  });
});

describe('changed since my last export', () => {
  it('marks rows new, changed and unchanged against the caller’s last export of that profile and scope', async () => {
    // a building of the worker's grid: a scope of its own
    const scope = [t.cloud.demo!.buildingId];
    const first = await readFile(await exportAll(WORKER, { ...person, scope, onlyChanges: true }));
    expect(first.rows.map((r) => r['变更标记'])).toEqual(['新增', '新增', '新增']);
    // nothing happened: no row of the day's changes, and in a full listing every row is unchanged
    expect((await exportAll(WORKER, { ...person, scope, onlyChanges: true })).rows).toBe(0);

    // 周明 re-files with a fever; a new household arrives; 王秀英's household does not change
    await file('o_lg_zhou', t.cloud.demo!.buildingId, '401', [{ personId: zhou.members[0].personId, name: '周明', relation: 'self', health: { temperature: 38.2, symptoms: ['cough'], healthCode: 'yellow' } }], {
      category: 'health_monitoring',
      travel: undefined,
    });
    await file('o_lg_sun', t.cloud.demo!.buildingId, '502', [member('孙磊', 'self', '19950505', '13600002222')]);

    const changes = await exportAll(WORKER, { ...person, scope, onlyChanges: true });
    const sheet = await readFile(changes);
    expect(Object.fromEntries(sheet.rows.map((r) => [r['姓名'], r['变更标记']]))).toEqual({ 周明: '变更', 孙磊: '新增' });
    expect(sheet.rows.find((r) => r['姓名'] === '周明')).toMatchObject({ 体温: '38.2', 健康码: '黄码', 健康状况: '发热、咳嗽' });
    expect(changes.counts).toEqual({ new: 1, changed: 1, unchanged: 0 });

    const listing = await readFile(await exportAll(WORKER, { ...person, scope }));
    expect(listing.rows.map((r) => r['变更标记'])).toEqual(['未变', '未变', '未变', '未变']);
    // another profile, or another scope, has its own last export
    expect((await exportAll(WORKER, { ...household, scope, onlyChanges: true })).counts).toEqual({ new: 3, changed: 0, unchanged: 0 });
    // and so has another staff member
    expect((await exportAll(ADMIN, { ...person, scope, onlyChanges: true })).counts.unchanged).toBe(0);
  });

  it('an export that never finished changes nothing for the next one, and blocks a second one of its base', async () => {
    ledgerConfig.stepBudgetMs = 0;
    ledgerPaging.pageSize = 1;
    const scope = [grid2];
    await exportAll(OTHER_WORKER, { ...person, scope });
    data(await t.call('o_lg_zhao', 'report', 'submit', householdReport(otherGridBuilding.id, { room: '101', members: [{ personId: zhao.members[0].personId, name: '赵丽', relation: 'self' }], category: 'home_isolation' })));
    // caught up in an export that stops after its first page…
    const stuck = data(await t.call(OTHER_WORKER, 'ledger', 'start', { ...person, scope, onlyChanges: true }));
    expect(stuck.status).toBe('running');
    expect(await t.call(OTHER_WORKER, 'ledger', 'start', { ...person, scope })).toMatchObject({ ok: false, code: 'EXPORT_RUNNING' });
    // …then finished: 赵丽's change is there once
    let view = stuck;
    while (view.status === 'running') view = data(await t.call(OTHER_WORKER, 'ledger', 'step', { jobId: view.jobId }));
    expect((await readFile(view)).rows.map((r) => [r['姓名'], r['变更标记'], r['人员类别']])).toEqual([['赵丽', '变更', '居家隔离']]);
  });

  it('compares page by page over several scope places, carrying forward the rows a filtered export did not read', async () => {
    ledgerPaging.pageSize = 2;
    const scope = [grid1, grid2];
    const all = await exportAll(ADMIN, { ...person, scope });
    expect(all.counts).toMatchObject({ changed: 0, unchanged: 0 });
    expect(all.counts.new).toBe(all.rows);
    expect((await exportAll(ADMIN, { ...person, scope, onlyChanges: true })).rows).toBe(0);

    await file('o_lg_wu', otherGridBuilding.id, '202', [member('吴强', 'self', '19850808', '13500003333')]);
    data(
      await t.call(WORKER, 'staff', 'startIsolation', {
        personId: wang.members[0].personId,
        kind: 'health_monitoring',
        startDate: shanghaiDateString(new Date()),
        plannedDays: 7,
        reason: '同住人隔离',
      }),
    );
    // a filtered export reads only some rows: it marks those, and the others keep their last fingerprints
    const filtered = await exportAll(ADMIN, { ...person, scope, categories: ['health_monitoring'] });
    expect(filtered.counts).toEqual({ new: 0, changed: 0, unchanged: filtered.rows });
    const changes = await readFile(await exportAll(ADMIN, { ...person, scope, onlyChanges: true }));
    expect(Object.fromEntries(changes.rows.map((r) => [r['姓名'], r['变更标记']]))).toEqual({ 王秀英: '变更', 吴强: '新增' });
    expect((await exportAll(ADMIN, { ...person, scope, onlyChanges: true })).rows).toBe(0);
  });

  it('a job runs in steps with progress, one call at a time', async () => {
    ledgerConfig.stepBudgetMs = 0;
    ledgerPaging.pageSize = 2;
    const started = data(await t.call(ADMIN, 'ledger', 'start', { ...person, scope: [grid1] }));
    expect(started).toMatchObject({ status: 'running', scanned: 2, total: 4 });
    const [a, b] = await Promise.all([
      t.call(ADMIN, 'ledger', 'step', { jobId: started.jobId }),
      t.call(ADMIN, 'ledger', 'step', { jobId: started.jobId }),
    ]);
    // one of two concurrent calls runs the job, the other answers its progress
    const views = [data(a), data(b)];
    expect(views.map((v) => v.scanned).sort()).toEqual([2, 4]);
    let view = views.find((v) => v.scanned === 4)!;
    while (view.status === 'running') view = data(await t.call(ADMIN, 'ledger', 'step', { jobId: view.jobId }));
    const sheet = await readFile(view);
    expect(sheet.rows.map((r) => r['序号'])).toEqual(['1', '2', '3', '4']);
    expect(new Set(sheet.rows.map((r) => r['姓名'])).size).toBe(4);
    expect(await rows(getDb().collection(Collections.exportParts).where({ jobId: view.jobId }))).toEqual([]);
  });
});

describe('changed since my last export: reading only what was written since', () => {
  it('reads the records written since its base, and the whole ledger again when a place its rows show is renamed', async () => {
    ledgerConfig.sinceMarginMs = 0;
    const scope = [t.cloud.demo!.buildingId];
    const base = await exportAll(ADMIN, { ...person, scope });
    const quiet = await exportAll(ADMIN, { ...person, scope, onlyChanges: true });
    expect(quiet).toMatchObject({ total: 0, scanned: 0, rows: 0 });

    // 周明 goes under monitoring: his person and his isolation are written, and only he is read
    data(
      await t.call(WORKER, 'staff', 'startIsolation', { personId: zhou.members[0].personId, kind: 'health_monitoring', startDate: shanghaiDateString(new Date()), plannedDays: 7, reason: '复查' }),
    );
    const changes = await exportAll(ADMIN, { ...person, scope, onlyChanges: true });
    expect(changes).toMatchObject({ total: 1, scanned: 1, rows: 1, counts: { new: 0, changed: 1, unchanged: 0 } });
    expect((await readFile(changes)).rows.map((r) => [r['姓名'], r['变更标记'], r['管控措施']])).toEqual([['周明', '变更', '健康监测']]);

    // the building renamed (no person written): every row under it has changed
    const places = getDb().collection(Collections.places);
    const [building] = await rows<{ name: string }>(places.where({ _id: t.cloud.demo!.buildingId }));
    await places.doc(t.cloud.demo!.buildingId).update({ data: { name: '新楼名' } });
    try {
      const renamed = await exportAll(ADMIN, { ...person, scope, onlyChanges: true });
      expect(renamed.scanned).toBe(base.rows);
      expect(renamed.counts).toEqual({ new: 0, changed: base.rows, unchanged: 0 });
      expect(new Set((await readFile(renamed)).rows.map((r) => r['现居住地址（楼栋）']))).toEqual(new Set(['新楼名']));
    } finally {
      await places.doc(t.cloud.demo!.buildingId).update({ data: { name: building.name } });
    }
  });
});

describe('profiles', () => {
  async function uploadTemplate(headers: string[]): Promise<string> {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('上报模板');
    sheet.addRow(headers);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const prepared = data(await admin.call('file', 'prepareUpload', { purpose: 'import', kind: 'xlsx', size: bytes.length }));
    const put = await admin.upload(prepared.cloudPath, bytes);
    return (put.body as { data: { fileId: string } }).data.fileId;
  }

  it('a profile from an uploaded template’s header row exports in the template’s columns', async () => {
    const headers = ['序号', '姓名', '公民身份号码', '手机号码（必填）', '现住址', '管控方式', '疫苗厂家'];
    const fileId = await uploadTemplate(headers);
    const draft = data(await admin.call('ledger', 'templateProfile', { fileId, layout: 'person' }));
    expect(draft.columns.map((c) => c.field)).toEqual(['seq', 'name', 'idNumber', 'phone', 'address', 'measure', 'blank']);
    expect(draft.unmatched).toEqual(['疫苗厂家']);
    const profile = data(await admin.call('ledger', 'saveProfile', { name: '区指挥部日报', layout: 'person', columns: draft.columns }));
    // the grid worker of the community may use it, not change it
    expect(data(await t.call(WORKER, 'ledger', 'profiles', { layout: 'person' })).map((p) => p.name)).toContain('区指挥部日报');
    expect(await t.call(WORKER, 'ledger', 'saveProfile', { name: 'x', layout: 'person', columns: draft.columns })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const sheet = await readFile(await exportAll(WORKER, { layout: 'person', profileId: profile.id }));
    expect(sheet.headers).toEqual(headers);
    const li = sheet.rows.find((r) => r['姓名'] === '李国庆')!;
    expect(li).toMatchObject({ 管控方式: '居家隔离', 疫苗厂家: '' });
    expect(li['现住址']).toMatch(/^祥云社区 .*302$/);
  });

  it('the admin chooses, orders and names columns; bad profiles are refused', async () => {
    const profile = data(
      await admin.call('ledger', 'saveProfile', {
        name: '户主联系表',
        layout: 'household',
        columns: [
          { field: 'room', header: '房号' },
          { field: 'name', header: '户主' },
          { field: 'phone', header: '电话' },
        ],
      }),
    );
    const sheet = await readFile(await exportAll(ADMIN, { layout: 'household', profileId: profile.id, scope: [grid2] }));
    expect(sheet.headers).toEqual(['房号', '户主', '电话']);
    expect(sheet.rows).toContainEqual({ 房号: '101', 户主: '赵丽', 电话: '137****6802' });
    const renamed = data(await admin.call('ledger', 'saveProfile', { profileId: profile.id, name: '户主联系表', layout: 'household', columns: [{ field: 'name', header: '姓名' }] }));
    expect(renamed.columns).toEqual([{ field: 'name', header: '姓名' }]);
    expect(await admin.call('ledger', 'saveProfile', { name: 'x', layout: 'household', columns: [{ field: 'temperature', header: '体温' }] })).toMatchObject({
      ok: false,
      code: 'EXPORT_PROFILE_INVALID',
    });
    expect(await admin.call('ledger', 'saveProfile', { name: 'x', layout: 'person', columns: [{ field: 'salary', header: '工资' }] })).toMatchObject({ ok: false });
    expect(await admin.call('ledger', 'saveProfile', { profileId: DEFAULT_PERSON_PROFILE.id, name: 'x', layout: 'person', columns: [{ field: 'name', header: '姓名' }] })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(data(await admin.call('ledger', 'deleteProfile', { profileId: profile.id }))).toEqual({ profileId: profile.id });
    expect(await t.call(ADMIN, 'ledger', 'start', { layout: 'household', profileId: profile.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});


describe('export jobs whose runner died, and what failed ones leave', () => {
  const partDoc = (jobId: string, no: number) => `${jobId}_${String(no).padStart(6, '0')}`;
  const inMinutes = (m: number) => new Date(Date.now() + m * 60_000);

  it('the next run of the same export takes over a job whose runner died mid-way: it goes on from its last saved page and writes each row once', async () => {
    ledgerConfig.stepBudgetMs = 0;
    ledgerPaging.pageSize = 1;
    const db = getDb();
    const payload = { ...person, scope: [grid1] };
    const started = data(await t.call(ADMIN, 'ledger', 'start', payload));
    expect(started).toMatchObject({ status: 'running', scanned: 1 });
    // the runner of the next step died after writing its page's part but before moving the cursor
    const [job] = await rows<ExportJobDoc>(db.collection(Collections.exportJobs).where({ _id: started.jobId }));
    await db
      .collection(Collections.exportParts)
      .doc(partDoc(job._id, job.parts))
      .set({ data: { jobId: job._id, no: job.parts, count: 1, sealed: encrypt(JSON.stringify([['0', '半页残行']])) } });
    const jobs = db.collection(Collections.exportJobs);
    await jobs.doc(job._id).update({ data: { leaseId: 'dead', leaseUntil: inMinutes(1.5) } });
    // while its lease holds, the export is running
    expect(await t.call(ADMIN, 'ledger', 'start', payload)).toMatchObject({ ok: false, code: 'EXPORT_RUNNING' });
    await jobs.doc(job._id).update({ data: { leaseUntil: inMinutes(-0.5) } });

    const resumed = data(await t.call(ADMIN, 'ledger', 'start', payload));
    expect(resumed).toMatchObject({ jobId: job._id, status: 'running', scanned: 2 });
    let view = resumed;
    while (view.status === 'running') view = data(await t.call(ADMIN, 'ledger', 'step', { jobId: view.jobId }));
    expect(view.scanned).toBe(view.total);
    const sheet = await readFile(view);
    expect(sheet.rows.map((r) => r['序号'])).toEqual(sheet.rows.map((_, i) => String(i + 1)));
    expect(new Set(names(sheet)).size).toBe(view.total);
    expect(names(sheet)).not.toContain('半页残行');
    expect(await rows(db.collection(Collections.exportParts).where({ jobId: job._id }))).toEqual([]);
  });

  it('the scheduler fails an export nobody moved for 15 minutes: its parts and fingerprints go, its base is free', async () => {
    ledgerConfig.stepBudgetMs = 0;
    ledgerPaging.pageSize = 1;
    const db = getDb();
    const started = data(await t.call(OTHER_WORKER, 'ledger', 'start', { ...person, scope: [grid2] }));
    expect(started.status).toBe('running');
    const left = async () => ({
      parts: (await rows(db.collection(Collections.exportParts).where({ jobId: started.jobId }))).length,
      prints: (await rows(db.collection(Collections.ledgerPrints).where({ jobId: started.jobId }))).length,
    });
    expect(await left()).toEqual({ parts: 1, prints: 1 });
    // another export of the base is refused while it runs
    expect(await t.call(OTHER_WORKER, 'ledger', 'start', { ...person, scope: [grid2], onlyChanges: true })).toMatchObject({ ok: false, code: 'EXPORT_RUNNING' });

    await sweepExportJobs(db, inMinutes(10));
    expect(await left()).toEqual({ parts: 1, prints: 1 });
    expect((await sweepExportJobs(db, inMinutes(16))).failed).toBe(1);
    expect(await left()).toEqual({ parts: 0, prints: 0 });
    expect(data(await t.call(OTHER_WORKER, 'ledger', 'job', { jobId: started.jobId })).status).toBe('failed');
    ledgerConfig.stepBudgetMs = 8_000;
    expect((await exportAll(OTHER_WORKER, { ...person, scope: [grid2], onlyChanges: true })).status).toBe('done');
  });
});
