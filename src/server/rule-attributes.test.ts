/**
 * Rules on imported attributes through the API (QA session 7, finding 12): quoted names count as the file says,
 * and a name no customer has is a 400 naming the close ones (English and 简体中文), on the live count, the list and
 * a saved segment; the dashboard's builder feeds campaigns and exports from such counts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });
const q = encodeURIComponent;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = async (r: Response): Promise<any> => r.json();
const TYPES = ['Month-to-month', 'One year', 'Two year'];

beforeAll(async () => {
  f = await fixture(120);
  const a = f.tokens.analyst;
  const customers = ['customer_id,Contract Type,Monthly Charges ($)', ...Array.from({ length: 30 }, (_, i) => `T${i},${TYPES[i % 3]},${20 + i}`)].join('\n');
  const orders = ['order_id,customer_id,ordered_at,product_id,quantity,unit_price', ...Array.from({ length: 30 }, (_, i) => `TO${i},T${i},2024-03-0${1 + (i % 9)},P1,1,${5 + i}`)].join('\n');
  for (const [entity, csv] of [['customers', customers], ['orders', orders]]) {
    const r = await fetch(`${f.server.url}/api/imports?entity=${entity}&filename=${entity}.csv`, { method: 'POST', headers: { ...auth(a), 'content-type': 'text/csv' }, body: csv });
    expect(r.status, await r.text()).toBe(200);
  }
}, 180_000);
afterAll(async () => f?.close());

describe('attributes in rules through the API', () => {
  it('counts and lists a quoted attribute name as the file says', async () => {
    const rule = 'attributes."Contract Type" = "Two year" and attributes["Monthly Charges ($)"] > 30';
    const expected = Array.from({ length: 30 }, (_, i) => i).filter((i) => TYPES[i % 3] === 'Two year' && 20 + i > 30).map((i) => `T${i}`).sort();
    const count = await json(await fetch(`${f.server.url}/api/segments/count?rule=${q(rule)}`, { headers: auth(f.tokens.analyst) }));
    expect(count.members).toBe(expected.length);
    const list = await json(await fetch(`${f.server.url}/api/customers?pageSize=500&sort=customerId&order=asc&rule=${q(rule)}`, { headers: auth(f.tokens.analyst) }));
    expect(list.customers.map((c: { customer_id?: string; customerId?: string }) => c.customer_id ?? c.customerId).sort()).toEqual(expected);
  });

  it('refuses a misspelt attribute (400) on the count, the list and a save, naming the close one, in both languages', async () => {
    const rule = 'attributes.Contract_Type = "Two year"';
    for (const path of [`/api/segments/count?rule=${q(rule)}`, `/api/customers?rule=${q(rule)}`]) {
      const r = await fetch(f.server.url + path, { headers: auth(f.tokens.analyst) });
      expect(r.status, path).toBe(400);
      const j = await json(r);
      expect(j.error.message).toMatch(/no customer has the attribute attributes\.Contract_Type \(did you mean attributes\."Contract Type"\?/);
      const zh = await json(await fetch(f.server.url + path, { headers: { ...auth(f.tokens.analyst), 'accept-language': 'zh-CN' } }));
      expect(zh.error.message).toMatch(/^没有客户有属性 attributes\.Contract_Type（是否想用 attributes\."Contract Type"？已导入的属性：/);
    }
    const saved = await fetch(`${f.server.url}/api/segments`, { method: 'POST', headers: { ...auth(f.tokens.analyst), 'content-type': 'application/json' }, body: JSON.stringify({ name: 's8', rule }) });
    expect(saved.status).toBe(400);
    expect((await json(await fetch(`${f.server.url}/api/segments`, { headers: auth(f.tokens.analyst) }))).segments.map((s: { name: string }) => s.name)).not.toContain('s8');
    // An unquoted name with a space says how to quote it.
    const r = await fetch(`${f.server.url}/api/segments/count?rule=${q('attributes.Contract Type = "Two year"')}`, { headers: auth(f.tokens.analyst) });
    expect(r.status).toBe(400);
    expect((await json(r)).error.message).toMatch(/^expected a comparison .*, found "Type" \(an attribute name with spaces or signs goes in quotes: attributes\."Contract Type"/);
    for (const rule of ['attributes.Contract Type = "Two year"', 'attributes.Churned? = 1', 'attributes."" = 1', 'attributes["x" = 1']) {
      const zh = await json(await fetch(`${f.server.url}/api/segments/count?rule=${q(rule)}`, { headers: { ...auth(f.tokens.analyst), 'accept-language': 'zh-CN' } }));
      expect(zh.error.message, rule).toMatch(/(属性要加引号|属性名不能为空|属性名后应为)[\s\S]*第 \d+ 列/);
    }
  });
});
