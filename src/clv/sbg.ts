/**
 * The shifted-beta-geometric model (sBG): Fader & Hardie (2007), "How to Project Customer Retention",
 * Journal of Interactive Marketing 21(1), 76–90. The contractual setting: a customer renews each period
 * (month, year) or cancels, and the cancellation is observed. Each customer renews with their own
 * probability 1 − θ; θ ~ Beta(α, β) across customers, so the cohort's retention rate rises with tenure
 * (the bad risks leave first), not because a customer grows loyal.
 *
 * With T the period in which a customer cancels (T = 1: after the first period), the paper gives
 *   P(T = t | α, β) = B(α + 1, β + t − 1) / B(α, β),          t = 1, 2, …
 *   S(t | α, β)     = B(α, β + t) / B(α, β),                  t = 0, 1, 2, …
 * (computed here from log-beta functions rather than by the paper's recursion, which agrees), the retention rate
 * r_t = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1), and the log-likelihood of a cohort followed for n
 * periods, n_t of it lost in period t and the rest still active:
 *   LL = Σ_{t=1..n} n_t · ln P(T = t) + (N − Σ n_t) · ln S(n).
 * Customers of different cohorts (or individuals with their own tenure) simply add their terms: one lost
 * after t periods contributes ln P(T = t); one still active after t periods contributes ln S(t).
 *
 * Lifetime value: the discounted expected residual lifetime of Fader & Hardie (2010), "Customer-Base
 * Valuation in a Contractual Setting: The Perils of Ignoring Heterogeneity", Marketing Science 29(1), 85–93:
 * for a customer who has been active n periods (n − 1 renewals), just before the n-th renewal decision,
 *   DERL(d | α, β, n) = Σ_{t ≥ n} S(t) / S(n − 1) · (1 + d)^−(t − n)
 *                     = (β + n − 1)/(α + β + n − 1) · ₂F₁(1, β + n; α + β + n; 1/(1 + d)),
 * the number of further payments expected, each discounted by d per period (the next one undiscounted).
 * Residual value = DERL × margin per period.
 */
import { fitMaximumLikelihood, type FitOptions, type FitResult } from './fit.js';
import { digamma, hyp2f1Log, lbeta } from './special.js';

export interface SbgParams {
  alpha: number;
  beta: number;
}

/** `weight` customers observed for `periods` periods: lost at the end of the last (churned) or still active. */
export interface SbgRow {
  periods: number;
  churned: boolean;
  weight?: number;
}

interface SbgData {
  /** Distinct periods of lost customers, with their weights. */
  lostT: Float64Array;
  lostW: Float64Array;
  /** Distinct periods of active customers, with their weights. */
  activeT: Float64Array;
  activeW: Float64Array;
  total: number;
  rows: number;
}

const NAMES = ['alpha', 'beta'] as const;

function compress(rows: readonly SbgRow[]): SbgData {
  const lost = new Map<number, number>();
  const active = new Map<number, number>();
  let total = 0;
  rows.forEach((row, i) => {
    const w = row.weight ?? 1;
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`sbg: row ${i}: weight must be a non-negative number, got ${w}`);
    if (!Number.isInteger(row.periods) || row.periods < (row.churned ? 1 : 0)) {
      throw new RangeError(`sbg: row ${i}: periods must be a whole number, at least 1 for a lost customer and 0 for an active one, got ${row.periods}`);
    }
    if (w === 0) return;
    const m = row.churned ? lost : active;
    m.set(row.periods, (m.get(row.periods) ?? 0) + w);
    total += w;
  });
  const arr = (m: Map<number, number>) => {
    const keys = [...m.keys()].sort((a, b) => a - b);
    return [Float64Array.from(keys), Float64Array.from(keys, (k) => m.get(k) as number)] as const;
  };
  const [lostT, lostW] = arr(lost);
  const [activeT, activeW] = arr(active);
  return { lostT, lostW, activeT, activeW, total, rows: lostT.length + activeT.length };
}

function logLik(p: SbgParams, d: SbgData, withGradient: boolean): { value: number; gradient: number[] } {
  const { alpha, beta } = p;
  const lb = lbeta(alpha, beta);
  const psiAB = withGradient ? digamma(alpha + beta) : 0;
  const dLbA = withGradient ? digamma(alpha) - psiAB : 0;
  const dLbB = withGradient ? digamma(beta) - psiAB : 0;
  let value = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < d.lostT.length; i++) {
    const t = d.lostT[i];
    const w = d.lostW[i];
    // ln P(T = t) = ln B(α + 1, β + t − 1) − ln B(α, β)
    value += w * (lbeta(alpha + 1, beta + t - 1) - lb);
    if (withGradient) {
      const psi = digamma(alpha + beta + t);
      ga += w * (digamma(alpha + 1) - psi - dLbA);
      gb += w * (digamma(beta + t - 1) - psi - dLbB);
    }
  }
  for (let i = 0; i < d.activeT.length; i++) {
    const t = d.activeT[i];
    const w = d.activeW[i];
    // ln S(t) = ln B(α, β + t) − ln B(α, β)
    value += w * (lbeta(alpha, beta + t) - lb);
    if (withGradient) {
      const psi = digamma(alpha + beta + t);
      ga += w * (digamma(alpha) - psi - dLbA);
      gb += w * (digamma(beta + t) - psi - dLbB);
    }
  }
  return { value, gradient: [ga, gb] };
}

/** Total log-likelihood (summed over rows). */
export function sbgLogLikelihood(params: SbgParams, rows: readonly SbgRow[]): number {
  return logLik(params, compress(rows), false).value;
}

/** Gradient of the total log-likelihood with respect to (α, β). */
export function sbgGradient(params: SbgParams, rows: readonly SbgRow[]): number[] {
  return logLik(params, compress(rows), true).gradient;
}

/**
 * Rows for one cohort from the number still active at the start of each period: `active[0]` is the cohort's
 * size, `active[t]` those still active after t periods (the paper's tables, e.g. 1000, 631, 468, …).
 */
export function sbgCohortRows(active: readonly number[]): SbgRow[] {
  if (active.length < 2) throw new RangeError('sbg: a cohort needs its size and at least one later count');
  const rows: SbgRow[] = [];
  for (let t = 1; t < active.length; t++) {
    const lost = active[t - 1] - active[t];
    if (!(lost >= 0)) throw new RangeError(`sbg: the number active cannot rise (period ${t}: ${active[t - 1]} → ${active[t]})`);
    if (lost > 0) rows.push({ periods: t, churned: true, weight: lost });
  }
  rows.push({ periods: active.length - 1, churned: false, weight: active[active.length - 1] });
  return rows;
}

/** Maximum-likelihood fit with the analytic gradient. Default start α = β = 1. */
export function fitSbg(rows: readonly SbgRow[], options?: FitOptions<SbgParams>): FitResult<SbgParams> {
  const data = compress(rows);
  return fitMaximumLikelihood(
    {
      model: 'sbg',
      names: NAMES,
      initial: { alpha: 1, beta: 1 },
      total: data.total,
      rows: data.rows,
      logLikelihood: (p, d) => logLik(p, d, false).value,
      gradient: (p, d) => logLik(p, d, true).gradient,
    },
    data,
    options,
  );
}

/** S(t) = B(α, β + t)/B(α, β): the share of a cohort still active after t periods. */
export function sbgSurvival(params: SbgParams, t: number): number {
  if (t <= 0) return 1;
  return Math.exp(lbeta(params.alpha, params.beta + t) - lbeta(params.alpha, params.beta));
}

/** P(T = t) = B(α + 1, β + t − 1)/B(α, β): the share lost in period t. */
export function sbgChurnProbability(params: SbgParams, t: number): number {
  if (t < 1) return 0;
  return Math.exp(lbeta(params.alpha + 1, params.beta + t - 1) - lbeta(params.alpha, params.beta));
}

/** r_t = (β + t − 1)/(α + β + t − 1): of those active after t − 1 periods, the share renewing again. */
export function sbgRetentionRate(params: SbgParams, t: number): number {
  return (params.beta + t - 1) / (params.alpha + params.beta + t - 1);
}

/**
 * DERL(d | α, β, n) for a customer active for n ≥ 1 periods (Fader & Hardie 2010): expected further payments,
 * the next one (if they renew) undiscounted, each later one discounted by d per period. d > 0, or d = 0 with α > 1.
 */
export function sbgDerl(params: SbgParams, n: number, discountRate: number): number {
  const { alpha, beta } = params;
  if (!(n >= 1)) throw new RangeError(`sbgDerl: n must be at least 1 period, got ${n}`);
  if (!(discountRate >= 0)) throw new RangeError(`sbgDerl: the discount rate must be non-negative, got ${discountRate}`);
  const lead = (beta + n - 1) / (alpha + beta + n - 1);
  if (discountRate === 0) {
    // Σ_{t ≥ n} S(t)/S(n−1) = (β + n − 1)/(α − 1): finite only when α > 1.
    return alpha > 1 ? (beta + n - 1) / (alpha - 1) : Number.POSITIVE_INFINITY;
  }
  const h = hyp2f1Log(1, beta + n, alpha + beta + n, 1 / (1 + discountRate));
  const closed = lead * h.sign * Math.exp(h.log);
  if (Number.isFinite(closed) && closed > 0) return closed;
  // Very large α, β (nearly the same renewal probability for everyone) defeat the ₂F₁ evaluation: sum the series,
  // term k+1 = term k · (β+n+k)/(α+β+n+k)/(1+d), until the terms are negligible.
  let term = lead;
  let sum = 0;
  for (let k = 0; k < 10_000_000 && term > 1e-15 * sum; k++) {
    sum += term;
    term *= (beta + n + k) / (alpha + beta + n + k) / (1 + discountRate);
  }
  return sum;
}

/**
 * The sBG without heterogeneity: every customer cancels with the same probability θ each period (the shifted
 * geometric model that Fader & Hardie 2007 set the sBG against). It is the sBG's limit as α, β → ∞ with
 * α/(α + β) = θ fixed (Beta(α, β) then concentrates at θ), which is where an sBG fit goes when a cohort's customers
 * look alike: α and β are not identified, but θ is, and every projection depends on θ alone:
 *   P(T = t) = θ(1 − θ)^(t−1),  S(t) = (1 − θ)^t,
 *   LL = L ln θ + E ln(1 − θ), with L the customers lost and E = Σ_lost (t − 1) + Σ_active t the renewals observed,
 * so θ̂ = L / (L + E), with standard error √(θ̂²(1 − θ̂)/L) from the information L/θ² + E/(1 − θ)².
 */
export interface GeometricFit {
  readonly theta: number;
  readonly standardError: number;
  readonly lost: number;
  readonly renewals: number;
  readonly logLikelihood: number;
}

export function fitGeometric(rows: readonly SbgRow[]): GeometricFit {
  const d = compress(rows);
  let lost = 0;
  let renewals = 0;
  for (let i = 0; i < d.lostT.length; i++) {
    lost += d.lostW[i];
    renewals += d.lostW[i] * (d.lostT[i] - 1);
  }
  for (let i = 0; i < d.activeT.length; i++) renewals += d.activeW[i] * d.activeT[i];
  if (!(lost > 0 && renewals > 0)) throw new RangeError(`geometric: needs customers lost and renewals observed (lost ${lost}, renewals ${renewals})`);
  const theta = lost / (lost + renewals);
  return { theta, standardError: Math.sqrt((theta * theta * (1 - theta)) / lost), lost, renewals, logLikelihood: lost * Math.log(theta) + renewals * Math.log(1 - theta) };
}

/** S(t) = (1 − θ)^t under the geometric model. */
export function geometricSurvival(theta: number, t: number): number {
  return t <= 0 ? 1 : Math.pow(1 - theta, t);
}

/**
 * DERL under the geometric model: Σ_{k ≥ 0} (1 − θ)^(k+1) (1 + d)^−k = (1 − θ)(1 + d)/(d + θ), the same for
 * every tenure (no customer grows more loyal). The limit of `sbgDerl` as α, β → ∞ with α/(α + β) = θ.
 */
export function geometricDerl(theta: number, discountRate: number): number {
  if (!(theta > 0 && theta < 1)) throw new RangeError(`geometricDerl: θ must be between 0 and 1, got ${theta}`);
  if (!(discountRate >= 0)) throw new RangeError(`geometricDerl: the discount rate must be non-negative, got ${discountRate}`);
  return ((1 - theta) * (1 + discountRate)) / (discountRate + theta);
}
