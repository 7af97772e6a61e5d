import { describe, expect, it } from 'vitest';
import { loadCdnowRfm } from './cdnow-fixture.js';
import {
  fitParetoNbd,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
} from './pareto-nbd.js';

const within = (got: number, want: number, tol: number) => expect(Math.abs(got / want - 1)).toBeLessThan(tol);

describe('Pareto/NBD on CDNOW (Fader, Hardie & Lee 2005; Fader & Hardie 2005 note)', () => {
  const rows = loadCdnowRfm();
  const fit = fitParetoNbd(rows);

  it('recovers the published estimates within 1%', () => {
    expect(fit.converged).toBe(true);
    within(fit.params.r, 0.553, 0.01);
    within(fit.params.alpha, 10.578, 0.01);
    within(fit.params.s, 0.606, 0.01);
    within(fit.params.beta, 11.669, 0.01);
    expect(Math.abs(fit.logLikelihood - -9595.0)).toBeLessThan(0.1);
  });

  it('holdout forecast is of the right size (1,882 observed)', () => {
    let total = 0;
    for (const r of rows) total += paretoNbdConditionalExpectedPurchases(fit.params, 39, r.x, r.tx, r.T);
    within(total, 1882, 0.15);
  });
});

describe('Pareto/NBD likelihood branches', () => {
  const row = [{ x: 4, tx: 20, T: 39 }];

  it('is continuous across α = β (the α ≥ β and α < β forms of the ₂F₁ agree)', () => {
    const at = (alpha: number) => paretoNbdLogLikelihood({ r: 0.55, alpha, s: 0.6, beta: 10 }, row);
    expect(Math.abs(at(10 - 1e-9) - at(10 + 1e-9))).toBeLessThan(1e-7);
    expect(Math.abs(at(10) - at(10 + 1e-9))).toBeLessThan(1e-7);
  });

  it('matches direct numeric integration of the individual likelihood', () => {
    // L = ∫∫ [λˣ e^(−(λ+μ)T) + λˣ μ/(λ+μ) (e^(−(λ+μ)t_x) − e^(−(λ+μ)T))] g(λ) g(μ) dλ dμ  (SMC 1987;
    // the individual likelihood of Fader & Hardie's note, eq. 3), by brute-force midpoint quadrature.
    const p = { r: 2, alpha: 3, s: 1.5, beta: 4 };
    const { x, tx, T } = { x: 2, tx: 1.5, T: 3 };
    // Gamma densities with Γ(r) = Γ(2) = 1 and Γ(s) = Γ(1.5) = √π/2.
    const gl = (l: number) => p.alpha ** p.r * l ** (p.r - 1) * Math.exp(-p.alpha * l);
    const gm = (m: number) => (p.beta ** p.s * m ** (p.s - 1) * Math.exp(-p.beta * m)) / (Math.sqrt(Math.PI) / 2);
    let total = 0;
    const n = 1200;
    const top = 12;
    for (let i = 0; i < n; i++) {
      const l = ((i + 0.5) / n) * top;
      for (let j = 0; j < n; j++) {
        // μ on a squared grid because g(μ) ∝ μ^0.5 has an infinite slope at 0.
        const u = (j + 0.5) / n;
        const m = u * u * top;
        const dm = 2 * u * top * (1 / n);
        const k = l + m;
        const ind = l ** x * (Math.exp(-k * T) + (m / k) * (Math.exp(-k * tx) - Math.exp(-k * T)));
        total += ind * gl(l) * gm(m) * (top / n) * dm;
      }
    }
    expect(paretoNbdLogLikelihood(p, [{ x, tx, T }]) - Math.log(total)).toBeCloseTo(0, 4);
  });

  it('conditional expectation handles s = 1 and predictions are monotone in t', () => {
    const p = { r: 0.55, alpha: 10.6, s: 1, beta: 11.7 };
    const near = { ...p, s: 1 + 1e-7 };
    expect(paretoNbdExpectedPurchases(p, 39)).toBeCloseTo(paretoNbdExpectedPurchases(near, 39), 6);
    expect(paretoNbdConditionalExpectedPurchases(p, 39, 3, 20, 39)).toBeCloseTo(paretoNbdConditionalExpectedPurchases(near, 39, 3, 20, 39), 6);
    let prev = 0;
    for (const t of [1, 10, 50, 200]) {
      const e = paretoNbdConditionalExpectedPurchases(p, t, 3, 20, 39);
      expect(e).toBeGreaterThan(prev);
      prev = e;
    }
    expect(paretoNbdPAlive(p, 3, 39, 39)).toBeGreaterThan(paretoNbdPAlive(p, 3, 5, 39));
  });
});
