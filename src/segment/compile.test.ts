import { describe, expect, it } from 'vitest';
import { duckdbDialect } from '../sql/duckdb/dialect.js';
import { sqlCountRule } from '../sql/segment.js';
import { compileRule } from './compile.js';

/** Golden SQL: a change here changes what every saved rule means, so it must be deliberate. */
describe('compiled rules (golden)', () => {
  it('the issue example', () => {
    const c = compileRule(duckdbDialect, 'country in ("United Kingdom","France") and rfm.segment = "At Risk" and profit > 100 and age between 30 and 45 and last_purchase < -90d', '2024-12-31');
    expect(c.where).toBe(
      "(((((c.country IN ($1, $2)) AND (v.segment = $3)) AND (s.profit > $4)) AND (COALESCE(date_sub('year', CAST(c.birth_date AS DATE), CAST(CAST($5 AS DATE) AS DATE)), $6 - c.birth_year) BETWEEN $7 AND $8)) AND (s.last_purchase < CAST($9 AS DATE)))",
    );
    expect(c.params).toEqual(['United Kingdom', 'France', 'At Risk', 100, '2024-12-31', 2024, 30, 45, '2024-10-02']);
    expect(sqlCountRule(c.where)).toContain('FROM customers c\n  LEFT JOIN customer_summary s ON s.customer_id = c.customer_id\n  LEFT JOIN customer_value v ON v.customer_id = c.customer_id');
  });

  it('not, contains, attributes, booleans and null tests', () => {
    const c = compileRule(duckdbDialect, 'not (lifestyle contains "out" or attributes.Kidhome >= 1) and opt_out = false and email is not null', '2024-12-31');
    expect(c.where).toBe(
      '(((NOT COALESCE(((strpos(lower(c.lifestyle), lower($1)) > 0) OR (TRY_CAST(json_extract_string(c.attributes, $2) AS DOUBLE) >= $3)), FALSE)) AND (COALESCE(c.opt_out, FALSE) = $4)) AND (c.email IS NOT NULL))',
    );
    expect(c.params).toEqual(['out', '$.Kidhome', 1, false]);
  });

  it('numbers parameters from where the caller says', () => {
    const c = compileRule(duckdbDialect, 'orders >= 2 and age < 30', '2024-12-31', 3);
    expect(c.where).toBe("((s.orders >= $3) AND (COALESCE(date_sub('year', CAST(c.birth_date AS DATE), CAST(CAST($4 AS DATE) AS DATE)), $5 - c.birth_year) < $6))");
    expect(c.params).toEqual([2, '2024-12-31', 2024, 30]);
  });
});

describe('numbers a rule may hold (issue 14: rfm.f < 1e300 reached the engine, which refused it as a 500)', () => {
  it('refuses numbers past 2^53 − 1 with a rule error that says the range, and keeps the ones inside it', () => {
    for (const rule of ['rfm.f < 1e300', 'orders > -1e19', 'profit between 0 and 9007199254740992', 'rfm.r in (1, 1e300)', 'attributes.kids > 1e300']) {
      expect(() => compileRule(duckdbDialect, rule, '2024-12-31'), rule).toThrow(/out of range: use numbers from -9,007,199,254,740,991 to 9,007,199,254,740,991/);
    }
    expect(compileRule(duckdbDialect, 'orders < 9007199254740991 and profit > -9007199254740991 and margin > 1e-300', '2024-12-31').params).toEqual([9007199254740991, -9007199254740991, 1e-300]);
  });
});
