/** Queue item details in tests: the detail of the kind the test expects, or a clear failure. */
import type { QueueItemDetail, QueueItemDetailOf } from '../../src/domain/contracts';
import type { QueueKind } from '../../src/domain/queue';

export function detailOf<K extends QueueKind>(detail: QueueItemDetail, kind: K): QueueItemDetailOf<K> {
  if (detail.kind !== kind) throw new Error(`expected a ${kind} item, got ${detail.kind}`);
  return detail as QueueItemDetailOf<K>;
}
