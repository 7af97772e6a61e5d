/**
 * Kept answers (cache.ts): a page served from a kept block is the page the store gives for that range, across
 * block edges and in both orders; an unchanged answer is a 304 for the client that has it; and an import drops
 * everything kept, so the next answer has the new data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerListPage, countCustomers } from '../catalog/index.js';
import { AnswerCache } from './cache.js';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string, headers: Record<string, string> = {}): Promise<{ status: number; etag: string | null; body: any }> => {
  const r = await fetch(f.server.url + path, { headers: { ...auth(f.tokens.viewer), ...headers } });
  return { status: r.status, etag: r.headers.get('etag'), body: r.status === 200 ? await r.json() : null };
};

beforeAll(async () => {
  f = await fixture(300);
}, 120_000);
afterAll(async () => f?.close());

describe('kept answers', () => {
  it('serve every page of a list as the store reads it, across block edges, in both orders and with filters', async () => {
    const { body: v } = await get('/api/value');
    const run = { runId: v.runId, asOf: v.asOf };
    for (const q of [{ sort: 'profit', order: 'desc' }, { sort: 'lastPurchase', order: 'asc' }, { sort: 'goodScore', order: 'asc', segment: 'At Risk' }] as const) {
      const pageSize = 7;
      const total = await countCustomers(f.engine, run, 'segment' in q ? { segment: q.segment } : {});
      const pages = Math.ceil(total / pageSize) + 1;
      for (let page = 1; page <= pages; page++) {
        const { body } = await get(`/api/customers?${new URLSearchParams({ ...(q as Record<string, string>), page: String(page), pageSize: String(pageSize) })}`);
        const direct = await customerListPage(f.engine, run, { ...q, limit: pageSize, offset: (page - 1) * pageSize });
        expect(body.total).toBe(total);
        expect(body.customers, `${JSON.stringify(q)} page ${page}`).toEqual(JSON.parse(JSON.stringify(direct)));
      }
    }
  });

  it('answers 304 to a client that has the answer, and a new answer once the data changed', async () => {
    const first = await get('/api/customers?sort=customerId&order=asc&pageSize=500');
    expect(first.etag).toMatch(/^W\//);
    expect((await get('/api/customers?sort=customerId&order=asc&pageSize=500', { 'if-none-match': first.etag! })).status).toBe(304);
    const overview = await get('/api/value');
    expect((await get('/api/value', { 'if-none-match': overview.etag! })).status).toBe(304);
    const up = await fetch(`${f.server.url}/api/imports?entity=orders&filename=more.csv`, {
      method: 'POST',
      headers: { ...auth(f.tokens.analyst), 'content-type': 'text/csv' },
      body: 'order_id,customer_id,ordered_at,product_id,quantity,unit_price\nK1,AAA-NEW,2024-12-01,P0001,1,10\n',
    });
    expect(up.status).toBe(200);
    const again = await get('/api/customers?sort=customerId&order=asc&pageSize=500', { 'if-none-match': first.etag! });
    expect(again.status).toBe(200);
    expect(again.body.total).toBe(first.body.total + 1);
    expect(again.body.customers.map((c: { customer_id: string }) => c.customer_id)).toContain('AAA-NEW');
    expect((await get('/api/value', { 'if-none-match': overview.etag! })).status).toBe(200);
    // A customer's page is never stored by the client (it may hold personal data for analysts).
    const one = await fetch(`${f.server.url}/api/customers/AAA-NEW`, { headers: auth(f.tokens.analyst) });
    expect(one.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps within its size, drops the least recently used first, shares one computation, and forgets on clear', async () => {
    const c = new AnswerCache<string>(100, (s) => s.length);
    let runs = 0;
    const compute = (v: string) => async () => {
      runs++;
      return v;
    };
    await Promise.all([c.get('a', compute('x'.repeat(40))), c.get('a', compute('y'))]);
    expect(runs).toBe(1);
    await c.get('b', compute('x'.repeat(40)));
    await c.get('a', compute('z')); // a used again: b is now the oldest
    await c.get('c', compute('x'.repeat(40)));
    expect(c.usedBytes).toBeLessThanOrEqual(100);
    expect(await c.get('a', compute('new'))).toBe('x'.repeat(40));
    expect(await c.get('b', compute('recomputed'))).toBe('recomputed');
    c.clear();
    expect(await c.get('a', compute('after'))).toBe('after');
    // A computation that started before a clear is not kept after it.
    let release!: (v: string) => void;
    const slow = c.get('s', () => new Promise<string>((r) => (release = r)));
    c.clear();
    release('stale');
    await slow;
    expect(await c.get('s', compute('fresh'))).toBe('fresh');
  });
});
