/**
 * The marker walk (issue 14): a store whose every personal field holds a marker (names, emails, phones,
 * addresses, birth dates, attributes, survey comments, leads' contacts), quarantined rows that quote markers and
 * rows kept with warnings, then every route of /openapi.json called as a viewer, with each enum value of each
 * parameter, on the marked customers and segments. No response, export or error may carry a marker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });
/** Every marker holds this (any case); birth dates are checked by their value. */
const MARK = /zqx/i;
const BIRTH = '1917-03-14';

async function importAs(token: string, entity: string, csv: string, expectStatus = 200): Promise<void> {
  const r = await fetch(`${f.server.url}/api/imports?entity=${entity}&filename=${entity}.csv`, { method: 'POST', headers: { ...auth(token), 'content-type': 'text/csv' }, body: csv });
  expect(r.status, `${entity}: ${await r.clone().text()}`).toBe(expectStatus);
}

beforeAll(async () => {
  f = await fixture(150);
  const a = f.tokens.analyst;
  const ids = ['M1', 'M2', 'M3', 'M4', 'M5'];
  // Customers: every personal field marked, an unmatched column kept as an attribute (a warning: "kept as
  // attributes"), and M2…M5 referred by M1 so M1 is a referrer with a name.
  const customers = [
    'customer_id,name,email,phone,address,birth_date,country,city,signup_date,referred_by,Secret Note',
    ...ids.map((id, i) => `${id},Zqx Name ${i},zqx${i}@zqx.example,+86 zqx ${i},${i} Zqx Road,${BIRTH},China,Shanghai,2023-03-14,${i ? 'M1' : ''},zqx attribute ${i}`),
  ].join('\n');
  await importAs(a, 'customers', customers);
  const [{ pid }] = await f.engine.query<{ pid: string }>('SELECT product_id AS pid FROM products ORDER BY product_id LIMIT 1');
  const orders = ['order_id,customer_id,ordered_at,product_id,quantity,unit_price'];
  ids.forEach((id, i) => {
    for (let k = 0; k < 6; k++) orders.push(`Z${i}-${k},${id},2024-0${1 + k}-1${i},${pid},${1 + k},${20 + i * 7}`);
  });
  await importAs(a, 'orders', orders.join('\n'));
  await importAs(a, 'surveys', ['customer_id,at,satisfaction,nps,comment', ...ids.map((id, i) => `${id},2024-05-01,${1 + i},${2 * i},zqx comment ${i}`)].join('\n'));
  await importAs(a, 'leads', ['lead_id,name,email,phone,company,source,referred_by,budget,authority,need,status', 'L1,Zqx Lead,lead@zqx.example,+1 zqx 1,Acme,referral,M1,50000,yes,yes,open', 'L2,Zqx Lead 2,lead2@zqx.example,+1 zqx 2,Acme,web,,1000,no,yes,open'].join('\n'));
  // Quarantined: a quote inside a refused value, a refused birth date, a row without its id, a broken line.
  await importAs(
    a,
    'customers',
    ['customer_id,name,email,income,birth_date', 'Q1,Zqx Q,q@zqx.example,"a""ZQX@leak.example",2000-01-01', 'Q2,Zqx Q2,q2@zqx.example,100,"x""zqx-birth"', ',Zqx Nobody,nobody@zqx.example,1,2000-01-01', 'Q4,Zqx Broken,"zqx,unterminated'].join('\n'),
  );
  await importAs(a, 'orders', ['order_id,customer_id,ordered_at,product_id,quantity,unit_price', 'ZB,M1,zqx-date,P1,1,1', 'ZC,M1,2024-01-01,P1,zqx,1'].join('\n'));
  // A saved segment of the marked customers, and a value run with them in it.
  const made = await fetch(`${f.server.url}/api/segments`, { method: 'POST', headers: { ...auth(a), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'marked', rule: 'city = "Shanghai" and orders > 0' }) });
  expect(made.status).toBe(200);
  // The analyst sees the markers: the store really holds them where the viewer is walked.
  const q = await (await fetch(`${f.server.url}/api/quarantine?pageSize=500`, { headers: auth(a) })).text();
  expect(q).toMatch(/ZQX@leak\.example/);
  const m1 = await (await fetch(`${f.server.url}/api/customers/M1`, { headers: auth(a) })).text();
  expect(m1).toMatch(MARK);
  expect(m1).toContain(BIRTH);
}, 180_000);
afterAll(async () => f?.close());

/** The text around the first match, or '' (a failure shows where, not a whole page). */
function around(text: string, what: RegExp | string): string {
  const i = typeof what === 'string' ? text.indexOf(what) : text.search(what);
  return i < 0 ? '' : text.slice(Math.max(0, i - 120), i + 60);
}

interface Op {
  readonly method: string;
  readonly path: string;
  readonly parameters?: ReadonlyArray<{ name: string; in: string; required?: boolean; schema?: { enum?: readonly string[]; type?: string | string[] } }>;
  readonly requestBody?: { content: Record<string, unknown> };
}

/** Values that select the marked data, by parameter name. */
const VALUES: Record<string, string> = {
  id: 'M1',
  name: 'marked',
  customer: 'M1',
  rule: 'city = "Shanghai"',
  from: '2025-01-01',
  to: '2025-12-31',
  pageSize: '500',
  saved: 'marked',
  entity: 'customers',
  import: '1',
};

function urls(op: Op): string[] {
  const params = op.parameters ?? [];
  const path = op.path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(n === 'name' && op.path.startsWith('/api/users') ? 'viewer' : (VALUES[n] ?? 'x')));
  const base: Record<string, string> = {};
  for (const p of params) if (p.in === 'query' && (p.required || p.name === 'pageSize')) base[p.name] = VALUES[p.name] ?? (p.schema?.enum?.[0] as string) ?? '1';
  const qs = (o: Record<string, string>) => (Object.keys(o).length ? `?${new URLSearchParams(o)}` : '');
  const out = [path + qs(base)];
  // Each optional parameter that can select the marked data, one at a time.
  for (const p of params) if (p.in === 'query' && !(p.name in base) && p.name in VALUES) out.push(path + qs({ ...base, [p.name]: VALUES[p.name] }));
  for (const p of params) for (const v of p.in === 'query' ? (p.schema?.enum ?? []) : []) out.push(path + qs({ ...base, [p.name]: String(v) }));
  // Every page of a list: the marked rows may sit anywhere.
  for (const page of ['2', '3']) out.push(path + qs({ ...base, page }));
  return [...new Set(out)];
}

describe('the marker walk', () => {
  it('finds no marker in any answer a viewer gets from any route', async () => {
    const doc = (await (await fetch(`${f.server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, Omit<Op, 'method' | 'path'>>> };
    const ops: Op[] = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, o]) => ({ ...o, method: method.toUpperCase(), path })));
    expect(ops.length).toBeGreaterThan(40);
    let calls = 0;
    const statuses = new Map<number, number>();
    for (const op of ops) {
      // Signing out would end the walk's own session.
      if (op.path === '/api/logout') continue;
      for (const url of urls(op)) {
        const body = op.requestBody ? (op.path === '/api/me/password' ? JSON.stringify({ current: 'not-the-password', password: 'another-password' }) : op.path === '/api/login' ? JSON.stringify({ name: 'viewer', password: 'wrong-password' }) : '{"name":"marked","rule":"city = \\"Shanghai\\"","features":"rfm"}') : undefined;
        const type = op.requestBody && 'application/json' in op.requestBody.content ? 'application/json' : 'text/csv';
        const r = await fetch(f.server.url + url, { method: op.method, headers: { ...auth(f.tokens.viewer), ...(body !== undefined ? { 'content-type': type } : {}) }, ...(body !== undefined ? { body } : {}) });
        const text = await r.text();
        calls++;
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.status, `${op.method} ${url}`).not.toBe(500);
        expect(around(text, MARK), `${op.method} ${url}`).toBe('');
        expect(around(text, BIRTH), `${op.method} ${url}`).toBe('');
        for (const [k, v] of r.headers) expect(`${k}: ${v}`, `${op.method} ${url}`).not.toMatch(MARK);
      }
    }
    // The walk reached the data: most answers were pages, not refusals.
    expect(calls).toBeGreaterThan(100);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(calls / 2);
  }, 300_000);

  it("finds the markers in the analyst's answers on the same routes (the walk can see them)", async () => {
    const seen = new Set<string>();
    for (const url of ['/api/customers/M1', '/api/care?from=2025-01-01&to=2025-12-31&pageSize=500', '/api/leads/qualify?pageSize=500', '/api/referrals?pageSize=500', '/api/quarantine?pageSize=500']) {
      const text = await (await fetch(f.server.url + url, { headers: auth(f.tokens.analyst) })).text();
      if (MARK.test(text)) seen.add(url);
    }
    expect([...seen].sort()).toEqual(['/api/care?from=2025-01-01&to=2025-12-31&pageSize=500', '/api/customers/M1', '/api/leads/qualify?pageSize=500', '/api/quarantine?pageSize=500', '/api/referrals?pageSize=500']);
  });
});
