/**
 * Lifetime-value fit timings: each model on the CDNOW sample (2,357 customers) and on 1,000,000 simulated
 * customers: first BG/NBD and Pareto/NBD raw and unrounded (every row distinct; grouping timed with the fit, wall and
 * CPU time and the load average said, estimates against the truth in standard errors; targets ≤ 2 s and ≤ 10 s,
 * issue #16), then, beside them and labelled, rounded to a weekly and a daily grid (1/7 week, like CDNOW's
 * summaries), where simulation and compression happen outside the timing. Called by `npm run bench`.
 */
import { loadCdnowRfm, loadCdnowSummary } from '../clv/cdnow-fixture.js';
import { fitBgNbd, fitGammaGamma, fitMbgNbd, fitParetoNbd, compressRows, simulateCustomers } from '../clv/index.js';
import { loadavg } from 'node:os';
import type { FitResult, RfmInput, SimulationParams, SpendRow } from '../clv/index.js';

export interface BenchResult {
  name: string;
  medianMs: number;
  runs: number;
  note?: string;
}

const MILLION = 1_000_000;
const formatRows = (n: number) => n.toLocaleString('en-US');

function time<T>(name: string, runs: number, fn: () => FitResult<T>, note = ''): BenchResult {
  const ms: number[] = [];
  let last: FitResult<T> | undefined;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    last = fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const fit = last as FitResult<T>;
  const params = Object.entries(fit.params as Record<string, number>)
    .map(([k, v]) => `${k}=${v.toPrecision(4)}`)
    .join(' ');
  return { name, medianMs: ms[Math.floor(ms.length / 2)], runs, note: `${note}${fit.rows} distinct rows, ${fit.iterations} iterations, ${params}` };
}

export async function benchClv(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const cdnow = loadCdnowRfm();
  const spend = loadCdnowSummary();
  results.push(time('clv: BG/NBD fit, CDNOW 2,357', 5, () => fitBgNbd(cdnow)));
  results.push(time('clv: MBG/NBD fit, CDNOW 2,357', 5, () => fitMbgNbd(cdnow)));
  results.push(time('clv: Pareto/NBD fit, CDNOW 2,357', 3, () => fitParetoNbd(cdnow)));
  results.push(time('clv: Gamma-Gamma fit, CDNOW 946 with x > 0', 5, () => fitGammaGamma(spend)));

  // Raw, unrounded simulated data first (issue #16): grouping timed with the fit, distinct rows said, and the
  // estimates checked against the simulated truth in standard errors. Grid-rounded fits follow, labelled as such.
  type AnyFit = (rows: RfmInput) => FitResult<Record<string, number>>;
  const raw: Array<{ label: string; target: number; sim: SimulationParams; fit: AnyFit }> = [
    { label: 'BG/NBD', target: 2_000, sim: { model: 'bgnbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }, fit: fitBgNbd as unknown as AnyFit },
    { label: 'Pareto/NBD', target: 10_000, sim: { model: 'pareto-nbd', params: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 } }, fit: fitParetoNbd as unknown as AnyFit },
  ];
  for (const { label, target, sim: spec, fit: fitter } of raw) {
    const truth = spec.params as unknown as Record<string, number>;
    const sim = simulateCustomers(spec, { customers: MILLION, seed: 42, minT: 27, maxT: 39 });
    const cpu = process.cpuUsage();
    const start = performance.now();
    const rows = compressRows(sim);
    const groupMs = performance.now() - start;
    const fit = fitter(rows);
    const totalMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    const off = Object.entries(truth).map(([k, v]) => [k, (fit.params[k] - v) / fit.standardErrors[k]] as const);
    const within = off.every(([, z]) => Math.abs(z) <= 3);
    results.push({
      name: `clv: ${label} fit, 1M simulated, raw (unrounded), grouping included`,
      medianMs: totalMs,
      runs: 1,
      note:
        `${formatRows(rows.size)} distinct rows; grouping ${Math.round(groupMs)} ms, fit ${Math.round(fit.fitMs)} ms, CPU ${Math.round(cpuMs)} ms, ` +
        `load average ${loadavg()[0].toFixed(1)}; ${fit.iterations} iterations; off the truth by ${off.map(([k, z]) => `${k} ${z.toFixed(2)}`).join(', ')} SE ` +
        `(${within ? 'all within 3' : 'NOT all within 3'}); target ≤ ${target / 1000} s: ${totalMs <= target ? 'met' : 'NOT met'}` +
        `${fit.diagnostics.length ? `; diagnostics ${JSON.stringify(fit.diagnostics)}` : ''}`,
    });
  }

  const grids = [
    { label: 'weekly grid (rounded, beside the raw fit)', resolution: 1 },
    { label: 'daily grid (rounded, beside the raw fit)', resolution: 1 / 7 },
  ];
  for (const { label, resolution } of grids) {
    const simStart = performance.now();
    const sim = simulateCustomers(
      { model: 'bgnbd', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } },
      { customers: MILLION, seed: 42, minT: 27, maxT: 39, resolution, spend: { p: 6.25, q: 3.74, gamma: 15.44 } },
    );
    const simMs = performance.now() - simStart;
    const compressStart = performance.now();
    const rows: RfmInput = compressRows(sim);
    const compressMs = performance.now() - compressStart;
    const note = `simulate ${Math.round(simMs)} ms, compress ${Math.round(compressMs)} ms (untimed); `;
    results.push(time(`clv: BG/NBD fit, 1M simulated, ${label}`, 3, () => fitBgNbd(rows), note));
    results.push(time(`clv: MBG/NBD fit, 1M simulated, ${label}`, 3, () => fitMbgNbd(rows), note));
    results.push(time(`clv: Pareto/NBD fit, 1M simulated, ${label}`, resolution === 1 ? 3 : 1, () => fitParetoNbd(rows), note));
    if (resolution === 1) {
      const spendRows: SpendRow[] = Array.from(sim.x, (x, i) => ({ x, zbar: Math.round(sim.zbar[i] * 100) / 100 }));
      results.push(time('clv: Gamma-Gamma fit, 1M simulated (x > 0), cents', 3, () => fitGammaGamma(spendRows)));
    }
  }
  return results;
}
