/**
 * The deployable bundles written by `npm run build:cloud` (the test command builds them first):
 * each function folder has an index.js exporting `main`, a package.json pinning wx-server-sdk, and
 * the bundle answers like the source does — here, refusing a call without a WeChat identity.
 */
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join, resolve } from 'path';

const root = resolve(__dirname, '../..');
const built = join(root, 'build/cloudfunctions');
const sources = readdirSync(join(root, 'cloudfunctions')).filter(
  (name) => name !== 'common' && existsSync(join(root, 'cloudfunctions', name, 'index.ts')),
);

describe('deployable cloud function bundles', () => {
  it('exist for every function (run `npm run build:cloud` first)', () => {
    expect(existsSync(built)).toBe(true);
    expect(readdirSync(built).sort()).toEqual(sources.sort());
  });

  it.each(sources)('%s: exports main, pins wx-server-sdk, carries its timer config, refuses an anonymous call', async (name) => {
    const pkg = JSON.parse(readFileSync(join(built, name, 'package.json'), 'utf8')) as {
      main: string;
      dependencies: Record<string, string>;
    };
    expect(pkg.main).toBe('index.js');
    expect(pkg.dependencies['wx-server-sdk']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(join(built, name, 'config.json'))).toBe(existsSync(join(root, 'cloudfunctions', name, 'config.json')));
    const bundle = (await import(join(built, name, 'index.js'))) as { main: (event: unknown) => Promise<{ ok: boolean; code?: string }> };
    expect(typeof bundle.main).toBe('function');
    const res = await bundle.main({ action: 'anything', payload: {} });
    expect(res.ok).toBe(false);
    expect(res.code).toBe(name === 'scheduler' ? 'BAD_REQUEST' : 'UNAUTHENTICATED');
  });
});
