/**
 * BG/NBD: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative to the
 * Pareto/NBD Model", Marketing Science 24(2), 275–284. Parameters r, α (purchase rate λ ~ Gamma(r, α))
 * and a, b (dropout probability after each repeat purchase p ~ Beta(a, b)).
 *
 * Equation numbers refer to that paper. Time is in the unit of the data (CDNOW: weeks).
 */
import { betaGeoLogLikelihood, type BetaGeoParams } from './beta-geometric.js';
import { fitMaximumLikelihood, type FitOptions, type FitResult } from './fit.js';
import { nbdLogPmf, nbdUpperTail } from './nbd.js';
import type { PurchaseModel } from './purchase-model.js';
import { hyp2f1Log, lbeta } from './special.js';
import { coarsenRows, compressRows, type RfmInput } from './summary.js';

export type BgNbdParams = BetaGeoParams;

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** Total log-likelihood, eq. (6) (without the constant −log x!, as in the paper's reported −9582.4). */
export function bgnbdLogLikelihood(params: BgNbdParams, rows: RfmInput): number {
  return betaGeoLogLikelihood(params, compressRows(rows), 0, false).value;
}

/**
 * Maximum-likelihood fit. Default start r = α = a = b = 1 (BFGS on log-parameters reaches CDNOW's optimum from there).
 * @example fitBgNbd(rows).params // CDNOW: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
 */
export function fitBgNbd(rows: RfmInput, options?: FitOptions<BgNbdParams>): FitResult<BgNbdParams> {
  const data = compressRows(rows);
  return fitMaximumLikelihood(
    {
      model: 'bgnbd',
      names: NAMES,
      initial: { r: 1, alpha: 1, a: 1, b: 1 },
      total: data.total,
      rows: data.size,
      logLikelihood: (p, d) => betaGeoLogLikelihood(p, d, 0, false).value,
      gradient: (p, d) => betaGeoLogLikelihood(p, d, 0, true).gradient as number[],
      valueAndGradient: (p, d) => {
        const r = betaGeoLogLikelihood(p, d, 0, true);
        return { value: r.value, gradient: r.gradient as number[] };
      },
      coarse: () => coarsenRows(data),
    },
    data,
    options,
  );
}

/** P(alive | x, t_x, T) = 1 / (1 + δ_{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))  (Fader, Hardie & Lee, note "Computing P(alive) Using the BG/NBD Model"). */
export function bgnbdPAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** (c/(a−1))·(1 − e^{L}·F) with the a → 1 singularity handled by averaging a ± 1e-7 (the expression is smooth there). */
function ratioOverAMinusOne(a: number, f: (a: number) => number): number {
  if (Math.abs(a - 1) > 1e-7) return f(a);
  return (f(1 + 1e-7) + f(1 - 1e-7)) / 2;
}

/** 1 − sign·e^{log}, exact near 1. */
function oneMinus(sign: number, log: number): number {
  return sign > 0 ? -Math.expm1(log) : 1 + Math.exp(log);
}

/** E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))]  (eq. 9). */
export function bgnbdExpectedPurchases(params: BgNbdParams, t: number): number {
  const { r, alpha, b } = params;
  if (t <= 0) return 0;
  return ratioOverAMinusOne(params.a, (a) => {
    const h = hyp2f1Log(r, b, a + b - 1, t / (alpha + t));
    return ((a + b - 1) / (a - 1)) * oneMinus(h.sign, h.log + r * Math.log(alpha / (alpha + t)));
  });
}

/**
 * E[Y(t) | x, t_x, T] (eq. 10):
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))] · P(alive | x, t_x, T).
 */
export function bgnbdConditionalExpectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, b } = params;
  if (t <= 0) return 0;
  const alive = bgnbdPAlive(params, x, tx, T);
  return ratioOverAMinusOne(params.a, (a) => {
    const h = hyp2f1Log(r + x, b + x, a + b + x - 1, t / (alpha + T + t));
    const bracket = oneMinus(h.sign, h.log + (r + x) * Math.log((alpha + T) / (alpha + T + t)));
    return ((a + b + x - 1) / (a - 1)) * bracket * alive;
  });
}

/**
 * P(X(t) = n) (eq. 8):
 *   B(a, b+n)/B(a, b) · NBD(n) + δ_{n>0} · B(a+1, b+n−1)/B(a, b) · [1 − Σ_{j<n} NBD(j)].
 */
export function bgnbdProbabilityOfPurchases(params: BgNbdParams, n: number, t: number): number {
  const { r, alpha, a, b } = params;
  const lb = lbeta(a, b);
  const alive = Math.exp(lbeta(a, b + n) - lb + nbdLogPmf(r, alpha, t, n));
  if (n === 0) return alive;
  return alive + Math.exp(lbeta(a + 1, b + n - 1) - lb) * nbdUpperTail(r, alpha, t, n);
}

/** BG/NBD as a `PurchaseModel`. */
export const bgnbd: PurchaseModel<BgNbdParams> = {
  name: 'bgnbd',
  paramNames: NAMES,
  logLikelihood: bgnbdLogLikelihood,
  fit: fitBgNbd,
  pAlive: bgnbdPAlive,
  expectedPurchases: bgnbdExpectedPurchases,
  conditionalExpectedPurchases: bgnbdConditionalExpectedPurchases,
  probabilityOfPurchases: bgnbdProbabilityOfPurchases,
};
