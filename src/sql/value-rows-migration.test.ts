import { afterEach, describe, expect, it } from 'vitest';
import { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { migrate } from '../engine/store.js';
import type { Engine } from '../engine/engine.js';
import { MIGRATIONS, sqlCreateMigrationsTable } from './schema.js';
import { CODED_COLUMNS, SEGMENT_CODES } from './value-codes.js';
import { LOST, NO_PURCHASE, RFM_SEGMENTS } from '../value/rfm.js';

/** A store at schema 20 (before the value run stored narrow rows), as an earlier build left it. */
async function storeAt20(): Promise<Engine> {
  const engine = await DuckDBEngine.open(':memory:');
  await engine.run(sqlCreateMigrationsTable(engine.dialect));
  for (const m of MIGRATIONS.filter((x) => x.version <= 20)) {
    for (const sql of m.statements(engine.dialect)) await engine.run(sql);
    await engine.run(`INSERT INTO schema_migrations VALUES ($1, $2, ${engine.dialect.sqlNow})`, [m.version, m.description]);
  }
  return engine;
}

const SEGMENTS = ['Champions', 'Lost', "Can't Lose", 'No Purchase', 'Hibernating'];

describe('migration 21: customer_value becomes a view naming the codes customer_value_rows stores', () => {
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.close();
    engine = null;
  });

  it('moves a stored run so that customer_value reads exactly what the table held', async () => {
    engine = await storeAt20();
    await engine.run(`INSERT INTO customers (customer_id, type, industry, employees, annual_revenue, credit_rating, derived, import_id) VALUES
      ('A', 'company', 'retail', 120, 5000000.5, 'AA', FALSE, 1), ('B', 'individual', NULL, NULL, NULL, NULL, FALSE, 1),
      ('D', 'government', 'health', 9, NULL, 'B', FALSE, 1), ('E', NULL, NULL, NULL, NULL, NULL, TRUE, 1)`);
    // C bought but is not in customers (a placeholder's attributes are all NULL).
    await engine.run(`INSERT INTO customer_summary SELECT id, c.type, COALESCE(c.derived, TRUE), DATE '2024-01-01' + i, DATE '2024-02-01' + i,
        i, i, 2 * i, 10.5 * i, -i, 0, 0, 0.25, 10.25 * i - i, i, 0, 3.5 * i, 0, 1.25, 10.25 * i - i - 3.5 * i, 0, 0, 0, 0, NULL, NULL,
        10.25 * i - i - 3.5 * i, 400 - i, 300 - i, 31, 2, 'cat' || i, 5.5, 7.25, 1.5, 0, NULL, NULL, 0, c.industry, c.employees,
        c.annual_revenue, c.credit_rating, 3
      FROM (SELECT unnest(['A', 'B', 'C', 'D', 'E']) AS id, unnest([1, 2, 3, 4, 5]) AS i) x LEFT JOIN customers c ON c.customer_id = x.id`);
    await engine.run(`INSERT INTO customer_value SELECT id, 1 + i % 5, 2, 3, seg, 1.5 * i, 0.5, 2.5 * i, CASE WHEN i = 2 THEN 'clv_predictions' ELSE 'proxy' END,
        0.1 * i, CASE WHEN i % 2 = 0 THEN 4.5 END, q, vl, CASE WHEN i % 2 = 0 THEN 'hostage' END, 50 + i, i = 1, FALSE, FALSE, i = 4, FALSE, 3
      FROM (SELECT unnest(['A', 'B', 'C', 'D', 'E']) AS id, unnest([1, 2, 3, 4, 5]) AS i, unnest([${SEGMENTS.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ')}]) AS seg,
        unnest(['I', 'II', 'III', 'IV', 'I']) AS q, unnest(['core', 'at_risk_of_leaving', 'active_small', 'small_price_sensitive', 'core']) AS vl) x`);
    const before = {
      summary: await engine.query('SELECT * FROM customer_summary ORDER BY customer_id'),
      value: await engine.query('SELECT * FROM customer_value ORDER BY customer_id'),
    };
    expect(before.summary).toHaveLength(5);
    expect(await migrate(engine)).toEqual(MIGRATIONS.filter((m) => m.version > 20).map((m) => m.version));
    expect(await engine.query('SELECT * FROM customer_summary ORDER BY customer_id')).toEqual(before.summary);
    expect(await engine.query('SELECT * FROM customer_value ORDER BY customer_id')).toEqual(before.value);
    // Classes are stored as codes.
    const [row] = await engine.query<Record<string, unknown>>("SELECT * FROM customer_value_rows WHERE customer_id = 'C'");
    expect(row.segment).toBe(SEGMENT_CODES.indexOf("Can't Lose"));
  });

  it('has a code for every segment a run gives, and one name per code', () => {
    for (const name of [NO_PURCHASE, LOST, ...RFM_SEGMENTS.map((s) => s.name)]) expect(SEGMENT_CODES).toContain(name);
    for (const codes of Object.values(CODED_COLUMNS)) {
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes.length).toBeLessThanOrEqual(256);
    }
  });
});
