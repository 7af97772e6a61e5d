/** The decision routes of issue #17 answer as the core functions do: company profile, targets, allocation, campaigns. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureCampaign } from '../campaign/index.js';
import { normalizeCompany, targetSegments } from '../target/index.js';
import { normalizeValueConfig } from '../value/index.js';
import { fixture, type Fixture } from './test-fixture.js';

let f: Fixture;
const auth = (who: keyof Fixture['tokens']) => ({ authorization: `Bearer ${f.tokens[who]}` });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = async (method: string, path: string, who: keyof Fixture['tokens'], body?: unknown): Promise<{ status: number; json: any }> => {
  const res = await fetch(f.server.url + path, { method, headers: { ...auth(who), ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, json: await res.json() };
};

beforeAll(async () => {
  f = await fixture(600);
}, 120_000);
afterAll(async () => f?.close());

describe('company profile and targets over the API', () => {
  it('infers the profile until an analyst sets one; viewers may not set it; setting it is audited', async () => {
    let r = await call('GET', '/api/targets', 'viewer');
    expect(r.json.companySource).toBe('inferred');
    expect((await call('PUT', '/api/company', 'viewer', { priceTier: 'premium' })).status).toBe(403);
    expect((await call('PUT', '/api/company', 'analyst', { priceTier: 'luxury' })).status).toBe(400);
    const put = await call('PUT', '/api/company', 'analyst', { priceTier: 'premium', serviceCapacity: 'high' });
    expect(put.status).toBe(200);
    expect(put.json.stored.profile).toMatchObject({ priceTier: 'premium', serviceCapacity: 'high' });
    r = await call('GET', '/api/targets?by=tier', 'viewer');
    expect(r.json.companySource).toBe('profile');
    const core = await targetSegments(f.engine, 'tier', normalizeCompany({ priceTier: 'premium', serviceCapacity: 'high' }), normalizeValueConfig({}));
    expect(r.json.segments.map((s: { name: string; fit: number }) => [s.name, s.fit])).toEqual(core.segments.map((s) => [s.name, s.fit]));
    const audit = await call('GET', '/api/audit?action=company.set', 'admin');
    expect(audit.json.entries.length).toBe(1);
    await call('PUT', '/api/company', 'analyst', {});
    expect((await call('GET', '/api/company', 'viewer')).json.stored).toBeNull();
  });

  it('leaves the budget unspent past the hurdle', async () => {
    const r = await call('GET', '/api/allocate?budget=1000000', 'viewer');
    expect(r.status).toBe(200);
    expect(r.json.unspent).toBeGreaterThan(0);
    expect(r.json.spent + r.json.unspent).toBeCloseTo(1_000_000, 3);
    for (const l of r.json.lines) if (l.spend > 1e-6) expect(l.marginalReturn).toBeGreaterThanOrEqual(1 - 1e-6);
  });
});

describe('accounts over the API', () => {
  it('masks contact names for viewers and audits analysts who see them', async () => {
    const all = (await call('GET', '/api/accounts', 'viewer')).json;
    expect(all.accounts).toBeGreaterThan(0);
    const id = all.flagged[0]?.customerId;
    expect(id).toBeTruthy();
    const v = (await call('GET', `/api/accounts?customer=${id}`, 'viewer')).json;
    expect(v.contacts.length).toBeGreaterThan(0);
    expect(v.contacts.every((x: { name: string; email: string | null }) => x.name === '•••' && (x.email === null || x.email === '•••'))).toBe(true);
    const a = (await call('GET', `/api/accounts?customer=${id}`, 'analyst')).json;
    expect(a.contacts[0].name).toMatch(/^Contact /);
    expect((await call('GET', '/api/audit?action=contacts.view-personal', 'admin')).json.entries.length).toBe(1);
  });
});

describe('life cycle over the API', () => {
  it('gives one customer\'s stage as the core does, and the stages add up to the buyers', async () => {
    const { lifecycleOf } = await import('../decide/index.js');
    const r = (await call('GET', '/api/lifecycle?customer=CU000002', 'viewer')).json;
    expect(r.stage).toBe(await lifecycleOf(f.engine, 'CU000002'));
    const [{ n }] = await f.engine.query<{ n: number }>('SELECT count(*) AS n FROM customer_summary WHERE first_purchase IS NOT NULL');
    expect(r.stages.reduce((a: number, x: { customers: number }) => a + x.customers, 0)).toBe(Number(n));
  });
});

describe('campaigns over the API', () => {
  it('creates a campaign with a holdout (analysts, audited), lists and measures it as the core does', async () => {
    expect((await call('POST', '/api/campaigns', 'viewer', { name: 'x', segment: 'Champions' })).status).toBe(403);
    expect((await call('POST', '/api/campaigns', 'analyst', { name: 'x', segment: 'No Such Segment' })).status).toBe(404);
    const made = await call('POST', '/api/campaigns', 'analyst', { name: 'thank-you', segment: 'Champions', holdout: 0.2, seed: 3, sentAt: '2024-06-30', windowDays: 90, costPerContact: 1 });
    expect(made.status).toBe(200);
    const id = made.json.campaign.id;
    expect(made.json.campaign.control).toBeGreaterThan(0);
    const list = await call('GET', '/api/campaigns', 'viewer');
    expect(list.json.campaigns.map((c: { id: number }) => c.id)).toContain(id);
    const m = await call('GET', `/api/campaigns/${id}`, 'viewer');
    const core = await measureCampaign(f.engine, id);
    expect(m.json.overall.responseRate.lift).toBeCloseTo(core.overall.responseRate.lift, 12);
    expect(m.json.overall.verdict).toBe(core.overall.verdict);
    const resp = await call('POST', `/api/campaigns/${id}/responses`, 'analyst', { responses: [{ customerId: 'CU000001', revenue: 10 }] });
    expect(resp.json.responses).toBe(1);
    expect((await call('GET', `/api/campaigns/${id}`, 'viewer')).json.responses).toBe('file');
    expect((await call('GET', '/api/campaigns/999', 'viewer')).status).toBe(404);
  });
});
