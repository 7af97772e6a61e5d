/**
 * ClickHouse tables of a Clientele store. Pure text builders; src/engine/clickhouse/lines.ts runs them.
 *
 * - Line-level tables (order lines) are sharded by customer: `<table>_local` is a MergeTree on every shard, and
 *   `<table>` a Distributed table over them keyed by sipHash64(customer_id), so all of a customer's lines are on
 *   one shard and per-customer work runs there without moving lines. Partitions are imports (PARTITION BY
 *   import_id): an import is attached, or dropped, as a whole.
 * - Small tables the line queries join (products) are full copies on every shard, so a shard joins locally.
 * - `imports_log` (on the first server) records each import's state: 'loading' before any partition is attached,
 *   'done' after the last. An import still 'loading' when a store opens is dropped from every shard.
 *
 * 18.16 notes: no ON CLUSTER without ZooKeeper (the runner creates tables on each shard); MergeTree key columns
 * cannot be Nullable, so keys are expressions over ifNull(…); `ATTACH PARTITION … FROM` exists on 18.16 and on
 * current versions alike.
 */
import { ENTITIES, type FieldSpec } from '../../data/entities.js';
import { quoteIdent, quoteString } from './dialect.js';

const FIELD_TYPE: Record<FieldSpec['type'], string> = {
  text: 'String',
  number: 'Float64',
  integer: 'Int64',
  date: 'Date',
  // 18.16 has no DateTime64: order times keep whole seconds (every line figure counts days).
  timestamp: 'DateTime',
  boolean: 'UInt8',
};

export const LINES = 'order_lines';
export const LINES_LOCAL = 'order_lines_local';
export const LINES_STAGE_LOCAL = 'order_lines_stage_local';
export const LINES_STAGE = 'order_lines_stage';
export const PRODUCTS = 'products';
export const IMPORTS_LOG = 'imports_log';

/** The order-line columns in table order, with their ClickHouse types; `required` fields are not Nullable. */
export function lineColumns(): Array<[string, string]> {
  const cols: Array<[string, string]> = ENTITIES.orders.fields.map((f) => [f.name, f.required ? FIELD_TYPE[f.type] : `Nullable(${FIELD_TYPE[f.type]})`]);
  cols.push(['row_hash', 'Nullable(Int64)'], ['import_id', 'Int64']);
  return cols;
}

/** The product columns a line query reads, as kept on every shard. */
export function productColumns(): Array<[string, string]> {
  return ENTITIES.products.fields.map((f) => [f.name, f.required ? FIELD_TYPE[f.type] : `Nullable(${FIELD_TYPE[f.type]})`]);
}

/**
 * The shard a customer's lines live on: sipHash64 of the id, the same on every version. Lines without a customer
 * (unattributed sales: a quarter of Online Retail's) are in no customer's figures, so they are spread at random
 * instead of all landing on the shard of ''.
 */
export const SHARDING_KEY = `if(isNull(customer_id), rand64(), sipHash64(assumeNotNull(customer_id)))`;

/** A shard's local order-line table (also the shape of the staging table). */
export function sqlCreateLinesLocal(table: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (${lineColumns().map(([c, t]) => `${quoteIdent(c)} ${t}`).join(', ')})
ENGINE = MergeTree PARTITION BY import_id ORDER BY (ifNull(customer_id, ''), ordered_at)`;
}

/** A Distributed table over `local` on every shard of `cluster`, sharded by customer. */
export function sqlCreateDistributed(table: string, local: string, cluster: string, database: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} AS ${quoteIdent(local)}
ENGINE = Distributed(${quoteIdent(cluster)}, ${quoteIdent(database)}, ${quoteIdent(local)}, ${SHARDING_KEY})`;
}

export function sqlCreateProducts(table = PRODUCTS): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (${productColumns().map(([c, t]) => `${quoteIdent(c)} ${t}`).join(', ')})
ENGINE = MergeTree ORDER BY product_id`;
}

/** Append-only: an import's state is its latest row (argMax by seq). */
export function sqlCreateImportsLog(): string {
  return `CREATE TABLE IF NOT EXISTS ${IMPORTS_LOG} (import_id Int64, entity String, status String, seq UInt64, at DateTime)
ENGINE = MergeTree ORDER BY (import_id, seq)`;
}

/** $1 import id, $2 entity, $3 status. */
export function sqlLogImport(): string {
  return `INSERT INTO ${IMPORTS_LOG} SELECT $1, $2, $3, toUInt64(toUnixTimestamp(now())) * 1000000 + (SELECT count() FROM ${IMPORTS_LOG}), now()`;
}

/** Every import's latest state. */
export function sqlImportStates(): string {
  return `SELECT import_id, argMax(status, seq) AS status, any(entity) AS entity FROM ${IMPORTS_LOG} GROUP BY import_id ORDER BY import_id`;
}

export function sqlNextImportId(): string {
  return `SELECT toInt64(ifNull(max(import_id), 0) + 1) AS next FROM ${IMPORTS_LOG}`;
}

/** Moves (hard-links) one import's partition from the staging table into the live one, on one shard. */
export function sqlAttachPartition(target: string, source: string, importId: number): string {
  if (!Number.isSafeInteger(importId)) throw new Error(`sqlAttachPartition: bad import id ${importId}`);
  return `ALTER TABLE ${quoteIdent(target)} ATTACH PARTITION ${importId} FROM ${quoteIdent(source)}`;
}

export function sqlDropPartition(table: string, importId: number): string {
  if (!Number.isSafeInteger(importId)) throw new Error(`sqlDropPartition: bad import id ${importId}`);
  return `ALTER TABLE ${quoteIdent(table)} DROP PARTITION ${importId}`;
}

/** Does the partition of `importId` hold rows on this shard (system.parts), for checks. */
export function sqlPartitionRows(table: string, importId: number): string {
  return `SELECT toInt64(sum(rows)) AS n FROM system.parts WHERE database = currentDatabase() AND table = ${quoteString(table)} AND active AND partition = ${quoteString(String(importId))}`;
}
