/**
 * Gamma-Gamma spend model: Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value" (note 025),
 * after Colombo & Jiang (1999). Each transaction's value z ~ Gamma(p, ν); ν ~ Gamma(q, γ) across customers.
 * Fitted on customers with x > 0 repeat transactions and their mean repeat spend z̄.
 *
 * Density of z̄ given x (note 025):
 *   f(z̄ | p, q, γ; x) = Γ(px+q)/(Γ(px)Γ(q)) · γ^q · x^(px) · z̄^(px−1) / (γ + x z̄)^(px+q).
 */
import { fitMaximumLikelihood, type FitOptions, type FitResult } from './fit.js';
import { digamma, lgamma } from './special.js';

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** One customer (or `weight` identical ones): x repeat transactions with mean value zbar > 0. */
export interface SpendRow {
  x: number;
  zbar: number;
  weight?: number;
}

interface SpendData {
  x: Float64Array;
  zbar: Float64Array;
  weight: Float64Array;
  size: number;
  total: number;
}

const NAMES = ['p', 'q', 'gamma'] as const;

/** Group identical (x, zbar) rows. Rows with x = 0 carry no spend information and are skipped; bad rows throw. */
export function compressSpendRows(rows: readonly SpendRow[]): SpendData {
  const index = new Map<string, number>();
  const xs: number[] = [];
  const zs: number[] = [];
  const ws: number[] = [];
  let total = 0;
  rows.forEach((row, i) => {
    const w = row.weight ?? 1;
    if (row.x === 0 || w === 0) return;
    if (!(Number.isInteger(row.x) && row.x > 0)) throw new RangeError(`compressSpendRows: row ${i}: x must be a non-negative integer, got ${row.x}`);
    if (!(row.zbar > 0 && Number.isFinite(row.zbar))) throw new RangeError(`compressSpendRows: row ${i}: zbar must be positive when x > 0, got ${row.zbar}`);
    if (!(w > 0 && Number.isFinite(w))) throw new RangeError(`compressSpendRows: row ${i}: weight must be non-negative, got ${w}`);
    total += w;
    const key = `${row.x}|${row.zbar}`;
    const at = index.get(key);
    if (at !== undefined) ws[at] += w;
    else {
      index.set(key, xs.length);
      xs.push(row.x);
      zs.push(row.zbar);
      ws.push(w);
    }
  });
  return { x: Float64Array.from(xs), zbar: Float64Array.from(zs), weight: Float64Array.from(ws), size: xs.length, total };
}

function logLik(params: GammaGammaParams, d: SpendData, withGradient: boolean): { value: number; gradient: number[] } {
  const { p, q, gamma } = params;
  const logGamma = Math.log(gamma);
  const lgQ = lgamma(q);
  const psiQ = withGradient ? digamma(q) : 0;
  let value = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < d.size; i++) {
    const x = d.x[i];
    const z = d.zbar[i];
    const w = d.weight[i];
    const px = p * x;
    const logXz = Math.log(gamma + x * z);
    const logZ = Math.log(z);
    const logX = Math.log(x);
    value += w * (lgamma(px + q) - lgamma(px) - lgQ + q * logGamma + (px - 1) * logZ + px * logX - (px + q) * logXz);
    if (withGradient) {
      const psiPxQ = digamma(px + q);
      gp += w * x * (psiPxQ - digamma(px) + logZ + logX - logXz);
      gq += w * (psiPxQ - psiQ + logGamma - logXz);
      gg += w * (q / gamma - (px + q) / (gamma + x * z));
    }
  }
  return { value, gradient: [gp, gq, gg] };
}

/** Total log-likelihood over customers with x > 0 (note 025). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: readonly SpendRow[]): number {
  return logLik(params, compressSpendRows(rows), false).value;
}

/**
 * Maximum-likelihood fit with the analytic gradient. Default start p = q = 1, γ = mean z̄ (γ is on the
 * money scale; starting there keeps the first BFGS steps small).
 * @example fitGammaGamma(cdnow).params // { p: 6.25, q: 3.74, gamma: 15.44 }
 */
export function fitGammaGamma(rows: readonly SpendRow[], options?: FitOptions<GammaGammaParams>): FitResult<GammaGammaParams> {
  const data = compressSpendRows(rows);
  let meanZ = 0;
  for (let i = 0; i < data.size; i++) meanZ += (data.weight[i] * data.zbar[i]) / data.total;
  return fitMaximumLikelihood(
    {
      model: 'gamma-gamma',
      names: NAMES,
      initial: { p: 1, q: 1, gamma: meanZ || 1 },
      total: data.total,
      rows: data.size,
      logLikelihood: (p, d) => logLik(p, d, false).value,
      gradient: (p, d) => logLik(p, d, true).gradient,
    },
    data,
    options,
  );
}

/**
 * E[M | x, z̄] = (γ + x z̄)·p / (px + q − 1)  (note 025): a weighted mean of the population mean
 * pγ/(q−1) and the customer's own z̄. For x = 0 it is the population mean. Requires q > 1 for a finite mean.
 */
export function gammaGammaConditionalExpectedSpend(params: GammaGammaParams, x: number, zbar: number): number {
  const { p, q, gamma } = params;
  if (x === 0) return gammaGammaExpectedSpend(params);
  return ((gamma + x * zbar) * p) / (p * x + q - 1);
}

/** E[Z] = pγ/(q − 1), the population mean transaction value; Infinity when q ≤ 1. */
export function gammaGammaExpectedSpend(params: GammaGammaParams): number {
  const { p, q, gamma } = params;
  return q > 1 ? (p * gamma) / (q - 1) : Number.POSITIVE_INFINITY;
}

/** Conditional expected spend for each row, in input order. */
export function gammaGammaConditionalExpectedSpendBatch(params: GammaGammaParams, rows: readonly SpendRow[]): Float64Array {
  return Float64Array.from(rows, (r) => gammaGammaConditionalExpectedSpend(params, r.x, r.zbar));
}
