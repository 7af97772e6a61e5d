import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralReport } from '../act/index.js';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo } from '../demo/index.js';
import { tempStore } from '../test-support/temp.js';
import { loadSegmentFigures, normalizeCompany, rescreen, scoreTargets } from '../target/index.js';
import { computeValue, normalizeValueConfig, type ValueReport } from '../value/index.js';
import { loadReportExtras, openInBrowser, renderReport, type ReportData } from './index.js';

let store: Awaited<ReturnType<typeof tempStore>>;
let data: ReportData;
let value: ValueReport;

beforeAll(async () => {
  store = await tempStore();
  const demo = await generateDemo({ customers: 1500, seed: 11, outDir: join(store.dir.dir, 'demo') });
  await importDemoFiles(store.engine, demo.files);
  value = await computeValue(store.engine, { config: normalizeValueConfig({}) });
  const extras = await loadReportExtras(store.engine, value);
  const { rows } = await loadSegmentFigures(store.engine, 'rfm', normalizeCompany({}), normalizeValueConfig({}));
  // Re-screening runs the value twice more (as of both dates); the figures above come from the first run.
  const screening = await rescreen(store.engine, '2024-06-30', value.asOf, normalizeValueConfig({}));
  const referrals = await referralReport(store.engine, normalizeValueConfig({}), value.asOf);
  data = { value, ...extras, clvCheck: null, targets: scoreTargets(rows, normalizeCompany({})), screening, referrals };
});
afterAll(async () => store.close());

const CHARTS = ['whale', 'deciles', 'rfm', 'matrix-current-long-term', 'matrix-value-loyalty', 'matrix-satisfaction-loyalty', 'targets', 'migration', 'referrals'];

describe('the HTML report', () => {
  it('renders in headless Chromium with every chart present and carrying data', async () => {
    const file = join(store.dir.dir, 'report.html');
    writeFileSync(file, renderReport(data, 'en'));
    const b = await openInBrowser(pathToFileURL(file).href);
    try {
      const charts = await b.page.$$eval('figure.chart', (figs) =>
        figs.map((f) => ({ id: f.id, points: Number(f.getAttribute('data-points')), paths: f.querySelectorAll('svg path').length, width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0 })),
      );
      for (const id of CHARTS) {
        const c = charts.find((x) => x.id === id);
        expect(c, id).toBeDefined();
        expect(c!.points, id).toBeGreaterThan(0);
        expect(c!.paths, id).toBeGreaterThan(3);
        expect(c!.width, id).toBeGreaterThan(200);
      }
      // The whale curve has all 101 points; the RFM grid, the 25 cells that have customers.
      expect(charts.find((c) => c.id === 'whale')!.points).toBe(101);
      expect(charts.find((c) => c.id === 'rfm')!.points).toBe(value.rfm.grid.flat().filter((n) => n > 0).length);
      const advice = await b.page.$$eval('#summary li', (lis) => lis.map((l) => l.textContent ?? ''));
      expect(advice.length).toBeGreaterThanOrEqual(3);
      expect(advice.join(' ')).toContain(`${value.customers.lossMaking.toLocaleString('en-US')} customers lose money`);
      const rows = await b.page.$$eval('#customers-section tbody tr', (trs) => trs.length);
      expect(rows).toBe(20);
      // The referral chart draws the top 10 referrers, and its table lists them in the same order.
      expect(charts.find((c) => c.id === 'referrals')!.points).toBe(10);
      const referrers = await b.page.$$eval('#referrals-section tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
      expect(referrers).toEqual(data.referrals!.referrers.slice(0, 10).map((r) => r.id));
      await b.page.screenshot({ path: join(store.dir.dir, 'report.png'), fullPage: true });
    } finally {
      await b.close();
    }
  });

  it('is self-contained: no script and no external resource', () => {
    const html = renderReport(data, 'en');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?https?:/i);
    expect(html).not.toMatch(/<link[^>]+stylesheet/i);
  });

  it('speaks 简体中文 with --lang zh-CN', () => {
    const html = renderReport(data, 'zh-CN');
    expect(html).toMatch(/<html lang="zh-CN">/);
    expect(html).toContain('鲸鱼曲线');
    expect(html).toContain('行动建议');
    expect(html).toContain('链式介绍法');
    expect(html).toContain(`${value.customers.lossMaking.toLocaleString('en-US')} 位客户亏损`);
  });

  it('escapes what comes from the data', () => {
    const evil = { ...data, top: [{ ...data.top[0], customerId: '<img src=x onerror=alert(1)>' }] };
    const html = renderReport(evil, 'en');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
});
