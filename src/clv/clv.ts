/**
 * Discounted customer lifetime value over a finite horizon (DESIGN.md §3):
 *
 *   CLV = Σ_{k=1..H} (E[Y(kΔ) | x, t_x, T] − E[Y((k−1)Δ) | x, t_x, T]) · E[M] · margin / (1 + d)^k
 *
 * where E[Y(t) | ·] is a purchase model's conditional expectation, Δ the period length in the model's
 * time unit, E[M] the expected spend per transaction (e.g. Gamma-Gamma's E[M | x, z̄]) and d the discount
 * rate per period. Purchases in period k are discounted at its end, as in Fader, Hardie & Lee (2005),
 * "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis", in discrete form. O(H) model evaluations per distinct customer.
 */
import { gammaGammaConditionalExpectedSpend, type GammaGammaParams } from './gamma-gamma.js';
import type { PurchaseModel } from './purchase-model.js';

export interface ClvOptions {
  /** Number of future periods H (e.g. 12 months, 52 weeks). */
  periods: number;
  /** Length of one period in the model's time unit (weeks for CDNOW: 1 for weekly, 52/12 for monthly). Default 1. */
  periodLength?: number;
  /** Discount rate per period (0.01 a month ≈ 12.7% a year). Default 0: undiscounted. */
  discountRate?: number;
  /** Profit margin on spend, in [0, 1]. Required: every CLV depends on it and must say so. */
  margin: number;
}

export interface ClvCustomer {
  x: number;
  tx: number;
  T: number;
  /** Mean repeat-transaction value; ignored when x = 0 (the population mean is used). */
  zbar: number;
}

function checkOptions(o: ClvOptions): Required<ClvOptions> {
  const periodLength = o.periodLength ?? 1;
  const discountRate = o.discountRate ?? 0;
  if (!(Number.isInteger(o.periods) && o.periods >= 0)) throw new RangeError(`customerLifetimeValue requires periods to be a non-negative integer, got ${o.periods}`);
  if (!(periodLength > 0)) throw new RangeError(`customerLifetimeValue requires periodLength > 0, got ${periodLength}`);
  if (!(discountRate > -1)) throw new RangeError(`customerLifetimeValue requires discountRate > −1, got ${discountRate}`);
  if (!(o.margin >= 0 && o.margin <= 1)) throw new RangeError(`customerLifetimeValue requires margin in [0, 1], got ${o.margin}`);
  return { periods: o.periods, periodLength, discountRate, margin: o.margin };
}

/** Expected purchases in each future period k = 1..H (differences of the cumulative conditional expectation). */
export function expectedPurchasesByPeriod<P>(model: PurchaseModel<P>, params: P, x: number, tx: number, T: number, periods: number, periodLength = 1): Float64Array {
  const out = new Float64Array(periods);
  let previous = 0;
  for (let k = 1; k <= periods; k++) {
    const cumulative = model.conditionalExpectedPurchases(params, k * periodLength, x, tx, T);
    out[k - 1] = Math.max(0, cumulative - previous); // rounding must not make a period negative
    previous = cumulative;
  }
  return out;
}

/** CLV of one customer given their expected spend per transaction. */
export function customerLifetimeValue<P>(model: PurchaseModel<P>, params: P, customer: { x: number; tx: number; T: number }, expectedSpend: number, options: ClvOptions): number {
  const o = checkOptions(options);
  const byPeriod = expectedPurchasesByPeriod(model, params, customer.x, customer.tx, customer.T, o.periods, o.periodLength);
  let value = 0;
  let discount = 1;
  for (let k = 0; k < o.periods; k++) {
    discount /= 1 + o.discountRate;
    value += byPeriod[k] * discount;
  }
  return value * expectedSpend * o.margin;
}

/**
 * CLV of many customers, with spend from the Gamma-Gamma model's E[M | x, z̄]. Distinct (x, t_x, T) rows
 * share their purchase forecast, so repeated histories cost nothing extra.
 */
export function customerLifetimeValueBatch<P>(model: PurchaseModel<P>, params: P, spend: GammaGammaParams, customers: readonly ClvCustomer[], options: ClvOptions): Float64Array {
  const o = checkOptions(options);
  const unitValue = new Map<string, number>();
  return Float64Array.from(customers, (c) => {
    const key = `${c.x}|${c.tx}|${c.T}`;
    let perUnitSpend = unitValue.get(key);
    if (perUnitSpend === undefined) {
      perUnitSpend = customerLifetimeValue(model, params, c, 1, o);
      unitValue.set(key, perUnitSpend);
    }
    return perUnitSpend * gammaGammaConditionalExpectedSpend(spend, c.x, c.zbar);
  });
}
