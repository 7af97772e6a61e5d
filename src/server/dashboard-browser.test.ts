/**
 * The dashboard in a real browser: Debian's Chromium (playwright-core) against a real server on 127.0.0.1 over a
 * real DuckDB file with the demo company. Flows: sign in as each role, import a file, see the whale curve, build
 * a segment and export it, personal data masked for viewers; and every page opens without an error, in English
 * and Chinese. Screenshots go to out/dashboard-test/ (to look at). Waits are on selectors, never on time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../test-support/chromium.js';
import type { Role } from './accounts.js';
import { runCli } from '../test-support/cli.js';
import { tempDir } from '../test-support/temp.js';
import { newLocalToken, removeNote, writeNote } from './local.js';
import { MASK } from './mask.js';
import { WEB_ROOT } from './static.js';
import { fixture, type Fixture } from './test-fixture.js';

const SHOTS = resolve('out/dashboard-test');
let f: Fixture;
let browser: { context: BrowserContext; close: () => Promise<void> };
const failures: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error(`the dashboard is not built in ${WEB_ROOT}: run npm run build`);
  mkdirSync(SHOTS, { recursive: true });
  f = await fixture(300);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await f?.close();
});

async function api<T>(path: string, role: Role = 'admin'): Promise<T> {
  const res = await fetch(f.server.url + path, { headers: { authorization: `Bearer ${f.tokens[role]}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

/** A new tab (its own sessionStorage, so its own sign-in) that records uncaught errors. */
async function tab(): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => failures.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused request (a bad rule while typing) is logged by the browser itself; that is expected.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) failures.push(`console: ${m.text()}`);
  });
  return page;
}

async function signIn(role: Role, lang: 'en' | 'zh-CN' = 'en'): Promise<Page> {
  const page = await tab();
  await page.goto(f.server.url + '/');
  await page.evaluate(`localStorage.setItem('clientele.lang', ${JSON.stringify(lang)})`);
  await page.reload();
  await page.fill('input[name=name]', role);
  await page.fill('input[name=password]', f.passwords[role]);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=role]');
  return page;
}

/** Until nothing on the page is loading. */
async function settled(page: Page): Promise<void> {
  try {
    // A function, not a string: the page's Content-Security-Policy forbids eval (and this file has no DOM types).
    const idle = () => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector('.state.loading, [data-loading="true"], [data-state="counting"]');
    await page.waitForFunction(idle, undefined, { timeout: 60_000 });
  } catch (e) {
    // What was still loading, to look at.
    await page.screenshot({ path: join(SHOTS, `stuck-${Date.now()}.png`), fullPage: true }).catch(() => undefined);
    throw new Error(`the page did not finish loading: ${page.url()}`, { cause: e });
  }
}

async function open(page: Page, hash: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  await settled(page);
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe('the dashboard in Chromium', () => {
  it('signs in as each role, with the menu and rights of that role, and signs out', async () => {
    const page = await tab();
    await page.goto(f.server.url + '/');
    await page.fill('input[name=name]', 'analyst');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=login-form] [role=alert]');
    await shot(page, 'login-refused');
    await page.close();
    for (const role of ['admin', 'analyst', 'viewer'] as const) {
      const p = await signIn(role);
      expect(await p.textContent('[data-testid=role]')).toBe(role);
      expect(await p.locator('[data-nav=audit]').count(), role).toBe(role === 'admin' ? 1 : 0);
      expect(await p.locator('[data-testid=pii-masked]').count(), role).toBe(role === 'viewer' ? 1 : 0);
      await settled(p);
      if (role === 'admin') {
        await open(p, '#/audit');
        await p.waitForSelector('[data-testid=audit-table][data-total]');
        expect(await p.textContent('[data-testid=audit-table]')).toContain('login');
      }
      await p.click('[data-testid=sign-out]');
      await p.waitForSelector('[data-testid=login-form]');
      await p.close();
    }
    const logouts = await f.engine.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'logout'");
    expect(Number(logouts[0].n)).toBeGreaterThanOrEqual(3);
  });

  it('shows the whale curve with its data, the profit deciles, and lists an RFM cell from the store', async () => {
    const v = await api<{ whale: { curve: unknown[]; deciles: unknown[] }; customers: { total: number } }>('/api/value');
    const page = await signIn('viewer');
    await page.waitForSelector('[data-chart=whale] svg path', { state: 'attached' });
    expect(await page.getAttribute('[data-chart=whale]', 'data-points')).toBe(String(v.whale.curve.length));
    expect(v.whale.curve.length).toBeGreaterThan(50);
    // The drawn line has a vertex per point of the curve (ECharts' SVG path: one command per vertex).
    const longest = await page.$$eval('[data-chart=whale] svg path', (ps) => Math.max(...ps.map((p) => (p.getAttribute('d') ?? '').split(/[ML]/).length - 1)));
    expect(longest).toBeGreaterThanOrEqual(v.whale.curve.length - 1);
    expect(await page.getAttribute('[data-chart=deciles]', 'data-points')).toBe(String(v.whale.deciles.length));
    expect(await page.textContent('[data-testid=kpi-customers]')).toContain(String(v.customers.total));
    await shot(page, 'overview-viewer');

    const { rfm } = await api<{ rfm: { grid: number[][] } }>('/api/rfm');
    await open(page, '#/rfm');
    await page.click('.rfm-cell[data-r="5"][data-f="5"]');
    await page.waitForSelector(`[data-testid=rfm-customers][data-total="${rfm.grid[4][4]}"]`);
    const rows = await page.locator('[data-testid=rfm-customers] tbody tr').count();
    expect(rows).toBe(Math.min(20, rfm.grid[4][4]));
    // Sorting happens on the server: the first row by orders, descending, is the cell's most frequent buyer.
    const top = await api<{ customers: Array<{ customer_id: string }> }>(`/api/customers?rule=${encodeURIComponent('rfm.r = 5 and rfm.f = 5')}&sort=orders&order=desc&pageSize=1`, 'viewer');
    await page.click('[data-testid=rfm-customers] th:has-text("Orders")');
    await page.waitForSelector('[data-testid=rfm-customers] th[aria-sort=descending]:has-text("Orders")');
    // The header changes at once and the rows when the server answers: poll until they do, or fail after 30 s.
    await expect
      .poll(() => page.textContent('[data-testid=rfm-customers] tbody tr:first-child td:first-child'), { timeout: 30_000 })
      .toBe(top.customers[0].customer_id);
    await shot(page, 'rfm-cell');
    await page.close();
  });

  it('imports a file: the result, its quarantine, and the new rows in the store', async () => {
    const csv = 'customer_id,name,email,country,birth_date\nWEB001,Web One,web1@example.com,China,1980-02-03\n,Web Two,web2@example.com,France,1985-04-05\nWEB003,Web Three,web3@example.com,Spain,1990-12-01\n';
    const page = await signIn('analyst');
    await open(page, '#/import');
    await page.selectOption('[data-testid=import-entity]', 'customers');
    await page.setInputFiles('[data-testid=import-file]', { name: 'web-customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('[data-testid=import-start]');
    await page.waitForSelector('[data-testid=import-result]');
    const result = await page.textContent('[data-testid=import-result]');
    expect(result).toContain('web-customers.csv');
    expect(result).toMatch(/3 rows read, 2 loaded, 1 quarantined/);
    // The page moves to this import's quarantine.
    await page.waitForSelector('[data-testid=quarantine-table][data-total="1"]');
    // A missing id is a bad required field: the row is quarantined (a bad optional one would load, with a warning).
    expect(await page.textContent('[data-testid=quarantine-table] tbody')).toContain('customer_id');
    expect(await page.textContent('[data-testid=quarantine-table] tbody')).toContain('web2@example.com');
    expect(await page.textContent('[data-testid=past-imports]')).toContain('web-customers.csv');
    await shot(page, 'import-analyst');
    const ids = await f.engine.query<{ id: string }>("SELECT customer_id AS id FROM customers WHERE customer_id LIKE 'WEB%' ORDER BY 1");
    expect(ids.map((r) => r.id)).toEqual(['WEB001', 'WEB003']);
    await page.close();

    // A viewer reviews imports but cannot start one, and sees the quarantined line masked.
    const viewer = await signIn('viewer');
    await open(viewer, '#/import');
    expect(await viewer.locator('[data-testid=import-file]').count()).toBe(0);
    await viewer.waitForSelector('[data-testid=quarantine-table][data-total]');
    const q = await viewer.textContent('[data-testid=quarantine-table] tbody');
    expect(q).toContain(MASK);
    expect(q).not.toContain('web2@example.com');
    await viewer.close();
  });

  it('removes an import with its button (analysts only), and the rows go', async () => {
    const [{ id }] = await f.engine.query<{ id: number }>("SELECT import_id AS id FROM imports WHERE file LIKE '%web-customers.csv' ORDER BY import_id DESC LIMIT 1");
    const viewer = await signIn('viewer');
    await open(viewer, '#/import');
    await viewer.waitForSelector('[data-testid=past-imports] tbody tr');
    expect(await viewer.locator(`[data-testid=import-remove-${id}]`).count()).toBe(0);
    await viewer.close();
    const page = await signIn('analyst');
    await open(page, '#/import');
    page.once('dialog', (d) => void d.accept());
    await page.click(`[data-testid=import-remove-${id}]`);
    await page.waitForSelector('[data-testid=import-removed]');
    expect(await page.textContent('[data-testid=import-removed]')).toMatch(new RegExp(`Removed import #${id}: 2 rows taken out`));
    // The list of past imports is read again after the removal: its row (and button) goes when it has.
    await page.waitForSelector(`[data-testid=import-remove-${id}]`, { state: 'detached' });
    expect(await f.engine.query("SELECT customer_id FROM customers WHERE customer_id LIKE 'WEB%'")).toEqual([]);
    const audit = await f.engine.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'import.remove'");
    expect(Number(audit[0].n)).toBe(1);
    await page.close();
  });

  it('builds a segment with live counts, saves it and exports it as CSV', async () => {
    const rule = 'rfm.segment = "Champions" and profit > 0';
    const expected = (await api<{ members: number }>(`/api/segments/count?rule=${encodeURIComponent(rule)}`)).members;
    expect(expected).toBeGreaterThan(0);
    const page = await signIn('analyst');
    await open(page, '#/segments');
    await page.fill('[data-testid=rule-input]', 'profit >');
    await page.waitForSelector('[data-testid=live-count][data-state=error] [role=alert]');
    await page.fill('[data-testid=rule-input]', rule);
    await page.waitForSelector(`[data-testid=live-count][data-state=ok][data-count="${expected}"]`);
    await page.waitForSelector(`[data-testid=segment-preview][data-total="${expected}"]`);
    await page.fill('[data-testid=segment-name]', 'web-champions');
    await page.click('[data-testid=save-segment]');
    await page.waitForSelector('[data-testid=segment-message]:has-text("web-champions")');
    await page.waitForSelector('[data-segment=web-champions]');
    await shot(page, 'segments-analyst');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-web-champions]')]);
    expect(download.suggestedFilename()).toBe('web-champions.csv');
    const path = await download.path();
    const csv = readFileSync(path, 'utf8');
    const lines = csv.replace(/\n$/, '').split('\n');
    expect(lines[0]).toBe('\uFEFFcustomer_id,name,email,phone,country,city,opt_out,rfm_segment,rfm_r,rfm_f,rfm_m,orders,net_revenue,profit,long_term_value,first_purchase,last_purchase,recency_days');
    expect(lines).toHaveLength(expected + 1);
    for (const l of lines.slice(1)) expect(l).toContain('Champions');
    await page.waitForSelector('[data-testid=segment-message]:has-text("web-champions.csv")');
    const audited = await f.engine.query<{ target: string }>("SELECT target FROM audit_log WHERE action = 'export.segment'");
    expect(audited.map((a) => a.target)).toContain(`web-champions (${expected} rows)`);
    await page.close();

    const viewer = await signIn('viewer');
    await open(viewer, '#/segments');
    await viewer.waitForSelector('[data-segment=web-champions]');
    expect(await viewer.locator('[data-testid=save-segment]').count()).toBe(0);
    expect(await viewer.locator('[data-testid=export-web-champions]').count()).toBe(0);
    await viewer.close();
  });

  it('masks personal data for a viewer and shows it to an analyst, whose view is audited', async () => {
    const [c] = await f.engine.query<{ id: string; name: string; email: string; phone: string }>('SELECT c.customer_id AS id, name, email, phone FROM customers c JOIN customer_summary s USING (customer_id) WHERE email IS NOT NULL AND name IS NOT NULL AND phone IS NOT NULL ORDER BY s.orders DESC, 1 LIMIT 1');
    const viewer = await signIn('viewer');
    await open(viewer, `#/customer/${encodeURIComponent(c.id)}`);
    await viewer.waitForSelector('[data-testid=profile] [data-field=email]');
    for (const k of ['name', 'email', 'phone']) expect(await viewer.textContent(`[data-testid=profile] [data-field=${k}]`), k).toBe(MASK);
    const html = await viewer.content();
    for (const secret of [c.name, c.email, c.phone]) expect(html).not.toContain(secret);
    await viewer.waitForSelector('[data-testid=criteria] tbody tr');
    await shot(viewer, 'customer-viewer');
    await viewer.close();

    const before = await f.engine.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'customer.view-personal' AND target = $1", [c.id]);
    const analyst = await signIn('analyst');
    await open(analyst, `#/customer/${encodeURIComponent(c.id)}`);
    await analyst.waitForSelector('[data-testid=profile] [data-field=email]');
    expect(await analyst.textContent('[data-testid=profile] [data-field=email]')).toBe(c.email);
    await analyst.waitForSelector('[data-testid=recommendations] h3, [data-testid=recommendations] p');
    await shot(analyst, 'customer-analyst');
    await analyst.close();
    const after = await f.engine.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'customer.view-personal' AND target = $1", [c.id]);
    expect(Number(after[0].n)).toBe(Number(before[0].n) + 1);
  });

  it('lists the customers at risk with the retention economics, and exports the win-back campaign', async () => {
    const r = await api<{ atRisk: number; total: number; economics: { cuts: unknown[] } }>('/api/churn?pageSize=1');
    expect(r.atRisk).toBeGreaterThan(0);
    const page = await signIn('analyst');
    await open(page, '#/churn');
    await page.waitForSelector(`[data-testid=churn-table][data-total="${r.total}"]`);
    expect(await page.textContent('[data-testid=churn-at-risk]')).toContain(r.atRisk.toLocaleString('en-US'));
    expect(await page.locator('[data-testid=retention] tbody tr').count()).toBe(r.economics.cuts.length);
    expect(await page.locator('[data-testid=churn-table] tbody tr').count()).toBe(Math.min(20, r.total));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=churn-export]')]);
    expect(download.suggestedFilename()).toBe('churn.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    const byApi = await fetch(`${f.server.url}/api/churn/export`, { headers: { authorization: `Bearer ${f.tokens.analyst}` } }).then((x) => x.text());
    expect(csv.startsWith('\uFEFF')).toBe(true); // Excel reads UTF-8 by its BOM; fetch's text() drops it
    expect(csv.slice(1)).toBe(byApi);
    await shot(page, 'churn-analyst');
    await page.close();
    // Viewers see the list but cannot export it.
    const viewer = await signIn('viewer', 'zh-CN');
    await open(viewer, '#/churn');
    await viewer.waitForSelector(`[data-testid=churn-table][data-total="${r.total}"]`);
    expect(await viewer.locator('[data-testid=churn-export]').count()).toBe(0);
    await shot(viewer, 'churn-viewer-zh-CN');
    await viewer.close();
  });

  it('opens every page without an error, in English and in Chinese', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const page = await signIn('admin', lang);
      for (const p of ['overview', 'rfm', 'matrices', 'customers', 'segments', 'portraits', 'targets', 'allocation', 'company', 'sources', 'campaigns', 'churn', 'care', 'import', 'audit']) {
        await open(page, `#/${p}`);
        const errors = await page.$$eval('.state.error', (es) => es.map((e) => e.textContent));
        expect(errors, `${lang} ${p}`).toEqual([]);
        await shot(page, `${p}-${lang}`);
      }
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      expect(await page.textContent('[data-nav=overview]')).toContain(lang === 'en' ? 'Overview' : '总览');
      await open(page, '#/churn');
      await page.waitForSelector('[data-testid=churn-table][data-total]');
      await open(page, '#/matrices');
      await page.click('[data-testid=matrix-currentLongTerm] [data-cell=IV]');
      await page.waitForSelector('[data-testid=matrix-customers][data-total]');
      const iv = await api<{ members: number }>(`/api/segments/count?rule=${encodeURIComponent('value.quadrant = "IV"')}`);
      expect(await page.getAttribute('[data-testid=matrix-customers]', 'data-total')).toBe(String(iv.members));
      await page.close();
    }
    // Switching language on the page itself.
    const page = await signIn('analyst');
    await page.click('[data-lang=zh-CN]');
    await page.waitForSelector('[data-nav=overview]:has-text("总览")');
    await page.waitForSelector('[data-chart=whale] svg path', { state: 'attached' });
    await page.close();
    expect(failures).toEqual([]);
  });

  it('shows an import made from the CLI while the server runs, without a restart (issue 14)', async () => {
    // Last in this file: a second server on the same engine changes the data behind the first one's back (a test
    // artefact: `serve` is one server per store). A server as `clientele serve` starts it: with a local token and
    // the note beside the store for the CLI.
    const localToken = newLocalToken();
    const s2 = await f.start({ localToken });
    writeNote(f.engine.location, { pid: process.pid, url: s2.url, token: localToken });
    const tmp = tempDir();
    try {
      const page = await tab();
      await page.goto(s2.url + '/');
      await page.fill('input[name=name]', 'analyst');
      await page.fill('input[name=password]', f.passwords.analyst);
      await page.click('button[type=submit]');
      await page.waitForSelector('[data-testid=role]');
      await settled(page);
      const total = async () => Number(((await (await fetch(`${s2.url}/api/value`, { headers: { authorization: `Bearer ${f.tokens.analyst}` } })).json()) as { customers: { total: number } }).customers.total);
      const before = await total();
      expect(await page.textContent('[data-testid=kpi-customers]')).toContain(String(before));
      await open(page, '#/import');
      await page.waitForSelector('[data-testid=past-imports] tbody tr');
      expect(await page.textContent('[data-testid=past-imports]')).not.toContain('cli-orders.csv');

      const file = join(tmp.dir, 'cli-orders.csv');
      writeFileSync(file, 'order_id,customer_id,ordered_at,product_id,quantity,unit_price\nCLI-1,CLI-NEW-1,2024-12-01,P0001,3,19.5\nCLI-2,CLI-NEW-2,2024-12-02,P0001,1,19.5\n');
      const cli = await runCli(['--db', f.engine.location, 'import', 'orders', file]);
      expect(cli.code, cli.stderr).toBe(0);
      expect(cli.stderr).toContain(s2.url);

      // The same tab, the same server: the import is listed, and the overview counts the new buyers.
      await open(page, '#/overview');
      await open(page, '#/import');
      await page.waitForSelector('[data-testid=past-imports] >> text=cli-orders.csv');
      await shot(page, 'import-from-cli');
      await open(page, '#/overview');
      const after = await total();
      expect(after).toBe(before + 2);
      await page.waitForSelector(`[data-testid=kpi-customers]:has-text("${after}")`);
      await page.close();
    } finally {
      removeNote(f.engine.location);
      tmp.cleanup();
    }
  });
});
