/**
 * Pareto/NBD: Schmittlein, Morrison & Colombo (1987), "Counting Your Customers: Who Are They and What
 * Will They Do Next?", Management Science 33(1), 1–24. Purchases Poisson(λ), λ ~ Gamma(r, α); lifetime
 * Exp(μ), μ ~ Gamma(s, β).
 *
 * The likelihood is the ₂F₁ form of Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and
 * Related Expressions" (the ₂F₁ form), evaluated in log space:
 *
 *   L = Γ(r+x)αʳβˢ/Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s/(r+s+x) · A₀ ]
 *   α ≥ β: A₀ = F(s+1; α−β, α+t_x)/(α+t_x)^(r+s+x) − F(s+1; α−β, α+T)/(α+T)^(r+s+x)
 *   α < β: A₀ = F(r+x; β−α, β+t_x)/(β+t_x)^(r+s+x) − F(r+x; β−α, β+T)/(β+T)^(r+s+x)
 *   with F(k; d, y) = ₂F₁(r+s+x, k; r+s+x+1; d/y), always evaluated at an argument in [0, 1).
 */
import { fitMaximumLikelihood, type FitOptions, type FitResult } from './fit.js';
import { nbdLogPmf } from './nbd.js';
import type { PurchaseModel } from './purchase-model.js';
import { hyp2f1Log, lgamma, logAddExp, logSubExp } from './special.js';
import { compressRows, type CompressedRows, type RfmInput } from './summary.js';

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

/** The two terms of the bracket, in logs, without the common factor Γ(r+x)αʳβˢ/Γ(r). */
function logTerms(p: ParetoNbdParams, x: number, tx: number, T: number): { alive: number; dead: number } {
  const { r, alpha, s, beta } = p;
  const rsx = r + s + x;
  const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  // The larger of α, β goes in the denominator so the ₂F₁ argument stays in [0, 1).
  const [big, diff, k] = alpha >= beta ? [alpha, alpha - beta, s + 1] : [beta, beta - alpha, r + x];
  const at = (y: number) => hyp2f1Log(rsx, k, rsx + 1, diff / (big + y)).log - rsx * Math.log(big + y);
  const a0 = tx < T ? logSubExp(at(tx), at(T)) : Number.NEGATIVE_INFINITY;
  return { alive, dead: Math.log(s) - Math.log(rsx) + a0 };
}

function logLikelihoodCompressed(p: ParetoNbdParams, d: CompressedRows): number {
  const { r, alpha, s, beta } = p;
  const nx = d.xValues.length;
  const base = new Float64Array(nx);
  const lgR = lgamma(r);
  const common = r * Math.log(alpha) + s * Math.log(beta) - lgR;
  for (let k = 0; k < nx; k++) base[k] = lgamma(r + d.xValues[k]) + common;
  let total = 0;
  for (let i = 0; i < d.size; i++) {
    const t = logTerms(p, d.x[i], d.tx[i], d.T[i]);
    total += d.weight[i] * (base[d.xIndex[i]] + logAddExp(t.alive, t.dead));
  }
  return total;
}

/** Total log-likelihood (Fader & Hardie 2005 note; no −log x! constant). */
export function paretoNbdLogLikelihood(params: ParetoNbdParams, rows: RfmInput): number {
  return logLikelihoodCompressed(params, compressRows(rows));
}

/**
 * Maximum-likelihood fit (gradient by central differences). Default start r = s = 1, α = β = the mean T
 * (α and β are time scales, so starting them at the observation length keeps the first steps sensible).
 */
export function fitParetoNbd(rows: RfmInput, options?: FitOptions<ParetoNbdParams>): FitResult<ParetoNbdParams> {
  const data = compressRows(rows);
  let meanT = 0;
  for (let i = 0; i < data.size; i++) meanT += (data.weight[i] * data.T[i]) / data.total;
  return fitMaximumLikelihood(
    {
      model: 'pareto-nbd',
      names: NAMES,
      initial: { r: 1, alpha: meanT || 1, s: 1, beta: meanT || 1 },
      total: data.total,
      rows: data.size,
      logLikelihood: logLikelihoodCompressed,
    },
    data,
    options,
  );
}

/** P(alive | x, t_x, T) = first bracket term / whole bracket (Fader & Hardie 2005 note). */
export function paretoNbdPAlive(params: ParetoNbdParams, x: number, tx: number, T: number): number {
  const t = logTerms(params, x, tx, T);
  return Math.exp(t.alive - logAddExp(t.alive, t.dead));
}

/** −expm1(k·L)/k, continuous at k = 0 (where it is −L). */
function expm1Over(k: number, logRatio: number): number {
  return Math.abs(k) < 1e-10 ? -logRatio : -Math.expm1(k * logRatio) / k;
}

/** E[X(t)] = rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)]  (SMC 1987; the s = 1 limit is rβ/α · log((β+t)/β)). */
export function paretoNbdExpectedPurchases(params: ParetoNbdParams, t: number): number {
  const { r, alpha, s, beta } = params;
  if (t <= 0) return 0;
  return ((r * beta) / alpha) * expm1Over(s - 1, Math.log(beta / (beta + t)));
}

/**
 * E[Y(t) | x, t_x, T] = (r+x)(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive)
 * (SMC 1987; Fader & Hardie 2005 note).
 */
export function paretoNbdConditionalExpectedPurchases(params: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = params;
  if (t <= 0) return 0;
  const rate = ((r + x) * (beta + T)) / (alpha + T);
  return rate * expm1Over(s - 1, Math.log((beta + T) / (beta + T + t))) * paretoNbdPAlive(params, x, tx, T);
}

/**
 * P(X(t) = n), from the model's definition: alive throughout (0, t] with NBD(n; t) purchases, or dead at
 * τ < t with NBD(n; τ):
 *   P = NBD(n; t)·(β/(β+t))ˢ + ∫₀ᵗ NBD(n; τ) · sβˢ/(β+τ)^(s+1) dτ,
 * the integral by adaptive Simpson (relative tolerance 1e-10). This equals Fader & Hardie's (2006) closed
 * form "Deriving an Expression for P(X(t) = x) under the Pareto/NBD Model", without its ₂F₁ terms.
 */
export function paretoNbdProbabilityOfPurchases(params: ParetoNbdParams, n: number, t: number): number {
  const { r, alpha, s, beta } = params;
  const alive = Math.exp(nbdLogPmf(r, alpha, t, n) + s * Math.log(beta / (beta + t)));
  const f = (tau: number) => Math.exp(nbdLogPmf(r, alpha, tau, n) + Math.log(s) + s * Math.log(beta) - (s + 1) * Math.log(beta + tau));
  return alive + adaptiveSimpson(f, 0, t, 1e-12);
}

function adaptiveSimpson(f: (x: number) => number, a: number, b: number, tol: number): number {
  const fa = f(a);
  const fb = f(b);
  const m = (a + b) / 2;
  const fm = f(m);
  const whole = ((b - a) / 6) * (fa + 4 * fm + fb);
  const step = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, tol: number, depth: number): number => {
    const m = (a + b) / 2;
    const lm = (a + m) / 2;
    const rm = (m + b) / 2;
    const flm = f(lm);
    const frm = f(rm);
    const left = ((m - a) / 6) * (fa + 4 * flm + fm);
    const right = ((b - m) / 6) * (fm + 4 * frm + fb);
    const delta = left + right - whole;
    if (depth <= 0 || Math.abs(delta) <= 15 * tol) return left + right + delta / 15;
    return step(a, m, fa, flm, fm, left, tol / 2, depth - 1) + step(m, b, fm, frm, fb, right, tol / 2, depth - 1);
  };
  return step(a, b, fa, fm, fb, whole, tol, 40);
}

/** Pareto/NBD as a `PurchaseModel`. */
export const paretoNbd: PurchaseModel<ParetoNbdParams> = {
  name: 'pareto-nbd',
  paramNames: NAMES,
  logLikelihood: paretoNbdLogLikelihood,
  fit: fitParetoNbd,
  pAlive: paretoNbdPAlive,
  expectedPurchases: paretoNbdExpectedPurchases,
  conditionalExpectedPurchases: paretoNbdConditionalExpectedPurchases,
  probabilityOfPurchases: paretoNbdProbabilityOfPurchases,
};
