/**
 * What a viewer could learn about birth dates without reading one (QA session 7, finding 1): a care calendar's
 * narrow window, lookalikes' age bands, the year of birth (masked and refused like the date), member lists of
 * segments chosen on personal data, and a portrait's stand-out points. Each through the real server, as a viewer,
 * with the analyst's answer beside it to show the data is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MASK } from './mask.js';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (path: string, token: string): Promise<{ status: number; body: any; text: string }> => {
  const r = await fetch(f.server.url + path, { headers: auth(token) });
  const text = await r.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body, text };
};
const q = encodeURIComponent;

beforeAll(async () => {
  f = await fixture(300);
  const a = f.tokens.analyst;
  // Customers with a year of birth only (no date), and orders so they are in the value run.
  const customers = ['customer_id,birth_year,country', ...Array.from({ length: 8 }, (_, i) => `Y${i},${1931 + i},Kenya`)].join('\n');
  const orders = ['order_id,customer_id,ordered_at,product_id,quantity,unit_price', ...Array.from({ length: 8 }, (_, i) => `YO${i},Y${i},2024-02-1${i},P1,1,${10 + i}`)].join('\n');
  for (const [entity, csv] of [['customers', customers], ['orders', orders]]) {
    const r = await fetch(`${f.server.url}/api/imports?entity=${entity}&filename=${entity}.csv`, { method: 'POST', headers: { ...auth(a), 'content-type': 'text/csv' }, body: csv });
    expect(r.status, await r.text()).toBe(200);
  }
  expect((await get('/api/value', f.tokens.viewer)).status).toBe(200);
}, 180_000);
afterAll(async () => f?.close());

describe('birth dates reach no viewer through what derives from them', () => {
  it('care calendar: a one-day window lists no birthday to a viewer, and no window orders them among other events', async () => {
    const [{ day }] = await f.engine.query<{ day: string }>("SELECT strftime(birth_date, '2024-%m-%d') AS day FROM customers WHERE birth_date IS NOT NULL AND strftime(birth_date, '%m-%d') <> '02-29' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    const born = (await f.engine.query<{ id: string }>("SELECT customer_id AS id FROM customers WHERE strftime(birth_date, '%m-%d') = $1 AND year(birth_date) < 2024 ORDER BY 1", [day.slice(5)])).map((r) => r.id);
    expect(born.length).toBeGreaterThan(0);
    const path = `/api/care?from=${day}&to=${day}&pageSize=500`;
    const an = await get(path, f.tokens.analyst);
    expect(an.body.events.filter((e: { kind: string }) => e.kind === 'birthday').map((e: { customerId: string }) => e.customerId).sort()).toEqual(born);
    const v = await get(path, f.tokens.viewer);
    expect(v.status).toBe(200);
    expect(v.body.personalData).toBe('masked');
    expect(v.body.events.filter((e: { kind: string }) => e.kind === 'birthday')).toEqual([]);
    // Counted, not listed: the day's count says how many, not who.
    expect(v.body.counts.birthdays).toBe(born.length);
    expect(v.body.total).toBe(v.body.events.length);
    // A whole year: still no birthday event, anniversaries are there (masked language).
    const y = await get('/api/care?from=2024-01-01&to=2024-12-31&pageSize=500', f.tokens.viewer);
    expect(y.body.events.length).toBeGreaterThan(0);
    for (const e of y.body.events) {
      expect(e.kind).toBe('anniversary');
      expect(e.language).toBe(MASK);
    }
  });

  it('lookalikes: a viewer gets no age term, weight or driver; the analyst gets them', async () => {
    for (const among of ['customers', 'non-buyers', 'auto']) {
      const an = await get(`/api/lookalikes?among=${among}&pageSize=500`, f.tokens.analyst);
      const v = await get(`/api/lookalikes?among=${among}&pageSize=500`, f.tokens.viewer);
      expect(v.status, among).toBe(an.status);
      if (an.status !== 200) continue;
      if (among === 'customers') expect(an.text).toMatch(/"feature":"age"/);
      expect(v.body.personalData).toBe('masked');
      expect(v.body.attributes.map((x: { name: string }) => x.name)).not.toContain('age');
      expect(v.text, among).not.toMatch(/"(feature|name)":"(age|birth_year|birth_date)"/);
    }
  });

  it('year of birth: masked in the profile, refused in rules, counts, lists and suggestions; allowed to analysts', async () => {
    const an = await get('/api/customers/Y0', f.tokens.analyst);
    expect(an.body.profile.birth_year).toBe(1931);
    const v = await get('/api/customers/Y0', f.tokens.viewer);
    expect(v.body.profile.birth_year).toBe(MASK);
    expect(v.text).not.toContain('1931');
    for (const rule of ['birth_year < 1935', 'birth_year = 1931 or country = "Kenya"', 'not (birth_year between 1930 and 1940)', 'age > 80']) {
      expect((await get(`/api/segments/count?rule=${q(rule)}`, f.tokens.viewer)).status, rule).toBe(403);
      expect((await get(`/api/customers?rule=${q(rule)}`, f.tokens.viewer)).status, rule).toBe(403);
      const ok = await get(`/api/segments/count?rule=${q(rule)}`, f.tokens.analyst);
      expect(ok.status, rule).toBe(200);
    }
    // The analyst's count is what the year says (independently: the imported years 1931…1938).
    expect((await get(`/api/segments/count?rule=${q('birth_year < 1935')}`, f.tokens.analyst)).body.members).toBe(4);
    const refused = await get(`/api/segments/count?rule=${q('birth_year < 1935')}`, f.tokens.viewer);
    expect(refused.body.code ?? refused.text).toMatch(/personal_field_in_rule/);
    expect(refused.text).toMatch(/birth_year/);
    expect((await get('/api/segments/suggest?field=birth_year', f.tokens.viewer)).status).toBe(403);
    expect((await get('/api/segments/suggest?field=birth_year', f.tokens.analyst)).status).toBe(200);
    // Existence stays visible, as for other masked fields.
    expect((await get(`/api/segments/count?rule=${q('birth_year is not null')}`, f.tokens.viewer)).body.members).toBe(8);
  });

  it("member lists of a segment an analyst chose on personal data are not a viewer's; its figures are", async () => {
    const save = async (name: string, rule: string) => {
      const r = await fetch(`${f.server.url}/api/segments`, { method: 'POST', headers: { ...auth(f.tokens.analyst), 'content-type': 'application/json' }, body: JSON.stringify({ name, rule, replace: true }) });
      expect(r.status, await r.text()).toBe(200);
    };
    await save('seniors', 'age > 60 and orders > 0');
    await save('old-years', 'birth_year < 1935');
    await save('buyers-all', 'orders > 0');
    for (const name of ['seniors', 'old-years']) {
      const an = await get(`/api/customers?saved=${q(name)}&pageSize=500`, f.tokens.analyst);
      expect(an.body.customers.length, name).toBeGreaterThan(0);
      const v = await get(`/api/customers?saved=${q(name)}&pageSize=500`, f.tokens.viewer);
      expect(v.status, name).toBe(403);
      expect(v.text).toMatch(/personal/);
      const show = await get(`/api/segments/${q(name)}`, f.tokens.viewer);
      expect(show.status).toBe(200);
      expect(show.body.top).toEqual([]);
      expect(show.body.membersWithheld).toBe(true);
      expect(show.body.members).toBe(an.body.total);
      expect((await get(`/api/segments/${q(name)}`, f.tokens.analyst)).body.top.length).toBeGreaterThan(0);
    }
    const open = await get(`/api/customers?saved=buyers-all&pageSize=5`, f.tokens.viewer);
    expect(open.status).toBe(200);
    expect((await get('/api/segments/buyers-all', f.tokens.viewer)).body.membersWithheld).toBe(false);
  });

  it("a segment's rule on personal data shows no value to viewers, and a small one no figure (QA session 9, S2)", async () => {
    const [{ email }] = await f.engine.query<{ email: string }>("SELECT email FROM customers WHERE email LIKE '%@%' ORDER BY customer_id LIMIT 1");
    const r = await fetch(`${f.server.url}/api/segments`, { method: 'POST', headers: { ...auth(f.tokens.analyst), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'vip-one', rule: `email = "${email}" and orders >= 0`, replace: true }) });
    expect(r.status, await r.text()).toBe(200);
    const viewer = await get('/api/segments/vip-one', f.tokens.viewer);
    expect(viewer.status).toBe(200);
    expect(viewer.text).not.toContain(email);
    expect(viewer.body.rule).toBe(`email = "${MASK}" and orders >= ${MASK}`);
    expect(viewer.body.members).toBe(1);
    expect([viewer.body.revenue, viewer.body.profit, viewer.body.figuresWithheld]).toEqual([null, null, true]);
    const list = await get('/api/segments', f.tokens.viewer);
    expect(list.text).not.toContain(email);
    // The analyst reads the rule and figures as saved; a segment on other data is the viewer's as it is.
    const analyst = await get('/api/segments/vip-one', f.tokens.analyst);
    expect(analyst.body.rule).toContain(email);
    expect(typeof analyst.body.revenue).toBe('number');
    const open = await get('/api/segments/buyers-all', f.tokens.viewer);
    expect([open.body.rule, typeof open.body.revenue, open.body.figuresWithheld]).toEqual(['orders > 0', 'number', undefined]);
  });

  it('income is personal: masked for viewers, and refused in their rules and suggestions (QA session 9, S3)', async () => {
    const q = (x: string) => encodeURIComponent(x);
    expect((await get(`/api/segments/count?rule=${q('income > 30000')}`, f.tokens.viewer)).status).toBe(403);
    expect((await get(`/api/segments/count?rule=${q('income > 30000')}`, f.tokens.analyst)).status).toBe(200);
    expect((await get('/api/segments/suggest?field=income', f.tokens.viewer)).status).toBe(403);
    const [{ customer_id: id, income }] = await f.engine.query<{ customer_id: string; income: number }>('SELECT customer_id, income FROM customers WHERE income IS NOT NULL ORDER BY customer_id LIMIT 1');
    const v = await get(`/api/customers/${encodeURIComponent(id)}`, f.tokens.viewer);
    expect(v.status).toBe(200);
    expect(v.text).not.toMatch(new RegExp(`"income":\\s*${income}\\b`));
    expect(v.text).toContain(MASK);
  });

  it("a portrait's figures about age are masked for viewers, and no stand-out point quotes them (mask.test.ts: the coded points)", async () => {
    const name = 'seniors';
    expect((await get(`/api/segments/${name}/portrait`, f.tokens.analyst)).body.behaviour.find((b: { field: string }) => b.field === 'age').segmentMean).toBeGreaterThan(60);
    const v = await get(`/api/segments/${name}/portrait`, f.tokens.viewer);
    expect(v.body.standsOutSaid.filter((x: { params: { field?: string } }) => x.params.field === 'age')).toEqual([]);
    expect(v.body.standsOut.some((l: string) => l.startsWith('age'))).toBe(false);
    expect(v.body.behaviour.find((b: { field: string }) => b.field === 'age').segmentMean).toBe(MASK);
  });
});
