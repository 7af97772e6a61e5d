import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { DEFAULT_QUALIFY, normalizeQualifyConfig } from './qualify-config.js';
import type { Lead } from './lead-rows.js';
import { campaignExport, loadLeadContacts } from './contacts.js';
import { CHECKED_LIKE_EVERYONE, QUALIFY_EXTRA_HEADERS, qualifyAll, qualifyItems, qualifyLead, qualifyLeads } from './qualify.js';

const lead = (id: string, values: Record<string, string>, source: string | null = 'ads', referredBy: string | null = null): Lead => ({
  leadId: id, name: `Lead ${id}`, email: null, phone: null, company: null, source, referredBy, values,
});
const ALL = new Set(['budget', 'authority', 'need']);

describe('qualifyLead (MAN)', () => {
  it('passes a lead that can pay, decides and needs, and says why', () => {
    const r = qualifyLead(lead('1', { budget: '5000', authority: 'Decision Maker', need: 'high' }), DEFAULT_QUALIFY, ALL);
    expect(r.status).toBe('qualified');
    expect(r.checks.money).toEqual({ status: 'pass', field: 'budget', value: 5000, reason: 'budget 5000 ≥ 1000' });
    expect(r.checks.authority.status).toBe('pass');
    expect(r.privileged).toBeNull();
    expect(r.note).toBeNull();
  });

  it('names the failed check and the value', () => {
    const r = qualifyLead(lead('2', { budget: '800', authority: 'influencer', need: 'low' }), DEFAULT_QUALIFY, ALL);
    expect(r.status).toBe('not qualified');
    expect(r.failed).toEqual(['money', 'authority', 'need']);
    expect(r.checks.money.reason).toBe('budget 800 is below 1000');
    expect(r.checks.authority.reason).toBe('authority "influencer" is not a decision role');
    expect(r.checks.need).toMatchObject({ status: 'fail', value: 'low' });
  });

  it('reads Chinese values, job titles and numeric need scores', () => {
    const r = qualifyLead(lead('3', { budget: '20000', authority: '决策者', need: '高' }), DEFAULT_QUALIFY, ALL);
    expect(r.status).toBe('qualified');
    const t = qualifyLead(lead('4', { income: '50000', title: 'Sales Manager', need_score: '2' }), DEFAULT_QUALIFY, new Set(['income', 'title', 'need_score']));
    expect(t.checks.money).toMatchObject({ status: 'pass', field: 'income', value: 50000 });
    expect(t.checks.authority).toMatchObject({ status: 'pass', field: 'title' });
    expect(t.checks.need).toMatchObject({ status: 'fail', reason: 'need_score 2 is below 3' });
    // "management" is not "manager": whole words only.
    expect(qualifyLead(lead('5', { authority: 'management trainee' }), DEFAULT_QUALIFY, ALL).checks.authority.status).toBe('fail');
  });

  it('fails a credit default whatever the balance (a blocker)', () => {
    const r = qualifyLead(lead('6', { balance: '90000', default: 'yes' }), DEFAULT_QUALIFY, new Set(['balance', 'default']));
    expect(r.checks.money).toMatchObject({ status: 'fail', field: 'default', value: 'yes' });
  });

  it('says which data would enable a check instead of failing the lead', () => {
    const s = qualifyAll([lead('7', { age: '40', job: 'admin.' }), lead('8', { age: '50', job: 'retired' })], DEFAULT_QUALIFY);
    expect(s.notQualified).toBe(0);
    expect(s.incomplete).toBe(2);
    expect(s.checks.authority['no-data']).toBe(2);
    expect(s.missingData.map((m) => m.check)).toEqual(['money', 'authority', 'need']);
    expect(s.missingData[1].enableWith).toMatch(/import an authority column/);
    // The field exists elsewhere in the data but this lead lacks it: unknown, not no-data.
    const t = qualifyAll([lead('9', { budget: '5000' }), lead('10', { budget: 'unknown' })], DEFAULT_QUALIFY);
    expect(t.results[1].checks.money).toMatchObject({ status: 'unknown', reason: 'no budget for this lead' });
  });

  it('checks acquaintances, old customers, big companies and superiors like everyone else', () => {
    const values = { budget: '500', authority: 'none', need: 'high' };
    const plain = qualifyLead(lead('p', values, 'ads'), DEFAULT_QUALIFY, ALL);
    const privileged = [
      lead('a', values, 'acquaintance'),
      lead('o', values, 'old_customer'),
      lead('s', values, 'superior'),
      lead('r', values, 'referral', 'my superior'),
      lead('z', values, '熟人'),
      lead('b', { ...values, employees: '5000' }, 'ads'),
    ];
    for (const l of privileged) {
      const r = qualifyLead(l, DEFAULT_QUALIFY, ALL);
      expect(r.checks, l.leadId).toEqual(plain.checks);
      expect(r.status, l.leadId).toBe('not qualified');
      expect(r.privileged, l.leadId).not.toBeNull();
      expect(r.note, l.leadId).toBe(CHECKED_LIKE_EVERYONE);
    }
    expect(qualifyLead(privileged[5], DEFAULT_QUALIFY, ALL).privileged).toBe('big company: 5000 employees');
  });
});

describe('normalizeQualifyConfig', () => {
  it('fills defaults and overrides', () => {
    expect(normalizeQualifyConfig(undefined)).toEqual(DEFAULT_QUALIFY);
    const c = normalizeQualifyConfig({ money: { budgetMin: 50_000, fields: [{ field: 'assets', min: 1 }] }, need: { minScore: 7 } });
    expect(c.money.budgetMin).toBe(50_000);
    expect(c.money.fields).toEqual([{ field: 'assets', min: 1 }]);
    expect(c.money.blockers).toEqual(DEFAULT_QUALIFY.money.blockers);
    expect(c.need.minScore).toBe(7);
    expect(c.authority).toEqual(DEFAULT_QUALIFY.authority);
  });

  it('rejects unknown settings and wrong types, naming them', () => {
    expect(() => normalizeQualifyConfig({ mony: {} })).toThrow(/qualify config: mony: unknown setting/);
    expect(() => normalizeQualifyConfig({ money: { budgetMin: '1000' } })).toThrow(/money.budgetMin: expected a number/);
    expect(() => normalizeQualifyConfig({ authority: { decisionValues: 'boss' } })).toThrow(/authority.decisionValues: expected a list/);
    expect(() => normalizeQualifyConfig({ money: { fields: [{ field: 'x' }] } })).toThrow(/money.fields\[0\].min/);
    expect(() => normalizeQualifyConfig([])).toThrow(/expected an object/);
  });

  it('refuses rules that read where a lead came from', () => {
    expect(() => normalizeQualifyConfig({ need: { fields: ['need', 'Source'] } })).toThrow(/need.fields\[1\]: "Source" says where the lead came from/);
    expect(() => normalizeQualifyConfig({ authority: { fields: ['referred by'] } })).toThrow(/authority.fields\[0\]/);
    expect(() => normalizeQualifyConfig({ money: { blockers: { 来源: ['ads'] } } })).toThrow(/money.blockers.来源/);
    expect(() => normalizeQualifyConfig({ money: { fields: [{ field: 'channel', min: 1 }] } })).toThrow(/money.fields\[0\].field/);
  });
});

describe('qualifyLeads on imported leads', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    store = await tempStore();
    const file = store.dir.file(
      'leads.csv',
      'lead_id,name,email,source,budget,authority,need,职位,退订\nL1,Ann,ann@example.com,ads,5000,decision maker,high,,\nL2,Bo,=cmd,superior,5000,none,high,,\nL3,Cy,cy@example.com,old customer,200,decision maker,medium,,\nL4,Di,di@example.com,ads,3000,,high,老板,是\nL5,Ed,ed@example.com,ads,,decision maker,high,,否\n',
    );
    await importFiles(store.engine, { entity: 'leads', files: [file] });
  });
  afterAll(async () => store.close());

  it('reads fields and attributes', async () => {
    const s = await qualifyLeads(store.engine, DEFAULT_QUALIFY);
    expect(s.results.map((r) => [r.leadId, r.status, r.failed.join('+'), r.note])).toEqual([
      ['L1', 'qualified', '', null],
      ['L2', 'not qualified', 'authority', CHECKED_LIKE_EVERYONE],
      ['L3', 'not qualified', 'money', CHECKED_LIKE_EVERYONE],
      ['L4', 'qualified', '', null],
      ['L5', 'incomplete', '', null],
    ]);
    expect(s.results[3].checks.authority).toMatchObject({ field: '职位', value: '老板' });
    expect(s.privileged).toEqual({ leads: 2, qualified: 0, note: CHECKED_LIKE_EVERYONE });
  });

  it('exports each lead with its next step, leaving out the one whose file says 退订 (unsubscribed)', async () => {
    const s = await qualifyLeads(store.engine, DEFAULT_QUALIFY);
    const x = campaignExport(qualifyItems(s), await loadLeadContacts(store.engine), QUALIFY_EXTRA_HEADERS, 'leads');
    expect(x.headers).toEqual(['lead_id', 'name', 'email', 'phone', 'company', 'reason', 'offer', 'source', 'status', 'failed', 'money', 'authority', 'need', 'note']);
    expect(x.rows.map((r) => [r[0], r[2], r[5], r[6], r[8]])).toEqual([
      ['L1', 'ann@example.com', 'money, authority and need pass', 'pursue', 'qualified'],
      ['L2', '=cmd', 'authority: authority "none" is not a decision role', 'hold: fails authority', 'not qualified'],
      ['L3', 'cy@example.com', 'money: budget 200 is below 1000', 'hold: fails money', 'not qualified'],
      ['L5', 'ed@example.com', 'money: no budget for this lead', 'find out: money', 'incomplete'],
    ]);
    expect([x.optedOut, x.optedOutCustomers]).toEqual([1, 1]);
  });
});
