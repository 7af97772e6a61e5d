import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateRecommender, scoreLeads } from '../act/index.js';
import { importFiles } from '../data/import.js';
import { openStore } from '../engine/store.js';

const shared = (...p: string[]) => resolve(dirname(fileURLToPath(import.meta.url)), '../../..', 'shared', 'data', ...p);

/**
 * Acting on the data, on the public data sets:
 * - lead scoring on UCI Bank Marketing (bank-additional-full, duration left out): held-out AUC, and the time of
 *   `scoreLeads` (read, fit, check, store);
 * - cross-sell on UCI Online Retail, learned before 2011-09-01: hit rate @10 against popularity, and the time of
 *   the co-occurrence recommendations for every customer.
 * Imports are not timed.
 */
export async function benchAct(): Promise<{ auc: number; calibrationError: number; hitRate: number; popularityHitRate: number; testCustomers: number; scoreMs: number; recommendMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-act-bench-'));
  const engine = await openStore(join(dir, 'bench.duckdb'));
  try {
    await importFiles(engine, { entity: 'leads', files: [shared('bank_marketing', 'bank-additional-full.csv')], preset: 'bank-marketing' });
    await importFiles(engine, { entity: 'orders', files: [shared('online_retail', 'online_retail.csv')], preset: 'online-retail' });
    const t0 = performance.now();
    const s = await scoreLeads(engine, { holdout: 0.25, seed: 1, exclude: ['duration'], lambda: 1 });
    const scoreMs = performance.now() - t0;
    const r = await evaluateRecommender(engine, '2011-09-01', { top: 10 });
    return { auc: s.auc, calibrationError: s.calibrationSummary.error, hitRate: r.hitRate, popularityHitRate: r.popularityHitRate, testCustomers: r.testCustomers, scoreMs, recommendMs: r.ms };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
