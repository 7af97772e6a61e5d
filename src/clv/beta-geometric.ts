/**
 * The likelihood shared by BG/NBD and MBG/NBD: Poisson purchases at rate λ ~ Gamma(r, α), and a
 * Beta(a, b) coin p deciding dropout. BG/NBD tosses the coin after each repeat purchase; MBG/NBD also
 * at time 0, so a customer with x = 0 may already be gone. With `modified` = 0 (BG) or 1 (MBG):
 *
 *   L = Γ(r+x)αʳ/Γ(r) · B(a, b+x+m)/B(a, b) · [ (α+T)^−(r+x) + δ · a/(b+x+m−1) · (α+t_x)^−(r+x) ]
 *
 * where δ = 1 for MBG, and δ = [x > 0] for BG (FHL 2005, eq. 6; Batislam et al. 2007).
 * Per-x gamma terms are computed once per distinct x; the gradient is analytic (digamma).
 */
import { digamma, lbeta, lgamma } from './special.js';
import type { CompressedRows } from './summary.js';

export interface BetaGeoParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface LogLikelihoodTerms {
  value: number;
  /** ∂ℓ/∂(r, α, a, b) of the weighted total, or null when not asked for. */
  gradient: number[] | null;
}

export function betaGeoLogLikelihood(p: BetaGeoParams, d: CompressedRows, modified: 0 | 1, withGradient: boolean): LogLikelihoodTerms {
  const { r, alpha, a, b } = p;
  const nx = d.xValues.length;
  const base = new Float64Array(nx);
  const logCoin = new Float64Array(nx);
  const dr0 = new Float64Array(nx);
  const da0 = new Float64Array(nx);
  const db0 = new Float64Array(nx);
  const lgR = lgamma(r);
  const lbAB = lbeta(a, b);
  const psiR = withGradient ? digamma(r) : 0;
  const psiAB = withGradient ? digamma(a + b) : 0;
  const psiB = withGradient ? digamma(b) : 0;
  const logA = Math.log(a);
  const logAlpha = Math.log(alpha);
  for (let k = 0; k < nx; k++) {
    const x = d.xValues[k];
    const bx = b + x + modified; // second argument of B(a, ·) in the "still alive" term
    base[k] = lgamma(r + x) - lgR + r * logAlpha + lbeta(a, bx) - lbAB;
    logCoin[k] = logA - Math.log(bx - 1);
    if (withGradient) {
      const psiABX = digamma(a + bx);
      dr0[k] = digamma(r + x) - psiR + logAlpha;
      da0[k] = psiAB - psiABX;
      db0[k] = psiAB - psiB + digamma(bx) - psiABX;
    }
  }
  let value = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  // BG/NBD rows with x = 0 have no coin term: ℓ = base − r·ln(α+T). Their per-x terms are summed once by weight and
  // the loop keeps only the two sums that depend on T (one log and one division per row). Rows are sorted by x,
  // so they are the first block.
  let i = 0;
  if (modified === 0 && d.size > 0 && d.xValues[0] === 0) {
    let w0 = 0;
    let sumLog = 0;
    let sumInv = 0;
    for (; i < d.size && d.x[i] === 0; i++) {
      const w = d.weight[i];
      const at = alpha + d.T[i];
      w0 += w;
      sumLog += w * Math.log(at);
      if (withGradient) sumInv += w / at;
    }
    value += w0 * base[0] - r * sumLog;
    if (withGradient) {
      gr += w0 * dr0[0] - sumLog;
      gAlpha += (w0 * r) / alpha - r * sumInv;
      ga += w0 * da0[0];
      gb += w0 * db0[0];
    }
  }
  // Every other row: ℓ = base + ln[(α+T)^−(r+x) + coin·(α+t_x)^−(r+x)], written as l3 + ln(1 + e^δ) with
  // δ = l4 − l3, so each row costs two logs, one exp and one log1p, and nothing is allocated.
  for (; i < d.size; i++) {
    const k = d.xIndex[i];
    const w = d.weight[i];
    const rx = r + d.x[i];
    const aT = alpha + d.T[i];
    const atx = alpha + d.tx[i];
    const logAT = Math.log(aT);
    const l3 = -rx * logAT;
    // A BG/NBD row with x = 0 here only if the rows were not sorted by x: no coin term (δ = −∞).
    const delta = modified === 0 && d.x[i] === 0 ? Number.NEGATIVE_INFINITY : logCoin[k] - rx * (Math.log(atx) - logAT);
    // ln(1 + e^δ) and e^δ/(1 + e^δ), without overflow for large δ.
    let softplus: number;
    let w4: number;
    if (delta > 0) {
      const e = Math.exp(-delta);
      softplus = delta + Math.log1p(e);
      w4 = 1 / (1 + e);
    } else {
      const e = Math.exp(delta);
      softplus = Math.log1p(e);
      w4 = e / (1 + e);
    }
    value += w * (base[k] + l3 + softplus);
    if (withGradient) {
      const w3 = 1 - w4;
      gr += w * (dr0[k] - w3 * logAT - w4 * Math.log(atx));
      gAlpha += w * (r / alpha - rx * (w3 / aT + w4 / atx));
      ga += w * (da0[k] + w4 / a);
      gb += w * (db0[k] - w4 / (b + d.x[i] + modified - 1));
    }
  }
  return { value, gradient: withGradient ? [gr, gAlpha, ga, gb] : null };
}
