/**
 * The likelihood split across threads (parallel.ts) gives the sums of one thread. The split and the slices are tested
 * from the sources; the worker pool itself runs from the compiled files (dist/), so that part is checked only when
 * they are built.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { paretoNbdValueAndGradient } from './pareto-nbd.js';
import { PARALLEL_ROWS, sliceRows, splitByCost } from './parallel.js';
import { simulateCustomers } from './simulate.js';
import { compressRows } from './summary.js';

const p = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

describe('the rows split across threads', () => {
  const rows = compressRows(simulateCustomers({ model: 'pareto-nbd', params: p }, { customers: 20_000, seed: 3, minT: 27, maxT: 39 }));

  it('cuts into contiguous parts that cover every row once, and whose sums are the whole sum', () => {
    for (const parts of [2, 3, 5]) {
      const cuts = splitByCost(rows, parts);
      expect(cuts[0]).toBe(0);
      expect(cuts[cuts.length - 1]).toBe(rows.size);
      expect(cuts.length).toBe(parts + 1);
      let value = 0;
      const gradient = [0, 0, 0, 0];
      for (let k = 0; k < parts; k++) {
        const part = sliceRows(rows, cuts[k], cuts[k + 1]);
        expect(part.size).toBe(cuts[k + 1] - cuts[k]);
        for (let i = 0; i < part.size; i++) expect(part.xValues[part.xIndex[i]]).toBe(part.x[i]);
        const r = paretoNbdValueAndGradient(p, part, true);
        value += r.value;
        r.gradient.forEach((g, j) => (gradient[j] += g));
      }
      const whole = paretoNbdValueAndGradient(p, rows, true);
      expect(Math.abs(value / whole.value - 1)).toBeLessThan(1e-12);
      gradient.forEach((g, j) => expect(Math.abs(g - whole.gradient[j])).toBeLessThan(1e-8 * Math.max(1, Math.abs(whole.gradient[j]))));
    }
  });

  const built = new URL('../../dist/clv/parallel.js', import.meta.url);
  it.skipIf(!existsSync(built))('the compiled pool gives the one-thread value and gradient (2 threads)', async () => {
    const big = compressRows(simulateCustomers({ model: 'pareto-nbd', params: p }, { customers: PARALLEL_ROWS + 1_000, seed: 4, minT: 27, maxT: 39 }));
    const mod = (await import(built.href)) as typeof import('./parallel.js');
    const pool = mod.startPool('pareto-nbd', big, (q, d) => paretoNbdValueAndGradient({ r: q[0], alpha: q[1], s: q[2], beta: q[3] }, d, true), 2);
    expect(pool).not.toBeNull();
    try {
      for (const q of [p, { r: 0.3, alpha: 5, s: 1.2, beta: 40 }]) {
        const got = pool!.evaluate([q.r, q.alpha, q.s, q.beta]);
        const want = paretoNbdValueAndGradient(q, big, true);
        expect(Math.abs(got.value / want.value - 1)).toBeLessThan(1e-12);
        got.gradient.forEach((g, j) => expect(Math.abs(g - want.gradient[j])).toBeLessThan(1e-8 * Math.max(1, Math.abs(want.gradient[j]))));
      }
    } finally {
      pool!.close();
    }
  }, 120_000);
});
