/** The API answers as the core functions do, and stays consistent while reads and writes run side by side. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recommend } from '../act/index.js';
import { customerListPage } from '../catalog/index.js';
import { loadSegmentFigures, planAllocation } from '../target/index.js';
import { normalizeCompany } from '../target/index.js';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
const auth = (who: keyof Fixture['tokens']) => ({ authorization: `Bearer ${f.tokens[who]}` });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string, who: keyof Fixture['tokens'] = 'viewer'): Promise<any> => {
  const res = await fetch(f.server.url + path, { headers: auth(who) });
  expect(res.status, path).toBe(200);
  return res.json();
};

beforeAll(async () => {
  f = await fixture(300);
}, 120_000);
afterAll(async () => f?.close());

describe('customer list', () => {
  it('lists the customers of each cell of the R×F grid (the dashboard clicks a cell)', async () => {
    const { rfm } = await get('/api/rfm');
    for (let r = 1; r <= 5; r++) {
      for (let fq = 1; fq <= 5; fq++) {
        const page = await get(`/api/customers?r=${r}&f=${fq}&pageSize=500`);
        expect(page.total, `r=${r} f=${fq}`).toBe(rfm.grid[r - 1][fq - 1]);
        expect(page.customers.length).toBe(page.total);
        for (const c of page.customers) expect([c.r, c.f]).toEqual([r, fq]);
      }
    }
  });

  it('pages, sorts and filters as the core list does, and the pages add up to the total', async () => {
    const { runId, asOf } = await get('/api/value');
    const query = { segment: 'Hibernating', quadrant: 'I', sort: 'revenue', order: 'asc' } as const;
    const all: string[] = [];
    let total = 0;
    for (let page = 1; ; page++) {
      const r = await get(`/api/customers?segment=Hibernating&quadrant=I&sort=revenue&order=asc&pageSize=7&page=${page}`);
      total = r.total;
      all.push(...r.customers.map((c: { customer_id: string }) => c.customer_id));
      if (r.customers.length < 7) break;
    }
    expect(total).toBeGreaterThan(7);
    expect(all.length).toBe(total);
    const core = await customerListPage(f.engine, { runId, asOf }, { ...query, limit: 1000, offset: 0 });
    expect(all).toEqual(core.map((c) => c.customer_id));
    const tier = await get('/api/customers?tier=core&rule=' + encodeURIComponent('orders >= 3') + '&pageSize=500');
    for (const c of tier.customers) {
      expect(c.value_loyalty).toBe('core');
      expect(c.orders).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('decisions', () => {
  it('allocates a budget as `clientele allocate` does, minimums first', async () => {
    const r = await get(`/api/allocate?budget=20000&min=${encodeURIComponent('At Risk=3000')}&max=${encodeURIComponent('Champions=1000')}&maxUplift=0.3`);
    const { rows } = await loadSegmentFigures(f.engine, 'rfm', normalizeCompany({}), (await import('../value/index.js')).normalizeValueConfig({}));
    const core = planAllocation(rows, { budget: 20000, maxUplift: 0.3, costScale: 20, min: new Map([['At Risk', 3000]]), max: new Map([['Champions', 1000]]) });
    expect(r.lines).toEqual(core.lines);
    expect(r.spent).toBeCloseTo(20000, 6);
    expect(r.lines.find((l: { name: string }) => l.name === 'At Risk').spend).toBeGreaterThanOrEqual(3000 - 1e-6);
    expect(r.lines.find((l: { name: string }) => l.name === 'Champions').spend).toBeLessThanOrEqual(1000 + 1e-6);
    expect(r.model).toEqual({ maxUplift: 0.3, costScale: 20 });
  });

  it("recommends for one customer as the core does, flagging opted-out customers", async () => {
    const [{ id }] = await f.engine.query<{ id: string }>("SELECT customer_id AS id FROM order_lines WHERE customer_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    const r = await get(`/api/recommendations?customer=${id}&top=5&pageSize=500`);
    const core = await recommend(f.engine, { customer: id, top: 5 });
    expect(r.crossSell.map((x: { productId: string }) => x.productId)).toEqual(core.crossSell.map((x) => x.productId));
    expect(r.upsell.map((x: { productId: string }) => x.productId)).toEqual(core.upsell.map((x) => x.productId));
    expect(r.crossSell.length).toBeGreaterThan(0);
    for (const x of r.crossSell) expect(x.customerId).toBe(id);
    expect(typeof r.crossSell[0].optOut).toBe('boolean');
    const all = await get('/api/recommendations?pageSize=10&page=2');
    expect(all.crossSell.length).toBe(10);
    expect(all.total.crossSell).toBeGreaterThan(20);
  });

  it('plans care campaigns with holidays, birthdays and anniversaries in the window', async () => {
    const r = await get('/api/care?from=2024-01-01&to=2024-12-31&pageSize=500', 'analyst');
    expect(r.holidays.map((h: { key: string }) => h.key)).toEqual(expect.arrayContaining(['new-year', 'spring-festival', 'mid-autumn', 'christmas']));
    expect(r.total).toBe(r.counts.birthdays + r.counts.anniversaries);
    for (const e of r.events) expect(e.date >= '2024-01-01' && e.date <= '2024-12-31').toBe(true);
  });

  it('qualifies leads on MAN, filtered by status', async () => {
    const r = await get('/api/leads/qualify?status=qualified&pageSize=500');
    expect(r.total).toBe(r.qualified);
    for (const q of r.results) expect(q.status).toBe('qualified');
  });
});

describe('under concurrent reads and writes', () => {
  it('answers every read while an import changes the data, each from one consistent value run', async () => {
    const before = await get('/api/customers?pageSize=1');
    const reads = Array.from({ length: 40 }, (_, i) => (i % 2 ? get(`/api/customers?pageSize=5&page=${1 + (i % 4)}&sort=goodScore`) : get(`/api/segments/count?rule=${encodeURIComponent(`profit > ${i}`)}`)));
    const csv = 'customer_id,country\nNEW-1,Atlantis\nNEW-2,Atlantis\n';
    const imp = fetch(`${f.server.url}/api/imports?entity=customers&filename=new.csv`, { method: 'POST', headers: { ...auth('analyst'), 'content-type': 'text/csv' }, body: csv });
    const more = Array.from({ length: 20 }, () => get(`/api/segments/count?rule=${encodeURIComponent('country = "Atlantis"')}`));
    const [imported, ...results] = await Promise.all([imp, ...reads, ...more]);
    expect(imported.status).toBe(200);
    for (const r of results.slice(0, reads.length)) if ('total' in r) expect([before.total, before.total + 2]).toContain(r.total);
    for (const r of results.slice(reads.length)) expect([0, 2]).toContain(r.members);
    // Once the import is done, the cached counts and totals are those of the new data.
    expect((await get(`/api/segments/count?rule=${encodeURIComponent('country = "Atlantis"')}`)).members).toBe(2);
    const after = await get('/api/customers?pageSize=1');
    expect(after.total).toBe(before.total + 2);
    expect(after.runId).not.toBe(before.runId);
  });

  it("forgets a removed user's tokens at once, though known tokens are cached", async () => {
    const admin = { ...auth('admin'), 'content-type': 'application/json' };
    expect((await fetch(`${f.server.url}/api/users`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'temp', role: 'viewer', password: 'temp-password-1' }) })).status).toBe(200);
    const { token } = (await (await fetch(`${f.server.url}/api/users/temp/tokens`, { method: 'POST', headers: admin, body: '{}' })).json()) as { token: string };
    const me = () => fetch(`${f.server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    expect((await me()).status).toBe(200);
    expect((await fetch(`${f.server.url}/api/users/temp`, { method: 'DELETE', headers: auth('admin') })).status).toBe(200);
    expect((await me()).status).toBe(401);
  });
});
