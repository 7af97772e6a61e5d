import { describe, expect, it } from 'vitest';
import type { Expr, Literal } from './ast.js';
import { describeRule } from './describe.js';
import { FIELD_LABELS } from './field-labels.js';
import { FIELDS } from './fields.js';
import { parseRule } from './parser.js';
import { fromBuilder, printRule, toBuilder, type BuilderGroup } from './print.js';

/** The tree without source positions, which text written another way may move. */
const shape = (e: unknown): unknown => JSON.parse(JSON.stringify(e, (k, v) => (k === 'pos' ? undefined : v)));

describe('printRule', () => {
  it.each([
    'country = "China" and profit > 100',
    'rfm.segment in ("At Risk", "Can\'t Lose") or value.quadrant = "II"',
    '(country = "China" or country = "France") and orders >= 3',
    'a_b = 1 or (x = 2 or y = 3)',
    'not (profit < 0 or flags.loss_making = true)',
    'not not email is not null',
    'last_purchase < -180d and signup_date between 2023-01-01 and 2023-12-31',
    'name contains "say \\"hi\\" \\\\ then\\n go"',
    'country not in ("A", "B") and margin >= -0.25 and p_alive <= 1e-7',
    'attributes.Kidhome = 0 and (city is null or city = "北京")',
  ])('%s prints to text that parses to the same tree', (rule) => {
    const e = parseRule(rule);
    expect(shape(parseRule(printRule(e)))).toEqual(shape(e));
  });

  it('puts parentheses only where the meaning needs them', () => {
    expect(printRule(parseRule('(a = 1 and b = 2) or c = 3'))).toBe('a = 1 and b = 2 or c = 3');
    expect(printRule(parseRule('a = 1 and (b = 2 or c = 3)'))).toBe('a = 1 and (b = 2 or c = 3)');
  });

  it('round-trips random trees', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const lit = (): Literal => {
      const k = Math.floor(rnd() * 5);
      return k === 0 ? { kind: 'number', value: Math.round((rnd() - 0.5) * 1e4) / 100 } : k === 1 ? { kind: 'string', value: ['x', 'A "b"', '中文', "it's", 'a\\b'][Math.floor(rnd() * 5)] } : k === 2 ? { kind: 'boolean', value: rnd() < 0.5 } : k === 3 ? { kind: 'date', value: '2024-02-29' } : { kind: 'duration', amount: -Math.floor(rnd() * 90), unit: 'd' };
    };
    const gen = (depth: number): Expr => {
      const r = rnd();
      if (depth > 0 && r < 0.25) return { kind: 'and', left: gen(depth - 1), right: gen(depth - 1) };
      if (depth > 0 && r < 0.5) return { kind: 'or', left: gen(depth - 1), right: gen(depth - 1) };
      if (depth > 0 && r < 0.6) return { kind: 'not', expr: gen(depth - 1) };
      const t = Math.floor(rnd() * 5);
      const field = 'profit';
      return t === 0 ? { kind: 'compare', field, op: '>=', value: lit(), pos: 0 } : t === 1 ? { kind: 'in', field, values: [lit(), lit()], negated: rnd() < 0.5, pos: 0 } : t === 2 ? { kind: 'between', field, low: lit(), high: lit(), pos: 0 } : t === 3 ? { kind: 'isNull', field, negated: rnd() < 0.5, pos: 0 } : { kind: 'contains', field, value: 'a"b', pos: 0 };
    };
    for (let i = 0; i < 300; i++) {
      const e = gen(4);
      expect(shape(parseRule(printRule(e))), printRule(e)).toEqual(shape(e));
    }
  });
});

describe('the builder tree', () => {
  it('flattens and/or chains into groups and gives back an equivalent rule', () => {
    const e = parseRule('rfm.segment = "Champions" and (country = "China" or country = "France" or city = "London") and not profit < 0');
    const g = toBuilder(e);
    expect(g.op).toBe('and');
    expect(g.items.map((i) => i.kind)).toEqual(['condition', 'group', 'group']);
    const or = g.items[1] as BuilderGroup;
    expect(or.op).toBe('or');
    expect(or.items).toHaveLength(3);
    expect((g.items[2] as BuilderGroup).negated).toBe(true);
    // Back to text: the same rule, written with the fewest parentheses.
    expect(printRule(fromBuilder(g)!)).toBe('rfm.segment = "Champions" and (country = "China" or country = "France" or city = "London") and not profit < 0');
  });

  it('is incomplete while a value is missing', () => {
    const g: BuilderGroup = { kind: 'group', op: 'and', negated: false, items: [{ kind: 'condition', field: 'profit', op: '>', values: [] }] };
    expect(fromBuilder(g)).toBeNull();
    expect(fromBuilder({ ...g, items: [] })).toBeNull();
  });
});

describe('field labels and rules in words', () => {
  it('names every rule field in both languages', () => {
    for (const f of Object.keys(FIELDS)) expect(FIELD_LABELS[f], f).toBeDefined();
  });
  it('says a rule in Chinese with labels and names, not code', () => {
    expect(describeRule(parseRule('rfm.segment = "At Risk" and profit > 100'), 'zh-CN')).toBe('RFM 细分 = 有流失风险 且 利润 > 100');
    expect(describeRule(parseRule('country in ("China", "France") and last_purchase < -180d'), 'zh-CN')).toBe('国家 属于 China、France 且 最近购买 < 180 天前');
    expect(describeRule(parseRule('value.quadrant = "II" or (orders >= 3 and flags.loss_making = true)'), 'en')).toBe('current × long-term value cell = II potential or (orders ≥ 3 and loses money = yes)');
  });
});
