/**
 * Words of QA session 9 (T1–T3, M1, M2): each run in English and 简体中文 on small stores made here. The missing-data
 * lines of leads qualify, an import note for a sheet whose name holds "; ", a portrait's fields and type values, a
 * role refused by the API, calendar dates that do not exist, a campaign whose control group cannot be measured, and
 * singular counts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../test-support/cli.js';
import { tempDir } from '../test-support/temp.js';
import { buildXlsx } from '../test-support/xlsx.js';
import { importText } from '../data/import-text.js';
import { translateCore } from './i18n/index.js';
import { leftovers } from './i18n/zh-leftovers.js';

const tmp = tempDir('clientele-words-s9-');
afterAll(() => tmp.cleanup());

const cli = async (db: string, args: readonly string[], lang: 'en' | 'zh-CN' = 'en') => {
  const r = await runCli(['--lang', lang, '--db', join(tmp.dir, db), ...args], { LANG: 'C', LC_ALL: '' });
  return { code: r.code, out: r.stdout + r.stderr, stdout: r.stdout };
};

describe('leads qualify with a check that has no data (T1)', () => {
  it('says what to import in Chinese, and lists lead ids in number order (M2)', async () => {
    // Ids as the bank preset makes them (file:line), in an order where text and number order differ.
    const ids = ['bank.csv:10004', 'bank.csv:1005', 'bank.csv:2', 'bank.csv:999', 'bank.csv:10'];
    const f = tmp.file('leads.csv', `lead_id,source\n${ids.map((id) => `${id},web`).join('\n')}\n`);
    expect((await cli('leads.duckdb', ['import', 'leads', f])).code).toBe(0);
    const zh = await cli('leads.duckdb', ['leads', 'qualify'], 'zh-CN');
    expect(zh.code, zh.out).toBe(0);
    expect(zh.out).toContain('资金：没有支付能力数据');
    expect(zh.out).toContain('决策权：没有决策权数据');
    expect(zh.out).toContain('需求：没有需求数据');
    expect(leftovers(zh.out, [], ['web'])).toEqual([]);
    const json = JSON.parse((await cli('leads.duckdb', ['leads', 'qualify', '--json'])).stdout) as { results: Array<{ leadId: string }> };
    expect(json.results.map((r) => r.leadId)).toEqual(['bank.csv:2', 'bank.csv:10', 'bank.csv:999', 'bank.csv:1005', 'bank.csv:10004']);
  }, 60_000);

  it('translates the reasons of fields the config names in Chinese (职位, 存款余额 …)', async () => {
    const { qualifyLeads, normalizeQualifyConfig } = await import('../act/index.js');
    const { tempStore } = await import('../test-support/temp.js');
    const { importFiles } = await import('../data/import.js');
    const s = await tempStore();
    try {
      const csv = 'lead_id,source,存款余额,职务,意向\nA,web,-5,经理,高\nB,web,abc,职员,低\nC,web,500,,很好\nD,web,,总监,\n';
      await importFiles(s.engine, { entity: 'leads', files: [s.dir.file('l.csv', csv)] });
      const config = normalizeQualifyConfig({ money: { fields: [{ field: '存款余额', min: 0 }] }, authority: { fields: ['职务'] }, need: { fields: ['意向'] } });
      const r = await qualifyLeads(s.engine, config);
      const reasons = r.results.flatMap((q) => (['money', 'authority', 'need'] as const).map((k) => q.checks[k].reason));
      expect(reasons.length).toBe(12);
      for (const reason of reasons) {
        const zh = translateCore(reason, 'zh-CN');
        expect(zh, reason).toMatch(/[\u4e00-\u9fff]/);
        expect(zh, reason).not.toMatch(/\{\{|\b(?:is|below|decides|not a|for this lead|neither)\b/);
      }
    } finally {
      await s.close();
    }
  });

  it('translates the money line whatever columns the config lists', () => {
    for (const list of ['balance, income, annual_revenue', '存款余额, income', '']) {
      const en = `no ability-to-pay data: import a budget column (or ${list})`;
      const zh = translateCore(en, 'zh-CN');
      expect(zh, en).toMatch(/^没有支付能力数据/);
      for (const c of list.split(', ').filter(Boolean)) expect(zh).toContain(`\`${c}\``);
    }
  });
});

describe('an import note for a sheet whose name holds "; " (T2)', () => {
  it('reads in Chinese for any sheet name', () => {
    for (const sheet of ['Q1; 2024', "Sheet'2; DROP", 'a; b; c', '销售(2024)', 'x"; y', 'quarantine lines are; odd']) {
      for (const rows of [1, 7]) {
        for (const headerRow of [1, 3]) {
          const en = importText('sheet', { sheet, rows, headerRow }, 'en');
          expect(translateCore(en, 'zh-CN'), en).toBe(importText('sheet', { sheet, rows, headerRow }, 'zh-CN'));
          // With the parts that may follow it (date serials, a sheet left out), joined by "; " as inputs.ts does.
          const more = `${en}; plain numbers in "a; b" read as Excel date serials (1900 date system); sheet "n; m" was not imported: it has no column for product_id (import it alone with --sheet to see its columns)`;
          const zh = translateCore(more, 'zh-CN');
          expect(zh, more).toContain(`工作表“${sheet}”`);
          expect(zh, more).toContain('工作表“n; m”未导入');
          expect(zh).not.toMatch(/of an Excel workbook|not imported|date serials/);
        }
      }
    }
  });

  it('says so in a zh-CN import of a workbook, and "1 row" in English (M2)', async () => {
    const book = tmp.file('q1.xlsx', Buffer.from(buildXlsx([{ name: 'Q1; 2024', rows: [['product_id', 'name', 'unit_cost'], ['P1', 'Tea', 3]] }])));
    const zh = await cli('sheet-zh.duckdb', ['import', 'products', book], 'zh-CN');
    expect(zh.code, zh.out).toBe(0);
    expect(zh.out).toContain('Excel 工作簿的工作表“Q1; 2024”：1 行；隔离区的行号即工作表的行号');
    // A product's name is 名称, not a person's 姓名.
    expect(zh.out).toContain('名称 ← name');
    expect(zh.out).not.toContain('姓名 ← name');
    const en = await cli('sheet-en.duckdb', ['import', 'products', book]);
    expect(en.out).toContain('sheet "Q1; 2024" of an Excel workbook: 1 row;');
  }, 60_000);
});

describe('a portrait in zh-CN (T3)', () => {
  it('names every behaviour row and says the type and gender in Chinese', async () => {
    const cust = ['customer_id,type,gender,income'];
    const orders = ['order_id,customer_id,ordered_at,amount'];
    for (let i = 0; i < 40; i++) {
      const id = `K${String(i).padStart(3, '0')}`;
      cust.push(`${id},${i % 3 === 0 ? 'household' : 'individual'},${i % 2 ? 'female' : 'male'},${i % 3 === 0 ? 150000 : 30000 + i}`);
      orders.push(`A${i},${id},2024-0${1 + (i % 9)}-1${i % 10},${20 + i}`, `B${i},${id},2024-10-0${1 + (i % 9)},${5 + i}`);
    }
    expect((await cli('portrait.duckdb', ['import', 'customers', tmp.file('c.csv', cust.join('\n') + '\n')])).code).toBe(0);
    expect((await cli('portrait.duckdb', ['import', 'orders', tmp.file('o.csv', orders.join('\n') + '\n')])).code).toBe(0);
    expect((await cli('portrait.duckdb', ['segment', 'create', 'rich', '--rule', 'income > 100000'])).code).toBe(0);
    const zh = await cli('portrait.duckdb', ['segment', 'portrait', 'rich'], 'zh-CN');
    expect(zh.code, zh.out).toBe(0);
    expect(zh.out).toMatch(/^净收入 /m);
    expect(zh.out).toMatch(/类型 = 家庭：/);
    expect(zh.out).toMatch(/^家庭 /m);
    expect(zh.out).toMatch(/^(?:男|女) /m);
    expect(leftovers(zh.out, [], ['rich'])).toEqual([]);
    const en = await cli('portrait.duckdb', ['segment', 'portrait', 'rich']);
    expect(en.out).toMatch(/^net revenue /m);
    expect(en.out).toMatch(/type = household:/);
  }, 90_000);

  it('names the roles of a refused request in Chinese', () => {
    expect(translateCore('this needs the analyst role; you are viewer', 'zh-CN')).toBe('这需要分析师（`analyst`）角色；您是查看者（`viewer`）');
    expect(translateCore('this needs the admin role; you are analyst', 'zh-CN')).toBe('这需要管理员（`admin`）角色；您是分析师（`analyst`）');
  });
});

describe('dates, campaigns and counts (M1, M2)', () => {
  const db = 'm1.duckdb';
  it('refuses a calendar date that does not exist, in care and campaign --sent-at', async () => {
    const cust = ['customer_id,birth_date'];
    const orders = ['order_id,customer_id,ordered_at,amount'];
    for (let i = 0; i < 30; i++) {
      cust.push(`C${i},1980-02-${String(1 + (i % 28)).padStart(2, '0')}`);
      orders.push(`O${i},C${i},2024-03-${String(1 + (i % 28)).padStart(2, '0')},${10 + i}`);
    }
    expect((await cli(db, ['import', 'customers', tmp.file('m1c.csv', cust.join('\n') + '\n')])).code).toBe(0);
    expect((await cli(db, ['import', 'orders', tmp.file('m1o.csv', orders.join('\n') + '\n')])).code).toBe(0);
    for (const from of ['2024-02-30', '2023-02-29', '2024-04-31', '2024-13-01']) {
      const r = await cli(db, ['care', '--from', from, '--to', '2024-05-01']);
      expect(r.code, `${from}: ${r.out}`).toBe(2);
      expect(r.out).toContain(`--from ${from}: expected a date YYYY-MM-DD`);
      const zh = await cli(db, ['care', '--from', from, '--to', '2024-05-01'], 'zh-CN');
      expect(zh.out).toContain(`--from ${from}：应为日期 YYYY-MM-DD`);
    }
    const ok = await cli(db, ['care', '--from', '2024-02-29', '--to', '2024-03-01']);
    expect(ok.code, ok.out).toBe(0);
    const sent = await cli(db, ['campaign', 'create', 'x', '--segment', 'all-of-them-nope', '--sent-at', '2024-02-30']);
    expect(sent.code).not.toBe(0);
    expect((await cli(db, ['segment', 'create', 'all', '--rule', 'orders >= 1'])).code).toBe(0);
    const bad = await cli(db, ['campaign', 'create', 'x', '--segment', 'all', '--sent-at', '2024-02-30']);
    expect(bad.code, bad.out).toBe(2);
    expect(bad.out).toContain('--sent-at 2024-02-30: expected a date YYYY-MM-DD');
    expect(bad.out).not.toContain('no order lines');
  }, 90_000);

  it('warns when a campaign has fewer than 2 customers in a group, in both languages', async () => {
    // 30 customers, 10% held out within each RFM segment: a few rounds to 0 controls.
    const few = await cli(db, ['campaign', 'create', 'tiny', '--segment', 'all', '--holdout', '0.05']);
    expect(few.code, few.out).toBe(0);
    const m = /(\d+) treated, (\d+) held out/.exec(few.out);
    expect(Number(m![2])).toBeLessThan(2);
    expect(few.out).toContain(`warning: ${m![1]} treated and ${m![2]} in the control group: a measurement needs at least 2 customers in each group`);
    const zh = await cli(db, ['campaign', 'create', 'tiny2', '--segment', 'all', '--holdout', '0.05'], 'zh-CN');
    expect(zh.out).toContain('警告：实验组');
    expect(leftovers(zh.out, [], ['tiny2', 'all'])).toEqual([]);
    const json = JSON.parse((await cli(db, ['campaign', 'create', 'tiny3', '--segment', 'all', '--holdout', '0.05', '--json'])).stdout) as { warnings?: string[] };
    expect(json.warnings).toHaveLength(1);
    const enough = await cli(db, ['campaign', 'create', 'half', '--segment', 'all', '--holdout', '0.5', '--json']);
    const k = JSON.parse(enough.stdout) as { campaign: { treated: number; control: number }; warnings?: string[] };
    expect(k.campaign.control).toBeGreaterThanOrEqual(2);
    expect(k.warnings).toBeUndefined();
  }, 60_000);

  it('counts one customer and one replaced row in the singular', async () => {
    const one = await cli(db, ['segment', 'create', 'one', '--rule', 'revenue = 10']);
    expect(one.out).toMatch(/Segment "one": 1 customer \(/);
    const again = await cli(db, ['import', 'customers', tmp.file('m1c2.csv', 'customer_id,birth_date\nC0,1980-02-02\n')]);
    expect(again.out).toContain('(1 of them replaced a stored row)');
    expect(again.out).not.toMatch(/\b1 (?:customers|rows)\b/);
  }, 60_000);
});

describe('a day past its month’s end is no day, for every option that takes one (QA session 9, M1)', () => {
  it('isCalendarDay', async () => {
    const { isCalendarDay } = await import('../calendar-day.js');
    for (const d of ['2024-02-29', '2023-12-31', '2024-01-01']) expect(isCalendarDay(d), d).toBe(true);
    for (const d of ['2024-02-30', '2023-02-29', '2024-04-31', '2024-13-01', '2024-1-01', '2024-01-01T00:00', '']) expect(isCalendarDay(d), d).toBe(false);
  });
});
