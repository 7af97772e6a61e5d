/**
 * Every error the API answers is in the client's language: with Accept-Language zh the message and the hint are
 * Chinese (no English left but codes, routes and the values sent), and hints name API routes, not CLI commands.
 * The named cases of the zh-CN findings, then a walk of every route of /openapi.json with bad values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftovers } from '../cli/i18n/zh-leftovers.js';
import { apiHint, apiOptions, errorLanguage } from './errors.js';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await fixture(120);
}, 120_000);
afterAll(() => f.close());

interface ErrorAnswer {
  readonly status: number;
  readonly error?: { message: string; hint?: string; code: string };
}

async function call(method: string, url: string, lang: string, body?: string, type = 'application/json'): Promise<ErrorAnswer> {
  const r = await fetch(f.server.url + url, { method, headers: { authorization: `Bearer ${f.tokens.admin}`, 'accept-language': lang, ...(body !== undefined ? { 'content-type': type } : {}) }, ...(body !== undefined ? { body } : {}) });
  const text = await r.text();
  let json: { error?: ErrorAnswer['error'] } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    /* a CSV or HTML answer */
  }
  return { status: r.status, ...(json.error ? { error: json.error } : {}) };
}

/** The English left in an error's message and hint; what the request sent (`sent`) may be echoed. */
function english(a: ErrorAnswer, sent: readonly string[]): string[] {
  if (!a.error) return [];
  const text = `${a.error.message}\n${a.error.hint ?? ''}`.replace(/\b(?:GET|POST|PUT|DELETE) \/\S+/g, ' ');
  return leftovers(text, [], sent);
}

describe('API errors in 简体中文', () => {
  it('reads Accept-Language by rank', () => {
    expect(errorLanguage('zh-CN')).toBe('zh');
    expect(errorLanguage('zh-CN,zh;q=0.9')).toBe('zh');
    expect(errorLanguage('zh')).toBe('zh');
    expect(errorLanguage('en;q=0.5, zh-Hans;q=0.9')).toBe('zh');
    expect(errorLanguage('en-GB,zh;q=0.5')).toBe('en');
    expect(errorLanguage(undefined)).toBe('en');
  });

  it('answers the named cases in Chinese, with hints that name routes', async () => {
    const cases: Array<[string, string, string[], string?, string?]> = [
      ['GET', '/api/customers/NOPE', ['NOPE']],
      ['GET', `/api/segments/count?rule=${encodeURIComponent('nosuch > 1')}`, ['nosuch > 1', 'nosuch']],
      ['GET', `/api/segments/count?rule=${encodeURIComponent('profit >')}`, ['profit >', 'profit']],
      ['GET', '/api/segments/nosuch', ['nosuch']],
      ['GET', '/api/customers?sort=bogus', ['bogus', 'sort']],
      ['GET', '/api/customers?pageSize=9999', ['pageSize']],
      ['GET', '/api/care?from=x&to=y', ['from', 'to']],
      ['GET', '/api/allocate', ['budget']],
      ['GET', '/api/quarantine?import=99', []],
      ['GET', '/api/recommendations?customer=NOPE', ['NOPE']],
      ['GET', '/api/nosuchroute', []],
      ['POST', '/api/imports?entity=orders&filename=a.csv&dateFormat=QQQ', ['QQQ', 'dateFormat'], 'a,b\n1,2\n', 'text/csv'],
      ['POST', `/api/imports?entity=orders&filename=a.csv&map=${encodeURIComponent('foo=Bar')}`, ['foo', 'Bar', 'map'], 'a,b\n1,2\n', 'text/csv'],
      ['POST', '/api/imports?entity=orders&filename=e.csv', [], '', 'text/csv'],
    ];
    const bad: string[] = [];
    for (const [method, url, sent, body, type] of cases) {
      const zh = await call(method, url, 'zh-CN,zh;q=0.9', body, type);
      expect(zh.error, `${method} ${url}`).toBeDefined();
      bad.push(...english(zh, sent).map((l) => `${method} ${url}: ${l}`));
      // The same in English, unchanged.
      const en = await call(method, url, 'en', body, type);
      expect(en.error?.message, url).toMatch(/[a-z]{3}/);
      expect(`${zh.error?.hint ?? ''} ${en.error?.hint ?? ''}`, url).not.toMatch(/clientele (?:value|imports|segment list)/);
    }
    expect(bad).toEqual([]);
    const customer = await call('GET', '/api/customers/NOPE', 'zh-CN');
    expect(customer.error?.message).toBe('没有客户 NOPE');
    expect(customer.error?.hint).toMatch(/GET \/api\/customers/);
    expect((await call('GET', '/api/quarantine?import=99', 'zh')).error?.hint).toBe('查看：GET /api/imports');
    expect(apiHint('see them with: clientele segment list')).toBe('see them with: GET /api/segments');
  }, 60_000);

  it("names the import's query parameters, not its command-line options, in both languages", async () => {
    // The options with a value become parameters with that value; one named in prose stays a name.
    expect(apiOptions('pass --date-format, for example --date-format "DD/MM/YYYY HH:MM"')).toBe('pass dateFormat, for example dateFormat="DD/MM/YYYY HH:MM"');
    expect(apiOptions('for CSV try --delimiter and --encoding')).toBe('for CSV try delimiter and encoding');
    expect(apiOptions('Map one with --map customer_id=COLUMN, or use a --preset')).toBe('Map one with map=customer_id=COLUMN, or use a preset');
    expect(apiOptions('（--map 指定）；再加 --append 导入')).toBe('（map 指定）；再加 append=true 导入');
    expect(apiHint('run: clientele import orders FILE --preset shopify')).toBe('run: POST /api/imports?entity=orders&preset=shopify');
    // Through the server: a bad dateFormat and a --map of no field are refused in the API's terms.
    for (const lang of ['en', 'zh-CN']) {
      const post = (query: string) => call('POST', `/api/imports?entity=orders&filename=p.csv&${query}`, lang, 'InvoiceNo,CustomerID,InvoiceDate,Amount\n1,C1,2024-01-02,5\n', 'text/csv');
      const format = await post('dateFormat=QQQ');
      const map = await post('map=nofield%3DAmount');
      for (const a of [format, map]) {
        expect(a.status, `${lang} ${JSON.stringify(a.error)}`).toBeGreaterThanOrEqual(400);
        expect(`${a.error?.message} ${a.error?.hint ?? ''}`, lang).not.toMatch(/--(?:date-format|map|delimiter|encoding|sheet|preset|append)\b/);
      }
      expect(format.error?.message).toMatch(/dateFormat=QQQ/);
      expect(map.error?.message).toMatch(/\bmap\b/);
    }
  }, 60_000);

  it('answers every route of /openapi.json with bad values in Chinese', async () => {
    const doc = (await (await fetch(`${f.server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content: Record<string, unknown> } }>> };
    const bad: string[] = [];
    let errors = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        // Signing out, or removing what the walk stands on, would end the walk.
        if (path === '/api/logout' || method === 'delete') continue;
        const params = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        const url = path.replace(/\{(\w+)\}/g, 'NOPE');
        const bodies = op.requestBody ? ['{"x":1}', 'not json'] : [undefined];
        const type = op.requestBody && 'application/json' in op.requestBody.content ? 'application/json' : 'text/csv';
        for (const value of ['zz', '-1', '99999999']) {
          const qs = params.length ? `?${new URLSearchParams(params.map((p): [string, string] => [p, value]))}` : '';
          for (const body of bodies) {
            const a = await call(method.toUpperCase(), url + qs, 'zh-CN', body, type);
            if (!a.error) continue;
            errors++;
            bad.push(...english(a, [value, 'NOPE', ...params]).map((l) => `${method.toUpperCase()} ${url}${qs}: ${l}`));
          }
        }
      }
    }
    expect(errors).toBeGreaterThan(60);
    expect([...new Set(bad)]).toEqual([]);
  }, 300_000);
});
