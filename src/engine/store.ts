import { StoreError } from '../errors.js';
import { IMPORTED_TABLES, MIGRATIONS, sqlCreateMigrationsTable } from '../sql/schema.js';
import { DuckDBEngine, type DuckDBOptions } from './duckdb/duckdb-engine.js';
import type { Engine } from './engine.js';
import { isClickHouseUrl } from './clickhouse/url.js';

export const CLICKHOUSE_NOT_A_STORE = 'a ClickHouse address is not a store yet: --db names the DuckDB store, and the cluster beside it is named by clientele cluster --to';
export const CLICKHOUSE_NOT_A_STORE_HINT = 'keep --db on the DuckDB file, then run clientele cluster push --to clickhouse://… (docs/clickhouse.md)';

/** A table only the embedded companion of a ClickHouse store has: its order lines are on the cluster it names. */
export const COMPANION_MARK = 'clickhouse_store';

/**
 * Opens the store and brings its schema to the current version, all migrations in one transaction. The companion
 * of a ClickHouse store is refused unless `o.companion` (its order_lines table is empty: a command would answer
 * from no lines); src/engine/clickhouse/cluster-store.ts opens it so.
 */
export async function openStore(path: string, options: DuckDBOptions = {}, o: { companion?: boolean } = {}): Promise<Engine> {
  // Never a DuckDB file named "clickhouse:…": the cluster holds order lines beside a store (docs/clickhouse.md).
  if (isClickHouseUrl(path)) throw new StoreError(CLICKHOUSE_NOT_A_STORE, CLICKHOUSE_NOT_A_STORE_HINT);
  ownerOnlyFromNowOn();
  const engine = await DuckDBEngine.open(path, options);
  try {
    const [mark] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM information_schema.tables WHERE table_name = '${COMPANION_MARK}'`);
    if (mark.n > 0 && !o.companion) {
      const [{ address }] = await engine.query<{ address: string }>(`SELECT max(address) AS address FROM ${COMPANION_MARK}`);
      throw new StoreError(`${path} holds the rest of a ClickHouse store whose order lines are on ${address}: on its own it has none`, `open it as --db 'clickhouse://…&store=${path}' (docs/clickhouse.md)`);
    }
    await migrate(engine);
    await recoverInterruptedImports(engine);
  } catch (e) {
    await engine.close();
    throw e;
  }
  return engine;
}

/**
 * Files this process creates from now on are readable by their owner only (umask 077): the store holds every
 * customer's personal data, and DuckDB creates its file, its WAL and its spill files whenever it needs them, so a
 * mode given once at creation would not cover them. Existing files keep their mode (an earlier store: chmod 600).
 */
export function ownerOnlyFromNowOn(): void {
  try {
    process.umask(process.umask() | 0o077);
  } catch {
    // Worker threads may not change the umask; exports still set their own mode (export/csv.ts).
  }
}

export async function migrate(engine: Engine): Promise<number[]> {
  const d = engine.dialect;
  await engine.run(sqlCreateMigrationsTable(d));
  const applied = new Set((await engine.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const latest = MIGRATIONS[MIGRATIONS.length - 1].version;
  const newer = [...applied].filter((v) => v > latest);
  if (newer.length) throw new StoreError(`the store was written by a newer Clientele (schema ${Math.max(...newer)}; this one knows ${latest})`, 'upgrade Clientele');
  const pending = MIGRATIONS.filter((m) => !applied.has(m.version));
  if (pending.length === 0) return [];
  await engine.transaction(async () => {
    for (const m of pending) {
      for (const sql of m.statements(d)) await engine.run(sql);
      await engine.run(`INSERT INTO schema_migrations VALUES ($1, $2, ${d.sqlNow})`, [m.version, m.description]);
    }
  });
  return pending.map((m) => m.version);
}

/**
 * Removes what imports that never finished wrote. A bulk load writes its rows before its closing transaction
 * (DuckDB fills a table about twice as fast outside an explicit transaction), under an `imports` row marked
 * 'loading'; if the process died in between, those rows are deleted here, so the store is as it was before.
 */
export async function recoverInterruptedImports(engine: Engine): Promise<number[]> {
  const stale = await engine.query<{ import_id: number }>("SELECT import_id FROM imports WHERE status = 'loading'");
  for (const { import_id } of stale) await discardImport(engine, import_id);
  return stale.map((s) => s.import_id);
}

/** Deletes every row an import wrote, and its record, in one transaction. */
export async function discardImport(engine: Engine, importId: number): Promise<void> {
  await engine.transaction(async () => {
    for (const t of IMPORTED_TABLES) await engine.run(`DELETE FROM ${t} WHERE import_id = $1`, [importId]);
    await engine.run('DELETE FROM imports WHERE import_id = $1', [importId]);
  });
}
