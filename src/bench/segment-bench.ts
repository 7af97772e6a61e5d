import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../engine/store.js';
import { countRule } from '../segment/index.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { median, timeRuns } from './stats.js';

export const BENCH_RULE = 'country in ("United Kingdom","France") and rfm.segment = "At Risk" and profit > 100 and age between 30 and 45 and last_purchase < -90d';

/**
 * Evaluating a segment rule over N synthetic customers (with a stored value run), median of 5.
 * DuckDB text on purpose: range() makes the rows without a file.
 */
export async function benchSegment(customers: number): Promise<{ customers: number; evaluateMs: number; members: number; rule: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-segment-bench-'));
  const engine = await openStore(join(dir, 'bench.duckdb'));
  try {
    const countries = `['United Kingdom','France','Germany','China','Spain']`;
    await engine.run(
      `INSERT INTO customers (customer_id, country, birth_date, derived, import_id)
       SELECT 'C' || i, ${countries}[1 + i % 5], DATE '1950-01-01' + CAST(i % 18000 AS INTEGER), FALSE, 0 FROM range(${customers}) t(i)`,
    );
    await engine.run(
      `INSERT INTO order_lines (order_id, customer_id, ordered_at, quantity, unit_price, amount, kind, import_id)
       SELECT 'O' || i, 'C' || (i % ${customers}), TIMESTAMP '2022-01-01' + to_days(CAST((i * 7919) % 1000 AS INTEGER)), 1, 50 + i % 200, 50 + i % 200, 'sale', 0
       FROM range(${customers * 3}) t(i)`,
    );
    const config = normalizeValueConfig({ costPerOrder: 5, marginRate: 0.4 });
    await computeValue(engine, { config });
    let members = 0;
    const times = await timeRuns(5, async () => {
      members = await countRule(engine, BENCH_RULE, config);
    });
    return { customers, evaluateMs: median(times), members, rule: BENCH_RULE };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
