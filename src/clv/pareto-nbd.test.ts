import { describe, expect, it } from 'vitest';
import { loadCdnowRfm } from './cdnow-fixture.js';
import {
  fitParetoNbd,
  paretoNbdConditionalExpectedPurchases,
  paretoNbdExpectedPurchases,
  paretoNbdLogLikelihood,
  paretoNbdPAlive,
  paretoNbdValueAndGradient,
} from './pareto-nbd.js';
import { compressRows } from './summary.js';

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

describe('Pareto/NBD likelihood by quadrature (issue #16: analytic gradient, no ₂F₁ per row)', () => {
  /** ln L of one row from the definition: the alive term in closed form plus s·∫ (α+τ)^−(r+x) (β+τ)^−(s+1) dτ by adaptive Simpson in τ. */
  function reference(p: { r: number; alpha: number; s: number; beta: number }, x: number, tx: number, T: number): number {
    // Everything scaled by the integrand's value at t_x (its largest), so large x does not underflow.
    const c = (p.r + x) * Math.log(p.alpha + tx) + (p.s + 1) * Math.log(p.beta + tx);
    const f = (t: number) => Math.exp(c - (p.r + x) * Math.log(p.alpha + t) - (p.s + 1) * Math.log(p.beta + t));
    const simpson = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, depth: number): number => {
      const m = (a + b) / 2;
      const flm = f((a + m) / 2);
      const frm = f((m + b) / 2);
      const left = ((m - a) / 6) * (fa + 4 * flm + fm);
      const right = ((b - m) / 6) * (fm + 4 * frm + fb);
      if (depth <= 0 || Math.abs(left + right - whole) <= 1e-13 * (left + right)) return left + right + (left + right - whole) / 15;
      return simpson(a, m, fa, flm, fm, left, depth - 1) + simpson(m, b, fm, frm, fb, right, depth - 1);
    };
    // Split at geometric points so the steep start (small α or β) is resolved.
    const cuts = [tx];
    for (let c = Math.min(p.alpha, p.beta) / 8; tx + c < T; c *= 2) cuts.push(tx + c);
    cuts.push(T);
    let integral = 0;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [a, b] = [cuts[i], cuts[i + 1]];
      const fa = f(a);
      const fb = f(b);
      const fm = f((a + b) / 2);
      integral += simpson(a, b, fa, fm, fb, ((b - a) / 6) * (fa + 4 * fm + fb), 40);
    }
    const alive = Math.exp(c - (p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T));
    const lgammaRatio = Array.from({ length: x }, (_, j) => Math.log(p.r + j)).reduce((a, v) => a + v, 0); // Γ(r+x)/Γ(r)
    return lgammaRatio + p.r * Math.log(p.alpha) + p.s * Math.log(p.beta) + Math.log(alive + p.s * integral) - c;
  }

  const sets = [
    { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
    { r: 0.05, alpha: 0.01, s: 1e-6, beta: 1e8 },
    { r: 3, alpha: 1, s: 5, beta: 1e8 },
    { r: 0.05, alpha: 400, s: 5, beta: 0.001 },
    { r: 0.8, alpha: 70, s: 1e-8, beta: 1500 },
  ];
  const rows = [
    { x: 0, tx: 0, T: 0.5 },
    { x: 0, tx: 0, T: 39 },
    { x: 0, tx: 0, T: 373 },
    { x: 1, tx: 0.01, T: 5 },
    { x: 3, tx: 20, T: 39 },
    { x: 10, tx: 0, T: 39 },
    { x: 40, tx: 38.9, T: 39 },
    { x: 150, tx: 200, T: 373 },
  ];

  it('matches the definition integrated independently, row by row, to 1e-10 relative, from ordinary to extreme parameters', () => {
    for (const p of sets) {
      for (const row of rows) {
        const got = paretoNbdLogLikelihood(p, [row]);
        const want = reference(p, row.x, row.tx, row.T);
        expect(Math.abs(got - want) / Math.max(1, Math.abs(want)), `${JSON.stringify(p)} ${JSON.stringify(row)}`).toBeLessThan(1e-10);
      }
    }
  });

  it('gives the running sums of the x = 0 rows the same value as fitting each row alone, and a gradient equal to differences of the value', () => {
    const many = [...rows, ...Array.from({ length: 300 }, (_, i) => ({ x: 0, tx: 0, T: 27 + (i * 12) / 300 + 1e-7 * i }))];
    for (const p of sets) {
      const alone = many.reduce((a, row) => a + paretoNbdLogLikelihood(p, [row]), 0);
      const together = paretoNbdLogLikelihood(p, many);
      expect(Math.abs(together / alone - 1), JSON.stringify(p)).toBeLessThan(1e-12);
      const d = compressRows(many);
      const { gradient } = paretoNbdValueAndGradient(p, d, true);
      (['r', 'alpha', 's', 'beta'] as const).forEach((k, i) => {
        const h = 1e-6 * p[k];
        const diff = (paretoNbdLogLikelihood({ ...p, [k]: p[k] + h }, d) - paretoNbdLogLikelihood({ ...p, [k]: p[k] - h }, d)) / (2 * h);
        // Compared on the log-parameter scale (×φ), as the optimiser sees them.
        expect(Math.abs((gradient[i] - diff) * p[k]) / Math.max(1, Math.abs(diff * p[k])), `${k} ${JSON.stringify(p)}`).toBeLessThan(1e-5);
      });
    }
  });
});
