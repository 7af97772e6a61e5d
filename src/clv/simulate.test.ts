import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';
import { simulateCustomers } from './simulate.js';

describe('createRandom', () => {
  it('is deterministic in the seed', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(c.uniform()).not.toBe(xs[0]);
  });

  it('samplers have the right first two moments', () => {
    const rng = createRandom(123);
    const n = 200_000;
    const check = (draw: () => number, mean: number, variance: number) => {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const v = draw();
        s += v;
        s2 += v * v;
      }
      const m = s / n;
      // 5 standard errors of the sample mean; the variance within 5%.
      expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
      expect(Math.abs((s2 / n - m * m) / variance - 1)).toBeLessThan(0.05);
    };
    check(() => rng.uniform(), 0.5, 1 / 12);
    check(() => rng.exponential(2), 0.5, 0.25);
    check(() => rng.gamma(0.243, 4.414), 0.243 / 4.414, 0.243 / 4.414 ** 2);
    check(() => rng.gamma(6.25, 0.5), 12.5, 25);
    check(() => rng.beta(0.793, 2.426), 0.793 / 3.219, (0.793 * 2.426) / (3.219 ** 2 * 4.219));
  });
});

describe('simulateCustomers', () => {
  it('returns consistent summaries on the requested grid', () => {
    const sim = simulateCustomers(
      { model: 'pareto-nbd', params: { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 } },
      { customers: 5000, seed: 1, minT: 27, maxT: 39, resolution: 1 / 7, holdout: 39, spend: { p: 6, q: 4, gamma: 15 } },
    );
    for (let i = 0; i < 5000; i++) {
      expect(sim.tx[i]).toBeLessThanOrEqual(sim.T[i]);
      expect(sim.T[i]).toBeGreaterThanOrEqual(27 - 1e-9);
      expect(Math.abs(sim.T[i] * 7 - Math.round(sim.T[i] * 7))).toBeLessThan(1e-9);
      if (sim.x[i] === 0) expect(sim.tx[i]).toBe(0);
      expect(sim.zbar[i] > 0).toBe(sim.x[i] > 0);
    }
    const again = simulateCustomers(
      { model: 'pareto-nbd', params: { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 } },
      { customers: 5000, seed: 1, minT: 27, maxT: 39, resolution: 1 / 7, holdout: 39, spend: { p: 6, q: 4, gamma: 15 } },
    );
    expect(again.x).toEqual(sim.x);
  });
});
