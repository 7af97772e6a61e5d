import { describe, expect, it } from 'vitest';
import { createRandom } from '../clv/random.js';
import { fitLogistic, predictLogistic } from './logistic.js';
import { auc, brier, calibration } from './metrics.js';

describe('auc', () => {
  it('counts concordant pairs, ties as one half, by hand', () => {
    // Positives score 0.9 and 0.4; negatives 0.4 and 0.1. Pairs: (0.9>0.4) 1, (0.9>0.1) 1, (0.4=0.4) ½, (0.4>0.1) 1 → 3.5/4.
    expect(auc([0.9, 0.4, 0.4, 0.1], [true, true, false, false])).toBeCloseTo(3.5 / 4, 12);
    expect(auc([1, 2, 3], [false, false, true])).toBe(1);
    expect(() => auc([1, 2], [true, true])).toThrow(/at least one positive and one negative/);
  });

  it('brier and calibration', () => {
    expect(brier([0.5, 1], [true, true])).toBeCloseTo(0.125, 12);
    const c = calibration([0.1, 0.2, 0.8, 0.9], [false, false, true, true], 2);
    expect(c).toEqual([{ bin: 1, n: 2, predicted: 0.15000000000000002, observed: 0 }, { bin: 2, n: 2, predicted: 0.8500000000000001, observed: 1 }]);
  });
});

describe('fitLogistic', () => {
  it('matches a plain gradient-ascent fit of the same penalised likelihood', () => {
    const rng = createRandom(4);
    const x: Float64Array[] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 400; i++) {
      const a = rng.normal();
      const b = rng.normal();
      x.push(Float64Array.of(a, b));
      y.push(rng.uniform() < 1 / (1 + Math.exp(-(-0.5 + 1.5 * a - 0.8 * b))));
    }
    const m = fitLogistic(x, y, 2);
    // Independent solver: many small gradient steps on the same objective.
    const beta = [0, 0, 0];
    for (let it = 0; it < 20000; it++) {
      const g = [0, 0, 0];
      for (let i = 0; i < x.length; i++) {
        const p = 1 / (1 + Math.exp(-(beta[0] + beta[1] * x[i][0] + beta[2] * x[i][1])));
        const r = (y[i] ? 1 : 0) - p;
        g[0] += r;
        g[1] += r * x[i][0];
        g[2] += r * x[i][1];
      }
      g[1] -= 2 * beta[1];
      g[2] -= 2 * beta[2];
      for (let j = 0; j < 3; j++) beta[j] += 0.002 * g[j];
    }
    expect(m.intercept).toBeCloseTo(beta[0], 4);
    expect(m.coefficients[0]).toBeCloseTo(beta[1], 4);
    expect(m.coefficients[1]).toBeCloseTo(beta[2], 4);
    expect(predictLogistic(m, Float64Array.of(0, 0))).toBeCloseTo(1 / (1 + Math.exp(-m.intercept)), 12);
  });

  it('matches the closed form with one binary feature and no penalty: β₀ = logit(p₀), β₁ = logit(p₁) − logit(p₀)', () => {
    // x = 0: 3 won of 10; x = 1: 6 won of 8.
    const x: Float64Array[] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 10; i++) (x.push(Float64Array.of(0)), y.push(i < 3));
    for (let i = 0; i < 8; i++) (x.push(Float64Array.of(1)), y.push(i < 6));
    const m = fitLogistic(x, y, 0);
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(m.intercept).toBeCloseTo(logit(0.3), 10);
    expect(m.coefficients[0]).toBeCloseTo(logit(0.75) - logit(0.3), 10);
  });
});
