/**
 * Lifetime value from the store: CDNOW master (69,659 order lines, 23,570 customers) imported once (untimed),
 * then the per-customer (x, t_x, T) input built in the engine, the BG/NBD fit on it, and the whole
 * `clv predict` (both fits, every customer, predictions written). Weeks, calibration end 1997-09-30 for the
 * input and the fit (as in the papers); predict uses all data. Median of `runs`. Called by `npm run bench`.
 */
import { loadClvInput, fitAndSave, predictAndSave } from '../clv/store.js';
import { importFiles } from '../data/import.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempStore } from '../test-support/temp.js';
import { median, timeRuns } from './stats.js';

export interface ClvStoreBench {
  readonly customers: number;
  readonly orderLines: number;
  /** Input SQL (x, t_x, T, z̄ and holdout per customer) and its transfer into JavaScript. */
  readonly inputMs: number;
  readonly fitMs: number;
  readonly inputPlusFitMs: number;
  /** `clv predict --horizon 52`: input, BG/NBD and Gamma-Gamma fits, predictions, 23,570 rows written. */
  readonly predictMs: number;
  readonly distinctRows: number;
  readonly params: Record<string, number>;
  readonly runs: number;
}

export async function benchClvStore(runs = 5): Promise<ClvStoreBench> {
  const store = await tempStore();
  try {
    await importFiles(store.engine, { entity: 'orders', files: [sharedData('cdnow', 'CDNOW_master.txt')], preset: 'cdnow' });
    const [{ n }] = await store.engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines');
    const options = { calibrationEnd: '1997-09-30', timeUnit: 'week' as const };
    let customers = 0;
    let distinctRows = 0;
    let params: Record<string, number> = {};
    const input: number[] = [];
    const fit: number[] = [];
    const both = await timeRuns(runs, async () => {
      const t0 = performance.now();
      const rows = await loadClvInput(store.engine, options);
      const t1 = performance.now();
      const f = await fitAndSave(store.engine, rows, 'bgnbd');
      fit.push(performance.now() - t1);
      input.push(t1 - t0);
      customers = rows.rows.length;
      distinctRows = f.rows;
      params = f.params;
    });
    const predict = await timeRuns(runs, async () => {
      await predictAndSave(store.engine, { model: 'bgnbd', timeUnit: 'week', horizon: 52, discountRate: 0.002, margin: 0.3 });
    });
    return { customers, orderLines: n, inputMs: median(input), fitMs: median(fit), inputPlusFitMs: median(both), predictMs: median(predict), distinctRows, params, runs };
  } finally {
    await store.close();
  }
}
