/**
 * #18.3: the point-and-click segment builder in Chromium, in English and in 简体中文. A rule with a nested OR group
 * is built by clicking (fields, suggestions from the data), counted live with its profit, and saved; the saved
 * rule text, counted and listed through the API, selects the same customers. Typing the text back rebuilds the
 * same groups. The Chinese page, with the built rule on it, shows no English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../test-support/chromium.js';
import { latinRuns } from '../test-support/zh-scan.js';
import { WEB_ROOT } from './static.js';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
let browser: { context: BrowserContext; close: () => Promise<void> };
const failures: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`the dashboard is not built in ${WEB_ROOT}: run npm run build`);
  f = await fixture(1000);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await f?.close();
});

async function api<T>(path: string): Promise<T> {
  const res = await fetch(f.server.url + path, { headers: { authorization: `Bearer ${f.tokens.analyst}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function signIn(lang: 'en' | 'zh-CN'): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => failures.push(`pageerror: ${e.message}`));
  await page.goto(f.server.url + '/');
  await page.evaluate(`localStorage.setItem('clientele.lang', ${JSON.stringify(lang)})`);
  await page.reload();
  await page.fill('input[name=name]', 'analyst');
  await page.fill('input[name=password]', f.passwords.analyst);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=role]');
  await page.evaluate(`window.location.hash = '#/segments'`);
  await page.waitForSelector('[data-testid=segment-builder]');
  return page;
}

/** Sets a condition's field and clicks one of the values the data suggests for it. */
async function condition(page: Page, path: string, field: string, pick: (values: string[]) => string): Promise<string> {
  const row = `[data-condition="${path}"]`;
  await page.selectOption(`${row} [data-testid=field-select]`, field);
  // The suggestions of this field, not those of the field the row had before.
  const chips = `${row} [data-suggestions-for="${field}"] [data-suggestion]`;
  await page.waitForSelector(chips);
  const values = await page.$$eval(chips, (bs) => bs.map((b) => b.getAttribute('data-suggestion') ?? ''));
  const v = pick(values);
  await page.click(`${row} [data-suggestions-for="${field}"] [data-suggestion="${v}"]`);
  return v;
}

async function liveCount(page: Page, rule: string): Promise<number> {
  // The live count follows the text after a short pause: wait until it has counted this very rule.
  await page.waitForFunction(
    (r) => {
      const d = (globalThis as unknown as { document: { querySelector(s: string): { value?: string; getAttribute(n: string): string | null } | null } }).document;
      return d.querySelector('[data-testid=rule-input]')?.value === r && d.querySelector('[data-testid=live-count]')?.getAttribute('data-rule') === r;
    },
    rule,
    { timeout: 30_000 },
  );
  return Number(await page.getAttribute('[data-testid=live-count]', 'data-count'));
}

describe('the segment builder', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`builds a rule with a nested OR group by clicking, and its text selects the same customers (${lang})`, async () => {
      const page = await signIn(lang);
      await page.click('[data-group=root] > .builder-actions [data-testid=add-condition]');
      const segment = await condition(page, '0', 'rfm.segment', (vs) => vs.find((v) => v !== 'Champions') ?? vs[0]);
      await page.click('[data-group=root] > .builder-actions [data-testid=add-group]');
      // A group inside an "all of" group starts as "any of"; click it anyway, as a user would check it.
      await page.click('[data-group="1"] [data-group-op=or]');
      const country = await condition(page, '1.0', 'country', (vs) => vs[0]);
      await page.click('[data-group="1"] > .builder-actions [data-testid=add-condition]');
      await condition(page, '1.1', 'value.quadrant', (vs) => (vs.includes('IV') ? 'IV' : vs[0]));
      expect(await page.getAttribute('[data-group="1"]', 'data-op')).toBe('or');

      const rule = await page.inputValue('[data-testid=rule-input]');
      expect(rule).toMatch(new RegExp(`^rfm\\.segment = ".+" and \\(country = ".+" or value\\.quadrant = ".+"\\)$`));
      expect(rule).toContain(segment);
      expect(rule).toContain(country);
      const live = await liveCount(page, rule);
      expect(await page.textContent('[data-testid=live-profit]')).toMatch(lang === 'en' ? /Profit/ : /利润/);

      // Saved, the segment has the members the live count promised; its text, counted again, has the same.
      const name = `builder-${lang}`;
      await page.fill('[data-testid=segment-name]', name);
      await page.click('[data-testid=save-segment]');
      await page.waitForSelector(`[data-segment="${name}"]`);
      const saved = (await api<{ segments: Array<{ name: string; rule: string; members: number }> }>('/api/segments')).segments.find((s) => s.name === name)!;
      expect(saved.rule).toBe(rule);
      expect(saved.members).toBe(live);
      const again = await api<{ members: number; profit: number }>(`/api/segments/count?rule=${encodeURIComponent(rule)}`);
      expect(again.members).toBe(live);
      // The same customers, not only as many: the saved segment's list against the rule text's list.
      const ids = async (q: string) => (await api<{ customers: Array<{ customer_id: string }> }>(`/api/customers?${q}&pageSize=500&sort=profit`)).customers.map((c) => c.customer_id).sort();
      expect(live).toBeLessThanOrEqual(500);
      expect(await ids(`saved=${encodeURIComponent(name)}`)).toEqual(await ids(`rule=${encodeURIComponent(rule)}`));

      // Independently of the server's rule compiler: the same selection read from the tables by hand.
      const rows = await f.engine.query<{ n: number }>(
        `SELECT count(*) AS n FROM customers c JOIN customer_value v ON v.customer_id = c.customer_id
         WHERE v.segment = $1 AND (c.country = $2 OR v.value_quadrant = $3)`,
        [segment, country, rule.match(/value\.quadrant = "([^"]+)"/)![1]],
      );
      expect(Number(rows[0].n)).toBe(live);

      if (lang === 'zh-CN') {
        const text = await page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
        const values = (await f.engine.query<{ v: string }>('SELECT DISTINCT country AS v FROM customers WHERE country IS NOT NULL')).map((r) => r.v);
        // The rule text box is the rule language (code) on purpose; everything else is Chinese.
        expect(latinRuns(text, { ids: [/^CU\d+$/], values: [...values, ...(await api<{ segments: Array<{ name: string }> }>('/api/segments')).segments.map((s) => s.name)], terms: ['analyst', 'English'] })).toEqual([]);
      }

      // Typing the text back (a new tab) rebuilds the same groups.
      const fresh = await signIn(lang);
      await fresh.fill('[data-testid=rule-input]', rule);
      await fresh.waitForSelector('[data-condition="1.1"]');
      expect(await fresh.getAttribute('[data-group="1"]', 'data-op')).toBe('or');
      expect(await fresh.$eval('[data-condition="1.1"] [data-testid=field-select]', (s) => (s as unknown as { value: string }).value)).toBe('value.quadrant');
      expect(await liveCount(fresh, rule)).toBe(live);
      await fresh.close();
      await page.close();
      expect(failures).toEqual([]);
    }, 180_000);
  }
});
