import { describe, expect, it } from 'vitest';
import { bgnbd, bgnbdConditionalExpectedPurchases } from './bgnbd.js';
import { loadCdnowSummary } from './cdnow-fixture.js';
import { customerLifetimeValue, customerLifetimeValueBatch, expectedPurchasesByPeriod } from './clv.js';
import { gammaGammaConditionalExpectedSpend } from './gamma-gamma.js';
import { paretoNbd } from './pareto-nbd.js';
import { simulateCustomers } from './simulate.js';

const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const gg = { p: 6.25, q: 3.74, gamma: 15.44 };
const customer = { x: 2, tx: 30.43, T: 38.86 };

describe('customerLifetimeValue', () => {
  it('undiscounted equals E[Y(H·Δ)] × spend × margin', () => {
    const v = customerLifetimeValue(bgnbd, bg, customer, 40, { periods: 12, periodLength: 52 / 12, margin: 0.3 });
    expect(v).toBeCloseTo(bgnbdConditionalExpectedPurchases(bg, 52, 2, 30.43, 38.86) * 40 * 0.3, 10);
  });

  it('discounts each period at its end', () => {
    const byPeriod = expectedPurchasesByPeriod(bgnbd, bg, 2, 30.43, 38.86, 3, 4);
    let want = 0;
    byPeriod.forEach((e, k) => (want += (e * 25 * 0.5) / 1.02 ** (k + 1)));
    expect(customerLifetimeValue(bgnbd, bg, customer, 25, { periods: 3, periodLength: 4, discountRate: 0.02, margin: 0.5 })).toBeCloseTo(want, 12);
    const undiscounted = customerLifetimeValue(bgnbd, bg, customer, 25, { periods: 3, periodLength: 4, margin: 0.5 });
    expect(want).toBeLessThan(undiscounted);
  });

  it('rejects a margin outside [0, 1] with a message naming the function', () => {
    expect(() => customerLifetimeValue(bgnbd, bg, customer, 1, { periods: 1, margin: 30 })).toThrow(/customerLifetimeValue requires margin in \[0, 1\]/);
  });

  it('matches simulated undiscounted holdout value (purchases × each customer’s true mean spend)', () => {
    const sim = simulateCustomers({ model: 'bgnbd', params: bg }, { customers: 40_000, seed: 9, minT: 30, maxT: 40, holdout: 52, spend: gg });
    const rows = Array.from(sim.x, (x, i) => ({ x, tx: sim.tx[i], T: sim.T[i], zbar: sim.zbar[i] }));
    const clv = customerLifetimeValueBatch(bgnbd, bg, gg, rows, { periods: 52, margin: 1 });
    let predicted = 0;
    let realised = 0;
    for (let i = 0; i < rows.length; i++) {
      predicted += clv[i];
      realised += sim.xHoldout[i] * sim.meanSpend[i];
    }
    // Heavy-tailed spend and purchase counts: the Monte Carlo error of the total is a few percent here.
    expect(Math.abs(predicted / realised - 1)).toBeLessThan(0.08);
  });

  it('CDNOW: batch values are finite, non-negative and use Gamma-Gamma spend', () => {
    const rows = loadCdnowSummary();
    const v = customerLifetimeValueBatch(paretoNbd, { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, gg, rows, { periods: 12, periodLength: 52 / 12, discountRate: 0.01, margin: 0.3 });
    expect(v.length).toBe(2357);
    for (const value of v) expect(Number.isFinite(value) && value >= 0).toBe(true);
    const first = rows[0];
    const single = customerLifetimeValue(paretoNbd, { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, first, gammaGammaConditionalExpectedSpend(gg, first.x, first.zbar), { periods: 12, periodLength: 52 / 12, discountRate: 0.01, margin: 0.3 });
    expect(v[0]).toBeCloseTo(single, 10);
  });
});
