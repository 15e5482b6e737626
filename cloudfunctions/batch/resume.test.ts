/**
 * A large import survives its local cloud being killed mid-way: a list of 12,000 rows (24 chunks,
 * one per step) gets SIGKILL during its second step; a restarted local cloud picks the job up at its cursor
 * and ends with every person once — no row lost, none written twice.
 */
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import type { BatchView, ImportView } from '../../src/domain/batches';
import { csvOf } from '../../tests/support/batches';
import { loginAs, type HttpSession } from '../../tests/support/http';
import { idCard } from '../../tests/support/people';

const ROOT = resolve(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
    srv.on('error', fail);
  });
}

async function startCloud(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'localcloud/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, GRIDLINK_BATCH_STEP_MS: '1', GRIDLINK_DEMO: '1', GRIDLINK_DATA_DIR: dataDir, PORT: String(port), GRIDLINK_H5_DIR: join(dataDir, 'no-h5') },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('local cloud did not start');
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

const ROWS = 12_000;
const COMPOUNDS = ['祥云一区', '祥云二区', '锦园', '和平里', '翠竹园', '学府小区'];

/** 12,000 persons, every 100th listed twice (its duplicate comes right after it). */
function bigList(): { headers: string[]; rows: string[][]; persons: number } {
  const rows: string[][] = [];
  let persons = 0;
  for (let i = 0; rows.length < ROWS; i++) {
    const birth = `19${String(50 + (i % 40)).padStart(2, '0')}${String(1 + (Math.floor(i / 40) % 12)).padStart(2, '0')}${String(1 + (Math.floor(i / 480) % 28)).padStart(2, '0')}`;
    const row = [`居民${i}`, idCard(birth, Math.floor(i / 13440) + 100), `139${String(i).padStart(8, '0')}`, `${COMPOUNDS[i % COMPOUNDS.length]}${1 + (i % 4)}号楼1单元${101 + (i % 6)}`];
    rows.push(row);
    persons += 1;
    if (i % 100 === 0 && rows.length < ROWS) rows.push([...row]);
  }
  return { headers: ['姓名', '身份证号', '手机号', '居住地址'], rows, persons };
}

describe('a resumable import', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlink-batch-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('killed mid-way, continues after a restart and writes every row once', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let child = await startCloud(dataDir, port);
    let admin: HttpSession;
    const { headers, rows, persons } = bigList();
    let view: ImportView;
    try {
      admin = await loginAs(url, 'admin');
      const bytes = csvOf(headers, rows, 'utf8bom');
      const prepared = await admin.call('file', 'prepareUpload', { purpose: 'import', kind: 'csv', size: bytes.length });
      if (!prepared.ok) throw new Error(prepared.message);
      const put = await admin.upload(prepared.data.cloudPath, bytes);
      const fileId = (put.body as { data: { fileId: string } }).data.fileId;
      const up = await admin.call('batch', 'upload', { fileId, source: '市公安局', subject: '夜查名单', deadline: new Date(Date.now() + 86_400_000).toISOString() });
      if (!up.ok) throw new Error(up.message);
      expect(up.data).toMatchObject({ rowCount: ROWS, status: 'mapping' });
      const confirmed = await admin.call('batch', 'confirmMapping', { importId: up.data.importId, mapping: up.data.mapping });
      if (!confirmed.ok) throw new Error(confirmed.message);
      view = confirmed.data;

      // one step (one chunk: the local cloud runs with 1 ms steps), then the process dies under the next
      const first = await admin.call('batch', 'run', { importId: view.importId });
      expect(first).toMatchObject({ ok: true, data: { status: 'running', processed: 500 } });
      void admin.call('batch', 'run', { importId: view.importId }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 30));
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }

    child = await startCloud(dataDir, port);
    try {
      admin = await loginAs(url, 'admin');
      const before = await admin.call('batch', 'importStatus', { importId: view.importId });
      if (!before.ok) throw new Error(before.message);
      // really mid-way: part of the file is in, the job still running
      expect(before.data.status).toBe('running');
      expect(before.data.processed).toBeGreaterThan(0);
      expect(before.data.processed).toBeLessThan(ROWS);

      let v = before.data;
      let steps = 0;
      while (v.status === 'running') {
        const res = await admin.call('batch', 'run', { importId: v.importId });
        if (!res.ok) throw new Error(res.message);
        v = res.data;
        steps += 1;
      }
      expect(v).toMatchObject({ status: 'done', processed: ROWS });
      expect(steps).toBeGreaterThan(0);
      const batch = await admin.call('batch', 'batch', { batchId: v.batchId });
      if (!batch.ok) throw new Error(batch.message);
      const data: BatchView = batch.data;
      // every person once, whatever the kill left half done
      expect(data.total).toBe(persons);
      expect(data.counts.invalid).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 240_000);
});
