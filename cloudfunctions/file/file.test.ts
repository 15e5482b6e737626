/**
 * Cloud storage through the real SDK and the local cloud's HTTP, as the H5 client and the functions
 * use it: prepare → upload → check → attach to a request → temp URL, and every way around it.
 */
import { readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { rows } from '../common/db';
import { cloudPathOfFileId, saveGeneratedFile } from '../common/files';
import { PERSONAS } from '../../localcloud/personas';
import type { FileDoc } from '../../src/domain/files';
import type { ReportReceipt } from '../../src/domain/contracts';
import { familyOfThree, householdReport, requestId } from '../../tests/support/people';
import { getBytes, loginAs, type HttpSession } from '../../tests/support/http';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';

let t: TestCloud;
let alice: HttpSession; // resident, household in the demo building (第一网格)
let bob: HttpSession; // resident2, another household
let worker: HttpSession; // 第一网格's worker
let receipt: ReportReceipt;

// a real PNG from the app's own assets, and bytes that are not an image whatever they are called
const PNG = readFileSync(join(__dirname, '../../src/assets/tab/report.png'));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)]);

function storedFiles(): string[] {
  const root = join(t.dataDir, 'storage');
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full.slice(root.length + 1)];
    });
  try {
    return walk(root);
  } catch {
    return [];
  }
}

async function upload(who: HttpSession, bytes: Buffer, kind: 'png' | 'jpeg' = 'png'): Promise<string> {
  const prepared = await who.call('file', 'prepareUpload', { purpose: 'prescription', kind, size: bytes.length });
  if (!prepared.ok) throw new Error(prepared.message);
  const put = await who.upload(prepared.data.cloudPath, bytes);
  if (put.status !== 200) throw new Error(`upload: ${put.status} ${JSON.stringify(put.body)}`);
  return (put.body as { data: { fileId: string } }).data.fileId;
}

const medicine = (personId: string, prescriptionFileId?: string) => ({
  clientRequestId: requestId(),
  personId,
  urgency: 'normal' as const,
  details: { kind: 'medicine' as const, drug: '胰岛素注射液', quantity: '2支', ...(prescriptionFileId ? { prescriptionFileId } : {}) },
});

beforeAll(async () => {
  t = await startTestCloud();
  alice = await loginAs(t.cloud.url, 'resident');
  bob = await loginAs(t.cloud.url, 'resident2');
  worker = await loginAs(t.cloud.url, 'worker');
  const filed = await alice.call('report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: '301', members: familyOfThree(71) }));
  if (!filed.ok) throw new Error(filed.message);
  receipt = filed.data;
  const other = await bob.call('report', 'submit', householdReport(t.cloud.demo!.buildingId, { room: '302', members: familyOfThree(72) }));
  if (!other.ok) throw new Error(other.message);
});
afterAll(async () => {
  setClock({ at: null });
  await t.stop();
});

describe('a prescription photo', () => {
  it('uploads, attaches to the request, and shows to the household and the grid worker only', async () => {
    const fileId = await upload(alice, PNG);
    expect(fileId).toMatch(/^cloud:\/\/[^/]+\/uploads\/prescription\//);
    expect(await alice.call('file', 'check', { fileId })).toEqual({ ok: true, data: { fileId, kind: 'png', size: PNG.length } });

    const created = await alice.call('request', 'create', medicine(receipt.members[0].personId, fileId));
    if (!created.ok) throw new Error(created.message);
    expect(created.data.details).toMatchObject({ kind: 'medicine', prescriptionFileId: fileId });

    for (const who of [alice, worker]) {
      const url = await who.call('file', 'url', { fileId });
      if (!url.ok) throw new Error(url.message);
      expect(new Date(url.data.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(600_000);
      const got = await getBytes(url.data.url);
      expect(got.status).toBe(200);
      expect(got.headers['content-type']).toBe('image/png');
      expect(got.bytes.equals(PNG)).toBe(true);
    }
    // another resident, and a worker of another grid, are told nothing exists
    expect(await bob.call('file', 'url', { fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    const invite = await t.call('o_local_admin_1', 'staff', 'createInvite', { role: 'worker', name: '吴网格', scope: [t.cloud.demo!.gridIds[3]] });
    if (!invite.ok) throw new Error(invite.message);
    expect((await t.call('o_file_other_worker', 'staff', 'acceptInvite', { inviteCode: invite.data.inviteCode })).ok).toBe(true);
    expect(await t.call('o_file_other_worker', 'file', 'url', { fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
  });

  it('a temp URL stops working when it expires, and a forged signature never works', async () => {
    const fileId = await upload(alice, PNG);
    const created = await alice.call('request', 'create', medicine(receipt.members[1].personId, fileId));
    if (!created.ok) throw new Error(created.message);
    const url = await worker.call('file', 'url', { fileId });
    if (!url.ok) throw new Error(url.message);
    expect((await getBytes(url.data.url)).status).toBe(200);

    const forged = url.data.url.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await getBytes(forged)).status).toBe(403);
    const longer = url.data.url.replace(/exp=(\d+)/, (_m, exp: string) => `exp=${Number(exp) + 86_400}`);
    expect((await getBytes(longer)).status).toBe(403);

    setClock({ at: new Date(Date.now() + 11 * 60_000) });
    try {
      const expired = await getBytes(url.data.url);
      expect(expired.status).toBe(403);
      expect(JSON.parse(expired.bytes.toString('utf8'))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('过期') });
    } finally {
      setClock({ at: null });
    }
    // a fresh one works again
    const again = await worker.call('file', 'url', { fileId });
    expect(again.ok && (await getBytes(again.data.url)).status).toBe(200);
  });

  it.each([
    ['a PDF declared as a photo', PDF],
    ['a program renamed to .png', EXE],
  ])('refuses %s and keeps nothing', async (_label, bytes) => {
    const fileId = await upload(alice, bytes);
    const path = cloudPathOfFileId(fileId)!;
    expect(storedFiles()).toContain(path);
    const checked = await alice.call('file', 'check', { fileId });
    expect(checked).toMatchObject({ ok: false, code: 'FILE_TYPE_NOT_ALLOWED', message: expect.stringContaining('JPG 图片') });
    expect(storedFiles()).not.toContain(path);
    const [doc] = await rows<FileDoc>(getDb().collection(Collections.files).where({ cloudPath: path }));
    expect(doc.status).toBe('rejected');
    // and a request cannot carry it
    const before = await t.counts();
    expect(await alice.call('request', 'create', medicine(receipt.members[0].personId, fileId))).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    expect(await t.counts()).toEqual(before);
  });

  it('refuses a file too large before and during the upload, storing nothing', async () => {
    const nine = 9 * 1024 * 1024;
    expect(await alice.call('file', 'prepareUpload', { purpose: 'prescription', kind: 'jpeg', size: nine })).toMatchObject({
      ok: false,
      code: 'FILE_TOO_LARGE',
      message: expect.stringContaining('8 MB'),
    });
    // a client that declares a small size and sends more is cut off at the limit
    const prepared = await alice.call('file', 'prepareUpload', { purpose: 'prescription', kind: 'jpeg', size: 1000 });
    if (!prepared.ok) throw new Error(prepared.message);
    const put = await alice.upload(prepared.data.cloudPath, Buffer.alloc(nine, 0xff));
    expect(put.status).toBe(413);
    expect(put.body).toMatchObject({ ok: false, code: 'FILE_TOO_LARGE' });
    expect(storedFiles()).not.toContain(prepared.data.cloudPath);
  });

  it("never lets one resident use, read or overwrite another's upload", async () => {
    const fileId = await upload(alice, PNG);
    const path = cloudPathOfFileId(fileId)!;
    // writing into alice's folder
    expect((await bob.upload(path, EXE)).status).toBe(403);
    expect(readFileSync(join(t.dataDir, 'storage', path)).equals(PNG)).toBe(true);
    // checking, reading or attaching alice's file
    expect(await bob.call('file', 'check', { fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    expect(await bob.call('file', 'url', { fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    const bobHousehold = await bob.call('report', 'myHousehold', {});
    if (!bobHousehold.ok || !bobHousehold.data) throw new Error('bob has a household');
    const personId = bobHousehold.data.members[0].personId;
    const before = await t.counts();
    expect(await bob.call('request', 'create', medicine(personId, fileId))).toMatchObject({
      ok: false,
      code: 'FILE_NOT_FOUND',
      field: 'details.prescriptionFileId',
    });
    expect(await t.counts()).toEqual(before);
    // a made-up id, or a path outside uploads, finds nothing either
    expect(await alice.call('file', 'url', { fileId: 'cloud://local.gridlink-local/uploads/../keys.json' })).toMatchObject({ ok: false });
    expect(await alice.call('file', 'url', { fileId: 'https://example.com/a.png' })).toMatchObject({ ok: false, code: 'INVALID_TYPE' });
  });

  it('one photo belongs to one request', async () => {
    const fileId = await upload(alice, PNG);
    const firstRequest = await alice.call('request', 'create', medicine(receipt.members[0].personId, fileId));
    expect(firstRequest.ok).toBe(true);
    expect(await alice.call('request', 'create', medicine(receipt.members[1].personId, fileId))).toMatchObject({ ok: false, code: 'FILE_IN_USE' });
  });

  it('import files are for staff only', async () => {
    expect(await alice.call('file', 'prepareUpload', { purpose: 'import', kind: 'xlsx', size: 1000 })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await worker.call('file', 'prepareUpload', { purpose: 'import', kind: 'csv', size: 1000 })).ok).toBe(true);
    expect(await worker.call('file', 'prepareUpload', { purpose: 'import', kind: 'png', size: 1000 })).toMatchObject({
      ok: false,
      code: 'FILE_TYPE_NOT_ALLOWED',
    });
  });

  it('deletes uploads abandoned for a day, and never an attached one', async () => {
    const prepared = await alice.call('file', 'prepareUpload', { purpose: 'prescription', kind: 'png', size: PNG.length });
    if (!prepared.ok) throw new Error(prepared.message);
    expect((await alice.upload(prepared.data.cloudPath, PNG)).status).toBe(200); // uploaded, never checked
    const checkedOnly = await upload(alice, PNG);
    expect((await alice.call('file', 'check', { fileId: checkedOnly })).ok).toBe(true);
    const kept = await upload(alice, PNG);
    expect((await alice.call('request', 'create', medicine(receipt.members[2].personId, kept))).ok).toBe(true);

    setClock({ at: new Date(Date.now() + 25 * 3600_000) });
    try {
      expect(await t.cloud.fireTimer('scheduler')).toMatchObject({ ok: true, data: { uploads: expect.any(Number) } });
    } finally {
      setClock({ at: null });
    }
    const files = storedFiles();
    expect(files).not.toContain(prepared.data.cloudPath);
    expect(files).not.toContain(cloudPathOfFileId(checkedOnly));
    expect(files).toContain(cloudPathOfFileId(kept));
    expect(await alice.call('file', 'check', { fileId: checkedOnly })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    const url = await worker.call('file', 'url', { fileId: kept });
    expect(url.ok && (await getBytes(url.data.url)).bytes.equals(PNG)).toBe(true);
  });
});

describe('a file a function generated (an export, a poster)', () => {
  it('is stored under its own path, read by its creator only, and never taken for an upload', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml'), Buffer.alloc(64)]);
    const saved = await saveGeneratedFile(getDb(), PERSONAS.worker.openid, { purpose: 'export', kind: 'xlsx', bytes: xlsx, name: '一人一档.xlsx' }, new Date());
    expect(saved.fileId).toMatch(/^cloud:\/\/[^/]+\/generated\/export\//);
    expect(saved.size).toBe(xlsx.length);
    const got = await getBytes(saved.url);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(xlsx)).toBe(true);

    expect((await worker.call('file', 'url', { fileId: saved.fileId })).ok).toBe(true);
    expect(await bob.call('file', 'url', { fileId: saved.fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    expect(await t.call(PERSONAS.admin.openid, 'file', 'url', { fileId: saved.fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    // its creator cannot pass it off as an upload either
    expect(await worker.call('file', 'check', { fileId: saved.fileId })).toMatchObject({ ok: false, code: 'FILE_NOT_FOUND' });
    expect(await alice.call('request', 'create', medicine(receipt.members[0].personId, saved.fileId))).toMatchObject({ ok: false });
  });
});
