/**
 * What the dashboard reads from the API (customers by rule, rule fields, one customer's prediction and
 * recommendations, allocation, the care calendar) and the static files (static.ts), over a real server and store.
 * Tokens and roles for these routes are covered with every other route in security.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webFile } from './static.js';
import { fixture, rowCounts, type Fixture } from './test-fixture.js';

let f: Fixture;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string, token = f.tokens.viewer): Promise<{ status: number; body: any; text: string; headers: Headers }> => {
  const res = await fetch(f.server.url + path, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, text, headers: res.headers };
};
const q = encodeURIComponent;

beforeAll(async () => {
  f = await fixture(300);
  expect((await get('/api/value')).status).toBe(200);
}, 120_000);
afterAll(async () => f?.close());

describe('customers by rule', () => {
  it('lists the members of an RFM cell, as many as the grid says, sorted and paged in the store', async () => {
    const { rfm } = (await get('/api/rfm')).body;
    const r = await get(`/api/customers?rule=${q('rfm.r = 5 and rfm.f = 5')}&pageSize=7&sort=profit&order=desc`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(rfm.grid[4][4]);
    expect(r.body.customers).toHaveLength(Math.min(7, rfm.grid[4][4]));
    for (const c of r.body.customers) expect([c.r, c.f]).toEqual([5, 5]);
    const profits = r.body.customers.map((c: { profit: number }) => c.profit);
    expect(profits).toEqual([...profits].sort((a, b) => b - a));
    const page2 = await get(`/api/customers?rule=${q('rfm.r = 5 and rfm.f = 5')}&pageSize=7&page=2`);
    expect(page2.body.customers[0].customer_id).not.toBe(r.body.customers[0].customer_id);
  });

  it('counts what /api/segments/count counts, and carries no personal data', async () => {
    for (const rule of ['value.quadrant = "IV"', 'country = "China" and profit > 0', 'value.satisfaction = "apostle"']) {
      const list = await get(`/api/customers?rule=${q(rule)}&pageSize=500`, f.tokens.analyst);
      const count = await get(`/api/segments/count?rule=${q(rule)}`);
      expect(list.body.total, rule).toBe(count.body.members);
      const emails = await f.engine.query<{ email: string }>('SELECT email FROM customers WHERE email IS NOT NULL LIMIT 20');
      for (const e of emails) expect(list.text).not.toContain(e.email);
      expect(Object.keys(list.body.customers[0] ?? {})).not.toContain('name');
    }
  });

  it('refuses a missing or malformed rule, injection and bad sorts with 400, changing nothing', async () => {
    const before = await rowCounts(f.engine);
    for (const p of [
      `/api/customers?rule=${q('profit >')}`,
      `/api/customers?rule=${q('country = "x" OR 1=1; DROP TABLE customers --')}`,
      `/api/customers?rule=${q('profit > 0 UNION SELECT password_hash FROM users')}`,
      `/api/customers?rule=${q('profit > 0')}&sort=${q('profit; DROP TABLE customers')}`,
      `/api/customers?rule=${q('profit > 0')}&pageSize=100000`,
      `/api/customers?rule=${q('x'.repeat(5000))}`,
    ]) {
      const r = await get(p);
      expect(r.status, p).toBe(400);
      expect(r.body.error.code).toBe('bad_request');
    }
    expect(await rowCounts(f.engine)).toEqual(before);
  });
});

describe('the other routes the dashboard reads', () => {
  it('lists the rule fields', async () => {
    const r = await get('/api/segments/fields');
    const names = r.body.fields.map((x: { name: string }) => x.name);
    expect(names).toEqual(expect.arrayContaining(['rfm.r', 'rfm.f', 'value.quadrant', 'profit', 'country']));
  });

  it("gives a customer's prediction (none stored: an empty list) and recommendations, and 404 for an unknown one", async () => {
    const [{ id }] = await f.engine.query<{ id: string }>('SELECT customer_id AS id FROM customer_summary ORDER BY orders DESC, customer_id LIMIT 1');
    const p = await get(`/api/clv/predictions?customer=${q(id)}`);
    expect(p.status).toBe(200);
    expect(p.body.predictions).toEqual([]);
    const r = await get(`/api/recommendations?customer=${q(id)}&top=5`);
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.crossSell) && Array.isArray(r.body.upsell)).toBe(true);
    for (const c of r.body.crossSell) expect(c.customerId).toBe(id);
    expect((await get(`/api/recommendations?customer=${q("' OR '1'='1")}`)).status).toBe(404);
  });

  it('allocates the whole budget across the RFM segments, and refuses bad figures', async () => {
    const r = await get('/api/allocate?budget=10000&hurdle=0');
    expect(r.status).toBe(200);
    expect(r.body.spent).toBeCloseTo(10000, 3);
    expect(r.body.lines.reduce((a: number, l: { spend: number }) => a + l.spend, 0)).toBeCloseTo(10000, 3);
    for (const p of ['', '?budget=-1', '?budget=abc', '?budget=100&maxUplift=0', '?budget=100&by=everyone', '?budget=100&costScale=-2']) expect((await get(`/api/allocate${p}`)).status, p).toBe(400);
  });

  it('plans care greetings by day: names masked for viewers, shown to analysts', async () => {
    const r = await get('/api/care?from=2024-01-01&to=2024-12-31&pageSize=500');
    expect(r.status).toBe(200);
    // Viewers get birthdays counted, not listed (a narrow window would pick the day): mask.ts.
    expect(r.body.total).toBe(r.body.counts.anniversaries);
    expect(r.body.days.reduce((a: number, d: { birthdays: number; anniversaries: number }) => a + d.birthdays + d.anniversaries, 0)).toBe(r.body.counts.birthdays + r.body.counts.anniversaries);
    expect(r.body.holidays.length).toBeGreaterThan(0);
    const names = await f.engine.query<{ name: string }>('SELECT name FROM customers WHERE name IS NOT NULL LIMIT 50');
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(r.text).not.toContain(n.name);
    expect(r.body.personalData).toBe('masked');
    const a = await get('/api/care?from=2024-01-01&to=2024-12-31&pageSize=500', f.tokens.analyst);
    expect(a.body.personalData).toBe('visible');
    expect(a.body.days).toEqual(r.body.days);
    expect(a.body.total).toBe(a.body.counts.birthdays + a.body.counts.anniversaries);
    for (const p of ['', '?from=2024-01-01', '?from=2024-02-30x&to=2024-03-01', '?from=2024-05-01&to=2024-01-01', '?from=2020-01-01&to=2024-01-01']) expect((await get(`/api/care${p}`)).status, p).toBe(400);
  });
});

describe('static files', () => {
  it('serves the built dashboard at / with a strict Content-Security-Policy, and leaves the API its JSON 404', async () => {
    const res = await fetch(f.server.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/);
    expect(await res.text()).toMatch(/<div id="root">|npm run build/);
    const api = await fetch(f.server.url + '/api/nothing-here');
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const unknown = await fetch(f.server.url + '/assets/nothing.js');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('never reads outside its folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'clientele-web-'));
    mkdirSync(join(root, 'web', 'assets'), { recursive: true });
    writeFileSync(join(root, 'web', 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'web', 'assets', 'a.js'), 'x');
    writeFileSync(join(root, 'secret.js'), 'secret');
    const web = join(root, 'web');
    expect((await webFile(web, '/'))?.type).toMatch(/^text\/html/);
    expect((await webFile(web, '/assets/a.js'))?.type).toMatch(/javascript/);
    for (const p of ['/../secret.js', '/assets/../../secret.js', '/assets/%2e%2e/%2e%2e/secret.js', '/assets/..%2f..%2fsecret.js', '/assets/a.js%00.html', '/assets/%E0%A4%A.js', '/assets']) expect(await webFile(web, p), p).toBeNull();
    for (const p of ['/assets/..%2f..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/%2e%2e/package.json', '/..%2fpackage.json']) {
      const res = await fetch(f.server.url + p);
      expect(res.status, p).toBe(404);
      expect(await res.text()).not.toContain('"devDependencies"');
    }
    rmSync(root, { recursive: true, force: true });
  });
});
