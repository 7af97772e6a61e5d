/** GET /api/segments/suggest: values for the segment builder, checked against the rows themselves. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await fixture(300);
}, 120_000);
afterAll(async () => f?.close());

const get = async (path: string, role: 'admin' | 'analyst' | 'viewer' = 'analyst') => {
  const res = await fetch(f.server.url + path, { headers: { authorization: `Bearer ${f.tokens[role]}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

/** R type 7 quantile of sorted numbers, computed here, apart from the engine. */
function quantile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
}

describe('GET /api/segments/suggest', () => {
  it("gives a text field's most common values with the number of customers holding each", async () => {
    const { status, body } = await get('/api/segments/suggest?field=country&limit=5');
    expect(status).toBe(200);
    const rows = await f.engine.query<{ country: string | null }>('SELECT country FROM customers');
    const counts = new Map<string, number>();
    for (const r of rows) if (r.country !== null) counts.set(r.country, (counts.get(r.country) ?? 0) + 1);
    const expected = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5).map(([value, customers]) => ({ value, customers }));
    expect(body).toMatchObject({ field: 'country', type: 'text', values: expected });
  });

  it("gives a number field's spread: min, quartiles and max over the customers who have it", async () => {
    const { body } = await get('/api/segments/suggest?field=profit');
    const xs = (await f.engine.query<{ p: number | null }>('SELECT s.profit AS p FROM customers c LEFT JOIN customer_summary s ON s.customer_id = c.customer_id')).map((r) => r.p).filter((x): x is number => x !== null).sort((a, b) => a - b);
    const r = body.range as Record<string, number>;
    expect(r.customers).toBe(xs.length);
    expect(r.min).toBeCloseTo(xs[0], 6);
    expect(r.max).toBeCloseTo(xs[xs.length - 1], 6);
    expect(r.median).toBeCloseTo(quantile(xs, 0.5), 6);
    expect(r.q1).toBeCloseTo(quantile(xs, 0.25), 6);
  });

  it('gives dates as days, and refuses viewers the values of personal fields', async () => {
    const { body } = await get('/api/segments/suggest?field=last_purchase');
    expect((body.range as Record<string, string>).median).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await get('/api/segments/suggest?field=email', 'viewer')).status).toBe(403);
    expect((await get('/api/segments/suggest?field=country', 'viewer')).status).toBe(200);
    expect((await get('/api/segments/suggest?field=email', 'analyst')).status).toBe(200);
    const bad = await get('/api/segments/suggest?field=contry');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('country');
  });
});
