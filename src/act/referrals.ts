/**
 * Referral chains from the store: customers.referred_by and leads.referred_by, valued by the value run
 * (revenue and profit of each customer as of its date), then chained in referral-graph.ts.
 */
import type { Engine } from '../engine/engine.js';
import { sqlReferralNodes } from '../sql/referrals.js';
import { computeValue, type ValueConfig } from '../value/index.js';
import type { CampaignItem } from './contacts.js';
import { referralChains, type ReferralGraph, type ReferralNode, type ReferrerChain } from './referral-graph.js';

export interface ReferralReport extends ReferralGraph {
  readonly asOf: string;
  /** 'revenue' when no cost is known: profit figures then equal revenue. */
  readonly basis: 'profit' | 'revenue';
}

export async function referralReport(engine: Engine, config: ValueConfig, asOf?: string): Promise<ReferralReport> {
  const value = await computeValue(engine, { config, ...(asOf ? { asOf } : {}) });
  const rows = await engine.query<{ kind: 'customer' | 'lead'; id: string; name: string | null; referred_by: string | null; revenue: number; profit: number; won: boolean | null }>(sqlReferralNodes(engine.dialect), [value.runId]);
  const nodes: ReferralNode[] = rows.map((r) => ({ kind: r.kind, id: r.id, name: r.name, referredBy: r.referred_by, revenue: Number(r.revenue), profit: Number(r.profit), won: r.won }));
  return { asOf: value.asOf, basis: value.basis, ...referralChains(nodes) };
}

const money = (n: number) => Math.round(n).toLocaleString('en-US');

/** "brought in 5 customers and 2 leads (1 won), 3 of them directly, over 2 generations" */
export function describeChain(c: ReferrerChain): string {
  const parts = [`${c.chain.customers} customer${c.chain.customers === 1 ? '' : 's'}`];
  if (c.chain.leads) parts.push(`${c.chain.leads} lead${c.chain.leads === 1 ? '' : 's'} (${c.chain.wonLeads} won)`);
  const direct = c.direct.customers + c.direct.leads;
  return `brought in ${parts.join(' and ')}, ${direct} directly, over ${c.generations} generation${c.generations === 1 ? '' : 's'}: revenue ${money(c.chain.revenue)}, profit ${money(c.chain.profit)}${c.inCycle ? ' (the data has a referral cycle here; each person counted once)' : ''}`;
}

export const REFERRAL_EXTRA_HEADERS = ['rank', 'direct', 'brought_in', 'generations', 'chain_revenue', 'chain_profit'] as const;

/**
 * Referrers as a thank-you / ask-again campaign, best chains first. Unknown referrers (not a customer or lead id)
 * have no contact fields and are left out.
 */
export function referralItems(r: Pick<ReferralReport, 'referrers'>, top = Infinity): CampaignItem[] {
  return r.referrers
    .filter((c) => c.kind !== 'unknown')
    .slice(0, top)
    .map((c, i) => ({
      customerId: c.id,
      kind: c.kind === 'lead' ? 'lead' : 'customer',
      reason: describeChain(c),
      offer: 'thank them, and ask for another introduction (链式介绍)',
      extra: [i + 1, c.direct.customers + c.direct.leads, c.chain.customers + c.chain.leads, c.generations, Math.round(c.chain.revenue * 100) / 100, Math.round(c.chain.profit * 100) / 100],
    }));
}
