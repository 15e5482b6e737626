/**
 * The ledger export benchmark (issue 14), in-process through the real wx-server-sdk, the real
 * `ledger` function and the local cloud's store (so this process's RSS is the local cloud's):
 *
 * 1. 一人一档 of `--persons` (default 100,000) preloaded persons (bench/preload.ts: the demo
 *    community, 3 persons per household, real protect() values), exported by the community admin
 *    with the default profile, masked: `ledger.start` then `ledger.step` until done. Wall time and
 *    RSS growth over the run (sampled every 100 ms, after a GC before it), rows and file size.
 * 2. The day's changes of a community of `--community` (default 12,500) persons: a first full
 *    export (the base), then 250 persons put under health monitoring through `staff.startIsolation`,
 *    then `onlyChanges` — timed; it must find exactly those 250 rows, marked 变更. (It reads only the
 *    persons, households and isolations written since the base, by the placePath + updatedAt indexes.)
 *
 *   npx tsx bench/ledger.ts [--persons 100000] [--community 12500] [--out result.json]
 *
 * Each part runs in a child process of its own (one local cloud per process: its identity context
 * owns `process.env`). Data lives in temp dirs removed at the end.
 */
import { availableParallelism, loadavg } from 'os';
import { performance } from 'perf_hooks';
import { Collections } from '../cloudfunctions/common/collections';
import { getDb } from '../cloudfunctions/common/cloud';
import { rows } from '../cloudfunctions/common/db';
import type { ExportJobView } from '../src/domain/contracts';
import type { PersonDoc } from '../src/domain/household';
import { DEFAULT_PERSON_PROFILE } from '../src/domain/ledger';
import { shanghaiDateString } from '../src/domain/time';
import { PERSONAS } from '../localcloud/personas';
import { startLocalCloud, type LocalCloud } from '../localcloud/server';
import { numberArg, parseArgs, procMemory, runMain, writeResult } from './lib/child';
import { Figures, figureTable, type Figure } from './lib/figures';
import { readFileSync } from 'fs';
import { join } from 'path';
import { LOCAL_CLOUD_NODE_FLAGS } from '../localcloud/nodeFlags';
import { cleanupSync, makeTempDir, removeTempDir, runTs } from './lib/proc';
import { fixed, int, mb } from './lib/stats';

const ADMIN = PERSONAS.admin.openid;
const gc = (globalThis as { gc?: () => void }).gc;

async function preloaded(persons: number): Promise<{ dir: string; cloud: LocalCloud; seconds: number }> {
  const dir = makeTempDir('gridlink-ledger-bench-');
  const t0 = performance.now();
  await runTs('bench/preload.ts', ['--data', dir, '--persons', String(persons)], 20 * 60_000, { output: 'capture' });
  const seconds = (performance.now() - t0) / 1000;
  const cloud = await startLocalCloud({ dataDir: dir, port: 0, timers: false });
  return { dir, cloud, seconds };
}

async function call<T>(cloud: LocalCloud, openid: string, name: string, action: string, payload: unknown): Promise<T> {
  const res = await cloud.invoke(name, { action, payload }, openid);
  if (!res.ok) throw new Error(`${name}.${action}: ${res.code} ${res.message}`);
  return res.data as T;
}

/** An export to its end; RSS sampled meanwhile. */
async function runExport(cloud: LocalCloud, payload: Record<string, unknown>) {
  gc?.();
  const before = procMemory('self')!.rss;
  let peak = before;
  let atPeak = process.memoryUsage();
  const sampler = setInterval(() => {
    const rss = procMemory('self')?.rss ?? 0;
    if (rss > peak) {
      peak = rss;
      atPeak = process.memoryUsage();
    }
  }, 100);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let calls = 1;
  let view = await call<ExportJobView>(cloud, ADMIN, 'ledger', 'start', payload);
  while (view.status === 'running') {
    view = await call<ExportJobView>(cloud, ADMIN, 'ledger', 'step', { jobId: view.jobId });
    calls++;
  }
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  // CPU time of this process (the local cloud and the export): what the run costs whatever else the machine does
  const cpuSeconds = (used.user + used.system) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, procMemory('self')!.rss);
  return { view, seconds, cpuSeconds, calls, rssGrowth: peak - before, atPeak };
}

const person = { layout: 'person', profileId: DEFAULT_PERSON_PROFILE.id };

async function partL1(figures: Figures, persons: number): Promise<void> {
  {
    console.log(`  preloading ${int(persons)} persons …`);
    const { dir, cloud, seconds } = await preloaded(persons);
    try {
      figures.figure('L1', `preload ${int(persons)} persons (insertMany)`, `${fixed(seconds, 1)} s`);
      const r = await runExport(cloud, person);
      figures.goal('L1', `一人一档 of ${int(persons)} persons, masked (${r.calls} calls)`, `${fixed(r.seconds, 1)} s`, '≤ 30 s', r.seconds <= 30);
      figures.figure('L1', '  its CPU time (user + system, this process)', `${fixed(r.cpuSeconds, 1)} s`);
      const m = r.atPeak;
      figures.figure('L1', '  at the RSS peak: V8 heap used / total, external, array buffers', `${mb(m.heapUsed)} / ${mb(m.heapTotal)}, ${mb(m.external)}, ${mb(m.arrayBuffers)}`);
      figures.goal('L1', 'local cloud RSS growth during it', mb(r.rssGrowth), '≤ 150 MB', r.rssGrowth <= 150 * 1024 * 1024);
      figures.check('L1', 'rows in the file', int(r.view.rows), int(persons), r.view.rows === persons);
      figures.figure('L1', 'file size', mb(r.view.file?.size ?? 0));
    } finally {
      await cloud.close();
      removeTempDir(dir);
    }
  }

}

async function partL2(figures: Figures, community: number): Promise<void> {
  {
    console.log(`  preloading ${int(community)} persons …`);
    const { dir, cloud } = await preloaded(community);
    try {
      const demo = cloud.demo!;
      const plan = cloud.store.explain(Collections.persons, { placePath: demo.communityId, _id: { $gt: 'p_' } }, { _id: 1 });
      figures.figure('L2', 'plan of a page of persons under the community', `${plan.index}${plan.pushdown ? ', paged in SQL' : ''}${plan.exact ? ', exact' : ''}`);
      const since = cloud.store.explain(Collections.persons, { placePath: demo.communityId, updatedAt: { $gt: new Date() } }, { _id: 1 });
      figures.figure('L2', 'plan of the changed-since read (persons written since the base)', `${since.index}${since.exact ? ', exact' : ''}`);
      const base = await runExport(cloud, person);
      figures.figure('L2', `first export of ${int(community)} persons (the base)`, `${fixed(base.seconds, 2)} s (CPU ${fixed(base.cpuSeconds, 2)} s)`);
      const changed = await rows<PersonDoc>(getDb().collection(Collections.persons).where({ status: 'normal' }).limit(250));
      const today = shanghaiDateString(new Date());
      for (const p of changed) {
        await call(cloud, ADMIN, 'staff', 'startIsolation', { personId: p._id, kind: 'health_monitoring', startDate: today, plannedDays: 14, reason: '健康监测' });
      }
      const r = await runExport(cloud, { ...person, onlyChanges: true });
      figures.goal('L2', `the day's changes of ${int(community)} persons (${changed.length} changed)`, `${fixed(r.seconds, 2)} s`, '≤ 3 s', r.seconds <= 3);
      figures.figure('L2', '  its CPU time (user + system, this process)', `${fixed(r.cpuSeconds, 2)} s`);
      figures.check('L2', 'rows marked 变更', int(r.view.counts.changed), int(changed.length), r.view.counts.changed === changed.length && r.view.rows === changed.length);
    } finally {
      await cloud.close();
      removeTempDir(dir);
    }
  }

}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const persons = numberArg(args, 'persons', 100_000);
  const community = numberArg(args, 'community', 12_500);
  const part = args.get('part');
  const out = args.get('out');
  if (part) {
    const figures = new Figures();
    if (part === 'L1') await partL1(figures, persons);
    else await partL2(figures, community);
    if (out) writeResult(out, figures.rows);
    return;
  }
  console.log(`ledger bench: ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const tmp = makeTempDir('gridlink-ledger-results-');
  const rowsOut: Figure[] = [];
  try {
    for (const p of ['L2', 'L1']) {
      const file = join(tmp, `${p}.json`);
      await runTs('bench/ledger.ts', ['--part', p, '--persons', String(persons), '--community', String(community), '--out', file], 30 * 60_000, {
        output: 'inherit',
        nodeFlags: ['--expose-gc', ...LOCAL_CLOUD_NODE_FLAGS],
      });
      rowsOut.push(...(JSON.parse(readFileSync(file, 'utf8')) as Figure[]));
    }
  } finally {
    removeTempDir(tmp);
  }
  console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(figureTable(rowsOut));
  if (out) writeResult(out, rowsOut);
}

process.on('exit', cleanupSync);
runMain(main);
