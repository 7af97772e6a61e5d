/**
 * Keeps customer_facts (src/sql/facts.ts) in step with the order lines and products, so a value run as of the last
 * order day reads one row per customer. The facts are derived data: `facts_state` records what they were built
 * from, and anything that does not match (an import by another tool, a discarded import, new product costs) makes
 * the next reader rebuild them. An import of order lines refreshes only the customers it touched.
 */
import type { Engine } from '../engine/engine.js';
import { SQL_ZERO_FACT_WINDOWS, sqlDeleteFacts, sqlFactsInputs, sqlInsertCategoryFacts, sqlInsertCustomerFacts, sqlUpdateFactWindows } from '../sql/facts.js';
import { sqlLastTransactionDate, sqlUnattributed } from '../sql/summary.js';

export interface FactsState {
  readonly lines: number;
  readonly orderImports: string;
  readonly products: string;
  /** The last order day, YYYY-MM-DD; null when there are no order lines. */
  readonly asOf: string | null;
  readonly windowDays: number;
  readonly unattributedLines: number;
  readonly unattributedNet: number;
}

export type Inputs = Pick<FactsState, 'lines' | 'orderImports' | 'products'>;

/** The default growth window, until a value run asks for another (criteria.growthWindowDays). */
export const DEFAULT_WINDOW_DAYS = 365;
const SCOPE = '__facts_scope';
const DAY = 86_400_000;

export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** First days of the recent and prior growth windows ending at `asOf`, each `days` long. */
export function growthWindows(asOf: string, days: number): { recentFrom: string; priorFrom: string } {
  return { recentFrom: shiftDay(asOf, -days + 1), priorFrom: shiftDay(asOf, -2 * days + 1) };
}

async function readInputs(engine: Engine): Promise<Inputs> {
  const [r] = await engine.query<{ lines: number; order_imports: string; products: string }>(sqlFactsInputs(engine.dialect));
  return { lines: r.lines, orderImports: r.order_imports, products: r.products };
}

async function readState(engine: Engine): Promise<FactsState | null> {
  const text = engine.dialect.type('text');
  const [s] = await engine.query<{ lines: number; order_imports: string; products: string; as_of: string | null; window_days: number; unattributed_lines: number; unattributed_net: number }>(
    `SELECT lines, order_imports, products, CAST(as_of AS ${text}) AS as_of, window_days, unattributed_lines, unattributed_net FROM facts_state`,
  );
  if (!s) return null;
  return { lines: s.lines, orderImports: s.order_imports, products: s.products, asOf: s.as_of, windowDays: s.window_days, unattributedLines: s.unattributed_lines, unattributedNet: s.unattributed_net };
}

/** The order-import digest (count:sum:max of ids, as in sqlFactsInputs) once `ids` are added. */
function withImports(digest: string, ids: readonly number[]): string {
  const [count, sum, max] = digest.split(':').map(Number);
  return `${count + ids.length}:${sum + ids.reduce((a, b) => a + b, 0)}:${Math.max(max, ...ids)}`;
}

function sameInputs(a: Inputs, b: Inputs): boolean {
  return a.lines === b.lines && a.orderImports === b.orderImports && a.products === b.products;
}

async function lastDay(engine: Engine): Promise<string | null> {
  const [row] = await engine.query<{ day: string | null }>(sqlLastTransactionDate(engine.dialect));
  return row?.day ?? null;
}

async function writeState(engine: Engine, inputs: Inputs, asOf: string | null, windowDays: number): Promise<FactsState> {
  const [un] = asOf ? await engine.query<{ lines: number; net_revenue: number }>(sqlUnattributed(engine.dialect), [asOf]) : [{ lines: 0, net_revenue: 0 }];
  await engine.run('DELETE FROM facts_state');
  await engine.run(`INSERT INTO facts_state VALUES ($1, $2, $3, CAST($4 AS ${engine.dialect.type('date')}), $5, $6, $7, ${engine.dialect.sqlNow})`, [
    inputs.lines, inputs.orderImports, inputs.products, asOf, windowDays, un.lines, un.net_revenue,
  ]);
  return { ...inputs, asOf, windowDays, unattributedLines: un.lines, unattributedNet: un.net_revenue };
}

function windowParams(asOf: string, windowDays: number): string[] {
  const w = growthWindows(asOf, windowDays);
  return [asOf, w.recentFrom, w.priorFrom];
}

/** Builds the facts of everyone (or of the customers in the scope table). No transaction of its own. */
async function build(engine: Engine, scope: string | null, asOf: string, windowDays: number): Promise<void> {
  for (const sql of sqlDeleteFacts(scope)) await engine.run(sql);
  await engine.run(sqlInsertCategoryFacts(engine.dialect, scope));
  await engine.run(sqlInsertCustomerFacts(engine.dialect, scope), windowParams(asOf, windowDays));
}

async function moveWindows(engine: Engine, asOf: string, windowDays: number): Promise<void> {
  await engine.run(SQL_ZERO_FACT_WINDOWS);
  await engine.run(sqlUpdateFactWindows(engine.dialect), windowParams(asOf, windowDays));
}

async function rebuild(engine: Engine, inputs: Inputs, windowDays: number): Promise<FactsState> {
  const asOf = await lastDay(engine);
  if (asOf) await build(engine, null, asOf, windowDays);
  else for (const sql of sqlDeleteFacts(null)) await engine.run(sql);
  return writeState(engine, inputs, asOf, windowDays);
}

/**
 * The facts, current for the store's order lines and products and for growth windows of `windowDays`: rebuilt
 * when they do not match, windows moved when only those differ. Runs inside the caller's transaction.
 */
export async function currentFacts(engine: Engine, windowDays: number): Promise<FactsState> {
  const inputs = await readInputs(engine);
  const state = await readState(engine);
  if (!state || !sameInputs(state, inputs)) return rebuild(engine, inputs, windowDays);
  if (state.windowDays !== windowDays && state.asOf) {
    await moveWindows(engine, state.asOf, windowDays);
    return writeState(engine, inputs, state.asOf, windowDays);
  }
  return state;
}

export interface FactsRefresh {
  readonly mode: 'incremental' | 'full' | 'none';
  /** Customers whose facts were recomputed (everyone on a full build). */
  readonly customers: number;
}

/**
 * After an import: the customers whose lines the imports `importIds` brought are recomputed, and everyone's
 * growth windows move if the last order day did. Anything else out of step (products changed, facts never built,
 * lines written by other means) rebuilds everything. One transaction.
 */
export async function refreshFacts(engine: Engine, importIds: readonly number[]): Promise<FactsRefresh> {
  return engine.transaction(async () => {
    const inputs = await readInputs(engine);
    const state = await readState(engine);
    if (state && sameInputs(state, inputs)) return { mode: 'none', customers: 0 };
    const ids = importIds.filter((i) => Number.isInteger(i));
    const [{ n: added }] = ids.length ? await engine.query<{ n: number }>(`SELECT count(*) AS n FROM order_lines WHERE import_id IN (${ids.join(', ')})`) : [{ n: 0 }];
    const incremental = state !== null && state.products === inputs.products && added > 0 && state.lines + added === inputs.lines && withImports(state.orderImports, ids) === inputs.orderImports;
    if (!incremental) {
      const s = await rebuild(engine, inputs, state?.windowDays ?? DEFAULT_WINDOW_DAYS);
      const [{ n }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM customer_facts');
      return { mode: 'full', customers: s.asOf ? n : 0 };
    }
    const asOf = (await lastDay(engine))!;
    await engine.run(`DROP TABLE IF EXISTS ${SCOPE}`);
    await engine.run(`CREATE TEMP TABLE ${SCOPE} AS SELECT DISTINCT customer_id FROM order_lines WHERE import_id IN (${ids.join(', ')}) AND customer_id IS NOT NULL`);
    try {
      const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${SCOPE}`);
      await build(engine, SCOPE, asOf, state.windowDays);
      if (asOf !== state.asOf) await moveWindows(engine, asOf, state.windowDays);
      await writeState(engine, inputs, asOf, state.windowDays);
      return { mode: 'incremental', customers: n };
    } finally {
      await engine.run(`DROP TABLE IF EXISTS ${SCOPE}`);
    }
  });
}

/**
 * After rows were taken out (an import removed): the facts of the customers in `scope` (a table with one
 * customer_id column), or of everyone when `scope` is null, are rebuilt from the lines that remain, and everyone's
 * growth windows move if the last order day did. Facts that were already out of step are left for the next reader
 * to rebuild. Runs inside the caller's transaction; `before` are the inputs read before the rows went.
 */
export async function refreshFactsAfterRemoval(engine: Engine, scope: string | null, before: Inputs): Promise<FactsRefresh> {
  const state = await readState(engine);
  if (!state || !sameInputs(state, before)) return { mode: 'none', customers: 0 };
  const inputs = await readInputs(engine);
  if (scope === null) {
    const s = await rebuild(engine, inputs, state.windowDays);
    const [{ n }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM customer_facts');
    return { mode: 'full', customers: s.asOf ? n : 0 };
  }
  const asOf = await lastDay(engine);
  if (!asOf) {
    for (const sql of sqlDeleteFacts(null)) await engine.run(sql);
    await writeState(engine, inputs, null, state.windowDays);
    return { mode: 'full', customers: 0 };
  }
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${scope}`);
  await build(engine, scope, asOf, state.windowDays);
  if (asOf !== state.asOf) await moveWindows(engine, asOf, state.windowDays);
  await writeState(engine, inputs, asOf, state.windowDays);
  return { mode: 'incremental', customers: n };
}

/** What the facts are built from now (to pass to refreshFactsAfterRemoval). */
export function factsInputs(engine: Engine): Promise<Inputs> {
  return readInputs(engine);
}

/** The facts' recorded state (what they were built from), or null: for a LineSource that builds them elsewhere. */
export function factsState(engine: Engine): Promise<FactsState | null> {
  return readState(engine);
}

export function sameFactsInputs(a: Inputs, b: Inputs): boolean {
  return sameInputs(a, b);
}

/**
 * Forgets which inputs the facts were computed from, so the next reader computes them again: for lines that changed
 * where the inputs do not see them (a ClickHouse store's billing lines, replaced on the cluster under an import id
 * the store already had).
 */
export async function forgetFactsState(engine: Engine): Promise<void> {
  await engine.run('DELETE FROM facts_state');
}

/**
 * Records facts written into the store from elsewhere (a ClickHouse cluster's shards: src/engine/clickhouse/
 * cluster-lines.ts) as current for the store's inputs, as of `asOf` with growth windows of `windowDays`, with the
 * unattributed lines computed there too. Runs inside the caller's transaction.
 */
export async function recordFactsState(engine: Engine, asOf: string | null, windowDays: number, unattributed: { lines: number; net: number }): Promise<FactsState> {
  const inputs = await readInputs(engine);
  await engine.run('DELETE FROM facts_state');
  await engine.run(`INSERT INTO facts_state VALUES ($1, $2, $3, CAST($4 AS ${engine.dialect.type('date')}), $5, $6, $7, ${engine.dialect.sqlNow})`, [
    inputs.lines, inputs.orderImports, inputs.products, asOf, windowDays, unattributed.lines, unattributed.net,
  ]);
  return { ...inputs, asOf, windowDays, unattributedLines: unattributed.lines, unattributedNet: unattributed.net };
}
