/**
 * Special functions for the lifetime-value models, all stable in log space.
 *
 * - `lgamma`: Lanczos (g = 607/128, 15 terms; Godfrey's coefficients) below 10, Stirling series above.
 *   Relative error ~1e-15 away from the zeros at 1 and 2 (absolute ~1e-15 there).
 * - `hyp2f1Log`: Gauss ₂F₁(a, b; c; z) for real z < 1 as {log |value|, sign}, using the Pfaff
 *   transformation for z < 0 and the 1 − z connection formula where the power series would crawl
 *   (Abramowitz & Stegun 15.3.5 and 15.3.6).
 */

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const LANCZOS_G = 607 / 128;
const LANCZOS = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
  -0.49191381609762019978, 0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4,
  0.15808870322491248884e-3, -0.21026444172410488319e-3, 0.2174396181152126432e-3, -0.16431810653676389022e-3,
  0.84418223983852743293e-4, -0.2619083840158140867e-4, 0.36899182659531622704e-5,
];

/** A real number as log of its magnitude and its sign (0 for exact zero). */
export interface SignedLog {
  log: number;
  sign: -1 | 0 | 1;
}

/** log Γ(x) for x > 0. Returns +Infinity at 0 and NaN below (use `lgammaSigned` there). */
export function lgamma(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.POSITIVE_INFINITY;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  if (x >= 10) {
    // Stirling series; terms beyond x^-9 are below 1e-17 for x ≥ 10.
    const inv = 1 / x;
    const inv2 = inv * inv;
    const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
    return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + series;
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return LOG_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** log |Γ(x)| and the sign of Γ(x) for any real x; at poles (0, −1, −2, …) log is +Infinity, sign 0. */
export function lgammaSigned(x: number): SignedLog {
  if (x > 0) return { log: lgamma(x), sign: 1 };
  if (Number.isInteger(x)) return { log: Number.POSITIVE_INFINITY, sign: 0 };
  // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
  const s = Math.sin(Math.PI * x);
  return { log: Math.log(Math.PI / Math.abs(s)) - lgamma(1 - x), sign: s > 0 ? 1 : -1 };
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), for a, b > 0. */
export function lbeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** Digamma ψ(x) = d/dx log Γ(x): recurrence up to 10, then the asymptotic series (error < 1e-16). */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0 && Number.isInteger(x)) return Number.NaN;
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const tail = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 / 12)))));
  return acc + Math.log(x) - 0.5 / x - tail;
}

/** log(e^a + e^b) without overflow; −Infinity is the identity. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log(e^a − e^b) for a ≥ b; −Infinity when they are equal (or b > a by rounding). */
export function logSubExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  if (b >= a) return Number.NEGATIVE_INFINITY;
  const d = b - a;
  // log1p(−e^d) loses digits when e^d is near 1; log(−expm1(d)) does not.
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** log Σ e^{xᵢ}; −Infinity for an empty list. */
export function logSumExp(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  if (max === Number.NEGATIVE_INFINITY || !Number.isFinite(max)) return max;
  let sum = 0;
  for (const v of values) sum += Math.exp(v - max);
  return max + Math.log(sum);
}

/** Add two signed logs. */
function addSigned(p: SignedLog, q: SignedLog): SignedLog {
  if (p.sign === 0) return q;
  if (q.sign === 0) return p;
  if (p.sign === q.sign) return { log: logAddExp(p.log, q.log), sign: p.sign };
  const [big, small] = p.log >= q.log ? [p, q] : [q, p];
  const log = logSubExp(big.log, small.log);
  return log === Number.NEGATIVE_INFINITY ? { log, sign: 0 } : { log, sign: big.sign };
}

interface SeriesResult extends SignedLog {
  converged: boolean;
}

/** The hypergeometric power series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ with rescaling so huge sums do not overflow. */
function series(a: number, b: number, c: number, z: number, maxTerms: number): SeriesResult {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  for (let n = 0; n < maxTerms; n++) {
    const num = (a + n) * (b + n);
    if (num === 0) return finish(sum, logScale, true);
    const den = (c + n) * (n + 1);
    term *= (num / den) * z;
    sum += term;
    const past = Math.abs(num * z) < Math.abs(den); // terms shrink from here on
    if (past && Math.abs(term) <= 1e-17 * Math.abs(sum)) return finish(sum, logScale, true);
    const mag = Math.abs(sum);
    if (mag > 1e250) {
      logScale += Math.log(mag);
      term /= mag;
      sum /= mag;
    }
  }
  return finish(sum, logScale, false);
}

function finish(sum: number, logScale: number, converged: boolean): SeriesResult {
  if (sum === 0) return { log: Number.NEGATIVE_INFINITY, sign: 0, converged };
  return { log: Math.log(Math.abs(sum)) + logScale, sign: sum > 0 ? 1 : -1, converged };
}

/** Terms the power series needs at z: past the peak near n ≈ max(a, b)·z/(1 − z), then a decay tail. */
function seriesCost(a: number, b: number, z: number): number {
  const big = Math.max(Math.abs(a), Math.abs(b), 1);
  return (big * z + 40) / (1 - z);
}

/**
 * ₂F₁(a, b; c; z) for real z < 1 as {log |value|, sign}. c must not be 0, −1, −2, ….
 *
 * z < 0: Pfaff, ₂F₁(a,b;c;z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z/(z − 1)) (A&S 15.3.4).
 * 0 ≤ z ≤ 0.9, or any z where the series is short (< 2,000 terms, or < 1e6 near an integer c − a − b): the power
 * series. Otherwise the 1 − z connection formula (A&S 15.3.6). Its gamma factors have poles when c − a − b is an
 * integer and cancel near one, losing about log10(1/distance) digits; within 1e-3 of an integer we instead
 * evaluate it at c ± h, c ± 2h (h = 0.004) and Richardson-extrapolate to c (error O(h⁴)).
 */
export function hyp2f1Log(a: number, b: number, c: number, z: number): SignedLog {
  if (!(z < 1) || Number.isNaN(a + b + c + z)) {
    throw new RangeError(`hyp2f1Log requires z < 1 and finite parameters, got a=${a} b=${b} c=${c} z=${z}`);
  }
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1Log requires c not a non-positive integer, got c=${c}`);
  if (z === 0 || a === 0 || b === 0) return { log: 0, sign: 1 };
  if (z < 0) {
    const w = z / (z - 1);
    const inner = hyp2f1Log(a, c - b, c, w);
    return { log: inner.log - a * Math.log1p(-z), sign: inner.sign };
  }
  const gap = c - a - b;
  const integerGap = Math.abs(gap - Math.round(gap)) < 1e-3;
  // The connection formula is exact away from integer gaps and costs a few terms near z = 1, where the series
  // needs ~max(a, b)/(1 − z) of them (a Pareto/NBD fit with β large asks for millions); near integer gaps it
  // loses digits, so there the series is kept up to 1e6 terms.
  const cost = seriesCost(a, b, z);
  if (z <= 0.9 || cost < 2e3 || (integerGap && cost < 1e6)) {
    const s = series(a, b, c, z, 20_000_000);
    if (s.converged) return { log: s.log, sign: s.sign };
  }
  if (!integerGap) return connection(a, b, c, z);
  const h = 0.004;
  const at = (d: number) => {
    const v = connection(a, b, c + d, z);
    return v.sign * Math.exp(v.log);
  };
  const value = (4 * (at(h) + at(-h)) - (at(2 * h) + at(-2 * h))) / 6;
  return value === 0 ? { log: Number.NEGATIVE_INFINITY, sign: 0 } : { log: Math.log(Math.abs(value)), sign: value > 0 ? 1 : -1 };
}

/** A&S 15.3.6: ₂F₁ at z in terms of two series at 1 − z. */
function connection(a: number, b: number, c: number, z: number): SignedLog {
  const w = 1 - z;
  const gap = c - a - b;
  const gc = lgammaSigned(c);
  const term = (p: number, q: number, g: number, s1: number, s2: number, d: number, logPow: number): SignedLog => {
    const num = lgammaSigned(g);
    const den1 = lgammaSigned(s1);
    const den2 = lgammaSigned(s2);
    if (den1.sign === 0 || den2.sign === 0) return { log: Number.NEGATIVE_INFINITY, sign: 0 };
    const s = series(p, q, d, w, 20_000_000);
    const sign = (gc.sign * num.sign * den1.sign * den2.sign * s.sign) as -1 | 0 | 1;
    return { log: gc.log + num.log - den1.log - den2.log + s.log + logPow, sign };
  };
  const first = term(a, b, gap, c - a, c - b, 1 - gap, 0);
  const second = term(c - a, c - b, -gap, a, b, gap + 1, gap * Math.log(w));
  return addSigned(first, second);
}

/** ₂F₁(a, b; c; z) as a plain number (may overflow to ±Infinity where `hyp2f1Log` would not). */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const r = hyp2f1Log(a, b, c, z);
  return r.sign * Math.exp(r.log);
}
