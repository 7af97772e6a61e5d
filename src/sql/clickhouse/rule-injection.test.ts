/**
 * The segment-rule injection attacks of src/segment/rule-safety.test.ts, compiled with the ClickHouse dialect and
 * run against the cluster, where values are written into the SQL text by the engine (18.16 has no server-side
 * parameters): every attack selects no one and leaves the tables as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseEngine } from '../../engine/clickhouse/clickhouse-engine.js';
import { openTestDatabase } from '../../test-support/clickhouse-cluster.js';
import { compileRule, SegmentRuleError } from '../../segment/index.js';
import { clickhouseDialect } from './dialect.js';

/** The same attacks as src/segment/rule-safety.test.ts, plus ones aimed at ClickHouse's backslash escapes. */
const ATTACKS = [
  `country = "x\\" or 1=1 --"`,
  `country = "'; DROP TABLE customers; --"`,
  `country = 'x'' OR ''1''=''1'`,
  `city in ("a", "b'); DELETE FROM order_lines; --")`,
  `lifestyle contains "%' OR 1=1 --"`,
  `attributes.Kidhome = "1' OR '1'='1"`,
  `name = "Robert'); DROP TABLE segments;--"`,
  `country = "中国\\"; DROP TABLE customers; --" or city = "Zürich 🏔"`,
  `country = "$1" or country = "$$ DROP $$"`,
  `country = "x\\\\" or 1=1 --"`,
  `country = "x\\\\' OR 1=1 --"`,
  `country = "\\\\\\\\' OR 1=1) --"`,
  `not country = "\\\\'; DROP TABLE customers; --"`,
  `city = "x\\\\x27 OR 1=1 --"`,
];

describe('segment rules cannot inject SQL on ClickHouse', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let ch: ClickHouseEngine;
  beforeAll(async () => {
    db = await openTestDatabase();
    ch = db.engine;
    await ch.run(`CREATE TABLE customers (customer_id String, name Nullable(String), country Nullable(String), city Nullable(String), lifestyle Nullable(String), attributes Nullable(String)) ENGINE = MergeTree ORDER BY customer_id`);
    await ch.run(`CREATE TABLE segments (name String) ENGINE = MergeTree ORDER BY name`);
    await ch.run(`CREATE TABLE order_lines (customer_id String) ENGINE = MergeTree ORDER BY customer_id`);
    await ch.run(`INSERT INTO customers VALUES ('A', 'Ann', 'France', 'Paris', 'sport', '{"Kidhome":"2"}'), ('B', 'Bo', '中国', '北京', NULL, NULL)`);
    await ch.run(`INSERT INTO segments VALUES ('kept')`);
    await ch.run(`INSERT INTO order_lines VALUES ('A'), ('B')`);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('selects no one with any attack, and changes nothing', async () => {
    let ran = 0;
    for (const a of ATTACKS) {
      let c;
      try {
        c = compileRule(clickhouseDialect, a, '2024-06-30');
      } catch (e) {
        expect(e, a).toBeInstanceOf(SegmentRuleError);
        continue;
      }
      const [{ n }] = await ch.query<{ n: number }>(`SELECT count() AS n FROM customers c WHERE COALESCE(${c.where}, FALSE)`, c.params);
      // `not country = …` selects everyone whose country differs: both customers; every other attack selects none.
      expect(n, a).toBe(a.startsWith('not ') ? 2 : 0);
      ran++;
    }
    expect(ran).toBeGreaterThanOrEqual(10);
    expect((await ch.query<{ n: number }>('SELECT count() AS n FROM customers'))[0].n).toBe(2);
    expect((await ch.query<{ n: number }>('SELECT count() AS n FROM segments'))[0].n).toBe(1);
    expect((await ch.query<{ n: number }>('SELECT count() AS n FROM order_lines'))[0].n).toBe(2);
  });

  it('still finds what a rule means, so the attacks above were really run', async () => {
    for (const [rule, want] of [
      ['country = "中国"', 1],
      ['country in ("France", "中国")', 2],
      ['lifestyle contains "SPO"', 1],
      ['attributes.Kidhome = "2"', 1],
      ['not country = "France"', 1],
      ['city is null', 0],
    ] as const) {
      const c = compileRule(clickhouseDialect, rule, '2024-06-30');
      const [{ n }] = await ch.query<{ n: number }>(`SELECT count() AS n FROM customers c WHERE COALESCE(${c.where}, FALSE)`, c.params);
      expect(n, rule).toBe(want);
    }
  });
});
