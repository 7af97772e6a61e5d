/**
 * Seeded simulation of customers from each model, for parameter-recovery tests and benchmarks.
 *
 * Each customer makes a first purchase at time 0 (their "birth"), is observed for T (drawn uniformly
 * between `minT` and `maxT`, as for a cohort acquired over a window), and then for a holdout of length
 * `holdout`. Times are optionally rounded to `resolution` (e.g. 1 for whole weeks, 1/7 for days in weeks),
 * as real summaries are. Spend per repeat purchase follows the Gamma-Gamma model when given.
 */
import type { BgNbdParams } from './bgnbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import type { MbgNbdParams } from './mbgnbd.js';
import type { ParetoNbdParams } from './pareto-nbd.js';
import { createRandom, type Random } from './random.js';

export interface SimulateOptions {
  customers: number;
  seed: number;
  /** Shortest and longest calibration period. Default both 52 (a single cohort). */
  minT?: number;
  maxT?: number;
  /** Length of the holdout after T. Default 0. */
  holdout?: number;
  /** Round T and t_x to this grid (0: no rounding). Default 0. */
  resolution?: number;
  /** Spend model; when absent `zbar` is all zeros. */
  spend?: GammaGammaParams;
}

export interface SimulatedCustomers {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Purchases in the holdout (T, T + holdout]. */
  xHoldout: Float64Array;
  /** Mean value of the x repeat purchases (0 when x = 0). */
  zbar: Float64Array;
  /** Each customer's true mean transaction value (from the spend model; 0 without one). */
  meanSpend: Float64Array;
}

export type SimulationParams =
  | { model: 'bgnbd'; params: BgNbdParams }
  | { model: 'mbgnbd'; params: MbgNbdParams }
  | { model: 'pareto-nbd'; params: ParetoNbdParams };

/** Repeat-purchase times in (0, end] of one customer, given their latent traits. */
type Lifetime = (rng: Random, end: number) => number[];

function lifetimeOf(sim: SimulationParams, rng: Random): Lifetime {
  switch (sim.model) {
    case 'bgnbd':
    case 'mbgnbd': {
      const { r, alpha, a, b } = sim.params;
      const lambda = rng.gamma(r, alpha);
      const p = rng.beta(a, b);
      // MBG/NBD tosses the dropout coin at time 0 as well (Batislam et al. 2007).
      const deadAtStart = sim.model === 'mbgnbd' && rng.uniform() < p;
      return (rng, end) => {
        const times: number[] = [];
        if (deadAtStart) return times;
        let t = 0;
        for (;;) {
          t += rng.exponential(lambda);
          if (t > end) return times;
          times.push(t);
          if (rng.uniform() < p) return times;
        }
      };
    }
    case 'pareto-nbd': {
      const { r, alpha, s, beta } = sim.params;
      const lambda = rng.gamma(r, alpha);
      const death = rng.exponential(rng.gamma(s, beta));
      return (rng, end) => {
        const times: number[] = [];
        const stop = Math.min(end, death);
        for (let t = rng.exponential(lambda); t <= stop; t += rng.exponential(lambda)) times.push(t);
        return times;
      };
    }
  }
}

/** Draw `customers` customers from the model. Deterministic in `seed`. O(customers + purchases). */
export function simulateCustomers(sim: SimulationParams, options: SimulateOptions): SimulatedCustomers {
  const n = options.customers;
  const rng = createRandom(options.seed);
  const minT = options.minT ?? 52;
  const maxT = options.maxT ?? minT;
  const holdout = options.holdout ?? 0;
  const res = options.resolution ?? 0;
  const round = (v: number) => (res > 0 ? Math.round(v / res) * res : v);
  const out: SimulatedCustomers = {
    x: new Float64Array(n),
    tx: new Float64Array(n),
    T: new Float64Array(n),
    xHoldout: new Float64Array(n),
    zbar: new Float64Array(n),
    meanSpend: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    let T = minT + (maxT - minT) * rng.uniform();
    if (res > 0) T = Math.max(res, round(T));
    const times = lifetimeOf(sim, rng)(rng, T + holdout);
    let x = 0;
    let tx = 0;
    for (const t of times) {
      if (t <= T) {
        x++;
        tx = t;
      }
    }
    out.x[i] = x;
    out.tx[i] = Math.min(round(tx), T);
    out.T[i] = T;
    out.xHoldout[i] = times.length - x;
    if (options.spend) {
      const { p, q, gamma } = options.spend;
      const nu = rng.gamma(q, gamma);
      out.meanSpend[i] = p / nu;
      let sum = 0;
      for (let k = 0; k < x; k++) sum += rng.gamma(p, nu);
      out.zbar[i] = x > 0 ? sum / x : 0;
    }
  }
  return out;
}
