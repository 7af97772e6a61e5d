import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { campaignExport, loadContacts, loadLeadContacts } from './contacts.js';
import { referralChains, type ReferralNode } from './referral-graph.js';
import { REFERRAL_EXTRA_HEADERS, describeChain, referralItems, referralReport } from './referrals.js';

const c = (id: string, referredBy: string | null, revenue: number, profit: number): ReferralNode => ({ kind: 'customer', id, name: null, referredBy, revenue, profit, won: null });
const l = (id: string, referredBy: string | null, won: boolean | null = null): ReferralNode => ({ kind: 'lead', id, name: null, referredBy, revenue: 0, profit: 0, won });

/**
 *   A ─┬─ B ── C ── L1 (won) ── L2        E ← "Boss Wang" (not in the data)
 *      ├─ D                               F ← F (names itself: ignored)
 *      └─ L3 (lead referred by customer A)
 *   X ⇄ Y (a cycle in the data), X ── Z
 */
const NODES: ReferralNode[] = [
  c('A', null, 100, 10), c('B', 'A', 50, 5), c('C', 'B', 20, -2), c('D', 'A', 10, 1), c('E', 'Boss Wang', 7, 3), c('F', 'F', 1, 1),
  c('X', 'Y', 30, 3), c('Y', 'X', 40, 4), c('Z', 'X', 5, 0.5),
  l('L1', 'C', true), l('L2', 'L1'), l('L3', 'A', false),
];

describe('referralChains', () => {
  const g = referralChains(NODES);
  const by = new Map(g.referrers.map((r) => [`${r.kind}:${r.id}`, r]));

  it('sums everyone brought in, directly and down the chain, never the referrer', () => {
    const a = by.get('customer:A')!;
    // B, C, D and L1, L2, L3: revenue 50 + 20 + 10, profit 5 − 2 + 1; four generations (A → B → C → L1 → L2).
    expect(a.chain).toEqual({ customers: 3, leads: 3, wonLeads: 1, revenue: 80, profit: 4 });
    expect(a.direct).toEqual({ customers: 2, leads: 1, wonLeads: 0, revenue: 60, profit: 6 });
    expect([a.generations, a.ownRevenue, a.ownProfit, a.inCycle]).toEqual([4, 100, 10, false]);
    expect(by.get('customer:B')!.chain).toEqual({ customers: 1, leads: 2, wonLeads: 1, revenue: 20, profit: -2 });
    expect(by.get('customer:C')!.generations).toBe(2);
    expect(by.get('lead:L1')!.chain).toEqual({ customers: 0, leads: 1, wonLeads: 0, revenue: 0, profit: 0 });
    expect(by.get('unknown:Boss Wang')!.chain).toEqual({ customers: 1, leads: 0, wonLeads: 0, revenue: 7, profit: 3 });
  });

  it('counts each person of a cycle once, and reports the cycle and the self-referral', () => {
    // X reaches Y and Z; Y reaches X and, through X, Z.
    expect(by.get('customer:X')).toMatchObject({ chain: { customers: 2, leads: 0, wonLeads: 0, revenue: 45, profit: 4.5 }, generations: 1, inCycle: true });
    expect(by.get('customer:Y')).toMatchObject({ chain: { customers: 2, revenue: 35, profit: 3.5 }, direct: { customers: 1, revenue: 30 }, generations: 2, inCycle: true });
    expect(g.cycles).toEqual([['customer:X', 'customer:Y']]);
    expect(g.selfReferrals).toBe(1);
    expect(by.has('customer:F')).toBe(false);
    expect(g.unknownReferrers).toBe(1);
    expect(g.referred).toEqual({ customers: 7, leads: 3 });
  });

  it('ranks referrers by chain profit, then revenue, then people brought in', () => {
    expect(g.referrers.map((r) => r.id)).toEqual(['X', 'A', 'Y', 'Boss Wang', 'C', 'L1', 'B']);
    expect(describeChain(by.get('customer:A')!)).toBe('brought in 3 customers and 3 leads (1 won), 3 directly, over 4 generations: revenue 80, profit 4');
  });

  it('handles a long chain without recursion', () => {
    const chain = Array.from({ length: 50_000 }, (_, i) => c(`n${i}`, i ? `n${i - 1}` : null, 1, 1));
    const top = referralChains(chain).referrers[0];
    expect([top.id, top.chain.customers, top.generations]).toEqual(['n0', 49_999, 49_999]);
  });
});

describe('referralReport from the store', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    store = await tempStore();
    const f = store.dir.file;
    await importFiles(store.engine, { entity: 'customers', files: [f('c.csv', 'customer_id,name,email,referred_by,opt_out\nA,Ann,ann@example.com,,false\nB,Bob,bob@example.com,A,false\nC,Cy,cy@example.com,B,true\n')] });
    await importFiles(store.engine, { entity: 'orders', files: [f('o.csv', 'order_id,customer_id,ordered_at,quantity,unit_price\n1,A,2024-01-01,1,100\n2,B,2024-02-01,2,25\n3,C,2024-03-01,1,20\n')] });
    await importFiles(store.engine, { entity: 'leads', files: [f('l.csv', 'lead_id,name,email,referred_by,outcome\nL1,Lee,lee@example.com,C,true\nL2,Lou,lou@example.com,L1,\n')] });
  });
  afterAll(async () => store.close());

  it('values the chains by the value run (revenue, as no cost is known) and exports the referrers', async () => {
    const r = await referralReport(store.engine, normalizeValueConfig({}));
    expect(r.basis).toBe('revenue');
    expect(r.referrers.map((x) => [x.kind, x.id, x.chain.customers, x.chain.leads, x.chain.revenue])).toEqual([
      ['customer', 'A', 2, 2, 70],
      ['customer', 'B', 1, 2, 20],
      ['customer', 'C', 0, 2, 0],
      ['lead', 'L1', 0, 1, 0],
    ]);
    const x = campaignExport(referralItems(r), { customers: await loadContacts(store.engine), leads: await loadLeadContacts(store.engine) }, REFERRAL_EXTRA_HEADERS, 'mixed');
    expect(x.headers).toEqual(['contact_id', 'contact_type', 'name', 'email', 'phone', 'country', 'company', 'reason', 'offer', 'rank', 'direct', 'brought_in', 'generations', 'chain_revenue', 'chain_profit']);
    // C opted out; L1 is a lead referrer with its own contact fields.
    expect(x.rows.map((row) => [row[0], row[1], row[3], row[9]])).toEqual([['A', 'customer', 'ann@example.com', 1], ['B', 'customer', 'bob@example.com', 2], ['L1', 'lead', 'lee@example.com', 4]]);
    expect(x.optedOut).toBe(1);
  });
});
