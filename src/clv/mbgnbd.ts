/**
 * MBG/NBD: Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for
 * customer base analysis", International Journal of Research in Marketing 24(3), 201–209. As BG/NBD, but
 * the dropout coin is also tossed at time 0, so customers with no repeat purchase can be inactive.
 * Parameters r, α (λ ~ Gamma(r, α)) and a, b (p ~ Beta(a, b)).
 *
 * Likelihood (Batislam et al. 2007):
 *   L = Γ(r+x)αʳ/Γ(r) · B(a, b+x+1)/B(a, b) · [ (α+T)^−(r+x) + a/(b+x) · (α+t_x)^−(r+x) ].
 */
import { betaGeoLogLikelihood, type BetaGeoParams } from './beta-geometric.js';
import { fitMaximumLikelihood, type FitOptions, type FitResult } from './fit.js';
import { nbdLogPmf, nbdUpperTail } from './nbd.js';
import type { PurchaseModel } from './purchase-model.js';
import { hyp2f1Log, lbeta } from './special.js';
import { coarsenRows, compressRows, type RfmInput } from './summary.js';

export type MbgNbdParams = BetaGeoParams;

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** Total log-likelihood (Batislam et al. 2007; no −log x! constant). */
export function mbgnbdLogLikelihood(params: MbgNbdParams, rows: RfmInput): number {
  return betaGeoLogLikelihood(params, compressRows(rows), 1, false).value;
}

/** Maximum-likelihood fit with the analytic gradient. Default start r = α = a = b = 1. */
export function fitMbgNbd(rows: RfmInput, options?: FitOptions<MbgNbdParams>): FitResult<MbgNbdParams> {
  const data = compressRows(rows);
  return fitMaximumLikelihood(
    {
      model: 'mbgnbd',
      names: NAMES,
      initial: { r: 1, alpha: 1, a: 1, b: 1 },
      total: data.total,
      rows: data.size,
      logLikelihood: (p, d) => betaGeoLogLikelihood(p, d, 1, false).value,
      gradient: (p, d) => betaGeoLogLikelihood(p, d, 1, true).gradient as number[],
      valueAndGradient: (p, d) => {
        const r = betaGeoLogLikelihood(p, d, 1, true);
        return { value: r.value, gradient: r.gradient as number[] };
      },
      coarse: () => coarsenRows(data),
    },
    data,
    options,
  );
}

/** P(alive | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x))  (Batislam et al. 2007). */
export function mbgnbdPAlive(params: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a) - Math.log(b + x) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** Evaluate f at a, or average a ± 1e-7 where the 1/(a−1) factor is singular (the limit is smooth). */
function aroundA(a: number, f: (a: number) => number): number {
  return Math.abs(a - 1) > 1e-7 ? f(a) : (f(1 + 1e-7) + f(1 - 1e-7)) / 2;
}

/** E[X(t)] = b/(a−1) · [1 − (α/(α+t))ʳ ₂F₁(r, b+1; a+b; t/(α+t))]  (Batislam et al. 2007). */
export function mbgnbdExpectedPurchases(params: MbgNbdParams, t: number): number {
  const { r, alpha, b } = params;
  if (t <= 0) return 0;
  return aroundA(params.a, (a) => {
    const h = hyp2f1Log(r, b + 1, a + b, t / (alpha + t));
    const log = h.log + r * Math.log(alpha / (alpha + t));
    return (b / (a - 1)) * (h.sign > 0 ? -Math.expm1(log) : 1 + Math.exp(log));
  });
}

/**
 * E[Y(t) | x, t_x, T] = (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))] · P(alive)
 * (Batislam et al. 2007).
 */
export function mbgnbdConditionalExpectedPurchases(params: MbgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, b } = params;
  if (t <= 0) return 0;
  const alive = mbgnbdPAlive(params, x, tx, T);
  return aroundA(params.a, (a) => {
    const h = hyp2f1Log(r + x, b + x + 1, a + b + x, t / (alpha + T + t));
    const log = h.log + (r + x) * Math.log((alpha + T) / (alpha + T + t));
    return ((a + b + x) / (a - 1)) * (h.sign > 0 ? -Math.expm1(log) : 1 + Math.exp(log)) * alive;
  });
}

/**
 * P(X(t) = n). With J the purchase after which the customer drops (J = 0: at once) and N(t) ~ NBD,
 * X = min(N, J), so P = P(N = n)·E[(1−p)^(n+1)] + P(N ≥ n)·E[p(1−p)ⁿ]:
 *   B(a, b+n+1)/B(a, b) · NBD(n) + B(a+1, b+n)/B(a, b) · [1 − Σ_{j<n} NBD(j)].
 */
export function mbgnbdProbabilityOfPurchases(params: MbgNbdParams, n: number, t: number): number {
  const { r, alpha, a, b } = params;
  const lb = lbeta(a, b);
  const alive = Math.exp(lbeta(a, b + n + 1) - lb + nbdLogPmf(r, alpha, t, n));
  return alive + Math.exp(lbeta(a + 1, b + n) - lb) * nbdUpperTail(r, alpha, t, n);
}

/** MBG/NBD as a `PurchaseModel`. */
export const mbgnbd: PurchaseModel<MbgNbdParams> = {
  name: 'mbgnbd',
  paramNames: NAMES,
  logLikelihood: mbgnbdLogLikelihood,
  fit: fitMbgNbd,
  pAlive: mbgnbdPAlive,
  expectedPurchases: mbgnbdExpectedPurchases,
  conditionalExpectedPurchases: mbgnbdConditionalExpectedPurchases,
  probabilityOfPurchases: mbgnbdProbabilityOfPurchases,
};
