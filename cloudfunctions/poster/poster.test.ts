/**
 * QR posters and place codes through the real function: every code listed for the admin, a
 * building's and a community's poster and a grid's bundle as PDFs a person can print (rendered with
 * pdftoppm into test-results/posters/ to look at), rotation, and everyone else refused.
 */
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { rows } from '../common/db';
import { PERSONAS } from '../../localcloud/personas';
import type { AuditEntryDoc } from '../../src/domain/audit';
import type { PosterFileView } from '../../src/domain/contracts';
import type { Result } from '../../src/domain/errors';
import type { Place } from '../../src/domain/places';
import { runAsCaller } from '../../localcloud/identity';
import { getBytes } from '../../tests/support/http';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import { cachedWxacodes, urlQrPng } from './qrImage';

const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid;
const RESIDENT = PERSONAS.resident.openid;
const OUT = resolve(__dirname, '../../test-results/posters');

// each poster is drawn with a 20 MB font on a shared 2-core machine
jest.setTimeout(60_000);

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
  mkdirSync(OUT, { recursive: true });
});
afterAll(() => t.stop());

function ok<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.data;
}

async function place(id: string): Promise<Place> {
  return (await rows<Place>(getDb().collection(Collections.places).where({ _id: id })))[0];
}

/** The PDF behind the poster's temporary link, as a person's browser would fetch it. */
async function download(file: PosterFileView, name: string): Promise<{ bytes: Buffer; path: string; text: string; pages: number }> {
  const res = await getBytes(file.url);
  expect(res.status).toBe(200);
  const path = join(OUT, `${name}.pdf`);
  writeFileSync(path, res.bytes);
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return { bytes: res.bytes, path, text, pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]) };
}

/** Page 1 as a PNG beside the PDF (open it and look). */
function renderFirstPage(pdf: string, name: string): string {
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', '-singlefile', pdf, join(OUT, name)]);
  return join(OUT, `${name}.png`);
}

describe('poster.codes', () => {
  it('lists the admin scope, then each level with every place code', async () => {
    const top = ok(await t.call(ADMIN, 'poster', 'codes', {}));
    expect(top.items.map((p) => p.name)).toEqual(['祥云社区']);
    expect(top.items[0]).toMatchObject({ level: 'community', code: t.cloud.demo!.communityCode, rotatable: true, poster: 'single' });

    const areas = ok(await t.call(ADMIN, 'poster', 'codes', { parentId: t.cloud.demo!.communityId }));
    expect(areas.parent?.name).toBe('祥云社区');
    expect(areas.items.map((p) => p.name)).toEqual(['东片区', '西片区']);
    const compounds = ok(await t.call(ADMIN, 'poster', 'codes', { parentId: t.cloud.demo!.gridIds[0] }));
    expect(compounds.items.map((p) => p.name)).toEqual(['祥云一区', '祥云二区', '祥云三区', '锦园']);
    expect(compounds.items.every((p) => /^[2-9A-Z]{6}$/.test(p.code) && p.poster === 'bundle' && !p.rotatable)).toBe(true);
    const buildings = ok(await t.call(ADMIN, 'poster', 'codes', { parentId: compounds.items[0].id }));
    expect(buildings.items.map((p) => p.name)).toEqual(['1号楼', '2号楼', '3号楼', '4号楼']);
    expect(buildings.items[2]).toMatchObject({ code: t.cloud.demo!.buildingCode, rotatable: true, poster: 'single', hasChildren: false });
  });

  it('refuses a grid worker and a resident', async () => {
    for (const who of [WORKER, RESIDENT]) {
      const res = await t.call(who, 'poster', 'codes', {});
      expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
  });
});

describe('poster.poster', () => {
  it("a building's poster: one A4 page under 300 KB with the names, the code and the grid worker", async () => {
    const file = ok(await t.call(ADMIN, 'poster', 'poster', { placeId: t.cloud.demo!.buildingId }));
    expect(file.pages).toBe(1);
    expect(file.name).toBe('祥云社区-祥云一区-3号楼-二维码海报.pdf');
    const pdf = await download(file, 'building');
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.bytes.length).toBe(file.size);
    expect(pdf.bytes.length).toBeLessThanOrEqual(300 * 1024);
    expect(pdf.pages).toBe(1);
    for (const text of ['祥云社区', '祥云一区 3号楼', '打开微信，扫一扫上方二维码', '网格员 李网格', '138 0000 0001', `楼栋码 ${t.cloud.demo!.buildingCode}`]) {
      expect(pdf.text).toContain(text);
    }
    // the font is a subset embedded in the file (a printer needs nothing installed)
    expect(execFileSync('pdffonts', [pdf.path], { encoding: 'utf8' })).toMatch(/\+NotoSansCJKsc-Bold .* yes yes yes/);
    const png = renderFirstPage(pdf.path, 'building');
    // an A4 page at 60 dpi
    const [, w, h] = /PNG image data, (\d+) x (\d+)/.exec(execFileSync('file', [png], { encoding: 'utf8' })) ?? [];
    expect([Math.round(Number(w) / 10), Math.round(Number(h) / 10)]).toEqual([50, 70]);
  });

  it("a community's poster names the community and its admin", async () => {
    const file = ok(await t.call(ADMIN, 'poster', 'poster', { placeId: t.cloud.demo!.communityId }));
    const pdf = await download(file, 'community');
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain('社区居民报备码');
    expect(pdf.text).toContain(`社区码 ${t.cloud.demo!.communityCode}`);
    expect(pdf.text).toContain('社区工作人员 王书记');
    renderFirstPage(pdf.path, 'community');
  });

  it("a grid's PDF has one page per building of the grid, each with its own code", async () => {
    const gridId = t.cloud.demo!.gridIds[0];
    const buildings = await rows<Place>(getDb().collection(Collections.places).where({ path: gridId, level: 'building' }).limit(1000));
    expect(buildings.length).toBe(22);
    const file = ok(await t.call(ADMIN, 'poster', 'poster', { placeId: gridId }));
    expect(file.pages).toBe(22);
    const pdf = await download(file, 'grid');
    expect(pdf.pages).toBe(22);
    for (const b of buildings) expect(pdf.text).toContain(`楼栋码 ${b.code}`);
    // the font subset is shared by every page: 22 posters are not 22 times one
    expect(pdf.bytes.length).toBeLessThan(22 * 60 * 1024);
  });

  it('refuses a worker, a resident, a place outside the scope and a street', async () => {
    for (const who of [WORKER, RESIDENT]) {
      expect(await t.call(who, 'poster', 'poster', { placeId: t.cloud.demo!.buildingId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect(await t.call(ADMIN, 'poster', 'poster', { placeId: 'pl_0000000000000000' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    const community = await place(t.cloud.demo!.communityId);
    // the street above the admin's community is not theirs
    expect(await t.call(ADMIN, 'poster', 'poster', { placeId: community.path[0] })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('poster.rotateCode', () => {
  it('gives the building a new code; the old one says it was replaced and where to get the new one', async () => {
    const old = t.cloud.demo!.buildingCode;
    expect(ok(await t.call(RESIDENT, 'place', 'resolve', { code: old })).building?.id).toBe(t.cloud.demo!.buildingId);

    const rotated = ok(await t.call(ADMIN, 'poster', 'rotateCode', { placeId: t.cloud.demo!.buildingId, code: old, reason: '二维码被覆盖' }));
    expect(rotated.retiredCode).toBe(old);
    expect(rotated.code).not.toBe(old);
    expect((await place(t.cloud.demo!.buildingId)).code).toBe(rotated.code);

    const refused = await t.call(RESIDENT, 'place', 'resolve', { code: old });
    expect(refused).toMatchObject({ ok: false, code: 'PLACE_CODE_REPLACED' });
    expect(!refused.ok && refused.message).toBe(
      '该二维码已更换，不能再用于报备。请扫描张贴在祥云社区 祥云一区 3号楼的单元门口的新二维码，或向网格员李网格（13800000001）索取。',
    );
    const fresh = ok(await t.call(RESIDENT, 'place', 'resolve', { code: rotated.code }));
    expect(fresh.building?.id).toBe(t.cloud.demo!.buildingId);

    // the poster prints the new code
    const pdf = await download(ok(await t.call(ADMIN, 'poster', 'poster', { placeId: t.cloud.demo!.buildingId })), 'building-rotated');
    expect(pdf.text).toContain(`楼栋码 ${rotated.code}`);
    expect(pdf.text).not.toContain(old);

    const audit = await rows<AuditEntryDoc>(getDb().collection(Collections.auditLog).where({ 'target.id': t.cloud.demo!.buildingId, action: 'code_rotate' }));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: { name: '王书记', role: 'admin' }, target: { collection: 'places', field: 'code' } });
    expect(audit[0].reason).toBe(`${old} → ${rotated.code}：二维码被覆盖`);
    t.cloud.demo!.buildingCode = rotated.code;
  });

  it('a second rotation from the same stale code is refused; the code changes once', async () => {
    const community = await place(t.cloud.demo!.communityId);
    const [a, b] = await Promise.all([
      t.call(ADMIN, 'poster', 'rotateCode', { placeId: community._id, code: community.code }),
      t.call(ADMIN, 'poster', 'rotateCode', { placeId: community._id, code: community.code }),
    ]);
    const winners = [a, b].filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ code: 'CODE_CHANGED' });
    const retired = await rows(getDb().collection(Collections.retiredCodes).where({ placeId: community._id }));
    expect(retired).toHaveLength(1);
    const replaced = await t.call(RESIDENT, 'place', 'resolve', { code: community.code });
    expect(!replaced.ok && replaced.message).toBe('该二维码已更换，不能再用于报备。请扫描张贴在祥云社区的公告栏和各小区门口的新二维码，或向社区居委会索取。');
  });

  it('refuses a compound, a worker and a resident, changing nothing', async () => {
    const building = await place(t.cloud.demo!.buildingId);
    const compound = await place(building.parentId!);
    expect(await t.call(ADMIN, 'poster', 'rotateCode', { placeId: compound._id, code: compound.code })).toMatchObject({ ok: false, code: 'CODE_NOT_ROTATABLE' });
    for (const who of [WORKER, RESIDENT]) {
      expect(await t.call(who, 'poster', 'rotateCode', { placeId: building._id, code: building.code })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect((await place(building._id)).code).toBe(building.code);
    expect((await place(compound._id)).code).toBe(compound.code);
  });
});

describe('mini-program codes (the WeChat path)', () => {
  it('are made once per code and read back from cloud storage after that', async () => {
    const made: string[] = [];
    const fake = async (code: string) => {
      made.push(code);
      return urlQrPng(code);
    };
    const ctx = { caller: { openid: ADMIN }, db: getDb(), now: new Date() };
    // as a function invocation by the admin (storage calls need the caller's context)
    const asAdmin = <T>(fn: () => Promise<T>) => runAsCaller(ADMIN, 'wx_local_cloud', fn);
    const first = await asAdmin(() => cachedWxacodes(ctx, ['AAAAAA', 'BBBBBB'], fake));
    expect(made).toEqual(['AAAAAA', 'BBBBBB']);
    const again = await asAdmin(() => cachedWxacodes(ctx, ['AAAAAA', 'BBBBBB', 'CCCCCC'], fake));
    expect(made).toEqual(['AAAAAA', 'BBBBBB', 'CCCCCC']);
    expect(again.get('AAAAAA')!.equals(first.get('AAAAAA')!)).toBe(true);
  });
});
