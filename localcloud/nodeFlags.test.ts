import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_CLOUD_NODE_FLAGS } from './nodeFlags';

describe('the flags the local cloud runs with', () => {
  it('npm start passes them, so the product runs as the benches measured it', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const start = pkg.scripts.start.split(/\s+/);
    expect(start.slice(0, 1)).toEqual(['node']);
    for (const flag of LOCAL_CLOUD_NODE_FLAGS) expect(start).toContain(flag);
    expect(start.slice(-3)).toEqual(['--import', 'tsx', 'localcloud/main.ts']);
  });
});
