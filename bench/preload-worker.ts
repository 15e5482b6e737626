/**
 * Worker thread of preload.ts: builds the documents (hashing and encryption are most of the cost)
 * while the main thread writes the previous batch, and hands them over one batch per 'next'.
 *
 * Order of batches: households with their reports in creation order, then persons in the order
 * of their keyed hash (see preload.ts for why).
 */
import { parentPort, workerData } from 'worker_threads';
import { keyedHash } from '../cloudfunctions/common/crypto';
import type { HouseholdDoc, PersonDoc, ReportDoc } from '../src/domain/household';
import { documentNamespace, Layout, preloadIdNumber, type LayoutSpec } from './lib/preload-docs';

export interface WorkerInput {
  layout: LayoutSpec;
  /** persons per batch (households: a third of it) */
  batch: number;
}

export type WorkerBatch =
  | { kind: 'households'; households: HouseholdDoc[]; reports: ReportDoc[] }
  | { kind: 'persons'; persons: PersonDoc[] }
  | { kind: 'done' };

function* batches(input: WorkerInput): Generator<WorkerBatch> {
  const layout = new Layout(input.layout);
  const count = input.layout.target - input.layout.firstPerson;
  const hashes = new Array<string>(count);
  for (let i = 0; i < count; i++) hashes[i] = keyedHash(documentNamespace, preloadIdNumber(layout.firstPerson + i));
  const hashOf = (n: number) => hashes[n - layout.firstPerson];

  const perBatch = Math.max(1, Math.round(input.batch / 3));
  for (let h = layout.firstHousehold; h < layout.endHousehold; h += perBatch) {
    const households: HouseholdDoc[] = [];
    const reports: ReportDoc[] = [];
    for (let x = h; x < Math.min(h + perBatch, layout.endHousehold); x++) {
      const { household, report } = layout.householdAndReport(x, hashOf);
      households.push(household);
      reports.push(report);
    }
    yield { kind: 'households', households, reports };
  }

  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => (hashes[a] < hashes[b] ? -1 : hashes[a] > hashes[b] ? 1 : 0));
  for (let i = 0; i < count; i += input.batch) {
    yield { kind: 'persons', persons: order.slice(i, i + input.batch).map((j) => layout.person(layout.firstPerson + j, hashes[j])) };
  }
}

const port = parentPort;
if (port) {
  const it = batches(workerData as WorkerInput);
  port.on('message', () => {
    const next = it.next();
    port.postMessage(next.done ? { kind: 'done' } : next.value);
  });
}
