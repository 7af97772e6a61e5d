/**
 * The NBD: purchases in (0, t] when λ ~ Gamma(r, α) and purchases are Poisson(λt):
 *   P(N(t) = j) = Γ(r+j)/(Γ(r) j!) · (α/(α+t))ʳ · (t/(α+t))ʲ.
 */
import { lgamma } from './special.js';

export function nbdLogPmf(r: number, alpha: number, t: number, j: number): number {
  if (t === 0) return j === 0 ? 0 : Number.NEGATIVE_INFINITY;
  const logDen = Math.log(alpha + t);
  return lgamma(r + j) - lgamma(r) - lgamma(j + 1) + r * (Math.log(alpha) - logDen) + j * (Math.log(t) - logDen);
}

/** P(N(t) ≥ n), summed from whichever side avoids cancellation. */
export function nbdUpperTail(r: number, alpha: number, t: number, n: number): number {
  if (n <= 0) return 1;
  let below = 0;
  for (let j = 0; j < n; j++) below += Math.exp(nbdLogPmf(r, alpha, t, j));
  if (below < 0.5) return 1 - below;
  // Sum upward until terms are negligible and decreasing (the pmf is unimodal).
  let above = 0;
  let prev = Number.POSITIVE_INFINITY;
  for (let j = n; j < n + 10_000_000; j++) {
    const term = Math.exp(nbdLogPmf(r, alpha, t, j));
    above += term;
    if (term < 1e-17 * above && term <= prev) break;
    prev = term;
  }
  return Math.min(above, 1);
}
