/**
 * One contract suite for every purchase model: parameter recovery from the seeded simulator, predictions
 * against simulated outcomes, internal consistency, and extreme inputs.
 */
import { describe, expect, it } from 'vitest';
import { bgnbd } from './bgnbd.js';
import { mbgnbd } from './mbgnbd.js';
import { paretoNbd } from './pareto-nbd.js';
import { conditionalExpectedPurchasesBatch, pAliveBatch, type PurchaseModel } from './purchase-model.js';
import { simulateCustomers, type SimulationParams } from './simulate.js';
import { compressRows } from './summary.js';

interface Case {
  model: PurchaseModel<Record<string, number>>;
  sims: SimulationParams[];
}

const cases: Case[] = [
  {
    model: bgnbd as unknown as PurchaseModel<Record<string, number>>,
    sims: [
      { model: 'bgnbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
      { model: 'bgnbd', params: { r: 1.5, alpha: 8, a: 2, b: 5 } },
    ],
  },
  {
    model: paretoNbd as unknown as PurchaseModel<Record<string, number>>,
    sims: [
      { model: 'pareto-nbd', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } },
      { model: 'pareto-nbd', params: { r: 1.2, alpha: 5, s: 1.5, beta: 20 } },
    ],
  },
  {
    model: mbgnbd as unknown as PurchaseModel<Record<string, number>>,
    sims: [
      { model: 'mbgnbd', params: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 } },
      { model: 'mbgnbd', params: { r: 1.5, alpha: 8, a: 1.5, b: 4 } },
    ],
  },
];

const CUSTOMERS = 40_000;

for (const { model, sims } of cases) {
  describe(`${model.name} contract`, () => {
    sims.forEach((sim, k) => {
      const truth = sim.params as unknown as Record<string, number>;
      // A cohort acquired over half a year, observed 52–78 weeks, daily resolution, 39-week holdout.
      const data = simulateCustomers(sim, { customers: CUSTOMERS, seed: 1000 + k, minT: 52, maxT: 78, resolution: 1 / 7, holdout: 39 });

      it(`recovers parameter set ${k + 1} from ${CUSTOMERS} simulated customers`, () => {
        const fit = model.fit(data);
        expect(fit.converged).toBe(true);
        expect(fit.customers).toBe(CUSTOMERS);
        for (const name of model.paramNames) {
          // Maximum-likelihood estimates are asymptotically normal with the reported SE; 4 SE is exceeded
          // with probability < 1e-4 per parameter when the model and SEs are right. Daily rounding of t_x
          // and T adds a bias far below one SE at this sample size.
          const z = Math.abs(fit.params[name] - truth[name]) / fit.standardErrors[name];
          expect(z, `${name}: est ${fit.params[name]} true ${truth[name]} se ${fit.standardErrors[name]}`).toBeLessThan(4);
        }
        // The likelihood at the estimates is at least that at the truth (it is the maximum).
        expect(fit.logLikelihood).toBeGreaterThanOrEqual(model.logLikelihood(truth, data) - 1e-6);
      });

      it(`conditional expectations match simulated holdout purchases (set ${k + 1})`, () => {
        const expected = conditionalExpectedPurchasesBatch(model, truth, 39, data);
        // Compare by groups of x; each group's mean holdout count has Monte Carlo SE sd/√n.
        for (const [lo, hi] of [[0, 0], [1, 1], [2, 3], [4, 8], [9, 1e9]]) {
          let n = 0;
          let sumObs = 0;
          let sumSq = 0;
          let sumExp = 0;
          for (let i = 0; i < CUSTOMERS; i++) {
            if (data.x[i] < lo || data.x[i] > hi) continue;
            n++;
            sumObs += data.xHoldout[i];
            sumSq += data.xHoldout[i] ** 2;
            sumExp += expected[i];
          }
          if (n < 200) continue;
          const mean = sumObs / n;
          const se = Math.sqrt(Math.max(sumSq / n - mean * mean, 1e-12) / n);
          expect(Math.abs(mean - sumExp / n), `x in [${lo}, ${hi}], n=${n}`).toBeLessThan(4 * se + 1e-9);
        }
      });

      it(`P(alive) lies in [0, 1] and batch order matches input (set ${k + 1})`, () => {
        const p = pAliveBatch(model, truth, data);
        expect(p.length).toBe(CUSTOMERS);
        for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
        expect(p[17]).toBe(model.pAlive(truth, data.x[17], data.tx[17], data.T[17]));
        expect(compressRows(data).size).toBeLessThan(CUSTOMERS);
      });

      it(`P(X(t)=n) matches a simulated single cohort, sums to 1 and has mean E[X(t)] (set ${k + 1})`, () => {
        const t = 52;
        const cohort = simulateCustomers(sim, { customers: CUSTOMERS, seed: 77 + k, minT: t });
        let total = 0;
        let mean = 0;
        for (let n = 0; n < 600; n++) {
          const p = model.probabilityOfPurchases(truth, n, t);
          total += p;
          mean += n * p;
          if (n <= 6) {
            let count = 0;
            for (const x of cohort.x) if (x === n) count++;
            const se = Math.sqrt((p * (1 - p)) / CUSTOMERS);
            expect(Math.abs(count / CUSTOMERS - p), `n=${n}`).toBeLessThan(4 * se + 1e-9);
          }
        }
        expect(total).toBeCloseTo(1, 6);
        expect(mean / model.expectedPurchases(truth, t)).toBeCloseTo(1, 4);
        const simMean = cohort.x.reduce((s, v) => s + v, 0) / CUSTOMERS;
        expect(Math.abs(simMean / model.expectedPurchases(truth, t) - 1)).toBeLessThan(0.05);
      });
    });

    it('is finite for extreme inputs', () => {
      const truth = sims[0].params as unknown as Record<string, number>;
      const rows = [
        { x: 0, tx: 0, T: 1e-6 },
        { x: 0, tx: 0, T: 1e5 },
        { x: 3000, tx: 50, T: 50 },
        { x: 3000, tx: 1e-6, T: 1e4 },
        { x: 1, tx: 0, T: 1e-6 },
        { x: 12, tx: 39, T: 39 },
      ];
      for (const row of rows) {
        const ll = model.logLikelihood(truth, [row]);
        expect(Number.isFinite(ll), `${JSON.stringify(row)} ll=${ll}`).toBe(true);
        const p = model.pAlive(truth, row.x, row.tx, row.T);
        expect(p >= 0 && p <= 1, `${JSON.stringify(row)} pAlive=${p}`).toBe(true);
        for (const t of [1e-6, 1, 52, 1e4]) {
          const e = model.conditionalExpectedPurchases(truth, t, row.x, row.tx, row.T);
          expect(Number.isFinite(e) && e >= 0, `${JSON.stringify(row)} t=${t} E=${e}`).toBe(true);
        }
      }
      for (const t of [1e-6, 1, 1e4]) expect(Number.isFinite(model.expectedPurchases(truth, t))).toBe(true);
    });

    it('rejects invalid rows with a message naming the row', () => {
      const truth = sims[0].params as unknown as Record<string, number>;
      expect(() => model.logLikelihood(truth, [{ x: 1, tx: 5, T: 3 }])).toThrow(/row 0: t_x must lie in \[0, T\]/);
    });
  });
}
