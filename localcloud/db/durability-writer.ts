/**
 * Child process of durability.test.ts: adds documents through the real SDK, one at a time, and
 * prints `ack <_id>` once each `add()` has resolved, until it is killed.
 * Usage: node --import tsx localcloud/db/durability-writer.ts <sqlite file>
 */
import { addOne, openHarness } from './harness';

async function main(file: string): Promise<void> {
  const { db } = openHarness({ file });
  for (let seq = 0; ; seq++) {
    const id = await addOne(db.collection('reports'), { householdId: 'h-durable', seq, createdAt: new Date() });
    process.stdout.write(`ack ${id}\n`);
  }
}

const file = process.argv[2];
if (!file) throw new Error('usage: durability-writer.ts <sqlite file>');
void main(file);
