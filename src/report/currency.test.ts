/**
 * The store currency (#18.2): read from the settings table when it is there, and shown with its symbol and the
 * locale's grouping in the report (¥…万 in zh-CN, £ in English); without one, figures have no symbol.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo } from '../demo/index.js';
import { tempStore } from '../test-support/temp.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { storeCurrency } from './currency.js';
import { loadReportExtras, renderReport } from './index.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
  const demo = await generateDemo({ customers: 200, seed: 3, outDir: join(store.dir.dir, 'demo') });
  await importDemoFiles(store.engine, demo.files);
}, 120_000);
afterAll(async () => store.close());

const setCurrency = async (v: string) => {
  await store.engine.run('CREATE TABLE IF NOT EXISTS settings (key VARCHAR PRIMARY KEY, value VARCHAR)');
  await store.engine.run("INSERT OR REPLACE INTO settings VALUES ('currency', $1)", [v]);
};

describe('the store currency', () => {
  it('is null without a settings table, a valid ISO 4217 code from it, and null when the value is not a code', async () => {
    expect(await storeCurrency(store.engine)).toBeNull();
    await setCurrency('cny');
    expect(await storeCurrency(store.engine)).toBe('CNY');
    await setCurrency('"GBP"'); // a JSON-encoded value reads the same
    expect(await storeCurrency(store.engine)).toBe('GBP');
    await setCurrency('yuan');
    expect(await storeCurrency(store.engine)).toBeNull();
  });

  it('gives the report its symbol: net revenue in 万 with ¥ in zh-CN, grouped with £ in English', async () => {
    const value = await computeValue(store.engine, { config: normalizeValueConfig({}) });
    const net = value.revenue.net;
    // Written out here from the definition (1万 = 10,000), not by the formatter under test.
    const wan = `¥${Number((net / 1e4).toFixed(2))}万`;
    await setCurrency('CNY');
    const zh = renderReport({ value, ...(await loadReportExtras(store.engine, value)), clvCheck: null }, 'zh-CN');
    expect(zh).toContain(`<div class="kpi-value">${wan}</div>`);
    await setCurrency('GBP');
    const en = renderReport({ value, ...(await loadReportExtras(store.engine, value)), clvCheck: null }, 'en');
    expect(en).toContain(`<div class="kpi-value">£${Math.round(net).toLocaleString('en-US')}</div>`);
    await store.engine.run('DROP TABLE settings');
    const none = renderReport({ value, ...(await loadReportExtras(store.engine, value)), clvCheck: null }, 'en');
    expect(none).toContain(`<div class="kpi-value">${Math.round(net).toLocaleString('en-US')}</div>`);
  });
});
