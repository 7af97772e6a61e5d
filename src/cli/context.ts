import { existsSync } from 'node:fs';
import type { ClusterStore } from '../engine/clickhouse/cluster-store.js';
import type { Engine } from '../engine/engine.js';
import { StoreError } from '../errors.js';
import { t } from './i18n/index.js';

/** Options every command takes. */
export interface GlobalOptions {
  readonly db: string;
}

/** The store named by --db, or CLIENTELE_DB, or ./clientele.duckdb. The environment is read here, at the edge. */
export function defaultDbPath(): string {
  return process.env.CLIENTELE_DB || './clientele.duckdb';
}

/** The command that runs (`clientele value`, `clientele clv fit`), set by main before its action: for messages. */
let running = 'clientele';
export function setRunningCommand(name: string): void {
  running = name;
}

/**
 * A store opened by a command that runs on a ClickHouse store too (docs/clickhouse.md): `engine` is the DuckDB
 * store, or a ClickHouse store's embedded companion; `cluster` is null on a DuckDB store. On a ClickHouse store the
 * companion's order_lines table is empty: the command reads line figures from `cluster.lines` only.
 */
export interface OpenedStore {
  readonly engine: Engine;
  readonly cluster: ClusterStore | null;
}

function isClusterAddress(db: string): boolean {
  return /^clickhouses?:\/\//i.test(db);
}

/** withStore for the commands that run on a ClickHouse store as well as on a DuckDB one. */
export async function withAnyStore<T>(db: string, fn: (store: OpenedStore) => Promise<T>): Promise<T> {
  if (!isClusterAddress(db)) return withStore(db, (engine) => fn({ engine, cluster: null }));
  // The ClickHouse client loads here, only for a ClickHouse store.
  const { openClusterStore } = await import('../engine/clickhouse/cluster-store.js');
  const cluster = await openClusterStore(db);
  try {
    if (cluster.moved.length) process.stderr.write(`${t('cluster.store.moved', { n: cluster.moved.length, ids: cluster.moved.join(', ') })}\n`);
    return await fn({ engine: cluster.engine, cluster });
  } finally {
    await cluster.close();
  }
}

/**
 * After a change to a ClickHouse store's lines (an import, an undo): the customer facts are recomputed on the cluster
 * and written to the companion, at the growth window they had. Returns the customers with facts.
 */
export async function refreshClusterFacts(engine: Engine, cluster: ClusterStore): Promise<number> {
  const { refreshClusterFacts: refresh } = await import('../engine/clickhouse/cluster-store.js');
  return refresh({ engine, lines: cluster.lines });
}

/**
 * Opens the DuckDB store named by `db`, runs `fn` on it and closes it. A ClickHouse address is refused: the
 * commands that run on a ClickHouse store call withAnyStore, and every other one reads order lines the
 * companion does not hold, so it says so instead of answering from an empty table.
 */
export async function withStore<T>(db: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  if (isClusterAddress(db)) throw new StoreError(t('cluster.store.refused', { command: running }), t('cluster.store.refused.hint'));
  // A mistyped --db must not leave an empty store behind and blame missing data: only the commands that put data
  // in a store (or settings, users) create one where there is none.
  if (!createsStore(running) && db !== ':memory:' && !existsSync(db)) throw new StoreError(t('store.missing', { path: db }), t('store.missing.hint'));
  // DuckDB loads here, in the command that needs it, never at start-up.
  const { openStore } = await import('../engine/store.js');
  const engine = await openStore(db);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/** Commands that may create the store they are given: they write data, settings or users into it. */
const CREATORS: ReadonlySet<string> = new Set(['import', 'demo', 'config', 'user', 'serve', 'subscriptions', 'leads', 'campaign', 'company', 'cluster']);

function createsStore(command: string): boolean {
  return CREATORS.has(command.split(' ')[1] ?? '');
}

/** Writes one JSON document to standard output. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
}

// A reader that closes the pipe early (`clientele value | head`) is not an error: stop writing quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

export function print(text: string): void {
  process.stdout.write(text + '\n');
}
