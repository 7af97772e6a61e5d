/**
 * The fields a segment rule can name, and the SQL each means over the customers table (c) joined with the
 * stored value run (s = customer_summary, v = customer_value). Only these texts reach SQL: user input never does.
 */
import type { Dialect } from '../sql/dialect.js';
import { sqlLifecycleStage } from '../sql/lifecycle.js';

export type FieldType = 'text' | 'number' | 'date' | 'boolean';

/** What a field's SQL may use besides the tables: the dialect, and the as-of date as parameters (added only when used). */
export interface FieldContext {
  readonly d: Dialect;
  /** A date expression of the as-of date. */
  asOf(): string;
  /** The as-of year, as a number. */
  asOfYear(): string;
}

export interface FieldDef {
  /** SQL over c (customers), s (customer_summary) and v (customer_value): fixed text, or built from the context. */
  readonly sql: string | ((ctx: FieldContext) => string);
  readonly type: FieldType;
  readonly help: string;
}

type Sql = FieldDef['sql'];
const text = (sql: Sql, help: string): FieldDef => ({ sql, type: 'text', help });
const num = (sql: Sql, help: string): FieldDef => ({ sql, type: 'number', help });
const date = (sql: Sql, help: string): FieldDef => ({ sql, type: 'date', help });
const bool = (sql: Sql, help: string): FieldDef => ({ sql, type: 'boolean', help });

export const FIELDS: Readonly<Record<string, FieldDef>> = {
  // contact (for "email is not null" and the like)
  name: text('c.name', 'name'),
  email: text('c.email', 'email address'),
  phone: text('c.phone', 'phone number'),
  address: text('c.address', 'postal address'),
  // geography and demographics
  country: text('c.country', 'country'),
  region: text('c.region', 'province, state or region'),
  city: text('c.city', 'city'),
  gender: text('c.gender', 'gender'),
  age: num((x) => `COALESCE(${x.d.sqlYearsBetween('c.birth_date', x.asOf())}, ${x.asOfYear()} - c.birth_year)`, 'age in whole years at the as-of date, from birth_date (else birth_year)'),
  birth_year: num('c.birth_year', 'year of birth'),
  income: num('c.income', 'income'),
  occupation: text('c.occupation', 'occupation'),
  education: text('c.education', 'education'),
  marital_status: text('c.marital_status', 'marital status'),
  lifestyle: text('c.lifestyle', 'lifestyle tags (use contains)'),
  type: text('c.type', 'individual, household, company or government'),
  industry: text('c.industry', 'industry'),
  employees: num('c.employees', 'employees'),
  annual_revenue: num('c.annual_revenue', "the company's annual revenue"),
  credit_rating: text('c.credit_rating', 'credit rating'),
  channel: text('c.channel', 'acquisition channel'),
  referred_by: text('c.referred_by', 'who referred the customer'),
  signup_date: date('c.signup_date', 'signup date'),
  birth_date: date('c.birth_date', 'birth date'),
  opt_out: bool('COALESCE(c.opt_out, FALSE)', 'opted out of marketing'),
  // behaviour and value (the latest value run)
  first_purchase: date('s.first_purchase', 'first purchase day'),
  lifecycle: text(sqlLifecycleStage('s'), 'relationship life cycle: exploration (考察期), formation (形成期), stability (稳定期) or decline (退化期); clientele lifecycle shows the rule'),
  last_purchase: date('s.last_purchase', 'last purchase day'),
  orders: num('s.orders', 'orders'),
  purchase_days: num('s.purchase_days', 'distinct purchase days'),
  revenue: num('s.net_revenue', 'net revenue'),
  gross_revenue: num('s.gross_revenue', 'gross revenue'),
  discounts: num('s.discounts', 'discounts'),
  cost_to_serve: num('s.cost_to_serve', 'cost to serve'),
  bad_debt: num('s.bad_debt', 'bad debt'),
  profit: num('s.profit', 'profit after cost of goods, cost to serve and bad debt'),
  gross_margin: num('s.gross_margin', 'net revenue minus cost of goods'),
  margin: num('CASE WHEN s.net_revenue > 0 THEN s.profit / s.net_revenue END', 'profit as a share of net revenue'),
  discount_share: num('CASE WHEN s.gross_revenue > 0 THEN s.discounts / s.gross_revenue END', 'discounts as a share of gross revenue (price sensitivity)'),
  recency_days: num('s.recency_days', 'days since the last purchase'),
  tenure_days: num('s.tenure_days', 'days since the first purchase'),
  late_payments: num('s.late_payments', 'late payments'),
  satisfaction: num('s.satisfaction', 'mean satisfaction (1–5)'),
  nps: num('s.nps', 'mean NPS answer (0–10)'),
  referrals: num('s.referrals', 'customers they referred'),
  top_category: text('s.top_category', 'category with the most revenue'),
  'rfm.r': num('v.r', 'recency score 1–5'),
  'rfm.f': num('v.f', 'frequency score 1–5'),
  'rfm.m': num('v.m', 'monetary score 1–5'),
  'rfm.segment': text('v.segment', 'RFM segment (Champions, Loyal, At Risk, …)'),
  segment: text('v.segment', 'RFM segment (same as rfm.segment)'),
  current_value: num('v.current_value', 'annualised profit'),
  long_term_value: num('v.long_term_value', 'long-term value (CLV when predicted)'),
  long_term_source: text('v.long_term_source', 'where long_term_value comes from: clv_predictions or proxy'),
  clv: num('v.long_term_value', 'long-term value (CLV when predicted)'),
  p_alive: num('v.p_alive', 'probability the customer is still active'),
  loyalty: num('v.loyalty', 'loyalty 0–1'),
  good_score: num('v.good_score', 'good-customer score 0–100'),
  'value.quadrant': text('v.value_quadrant', 'current × long-term value cell: I, II, III, IV'),
  'value.loyalty': text('v.value_loyalty', 'value × loyalty tier: core, at_risk_of_leaving, active_small, small_price_sensitive'),
  'value.satisfaction': text('v.satisfaction_loyalty', 'satisfaction × loyalty: apostle, mercenary, hostage, defector'),
  'flags.loss_making': bool('v.flag_loss_making', 'loses money'),
  'flags.bad_debt': bool('v.flag_bad_debt', 'has bad debt'),
  'flags.chronic_late': bool('v.flag_chronic_late', 'pays late chronically'),
  'flags.off_strategy': bool('v.flag_off_strategy', 'buys mostly outside the core categories'),
};

/** The nearest field names, for "did you mean". */
export function closeFields(name: string): string[] {
  const dist = (a: string, b: string) => {
    const m = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) m[0][j] = j;
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) m[i][j] = Math.min(m[i - 1][j] + 1, m[i][j - 1] + 1, m[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    return m[a.length][b.length];
  };
  return Object.keys(FIELDS)
    .map((f) => [f, dist(name, f)] as const)
    .filter(([, d]) => d <= Math.max(2, Math.floor(name.length / 3)))
    .sort((a, b) => a[1] - b[1])
    .slice(0, 3)
    .map(([f]) => f);
}
