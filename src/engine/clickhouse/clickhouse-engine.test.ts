/**
 * What the ClickHouse engine adds to the shared contract (engine-contract.test.ts): DELETE and UPDATE on a
 * Distributed table reach every shard, files are staged as the DuckDB engine stages them, addresses parse, and a
 * wrong address or database is a clear StoreError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryError, StoreError, UsageError } from '../../errors.js';
import { LINES, LINES_LOCAL } from '../../sql/clickhouse/tables.js';
import { tempDir } from '../../test-support/temp.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { ClickHouseEngine } from './clickhouse-engine.js';
import { ensureLineTables } from './lines.js';
import { openTestDatabase } from '../../test-support/clickhouse-cluster.js';
import { parseClickHouseUrl } from './url.js';

describe('ClickHouse addresses', () => {
  it('reads user, password, host, port, database, cluster and shards', () => {
    expect(parseClickHouseUrl('clickhouse://ana:s%3Acret@db.example:9123/shop?cluster=big&shards=db2.example:9123,db3.example:9123', {})).toEqual({
      url: 'http://db.example:9123',
      username: 'ana',
      password: 's:cret',
      database: 'shop',
      cluster: 'big',
      shards: ['http://db.example:9123', 'http://db2.example:9123', 'http://db3.example:9123'],
    });
    expect(parseClickHouseUrl('clickhouses://h/x', { CLICKHOUSE_PASSWORD: 'p' })).toMatchObject({ url: 'https://h:8443', username: 'default', password: 'p', database: 'x', cluster: null, shards: ['https://h:8443'] });
    expect(parseClickHouseUrl('clickhouse://h:8123', {})).toMatchObject({ database: 'default' });
  });

  it('refuses a database name that is not a plain name', () => {
    expect(() => parseClickHouseUrl('clickhouse://h:8123/a;drop', {})).toThrow(UsageError);
    expect(() => parseClickHouseUrl('clickhouse://h:8123/a%60b', {})).toThrow(UsageError);
  });
});

describe('the ClickHouse engine on the cluster', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let ch: ClickHouseEngine;
  beforeAll(async () => {
    db = await openTestDatabase();
    ch = db.engine;
    await ensureLineTables(ch);
  });
  afterAll(async () => {
    await db?.drop();
  });

  const perShard = async (where = '1') => {
    const out: number[] = [];
    for (let s = 0; s < ch.shardCount; s++) out.push((await ch.queryShard<{ n: number }>(s, `SELECT count() AS n FROM ${LINES_LOCAL} WHERE ${where}`))[0].n);
    return out;
  };

  it('deletes and updates rows of a Distributed table on every shard, and says how many', async () => {
    const values = Array.from({ length: 300 }, (_, i) => `('o${i}', 'c${i % 60}', '2024-01-0${1 + (i % 9)} 10:00:00', ${i}, 'sale', 1)`).join(', ');
    await ch.run(`INSERT INTO ${LINES} (order_id, customer_id, ordered_at, amount, kind, import_id) VALUES ${values}`);
    const before = await perShard();
    expect(before.every((n) => n > 0)).toBe(true);
    expect(before.reduce((a, b) => a + b, 0)).toBe(300);
    // Customers c0..c9 (5 lines each), wherever they live.
    expect(await ch.run(`DELETE FROM ${LINES} WHERE customer_id IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, Array.from({ length: 10 }, (_, i) => `c${i}`))).toBe(50);
    expect((await perShard()).reduce((a, b) => a + b, 0)).toBe(250);
    expect(await ch.run(`UPDATE ${LINES} SET kind = 'return' WHERE amount >= $1`, [290])).toBe(10);
    expect((await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES} WHERE kind = 'return'`))[0].n).toBe(10);
    expect(await ch.run(`DELETE FROM ${LINES} WHERE customer_id = $1`, ['nobody'])).toBe(0);
  });

  it('leaves rows whose condition is NULL, as SQL does (18.16 deleted and updated them)', async () => {
    await ch.run(`INSERT INTO ${LINES} (order_id, customer_id, ordered_at, amount, kind, import_id) VALUES ('n1', NULL, '2024-02-01 10:00:00', 7, 'sale', 2), ('n2', NULL, '2024-02-01 10:00:00', 8, 'sale', 2), ('n3', 'k1', '2024-02-01 10:00:00', 9, 'sale', 2)`);
    const unattributed = async () => (await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES} WHERE import_id = 2 AND customer_id IS NULL`))[0].n;
    expect(await unattributed()).toBe(2);
    expect(await ch.run(`UPDATE ${LINES} SET kind = 'return' WHERE import_id = 2 AND customer_id = $1`, ['k1'])).toBe(1);
    expect((await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES} WHERE import_id = 2 AND kind = 'return'`))[0].n).toBe(1);
    expect(await ch.run(`DELETE FROM ${LINES} WHERE import_id = 2 AND customer_id = $1`, ['k1'])).toBe(1);
    expect(await unattributed()).toBe(2);
    expect((await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES} WHERE import_id = 2`))[0].n).toBe(2);
  });

  it('keeps bound values out of its errors (the server quotes the text it got, values included)', async () => {
    const secret = "alice.o'neil@example.com";
    const err = (await ch.query('SELECT toInt32($1) AS n', [secret]).then(
      () => null,
      (e: unknown) => e,
    )) as QueryError;
    expect(err).toBeInstanceOf(QueryError);
    expect(err.message).toMatch(/Cannot parse|parse/i);
    expect(err.message).not.toContain('example.com');
    expect(JSON.stringify(err)).not.toContain('example.com');
    expect(err.cause).toBeUndefined();
    expect(err.sql).toBe('SELECT toInt32($1) AS n');
  });

  it('stages a file as the DuckDB engine does: the same columns, rows, text, NULLs and rejects', async () => {
    const dir = tempDir();
    const duck = await DuckDBEngine.open(':memory:');
    try {
      const file = dir.file('f.csv', 'id,name,note\n1,"Zoë, ""the"" first",\\N\n2,,x\n3,中文 ✓,"multi\nline"\n4,too,many,cells\n5,"back\\slash",\'q\'\n');
      const spec = { format: 'csv' as const, path: file, delimiter: ',', header: true };
      const a = await duck.stageFile(spec, 'stage_a');
      const b = await ch.stageFile(spec, 'stage_b');
      expect(b.columns).toEqual(a.columns);
      expect(b.rows).toBe(a.rows);
      expect(b.rejects).toEqual(a.rejects);
      expect(a.rejects).toHaveLength(1);
      const rowsA = await duck.query('SELECT rowid AS rowid, * FROM stage_a ORDER BY rowid');
      const rowsB = await ch.query('SELECT * FROM stage_b ORDER BY rowid');
      expect(rowsB).toEqual(rowsA);
    } finally {
      await duck.close();
      dir.cleanup();
    }
  });
});

describe('opening ClickHouse', () => {
  it('says clearly when the server does not answer or the database does not exist', async () => {
    const bad = parseClickHouseUrl('clickhouse://default@127.0.0.1:1/default', {});
    await expect(ClickHouseEngine.open(bad)).rejects.toThrow(StoreError);
    await expect(ClickHouseEngine.open(bad)).rejects.toThrow(/cannot reach ClickHouse at clickhouse:\/\/default@127\.0\.0\.1:1\/default/);
    const db = await openTestDatabase();
    try {
      const missing = { ...db.target, database: 'clientele_no_such_database' };
      await expect(ClickHouseEngine.open(missing)).rejects.toThrow(/database clientele_no_such_database does not exist/);
    } finally {
      await db.drop();
    }
  });
});
