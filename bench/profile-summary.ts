/**
 * Summarise a V8 `.cpuprofile` (from `node --cpu-prof`, e.g. `npm run bench -- --profile`): the
 * functions with the most self time, and the project functions with the most total (inclusive)
 * time, so a bottleneck can be named without opening DevTools.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 25]
 */
import { readFileSync } from 'fs';
import { relative } from 'path';
import { numberArg, parseArgs } from './lib/child';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  selfMs: number;
  selfPct: number;
}

function label(frame: CallFrame): string {
  const file = frame.url.replace(/^file:\/\//, '');
  const where = file ? `${file.includes('/node_modules/') ? file.slice(file.lastIndexOf('/node_modules/') + 14) : relative(process.cwd(), file)}:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

/** Self time per function (same name and location merged), and inclusive time of project frames. */
export function summarise(profile: CpuProfile, top: number): { totalMs: number; self: ProfileLine[]; inclusive: ProfileLine[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let totalUs = 0;
  for (const us of selfUs.values()) totalUs += us;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    self.set(label(node.callFrame), (self.get(label(node.callFrame)) ?? 0) + us);
    // Inclusive: credit every distinct project frame on the stack once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!.callFrame;
      if (!frame.url || frame.url.includes('/node_modules/') || frame.url.startsWith('node:')) continue;
      const name = label(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const lines = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, selfPct: (100 * us) / totalUs }));
  return { totalMs: totalUs / 1000, self: lines(self), inclusive: lines(inclusive) };
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const file = process.argv.slice(2).find((a) => a.endsWith('.cpuprofile'));
  if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [--top 25]');
  const top = numberArg(args, 'top', 25);
  const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
  console.log(`profile: ${file}  (${(s.totalMs / 1000).toFixed(1)} s sampled)\n\nself time:`);
  for (const l of s.self) console.log(`  ${l.selfPct.toFixed(1).padStart(5)}%  ${l.selfMs.toFixed(0).padStart(7)} ms  ${l.name}`);
  console.log('\ninclusive time of project functions:');
  for (const l of s.inclusive) console.log(`  ${l.selfPct.toFixed(1).padStart(5)}%  ${l.selfMs.toFixed(0).padStart(7)} ms  ${l.name}`);
}

if (require.main === module) main();
