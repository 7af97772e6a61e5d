/**
 * Order lines on a ClickHouse cluster: tables (src/sql/clickhouse/tables.ts), atomic imports, and the per-customer
 * line figures (customer facts), computed on every shard at once.
 *
 * An import of order lines is read and checked by the embedded engine first (the same importer, checks and
 * quarantine as a DuckDB store: src/data/import.ts), then its typed lines go to ClickHouse:
 *   1. imports_log gets (id, 'loading');
 *   2. the lines are inserted through a Distributed staging table into each shard's `order_lines_stage_local`
 *      (insert_distributed_sync: on the shards when the INSERT returns), invisible to readers;
 *   3. each shard attaches the import's partition from its staging table into `order_lines_local` (a hard link of
 *      the parts, atomic per shard), and the staging tables are dropped;
 *   4. imports_log gets (id, 'done').
 * A process killed before 3 leaves only staging tables (dropped at the next import); one killed during 3 leaves
 * the import on some shards for the milliseconds between attaches, and `recoverClickHouseImports` (run by the next
 * `cluster push` before it sends anything) drops every partition of an import still 'loading'. ClickHouse has no
 * transaction across shards: this is as close as it gets, and the window is the attach loop, not the load. Two
 * pushes to one cluster at once are not supported: the second would take the first's import for a dead one.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ENTITIES } from '../../data/entities.js';
import { FACTS_COLUMNS, sqlDeleteFacts } from '../../sql/facts.js';
import { quoteIdent } from '../../sql/clickhouse/dialect.js';
import { sqlClvCustomersCH } from '../../sql/clickhouse/clv.js';
import { sqlCategoryFactsCH, sqlCustomerFactsCH } from '../../sql/clickhouse/facts.js';
import {
  IMPORTS_LOG, LINES, LINES_LOCAL, LINES_STAGE, LINES_STAGE_LOCAL, lineColumns, PRODUCTS, productColumns, sqlAttachPartition, sqlCreateDistributed,
  sqlCreateImportsLog, sqlCreateLinesLocal, sqlCreateProducts, sqlDropPartition, sqlImportStates, sqlLogImport, sqlNextImportId,
} from '../../sql/clickhouse/tables.js';
import type { Engine } from '../engine.js';
import type { ClickHouseEngine } from './clickhouse-engine.js';
import { makeWorkDir } from '../../data/work-dir.js';

function cluster(ch: ClickHouseEngine): string {
  if (!ch.target.cluster) throw new Error('ClickHouse order lines need a cluster (clickhouse://…?cluster=name); a single server is a cluster of one in its remote_servers');
  return ch.target.cluster;
}

/** Creates the line tables on every shard and the import log on the first server (idempotent). */
export async function ensureLineTables(ch: ClickHouseEngine): Promise<void> {
  await ch.runOnEveryShard(sqlCreateLinesLocal(LINES_LOCAL));
  await ch.runOnEveryShard(sqlCreateDistributed(LINES, LINES_LOCAL, cluster(ch), ch.target.database));
  await ch.runOnEveryShard(sqlCreateProducts());
  await ch.run(sqlCreateImportsLog());
}

/** Drops every partition of an import that never reached 'done' (a killed import), on every shard. Returns their ids. */
export async function recoverClickHouseImports(ch: ClickHouseEngine): Promise<number[]> {
  const states = await ch.query<{ import_id: number; status: string; entity: string }>(sqlImportStates());
  const stale = states.filter((s) => s.status === 'loading');
  for (const s of stale) {
    await ch.runOnEveryShard(sqlDropPartition(LINES_LOCAL, s.import_id));
    await ch.run(sqlLogImport(), [s.import_id, s.entity, 'discarded']);
  }
  return stale.map((s) => s.import_id);
}

/** DuckDB's COPY of `select` to a headerless CSV that ClickHouse reads back exactly: text quoted, NULL a bare \N, times to the second. */
async function copyToCsv(source: Engine, select: string, path: string, textColumns: readonly string[]): Promise<void> {
  const q = textColumns.length ? `, FORCE_QUOTE (${textColumns.map((c) => `"${c}"`).join(', ')})` : '';
  await source.run(`COPY (${select}) TO '${path.replaceAll("'", "''")}' (FORMAT csv, HEADER false, NULLSTR '\\N'${q})`);
}

function selectList(columns: ReadonlyArray<[string, string]>, overrides: Record<string, string> = {}): string {
  return columns.map(([c, t]) => overrides[c] ?? (t.includes('DateTime') ? `strftime("${c}", '%Y-%m-%d %H:%M:%S') AS "${c}"` : `"${c}"`)).join(', ');
}

export interface LoadOptions {
  /** The embedded store's order lines to send (default: all of them). */
  readonly where?: string;
  /**
   * The import's id on the cluster (its partition). Default: the cluster's next id. A ClickHouse store loads each
   * import under the embedded companion's own id, so undoing it drops that partition.
   */
  readonly importId?: number;
  /** The entity the cluster's imports_log records (default 'orders'; a ClickHouse store's own imports: 'store-orders'). */
  readonly logAs?: string;
  /** Called after the lines are staged on the shards and before any is attached (tests stop an import here). */
  readonly beforeAttach?: () => Promise<void>;
}

/**
 * Sends the order lines of the embedded `source` store (already imported and checked there) to the cluster as one
 * atomic import. Returns the ClickHouse import id and the lines sent.
 */
export async function loadOrderLines(ch: ClickHouseEngine, source: Engine, o: LoadOptions = {}): Promise<{ importId: number; lines: number }> {
  await ensureLineTables(ch);
  const importId = o.importId ?? (await ch.query<{ next: number }>(sqlNextImportId()))[0].next;
  const entity = o.logAs ?? 'orders';
  await ch.run(sqlLogImport(), [importId, entity, 'loading']);
  const dir = await makeWorkDir('ch-lines');
  try {
    await ch.runOnEveryShard(`DROP TABLE IF EXISTS ${quoteIdent(LINES_STAGE)}`);
    await ch.runOnEveryShard(`DROP TABLE IF EXISTS ${quoteIdent(LINES_STAGE_LOCAL)}`);
    await ch.runOnEveryShard(sqlCreateLinesLocal(LINES_STAGE_LOCAL));
    await ch.runOnEveryShard(sqlCreateDistributed(LINES_STAGE, LINES_STAGE_LOCAL, cluster(ch), ch.target.database));
    const cols = lineColumns();
    const text = ENTITIES.orders.fields.filter((f) => f.type === 'text').map((f) => f.name);
    const where = o.where ? ` WHERE ${o.where}` : '';
    // One part of the lines per server, sent at once: each server parses its part and routes every row to its
    // customer's shard, so parsing is spread over the cluster instead of falling on the first server.
    const parts = ch.shardCount;
    const sends: Promise<void>[] = [];
    let copyFailed: { error: unknown } | null = null;
    try {
      for (let p = 0; p < parts; p++) {
        const csv = join(dir, `lines-${p}.csv`);
        const part = parts > 1 ? `${where ? `${where} AND` : ' WHERE'} rowid % ${parts} = ${p}` : where;
        await copyToCsv(source, `SELECT ${selectList(cols, { import_id: `${importId} AS import_id` })} FROM order_lines${part}`, csv, text);
        // Sent while DuckDB writes the next part; handled at once, so a failure waits for allSettled below.
        const send = ch.insertCsvFile(LINES_STAGE, csv, p);
        send.catch(() => undefined);
        sends.push(send);
      }
    } catch (e) {
      copyFailed = { error: e };
    }
    // Every send settles before the files go; the first failure (the COPY's, else a send's) is the error.
    const failed = (await Promise.allSettled(sends)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (copyFailed) throw copyFailed.error;
    if (failed) throw failed.reason;
    const [{ n: lines }] = await source.query<{ n: number }>(`SELECT count(*) AS n FROM order_lines${where}`);
    await o.beforeAttach?.();
    await ch.runOnEveryShard(sqlAttachPartition(LINES_LOCAL, LINES_STAGE_LOCAL, importId));
    await ch.run(sqlLogImport(), [importId, entity, 'done']);
    return { importId, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await ch.runOnEveryShard(`DROP TABLE IF EXISTS ${quoteIdent(LINES_STAGE)}`).catch(() => undefined);
    await ch.runOnEveryShard(`DROP TABLE IF EXISTS ${quoteIdent(LINES_STAGE_LOCAL)}`).catch(() => undefined);
  }
}

/** Replaces the products on every shard with the embedded store's (a full copy each: line queries join locally), by a rename swap per shard. */
export async function replaceProducts(ch: ClickHouseEngine, source: Engine): Promise<number> {
  await ensureLineTables(ch);
  const dir = await makeWorkDir('ch-products');
  try {
    const csv = join(dir, 'products.csv');
    const cols = productColumns();
    await copyToCsv(source, `SELECT ${selectList(cols)} FROM products`, csv, ENTITIES.products.fields.filter((f) => f.type === 'text').map((f) => f.name));
    const [{ n }] = await source.query<{ n: number }>('SELECT count(*) AS n FROM products');
    await ch.runOnEveryShard(`DROP TABLE IF EXISTS products_new`);
    await ch.runOnEveryShard(sqlCreateProducts('products_new'));
    for (let s = 0; s < ch.shardCount; s++) await ch.insertCsvFile('products_new', csv, s);
    await ch.runOnEveryShard(`DROP TABLE IF EXISTS products_old`);
    // One RENAME statement per shard: readers see the old products or the new ones, never none (EXCHANGE TABLES needs an Atomic database, which 18.16 lacks).
    await ch.runOnEveryShard(`RENAME TABLE ${PRODUCTS} TO products_old, products_new TO ${PRODUCTS}`);
    await ch.runOnEveryShard(`DROP TABLE IF EXISTS products_old`);
    return n;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The last order day on the cluster, YYYY-MM-DD (null without lines). */
export async function lastOrderDay(ch: ClickHouseEngine): Promise<string | null> {
  const [r] = await ch.query<{ day: string; n: number }>(`SELECT toString(max(toDate(ordered_at))) AS day, count() AS n FROM ${LINES}`);
  return r && r.n > 0 ? r.day : null;
}

export interface ClusterFacts {
  readonly facts: Record<string, unknown>[];
  readonly categoryFacts: Array<{ customer_id: string; category: string; net: number }>;
}

/**
 * Every customer's line figures (customer_facts and customer_category_facts, as src/sql/facts.ts defines them),
 * each shard over its own lines, all shards at once; the rows come back to the caller (one per customer).
 */
export async function clusterFacts(ch: ClickHouseEngine, asOf: string, recentFrom: string, priorFrom: string): Promise<ClusterFacts> {
  const shards = Array.from({ length: ch.shardCount }, (_, s) => s);
  const params = [asOf, recentFrom, priorFrom];
  const facts = (await Promise.all(shards.map((s) => ch.queryShard<Record<string, unknown>>(s, sqlCustomerFactsCH(LINES_LOCAL, PRODUCTS), params)))).flat();
  const categoryFacts = (
    await Promise.all(shards.map((s) => ch.queryShard<{ customer_id: string; category: string; net: number }>(s, sqlCategoryFactsCH(LINES_LOCAL, PRODUCTS), [asOf])))
  ).flat();
  return { facts, categoryFacts };
}

/** The lifetime value models' input (sqlClvCustomers's rows), each shard over its own lines, all shards at once. */
export async function clusterClvInputs(ch: ClickHouseEngine, calibrationEnd: string, holdoutEnd: string): Promise<Record<string, unknown>[]> {
  const shards = Array.from({ length: ch.shardCount }, (_, s) => s);
  const rows = (await Promise.all(shards.map((s) => ch.queryShard<Record<string, unknown>>(s, sqlClvCustomersCH(LINES_LOCAL), [calibrationEnd, holdoutEnd])))).flat();
  return rows.sort((a, b) => (String(a.customer_id) < String(b.customer_id) ? -1 : String(a.customer_id) > String(b.customer_id) ? 1 : 0));
}

/**
 * Writes the cluster's facts into an embedded store's customer_facts and customer_category_facts (replacing what
 * was there), where the value run reads them: work over one row per customer runs in the embedded engine, by the
 * same code as on a DuckDB store (docs/clickhouse.md).
 */
export async function storeClusterFacts(embedded: Engine, f: ClusterFacts): Promise<void> {
  await embedded.transaction(() => writeClusterFacts(embedded, f));
}

/** storeClusterFacts inside the caller's transaction. */
export async function writeClusterFacts(embedded: Engine, f: ClusterFacts): Promise<void> {
  const d = embedded.dialect;
  const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
  const factTypes: Record<string, 'text' | 'date' | 'bigint' | 'double'> = { customer_id: 'text', first_purchase: 'date', last_purchase: 'date', orders: 'bigint', purchase_days: 'bigint', lines: 'bigint', categories: 'bigint', top_category: 'text' };
  const cols = FACTS_COLUMNS.map((c) => [c, factTypes[c] ?? 'double'] as const);
  {
    for (const sql of sqlDeleteFacts(null)) await embedded.run(sql);
    for (let i = 0; i < f.facts.length; i += 20_000) {
      const chunk = f.facts.slice(i, i + 20_000).map((r) => Object.fromEntries(FACTS_COLUMNS.map((c) => [c, day(r[c])])));
      await embedded.run(`INSERT INTO customer_facts (${FACTS_COLUMNS.join(', ')}) SELECT * FROM ${d.sqlJsonRows('$1', cols)}`, [JSON.stringify(chunk)]);
    }
    for (let i = 0; i < f.categoryFacts.length; i += 20_000) {
      await embedded.run(
        `INSERT INTO customer_category_facts (customer_id, category, net) SELECT * FROM ${d.sqlJsonRows('$1', [['customer_id', 'text'], ['category', 'text'], ['net', 'double']])}`,
        [JSON.stringify(f.categoryFacts.slice(i, i + 20_000))],
      );
    }
  }
}

export { IMPORTS_LOG };
