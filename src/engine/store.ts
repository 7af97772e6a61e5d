import { StoreError } from '../errors.js';
import { MIGRATIONS, sqlCreateMigrationsTable } from '../sql/schema.js';
import { DuckDBEngine } from './duckdb/duckdb-engine.js';
import type { Engine } from './engine.js';

/** Opens the store and brings its schema to the current version, all migrations in one transaction. */
export async function openStore(path: string): Promise<Engine> {
  const engine = await DuckDBEngine.open(path);
  try {
    await migrate(engine);
  } catch (e) {
    await engine.close();
    throw e;
  }
  return engine;
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
