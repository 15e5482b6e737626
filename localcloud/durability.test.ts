/**
 * No acknowledged write is lost: a local cloud process answers N submissions over HTTP, is killed
 * with SIGKILL right after the last answer, and a restarted local cloud shows all N reports.
 */
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { householdReport } from '../tests/support/people';

const ROOT = resolve(__dirname, '..');

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
  // node itself with tsx's loader, not the tsx CLI: the CLI runs the server in a grandchild, which a
  // SIGKILL of the CLI would leave running (and answering on the port)
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'localcloud/main.ts')], {
    cwd: ROOT,
    // demo mode: the test logs in as a persona
    env: { ...process.env, GRIDLINK_DEMO: '1', GRIDLINK_DATA_DIR: dataDir, PORT: String(port), GRIDLINK_H5_DIR: join(dataDir, 'no-h5') },
    stdio: 'ignore',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return child;
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

async function call(port: number, token: string, name: string, body: unknown): Promise<{ ok: boolean; data?: unknown; message?: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/functions/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { ok: boolean; data?: unknown; message?: string };
}

async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/login`, { method: 'POST', body: JSON.stringify({ persona: 'resident' }) });
  return ((await res.json()) as { data: { token: string } }).data.token;
}

describe('durability of the local cloud', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlink-kill-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('shows all N acknowledged submissions after kill -9 and a restart', async () => {
    const port = await freePort();
    let child = await startCloud(dataDir, port);
    const demo = (await import(join(dataDir, 'demo.json'))) as { buildingId: string };
    const token = await login(port);
    const N = 25;
    const acknowledged: string[] = [];
    for (let i = 0; i < N; i++) {
      const res = await call(port, token, 'report', {
        action: 'submit',
        payload: householdReport(demo.buildingId, { note: `第${i + 1}次` }),
      });
      if (!res.ok) throw new Error(res.message);
      acknowledged.push((res.data as { reportId: string }).reportId);
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // the process that acknowledged the writes is really gone: nothing answers on its port
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();

    child = await startCloud(dataDir, port);
    try {
      const token2 = await login(port);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (await call(port, token2, 'report', { action: 'myReports', payload: { cursor } })) as {
          ok: boolean;
          data: { items: Array<{ reportId: string }>; nextCursor: string | null };
        };
        seen.push(...page.data.items.map((r) => r.reportId));
        cursor = page.data.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual([...acknowledged].sort());
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
