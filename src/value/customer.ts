/**
 * One customer explained: their figures, RFM scores and segment, their cell in each matrix, each criterion's
 * contribution to the good-customer score, and every flag with its evidence. No personal data (name, email,
 * phone, address, birth date) is read.
 */
import type { Engine } from '../engine/engine.js';
import { NotFoundError } from '../errors.js';
import { sqlCategoryMix } from '../sql/summary.js';
import { CRITERION_KEYS, sqlCustomerCriteria } from '../sql/value.js';
import { explainCriteria, explainFlags, type CriterionContribution, type FlagExplanation } from './criteria.js';
import { QUADRANT_LABELS, SATISFACTION_LOYALTY_LABELS, VALUE_LOYALTY_LABELS } from './matrices.js';
import { linesOf } from '../data/line-source.js';
import { computeValue, type ValueOptions, type ValueReport } from './portfolio.js';

export interface CustomerExplanation {
  readonly customerId: string;
  readonly asOf: string;
  readonly basis: ValueReport['basis'];
  readonly assumed: ValueReport['assumed'];
  /** The settings the run used (value/settings.ts). */
  readonly settings: ValueReport['settings'];
  readonly type: string | null;
  readonly placeholder: boolean;
  readonly figures: {
    readonly firstPurchase: string | null;
    readonly lastPurchase: string | null;
    readonly orders: number;
    readonly purchaseDays: number;
    readonly lines: number;
    readonly grossRevenue: number;
    readonly returns: number;
    readonly cancellations: number;
    readonly adjustments: number;
    readonly discounts: number;
    readonly netRevenue: number;
    readonly costOfGoods: number;
    readonly grossMargin: number;
    readonly costToServe: number;
    readonly badDebt: number;
    readonly profit: number;
    readonly tenureDays: number | null;
    readonly recencyDays: number | null;
    readonly payments: number;
    readonly latePayments: number;
    readonly avgDaysLate: number | null;
    readonly maxDaysLate: number | null;
    readonly topCategory: string | null;
    readonly categoryMix: ReadonlyArray<{ readonly category: string; readonly revenue: number; readonly share: number }>;
    readonly surveys: number;
    readonly satisfaction: number | null;
    readonly nps: number | null;
    readonly referrals: number;
  };
  readonly rfm: { readonly r: number | null; readonly f: number | null; readonly m: number | null; readonly segment: string };
  readonly matrices: {
    readonly currentLongTerm: { readonly cell: string | null; readonly label: string | null; readonly currentValue: number; readonly longTermValue: number; readonly pAlive: number | null; readonly source: string };
    readonly valueLoyalty: { readonly cell: string | null; readonly label: string | null; readonly currentValue: number; readonly loyalty: number };
    readonly satisfactionLoyalty: { readonly cell: string | null; readonly label: string | null; readonly satisfaction: number | null; readonly loyalty: number; readonly missing: string | null };
  };
  readonly goodScore: number | null;
  readonly criteria: readonly CriterionContribution[];
  readonly flags: readonly FlagExplanation[];
  /** Share of customers with a lower good-customer score. */
  readonly scorePercentile: number | null;
}

/** Columns read for one customer: never the PII fields of the customers table. */
const COLUMNS = `s.customer_id, s.type, s.derived, CAST(s.first_purchase AS VARCHAR) AS first_purchase, CAST(s.last_purchase AS VARCHAR) AS last_purchase,
  s.orders, s.purchase_days, s.lines, s.gross_revenue, s.returns, s.cancellations, s.adjustments, s.discounts, s.net_revenue,
  s.revenue_recent, s.revenue_prior, s.cogs, s.gross_margin, s.cost_to_serve, s.bad_debt, s.payments, s.late_payments,
  s.avg_days_late, s.max_days_late, s.profit, s.tenure_days, s.recency_days, s.top_category,
  s.categorized_revenue, s.off_core_revenue, s.surveys, s.satisfaction, s.nps, s.referrals, s.industry, s.employees, s.annual_revenue,
  s.credit_rating, v.*`;

export async function explainCustomer(engine: Engine, customerId: string, options: ValueOptions): Promise<CustomerExplanation> {
  const report = await computeValue(engine, options);
  const text = engine.dialect.type('text');
  const rows = await engine.query<Record<string, unknown>>(
    `SELECT ${COLUMNS.replaceAll('AS VARCHAR', `AS ${text}`)}, (SELECT count(*) FROM customer_value x WHERE x.good_score < v.good_score) AS below,
       (SELECT count(*) FROM customer_value x WHERE x.good_score IS NOT NULL) AS scored
     FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id WHERE s.customer_id = $1`,
    [customerId],
  );
  if (!rows.length) throw new NotFoundError(`there is no customer ${customerId}`, 'customer ids are as imported; list some with: clientele value --json');
  // The run stores the good-customer score, not the criterion scores behind it: they are computed here, for one customer.
  const c = report.config;
  const scoredKeys = new Set<string>(report.criteria.scored);
  const known = Object.fromEntries(CRITERION_KEYS.map((k) => [k, scoredKeys.has(k)])) as Record<(typeof CRITERION_KEYS)[number], boolean>;
  const criteriaSql = sqlCustomerCriteria(
    engine.dialect,
    { weights: c.criteria.weights, known, lateScaleDays: c.criteria.lateScaleDays, referralCap: c.criteria.referralCap, favouredIndustries: c.b2b.favouredIndustries, creditRatings: c.b2b.creditRatings },
    report.sources.longTermValue !== 'proxy',
  );
  const [scores] = await engine.query<Record<string, unknown>>(criteriaSql, [customerId]);
  const row = { ...rows[0], ...scores };
  const num = (k: string) => Number(row[k] ?? 0);
  const numOrNull = (k: string) => (row[k] === null || row[k] === undefined ? null : Number(row[k]));
  const str = (k: string) => (row[k] === null || row[k] === undefined ? null : String(row[k]));
  const lines = options.lines ?? linesOf(engine);
  const mix = lines ? await lines.categoryMix(customerId, report.asOf) : await engine.query<{ category: string; revenue: number }>(sqlCategoryMix(engine.dialect), [customerId, report.asOf]);
  const catTotal = mix.reduce((s, m) => s + m.revenue, 0);
  const categoryMix = mix.map((m) => ({ ...m, share: catTotal !== 0 ? m.revenue / catTotal : 0 }));
  const cell = (k: string, labels: Readonly<Record<string, string>>) => ({ cell: str(k), label: str(k) ? (labels[String(row[k])] ?? null) : null });
  const scored = num('scored');
  return {
    customerId,
    asOf: report.asOf,
    basis: report.basis,
    assumed: report.assumed,
    settings: report.settings,
    type: str('type'),
    placeholder: row.derived === true,
    figures: {
      firstPurchase: str('first_purchase'),
      lastPurchase: str('last_purchase'),
      orders: num('orders'),
      purchaseDays: num('purchase_days'),
      lines: num('lines'),
      grossRevenue: num('gross_revenue'),
      returns: num('returns'),
      cancellations: num('cancellations'),
      adjustments: num('adjustments'),
      discounts: num('discounts'),
      netRevenue: num('net_revenue'),
      costOfGoods: num('cogs'),
      grossMargin: num('gross_margin'),
      costToServe: num('cost_to_serve'),
      badDebt: num('bad_debt'),
      profit: num('profit'),
      tenureDays: numOrNull('tenure_days'),
      recencyDays: numOrNull('recency_days'),
      payments: num('payments'),
      latePayments: num('late_payments'),
      avgDaysLate: numOrNull('avg_days_late'),
      maxDaysLate: numOrNull('max_days_late'),
      topCategory: str('top_category'),
      categoryMix,
      surveys: num('surveys'),
      satisfaction: numOrNull('satisfaction'),
      nps: numOrNull('nps'),
      referrals: num('referrals'),
    },
    rfm: { r: numOrNull('r'), f: numOrNull('f'), m: numOrNull('m'), segment: String(row.segment) },
    matrices: {
      currentLongTerm: { ...cell('value_quadrant', QUADRANT_LABELS), currentValue: num('current_value'), longTermValue: num('long_term_value'), pAlive: numOrNull('p_alive'), source: String(row.long_term_source) },
      valueLoyalty: { ...cell('value_loyalty', VALUE_LOYALTY_LABELS), currentValue: num('current_value'), loyalty: num('loyalty') },
      satisfactionLoyalty: {
        ...cell('satisfaction_loyalty', SATISFACTION_LOYALTY_LABELS),
        satisfaction: numOrNull('satisfaction_score'),
        loyalty: num('loyalty'),
        missing: row.satisfaction_score === null ? 'no survey answer from this customer' : null,
      },
    },
    goodScore: numOrNull('good_score'),
    criteria: explainCriteria(row, report.config),
    flags: explainFlags(row, report.config, report.criteria.smallRevenueCutoff),
    scorePercentile: row.good_score === null || scored === 0 ? null : num('below') / scored,
  };
}
