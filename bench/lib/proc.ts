/**
 * Child processes and temp dirs of the benchmark, and their cleanup.
 *
 * TypeScript children run as `node --import tsx <script>` (not `npx tsx`, which would put an npm
 * and a tsx wrapper process in between): the pid we hold is the node process doing the work, so
 * its /proc/<pid>/status is the memory we mean to measure. Every child and temp dir is registered
 * and removed by `cleanupSync()`, which the orchestrator runs on normal exit, on failure, on
 * SIGINT/SIGTERM and from its watchdog.
 */
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

export const ROOT = resolve(__dirname, '..', '..');

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Kill every child still running (SIGKILL: this is the last resort) and remove the temp dirs. */
export function cleanupSync(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

export interface TsChild {
  proc: ChildProcess;
  pid: number;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  /** last lines of output, for error messages (when output is captured) */
  tail(): string;
  /** lines of output matching /error|failed/i (when output is captured) */
  errorLines(): number;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** node flags before the script, e.g. --cpu-prof */
  nodeFlags?: string[];
  /** 'inherit' shows the child's output; 'capture' keeps the last lines in memory */
  output: 'inherit' | 'capture';
}

/** Start `node --import tsx <script> …args` in the project root. */
export function spawnTs(script: string, args: string[], opts: SpawnOptions): TsChild {
  const proc = spawn(process.execPath, [...(opts.nodeFlags ?? []), '--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: opts.output === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`could not start ${script}`);
  children.add(proc);
  const lines: string[] = [];
  let errors = 0;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      if (/error|failed/i.test(line)) errors++;
      lines.push(line);
      if (lines.length > 60) lines.shift();
    }
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  const exited = new Promise<number | null>((ok) => {
    proc.once('exit', (code) => {
      children.delete(proc);
      ok(code);
    });
  });
  return { proc, pid: proc.pid, exited, tail: () => lines.join('\n'), errorLines: () => errors };
}

/** Run a child script to completion; throws with its output tail when it fails or overruns. */
export async function runTs(script: string, args: string[], timeoutMs: number, opts: SpawnOptions = { output: 'inherit' }): Promise<void> {
  const child = spawnTs(script, args, opts);
  const timer = setTimeout(() => {
    console.error(`  ${script} ran longer than ${Math.round(timeoutMs / 1000)} s: killing it`);
    child.proc.kill('SIGKILL');
  }, timeoutMs);
  const code = await child.exited.finally(() => clearTimeout(timer));
  if (code !== 0) throw new Error(`${script} failed (exit ${code})${opts.output === 'capture' ? `:\n${child.tail()}` : ''}`);
}

/** Stop a child with SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: TsChild, graceMs = 10_000): Promise<number | null> {
  if (child.proc.exitCode !== null || child.proc.signalCode !== null) return child.proc.exitCode;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  return child.exited.finally(() => clearTimeout(timer));
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));
