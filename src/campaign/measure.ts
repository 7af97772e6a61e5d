/**
 * A campaign measured against its holdout: the difference in means between treated and control customers, with a
 * 95% confidence interval from the normal approximation and Welch's standard error
 *
 *   Δ = ȳ₁ − ȳ₀,   se = √(s₁²/n₁ + s₀²/n₀),   CI = Δ ± 1.96·se
 *
 * (for the response rate s² is the Bernoulli p(1 − p)·n/(n − 1), i.e. the same sample variance). Randomised
 * assignment makes Δ an unbiased estimate of the campaign's effect per customer (Gerber & Green 2012, ch. 3).
 *
 * "Need about N more customers": the sample, at the same split, at which the observed response lift would be
 * significant at 5% with 80% power, (z₀.₉₇₅ + z₀.₈)²·se²/Δ² times the current size (Cohen 1988, ch. 6), less what
 * there is already.
 */

export interface Outcome {
  readonly customerId: string;
  readonly stratum: string;
  readonly treated: boolean;
  readonly responded: boolean;
  readonly revenue: number;
  readonly profit: number;
}

export interface Difference {
  readonly treated: number;
  readonly control: number;
  readonly lift: number;
  readonly se: number;
  readonly low: number;
  readonly high: number;
}

export type Verdict = 'effect' | 'harm' | 'not-yet' | 'none' | 'too-small';

export interface Measurement {
  readonly treated: number;
  readonly control: number;
  readonly responseRate: Difference;
  readonly revenuePerCustomer: Difference;
  readonly profitPerCustomer: Difference;
  /** Incremental profit per treated customer less the cost of contacting them. */
  readonly netPerContact: number;
  readonly verdict: Verdict;
  /** For 'not-yet': how many more customers (treated and control together) the lift would need. */
  readonly needMore: number | null;
  readonly message: string;
}

const Z = 1.959963984540054;
const Z_POWER = 0.8416212335729143;

function meanVar(xs: readonly number[]): { mean: number; variance: number } {
  const n = xs.length;
  if (!n) return { mean: 0, variance: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, variance };
}

/** Treated minus control mean of `f`, with its standard error and 95% interval. */
export function difference(treated: readonly number[], control: readonly number[]): Difference {
  const t = meanVar(treated);
  const c = meanVar(control);
  const se = Math.sqrt((treated.length ? t.variance / treated.length : 0) + (control.length ? c.variance / control.length : 0));
  const lift = t.mean - c.mean;
  return { treated: t.mean, control: c.mean, lift, se, low: lift - Z * se, high: lift + Z * se };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} pts`;
const money = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** The measurement of one group of outcomes (a campaign, or one stratum of it). */
export function measure(outcomes: readonly Outcome[], costPerContact = 0): Measurement {
  const t = outcomes.filter((o) => o.treated);
  const c = outcomes.filter((o) => !o.treated);
  const resp = difference(t.map((o) => Number(o.responded)), c.map((o) => Number(o.responded)));
  const revenue = difference(t.map((o) => o.revenue), c.map((o) => o.revenue));
  const profit = difference(t.map((o) => o.profit), c.map((o) => o.profit));
  const n = t.length + c.length;
  let verdict: Verdict;
  let needMore: number | null = null;
  if (t.length < 2 || c.length < 2) verdict = 'too-small';
  else if (resp.low > 0) verdict = 'effect';
  else if (resp.high < 0) verdict = 'harm';
  else if (resp.lift > 0 && resp.se > 0) {
    verdict = 'not-yet';
    const k = ((Z + Z_POWER) * resp.se / resp.lift) ** 2;
    needMore = Math.max(1, Math.ceil((k - 1) * n));
  } else verdict = 'none';
  const message = {
    effect: `it works: response ${pct(resp.lift)} above control (95% CI ${pct(resp.low)} to ${pct(resp.high)}), profit ${money(profit.lift)} per customer (CI ${money(profit.low)} to ${money(profit.high)})`,
    harm: `it hurts: response ${pct(-resp.lift)} below control (95% CI ${pct(resp.low)} to ${pct(resp.high)})`,
    'not-yet': `no measurable effect yet: need about ${(needMore ?? 0).toLocaleString('en-US')} more customers (response ${pct(resp.lift)} above control, 95% CI ${pct(resp.low)} to ${pct(resp.high)})`,
    none: `no measurable effect: the treated responded no more than the control (${pct(resp.lift)}, 95% CI ${pct(resp.low)} to ${pct(resp.high)})`,
    'too-small': `too few customers to measure (${t.length} treated, ${c.length} control)`,
  }[verdict];
  return { treated: t.length, control: c.length, responseRate: resp, revenuePerCustomer: revenue, profitPerCustomer: profit, netPerContact: profit.lift - costPerContact, verdict, needMore, message };
}
