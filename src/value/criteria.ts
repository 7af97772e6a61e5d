/**
 * Good-customer criteria and bad-customer flags (DESIGN.md §3). Each criterion is a 0..1 score computed in SQL
 * (src/sql/value.ts); the good-customer score is 100 × Σ weight·score / Σ weight over the criteria known for the
 * customer. This file holds what each one means and the evidence (numbers) shown for one customer.
 */
import { CRITERION_COLUMN, CRITERION_KEYS, type CriterionKey } from '../sql/value.js';
import type { ValueConfig } from './config.js';

export interface CriterionInfo {
  readonly key: CriterionKey;
  readonly label: string;
  /** How the 0..1 score is computed. */
  readonly formula: string;
  /** Applies to company and government customers only. */
  readonly b2b: boolean;
}

export const CRITERIA: readonly CriterionInfo[] = [
  { key: 'purchasePower', label: 'purchase power', formula: 'percentile rank of net revenue among customers', b2b: false },
  { key: 'highMargin', label: 'volume of high-margin products', formula: 'percentile rank of gross margin (net revenue − cost of goods)', b2b: false },
  { key: 'priceInsensitivity', label: 'low price sensitivity', formula: '1 − discounts / gross revenue', b2b: false },
  { key: 'paysOnTime', label: 'pays on time', formula: '1 − average days late / lateScaleDays', b2b: false },
  { key: 'lowCostToServe', label: 'low cost to serve', formula: '1 − cost to serve / net revenue', b2b: false },
  { key: 'lowRisk', label: 'low risk', formula: '1 − (returns + cancellations + bad debt) / gross revenue; with CLV predictions, the mean of that and P(alive)', b2b: false },
  { key: 'growth', label: 'good growth', formula: '0.5 + 0.5 × (recent − prior) / (|recent| + |prior|), revenue in the last growth window vs the one before', b2b: false },
  { key: 'loyalty', label: 'loyalty and tenure', formula: 'loyalty index: mean percentile rank of purchase days, tenure and recency', b2b: false },
  { key: 'referrals', label: 'referrals', formula: 'customers who name this one as referred_by, / referralCap (at most 1)', b2b: false },
  { key: 'credit', label: 'healthy finances (credit rating)', formula: 'credit_rating scored by b2b.creditRatings', b2b: true },
  { key: 'industry', label: 'favoured industry', formula: '1 if industry is in b2b.favouredIndustries, else 0', b2b: true },
  { key: 'scale', label: 'scale of the business', formula: 'percentile rank of annual_revenue among company customers', b2b: true },
];

/** B2B criteria of the bank's list that no imported field measures yet. */
export const B2B_UNSCORED = [
  'governance',
  'clear strategy and sound operation',
  'competitive advantage',
  'stable growing market with good channels',
] as const;

export const FLAGS = [
  { key: 'lossMaking', column: 'flag_loss_making', label: 'loses money (profit < 0)' },
  { key: 'costsMoreThanBrings', column: 'flag_costs_more_than_brings', label: 'buys little but costs more to serve than it brings' },
  { key: 'badDebt', column: 'flag_bad_debt', label: 'bad debt (amounts written off)' },
  { key: 'chronicLate', column: 'flag_chronic_late', label: 'chronic late payment' },
  { key: 'offStrategy', column: 'flag_off_strategy', label: 'demands outside the strategy (off-core purchases)' },
] as const;
export type FlagKey = (typeof FLAGS)[number]['key'];

export interface CriterionContribution {
  readonly key: CriterionKey;
  readonly label: string;
  readonly formula: string;
  /** 0..1, or null when there is no data for this customer. */
  readonly score: number | null;
  readonly weight: number;
  /** Points this criterion adds to the 0..100 good-customer score. */
  readonly contribution: number | null;
  readonly evidence: Readonly<Record<string, number | string | null>>;
}

export interface FlagExplanation {
  readonly key: FlagKey;
  readonly label: string;
  readonly raised: boolean;
  readonly evidence: Readonly<Record<string, number | string | null>>;
}

/** A customer_summary row joined with its customer_value row (the columns these explanations use). */
export type ValueRow = Readonly<Record<string, unknown>>;

const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function evidenceOf(key: CriterionKey, row: ValueRow, c: ValueConfig): Record<string, number | string | null> {
  switch (key) {
    case 'purchasePower':
      return { netRevenue: n(row.net_revenue) };
    case 'highMargin':
      return { grossMargin: n(row.gross_margin), cogs: n(row.cogs) };
    case 'priceInsensitivity':
      return { discounts: n(row.discounts), grossRevenue: n(row.gross_revenue) };
    case 'paysOnTime':
      return { payments: n(row.payments), avgDaysLate: n(row.avg_days_late), lateScaleDays: c.criteria.lateScaleDays };
    case 'lowCostToServe':
      return { costToServe: n(row.cost_to_serve), netRevenue: n(row.net_revenue) };
    case 'lowRisk':
      return {
        returns: n(row.returns),
        cancellations: n(row.cancellations),
        badDebt: n(row.bad_debt),
        grossRevenue: n(row.gross_revenue),
        ...(row.long_term_source === 'clv_predictions' ? { pAlive: n(row.p_alive) } : {}),
      };
    case 'growth':
      return { revenueRecent: n(row.revenue_recent), revenuePrior: n(row.revenue_prior), windowDays: c.criteria.growthWindowDays };
    case 'loyalty':
      return { loyalty: n(row.loyalty), purchaseDays: n(row.purchase_days), tenureDays: n(row.tenure_days), recencyDays: n(row.recency_days) };
    case 'referrals':
      return { referrals: n(row.referrals), referralCap: c.criteria.referralCap };
    case 'credit':
      return { creditRating: (row.credit_rating as string | null) ?? null, type: (row.type as string | null) ?? null };
    case 'industry':
      return { industry: (row.industry as string | null) ?? null, favoured: c.b2b.favouredIndustries.join(', ') || null };
    case 'scale':
      return { annualRevenue: n(row.annual_revenue), employees: n(row.employees) };
  }
}

/** Each criterion's score, weight, contribution to the good-customer score, and evidence. */
export function explainCriteria(row: ValueRow, c: ValueConfig): CriterionContribution[] {
  const known = CRITERION_KEYS.filter((k) => row[CRITERION_COLUMN[k]] !== null && row[CRITERION_COLUMN[k]] !== undefined);
  const totalWeight = known.reduce((s, k) => s + c.criteria.weights[k], 0);
  return CRITERIA.map((info) => {
    const score = n(row[CRITERION_COLUMN[info.key]]);
    const weight = c.criteria.weights[info.key];
    return {
      key: info.key,
      label: info.label,
      formula: info.formula,
      score,
      weight,
      contribution: score === null || totalWeight === 0 ? null : (100 * weight * score) / totalWeight,
      evidence: evidenceOf(info.key, row, c),
    };
  });
}

/** Every flag, raised or not, with the numbers behind it. `smallRevenue` is the "buys little" cut-off used. */
export function explainFlags(row: ValueRow, c: ValueConfig, smallRevenue: number | null): FlagExplanation[] {
  const ev: Record<FlagKey, Record<string, number | string | null>> = {
    lossMaking: { profit: n(row.profit) },
    costsMoreThanBrings: { netRevenue: n(row.net_revenue), smallRevenueCutoff: smallRevenue, grossMargin: n(row.gross_margin), costToServe: n(row.cost_to_serve) },
    badDebt: { badDebt: n(row.bad_debt), badDebtMin: c.flags.badDebtMin },
    chronicLate: {
      payments: n(row.payments),
      latePayments: n(row.late_payments),
      avgDaysLate: n(row.avg_days_late),
      maxDaysLate: n(row.max_days_late),
      minLatePayments: c.flags.chronicLateMinPayments,
      minLateShare: c.flags.chronicLateShare,
    },
    offStrategy: { offCoreRevenue: n(row.off_core_revenue), categorizedRevenue: n(row.categorized_revenue), offCoreShareMin: c.flags.offCoreShare },
  };
  return FLAGS.map((f) => ({ key: f.key, label: f.label, raised: row[f.column] === true, evidence: ev[f.key] }));
}
