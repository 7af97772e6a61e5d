/**
 * #18.1: every dashboard page in 简体中文 holds no English. One Chromium, a real server over the demo company
 * (1,000 customers), signed in as an administrator in zh-CN; each page's visible text (with its charts' SVG text)
 * is scanned for Latin letters that are not names (ids, values from the data, RFM, CLV). Then the same over a
 * store of GB18030 Chinese data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Engine } from '../engine/engine.js';
import { launchChromium } from '../test-support/chromium.js';
import { importGb18030Company } from '../test-support/gb18030-store.js';
import { latinRuns } from '../test-support/zh-scan.js';
import { WEB_ROOT } from './static.js';
import { fixture, type Fixture } from './test-fixture.js';
import { addUser, issueToken } from './accounts.js';
import { startServer } from './serve.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeCompany } from '../target/index.js';
import { normalizeValueConfig } from '../value/index.js';
import { setSetting } from '../value/settings.js';
import { PROSE_CODES } from '../report/prose.js';

const PAGES = ['overview', 'rfm', 'matrices', 'customers', 'customer', 'segments', 'portraits', 'targets', 'allocation', 'company', 'sources', 'churn', 'care', 'campaigns', 'import', 'audit'] as const;

/** Names of file formats and public data sets, written the same in Chinese. */
const FORMAT_NAMES = ['UTF-8', 'GB18030', 'Parquet', 'JSONL', 'UCI', 'CDNOW'];

let browser: { context: BrowserContext; close: () => Promise<void> };
const fixtures: Fixture[] = [];
const failures: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`the dashboard is not built in ${WEB_ROOT}: run npm run build`);
  browser = await launchChromium({ locale: 'zh-CN' });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  for (const f of fixtures) await f.close();
});

async function signIn(f: Fixture): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => failures.push(`pageerror: ${e.message}`));
  await page.goto(f.server.url + '/');
  await page.evaluate(`localStorage.setItem('clientele.lang', 'zh-CN')`);
  await page.reload();
  await page.fill('input[name=name]', 'admin');
  await page.fill('input[name=password]', f.passwords.admin);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=role]');
  return page;
}

async function settled(page: Page): Promise<void> {
  const idle = () => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.state.loading, [data-loading="true"], [data-state="counting"]');
  await page.waitForFunction(idle, undefined, { timeout: 60_000 });
}

/** Everything a reader sees on the page: its text, the charts' SVG text, and placeholders and titles of inputs. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    type El = { textContent: string | null; getAttribute(n: string): string | null };
    const d = (globalThis as unknown as { document: { title: string; body: { innerText: string }; querySelectorAll(s: string): ArrayLike<El> } }).document;
    return [
      d.title,
      d.body.innerText,
      ...Array.from(d.querySelectorAll('svg text, svg tspan'), (e) => e.textContent ?? ''),
      ...Array.from(d.querySelectorAll('[placeholder]'), (e) => e.getAttribute('placeholder') ?? ''),
      ...Array.from(d.querySelectorAll('option'), (e) => e.textContent ?? ''),
    ].join('\n');
  });
}

/** Values from the user's own data, shown as written (names, places, products, categories, occupations). */
async function dataValues(engine: Engine): Promise<string[]> {
  const cols = ['name', 'email', 'address', 'phone', 'country', 'region', 'city', 'occupation', 'education', 'industry', 'lifestyle', 'marital_status', 'channel', 'credit_rating', 'referred_by'];
  const have = new Set((await engine.query<{ c: string }>("SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'customers'")).map((r) => r.c));
  const parts = cols.filter((c) => have.has(c)).map((c) => `SELECT CAST(${c} AS VARCHAR) AS v FROM customers`);
  parts.push('SELECT name FROM products', 'SELECT category FROM products', 'SELECT CAST(product_id AS VARCHAR) FROM products', 'SELECT DISTINCT CAST(channel AS VARCHAR) FROM order_lines', "SELECT DISTINCT regexp_extract(file, '[^/]+$') FROM imports");
  const rows = await engine.query<{ v: string }>(`SELECT DISTINCT v FROM (${parts.join(' UNION ALL ')}) WHERE v IS NOT NULL`);
  return rows.map((r) => r.v).flatMap((v) => [v, ...v.split(/[,;|]\s*/)]);
}

const texts: Record<string, string> = {};

async function scanAll(f: Fixture): Promise<Record<string, string[]>> {
  const page = await signIn(f);
  const values = await dataValues(f.engine);
  const top = await (await fetch(`${f.server.url}/api/customers?sort=profit&order=desc&pageSize=1`, { headers: { authorization: `Bearer ${f.tokens.admin}` } })).json() as { customers: Array<{ customer_id: string }> };
  const found: Record<string, string[]> = {};
  for (const p of PAGES) {
    const hash = p === 'customer' ? `#/customer/${encodeURIComponent(top.customers[0].customer_id)}` : `#/${p}`;
    await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
    await settled(page);
    if (p === 'allocation') {
      await page.click('button[type=submit]');
      await settled(page);
    }
    texts[p] = await visibleText(page);
    const runs = latinRuns(texts[p], { ids: [/^CU\d+$/, /^L\d+$/, /^K\d+$/, /^P\d+$/, /^SP\d+$/, /^D\d+$/], values, terms: ['admin', 'English', ...FORMAT_NAMES] });
    if (runs.length) found[p] = runs;
    if (process.env.CLIENTELE_SHOW_TEXT) appendFileSync(process.env.CLIENTELE_SHOW_TEXT, `\n===== ${p}\n${runs.join('\n')}\n`);
  }
  await page.close();
  return found;
}

/** A server over a store holding only the GB18030 Chinese company (no demo data), with an administrator. */
async function chineseFixture(): Promise<Fixture> {
  const store = await tempStore();
  await importGb18030Company(store.engine, store.dir.dir, 300);
  // The store's currency, as `clientele config set currency CNY` writes it.
  await setSetting(store.engine, 'currency', 'CNY');
  const u = await addUser(store.engine, 'admin', 'admin', 'admin-password-1');
  const token = (await issueToken(store.engine, u, 'api', 3600)).token;
  const server = await startServer({ engine: store.engine, valueConfig: normalizeValueConfig({}), company: normalizeCompany({}), log: () => undefined }, { port: 0, host: '127.0.0.1' });
  return {
    engine: store.engine,
    server,
    tokens: { admin: token, analyst: token, viewer: token },
    passwords: { admin: 'admin-password-1', analyst: '', viewer: '' },
    logs: [],
    start: () => Promise.reject(new Error('not used')),
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

describe('the zh-CN dashboard', () => {
  // web/src/i18n.ts types its Chinese dictionary as Record<Key, string>: a missing key fails npm run typecheck.
  it('has every server sentence code in both languages', () => {
    expect(PROSE_CODES['zh-CN']).toEqual(PROSE_CODES.en);
  });

  it('shows no English on any page of the demo company', async () => {
    const f = await fixture(1000);
    fixtures.push(f);
    // A saved segment, so the portraits page has one to show.
    await fetch(`${f.server.url}/api/segments`, { method: 'POST', headers: { authorization: `Bearer ${f.tokens.admin}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: '高价值', rule: 'value.quadrant = "IV"' }) });
    expect(await scanAll(f)).toEqual({});
    expect(failures).toEqual([]);
  }, 300_000);

  it('shows no English on any page of a store of GB18030 Chinese data', async () => {
    const f = await chineseFixture();
    fixtures.push(f);
    expect(await scanAll(f)).toEqual({});
    // Money carries the store's currency, counted in 万 (the GB18030 company's revenue is in the hundreds of thousands).
    const config = (await (await fetch(`${f.server.url}/api/config`, { headers: { authorization: `Bearer ${f.tokens.admin}` } })).json()) as { currency: string | null };
    expect(config.currency).toBe('CNY');
    expect(texts.overview).toMatch(/净收入\s+¥[\d.]+万/);
  }, 300_000);
});
