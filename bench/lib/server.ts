/**
 * The local cloud as a child process (`node <LOCAL_CLOUD_NODE_FLAGS> --import tsx localcloud/main.ts`, the `npm start`
 * entry) on a temp data dir and a free port on 127.0.0.1, and a small client for its HTTP API.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { LOCAL_CLOUD_NODE_FLAGS } from '../../localcloud/nodeFlags';
import type { DemoInfo } from '../../localcloud/seed';
import { procCpuMs, procMemory } from './child';
import { freePort, ROOT, sleep, spawnTs, stopChild, type TsChild } from './proc';

export interface RunningServer {
  url: string;
  child: TsChild;
  demo: DemoInfo;
  /** resident memory of the server's node process */
  memory(): { rss: number; peak: number };
  /** CPU time (user + system) the server's node process has used, ms */
  cpuMs(): number;
  /**
   * Wait until the server has finished the requests a load left in flight (autocannon stops
   * waiting for them at the end of its duration): until it uses under 5% of a core over 500 ms.
   */
  waitIdle(maxMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(dataDir: string, opts: { cpuProfileDir?: string } = {}): Promise<RunningServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnTs('localcloud/main.ts', [], {
    output: 'capture',
    nodeFlags: [...LOCAL_CLOUD_NODE_FLAGS, ...(opts.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfileDir}`] : [])],
    env: { PORT: String(port), HOST: '127.0.0.1', GRIDLINK_DATA_DIR: dataDir, GRIDLINK_H5_DIR: join(ROOT, 'dist-h5'), GRIDLINK_DEMO: '1' },
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) {
      throw new Error(`the local cloud exited during start-up:\n${child.tail()}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopChild(child);
      throw new Error(`the local cloud did not answer /api/health within 60 s:\n${child.tail()}`);
    }
    await sleep(200);
  }
  const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as DemoInfo;
  const cpuMs = (): number => {
    const ms = procCpuMs(child.pid);
    if (ms === null) throw new Error(`cannot read /proc/${child.pid}/stat`);
    return ms;
  };
  return {
    url,
    child,
    demo,
    memory() {
      const m = procMemory(child.pid);
      if (!m) throw new Error(`cannot read /proc/${child.pid}/status`);
      return m;
    },
    cpuMs,
    async waitIdle(maxMs = 120_000) {
      const deadline = Date.now() + maxMs;
      let before = cpuMs();
      while (Date.now() < deadline) {
        await sleep(500);
        const now = cpuMs();
        if (now - before < 25) return;
        before = now;
      }
      console.log(`  (the local cloud was still busy ${Math.round(maxMs / 1000)} s after the load)`);
    },
    async stop() {
      const code = await stopChild(child);
      if (code !== 0) console.log(`  (local cloud exited with ${code})`);
    },
  };
}

type Envelope<T> = { ok: true; data: T } | { ok: false; code: string; message?: string };

async function post<T>(url: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const envelope = (await res.json()) as Envelope<T>;
  if (!envelope.ok) throw new Error(`${url}: ${envelope.code} ${envelope.message ?? ''}`);
  return envelope.data;
}

export async function login(server: RunningServer, persona: 'resident' | 'resident2' | 'worker' | 'admin'): Promise<string> {
  return (await post<{ token: string }>(`${server.url}/api/login`, { persona })).token;
}

export function callFunction<T>(server: RunningServer, token: string, name: string, action: string, payload: unknown): Promise<T> {
  return post<T>(`${server.url}/api/functions/${name}`, { action, payload }, token);
}
