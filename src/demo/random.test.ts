import { describe, expect, it } from 'vitest';
import { logGamma, Rng } from './random.js';

const N = 100_000;

function moments(draw: () => number): { mean: number; variance: number } {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < N; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / N;
  return { mean, variance: (s2 - N * mean * mean) / (N - 1) };
}

/**
 * Checks the sample mean and variance against the distribution's, within 5 standard errors.
 * The standard error of the sample variance is σ²·√((κ + 2)/n), κ being the excess kurtosis.
 */
function expectMoments(draw: () => number, mean: number, variance: number, excessKurtosis: number): void {
  const m = moments(draw);
  expect(Math.abs(m.mean - mean)).toBeLessThan(5 * Math.sqrt(variance / N));
  expect(Math.abs(m.variance - variance)).toBeLessThan(5 * variance * Math.sqrt((excessKurtosis + 2) / N));
}

describe('Rng', () => {
  it('is deterministic in the seed and differs between seeds', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const c = new Rng(8);
    const xs = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(xs);
    // Seeds that differ only above 2^32 still give different streams.
    expect(new Rng(2 ** 32 + 7).nextU32()).not.toBe(new Rng(7).nextU32());
  });

  it('draws uniforms in (0, 1) with mean 1/2 and variance 1/12', () => {
    const r = new Rng(1);
    expectMoments(() => r.uniform(), 0.5, 1 / 12, -1.2);
  });

  it('draws normals and lognormals with the right moments', () => {
    const r = new Rng(2);
    expectMoments(() => r.normal(3, 2), 3, 4, 0);
    const s2 = 0.25;
    const w = Math.exp(s2);
    expectMoments(() => r.lognormal(0, 0.5), Math.exp(s2 / 2), (w - 1) * w, w ** 4 + 2 * w ** 3 + 3 * w ** 2 - 6);
  });

  it('draws Gamma(shape, rate) with mean shape/rate and variance shape/rate², for shape below and above 1', () => {
    const r = new Rng(3);
    for (const [k, rate] of [[0.5, 2], [0.9, 10], [3.5, 75], [12, 0.5]]) {
      expectMoments(() => r.gamma(k, rate), k / rate, k / rate ** 2, 6 / k);
    }
  });

  it('draws Beta(a, b) with mean a/(a+b) and variance ab/((a+b)²(a+b+1))', () => {
    const r = new Rng(4);
    for (const [a, b] of [[1.2, 6], [0.6, 16.5], [2, 2]]) {
      const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
      const k = (6 * ((a - b) ** 2 * (a + b + 1) - a * b * (a + b + 2))) / (a * b * (a + b + 2) * (a + b + 3));
      expectMoments(() => r.beta(a, b), a / (a + b), v, k);
    }
  });

  it('draws Poisson(mean) with mean = variance, by inversion and by PTRS', () => {
    const r = new Rng(5);
    for (const m of [0.3, 3.5, 29.9, 30, 80, 1000]) expectMoments(() => r.poisson(m), m, m, 1 / m);
  });

  it('draws exponentials with mean 1/rate, and Gamma(2, rate) as their sum', () => {
    const r = new Rng(6);
    expectMoments(() => r.exponential(0.25), 4, 16, 6);
    expectMoments(() => r.erlang2(0.5), 4, 8, 3);
  });

  it('computes log Γ', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 11);
    expect(logGamma(1)).toBeCloseTo(0, 12);
  });
});
