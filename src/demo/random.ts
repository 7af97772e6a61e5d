/**
 * A seeded pseudo-random generator (xoshiro128**, seeded by splitmix32) and the samplers the demo company needs.
 * Everything is deterministic in the seed: no Math.random, no clock.
 *
 * Conventions: `gamma(shape, rate)` has mean shape/rate (the BG/NBD and Gamma-Gamma papers use rates);
 * `exponential(rate)` has mean 1/rate.
 */

/** splitmix32 step: a good 32-bit mixer, used for seeding and for stateless hashes. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad);
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97);
  return (x ^ (x >>> 15)) >>> 0;
}

/** A uniform in [0, 1) that depends only on (seed, key): lets a trait of customer `key` be recomputed anywhere. */
export function hashUniform(seed: number, key: number): number {
  return mix32(mix32(seed ^ 0x5bd1e995) ^ mix32(key)) / 4294967296;
}

const TWO32 = 4294967296;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = Number.NaN;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng requires a finite seed, got ${seed}`);
    // Both halves of the seed matter, so seeds above 2^32 do not collide with small ones.
    const lo = Math.floor(seed) >>> 0;
    const hi = Math.floor(seed / TWO32) >>> 0;
    let s = mix32(lo ^ mix32(hi));
    this.a = s = mix32(s);
    this.b = s = mix32(s);
    this.c = s = mix32(s);
    this.d = mix32(s) | 1;
  }

  /** Next 32-bit unsigned integer (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in the open interval (0, 1): safe to take the log of. */
  uniform(): number {
    return (this.nextU32() + 0.5) / TWO32;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Standard normal (Marsaglia polar method, the second value is kept). */
  normal(mean = 0, sd = 1): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return mean + sd * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return mean + sd * u * f;
  }

  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  exponential(rate: number): number {
    return -Math.log(this.uniform()) / rate;
  }

  /** Gamma(2, rate), the sum of two exponentials: a cheap right-skewed amount for the hot paths. */
  erlang2(rate: number): number {
    return -Math.log(this.uniform() * this.uniform()) / rate;
  }

  /** Gamma(shape, rate), mean shape/rate. Marsaglia & Tsang (2000), with the U^(1/shape) boost for shape < 1. */
  gamma(shape: number, rate = 1): number {
    if (!(shape > 0) || !(rate > 0)) throw new Error(`gamma requires shape > 0 and rate > 0, got ${shape}, ${rate}`);
    if (shape < 1) return this.gamma(shape + 1, rate) * Math.pow(this.uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return (d * v) / rate;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return (d * v) / rate;
    }
  }

  /** Beta(a, b) as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a);
    return x / (x + this.gamma(b));
  }

  /** Poisson(mean): inversion by multiplication below 30, Hörmann's PTRS (1993) above. */
  poisson(mean: number): number {
    if (!(mean >= 0)) throw new Error(`poisson requires mean >= 0, got ${mean}`);
    if (mean === 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - logGamma(k + 1)) return k;
    }
  }

  /** Index drawn from cumulative weights (ascending, last = total). */
  weighted(cumulative: Float64Array | readonly number[]): number {
    const x = this.uniform() * cumulative[cumulative.length - 1];
    let i = 0;
    while (cumulative[i] <= x) i++;
    return i;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const LANCZOS = [676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9): about 15 significant digits. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let s = 0.99999999999980993;
  for (let i = 0; i < LANCZOS.length; i++) s += LANCZOS[i] / (x + i + 1);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Cumulative sums of weights, for `Rng.weighted`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (out[i] = s += w));
  return out;
}
