/** Every page the app opens (and the functions link to) is a page app.config.ts declares. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { notificationPath, Pages, TabPages, to } from './routes';

/** The page paths of app.config.ts: main package pages, and each subpackage root + its pages. */
function declaredPages(): Set<string> {
  const text = readFileSync(join(__dirname, '../app.config.ts'), 'utf8');
  const main = [...text.slice(0, text.indexOf('subPackages')).matchAll(/'(pages\/[^']+)'/g)].map((m) => `/${m[1]}`);
  const subs = [...text.matchAll(/root: '([^']+)',\s*pages: \[([^\]]*)\]/g)].flatMap((m) =>
    [...m[2].matchAll(/'([^']+)'/g)].map((p) => `/${m[1]}/${p[1]}`),
  );
  return new Set([...main, ...subs]);
}

describe('routes', () => {
  const declared = declaredPages();

  it.each(Object.entries(Pages))('%s (%s) is declared in app.config.ts', (_name, path) => {
    expect(declared.has(path)).toBe(true);
  });

  it('declares no page the app has no route to', () => {
    expect([...declared].sort()).toEqual(Object.values(Pages).sort());
  });

  it('lists the tab bar pages as tabs', () => {
    const text = readFileSync(join(__dirname, '../app.config.ts'), 'utf8');
    const tabs = [...text.slice(text.indexOf('tabBar')).matchAll(/pagePath: '([^']+)'/g)].map((m) => `/${m[1]}`);
    expect(tabs.sort()).toEqual(Object.values(TabPages).sort());
  });

  it('encodes parameters and drops absent ones', () => {
    expect(to.isolation({ personId: 'p_1', name: '张 三' })).toBe('/staff/pages/isolation/index?personId=p_1&name=%E5%BC%A0%20%E4%B8%89');
    expect(to.family()).toBe('/pages/family/index');
    expect(to.reportForm({ communityId: 'c&1', buildingId: 'b' })).toBe('/pages/report/form?communityId=c%261&buildingId=b');
    expect(notificationPath(to.staffItem('q_1'))).toBe('staff/pages/item/index?id=q_1');
  });
});
