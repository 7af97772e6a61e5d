import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { refreshFacts } from '../data/facts.js';
import { openStore } from '../engine/store.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { median, timeRuns } from './stats.js';

/**
 * Synthetic order lines generated inside the engine: ~3 lines per order, ~N/20 customers, 2,000 products in
 * 20 categories (half with a unit cost), two years of dates, 2% cancellations, 10% discounted lines.
 * DuckDB text on purpose: this benchmarks the embedded engine (range() generates rows without a file).
 */
export async function buildStore(engine: Engine, lines: number): Promise<void> {
  const customers = Math.max(1, Math.round(lines / 20));
  await engine.run(
    `INSERT INTO products (product_id, name, category, unit_cost, derived, import_id)
     SELECT 'P' || i, 'product ' || i, 'cat' || (i % 20), CASE WHEN i % 2 = 0 THEN 1 + (i % 50) / 10.0 END, FALSE, 0 FROM range(2000) t(i)`,
  );
  await engine.run(`INSERT INTO customers (customer_id, derived, import_id) SELECT 'C' || i, TRUE, 0 FROM range(${customers}) t(i)`);
  await engine.run(
    `INSERT INTO order_lines (order_id, customer_id, ordered_at, product_id, quantity, unit_price, amount, discount, kind, import_id)
     SELECT 'O' || o, 'C' || ((o * 7919) % ${customers}), TIMESTAMP '2022-01-01' + to_days(CAST((o * 104729) % 730 AS INTEGER)) + to_minutes(CAST(i % 600 AS INTEGER)),
       'P' || ((i * 31) % 2000),
       CASE WHEN i % 50 = 0 THEN -q ELSE q END, p, CASE WHEN i % 50 = 0 THEN -q * p ELSE q * p END,
       CASE WHEN i % 10 = 3 THEN round(q * p * 0.1, 2) ELSE 0 END,
       CASE WHEN i % 50 = 0 THEN 'cancel' ELSE 'sale' END, 0
     FROM (SELECT i, i // 3 AS o, 1 + i % 5 AS q, 1 + (i * 13 % 400) / 20.0 AS p FROM range(${lines}) t(i)) x`,
  );
}

/**
 * The full `value` computation (summary, scores, classes and read-outs, stored) against the bare SQL
 * aggregation of the same lines, median of `runs` runs each, alternating. Target (issue 16): ratio ≤ 5 at 10,000,000
 * lines. One more run is profiled statement by statement (`profile`).
 */
export interface ValueBench {
  readonly lines: number;
  readonly customers: number;
  /** Building customer_facts from every line: what the import of these lines does once (src/data/facts.ts). */
  readonly factsBuildMs: number;
  /** `clientele value`, forced (a real computation, never the stored run), from customer_facts. */
  readonly valueMs: number;
  /** The same run reading every line (what an earlier --as-of does), one run. */
  readonly valueFromLinesMs: number;
  /** The plain aggregation (count, sum, min, max by customer): the target is judged against this one. */
  readonly bareSqlMs: number;
  readonly ratio: number;
  /** Distinct orders and days and sums by kind: the line figures the summary needs, by hand. */
  readonly fullBareSqlMs: number;
  readonly fullRatio: number;
  /** Only storing what a run stores (customer_summary and customer_value_rows, copied, nothing computed). */
  readonly storeOnlyMs: number;
  readonly storeOnlyRatio: number;
  /** One forced run, statement by statement (ms, what), largest first; `commit and the rest` is the run less its statements. */
  readonly profile: ReadonlyArray<{ readonly what: string; readonly ms: number }>;
}

/** A short name for a statement of the value run. */
function statementName(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const known: Array<[RegExp, string]> = [
    [/^INSERT INTO customer_summary/, 'customer_summary: line figures, costs, payments … (insert)'],
    [/^INSERT INTO customer_value/, 'customer_value: ranks, scores, cells, flags (insert)'],
    [/^SELECT matrix, CASE matrix/, 'segment and matrix cells'],
    [/^WITH ranked AS/, 'whale curve (rank by profit)'],
    [/GROUPING SETS/, 'segment and matrix cells'],
    [/^SELECT quantile_cont\(v\./, 'thresholds read back (quantiles)'],
    [/^SELECT count\(\*\) AS customers/, 'portfolio totals'],
  ];
  return known.find(([re]) => re.test(s))?.[1] ?? s.slice(0, 60);
}

/** Runs `fn` on a view of `engine` that times each `run` and `query` (transactions pass through). */
async function profileRun(engine: Engine, fn: (e: Engine) => Promise<unknown>): Promise<Array<{ what: string; ms: number }>> {
  const steps: Array<{ what: string; ms: number }> = [];
  const timed = new Proxy(engine, {
    get(target, key) {
      const v = Reflect.get(target, key, target) as unknown;
      if (key === 'run' || key === 'query') {
        return async (sql: string, params?: unknown[]) => {
          const t0 = performance.now();
          try {
            return await (v as (s: string, p?: unknown[]) => Promise<unknown>).call(target, sql, params);
          } finally {
            steps.push({ what: statementName(sql), ms: performance.now() - t0 });
          }
        };
      }
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  const t0 = performance.now();
  await fn(timed);
  const total = performance.now() - t0;
  const sum = steps.reduce((a, x) => a + x.ms, 0);
  const merged = new Map<string, number>();
  for (const x of steps) merged.set(x.what, (merged.get(x.what) ?? 0) + x.ms);
  return [...merged.entries(), ['commit and the rest', total - sum] as [string, number]].map(([what, ms]) => ({ what, ms })).sort((a, b) => b.ms - a.ms);
}

export async function benchValue(lines: number, runs = 3): Promise<ValueBench> {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-value-bench-'));
  const engine = await openStore(join(dir, 'bench.duckdb'));
  try {
    await buildStore(engine, lines);
    await engine.run('CHECKPOINT');
    const [{ factsBuildMs }] = [{ factsBuildMs: (await timeRuns(1, async () => void (await refreshFacts(engine, []))))[0] }];
    const config = normalizeValueConfig({});
    const valueMs: number[] = [];
    const bareMs: number[] = [];
    const fullBareMs: number[] = [];
    const storeMs: number[] = [];
    const plain = `SELECT customer_id, count(*) AS lines, sum(amount) AS revenue, min(ordered_at) AS first, max(ordered_at) AS last
      FROM order_lines GROUP BY customer_id`;
    const fuller = `SELECT customer_id, count(DISTINCT order_id) FILTER (WHERE kind = 'sale') AS orders,
      count(DISTINCT CAST(ordered_at AS DATE)) FILTER (WHERE kind = 'sale') AS days, count(*) AS lines,
      sum(amount) FILTER (WHERE kind = 'sale') AS gross, sum(amount) FILTER (WHERE kind <> 'sale') AS negative,
      sum(discount) AS discounts, min(ordered_at) AS first, max(ordered_at) AS last
      FROM order_lines GROUP BY customer_id`;
    const tempTable = (name: string, sql: string) => async () => {
      await engine.run(`DROP TABLE IF EXISTS ${name}`);
      await engine.run(`CREATE TEMP TABLE ${name} AS ${sql}`);
    };
    for (let i = 0; i < runs; i++) {
      bareMs.push(...(await timeRuns(1, tempTable('bare_summary', plain))));
      fullBareMs.push(...(await timeRuns(1, tempTable('bare_full', fuller))));
      valueMs.push(...(await timeRuns(1, async () => void (await computeValue(engine, { config, force: true })))));
      // The floor under any run that stores its result: the same rows written again, in a transaction of the file,
      // the way the run writes them (uncompressed where the engine allows it).
      const raw = engine.dialect.sqlWriteUncompressed ?? null;
      storeMs.push(
        ...(await timeRuns(1, async () => {
          if (raw) await engine.run(raw.set);
          try {
            await engine.transaction(async () => {
              await engine.run('CREATE TABLE bench_summary_copy AS SELECT * FROM customer_summary');
              await engine.run('CREATE TABLE bench_value_copy AS SELECT * FROM customer_value_rows');
            });
          } finally {
            if (raw) await engine.run(raw.reset);
          }
        })),
      );
      await engine.run('DROP TABLE bench_summary_copy');
      await engine.run('DROP TABLE bench_value_copy');
    }
    const profile = await profileRun(engine, (e) => computeValue(e, { config, force: true }));
    const [valueFromLinesMs] = await timeRuns(1, async () => void (await computeValue(engine, { config, force: true, fromLines: true })));
    const [{ n: customers }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM customer_summary');
    const v = median(valueMs);
    const b = median(bareMs);
    const f = median(fullBareMs);
    const st = median(storeMs);
    return { lines, customers, factsBuildMs, valueMs: v, valueFromLinesMs, bareSqlMs: b, ratio: v / b, fullBareSqlMs: f, fullRatio: v / f, storeOnlyMs: st, storeOnlyRatio: st / b, profile };
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
