/**
 * Imported attributes named as real exports name their columns (QA session 7, finding 12): quoted in rules, and a
 * name no customer has refused with the close ones, not a segment of 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { closeAttributes, countRule, createSegment, parseRule, printRule, SegmentRuleError, tokenize } from './index.js';

const CONTRACTS = ['Month-to-month', 'One year', 'Two year'];
/** 60 customers: contract by i % 3, charges 20 + i, churned when i % 4 = 0, a unit price of i % 5, senior when i % 6 = 0. */
const people = Array.from({ length: 60 }, (_, i) => ({ id: `K${i}`, contract: CONTRACTS[i % 3], charges: 20 + i, churned: i % 4 === 0 ? 'Yes' : 'No', price: i % 5, senior: i % 6 === 0 ? 1 : 0 }));

describe('attribute names with spaces, brackets and signs', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  const config = normalizeValueConfig({});
  beforeAll(async () => {
    store = await tempStore();
    const csv = ['customer_id,Contract Type,Monthly Charges ($),Churned?,单价(元),Senior,Quote "q"', ...people.map((p) => `${p.id},${p.contract},${p.charges},${p.churned},${p.price},${p.senior},x${p.senior}`)].join('\n');
    await importFiles(store.engine, { entity: 'customers', files: [store.dir.file('c.csv', csv + '\n')] });
    const orders = ['order_id,customer_id,ordered_at,amount', ...people.map((p, i) => `O${i},${p.id},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${10 + i}`)].join('\n');
    await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', orders + '\n')] });
  });
  afterAll(async () => store.close());

  it('reads a quoted attribute name, after a dot or in brackets, and counts as the file says', async () => {
    const count = (f: (p: (typeof people)[number]) => boolean) => people.filter(f).length;
    const cases: Array<[string, number]> = [
      ['attributes."Contract Type" = "Two year"', count((p) => p.contract === 'Two year')],
      ["attributes['Contract Type'] in ('One year', 'Two year')", count((p) => p.contract !== 'Month-to-month')],
      ['attributes["Monthly Charges ($)"] > 50', count((p) => p.charges > 50)],
      ['attributes."Churned?" = "Yes" and attributes.Senior = 1', count((p) => p.churned === 'Yes' && p.senior === 1)],
      ['attributes."单价(元)" >= 3', count((p) => p.price >= 3)],
      ['attributes."Quote \\"q\\"" = "x1"', count((p) => p.senior === 1)],
      ['not attributes."Contract Type" contains "year"', count((p) => !p.contract.includes('year'))],
    ];
    for (const [rule, n] of cases) {
      expect(n, rule).toBeGreaterThan(0);
      expect(await countRule(store.engine, rule, config), rule).toBe(n);
    }
  });

  it('prints such names back quoted, so the builder round-trips them', () => {
    for (const rule of ['attributes."Contract Type" = "Two year"', 'attributes["Monthly Charges ($)"] > 50 or attributes.Senior = 1', 'attributes."Quote \\"q\\"" is null']) {
      const e = parseRule(rule);
      const text = printRule(e);
      expect(JSON.stringify(parseRule(text), (k, v) => (k === 'pos' ? undefined : v))).toBe(JSON.stringify(e, (k, v) => (k === 'pos' ? undefined : v)));
    }
    expect(printRule(parseRule('attributes["Contract Type"] = "x"'))).toBe('attributes."Contract Type" = "x"');
    expect(printRule(parseRule('attributes.Senior = 1'))).toBe('attributes.Senior = 1');
  });

  it('says to quote a name that goes on past a space or holds a sign', () => {
    for (const rule of ['attributes.Contract Type = "Two year"', 'attributes.Churned? = "Yes"', 'attributes.Monthly Charges ($) > 5']) {
      expect(() => parseRule(rule), rule).toThrow(/attribute name with spaces or signs goes in quotes: attributes\."Contract Type"/);
    }
    expect(() => tokenize('attributes."" = 1')).toThrow(/cannot be empty/);
    expect(() => tokenize('attributes["Contract Type" = 1')).toThrow(/expected "\]"/);
    expect(() => tokenize('attributes."Contract Type = 1')).toThrow(/unterminated string/);
  });

  it('refuses an attribute no customer has, naming the close ones and those there are', async () => {
    const refused = async (rule: string) => {
      const e = await countRule(store.engine, rule, config).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e, rule).toBeInstanceOf(SegmentRuleError);
      return (e as Error).message;
    };
    expect(await refused('attributes.Contract_Type = "Two year"')).toMatch(/^no customer has the attribute attributes\.Contract_Type \(did you mean attributes\."Contract Type"\? imported attributes: attributes\."Contract Type", attributes\."Monthly Charges \(\$\)", attributes\."Churned\?", attributes\."单价\(元\)", attributes\.Senior/);
    expect(await refused('attributes.Senoir = 1')).toMatch(/did you mean attributes\.Senior\?/);
    expect(await refused('country = "x" or attributes.senior is null')).toMatch(/did you mean attributes\.Senior\?/);
    expect(await refused('attributes.Zzzzzzzz = 1')).not.toMatch(/did you mean/);
    // Not saved either.
    await expect(createSegment(store.engine, 's8', 'attributes.Contract_Type = "Two year"', config)).rejects.toThrow(/no customer has the attribute/);
    expect((await store.engine.query("SELECT count(*) AS n FROM segments WHERE name = 's8'"))[0]).toEqual({ n: 0 });
    expect(closeAttributes('contract type', ['Contract Type', 'Senior'])).toEqual(['Contract Type']);
  });
});

describe('through the CLI', () => {
  it('refuses a misspelt attribute (exit 2, in English and 简体中文), counts a quoted one, and says how in the help', async () => {
    const { runCli } = await import('../test-support/cli.js');
    const { tempDir } = await import('../test-support/temp.js');
    const tmp = tempDir();
    try {
      const db = `${tmp.dir}/t.duckdb`;
      const c = tmp.file('c.csv', ['customer_id,Contract Type,Senior', ...people.map((p) => `${p.id},${p.contract},${p.senior}`)].join('\n') + '\n');
      const o = tmp.file('o.csv', ['order_id,customer_id,ordered_at,amount', ...people.map((p, i) => `O${i},${p.id},2024-02-${String(1 + (i % 28)).padStart(2, '0')},${5 + i}`)].join('\n') + '\n');
      for (const [entity, file] of [['customers', c], ['orders', o]]) expect((await runCli(['--db', db, 'import', entity, file])).code).toBe(0);
      const bad = await runCli(['--db', db, 'segment', 'create', 's8', '--rule', 'attributes.Senoir = 1']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/no customer has the attribute attributes\.Senoir \(did you mean attributes\.Senior\?/);
      const zh = await runCli(['--lang', 'zh-CN', '--db', db, 'segment', 'create', 's8', '--rule', 'attributes.Contract_Type = "Two year"']);
      expect(zh.code).toBe(2);
      expect(zh.stderr).toMatch(/没有客户有属性 attributes\.Contract_Type（是否想用 attributes\."Contract Type"？/);
      const ok = await runCli(['--db', db, 'segment', 'create', 's8', '--rule', 'attributes."Contract Type" = "Two year"']);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain(`Segment "s8": ${people.filter((p) => p.contract === 'Two year').length} customers`);
      // Commander wraps the help at the terminal's width.
      expect((await runCli(['segment', '--help'])).stdout.replace(/\s+/g, ' ')).toContain('goes in quotes: attributes."Contract Type" = "Two year"');
      expect((await runCli(['--lang', 'zh-CN', 'segment', '--help'])).stdout.replace(/\s+/g, '')).toContain('名称含空格或符号的属性要加引号');
    } finally {
      tmp.cleanup();
    }
  });
});
