/**
 * Fits of big raw (unrounded) inputs (issue #16): every customer distinct, so the fit takes the big-input path
 * (a fit of the coarsened copy, then polished on every row). The estimates must be the maximum of the real rows'
 * likelihood — its gradient there is ~0 — and recover the simulation's truth within 3 standard errors.
 */
import { describe, expect, it } from 'vitest';
import { betaGeoLogLikelihood } from './beta-geometric.js';
import { fitBgNbd } from './bgnbd.js';
import { WARM_START_ROWS } from './fit.js';
import { fitParetoNbd, paretoNbdValueAndGradient } from './pareto-nbd.js';
import { simulateCustomers } from './simulate.js';
import { coarsenRows, compressRows } from './summary.js';

const customers = 120_000;

describe('fits on raw simulated customers, above the warm-start size', () => {
  it('BG/NBD: every row distinct, the real likelihood maximised, truth within 3 SE', () => {
    const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const rows = compressRows(simulateCustomers({ model: 'bgnbd', params: truth }, { customers, seed: 5, minT: 27, maxT: 39 }));
    expect(rows.size).toBe(customers);
    expect(rows.size).toBeGreaterThan(WARM_START_ROWS);
    expect(coarsenRows(rows).size).toBeLessThan(rows.size / 4);
    const fit = fitBgNbd(rows);
    expect(fit.converged).toBe(true);
    expect(fit.diagnostics).toEqual([]);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(fit.params[k] - truth[k]) / fit.standardErrors[k], k).toBeLessThan(3);
    // The maximum of the raw rows' likelihood, not of the coarse copy: the mean gradient (log scale) is ~0 there.
    const g = betaGeoLogLikelihood(fit.params, rows, 0, true).gradient!;
    (['r', 'alpha', 'a', 'b'] as const).forEach((k, i) => expect(Math.abs((g[i] * fit.params[k]) / customers), k).toBeLessThan(1e-5));
    expect(Math.abs(fit.logLikelihood / betaGeoLogLikelihood(fit.params, rows, 0, false).value - 1)).toBeLessThan(1e-12);
  }, 120_000);

  it('Pareto/NBD: the same, with its analytic gradient', () => {
    const truth = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    const rows = compressRows(simulateCustomers({ model: 'pareto-nbd', params: truth }, { customers, seed: 6, minT: 27, maxT: 39 }));
    expect(rows.size).toBe(customers);
    const fit = fitParetoNbd(rows);
    expect(fit.converged).toBe(true);
    expect(fit.diagnostics).toEqual([]);
    for (const k of ['r', 'alpha', 's', 'beta'] as const) expect(Math.abs(fit.params[k] - truth[k]) / fit.standardErrors[k], k).toBeLessThan(3);
    const g = paretoNbdValueAndGradient(fit.params, rows, true).gradient;
    (['r', 'alpha', 's', 'beta'] as const).forEach((k, i) => expect(Math.abs((g[i] * fit.params[k]) / customers), k).toBeLessThan(1e-5));
  }, 120_000);
});
