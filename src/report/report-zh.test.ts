/**
 * #18.1: the zh-CN report holds no English. Every section is rendered (targets, re-screening, referrals, the CLV
 * check, assumptions, a matrix without surveys) on the demo company and on a store of GB18030 Chinese data, opened
 * in Chromium, and its visible text (with the charts' SVG text) scanned for Latin letters that are not names.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referralReport } from '../act/index.js';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo } from '../demo/index.js';
import type { Engine } from '../engine/engine.js';
import { importGb18030Company } from '../test-support/gb18030-store.js';
import { tempStore } from '../test-support/temp.js';
import { latinRuns } from '../test-support/zh-scan.js';
import { loadSegmentFigures, normalizeCompany, rescreen, scoreTargets } from '../target/index.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { loadReportExtras, openInBrowser, renderReport, type ClvCheck, type ReportData } from './index.js';
import { PROSE_CODES } from './prose.js';

type Store = Awaited<ReturnType<typeof tempStore>>;
const stores: Store[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
});

/** A holdout check as `clientele clv check` stores it (figures made up: only the words are under test). */
const CHECK: ClvCheck = {
  model: 'bgnbd',
  byFrequency: [0, 1, 2, 3].map((x) => ({ x, customers: 10 - x, actual: x * 0.8, predicted: x * 0.75 })),
  tracking: [1, 2, 3, 4, 5, 6].map((period) => ({ period, actualCumulative: period * 3, predictedCumulative: period * 2.9, holdout: period > 3 })),
};

async function reportOf(engine: Engine, withExtras: boolean): Promise<ReportData> {
  const config = normalizeValueConfig({});
  const value = await computeValue(engine, { config });
  const extras = await loadReportExtras(engine, value);
  const { rows } = await loadSegmentFigures(engine, 'rfm', normalizeCompany({}), config);
  const screening = withExtras ? await rescreen(engine, '2024-06-30', value.asOf, config) : null;
  const referrals = withExtras ? await referralReport(engine, config, value.asOf) : null;
  // The figures above come from the first run; re-screening ran the value again as of both dates.
  return { value, ...extras, clvCheck: CHECK, targets: scoreTargets(rows, normalizeCompany({})), screening, referrals };
}

/** Names from the data itself, which stay as the user wrote them. */
async function dataValues(engine: Engine): Promise<string[]> {
  const rows = await engine.query<{ v: string }>(
    `SELECT DISTINCT v FROM (SELECT country AS v FROM customers UNION ALL SELECT region FROM customers UNION ALL SELECT city FROM customers
     UNION ALL SELECT name FROM products UNION ALL SELECT category FROM products) WHERE v IS NOT NULL`,
  );
  return rows.map((r) => r.v);
}

async function scanReport(store: Store, data: ReportData, name: string): Promise<{ runs: string[]; text: string }> {
  const file = join(store.dir.dir, `${name}.html`);
  writeFileSync(file, renderReport(data, 'zh-CN'));
  const b = await openInBrowser(pathToFileURL(file).href);
  try {
    const text = await b.page.evaluate(() => {
      const d = (globalThis as unknown as { document: { title: string; body: { innerText: string }; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document;
      return [d.title, d.body.innerText, ...Array.from(d.querySelectorAll('svg text, svg tspan'), (e) => e.textContent ?? '')].join('\n');
    });
    return { runs: latinRuns(text, { ids: [/^CU\d+$/, /^L\d+$/, /^K\d+$/], values: await dataValues(store.engine) }), text };
  } finally {
    await b.close();
  }
}

describe('the zh-CN report', () => {
  let demo: Store;
  beforeAll(async () => {
    demo = await tempStore();
    stores.push(demo);
    const files = await generateDemo({ customers: 1000, seed: 11, outDir: join(demo.dir.dir, 'demo') });
    await importDemoFiles(demo.engine, files.files);
  }, 120_000);

  it('has every catalogue code in both languages', () => {
    expect(PROSE_CODES['zh-CN']).toEqual(PROSE_CODES.en);
  });

  it('has no English on the demo company, in any section', async () => {
    const data = await reportOf(demo.engine, true);
    // Every section is there: the scan would pass on a report that left some out.
    expect(data.targets!.some((t) => t.recommended)).toBe(true);
    expect(data.screening!.segments.length).toBeGreaterThan(0);
    expect(data.referrals!.referrers.length).toBeGreaterThan(0);
    const { runs, text } = await scanReport(demo, data, 'demo-zh');
    if (process.env.CLIENTELE_SHOW_TEXT) writeFileSync(process.env.CLIENTELE_SHOW_TEXT, text);
    for (const words of ['目标客户选择', '动态筛选', '链式介绍法', '假设说明', '阈值', '行动建议', '客户终身价值模型', '利润最高的客户']) expect(text).toContain(words);
    expect(runs).toEqual([]);
  }, 120_000);

  it('has no English on a store of GB18030 Chinese data (no surveys, no referrals)', async () => {
    const s = await tempStore();
    stores.push(s);
    await importGb18030Company(s.engine, s.dir.dir, 300);
    const data = await reportOf(s.engine, false);
    expect(data.value.matrices.satisfactionLoyalty.available).toBe(false);
    const { runs, text } = await scanReport(s, data, 'gb-zh');
    for (const words of ['满意度调查', '假设说明', '目标客户选择']) expect(text).toContain(words);
    expect(runs).toEqual([]);
  }, 120_000);
});
