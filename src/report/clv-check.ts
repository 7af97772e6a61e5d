import type { Engine } from '../engine/engine.js';
import type { ClvCheck } from './data.js';

/** The last `clientele clv check`, when the store has one; null otherwise. */
export async function loadClvCheck(engine: Engine): Promise<ClvCheck | null> {
  const rows = await engine.query<{ result: string }>('SELECT CAST(result AS VARCHAR) AS result FROM clv_checks ORDER BY check_id DESC LIMIT 1');
  if (!rows.length) return null;
  const r = JSON.parse(rows[0].result) as ClvCheck;
  return { model: r.model, byFrequency: r.byFrequency, tracking: r.tracking, ...(r.totals ? { totals: r.totals } : {}), ...(r.diagnostics ? { diagnostics: r.diagnostics } : {}) };
}
