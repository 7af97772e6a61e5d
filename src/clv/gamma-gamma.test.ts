import { describe, expect, it } from 'vitest';
import { loadCdnowSummary } from './cdnow-fixture.js';
import {
  fitGammaGamma,
  gammaGammaConditionalExpectedSpend,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
} from './gamma-gamma.js';
import { simulateCustomers } from './simulate.js';

const within = (got: number, want: number, tol: number) => expect(Math.abs(got / want - 1)).toBeLessThan(tol);

describe('Gamma-Gamma on CDNOW (Fader & Hardie 2013, note 025)', () => {
  const rows = loadCdnowSummary();
  const fit = fitGammaGamma(rows);

  it('recovers p = 6.25, q = 3.74, γ = 15.44 within 1% from the 946 customers with x > 0', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(946);
    within(fit.params.p, 6.25, 0.01);
    within(fit.params.q, 3.74, 0.01);
    within(fit.params.gamma, 15.44, 0.01);
  });

  it('conditional spend shrinks z̄ towards the population mean', () => {
    const mean = gammaGammaExpectedSpend(fit.params);
    expect(mean).toBeCloseTo((fit.params.p * fit.params.gamma) / (fit.params.q - 1), 12);
    const low = gammaGammaConditionalExpectedSpend(fit.params, 2, 10);
    const high = gammaGammaConditionalExpectedSpend(fit.params, 2, 200);
    expect(low).toBeGreaterThan(10);
    expect(high).toBeLessThan(200);
    // More transactions: closer to the customer's own mean.
    expect(gammaGammaConditionalExpectedSpend(fit.params, 20, 200)).toBeGreaterThan(high);
    expect(gammaGammaConditionalExpectedSpend(fit.params, 0, 0)).toBe(mean);
  });
});

describe('Gamma-Gamma recovery from simulation', () => {
  const sets = [
    { p: 6.25, q: 3.74, gamma: 15.44 },
    { p: 2, q: 8, gamma: 120 },
  ];
  sets.forEach((truth, k) => {
    it(`recovers parameter set ${k + 1} within 4 standard errors`, () => {
      const sim = simulateCustomers(
        { model: 'bgnbd', params: { r: 1.5, alpha: 4, a: 1, b: 4 } },
        { customers: 30_000, seed: 300 + k, minT: 52, spend: truth },
      );
      const rows = Array.from(sim.x, (x, i) => ({ x, zbar: sim.zbar[i] }));
      const fit = fitGammaGamma(rows);
      // ML estimates are asymptotically normal with the reported SEs; 4 SE fails with probability < 1e-4.
      for (const name of ['p', 'q', 'gamma'] as const) {
        const z = Math.abs(fit.params[name] - truth[name]) / fit.standardErrors[name];
        expect(z, `${name}: ${fit.params[name]} vs ${truth[name]}`).toBeLessThan(4);
      }
      // The conditional expectation tracks each customer's true mean spend on average.
      let predicted = 0;
      let actual = 0;
      for (let i = 0; i < sim.x.length; i++) {
        if (sim.x[i] === 0) continue;
        predicted += gammaGammaConditionalExpectedSpend(truth, sim.x[i], sim.zbar[i]);
        actual += sim.meanSpend[i];
      }
      within(predicted, actual, 0.02);
    });
  });

  it('is finite for extreme inputs and skips x = 0', () => {
    const p = { p: 6.25, q: 3.74, gamma: 15.44 };
    for (const row of [{ x: 5000, zbar: 1e-6 }, { x: 1, zbar: 1e6 }, { x: 3000, zbar: 35 }]) {
      expect(Number.isFinite(gammaGammaLogLikelihood(p, [row]))).toBe(true);
      expect(Number.isFinite(gammaGammaConditionalExpectedSpend(p, row.x, row.zbar))).toBe(true);
    }
    expect(gammaGammaLogLikelihood(p, [{ x: 0, zbar: 0 }])).toBe(0);
    expect(() => gammaGammaLogLikelihood(p, [{ x: 2, zbar: -1 }])).toThrow(/row 0: zbar must be positive/);
  });
});
