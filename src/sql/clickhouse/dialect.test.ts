/**
 * The ClickHouse dialect: client-side binding (ClickHouse 18.16 has no server-side parameters) checked by
 * round trips through the real server, and its functions checked against DuckDB's on the same inputs (an
 * independent implementation of the same contract).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../clv/random.js';
import { DuckDBEngine } from '../../engine/duckdb/duckdb-engine.js';
import type { ClickHouseEngine } from '../../engine/clickhouse/clickhouse-engine.js';
import { openTestDatabase } from '../../test-support/clickhouse-cluster.js';
import type { Dialect } from '../dialect.js';
import { duckdbDialect } from '../duckdb/dialect.js';
import { bindParameters, clickhouseDialect, quoteLiteral } from './dialect.js';

describe('bindParameters (pure)', () => {
  it('replaces placeholders outside strings, quoted names and comments only', () => {
    expect(bindParameters("SELECT $1, '$1', `$1`, \"$1\" -- $1\n, /* $1 */ $2", ['a', 2])).toBe("SELECT 'a', '$1', `$1`, \"$1\" -- $1\n, /* $1 */ 2");
    expect(bindParameters("SELECT 'it''s $1', 'a\\'$1' , $1", [1])).toBe("SELECT 'it''s $1', 'a\\'$1' , 1");
    expect(bindParameters('SELECT $10 + $1, $2, $3, $4, $5, $6, $7, $8, $9', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe('SELECT 10 + 1, 2, 3, 4, 5, 6, 7, 8, 9');
  });

  it('parenthesises negative numbers so a minus never starts a comment', () => {
    expect(bindParameters('SELECT 1-$1', [-1])).toBe('SELECT 1-(-1)');
    expect(bindParameters('SELECT $1, $2, $3', [NaN, -Infinity, true])).toBe('SELECT nan, (-inf), 1');
  });

  it('refuses a placeholder without a value, a value without a placeholder, and open quotes', () => {
    expect(() => bindParameters('SELECT $2', ['a'])).toThrow(/uses \$2/);
    expect(() => bindParameters('SELECT $1', ['a', 'b'])).toThrow(/\$2 given but not used/);
    expect(() => bindParameters("SELECT '$1", ['a'])).toThrow(/unterminated/);
  });

  it('writes TRUE and FALSE as 1 and 0, but not inside text or names', () => {
    expect(bindParameters("SELECT COALESCE(x, FALSE), true, 'true', t.true, `false`", [])).toBe("SELECT COALESCE(x, 0), 1, 'true', t.true, `false`");
  });

  it('escapes backslash, quote and NUL in string literals', () => {
    expect(quoteLiteral("a'b\\c\0")).toBe("'a\\'b\\\\c\\x00'");
  });
});

const NASTY = [
  '',
  "'",
  "\\'",
  "\\",
  "a\\",
  "'; DROP TABLE t; --",
  "x' OR '1'='1",
  '"; DROP TABLE t; --',
  '`',
  '$1',
  '$$ DROP $$',
  '/* */ --',
  'a\0b',
  '\\x00',
  '\\N',
  'line\nbreak\r\ttab',
  '中国 — Zürich 🏔',
  "\\\\' OR 1=1 --",
];

describe('on the cluster', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let ch: ClickHouseEngine;
  let duck: DuckDBEngine;
  beforeAll(async () => {
    db = await openTestDatabase();
    ch = db.engine;
    duck = await DuckDBEngine.open(':memory:');
    await ch.run('CREATE TABLE t (id Int32, label String) ENGINE = MergeTree ORDER BY id');
    await ch.run("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
  });
  afterAll(async () => {
    await db?.drop();
    await duck?.close();
  });

  it('returns every bound string exactly as given, and the table stays intact', async () => {
    const sql = `SELECT ${NASTY.map((_, i) => `$${i + 1} AS v${i}`).join(', ')}`;
    const [row] = await ch.query<Record<string, string>>(sql, NASTY);
    expect(NASTY.map((_, i) => row[`v${i}`])).toEqual(NASTY);
    for (const s of NASTY) expect(await ch.query('SELECT id FROM t WHERE label = $1', [s])).toEqual([]);
    expect(await ch.query('SELECT id, label FROM t ORDER BY id')).toEqual([
      { id: 1, label: 'one' },
      { id: 2, label: 'two' },
    ]);
  });

  it('round-trips 500 random strings of quotes, backslashes, dollars, dashes and other characters', async () => {
    const random = createRandom(16);
    const alphabet = ["'", '"', '\\', '`', '$', '1', '-', '/', '*', '\0', '\n', ' ', 'a', 'é', '中', '😀', ';', '?', '{', '}', ':'];
    const strings = Array.from({ length: 500 }, () => Array.from({ length: Math.floor(random.uniform() * 12) }, () => alphabet[Math.floor(random.uniform() * alphabet.length)]).join(''));
    for (let k = 0; k < strings.length; k += 100) {
      const chunk = strings.slice(k, k + 100);
      const [row] = await ch.query<Record<string, string>>(`SELECT ${chunk.map((_, i) => `$${i + 1} AS v${i}`).join(', ')}`, chunk);
      expect(chunk.map((_, i) => row[`v${i}`])).toEqual(chunk);
    }
  });

  it('returns numbers, booleans and timestamps as bound', async () => {
    const nums = [0, 1, -1, 0.1, -2.5e-300, 1e300, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, Infinity, -Infinity];
    const [row] = await ch.query<Record<string, number>>(`SELECT ${nums.map((_, i) => `toFloat64($${i + 1}) AS v${i}`).join(', ')}`, nums);
    expect(nums.map((_, i) => row[`v${i}`])).toEqual(nums);
    const [r2] = await ch.query<{ big: number; b: number; ts: Date; nan: number }>('SELECT toInt64($1) AS big, $2 AS b, $3 AS ts, toFloat64($4) AS nan', [Number.MAX_SAFE_INTEGER, true, new Date('2024-02-29T13:14:15Z'), NaN]);
    expect(r2).toEqual({ big: Number.MAX_SAFE_INTEGER, b: 1, ts: new Date('2024-02-29T13:14:15Z'), nan: NaN });
  });

  /** One value per input from each engine, through the dialect; DuckDB is the reference. */
  async function both(expr: (d: Dialect, x: string) => string, inputs: readonly (string | null)[], cast: 'text' | 'date' = 'text'): Promise<[unknown[], unknown[]]> {
    const run = async (e: DuckDBEngine | ClickHouseEngine, d: Dialect) => {
      const out: unknown[] = [];
      for (const x of inputs) {
        const arg = cast === 'date' ? `CAST($1 AS ${d === duckdbDialect ? 'DATE' : 'Date'})` : d === duckdbDialect ? 'CAST($1 AS VARCHAR)' : 'toNullable(toString($1))';
        const [{ v }] = await e.query<{ v: unknown }>(`SELECT ${expr(d, arg)} AS v`, [x]);
        out.push(v);
      }
      return out;
    };
    return [await run(duck, duckdbDialect), await run(ch, clickhouseDialect)];
  }

  it('parses numbers as the DuckDB dialect does', async () => {
    const inputs = ['1', '-2.5', '1,234.50', '£3.20', '2,5', '12,345,678', '€ 7', '100 RMB', '9元', 'abc', '1e3', '', '1,2,3', '1.299,00', '1.299.000', '1 299,50', "1'299.25", '12.00 EUR', '1\u00a0299,75', '1.2.3', '(12.50)', '12.50-', '1.234,56-', '( 1,299.00 )', '-', '()', 'abc-', '(abc)', '2件', '3 pcs', '12 units', '1.000,00 €', 'EUR 2.000,00', 'US$ 5,00', 'R$ 1.234,56', '10,00 zł', 'RMB 88.00', '¥1,234', 'HK$ 12', '１２３', '１２．５０', '－20', '-€12', 'CHF 1\'234.50', '12 EUR 5', '€ abc', 'XOF 500', 'ABC123', '123ABC', '500 XOF'];
    const [d, c] = await both((dl, x) => dl.sqlParseNumber(x), inputs);
    expect(c).toEqual(d);
  });

  it('reads percentages as the DuckDB dialect does', async () => {
    const inputs = ['35%', '12,5 %', '1,234.5%', '-3%', '%', 'abc%', '35', '', '(2%)'];
    const [d, c] = await both((dl, x) => dl.sqlParsePercent(x), inputs);
    expect(c).toEqual(d);
    expect([d[0], d[1], d[3]]).toEqual([0.35, 0.125, -0.03]);
    expect(d[2]).toBeCloseTo(12.345, 12);
  });

  it('reads decimal ids as whole numbers as the DuckDB dialect does', async () => {
    const inputs = ['17850.0', '17850.00', '17850', '1.5', '10', 'A-1.0', '.0', '0.0', '', "'7000000001", "'00123", "'+15550000001", "O'Neil", "'abc", "'"];
    const [d, c] = await both((dl, x) => dl.sqlWholeNumberId(x), inputs);
    expect(c).toEqual(d);
    expect(d.slice(0, 6)).toEqual(['17850', '17850', '17850', '1.5', '10', 'A-1.0']);
    expect(d.slice(9)).toEqual(['7000000001', '00123', '+15550000001', "O'Neil", "'abc", "'"]);
  });

  it('splits text at a separator as the DuckDB dialect does', async () => {
    const inputs = ['a,b', '已发货,待收货', 'a', '', 'a,b,c', ',b'];
    for (const n of [1, 2, 3]) {
      const [d, c] = await both((dl, x) => dl.sqlSplitPart(x, ',', n), inputs);
      expect(c, String(n)).toEqual(d);
    }
  });

  it('trims and unwraps text as the DuckDB dialect does', async () => {
    const inputs = ['="0123"', ' a ', '\ta\t', '\u00a0b\u3000', '=0123', '"x"', '="a"b"', '', '  '];
    const [d1, c1] = await both((dl, x) => dl.sqlTrimSpace(x), inputs);
    expect(c1).toEqual(d1);
    const [d2, c2] = await both((dl, x) => dl.sqlUnwrapFormula(x), inputs);
    expect(c2).toEqual(d2);
    expect(d2[0]).toBe('0123');
    expect(d1[3]).toBe('b');
  });

  it('counts completed years as DuckDB does, 29 February included', async () => {
    const pairs: Array<[string, string]> = [
      ['2000-02-29', '2001-02-28'],
      ['2000-02-29', '2004-02-28'],
      ['2000-02-29', '2004-02-29'],
      ['1990-06-15', '2024-06-14'],
      ['1990-06-15', '2024-06-15'],
      ['1990-12-31', '2024-01-01'],
      ['2024-03-01', '2025-02-28'],
    ];
    for (const [a, b] of pairs) {
      const [{ v: dv }] = await duck.query<{ v: number }>(`SELECT ${duckdbDialect.sqlYearsBetween('CAST($1 AS DATE)', 'CAST($2 AS DATE)')} AS v`, [a, b]);
      const [{ v: cv }] = await ch.query<{ v: number }>(`SELECT ${clickhouseDialect.sqlYearsBetween('toDate($1)', 'toDate($2)')} AS v`, [a, b]);
      expect(cv, `${a} → ${b}`).toBe(dv);
    }
  });

  it('computes type-7 quantiles and full-match regexps as DuckDB does', async () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    for (const q of [0, 0.1, 0.25, 0.5, 0.9, 1]) {
      const [{ v: dv }] = await duck.query<{ v: number }>(`SELECT ${duckdbDialect.sqlQuantile('x', q)} AS v FROM unnest([${values.join(', ')}]) AS u(x)`);
      const [{ v: cv }] = await ch.query<{ v: number }>(`SELECT ${clickhouseDialect.sqlQuantile('x', q)} AS v FROM (SELECT arrayJoin([${values.join(', ')}]) AS x)`);
      expect(cv).toBeCloseTo(dv, 12);
    }
    const [d, c] = await both((dl, x) => `CASE WHEN ${dl.sqlRegexpFullMatch(x, '[A-Z]{2}[0-9]+')} THEN 1 ELSE 0 END`, ['AB12', 'xAB12', 'AB12x', 'AB', 'ab12']);
    expect(c.map(Number)).toEqual(d.map(Number));
  });

  it('hashes the same on every shard', async () => {
    const expr = `${clickhouseDialect.sqlHash(["'customer 42'", 'toInt64(7)'])} AS h`;
    const seen = new Set<string>();
    for (let s = 0; s < ch.shardCount; s++) seen.add(String((await ch.queryShard<{ h: number | string }>(s, `SELECT ${expr}`))[0].h));
    expect(seen.size).toBe(1);
    expect(BigInt([...seen][0])).toBeGreaterThan(0n);
  });
});
