/**
 * Win-back (DESIGN.md §1.7): for a customer at risk, one method — personal care, a scenario offer or a coupon —
 * with the reasons, drawn from their history and segment. A customer who lost money overall is let go: a win-back
 * would spend more on them than they bring. Pure: the rows come from src/sql/churn.ts.
 */
import { said as sd, type Said } from '../report/prose.js';

export type WinBackMethod = 'personal care' | 'scenario offer' | 'coupon' | 'let go';

/** One buyer at risk as the churn SQL returns it (camel-cased). */
export interface ChurnRow {
  readonly customerId: string;
  readonly type: string | null;
  readonly orders: number;
  readonly purchaseDays: number;
  readonly recencyDays: number;
  readonly lastPurchase: string | null;
  readonly netRevenue: number;
  readonly profit: number;
  readonly grossRevenue: number;
  readonly discounts: number;
  readonly topCategory: string | null;
  readonly topCategoryRevenue: number | null;
  readonly categorizedRevenue: number;
  readonly satisfaction: number | null;
  readonly complaints: number;
  readonly segment: string;
  readonly valueQuadrant: string | null;
  readonly currentValue: number;
  readonly longTermValue: number;
  /** The customer's own mean gap, or the repeat buyers' median for one purchase day (gapAssumed). */
  readonly expectedGap: number;
  readonly gapAssumed: boolean;
  /** recency / expected gap. */
  readonly overdue: number;
  readonly modelPAlive: number | null;
  readonly model: string | null;
  readonly proxyPAlive: number | null;
}

export interface WinBackRules {
  readonly dissatisfiedBelow: number; // 3: mean satisfaction (1–5) below this calls for personal care (service recovery)
  readonly complaintsAtLeast: number; // 2: as many complaints call for personal care too
  readonly highValueTiers: readonly string[]; // IV, III: value quadrants (high current value) worth a personal approach
  readonly highValueSegments: readonly string[]; // Champions, Loyal, Can't Lose: RFM segments worth a personal approach
  readonly priceSensitiveShare: number; // 0.1: discounts at least this share of gross revenue → coupon
  readonly focusShare: number; // 0.5: top category at least this share of categorised revenue → scenario offer
}

export const DEFAULT_WINBACK: WinBackRules = {
  dissatisfiedBelow: 3,
  complaintsAtLeast: 2,
  highValueTiers: ['IV', 'III'],
  highValueSegments: ['Champions', 'Loyal', "Can't Lose"],
  priceSensitiveShare: 0.1,
  focusShare: 0.5,
};

export interface WinBack {
  readonly method: WinBackMethod;
  readonly offer: string;
  readonly reasons: readonly string[];
  /** The last reason (why this method) as a code with its figures, to render in the reader's language (src/report/prose.ts). */
  readonly said: Said;
}

// `|| 0`: a sum that is −0 on one engine and 0 on another reads the same (0, never "-0").
const money = (n: number) => (Math.round(n) || 0).toLocaleString('en-US');
const pct = (x: number) => `${Math.round(x * 100)}%`;
const ORGANISATIONS = new Set(['company', 'government']);

/** What the history says about the risk itself: overdue, P(alive), segment and tier. */
export function riskReasons(r: ChurnRow): string[] {
  const gap = Math.round(r.expectedGap);
  const out = [
    r.gapAssumed
      ? `one purchase day, ${r.recencyDays} days ago: ${r.overdue.toFixed(1)}× the ${gap} days repeat buyers usually take`
      : `last bought ${r.recencyDays} days ago${r.lastPurchase ? ` (${r.lastPurchase.slice(0, 10)})` : ''}: ${r.overdue.toFixed(1)}× their usual ${gap} days between purchases`,
  ];
  if (r.modelPAlive !== null) out.push(`P(alive) ${r.modelPAlive.toFixed(2)} (${r.model ?? 'model'})`);
  out.push(`RFM ${r.segment}${r.valueQuadrant ? `, value tier ${r.valueQuadrant}` : ''}, ${r.orders} order${r.orders === 1 ? '' : 's'}, revenue ${money(r.netRevenue)}`);
  return out;
}

/** The method and why. `basis`: 'revenue' when no cost is known (then nobody is let go for a loss). */
export function winBack(r: ChurnRow, basis: 'profit' | 'revenue', rules: WinBackRules = DEFAULT_WINBACK): WinBack {
  const org = r.type !== null && ORGANISATIONS.has(r.type);
  if (basis === 'profit' && r.profit <= 0) {
    return { method: 'let go', offer: 'no win-back spend', reasons: [`lost money overall (profit ${money(r.profit)}): a win-back would cost more than they bring`], said: sd('winback.letGo', { profit: r.profit }) };
  }
  if ((r.satisfaction !== null && r.satisfaction < rules.dissatisfiedBelow) || r.complaints >= rules.complaintsAtLeast) {
    const why = [r.satisfaction !== null && r.satisfaction < rules.dissatisfiedBelow ? `satisfaction ${r.satisfaction.toFixed(1)} of 5` : null, r.complaints >= rules.complaintsAtLeast ? `${r.complaints} complaints` : null].filter(Boolean).join(' and ');
    return {
      method: 'personal care',
      offer: 'a personal call to put right what went wrong, then a goodwill gesture',
      reasons: [`${why}: fix the service first; a coupon would not win them back`],
      said: sd('winback.service', { satisfaction: r.satisfaction !== null && r.satisfaction < rules.dissatisfiedBelow ? r.satisfaction : null, complaints: r.complaints >= rules.complaintsAtLeast ? r.complaints : null }),
    };
  }
  const tier = r.valueQuadrant !== null && rules.highValueTiers.includes(r.valueQuadrant);
  const seg = rules.highValueSegments.includes(r.segment);
  if (tier || seg || org) {
    const what = [tier ? `value tier ${r.valueQuadrant}` : null, seg ? r.segment : null, org ? `a ${r.type}` : null].filter(Boolean).join(', ');
    return {
      method: 'personal care',
      offer: org ? 'a visit or call from their account manager' : 'a personal call and a thank-you gift',
      reasons: [`${what}, ${basis} ${money(r.profit)} so far (${money(r.currentValue)} a year): worth a personal approach`],
      said: sd('winback.highValue', { tier: tier ? r.valueQuadrant : null, segment: seg ? r.segment : null, orgType: org ? r.type : null, basis, profit: r.profit, currentValue: r.currentValue }),
    };
  }
  const discountShare = r.grossRevenue > 0 ? r.discounts / r.grossRevenue : 0;
  if (discountShare >= rules.priceSensitiveShare) {
    return { method: 'coupon', offer: 'a time-limited coupon on their next order', reasons: [`${pct(discountShare)} of their spend went on discounts: price brings them back`], said: sd('winback.priceSensitive', { share: discountShare }) };
  }
  const focus = r.topCategory !== null && r.categorizedRevenue > 0 && (r.topCategoryRevenue ?? 0) / r.categorizedRevenue >= rules.focusShare;
  if (focus) {
    const share = (r.topCategoryRevenue ?? 0) / r.categorizedRevenue;
    return {
      method: 'scenario offer',
      offer: `an offer built around ${r.topCategory}, timed for their usual ${Math.round(r.expectedGap)}-day cycle`,
      reasons: [`${pct(share)} of their spend is ${r.topCategory}: meet the need they came for`],
      said: sd('winback.scenario', { share, category: r.topCategory }),
    };
  }
  return { method: 'coupon', offer: 'a small coupon to restart the habit', reasons: [`no clear category or price pattern (${r.orders} order${r.orders === 1 ? '' : 's'}): a low-cost first step`], said: sd('winback.habit', { orders: r.orders }) };
}
