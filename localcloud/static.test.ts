/**
 * Serving the H5 build: only files inside its folder, whatever the path says. The folders sit as in
 * a checkout: `.localcloud/` (keys, database) beside `dist-h5/`, and a sibling named like the build.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { request } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import { decodeStaticPath, isInside } from './http/static';
import { startLocalCloud, type LocalCloud } from './server';

let base: string;
let cloud: LocalCloud;
let secrets: string[];

function get(path: string, method = 'GET'): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: cloud.port, method, path, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'gridlink-static-'));
  const h5Dir = join(base, 'dist-h5');
  const dataDir = join(base, '.localcloud');
  mkdirSync(join(h5Dir, 'js'), { recursive: true });
  writeFileSync(join(h5Dir, 'index.html'), '<!doctype html><title>GridLink</title>');
  writeFileSync(join(h5Dir, 'js', 'app.js'), 'console.log("app")');
  mkdirSync(join(base, 'dist-h5-old'));
  writeFileSync(join(base, 'dist-h5-old', 'x'), 'SIBLING-SECRET');
  cloud = await startLocalCloud({ dataDir, h5Dir, port: 0, timers: false, demo: false });
  // links inside the build that lead out of it (a build never makes these; a checkout might)
  symlinkSync(dataDir, join(h5Dir, 'data-link'));
  symlinkSync(join(dataDir, 'keys.json'), join(h5Dir, 'keys-link.json'));
  symlinkSync(join(base, 'dist-h5-old'), join(h5Dir, 'old-link'));
  const keys = JSON.parse(readFileSync(join(dataDir, 'keys.json'), 'utf8')) as Record<string, string>;
  secrets = [...Object.values(keys), 'SIBLING-SECRET', 'root:x:0:0'];
});
afterAll(async () => {
  await cloud.close();
  rmSync(base, { recursive: true, force: true });
});

describe('static files of the H5 build', () => {
  it('serves the build', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.text).toContain('GridLink');
    const js = await get('/js/app.js');
    expect(js).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', text: 'console.log("app")' });
    const head = await get('/js/app.js', 'HEAD');
    expect(head).toMatchObject({ status: 200, text: '' });
    expect((await get('/js/')).status).toBe(404);
    expect((await get('/js/nope.js')).status).toBe(404);
  });

  it.each([
    // a sibling folder whose name starts with the build folder's
    '/..%2fdist-h5-old/x',
    '/..%2Fdist-h5-old%2Fx',
    '/js/..%2f..%2fdist-h5-old%2fx',
    // the data dir beside the build: keys and database
    '/..%2f.localcloud%2fkeys.json',
    '/..%2fkeys.json',
    '/..%2f.localcloud%2fgridlink.sqlite',
    '/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e/.localcloud/keys.json',
    '/%2e%2e%2f.localcloud%2fkeys.json',
    '/.%2e%2f.localcloud%2fkeys.json',
    '/../../../../../../etc/passwd',
    '//etc/passwd',
    // backslashes, raw and encoded
    '/..\\.localcloud\\keys.json',
    '/..%5c.localcloud%5ckeys.json',
    '/..%5C..%5C..%5C..%5Cetc%5Cpasswd',
    // NUL bytes
    '/index.html%00',
    '/%00/../.localcloud/keys.json',
    '/js/app.js%00.png',
    // links out of the build
    '/data-link/keys.json',
    '/keys-link.json',
    '/old-link/x',
  ])('GET %s is a 4xx and shows nothing outside the build', async (path) => {
    for (const method of ['GET', 'HEAD']) {
      const res = await get(path, method);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      for (const s of secrets) expect(res.text).not.toContain(s);
    }
  });
});

describe('the checks, one by one', () => {
  it('isInside needs a separator after the root', () => {
    expect(isInside('/srv/dist-h5', '/srv/dist-h5')).toBe(true);
    expect(isInside('/srv/dist-h5', '/srv/dist-h5/js/app.js')).toBe(true);
    expect(isInside('/srv/dist-h5', '/srv/dist-h5-old/x')).toBe(false);
    expect(isInside('/srv/dist-h5', '/srv/dist-h5.json')).toBe(false);
    expect(isInside('/srv/dist-h5', '/srv/keys.json')).toBe(false);
  });

  it.each(['/%zz', '/%', '/%E0%A4%A', '/..%2fx', '/a/%2e%2e/b', '/.%2fx', '/a%5cb', '/a%00b'])('decodeStaticPath refuses %s', (p) => {
    expect(decodeStaticPath(p)).toBeNull();
  });

  it('decodeStaticPath keeps ordinary paths, encoded or not', () => {
    expect(decodeStaticPath('/js/app.js')).toBe('/js/app.js');
    expect(decodeStaticPath('/static/%E5%9B%BE.png')).toBe('/static/图.png');
    expect(decodeStaticPath('/a..b/c...d')).toBe('/a..b/c...d');
  });
});
