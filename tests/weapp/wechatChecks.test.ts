/**
 * @jest-environment node
 *
 * WeChat's own checks on the REAL weapp build (`npm run build:weapp` → dist/): miniprogram-ci's
 * offline checkCodeQuality (DevTools' 代码质量 panel) must pass every rule, and analyseCode's
 * per-package sizes are printed. scripts/check-weapp.ts does the work, in a process of its own.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { checkWeapp, EXPECTED_CHECKS, formatReport, type WeappReport } from '../../scripts/check-weapp';

jest.setTimeout(180_000);

let report: WeappReport;

beforeAll(async () => {
  report = await checkWeapp();
  console.log(formatReport(report).join('\n'));
});

describe('WeChat code quality of dist/ (miniprogram-ci)', () => {
  it('runs every rule miniprogram-ci knows, none skipped', () => {
    expect(report.checks.map((c) => c.name).sort()).toEqual(expect.arrayContaining([...EXPECTED_CHECKS].sort()));
  });

  it('passes every rule', () => {
    expect(report.checks.filter((c) => !c.success).map((c) => `${c.name}: ${c.text}`)).toEqual([]);
  });

  it('sizes the main package and every subpackage of app.json', () => {
    const app = JSON.parse(readFileSync(join(__dirname, '../../dist/app.json'), 'utf8')) as { subPackages?: Array<{ root: string }> };
    const roots = (app.subPackages ?? []).map((p) => `${p.root.replace(/\/+$/, '')}/`);
    // main first; miniprogram-ci lists the subpackages in its own order
    expect(report.packages[0].name).toBe('main');
    expect(report.packages.slice(1).map((p) => p.name).sort()).toEqual([...roots].sort());
    for (const p of report.packages) expect(p.bytes).toBeGreaterThan(0);
    // WeChat refuses a main package over 2 MB; the quality rule above already holds it to 1.5 MB
    expect(report.packages[0].bytes).toBeLessThan(1.5 * 1024 * 1024);
  });
});
