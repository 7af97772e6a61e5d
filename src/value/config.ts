/**
 * Configuration of the value analysis: `unknown` in, strict out. Every default is written beside its field.
 * The CLI reads `--config FILE` or ./clientele.config.json and passes the parsed JSON here; flags override it.
 */
import { UsageError } from '../errors.js';

/** A cut-off between "low" and "high": a quantile of the customers' values, or a fixed value. */
export type Threshold = { readonly quantile: number } | { readonly value: number };

export interface CriteriaWeights {
  readonly purchasePower: number; // 2: net revenue, percentile among customers
  readonly highMargin: number; // 2: gross margin (net revenue − cost of goods), percentile
  readonly priceInsensitivity: number; // 1: 1 − discount share of gross revenue
  readonly paysOnTime: number; // 1.5: 1 − average days late / lateScaleDays
  readonly lowCostToServe: number; // 1: 1 − cost to serve / net revenue
  readonly lowRisk: number; // 1: 1 − (returns + cancellations + bad debt) / gross revenue
  readonly growth: number; // 1: revenue in the last growth window against the one before
  readonly loyalty: number; // 1.5: loyalty index (purchase days, tenure, recency)
  readonly referrals: number; // 0.5: customers they referred, up to referralCap
  readonly credit: number; // 1: B2B only: credit_rating mapped by creditRatings
  readonly industry: number; // 1: B2B only: industry in favouredIndustries
  readonly scale: number; // 0.5: B2B only: annual_revenue percentile among companies
}

export interface ValueConfig {
  /** Gross margin rate for lines whose product has neither unit_cost nor margin_rate. null: no assumption (default). */
  readonly marginRate: number | null;
  /** Cost to serve per order when the store has no service costs. null: none (default). */
  readonly costPerOrder: number | null;
  /** Customers with no purchase for more than this many days are "Lost" whatever their RFM cell. null: no Lost segment (default). */
  readonly lostAfterDays: number | null;
  readonly longTerm: {
    readonly horizonYears: number; // 3: years of future profit the long-term value proxy counts
    readonly oneTimeGapDays: number; // 365: assumed gap between purchases for customers who bought on one day only
  };
  readonly thresholds: {
    readonly currentValue: Threshold; // {quantile: 0.5}: median annualised profit
    readonly longTermValue: Threshold; // {quantile: 0.5}: median long-term value
    readonly loyalty: Threshold; // {quantile: 0.5}: median loyalty index
    readonly satisfaction: Threshold; // {value: 4}: mean satisfaction (1–5) at or above which a customer is satisfied
  };
  readonly criteria: {
    readonly weights: CriteriaWeights;
    readonly lateGraceDays: number; // 7: a payment more than this many days late counts as late
    readonly lateScaleDays: number; // 30: average days late at which "pays on time" scores 0
    readonly growthWindowDays: number; // 365: growth compares the last window with the one before
    readonly referralCap: number; // 3: referrals at which the referral score is full
  };
  readonly flags: {
    readonly badDebtMin: number; // 0: written-off amounts above this flag bad debt
    readonly chronicLateMinPayments: number; // 2: late payments needed before lateness is chronic
    readonly chronicLateShare: number; // 0.5: and at least this share of the customer's payments late
    readonly smallRevenueQuantile: number; // 0.5: "buys little" = net revenue at or below this quantile of buyers
    readonly offCoreShare: number; // 0.5: off-core revenue share at or above which a customer is off strategy
    readonly coreCategories: readonly string[] | null; // null: the top categories that make up coreRevenueShare of revenue
    readonly coreRevenueShare: number; // 0.8: see coreCategories
  };
  readonly b2b: {
    readonly favouredIndustries: readonly string[]; // []: no industry preference (the industry criterion is then not scored)
    readonly creditRatings: Readonly<Record<string, number>>; // AAA 1 … D 0: score of each credit rating, compared upper-case
  };
}

export const DEFAULT_WEIGHTS: CriteriaWeights = {
  purchasePower: 2,
  highMargin: 2,
  priceInsensitivity: 1,
  paysOnTime: 1.5,
  lowCostToServe: 1,
  lowRisk: 1,
  growth: 1,
  loyalty: 1.5,
  referrals: 0.5,
  credit: 1,
  industry: 1,
  scale: 0.5,
};

export const DEFAULT_CREDIT_RATINGS: Readonly<Record<string, number>> = {
  AAA: 1, AA: 0.9, A: 0.8, BBB: 0.65, BB: 0.5, B: 0.35, CCC: 0.2, CC: 0.1, C: 0.05, D: 0,
};

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(path: string, expected: string, got: unknown): never {
  throw new UsageError(`config ${path}: expected ${expected}, got ${JSON.stringify(got)}`, 'see the defaults with: clientele value --help');
}

function obj(v: unknown, path: string): Obj {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) bad(path, 'an object', v);
  return v;
}

function num(o: Obj, key: string, path: string, dflt: number, min = -Infinity, max = Infinity): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) bad(`${path}.${key}`, `a number in [${min}, ${max}]`, v);
  return v;
}

function numOrNull(o: Obj, key: string, path: string, min: number, max: number): number | null {
  return o[key] === null || o[key] === undefined ? null : num(o, key, path, 0, min, max);
}

function strings(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) bad(path, 'a list of strings', v);
  return v as string[];
}

function threshold(o: Obj, key: string, path: string, dflt: Threshold): Threshold {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v === 'number' && Number.isFinite(v)) return { value: v };
  if (isObj(v) && typeof v.quantile === 'number' && v.quantile >= 0 && v.quantile <= 1 && Object.keys(v).length === 1) return { quantile: v.quantile };
  if (isObj(v) && typeof v.value === 'number' && Number.isFinite(v.value) && Object.keys(v).length === 1) return { value: v.value };
  return bad(`${path}.${key}`, '{"quantile": 0..1} or {"value": n}', v);
}

function unknownKeys(o: Obj, known: readonly string[], path: string): void {
  const extra = Object.keys(o).filter((k) => !known.includes(k));
  if (extra.length) throw new UsageError(`config ${path}: unknown field ${extra.map((k) => `"${k}"`).join(', ')}`, `known fields: ${known.join(', ')}`);
}

/** Loose JSON in, a complete `ValueConfig` out; a wrong field is a UsageError naming its path. */
export function normalizeValueConfig(input: unknown): ValueConfig {
  const root = obj(input, '(root)');
  unknownKeys(root, ['marginRate', 'costPerOrder', 'lostAfterDays', 'longTerm', 'thresholds', 'criteria', 'flags', 'b2b', '$schema', 'comment'], '(root)');
  const lt = obj(root.longTerm, 'longTerm');
  const th = obj(root.thresholds, 'thresholds');
  const cr = obj(root.criteria, 'criteria');
  const w = obj(cr.weights, 'criteria.weights');
  const fl = obj(root.flags, 'flags');
  const b2b = obj(root.b2b, 'b2b');
  unknownKeys(w, Object.keys(DEFAULT_WEIGHTS), 'criteria.weights');
  const weights = Object.fromEntries(Object.entries(DEFAULT_WEIGHTS).map(([k, d]) => [k, num(w, k, 'criteria.weights', d, 0)])) as unknown as CriteriaWeights;
  let creditRatings = DEFAULT_CREDIT_RATINGS;
  if (b2b.creditRatings !== undefined) {
    const c = obj(b2b.creditRatings, 'b2b.creditRatings');
    creditRatings = Object.fromEntries(Object.keys(c).map((k) => [k.toUpperCase(), num(c, k, 'b2b.creditRatings', 0, 0, 1)]));
  }
  return {
    marginRate: numOrNull(root, 'marginRate', '(root)', -1, 1),
    costPerOrder: numOrNull(root, 'costPerOrder', '(root)', 0, Infinity),
    lostAfterDays: numOrNull(root, 'lostAfterDays', '(root)', 1, Infinity),
    longTerm: {
      horizonYears: num(lt, 'horizonYears', 'longTerm', 3, 0),
      oneTimeGapDays: num(lt, 'oneTimeGapDays', 'longTerm', 365, 1),
    },
    thresholds: {
      currentValue: threshold(th, 'currentValue', 'thresholds', { quantile: 0.5 }),
      longTermValue: threshold(th, 'longTermValue', 'thresholds', { quantile: 0.5 }),
      loyalty: threshold(th, 'loyalty', 'thresholds', { quantile: 0.5 }),
      satisfaction: threshold(th, 'satisfaction', 'thresholds', { value: 4 }),
    },
    criteria: {
      weights,
      lateGraceDays: num(cr, 'lateGraceDays', 'criteria', 7, 0),
      lateScaleDays: num(cr, 'lateScaleDays', 'criteria', 30, 1),
      growthWindowDays: Math.round(num(cr, 'growthWindowDays', 'criteria', 365, 1)),
      referralCap: num(cr, 'referralCap', 'criteria', 3, 1),
    },
    flags: {
      badDebtMin: num(fl, 'badDebtMin', 'flags', 0, 0),
      chronicLateMinPayments: num(fl, 'chronicLateMinPayments', 'flags', 2, 1),
      chronicLateShare: num(fl, 'chronicLateShare', 'flags', 0.5, 0, 1),
      smallRevenueQuantile: num(fl, 'smallRevenueQuantile', 'flags', 0.5, 0, 1),
      offCoreShare: num(fl, 'offCoreShare', 'flags', 0.5, 0, 1),
      coreCategories: fl.coreCategories === undefined || fl.coreCategories === null ? null : strings(fl.coreCategories, 'flags.coreCategories'),
      coreRevenueShare: num(fl, 'coreRevenueShare', 'flags', 0.8, 0, 1),
    },
    b2b: {
      favouredIndustries: b2b.favouredIndustries === undefined ? [] : strings(b2b.favouredIndustries, 'b2b.favouredIndustries'),
      creditRatings,
    },
  };
}

/** Command-line options that override the config file. */
export interface ValueOverrides {
  readonly marginRate?: number;
  readonly costPerOrder?: number;
  readonly lostAfterDays?: number;
}

export function withOverrides(c: ValueConfig, o: ValueOverrides): ValueConfig {
  return {
    ...c,
    marginRate: o.marginRate ?? c.marginRate,
    costPerOrder: o.costPerOrder ?? c.costPerOrder,
    lostAfterDays: o.lostAfterDays ?? c.lostAfterDays,
  };
}
