/**
 * The desk console's upload on CloudBase: begin → chunks → finish through the `file` function's
 * HTTP access path (integration requests with the desk session's token, no platform caller), the
 * file stored with the SDK's uploadFile and then imported by `batch.upload` as any upload is.
 */
import { createHash, randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { runAsCaller } from '../../localcloud/identity';
import { PERSONAS } from '../../localcloud/personas';
import { main as batchMain } from '../batch/index';
import { main as deskMain } from '../desk/index';
import { main as fileMain } from './index';
import { Collections } from '../common/collections';
import { getDb } from '../common/cloud';
import { setClock } from '../common/clock';
import { rows } from '../common/db';
import { sweepUploadSessions } from '../scheduler/uploadSessions';
import { UPLOAD_CHUNK_BYTES, UPLOAD_SESSION_MS, type FileDoc } from '../../src/domain/files';
import { idCard } from '../../tests/support/people';
import { xlsxOf } from '../../tests/support/batches';
import { startTestCloud, type TestCloud } from '../../tests/support/testCloud';
import type { HttpResponse } from '../common/httpAccess';
import type { Main } from '../common/handler';

let t: TestCloud;
const SECRET = randomBytes(32).toString('base64');
const ADMIN = PERSONAS.admin.openid;
const WORKER = PERSONAS.worker.openid;
let adminToken: string;
let workerToken: string;
let XLSX: Buffer;
const PNG = readFileSync(join(__dirname, '../../src/assets/tab/report.png'));

type Body = { ok: boolean; code?: string; message?: string; data?: Record<string, unknown> };

async function viaHttp(main: Main, path: string, body: unknown, token?: string): Promise<{ status: number; body: Body }> {
  const event = {
    path,
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    queryStringParameters: {},
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
  const res = (await runAsCaller(null, 'wx_test', () => main(event))) as unknown as HttpResponse;
  return { status: res.statusCode, body: JSON.parse(res.body) as Body };
}

const file = (action: string, payload: unknown, token = adminToken) => viaHttp(fileMain, '/api/functions/file', { action, payload }, token);

async function signIn(openid: string): Promise<string> {
  const ticket = await viaHttp(deskMain, '/api/desk/ticket', {});
  const { ticketId, pollSecret } = ticket.body.data as { ticketId: string; pollSecret: string };
  const confirmed = await t.call(openid, 'desk', 'confirm', { ticketId });
  if (!confirmed.ok) throw new Error(confirmed.message);
  const polled = await viaHttp(deskMain, '/api/desk/poll', { ticketId, pollSecret });
  return (polled.body.data as { token: string }).token;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const chunkOf = (b: Buffer, i: number) => b.subarray(i * UPLOAD_CHUNK_BYTES, (i + 1) * UPLOAD_CHUNK_BYTES).toString('base64');

async function begin(bytes: Buffer, over: Partial<{ name: string; size: number; sha256: string }> = {}, token = adminToken) {
  const res = await file('beginUpload', { purpose: 'import', name: '机场专项名单.xlsx', size: bytes.length, sha256: sha(bytes), ...over }, token);
  if (!res.body.ok) throw new Error(`${res.body.code} ${res.body.message}`);
  return res.body.data as { uploadId: string; chunks: number; chunkBytes: number };
}

async function send(uploadId: string, bytes: Buffer, indexes: number[], token = adminToken) {
  for (const index of indexes) {
    const res = await file('uploadChunk', { uploadId, index, data: chunkOf(bytes, index) }, token);
    expect(res.body).toMatchObject({ ok: true });
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const pendingFiles = async () => (await rows<FileDoc>(getDb().collection(Collections.files).where({ ownerOpenid: ADMIN, status: 'pending' }).limit(1000))).length;

beforeAll(async () => {
  t = await startTestCloud();
  process.env.GRIDLINK_SESSION_SECRET = SECRET;
  adminToken = await signIn(ADMIN);
  workerToken = await signIn(WORKER);
  // a list big enough for several chunks: random notes keep it from compressing to one
  const people = range(900).map((i) => [
    String(i + 1),
    `张${'一二三四五六七八九'[i % 9]}`,
    idCard('19800101', 100 + i),
    `138${String(10000000 + i).slice(-8)}`,
    '祥云一区3号楼2单元301',
    randomBytes(24).toString('hex'),
  ]);
  XLSX = await xlsxOf(['序号', '姓名', '身份证号码', '联系电话', '现住址', '备注'], people);
});
afterAll(async () => {
  setClock({ at: null });
  delete process.env.GRIDLINK_SESSION_SECRET;
  await t.stop();
});

describe('the desk’s chunked upload through the HTTP access path', () => {
  it('uploads an xlsx in chunks (one retried), answers an upload’s file id, and batch.upload imports it', async () => {
    const { uploadId, chunks, chunkBytes } = await begin(XLSX);
    expect(chunkBytes).toBe(UPLOAD_CHUNK_BYTES);
    expect(chunks).toBe(Math.ceil(XLSX.length / UPLOAD_CHUNK_BYTES));
    expect(chunks).toBeGreaterThanOrEqual(3);
    // every chunk's request body is within CloudBase's 100 KB text limit
    expect(JSON.stringify({ action: 'uploadChunk', payload: { uploadId, index: 0, data: chunkOf(XLSX, 0) } }).length).toBeLessThan(64 * 1024);
    // out of order, chunk 1 sent twice (a retry after a lost answer)
    await send(uploadId, XLSX, [...range(chunks).reverse(), 1]);
    const done = await file('finishUpload', { uploadId });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ ok: true, data: { kind: 'xlsx', size: XLSX.length } });
    const fileId = done.body.data!.fileId as string;
    expect(fileId).toMatch(/^cloud:\/\/[^/]+\/uploads\/import\/[0-9a-f]{24}\/\d{8}\/[0-9a-f]{32}\.xlsx$/);
    // the same answer as `check` gives an upload from the mini-program
    expect((await file('check', { fileId })).body).toEqual({ ok: true, data: { fileId, kind: 'xlsx', size: XLSX.length } });
    // a retried finish answers the same file
    expect((await file('finishUpload', { uploadId })).body).toEqual(done.body);
    // the chunks are gone once the file is stored
    expect(await rows(getDb().collection(Collections.uploadChunks).where({ uploadId }))).toHaveLength(0);

    const imported = await viaHttp(
      batchMain,
      '/api/functions/batch',
      { action: 'upload', payload: { fileId, source: '区指挥部', subject: '机场专项', deadline: new Date(Date.now() + 86_400_000).toISOString() } },
      adminToken,
    );
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ ok: true, data: { rowCount: 900, duplicateFile: false, headers: expect.arrayContaining(['姓名', '身份证号码']) } });
  });

  it('a retried chunk replaces itself: a damaged chunk sent again correctly gives the right file', async () => {
    const { uploadId, chunks } = await begin(XLSX);
    const damaged = Buffer.from(XLSX.subarray(0, UPLOAD_CHUNK_BYTES));
    damaged[100] ^= 0xff;
    expect((await file('uploadChunk', { uploadId, index: 0, data: damaged.toString('base64') })).body.ok).toBe(true);
    await send(uploadId, XLSX, range(chunks));
    expect((await file('finishUpload', { uploadId })).body).toMatchObject({ ok: true, data: { size: XLSX.length } });
  });

  it('refuses a file whose bytes do not match the hash declared at the start, and stores nothing', async () => {
    const other = Buffer.from(XLSX);
    other[other.length - 1] ^= 0x01;
    const { uploadId, chunks } = await begin(XLSX, { sha256: sha(other) });
    await send(uploadId, XLSX, range(chunks));
    const before = await pendingFiles();
    const res = await file('finishUpload', { uploadId });
    expect(res.body).toMatchObject({ ok: false, code: 'UPLOAD_CORRUPT', message: '文件校验值不符，请重新上传' });
    expect(await pendingFiles()).toBe(before); // still pending: nothing was written to storage or checked
  });

  it('refuses a chunk of the wrong length (the declared size is not the file’s), and cannot finish without it', async () => {
    const { uploadId, chunks } = await begin(XLSX, { size: XLSX.length - 10 });
    await send(uploadId, XLSX, range(chunks - 1));
    const last = await file('uploadChunk', { uploadId, index: chunks - 1, data: chunkOf(XLSX, chunks - 1) });
    expect(last.body).toMatchObject({ ok: false, code: 'UPLOAD_CORRUPT' });
    expect((await file('finishUpload', { uploadId })).body).toMatchObject({ ok: false, code: 'UPLOAD_INCOMPLETE' });
  });

  it('cannot finish with a chunk missing, and refuses a chunk past the end', async () => {
    const { uploadId, chunks } = await begin(XLSX);
    await send(uploadId, XLSX, range(chunks).filter((i) => i !== 1));
    expect((await file('finishUpload', { uploadId })).body).toMatchObject({ ok: false, code: 'UPLOAD_INCOMPLETE', message: '文件还差第 2 段没有传到，请重试' });
    expect((await file('uploadChunk', { uploadId, index: chunks, data: chunkOf(XLSX, 0) })).body).toMatchObject({ ok: false, code: 'UPLOAD_CORRUPT' });
    await send(uploadId, XLSX, [1]);
    expect((await file('finishUpload', { uploadId })).body.ok).toBe(true);
  });

  it('belongs to the staff member who began it: another can neither add to it nor finish it', async () => {
    const { uploadId, chunks } = await begin(XLSX);
    await send(uploadId, XLSX, range(chunks));
    const added = await file('uploadChunk', { uploadId, index: 0, data: chunkOf(XLSX, 1).slice(0, chunkOf(XLSX, 0).length) }, workerToken);
    expect(added.body).toMatchObject({ ok: false, code: 'UPLOAD_NOT_FOUND' });
    expect((await file('finishUpload', { uploadId }, workerToken)).body).toMatchObject({ ok: false, code: 'UPLOAD_NOT_FOUND' });
    // without a session nothing runs
    expect((await file('finishUpload', { uploadId }, 'nonsense')).status).toBe(401);
    // the owner's upload is untouched
    expect((await file('finishUpload', { uploadId })).body).toMatchObject({ ok: true, data: { size: XLSX.length } });
  });

  it('refuses a file too large for its purpose at the start, and a chunk too large for one call', async () => {
    const big = await file('beginUpload', { purpose: 'import', name: '大名单.xlsx', size: 21 * 1024 * 1024, sha256: sha(XLSX) });
    expect(big.body).toMatchObject({ ok: false, code: 'FILE_TOO_LARGE' });
    const { uploadId } = await begin(XLSX);
    const tooLong = await file('uploadChunk', { uploadId, index: 0, data: XLSX.subarray(0, UPLOAD_CHUNK_BYTES + 3).toString('base64') });
    expect(tooLong.body).toMatchObject({ ok: false });
  });

  it('refuses a file that is not what its name says (a PNG called .xlsx), and one whose name is no allowed kind', async () => {
    const { uploadId, chunks } = await begin(PNG, { name: '名单.xlsx' });
    await send(uploadId, PNG, range(chunks));
    expect((await file('finishUpload', { uploadId })).body).toMatchObject({ ok: false, code: 'FILE_TYPE_NOT_ALLOWED' });
    const png = await file('beginUpload', { purpose: 'import', name: '名单.png', size: PNG.length, sha256: sha(PNG) });
    expect(png.body).toMatchObject({ ok: false, code: 'FILE_TYPE_NOT_ALLOWED' });
  });

  it('an unfinished upload expires, and the scheduler removes it with its chunks', async () => {
    const { uploadId } = await begin(XLSX);
    await send(uploadId, XLSX, [0]);
    const later = new Date(Date.now() + UPLOAD_SESSION_MS + 60_000);
    setClock({ at: later });
    try {
      const res = await t.call(ADMIN, 'file', 'uploadChunk', { uploadId, index: 1, data: chunkOf(XLSX, 1) });
      expect(res).toMatchObject({ ok: false, code: 'UPLOAD_NOT_FOUND' });
      expect(await sweepUploadSessions(getDb(), later)).toBeGreaterThanOrEqual(1);
      expect(await rows(getDb().collection(Collections.uploadChunks).where({ uploadId }))).toHaveLength(0);
      expect(await rows(getDb().collection(Collections.uploadSessions).where({ _id: uploadId }))).toHaveLength(0);
    } finally {
      setClock({ at: null });
    }
  });
});
