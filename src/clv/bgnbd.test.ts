import { describe, expect, it } from 'vitest';
import { betaGeoLogLikelihood } from './beta-geometric.js';
import {
  bgnbd,
  bgnbdConditionalExpectedPurchases,
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdPAlive,
  bgnbdProbabilityOfPurchases,
  fitBgNbd,
} from './bgnbd.js';
import { loadCdnowRfm } from './cdnow-fixture.js';
import { numericGradient } from './optimize.js';
import { compressRows } from './summary.js';

const within = (got: number, want: number, tol: number) => expect(Math.abs(got / want - 1)).toBeLessThan(tol);

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005, Table/p. 280)', () => {
  const rows = loadCdnowRfm();
  const fit = fitBgNbd(rows);

  it('recovers the published estimates within 0.5%', () => {
    expect(fit.converged).toBe(true);
    within(fit.params.r, 0.243, 0.005);
    within(fit.params.alpha, 4.414, 0.005);
    within(fit.params.a, 0.793, 0.005);
    within(fit.params.b, 2.426, 0.005);
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.1);
    expect(fit.customers).toBe(2357);
    expect(fit.rows).toBeLessThan(2357);
  });

  it('gives finite, positive standard errors', () => {
    for (const k of bgnbd.paramNames) {
      expect(fit.standardErrors[k]).toBeGreaterThan(0);
      expect(fit.standardErrors[k]).toBeLessThan(fit.params[k]);
    }
  });

  it('reproduces the paper’s conditional expectation for x=2, t_x=30.43, T=38.86 over 39 weeks (≈ 1.226, p. 281)', () => {
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(bgnbdConditionalExpectedPurchases(published, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 2);
    expect(bgnbdConditionalExpectedPurchases(fit.params, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 2);
  });

  it('forecasts the holdout total near the observed 1,882 repeat purchases (SOURCE.md)', () => {
    // Σ E[Y(39) | x, t_x, T] is 2,110 here: the BG/NBD over-forecasts CDNOW's holdout by about 12%.
    // This guards the order of magnitude (a units or sign error would be far off), not the model's quality.
    let total = 0;
    for (const r of rows) total += bgnbdConditionalExpectedPurchases(fit.params, 39, r.x, r.tx, r.T);
    within(total, 1882, 0.15);
  });
});

describe('BG/NBD likelihood and gradient', () => {
  const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const data = compressRows(loadCdnowRfm());

  it('analytic gradient matches central differences', () => {
    const g = betaGeoLogLikelihood(params, data, 0, true).gradient as number[];
    const names = ['r', 'alpha', 'a', 'b'] as const;
    const f = (v: readonly number[]) => bgnbdLogLikelihood({ r: v[0], alpha: v[1], a: v[2], b: v[3] }, data);
    const fd = numericGradient(f, names.map((k) => params[k]));
    g.forEach((v, i) => expect(Math.abs(v - fd[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))));
  });

  it('weighted rows equal repeated rows', () => {
    const a = bgnbdLogLikelihood(params, [{ x: 3, tx: 10, T: 30, weight: 4 }]);
    const b = bgnbdLogLikelihood(params, Array.from({ length: 4 }, () => ({ x: 3, tx: 10, T: 30 })));
    expect(a).toBeCloseTo(b, 10);
  });

  it('is finite for extreme inputs', () => {
    for (const row of [
      { x: 0, tx: 0, T: 1e-6 },
      { x: 5000, tx: 100, T: 100 },
      { x: 5000, tx: 1e-6, T: 1e6 },
      { x: 1, tx: 0, T: 1e-6 },
      { x: 30, tx: 52, T: 52 },
    ]) {
      expect(Number.isFinite(bgnbdLogLikelihood(params, [row]))).toBe(true);
      for (const t of [1e-6, 1, 52, 1e4]) {
        const e = bgnbdConditionalExpectedPurchases(params, t, row.x, row.tx, row.T);
        expect(Number.isFinite(e) && e >= 0).toBe(true);
      }
      const p = bgnbdPAlive(params, row.x, row.tx, row.T);
      expect(p >= 0 && p <= 1).toBe(true);
    }
    expect(Number.isFinite(bgnbdLogLikelihood({ r: 1e-6, alpha: 1e6, a: 1e-6, b: 1e6 }, data))).toBe(true);
  });
});

describe('BG/NBD predictions against independent computations', () => {
  const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

  it('P(X(t)=n) sums to 1 and its mean equals E[X(t)] (eq. 8 vs eq. 9)', () => {
    for (const t of [5, 39, 78]) {
      let total = 0;
      let mean = 0;
      for (let n = 0; n < 400; n++) {
        const p = bgnbdProbabilityOfPurchases(params, n, t);
        total += p;
        mean += n * p;
      }
      expect(total).toBeCloseTo(1, 8);
      expect(mean / bgnbdExpectedPurchases(params, t)).toBeCloseTo(1, 6);
    }
  });

  it('E[X(t)] equals the integral of the individual-level mean (1 − e^(−λpt))/p over the mixing densities', () => {
    // Independent 2-D quadrature over λ (gamma) and p (beta) with the trapezoid rule on transformed grids.
    const t = 39;
    const { r, alpha, a, b } = { r: 1.7, alpha: 4, a: 2.5, b: 3 }; // smooth densities so quadrature is accurate
    const gammaPdf = (l: number) => Math.exp(r * Math.log(alpha) + (r - 1) * Math.log(l) - alpha * l - lgammaLocal(r));
    const betaPdf = (p: number) => Math.exp((a - 1) * Math.log(p) + (b - 1) * Math.log(1 - p) - (lgammaLocal(a) + lgammaLocal(b) - lgammaLocal(a + b)));
    let integral = 0;
    const nl = 1000;
    const np = 500;
    for (let i = 0; i < nl; i++) {
      const l = ((i + 0.5) / nl) * 10;
      for (let j = 0; j < np; j++) {
        const p = (j + 0.5) / np;
        integral += gammaPdf(l) * betaPdf(p) * (-Math.expm1(-l * p * t) / p) * (10 / nl) * (1 / np);
      }
    }
    expect(bgnbdExpectedPurchases({ r, alpha, a, b }, t) / integral).toBeCloseTo(1, 4);
  });

  it('P(alive) is 1 at x=0, falls as recency ages, and rises with recency', () => {
    expect(bgnbdPAlive(params, 0, 0, 39)).toBe(1);
    expect(bgnbdPAlive(params, 5, 10, 39)).toBeLessThan(bgnbdPAlive(params, 5, 30, 39));
    expect(bgnbdPAlive(params, 5, 30, 60)).toBeLessThan(bgnbdPAlive(params, 5, 30, 39));
    expect(bgnbdPAlive(params, 5, 39, 39)).toBeGreaterThan(bgnbdPAlive(params, 1, 39, 39) - 1e-12);
  });
});

function lgammaLocal(x: number): number {
  // Independent of special.ts: Stirling with shift, good to ~1e-12 for x > 0.
  let shift = 0;
  while (x < 20) {
    shift -= Math.log(x);
    x += 1;
  }
  return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3) + 1 / (1260 * x ** 5);
}
