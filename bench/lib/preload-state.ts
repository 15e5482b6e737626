/**
 * What the preload step has written to a data dir, kept beside the database in
 * `bench-preload.json` so a later run can extend it (100k → 1M) and the other steps know which
 * persons and households exist (they are numbered: see people.ts and preload.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

export interface PreloadState {
  /** preloaded persons are numbers 0 … persons-1 (ID numbers from `idNumber(PRELOAD_PROVINCE, n, ADULTS)`) */
  persons: number;
  /** preloaded households are `householdId(0)` … `householdId(households-1)`, one report each */
  households: number;
  /** filing time of household 0 (ms); household h filed `h × FILING_STEP_MS` later */
  epochMs: number;
}

export const PRELOAD_STATE_FILE = 'bench-preload.json';

/** Time between two preloaded households' filings: 1M persons span about 40 days. */
export const FILING_STEP_MS = 10_000;

/** Zero-padded, so ids sort in creation order and inserts append to the indexes. */
export function householdId(h: number): string {
  return `h_bench_${String(h).padStart(7, '0')}`;
}

export function reportId(h: number): string {
  return `r_bench_${String(h).padStart(7, '0')}`;
}

export function readPreloadState(dataDir: string): PreloadState | null {
  const file = join(dataDir, PRELOAD_STATE_FILE);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as PreloadState;
}

export function writePreloadState(dataDir: string, state: PreloadState): void {
  writeFileSync(join(dataDir, PRELOAD_STATE_FILE), JSON.stringify(state, null, 2));
}
