/**
 * Budget allocation by expected return with diminishing returns. Spending x on a segment of n customers lifts
 * its long-term value by
 *
 *   U(x) = A · (1 − exp(−x / (n·c))),   A = n · max(0, mean CLV) · u
 *
 * where u is the largest share of CLV a campaign can add (saturation) and c the spend per customer at which
 * 63% of it is reached. U is concave, so the best split of a budget B equalises marginal returns
 * U'(x) = (A / (n·c)) · exp(−x / (n·c)) = λ across segments within their bounds (the KKT conditions):
 *
 *   x(λ) = clamp(n·c · ln(A / (n·c·λ)), min, max),   with λ chosen so that Σ x(λ) = B.
 *
 * A unit is only worth spending while it returns at least the hurdle h (default 1.0: a unit back for a unit spent).
 * So λ never goes below h: when Σ x(h) < B the rest of the budget is left unspent, and the result says so.
 * Minimums are spent whatever they return (the user asked for them).
 *
 * A segment may carry its own u (and c): the response curve measured by a campaign with a holdout (the curve through
 * the measured lift at the campaign's cost per customer); otherwise the stated assumption applies, labelled as one.
 */

export interface AllocationSegment {
  readonly name: string;
  readonly customers: number;
  /** Mean long-term value per customer. */
  readonly meanClv: number;
  /** Total profit now: segments that lose money are reported (80/20/30). */
  readonly profit: number;
  readonly min?: number;
  readonly max?: number;
  /** This segment's own u and c, when a campaign measured them. */
  readonly maxUplift?: number;
  readonly costScale?: number;
  /** Where the response curve comes from: 'measured' (a campaign with a holdout) or 'assumed' (the options). */
  readonly curve?: 'measured' | 'assumed';
}

export interface AllocationOptions {
  readonly budget: number;
  /** u: the largest share of CLV spending can add. */
  readonly maxUplift: number;
  /** c: spend per customer that reaches 63% of the largest uplift. */
  readonly costScale: number;
  /** h: the least return a unit must bring to be spent. Default 1.0; 0 spends the whole budget. */
  readonly hurdle?: number;
}

export interface AllocationLine {
  readonly name: string;
  readonly customers: number;
  readonly spend: number;
  readonly expectedReturn: number;
  /** Return of the last unit spent here. */
  readonly marginalReturn: number;
  readonly lossMaking: boolean;
  readonly curve: 'measured' | 'assumed';
}

export interface Allocation {
  readonly lines: readonly AllocationLine[];
  readonly spent: number;
  readonly expectedReturn: number;
  readonly roi: number;
  /** The common marginal return (λ) where spending stops: where the budget runs out, or the hurdle. */
  readonly lambda: number;
  readonly hurdle: number;
  /** Budget left because no further unit returns the hurdle (0 when the budget ran out first). */
  readonly unspent: number;
}

/** n·c and A of a segment's response curve. */
function curveOf(s: AllocationSegment, o: AllocationOptions): { nc: number; a: number } {
  return { nc: s.customers * (s.costScale ?? o.costScale), a: s.customers * Math.max(0, s.meanClv) * (s.maxUplift ?? o.maxUplift) };
}

export function upliftOf(s: AllocationSegment, o: AllocationOptions, x: number): number {
  const { nc, a } = curveOf(s, o);
  return nc > 0 ? a * (1 - Math.exp(-x / nc)) : 0;
}

export function marginalOf(s: AllocationSegment, o: AllocationOptions, x: number): number {
  const { nc, a } = curveOf(s, o);
  return nc > 0 ? (a / nc) * Math.exp(-x / nc) : 0;
}
const marginal = marginalOf;

function spendAt(s: AllocationSegment, o: AllocationOptions, lambda: number): number {
  const lo = s.min ?? 0;
  const hi = s.max ?? Infinity;
  const { nc, a } = curveOf(s, o);
  const free = nc > 0 && a > 0 ? nc * Math.log(a / (nc * lambda)) : 0;
  return Math.min(hi, Math.max(lo, free));
}

/** The split of `budget` that maximises the expected return; minimums are met first. */
export function allocateBudget(segments: readonly AllocationSegment[], o: AllocationOptions): Allocation {
  const hurdle = o.hurdle ?? 1;
  if (!(o.budget >= 0) || !(o.maxUplift > 0) || !(o.costScale > 0) || !(hurdle >= 0)) throw new RangeError('allocateBudget requires budget ≥ 0, maxUplift > 0, costScale > 0 and hurdle ≥ 0');
  const minTotal = segments.reduce((a, s) => a + (s.min ?? 0), 0);
  if (minTotal > o.budget + 1e-9) throw new RangeError(`allocateBudget: the minimums add up to ${minTotal}, more than the budget ${o.budget}`);
  const maxTotal = segments.reduce((a, s) => a + (s.max ?? Infinity), 0);
  const total = (l: number) => segments.reduce((a, s) => a + spendAt(s, o, l), 0);
  let lambda: number;
  if (maxTotal <= o.budget && hurdle === 0) lambda = 0;
  else if (total(Math.max(hurdle, 1e-12)) <= o.budget) lambda = hurdle;
  else {
    // Σ x(λ) falls as λ rises: bisect on log λ.
    let lo = Math.max(1e-12, hurdle);
    let hi = Math.max(1e-9, ...segments.map((s) => marginal(s, o, 0))) * 2;
    for (let i = 0; i < 200; i++) {
      const mid = Math.sqrt(lo * hi);
      if (total(mid) > o.budget) lo = mid;
      else hi = mid;
    }
    lambda = hi;
  }
  const spends = segments.map((s) => (lambda === 0 ? (s.max ?? 0) : spendAt(s, o, lambda)));
  // Spend what bisection left over (at most a rounding error) on the segment with the best marginal return; when the
  // hurdle stopped spending, the rest stays unspent.
  const atHurdle = lambda === hurdle && lambda > 0;
  const rest = maxTotal <= o.budget || atHurdle ? 0 : o.budget - spends.reduce((a, b) => a + b, 0);
  if (Math.abs(rest) > 0 && segments.length) {
    let best = 0;
    segments.forEach((s, i) => {
      if (marginal(s, o, spends[i]) > marginal(segments[best], o, spends[best])) best = i;
    });
    spends[best] += rest;
  }
  const lines = segments.map((s, i) => ({
    name: s.name,
    customers: s.customers,
    spend: spends[i],
    expectedReturn: upliftOf(s, o, spends[i]),
    marginalReturn: marginal(s, o, spends[i]),
    lossMaking: s.profit < 0,
    curve: s.curve ?? (s.maxUplift !== undefined ? 'measured' : 'assumed'),
  }));
  const spent = lines.reduce((a, l) => a + l.spend, 0);
  const expectedReturn = lines.reduce((a, l) => a + l.expectedReturn, 0);
  return { lines, spent, expectedReturn, roi: spent > 0 ? expectedReturn / spent : 0, lambda, hurdle, unspent: Math.max(0, o.budget - spent) };
}
