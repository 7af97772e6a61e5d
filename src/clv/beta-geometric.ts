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
import { digamma, lbeta, lgamma, logAddExp } from './special.js';
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
  for (let i = 0; i < d.size; i++) {
    const k = d.xIndex[i];
    const x = d.x[i];
    const w = d.weight[i];
    const rx = r + x;
    const logAT = Math.log(alpha + d.T[i]);
    const l3 = -rx * logAT;
    const hasCoin = modified === 1 || x > 0;
    const logAtx = hasCoin ? Math.log(alpha + d.tx[i]) : 0;
    const l4 = hasCoin ? logCoin[k] - rx * logAtx : Number.NEGATIVE_INFINITY;
    const mix = logAddExp(l3, l4);
    value += w * (base[k] + mix);
    if (withGradient) {
      const w4 = hasCoin ? Math.exp(l4 - mix) : 0;
      const w3 = 1 - w4;
      gr += w * (dr0[k] - w3 * logAT - w4 * logAtx);
      gAlpha += w * (r / alpha - rx * (w3 / (alpha + d.T[i]) + (hasCoin ? w4 / (alpha + d.tx[i]) : 0)));
      ga += w * (da0[k] + w4 / a);
      gb += w * (db0[k] - (hasCoin ? w4 / (b + x + modified - 1) : 0));
    }
  }
  return { value, gradient: withGradient ? [gr, gAlpha, ga, gb] : null };
}
