import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../clv/random.js';
import { importFiles } from '../data/import.js';
import { duckdbDialect } from '../sql/duckdb/dialect.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { compileRule, countRule, createSegment, FIELDS, MAX_RULE_LENGTH, parseRule, SegmentRuleError } from './index.js';

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
];

/** Compiles or fails with SegmentRuleError; when it compiles, no string literal of the rule appears in the SQL text. */
function compiledSafely(rule: string): { where: string; params: readonly unknown[] } | null {
  try {
    const c = compileRule(duckdbDialect, rule, '2024-06-30');
    for (const p of c.params) if (typeof p === 'string' && p.length > 2 && !p.startsWith('$.')) expect(c.where, rule).not.toContain(p);
    return c;
  } catch (e) {
    expect(e, rule).toBeInstanceOf(SegmentRuleError);
    return null;
  }
}

describe('rules cannot inject SQL', () => {
  it('turns every literal into a parameter', () => {
    for (const a of ATTACKS) {
      const c = compiledSafely(a);
      if (!c) continue;
      expect(c.where, a).not.toMatch(/DROP|DELETE|1=1|--|'/i);
    }
    expect(compileRule(duckdbDialect, ATTACKS[0], '2024-06-30').params).toEqual(['x" or 1=1 --']);
    expect(compileRule(duckdbDialect, ATTACKS[1], '2024-06-30').params).toEqual(["'; DROP TABLE customers; --"]);
    expect(compileRule(duckdbDialect, 'country = "a\\nb\\t\\\\"', '2024-06-30').params).toEqual(['a\nb\t\\']);
  });

  it('takes identifiers only from the catalogue', () => {
    for (const bad of ['country; drop = 1', 'country;drop table customers', 'customers.name = "x"', 'c.country = "x"', 's.profit > 1', '"country" = "x"', '__proto__ = 1', 'constructor = 1', 'tostring = "x"', 'hasownproperty is null', '国家 = "中国"', 'country = x', 'country = 1 --', 'country = "x" /* */']) {
      expect(() => compileRule(duckdbDialect, bad, '2024-06-30'), bad).toThrow(SegmentRuleError);
    }
  });

  it('bounds length and nesting, and stays fast at the limit', () => {
    const long = ('profit > 1 and ').repeat(Math.floor((MAX_RULE_LENGTH - 20) / 15)) + 'profit > 1';
    expect(long.length).toBeLessThanOrEqual(MAX_RULE_LENGTH);
    const t = performance.now();
    expect(compileRule(duckdbDialect, long, '2024-06-30').params.length).toBeGreaterThan(200);
    expect(performance.now() - t).toBeLessThan(500);
    expect(() => parseRule('x'.repeat(MAX_RULE_LENGTH + 1))).toThrow(/longer than/);
    expect(() => parseRule('not '.repeat(200) + 'a = 1')).toThrow(/nests too deeply/);
  });

  it('keeps the store intact when the attacks run against it', async () => {
    const store = await tempStore();
    try {
      await importFiles(store.engine, { entity: 'customers', files: [store.dir.file('c.csv', 'customer_id,country,city,Kidhome\nA,France,Paris,1\nB,中国,北京,0\n')] });
      await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', 'order_id,customer_id,ordered_at,amount\n1,A,2024-01-10,100\n2,B,2024-06-01,50\n')] });
      const config = normalizeValueConfig({});
      let ran = 0;
      for (const [i, a] of ATTACKS.entries()) {
        if (!compiledSafely(a)) continue;
        expect(await countRule(store.engine, a, config), a).toBe(0);
        await createSegment(store.engine, `attack ${i}`, a, config);
        ran++;
      }
      expect(ran).toBeGreaterThanOrEqual(8);
      const [{ n }] = await store.engine.query<{ n: number }>('SELECT count(*) AS n FROM customers');
      expect(n).toBe(2);
      const [{ k }] = await store.engine.query<{ k: number }>('SELECT count(*) AS k FROM segments');
      expect(k).toBe(ran);
      expect(await countRule(store.engine, 'country = "中国"', config)).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('error messages', () => {
  it('point at the column with a caret, also far into a long rule', () => {
    const rule = 'profit > 1 and '.repeat(20) + 'profit >> 2';
    try {
      parseRule(rule);
      expect.unreachable();
    } catch (e) {
      const err = e as SegmentRuleError;
      expect(err.position).toBe(rule.indexOf('>>') + 1);
      const [, line, caret] = err.message.split('\n');
      expect(line.startsWith('    …')).toBe(true);
      expect(line[caret.indexOf('^')]).toBe('>');
    }
  });

  it('list close matches for unknown fields', () => {
    expect(() => compileRule(duckdbDialect, 'profit > 1 and contry = "x"', '2024-01-01')).toThrow(/unknown field "contry" \(did you mean country\?\) at column 16/);
    expect(() => compileRule(duckdbDialect, 'rfm.segmnt = "x"', '2024-01-01')).toThrow(/did you mean rfm\.segment/);
  });
});

describe('fuzzing', () => {
  it('10,000 random and mutated rules only ever raise SegmentRuleError, none slowly', () => {
    const random = createRandom(5);
    const rng = () => random.uniform();
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
    const words = ['and', 'or', 'not', 'in', 'between', 'is', 'null', 'contains', 'true', 'false', '(', ')', ',', '=', '!=', '<>', '<', '<=', '>', '>=', '"x"', "'y'", '"\\"', '-90d', '2024-02-30', '2024-01-31', '0999-12-31', '-99999999999d', '+1000y', '-1.5m', '1e309', '-0.5', '.5', '1.', ...Object.keys(FIELDS), 'attributes.Kidhome', 'attributes.', '中', '😀', '\\', '"', '--', ';'];
    const seeds = [...ATTACKS, 'country in ("UK","France") and rfm.segment = "At Risk" and profit > 100 and age between 30 and 45 and last_purchase < -90d', 'not (orders = 1 or email is null)', 'lifestyle contains "y"'];
    let slowest = 0;
    let compiled = 0;
    for (let i = 0; i < 10_000; i++) {
      let s: string;
      if (i % 3 === 0) s = Array.from({ length: Math.floor(rng() * 30) }, () => pick(words)).join(rng() < 0.8 ? ' ' : '');
      else if (i % 3 === 1) s = Array.from({ length: Math.floor(rng() * 80) }, () => String.fromCharCode(Math.floor(rng() * 0x3000))).join('');
      else {
        const base = pick(seeds).split('');
        for (let k = 0; k < 1 + Math.floor(rng() * 5); k++) {
          const at = Math.floor(rng() * (base.length + 1));
          const r = rng();
          if (r < 0.4) base.splice(at, 1);
          else if (r < 0.8) base.splice(at, 0, pick(words));
          else base.splice(at, 0, ...base.slice(0, Math.floor(rng() * base.length)));
        }
        s = base.join('');
      }
      const t = performance.now();
      if (compiledSafely(s)) compiled++;
      slowest = Math.max(slowest, performance.now() - t);
    }
    expect(compiled).toBeGreaterThan(100);
    expect(slowest).toBeLessThan(250);
  });
});
