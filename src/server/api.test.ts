/** The API answers as the core functions do, and stays consistent while reads and writes run side by side. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { churnReport, findLookalikes, recommend, referralReport } from '../act/index.js';
import { normalizeValueConfig } from '../value/index.js';
import { MASK } from './mask.js';
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
    const r = await get(`/api/allocate?budget=20000&min=${encodeURIComponent('At Risk=3000')}&max=${encodeURIComponent('Champions=1000')}&maxUplift=0.3&hurdle=0`);
    const { rows } = await loadSegmentFigures(f.engine, 'rfm', normalizeCompany({}), (await import('../value/index.js')).normalizeValueConfig({}));
    const core = planAllocation(rows, { budget: 20000, maxUplift: 0.3, costScale: 20, min: new Map([['At Risk', 3000]]), max: new Map([['Champions', 1000]]), hurdle: 0 });
    expect(r.lines).toEqual(core.lines);
    expect(r.spent).toBeCloseTo(20000, 6);
    expect(r.lines.find((l: { name: string }) => l.name === 'At Risk').spend).toBeGreaterThanOrEqual(3000 - 1e-6);
    expect(r.lines.find((l: { name: string }) => l.name === 'Champions').spend).toBeLessThanOrEqual(1000 + 1e-6);
    expect(r.model).toEqual({ maxUplift: 0.3, costScale: 20, hurdle: 0, measured: {} });
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

describe('prospects and retention', () => {
  const config = normalizeValueConfig({});
  const text = async (path: string, who: keyof Fixture['tokens']) => {
    const res = await fetch(f.server.url + path, { headers: auth(who) });
    return { status: res.status, body: await res.text() };
  };

  it('lists the customers at risk as `clientele churn` does, each meeting a rule of risk, pages adding up', async () => {
    const core = await churnReport(f.engine, config);
    const head = await get('/api/churn?pageSize=1');
    expect(head.atRisk).toBe(core.atRisk);
    expect(head.valueAtRisk).toBeCloseTo(core.valueAtRisk, 6);
    expect(head.byMethod).toEqual(core.byMethod);
    expect(head.economics.retention).toBeCloseTo(core.economics!.retention, 12);
    expect(head.total).toBe(core.customers.length);
    const ids: string[] = [];
    for (let page = 1; ids.length < head.total; page++) {
      const r = await get(`/api/churn?pageSize=100&page=${page}`);
      expect(r.customers.length).toBeGreaterThan(0);
      for (const c of r.customers) {
        // At risk means: P(alive) from a model below 0.5, or silent for at least twice the usual gap.
        expect(c.recencyDays >= 2 * c.expectedGapDays - 1e-9 || (head.pAlive.source === 'model' && c.pAlive < 0.5), c.customerId).toBe(true);
        ids.push(c.customerId);
      }
    }
    expect(ids).toEqual(core.customers.map((c) => c.customerId));
  });

  it('exports the win-back campaign to analysts without opted-out or let-go customers, and audits it', async () => {
    const core = await churnReport(f.engine, config);
    const out = new Set((await f.engine.query<{ id: string }>('SELECT customer_id AS id FROM customers WHERE opt_out')).map((r) => r.id));
    const expected = core.customers.filter((c) => c.method !== 'let go' && !out.has(c.customerId)).map((c) => c.customerId);
    const [{ n: audits }] = await f.engine.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'export.churn'");
    const r = await text('/api/churn/export', 'analyst');
    expect(r.status).toBe(200);
    const lines = r.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0].split(',')[0]).toBe('customer_id');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(expected);
    expect((await f.engine.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'export.churn'"))[0].n).toBe(audits + 1);
    expect((await text('/api/churn/export', 'viewer')).status).toBe(403);
  });

  it('scores lookalikes as `clientele lookalike` does', async () => {
    const core = await findLookalikes(f.engine, config, { among: 'auto' });
    const r = await get('/api/lookalikes?pageSize=50');
    expect(r.among).toBe(core.among);
    expect(r.total).toBe(core.lookalikes.length);
    expect(r.lookalikes.map((l: { id: string }) => l.id)).toEqual(core.lookalikes.slice(0, 50).map((l) => l.id));
    expect(r.attributes.map((a: { name: string }) => a.name)).toEqual(core.attributes.map((a) => a.name));
  });

  it("gives each referrer their chain's profit, recomputed here from who referred whom, names masked for viewers", async () => {
    const core = await referralReport(f.engine, config);
    const r = await get('/api/referrals?pageSize=10');
    expect(r.total).toBe(core.referrers.length);
    expect(r.referrers.map((x: { id: string }) => x.id)).toEqual(core.referrers.slice(0, 10).map((x) => x.id));
    for (const x of r.referrers) if (x.name !== null) expect(x.name).toBe(MASK);
    // By hand: everyone below a customer in the customers' referred_by tree, their profits summed.
    const rows = await f.engine.query<{ id: string; by: string | null; profit: number }>(
      'SELECT c.customer_id AS id, c.referred_by AS by, COALESCE(s.profit, 0) AS profit FROM customers c LEFT JOIN customer_summary s USING (customer_id)',
    );
    const children = new Map<string, string[]>();
    for (const x of rows) if (x.by && x.by !== x.id) children.set(x.by, [...(children.get(x.by) ?? []), x.id]);
    const profit = new Map(rows.map((x) => [x.id, Number(x.profit)]));
    for (const top of r.referrers.filter((x: { kind: string }) => x.kind === 'customer').slice(0, 5)) {
      const seen = new Set<string>();
      const stack = [...(children.get(top.id) ?? [])];
      while (stack.length) {
        const id = stack.pop()!;
        if (seen.has(id) || id === top.id) continue;
        seen.add(id);
        stack.push(...(children.get(id) ?? []));
      }
      // Leads in a chain add no profit (they have not bought): the customers below give it all.
      expect(top.chain.customers, top.id).toBe(seen.size);
      expect(top.chain.profit, top.id).toBeCloseTo([...seen].reduce((a, id) => a + (profit.get(id) ?? 0), 0), 6);
    }
    const analyst = await get('/api/referrals?pageSize=10', 'analyst');
    expect(analyst.personalData).toBe('visible');
    expect(analyst.referrers.map((x: { id: string }) => x.id)).toEqual(r.referrers.map((x: { id: string }) => x.id));
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
