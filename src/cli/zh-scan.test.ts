/**
 * The zh-CN scan (issue #18): every CLI command's human output, run in zh-CN on the demo company and on a store of
 * GB18030 Chinese data, holds no run of Latin letters except what the allow-list names: values from the data (ids,
 * names, product names, countries …), commands, options and values the user types, file names, and the terms a
 * Chinese marketer reads as they are (RFM, CLV, NPS, AUC …). A run that is not allowed fails with its context.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { readCsv } from '../test-support/csv.js';
import { tempDir } from '../test-support/temp.js';
import { DATA_WORDS, leftovers } from './i18n/zh-leftovers.js';

const tmp = tempDir('clientele-zh-scan-');
afterAll(() => tmp.cleanup());

/** Every distinct text value with a Latin letter in the CSV files of a folder, longest first. */
function dataValues(dir: string): string[] {
  const values = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.csv'))) {
    const { header, rows } = readCsv(join(dir, f));
    const named = header.map((h) => /name|category|country|region|city|industry|occupation|product|lifestyle|channel/i.test(h));
    for (const r of rows) {
      r.forEach((v, i) => {
        if (/[A-Za-z]/.test(v) && v.length > 1) values.add(v.trim());
        if (named[i]) for (const w of v.match(/[A-Za-z]{2,}/g) ?? []) DATA_WORDS.add(w);
      });
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

async function zh(args: readonly string[]): Promise<{ code: number; out: string }> {
  const r = await runCli(['--lang', 'zh-CN', ...args], { LANG: 'C', LC_ALL: '' });
  return { code: r.code, out: r.stdout + r.stderr };
}

describe('the CLI in zh-CN', () => {
  const db = join(tmp.dir, 'demo.duckdb');
  const data = join(tmp.dir, 'data');
  let values: string[] = [];
  let demoOut = '';
  let customerId = '';

  beforeAll(async () => {
    const demo = await zh(['--db', db, 'demo', '--customers', '800', '--out', data]);
    expect(demo.code, demo.out).toBe(0);
    demoOut = demo.out;
    values = dataValues(data);
    // The demo also writes a name into the store that is in no CSV file: its campaign's name.
    for (const w of 'win-back letter (demo)'.match(/[A-Za-z]{2,}/g) ?? []) DATA_WORDS.add(w);
    customerId = readCsv(join(data, 'customers.csv')).rows[0][0];
  }, 240_000);

  it('has every --help in Chinese', async () => {
    const top = await zh(['--help']);
    const commands = [...top.out.matchAll(/^ {2}(\w[\w-]*)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands.length).toBeGreaterThan(15);
    const subs: Record<string, string[]> = { clv: ['fit', 'predict', 'check'], segment: ['create', 'list', 'show', 'export', 'cluster', 'portrait', 'delete'], leads: ['qualify', 'score'], user: ['add', 'list', 'remove', 'token'] };
    const all = [[], ...commands.map((c) => [c]), ...Object.entries(subs).flatMap(([c, ss]) => ss.map((s) => [c, s]))];
    const bad: string[] = [];
    for (let i = 0; i < all.length; i += 4) {
      const outs = await Promise.all(all.slice(i, i + 4).map((a) => zh([...a, '--help'])));
      outs.forEach((o, j) => {
        expect(o.code).toBe(0);
        bad.push(...leftovers(o.out, []).map((l) => `${all[i + j].join(' ') || '(top)'}: ${l}`));
      });
    }
    expect(bad).toEqual([]);
  }, 240_000);

  it("has every command's output in Chinese on the demo company", async () => {
    const runs: string[][] = [
      ['imports'],
      ['quarantine'],
      ['value'],
      ['customer', customerId],
      ['report', '--out', join(tmp.dir, 'r.html')],
      ['clv', 'fit'],
      ['clv', 'check'],
      ['clv', 'predict', '--horizon', '52', '--discount-rate', '0.002', '--out', join(tmp.dir, 'clv.csv')],
      ['segment', 'create', '高利润', '--rule', 'profit > 100'],
      ['segment', 'list'],
      ['segment', 'show', '高利润'],
      ['segment', 'export', '高利润', '--out', join(tmp.dir, 'seg.csv')],
      ['segment', 'portrait', '高利润'],
      ['segment', 'cluster', '--features', 'rfm,profit', '--k', '3', '--name-prefix', '簇'],
      ['segment', 'delete', '高利润'],
      ['target'],
      ['allocate', '--budget', '10000'],
      ['migrate', '--from', '2024-06-30', '--to', '2024-12-31'],
      ['leads', 'qualify'],
      ['leads', 'score'],
      ['lookalike'],
      ['referrals'],
      ['churn'],
      ['recommend', '--customer', customerId],
      ['care', '--from', '2024-09-01', '--to', '2024-12-31', '--out', join(tmp.dir, 'care.csv')],
      ['user', 'list'],
      ['stages'],
      ['accounts'],
      ['lifecycle'],
      ['sources', '--cost', 'web=1000'],
      ['big-customers'],
      ['company', 'show'],
      ['company', 'set', '--price-tier', 'premium', '--service-capacity', 'high'],
      ['company', 'clear'],
      ['campaign', 'create', '春季', '--segment', 'At Risk', '--sent-at', '2024-10-01', '--out', join(tmp.dir, 'camp.csv')],
      ['campaign', 'list'],
      ['campaign', 'measure', '1'],
      ['config', 'show'],
      ['churn', '--learn', '--top', '5'],
      ['clv', 'fit', '--model', 'sbg'],
      // errors
      ['import', 'invoices', 'x.csv'],
      ['quarantine', '--import', '99'],
      ['value', '--margin-rate', '5'],
      ['valeu', 'value'],
      // errors of the core, translated by the i18n layer (thrown-zh.test.ts checks every one the source throws)
      ['customer', 'NOPE'],
      ['segment', 'show', 'nosuch'],
      ['segment', 'create', 'x', '--rule', 'nosuchfield > 1'],
      ['segment', 'create', 'x', '--rule', 'profit >'],
      ['config', 'set', 'nosuch', '1'],
      ['value', '--as-of', 'notadate'],
      ['imports', 'remove', '99'],
      ['import', 'orders', 'nofile.csv'],
      ['import', 'orders', join(tmp.dir, 'data', 'orders.csv'), '--encoding', 'klingon'],
      ['import', 'orders', join(tmp.dir, 'data', 'orders.csv'), '--date-format', 'QQQ'],
    ];
    const bad: string[] = leftovers(demoOut, values).map((l) => `demo: ${l}`);
    for (const args of runs) {
      const r = await zh(['--db', db, ...args]);
      bad.push(...leftovers(r.out, values, [...args, ...args.flatMap((a) => a.split(/\s+/)), 'profit > 100']).map((l) => `${args.slice(0, 2).join(' ')}: ${l}`));
      // Numbers are written out, never in exponent notation (1.98e+3).
      for (const m of r.out.matchAll(/\b\d+(?:\.\d+)?e[+-]?\d+\b/gi)) bad.push(`${args.slice(0, 2).join(' ')}: exponent ${m[0]}`);
    }
    expect(bad).toEqual([]);
  }, 600_000);

  it('reads a store of GB18030 Chinese data and speaks Chinese about it', async () => {
    const gdb = join(tmp.dir, 'gb.duckdb');
    const customers = ['客户编号,姓名,城市,国家,出生日期,注册日期', 'K001,王芳,上海市,中国,1985-03-02,2021-05-01', 'K002,李伟,北京市,中国,1990-10-12,2022-02-11', 'K003,张敏,广州市,中国,1978-09-20,2020-07-15'].join('\r\n') + '\r\n';
    const orders = ['订单号,客户编号,产品名称,数量,单价,日期', 'D1,K001,绿茶,2,35.5,2024年01月05日', 'D2,K001,月饼礼盒,1,188,2024年09月10日', 'D3,K002,绿茶,5,35.5,2024年03月01日', 'D4,K003,白酒,1,520,2024年02月08日', 'D5,K002,月饼礼盒,2,188,2024年09月12日', 'D6,K003,绿茶,1,35.5,2024年11月30日'].join('\r\n') + '\r\n';
    const c = tmp.file('客户.csv', iconv.encode(customers, 'gb18030'));
    const o = tmp.file('订单.csv', iconv.encode(orders, 'gb18030'));
    const bad: string[] = [];
    for (const args of [
      ['import', 'customers', c],
      ['import', 'orders', o],
      ['imports'],
      ['value', '--margin-rate', '0.4'],
      ['customer', 'K001', '--margin-rate', '0.4'],
      ['segment', 'create', '上海', '--rule', 'city = "上海市"'],
      ['segment', 'show', '上海'],
      ['care', '--from', '2024-09-01', '--to', '2024-10-31'],
      ['churn'],
    ]) {
      const r = await zh(['--db', gdb, ...args]);
      bad.push(...leftovers(r.out, [], [...args]).map((l) => `${args.slice(0, 2).join(' ')}: ${l}`));
    }
    expect(bad).toEqual([]);
  }, 240_000);
});
