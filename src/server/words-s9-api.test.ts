/**
 * The API side of QA session 9's words and minor bugs: an unknown ?customer= is a 404, a campaign whose group is too
 * small to measure comes with a warning in the client's language, a refused role is named in Chinese, and leads
 * qualify says what to import in Chinese and lists lead ids in number order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeCompany } from '../target/index.js';
import { normalizeValueConfig } from '../value/index.js';
import { addUser, issueToken } from './accounts.js';
import { startServer, type RunningServer } from './serve.js';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = async (method: string, path: string, who: keyof Fixture['tokens'], body?: unknown, lang?: string): Promise<{ status: number; json: any }> => {
  const headers: Record<string, string> = { authorization: `Bearer ${f.tokens[who]}`, ...(body ? { 'content-type': 'application/json' } : {}), ...(lang ? { 'accept-language': lang } : {}) };
  const res = await fetch(f.server.url + path, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: await res.json() };
};

beforeAll(async () => {
  f = await fixture(300);
}, 120_000);
afterAll(async () => f?.close());

describe('an unknown customer named in a query (M1)', () => {
  it('is a 404 on big-customers and lifecycle, in the client\'s language; a known one is answered', async () => {
    for (const path of ['/api/big-customers?customer=NOPE', '/api/lifecycle?customer=NOPE']) {
      const r = await call('GET', path, 'viewer');
      expect(r.status, path).toBe(404);
      expect(r.json.error.message).toBe('there is no customer NOPE');
      expect((await call('GET', path, 'viewer', undefined, 'zh-CN')).json.error.message).toBe('没有客户 NOPE');
    }
    const big = await call('GET', '/api/big-customers?customer=CU000002', 'viewer');
    expect(big.status).toBe(200);
    const life = await call('GET', '/api/lifecycle?customer=CU000002', 'viewer');
    expect(life.status).toBe(200);
  });
});

describe('a campaign too small to measure (M1)', () => {
  it('is created with a warning, in English or Chinese; a measurable one without', async () => {
    const ids = ['CU000001', 'CU000002', 'CU000003', 'CU000004', 'CU000005'];
    const en = await call('POST', '/api/campaigns', 'analyst', { name: 'tiny', customerIds: ids, holdout: 0.1 });
    expect(en.status).toBe(200);
    expect(en.json.campaign.control).toBeLessThan(2);
    expect(en.json.warnings).toHaveLength(1);
    expect(en.json.warnings[0]).toContain(`${en.json.campaign.treated} treated and ${en.json.campaign.control} in the control group`);
    const zh = await call('POST', '/api/campaigns', 'analyst', { name: 'tiny-zh', customerIds: ids, holdout: 0.1 }, 'zh-CN,zh;q=0.9');
    expect(zh.json.warnings[0]).toMatch(/^警告：实验组 \d+ 位，对照组 \d+ 位/);
    const big = await call('POST', '/api/campaigns', 'analyst', { name: 'big', segment: 'Hibernating', holdout: 0.3 });
    expect(big.json.campaign.control).toBeGreaterThanOrEqual(2);
    expect(big.json.warnings).toEqual([]);
  });
});

describe('a request refused for its role (T3)', () => {
  it('names the roles in Chinese', async () => {
    const r = await call('POST', '/api/campaigns', 'viewer', { name: 'x', segment: 'Champions' }, 'zh-CN');
    expect(r.status).toBe(403);
    expect(r.json.error.message).toBe('这需要分析师（`analyst`）角色；您是查看者（`viewer`）');
  });
});

describe('leads qualify with checks that have no data (T1, M2)', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  let server: RunningServer;
  let token = '';
  beforeAll(async () => {
    store = await tempStore();
    const ids = ['web.csv:10004', 'web.csv:1005', 'web.csv:2', 'web.csv:30'];
    await importFiles(store.engine, { entity: 'leads', files: [store.dir.file('leads.csv', `lead_id,source\n${ids.map((id) => `${id},web`).join('\n')}\n`)] });
    const u = await addUser(store.engine, 'v', 'viewer', 'viewer-password-1');
    token = (await issueToken(store.engine, u, 'api', 3600)).token;
    server = await startServer({ engine: store.engine, valueConfig: normalizeValueConfig({}), company: normalizeCompany({}), log: () => {}, debug: false }, { port: 0, host: '127.0.0.1' });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await store?.close();
  });

  it('says what to import in the client\'s language, and pages the leads in number order', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const get = async (lang: string): Promise<any> => (await fetch(`${server.url}/api/leads/qualify`, { headers: { authorization: `Bearer ${token}`, 'accept-language': lang } })).json();
    const en = await get('en');
    expect(en.missingData.map((m: { check: string }) => m.check)).toEqual(['money', 'authority', 'need']);
    expect(en.missingData[0].enableWith).toMatch(/^no ability-to-pay data: import a budget column/);
    const zh = await get('zh-CN');
    expect(zh.missingData.map((m: { enableWith: string }) => m.enableWith.slice(0, 4))).toEqual(['没有支付', '没有决策', '没有需求']);
    expect(en.results.map((r: { leadId: string }) => r.leadId)).toEqual(['web.csv:2', 'web.csv:30', 'web.csv:1005', 'web.csv:10004']);
  });
});
