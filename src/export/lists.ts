/**
 * The columns of each exported list, in one place for the CLI's --out files and the server's downloads.
 * Campaign lists (recommendations, care, lead checks) leave opted-out contacts out and count them (act/contacts.ts).
 */
import { CARE_EXTRA_HEADERS, QUALIFY_EXTRA_HEADERS, campaignExport, careItems, describeCrossSell, describeUpgrade, qualifyItems, type CampaignExport, type CampaignItem, type CarePlan, type Contact, type QualifySummary, type Recommendations } from '../act/index.js';
import type { MemberRow } from '../segment/index.js';

export interface CsvTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/**
 * A segment's members with contact fields and figures, for a mail or CRM tool: customers who opted out are left out
 * and counted (`optedOut`), as in every other list (README: exports).
 */
export function segmentMembersTable(members: readonly MemberRow[]): CsvTable & { readonly optedOut: number } {
  const kept = members.filter((r) => r.opt_out !== true);
  return {
    optedOut: members.length - kept.length,
    headers: ['customer_id', 'name', 'email', 'phone', 'country', 'city', 'opt_out', 'rfm_segment', 'rfm_r', 'rfm_f', 'rfm_m', 'orders', 'net_revenue', 'profit', 'long_term_value', 'first_purchase', 'last_purchase', 'recency_days'],
    rows: kept.map((r) => [r.customer_id, r.name, r.email, r.phone, r.country, r.city, r.opt_out, r.segment, r.r, r.f, r.m, r.orders, r.net_revenue, r.profit, r.long_term_value, r.first_purchase, r.last_purchase, r.recency_days]),
  };
}

/** Cross-sell and volume upgrades as campaign lines: kind, rank and product id after the reason and offer. */
export function recommendationsTable(r: Pick<Recommendations, 'crossSell' | 'upsell'>, contacts: ReadonlyMap<string, Contact>): CampaignExport {
  const items: CampaignItem[] = [
    ...r.crossSell.map((c) => ({ customerId: c.customerId, ...describeCrossSell(c), extra: ['cross-sell', c.rank, c.productId] })),
    ...r.upsell.map((u) => ({ customerId: u.customerId, ...describeUpgrade(u), extra: ['upsell', u.rank, u.productId] })),
  ];
  return campaignExport(items, contacts, ['kind', 'rank', 'product_id']);
}

/**
 * A care plan as one line per greeting, the message filled in the customer's language; each holiday goes to the
 * customers who keep it (their own calendar or opt-in), never to those who opted out. Reasons in `lang`.
 */
export function careTable(plan: CarePlan, contacts: ReadonlyMap<string, Contact>, lang: 'en' | 'zh-CN' = 'en'): CampaignExport {
  return campaignExport(careItems(plan, [...contacts.values()].filter((c) => !c.optOut), lang === 'zh-CN' ? 'zh' : 'en'), contacts, CARE_EXTRA_HEADERS);
}

/** Every lead with its MAN status and the reason of each check, with the lead's contacts (opted-out leads left out). */
export function qualifyTable(r: QualifySummary, leadContacts: ReadonlyMap<string, Contact>): CampaignExport {
  return campaignExport(qualifyItems(r), leadContacts, QUALIFY_EXTRA_HEADERS, 'leads');
}
