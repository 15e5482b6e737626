/**
 * Every write acknowledged to the SDK survives `kill -9` of the process that made it.
 */
import { spawn } from 'child_process';
import { rmSync } from 'fs';
import { join, resolve } from 'path';
import { TEST_COLLECTIONS, tempDir } from './harness';
import { DocumentStore } from './store';

const ACKS_BEFORE_KILL = 300;

test('acknowledged writes are on disk after kill -9', async () => {
  const dir = tempDir();
  const file = join(dir, 'durable.sqlite');
  const writer = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'durability-writer.ts'), file], {
    cwd: resolve(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked: string[] = [];
  const exited = new Promise<NodeJS.Signals | null>((done) => writer.on('exit', (_code, signal) => done(signal)));
  let buffered = '';
  writer.stdout.setEncoding('utf8');
  writer.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
    // Kill mid-stream: the writer is busy adding the next document.
    if (acked.length >= ACKS_BEFORE_KILL && !writer.killed) writer.kill('SIGKILL');
  });
  expect(await exited).toBe('SIGKILL');

  const store = new DocumentStore({ file, collections: TEST_COLLECTIONS });
  try {
    const stored = store.find('reports', { householdId: 'h-durable' });
    const storedIds = new Set(stored.map((d) => d._id));
    expect(acked.length).toBeGreaterThanOrEqual(ACKS_BEFORE_KILL);
    expect(acked.filter((id) => !storedIds.has(id))).toEqual([]);
    // At most the one write in flight when the process died is there without an acknowledgement.
    expect(stored.length - acked.length).toBeLessThanOrEqual(1);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
