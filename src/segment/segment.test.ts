import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../clv/random.js';
import { importFiles } from '../data/import.js';
import { duckdbDialect } from '../sql/duckdb/dialect.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { compileRule, countRule, createSegment, parseRule, segmentMembers, SegmentRuleError, showSegment } from './index.js';

describe('the segment language', () => {
  it('parses with and binding tighter than or, and parentheses overriding', () => {
    const e = parseRule('a = 1 or b = 2 and c = 3');
    expect(e.kind).toBe('or');
    expect((e as { right: { kind: string } }).right.kind).toBe('and');
    const p = parseRule('(a = 1 or b = 2) and not c = 3');
    expect(p.kind).toBe('and');
    expect((p as { right: { kind: string } }).right.kind).toBe('not');
  });

  it('reads every operator and literal', () => {
    const rule = 'country in ("UK", \'France\') and city not in ("x") and age between 30 and 45 and email is not null and phone is null and lifestyle contains "out" and profit >= -5.5 and orders != 3 and opt_out = false and signup_date < 2024-01-31 and last_purchase > -90d';
    const c = compileRule(duckdbDialect, rule.replace('email is not null and phone is null and ', ''), '2024-12-31');
    expect(c.where).toMatch(/IN \(\$\d+, \$\d+\)/);
    expect(c.params).toContain('UK');
    expect(c.params).toContain('France');
    expect(c.params).toContain(-5.5);
    expect(c.params).toContain('2024-10-02'); // 2024-12-31 − 90 days
    expect(() => parseRule(rule)).not.toThrow();
  });

  it('says where a rule is wrong and what was expected', () => {
    const cases: Array<[string, RegExp, number]> = [
      ['country = ', /expected a value .* found the end of the rule at column 11/, 11],
      ['country == "x"', /expected a value/, 10],
      ['profit > 1 and', /expected a field name/, 15],
      ['(profit > 1', /expected "\)"/, 12],
      ['country = "x', /unterminated string/, 11],
      ['country ~ "x"', /unexpected character "~"/, 9],
      ['age between 1 or 2', /expected "and"/, 15],
    ];
    for (const [rule, re, col] of cases) {
      try {
        parseRule(rule);
        expect.unreachable(rule);
      } catch (e) {
        expect(e, rule).toBeInstanceOf(SegmentRuleError);
        expect((e as Error).message, rule).toMatch(re);
        expect((e as SegmentRuleError).position + 1, rule).toBe(col);
      }
    }
    expect(() => compileRule(duckdbDialect, 'proft > 1', '2024-01-01')).toThrow(/unknown field "proft" \(did you mean profit\?\)/);
    expect(() => compileRule(duckdbDialect, 'profit > "a lot"', '2024-01-01')).toThrow(/profit is a number: expected a number/);
    expect(() => compileRule(duckdbDialect, 'orders > -90d', '2024-01-01')).toThrow(/expected a number/);
  });

  it('never lets user text become SQL: literals are parameters, identifiers come from the catalogue', () => {
    const attacks = [
      `country = "x\\" or 1=1 --"`,
      `country = "'; DROP TABLE customers; --"`,
      `country = 'x'' OR ''1''=''1'`,
      `city in ("a", "b'); DELETE FROM order_lines; --")`,
      `lifestyle contains "%' OR 1=1 --"`,
      `attributes.Kidhome = "1' OR '1'='1"`,
    ];
    let compiled = 0;
    for (const a of attacks) {
      // Each attack either fails to parse or compiles with its text as a parameter value.
      let c;
      try {
        c = compileRule(duckdbDialect, a, '2024-01-01');
      } catch (e) {
        expect(e, a).toBeInstanceOf(SegmentRuleError);
        continue;
      }
      compiled++;
      expect(c.where, a).not.toMatch(/DROP|DELETE|1=1|OR '/i);
      expect(c.where, a).not.toContain("'");
      expect(c.params.some((p) => typeof p === 'string' && /DROP|DELETE|1=1|OR/.test(p)), a).toBe(true);
    }
    expect(compiled).toBeGreaterThanOrEqual(5);
    for (const bad of ['country; drop table customers', 'country = 1; drop table x', 'customers.name = "x"', 'c.country = "x"', '"country" = "x"', 'country = x']) {
      expect(() => compileRule(duckdbDialect, bad, '2024-01-01'), bad).toThrow(SegmentRuleError);
    }
    expect(() => parseRule('a = 1 and '.repeat(500) + 'a = 1')).toThrow(/longer than/);
    expect(() => parseRule('('.repeat(100) + 'a = 1' + ')'.repeat(100))).toThrow(/nests too deeply/);
  });

  it('survives fuzzing: random and mutated rules only ever raise SegmentRuleError', () => {
    const random = createRandom(20261123);
    const rng = () => random.uniform();
    const seeds = ['country in ("UK","France") and rfm.segment = "At Risk" and profit > 100 and age between 30 and 45 and last_purchase < -90d', 'not (a = 1 or b is null)', 'x contains "y"'];
    const alphabet = ' ()",\'=<>!-.0123456789adnortisbewlcux_\\\t\n中';
    let failures = 0;
    for (let i = 0; i < 5000; i++) {
      let s: string;
      if (i % 2 === 0) {
        s = Array.from({ length: Math.floor(rng() * 60) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
      } else {
        const base = seeds[i % seeds.length].split('');
        for (let k = 0; k < 1 + Math.floor(rng() * 4); k++) {
          const at = Math.floor(rng() * (base.length + 1));
          if (rng() < 0.5) base.splice(at, 1);
          else base.splice(at, 0, alphabet[Math.floor(rng() * alphabet.length)]);
        }
        s = base.join('');
      }
      try {
        compileRule(duckdbDialect, s, '2024-06-30');
      } catch (e) {
        if (!(e instanceof SegmentRuleError)) failures++;
      }
    }
    expect(failures).toBe(0);
  });
});

describe('segments in the store', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  const config = normalizeValueConfig({});
  beforeAll(async () => {
    store = await tempStore();
    const f = (n: string, s: string) => store.dir.file(n, s);
    await importFiles(store.engine, { entity: 'customers', files: [f('c.csv', 'customer_id,country,birth_date,lifestyle\nA,France,1990-05-01,outdoor;travel\nB,France,1960-01-01,home\nC,Spain,1985-03-03,outdoor\nD,United Kingdom,,\n')] });
    await importFiles(store.engine, {
      entity: 'orders',
      files: [f('o.csv', 'order_id,customer_id,ordered_at,amount\n1,A,2024-01-10,100\n2,A,2024-06-01,50\n3,B,2024-06-20,500\n4,C,2023-01-01,20\n5,D,2024-06-30,5\n')],
    });
  });
  afterAll(async () => store.close());

  it('selects the customers a hand-read of the data selects', async () => {
    // As of 2024-06-30: A is 34, B 64, C 39; D has no birth date.
    expect(await countRule(store.engine, 'country = "France"', config)).toBe(2);
    expect(await countRule(store.engine, 'age between 30 and 45', config)).toBe(2);
    expect(await countRule(store.engine, 'lifestyle contains "OUTDOOR" and revenue > 50', config)).toBe(1);
    expect(await countRule(store.engine, 'last_purchase < -90d', config)).toBe(1); // C only: A bought on 2024-06-01
    expect(await countRule(store.engine, 'not country = "France"', config)).toBe(2);
    expect(await countRule(store.engine, 'birth_date is null', config)).toBe(1);
    expect(await countRule(store.engine, 'country in ("Spain", "United Kingdom") or revenue >= 500', config)).toBe(3);
  });

  it('saves a segment, and recomputes its members when the data changes', async () => {
    const s = await createSegment(store.engine, 'French', 'country = "France"', config);
    expect(s).toMatchObject({ members: 2, revenue: 650 });
    expect((await segmentMembers(store.engine, 'French', config)).map((m) => m.customer_id)).toEqual(['B', 'A']);
    await expect(createSegment(store.engine, 'French', 'country = "Spain"', config)).rejects.toThrow(/exists already/);
    await importFiles(store.engine, { entity: 'customers', files: [store.dir.file('c2.csv', 'customer_id,country\nE,France\n')] });
    const again = await showSegment(store.engine, 'French', config);
    expect(again.members).toBe(3);
    await expect(createSegment(store.engine, "x'; DROP TABLE segments; --", 'country = "France"', config)).rejects.toThrow(/segment name/);
    const [{ n }] = await store.engine.query<{ n: number }>('SELECT count(*) AS n FROM customers');
    expect(n).toBe(5);
  });
});

describe('clusters as segments', () => {
  it('finds the two groups of a hand-built base, names them, saves them, and is deterministic', async () => {
    const store = await tempStore();
    try {
      const lines = ['order_id,customer_id,ordered_at,amount'];
      // 30 frequent big spenders (10 orders of 500) and 30 one-off small buyers (1 order of 10).
      for (let c = 0; c < 30; c++) for (let o = 0; o < 10; o++) lines.push(`B${c}-${o},big${c},2024-0${1 + (o % 9)}-1${c % 9},500`);
      for (let c = 0; c < 30; c++) lines.push(`S${c},small${c},2024-0${1 + (c % 9)}-0${1 + (c % 9)},10`);
      await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', lines.join('\n') + '\n')] });
      const config = normalizeValueConfig({});
      const { clusterCustomers } = await import('./cluster.js');
      const a = await clusterCustomers(store.engine, { features: 'orders,revenue', k: 2, seed: 3, prefix: 'grp', config });
      expect(a.k).toBe(2);
      expect(a.clusters.map((c) => c.members)).toEqual([30, 30]);
      const big = a.clusters.find((c) => c.means.revenue > 1000)!;
      expect(big.description).toBe('many orders, high-revenue');
      const members = await store.engine.query<{ customer_id: string }>('SELECT customer_id FROM segment_members WHERE name = $1 ORDER BY 1', [big.name]);
      expect(members.every((m) => m.customer_id.startsWith('big'))).toBe(true);
      const b = await clusterCustomers(store.engine, { features: 'orders,revenue', k: 2, seed: 3, prefix: 'grp', config });
      expect(b.clusters).toEqual(a.clusters);
      expect(await showSegment(store.engine, big.name, config)).toMatchObject({ members: 30 });
    } finally {
      await store.close();
    }
  });
});
