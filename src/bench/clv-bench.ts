/**
 * Lifetime-value fit timings: each model on the CDNOW sample (2,357 customers) and on 1,000,000 simulated
 * customers: first raw and unrounded (every row distinct; grouping timed with the fit, estimates against the truth in
 * standard errors), then, beside it and labelled, rounded to a weekly and a daily grid (1/7 week, like CDNOW's
 * summaries), where simulation and compression happen outside the timing. Called by `npm run bench`.
 */
import { loadCdnowRfm, loadCdnowSummary } from '../clv/cdnow-fixture.js';
import { fitBgNbd, fitGammaGamma, fitMbgNbd, fitParetoNbd, compressRows, simulateCustomers } from '../clv/index.js';
import type { FitResult, RfmInput, SpendRow } from '../clv/index.js';

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
  {
    const truth = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const sim = simulateCustomers({ model: 'bgnbd', params: truth }, { customers: MILLION, seed: 42, minT: 27, maxT: 39 });
    const start = performance.now();
    const rows = compressRows(sim);
    const groupMs = performance.now() - start;
    const fit = fitBgNbd(rows);
    const totalMs = performance.now() - start;
    const z = Object.entries(truth).map(([k, v]) => `${k} ${((fit.params[k as keyof typeof truth] - v) / fit.standardErrors[k as keyof typeof truth]).toFixed(2)} SE`);
    results.push({
      name: 'clv: BG/NBD fit, 1M simulated, raw (unrounded), grouping included',
      medianMs: totalMs,
      runs: 1,
      note: `grouping ${Math.round(groupMs)} ms, ${formatRows(rows.size)} distinct rows, fit ${Math.round(fit.fitMs)} ms, ${fit.iterations} iterations; off the truth by ${z.join(', ')}${fit.diagnostics.length ? `; diagnostics ${JSON.stringify(fit.diagnostics)}` : ''}`,
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
