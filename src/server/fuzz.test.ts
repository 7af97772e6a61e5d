/**
 * No 500 from anything a user can send (issue 14): every route of /openapi.json, called with generated path
 * parameters, query parameters (its own, with hostile values, and strangers) and bodies, by a fixed seed and a
 * bounded count. Any answer may be a refusal; none may be a 500 (a bug), and each refusal names what was wrong.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
const auth = (t: string) => ({ authorization: `Bearer ${t}` });

interface Op {
  readonly method: string;
  readonly path: string;
  readonly role: string;
  readonly params: ReadonlyArray<{ name: string; in: string; schema?: { enum?: readonly unknown[]; type?: unknown } }>;
  readonly body?: { type: string; props: readonly string[] };
}
let ops: Op[] = [];

beforeAll(async () => {
  f = await fixture(120);
  const doc = (await (await fetch(`${f.server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { 'x-role': string; parameters?: Op['params']; requestBody?: { content: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>>;
  };
  ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, o]) => {
      const [type, media] = Object.entries(o.requestBody?.content ?? {})[0] ?? [];
      return { method: method.toUpperCase(), path, role: o['x-role'], params: o.parameters ?? [], ...(type ? { body: { type, props: Object.keys(media?.schema?.properties ?? {}) } } : {}) };
    }),
  );
  // A value run first: later calls exercise the routes, not one long first computation.
  expect((await fetch(`${f.server.url}/api/value`, { headers: auth(f.tokens.admin) })).status).toBe(200);
}, 120_000);
afterAll(async () => f?.close());

/** Values a hostile client sends: numbers past every range, rule syntax, dates that are not, format codes, bytes. */
const hostile = fc.oneof(
  fc.constantFrom('', ' ', '0', '-1', '1e300', '-1e300', '1e-300', 'NaN', 'Infinity', '9007199254740993', '99999999999999999999', '1.5', '0x10', '%Q%Q', '%Y-%m-%d', '%', '2024-02-30', '2024-13-01', '0000-00-00', '9999-12-31', '"', "'", '\\', '\u0000', '../../etc/passwd', 'auto', 'true', 'null', '[]', '{}'),
  fc.constantFrom('rfm.f < 1e300', 'orders > 99999999999999999999', 'age = 47', 'last_purchase > -99999y', 'signup_date < 0001-01-01', 'last_purchase > 9999-12-31', 'profit between 1e308 and -1e308', 'not not not (', '(((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((x', 'attributes.x > 1e300', 'email contains "\u0000"', 'country in ()', 'orders = -0'),
  fc.string({ maxLength: 40 }),
  fc.double().map(String),
  fc.integer().map(String),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
);

const jsonValue = fc.oneof(
  hostile,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** Accounts and the session of the walk are left alone: a fuzzer that removed its own user would test nothing. */
const SAFE_NAME = hostile.filter((s) => !['admin', 'analyst', 'viewer'].includes(s) && s.length > 0);

describe('fuzzing every route', () => {
  it('answers generated parameters and bodies without a 500, and says what was wrong', async () => {
    const opArb = fc.constantFrom(...ops.filter((o) => o.path !== '/api/logout'));
    const call = fc.record({
      op: opArb,
      path: fc.array(SAFE_NAME, { minLength: 2, maxLength: 2 }),
      query: fc.array(fc.tuple(fc.nat(), fc.oneof(hostile, fc.constant('__enum__'))), { maxLength: 5 }),
      stranger: fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), hostile)),
      body: fc.oneof(fc.dictionary(fc.string({ maxLength: 10 }), jsonValue, { maxKeys: 4 }), fc.array(fc.tuple(fc.nat(), jsonValue), { maxLength: 4 })),
      rawBody: fc.option(fc.oneof(fc.constant('{'), fc.constant('[]'), fc.constant('null'), fc.string({ maxLength: 60 }), fc.constant('customer_id,income,birth_date\nQ1,1e999,2024-02-30\n'))),
      role: fc.constantFrom('admin', 'analyst', 'viewer'),
    });
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(call, async (x) => {
        const op = x.op;
        let i = 0;
        const path = op.path.replace(/\{\w+\}/g, () => encodeURIComponent(x.path[i++ % 2]));
        const qs = new URLSearchParams();
        for (const [n, v] of x.query) {
          if (!op.params.length) break;
          const p = op.params[n % op.params.length];
          if (p.in !== 'query') continue;
          qs.append(p.name, v === '__enum__' && p.schema?.enum?.length ? String(p.schema.enum[n % p.schema.enum.length]) : v === '__enum__' ? '1' : v);
        }
        if (x.stranger) qs.append(x.stranger[0], x.stranger[1]);
        let body: string | undefined;
        if (op.body) {
          if (x.rawBody !== null) body = x.rawBody;
          else if (Array.isArray(x.body)) body = JSON.stringify(Object.fromEntries(x.body.map(([n, v]) => [op.body!.props[n % Math.max(1, op.body!.props.length)] ?? 'x', v])));
          else body = JSON.stringify(x.body);
          if (op.path === '/api/imports' && body.length === 0) body = 'a,b\n1,2\n';
        }
        const url = `${f.server.url}${path}${qs.size ? `?${qs}` : ''}`;
        const r = await fetch(url, { method: op.method, headers: { ...auth(f.tokens[x.role as 'admin']), ...(body !== undefined ? { 'content-type': op.body!.type } : {}) }, ...(body !== undefined ? { body } : {}) });
        const text = await r.text();
        seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
        if (r.status === 500) throw new Error(`500 from ${op.method} ${path}?${qs} body ${body?.slice(0, 200)}`);
        if (r.status >= 400 && r.status !== 404 && r.headers.get('content-type')?.includes('json')) {
          const e = JSON.parse(text).error;
          expect(e.message.length, url).toBeGreaterThan(5);
          // The engine's own words never reach the client.
          expect(e.message, url).not.toMatch(/int64|Conversion Error|Binder Error|Parser Error|Catalog Error|duckdb/i);
        }
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 14), numRuns: Number(process.env.FUZZ_RUNS ?? 400), endOnFailure: true },
    );
    // The fuzzer got through the doors: most answers came from handlers, not the login wall.
    expect(seen.get(401) ?? 0).toBeLessThan(40);
    expect((seen.get(200) ?? 0) + (seen.get(400) ?? 0)).toBeGreaterThan(100);
  }, 600_000);

  it('imports valid files under generated import options without a 500 (POST /api/imports?dateFormat=%Q%Q gave one)', async () => {
    const files: Record<string, string> = {
      customers: 'customer_id,name,signup_date,income\nF1,Ann,2024-01-05,100\nF2,Bo,05/01/2024,x\n',
      orders: 'order_id,customer_id,ordered_at,product_id,quantity,unit_price\nFO1,F1,2024-01-05,P1,1,2\nFO2,F2,20240106,P1,2,3\n',
      surveys: 'customer_id,at,satisfaction\nF1,2024-01-05,4\n',
      leads: 'lead_id,name,budget,created_at\nFL1,Li,100,2024-01-05\n',
    };
    const option = fc.oneof(hostile, fc.constantFrom('DD/MM/YYYY', 'iso', '%d/%m/%Y', '%Y%m%d', '%-d.%-m.%y', '%Y-%m-%d %H:%M:%S', 'YYYY-MM-DD HH:MM', '%', '%%', '%-', '%Q%Q', '%s', '%G-%V'));
    // Mostly one option at a time, so each reaches the import instead of failing beside another bad one.
    const rarely = <T>(a: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(null), weight: 5 }, { arbitrary: a, weight: 1 });
    const arb = fc.record({
      entity: fc.constantFrom(...Object.keys(files)),
      dateFormat: fc.option(option, { freq: 4 }),
      delimiter: rarely(fc.oneof(fc.constantFrom('auto', 'comma', 'semicolon', 'tab', 'pipe', 'whitespace'), hostile)),
      encoding: rarely(fc.oneof(fc.constantFrom('auto', 'utf8', 'gb18030'), hostile)),
      preset: rarely(hostile),
      map: fc.oneof({ arbitrary: fc.constant([]), weight: 5 }, { arbitrary: fc.array(fc.oneof(hostile, fc.constantFrom('ordered_at=date', 'customer_id=', '=x', 'x=y=z', 'name=name', 'signup_date=name', 'income=name')), { maxLength: 3 }), weight: 1 }),
      salt: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(arb, async (x) => {
        const qs = new URLSearchParams({ entity: x.entity, filename: 'f.csv' });
        for (const k of ['dateFormat', 'delimiter', 'encoding', 'preset'] as const) if (x[k] !== null) qs.append(k, x[k]!);
        for (const m of x.map) qs.append('map', m);
        // A different file each time: an identical one would be recognised and skipped before its options matter.
        const salt: Record<string, string> = { customers: `S${x.salt},Sam,2024-01-05,1`, orders: `FO${x.salt},F1,2024-02-01,P1,1,1`, surveys: `S${x.salt},2024-01-05,3`, leads: `SL${x.salt},Sal,5,2024-01-05` };
        const body = `${files[x.entity]}${salt[x.entity]}\n`;
        const r = await fetch(`${f.server.url}/api/imports?${qs}`, { method: 'POST', headers: { ...auth(f.tokens.analyst), 'content-type': 'text/csv' }, body });
        const text = await r.text();
        if (r.status === 500) throw new Error(`500 from POST /api/imports?${qs}`);
        if (r.status >= 400) expect(JSON.parse(text).error.message, String(qs)).not.toMatch(/int64|Conversion Error|Binder Error|Invalid Input Error|duckdb/i);
      }),
      { seed: Number(process.env.FUZZ_SEED ?? 14), numRuns: Math.round(Number(process.env.FUZZ_RUNS ?? 400) / 2), endOnFailure: true },
    );
  }, 600_000);
});
