import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { duckdbDialect } from '../sql/duckdb/dialect.js';
import { compileRule, countRule, FIELDS, parseRule } from './index.js';
import { shiftDay } from './compile.js';

describe('the field catalogue over a real store', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  const config = normalizeValueConfig({});
  beforeAll(async () => {
    store = await tempStore();
    const f = (n: string, s: string) => store.dir.file(n, s);
    await importFiles(store.engine, {
      entity: 'customers',
      files: [f('c.csv', 'customer_id,country,birth_date,birth_year,Kidhome\nA,France,1990-06-30,,1\nB,France,1990-07-01,,0\nC,Spain,,1980,2\nD,Spain,2000-02-29,,\n')],
    });
    await importFiles(store.engine, { entity: 'orders', files: [f('o.csv', 'order_id,customer_id,ordered_at,amount\n1,A,2024-01-10,100\n2,B,2024-06-30,50\n3,C,2023-01-01,20\n')] });
  });
  afterAll(async () => store.close());

  it('every field compiles to SQL the store runs, in every form of test', async () => {
    for (const [name, f] of Object.entries(FIELDS)) {
      const literal = f.type === 'text' ? '"x"' : f.type === 'number' ? '1' : f.type === 'date' ? '-30d' : 'true';
      for (const rule of [`${name} is null`, `${name} = ${literal}`, `${name} in (${literal}, ${literal})`, `not ${name} != ${literal}`]) {
        const n = await countRule(store.engine, rule, config);
        expect(n, rule).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('counts age in whole years at the as-of date (2024-06-30), from birth_date or else birth_year', async () => {
    // A turns 34 on the as-of date; B is still 33; C (birth year only) is 44; D (29 February 2000) is 24.
    expect(await countRule(store.engine, 'age = 34', config)).toBe(1);
    expect(await countRule(store.engine, 'age = 33', config)).toBe(1);
    expect(await countRule(store.engine, 'age = 44', config)).toBe(1);
    expect(await countRule(store.engine, 'age = 24', config)).toBe(1);
  });

  it('reads imported attributes as numbers or text', async () => {
    expect(await countRule(store.engine, 'attributes.Kidhome > 0', config)).toBe(2);
    expect(await countRule(store.engine, 'attributes.Kidhome = "0"', config)).toBe(1);
    expect(await countRule(store.engine, 'attributes.Kidhome is null', config)).toBe(1);
    // An attribute no customer has is refused, even in `is null` (it would select everyone): segment/attributes.ts.
    await expect(countRule(store.engine, 'attributes.Nothing is null', config)).rejects.toThrow(/no customer has the attribute attributes\.Nothing \(imported attributes: attributes\.Kidhome\)/);
  });

  it('counts durations back from the as-of date, not the clock', async () => {
    expect(await countRule(store.engine, 'last_purchase >= -1d', config)).toBe(1); // B, on the as-of date
    expect(await countRule(store.engine, 'last_purchase < -5m', config)).toBe(2); // before 2024-01-30: A (2024-01-10) and C
    expect(await countRule(store.engine, 'first_purchase between 2023-01-01 and 2023-12-31', config)).toBe(1);
  });
});

describe('durations', () => {
  it('shift days exactly and months and years by the calendar', () => {
    expect(shiftDay('2024-12-31', -90, 'd')).toBe('2024-10-02');
    expect(shiftDay('2024-12-31', -2, 'w')).toBe('2024-12-17');
    expect(shiftDay('2024-03-31', -1, 'm')).toBe('2024-02-29');
    expect(shiftDay('2024-06-30', -6, 'm')).toBe('2023-12-30');
    expect(shiftDay('2024-01-15', -13, 'm')).toBe('2022-12-15');
    expect(shiftDay('2024-02-29', -1, 'y')).toBe('2023-02-28');
    expect(shiftDay('2024-02-29', 1000, 'y')).toBe('3024-02-29');
    expect(compileRule(duckdbDialect, 'last_purchase < -1m', '2024-03-31').params).toEqual(['2024-02-29']);
  });

  it('refuse what cannot be a date', () => {
    expect(() => parseRule('signup_date < 2024-02-30')).toThrow(/2024-02-30 is not a date at column 15/);
    expect(() => parseRule('last_purchase < -1.5m')).toThrow(/whole numbers/);
    expect(() => parseRule('last_purchase < -99999999999d')).toThrow(/at most 1000 years/);
    expect(parseRule('last_purchase < -1.5w')).toMatchObject({ value: { kind: 'duration', amount: -1.5, unit: 'w' } });
  });
});
