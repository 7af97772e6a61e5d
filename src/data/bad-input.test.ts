/**
 * A corpus of bad input files, generated here (issue #13). Every file either imports with every physical line after
 * the header accounted for (loaded + quarantined + merged into a multi-line record + blank = lines counted here,
 * independently, by splitting the text on "\n"), or is refused with the store unchanged. After the whole corpus,
 * value, customer, clv fit and report still run on the store.
 *
 * Other helpers add their cases to CASES (one entry each).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.js';
import { IMPORTED_TABLES } from '../sql/schema.js';
import { tempStore } from '../test-support/temp.js';
import { importFiles, type FileImportReport, type ImportOptions } from './import.js';

interface Case {
  readonly name: string;
  readonly entity: ImportOptions['entity'];
  /** The file as text; `bytes` encodes it (default UTF-8). */
  readonly text: string;
  readonly bytes?: (text: string) => Buffer;
  readonly file?: string;
  readonly options?: Partial<ImportOptions>;
  /** 'refused': the import must fail with a clear error and leave the store unchanged; 'either' allows both. */
  readonly outcome?: 'loaded' | 'refused' | 'either';
  /** Records the file holds when they are not its physical lines (a JSON array: its elements). */
  readonly records?: number;
  readonly check?: (r: FileImportReport, engine: Engine) => Promise<void> | void;
}

const HEADER = 'order_id,customer_id,ordered_at,product_id,quantity,unit_price';
const row = (i: number) => `O${i},C${i % 7},2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00,P${i % 5},${1 + (i % 3)},${(i % 9) + 1}.50`;
const orders = (n: number, edit: (i: number, line: string) => string = (_, l) => l) => [HEADER, ...Array.from({ length: n }, (_, i) => edit(i + 1, row(i + 1)))].join('\n') + '\n';
const CHEADER = 'customer_id,name,city,birth_date,income';
const customers = (lines: string[]) => [CHEADER, ...lines].join('\n') + '\n';
const gb = (t: string) => iconv.encode(t, 'gb18030');
const reasonsOf = (r: FileImportReport) => r.reasons.map((x) => x.reason).join(' | ');

const CASES: Case[] = [
  {
    name: 'stray quote on row 41 of 100',
    entity: 'orders',
    text: orders(100, (i, l) => (i === 41 ? l.replace('C', '"C') : l)),
    check: (r) => expect(r).toMatchObject({ imported: 99, quarantined: 1 }),
  },
  { name: 'stray quote in the last row', entity: 'orders', text: orders(20, (i, l) => (i === 20 ? l.replace(',P', ',"P') : l)), check: (r) => expect(r).toMatchObject({ imported: 19, quarantined: 1 }) },
  { name: 'text after a closing quote', entity: 'orders', text: orders(20, (i, l) => (i === 5 ? l.replace(/,P(\d)/, ',"P$1"x') : l)), check: (r) => expect(r).toMatchObject({ imported: 19, quarantined: 1 }) },
  { name: 'two stray quotes 10 rows apart', entity: 'orders', text: orders(40, (i, l) => (i === 10 || i === 20 ? l.replace('C', '"C') : l)), check: (r) => expect(r.imported).toBe(38) },
  {
    name: 'quoted line breaks: merged records',
    entity: 'products',
    text: 'product_id,name,category\nP1,"Mug\nlarge\nred",Kitchen\nP2,Plate,Kitchen\nP3,"Two\nlines",Misc\n',
    check: (r) => {
      expect(r).toMatchObject({ imported: 3, quarantined: 0 });
      expect(r.lines.merged).toBe(3);
      expect(r.multiLineRecords).toEqual([{ line: 2, lines: 3 }, { line: 6, lines: 2 }]);
    },
  },
  { name: 'too many columns', entity: 'orders', text: orders(10, (i, l) => (i === 3 ? l + ',extra' : l)), check: (r) => expect(reasonsOf(r)).toMatch(/TOO MANY COLUMNS/) },
  { name: 'too few columns', entity: 'orders', text: orders(10, (i, l) => (i === 4 ? l.split(',').slice(0, 3).join(',') : l)), check: (r) => expect(reasonsOf(r)).toMatch(/MISSING COLUMNS/) },
  { name: 'blank lines in the middle', entity: 'orders', text: orders(10, (i, l) => (i === 3 ? '\n' + l : i === 7 ? l + '\n\n' : l)), check: (r) => expect(r).toMatchObject({ imported: 10, lines: { blank: 3 } }) },
  { name: 'a line of spaces', entity: 'orders', text: orders(10, (i, l) => (i === 5 ? '   \t\n' + l : l)), check: (r) => expect(r.imported).toBe(10) },
  { name: 'CRLF line ends', entity: 'orders', text: orders(10).replaceAll('\n', '\r\n'), check: (r) => expect(r.imported).toBe(10) },
  {
    name: 'a NUL byte late in the file, in an id',
    entity: 'orders',
    text: orders(5000, (i, l) => (i === 4900 ? l.replace('C', 'C\u0000') : l)),
    check: async (r, e) => {
      expect(r).toMatchObject({ imported: 4999, quarantined: 1 });
      expect((await e.query<{ n: number }>("SELECT count(*) AS n FROM order_lines WHERE customer_id LIKE '%' || chr(0) || '%'"))[0].n).toBe(0);
    },
  },
  { name: 'date 294247-01-10', entity: 'orders', text: orders(10, (i, l) => (i === 2 ? l.replace('2024-01-03 10:00:00', '294247-01-10') : l)), check: (r) => expect(reasonsOf(r)).toMatch(/plausible dates|not a date/) },
  { name: 'date -2024-01-01', entity: 'orders', text: orders(10, (i, l) => (i === 2 ? l.replace('2024-01-03 10:00:00', '-2024-01-01') : l)), check: (r) => expect(r).toMatchObject({ imported: 9, quarantined: 1 }) },
  { name: 'date 1899-12-31', entity: 'orders', text: orders(10, (i, l) => (i === 2 ? l.replace('2024-01-03 10:00:00', '1899-12-31 10:00:00') : l)), check: (r) => expect(reasonsOf(r)).toMatch(/outside the plausible dates 1900-01-01..2100-12-31/) },
  { name: 'date 2101-01-01', entity: 'orders', text: orders(10, (i, l) => (i === 9 ? l.replace('2024-01-10 10:00:00', '2101-01-01 00:00:00') : l)), check: (r) => expect(r.quarantined).toBe(1) },
  { name: 'a custom plausible range', entity: 'orders', text: orders(10), options: { limits: { minDate: '2024-01-05' } }, check: (r) => expect(r).toMatchObject({ imported: 7, quarantined: 3 }) }, // rows 1–3 fall on 2–4 January
  { name: 'NaN price', entity: 'orders', text: orders(10, (i, l) => (i === 3 ? l.replace(/,[\d.]+$/, ',NaN') : l)), check: (r) => expect(reasonsOf(r)).toMatch(/not a finite number/) },
  { name: 'Infinity quantity', entity: 'orders', text: orders(10, (i, l) => (i === 3 ? l.replace(/,(\d),/, ',Infinity,') : l)), check: (r) => expect(r.quarantined).toBe(1) },
  { name: '-Infinity price', entity: 'orders', text: orders(10, (i, l) => (i === 3 ? l.replace(/,[\d.]+$/, ',-Infinity') : l)), check: (r) => expect(r.quarantined).toBe(1) },
  { name: '1e309 price', entity: 'orders', text: orders(10, (i, l) => (i === 3 ? l.replace(/,[\d.]+$/, ',1e309') : l)), check: (r) => expect(r.quarantined).toBe(1) },
  { name: '1e20 price (no business)', entity: 'orders', text: orders(10, (i, l) => (i === 3 ? l.replace(/,[\d.]+$/, ',1e20') : l)), check: (r) => expect(reasonsOf(r)).toMatch(/plausible magnitude/) },
  { name: '1e19 quantity (bigint overflow)', entity: 'orders', text: orders(10, (i, l) => (i === 3 ? l.replace(/,(\d),/, ',10000000000000000000,') : l)), check: (r) => expect(r.quarantined).toBe(1) },
  {
    name: 'Latin-1 (Café crème)',
    entity: 'products',
    text: 'product_id,name,category\nP1,Café crème,Boissons\nP2,Crêpe,Desserts\nP3,Thé glacé,Boissons\n',
    bytes: (t) => iconv.encode(t, 'latin1'),
    check: async (r, e) => {
      expect(r.encoding).toBe('latin1');
      expect((await e.query<{ name: string }>("SELECT name FROM products WHERE product_id = 'P1'"))[0].name).toBe('Café crème');
    },
  },
  { name: 'Windows-1252 with €', entity: 'products', text: 'product_id,name,category\nP1,Prix 5€ à emporter,Cafés\nP2,Crème brûlée,Desserts\n', bytes: (t) => iconv.encode(t, 'win1252'), check: (r) => expect(r.encoding).toBe('latin1') },
  {
    name: 'GB18030 customers',
    entity: 'customers',
    text: '客户编号,姓名,城市\nK1,张三,北京\nK2,李四,上海\nK3,王五,广州\n',
    bytes: gb,
    check: async (r, e) => {
      expect(r.encoding).toBe('gb18030');
      expect((await e.query<{ city: string }>("SELECT city FROM customers WHERE customer_id = 'K2'"))[0].city).toBe('上海');
    },
  },
  {
    name: 'Big5 customers (traditional Chinese)',
    entity: 'customers',
    text: '客戶編號,姓名,城市\nT1,陳大文,臺北\nT2,林小明,高雄\nT3,黃美麗,臺中\nT4,張偉,新竹\n',
    bytes: (t) => iconv.encode(t, 'big5'),
    options: { map: { customer_id: '客戶編號' } },
    check: async (r, e) => {
      expect(r.encoding).toBe('big5');
      expect((await e.query<{ city: string }>("SELECT city FROM customers WHERE customer_id = 'T2'"))[0].city).toBe('高雄');
    },
  },
  { name: 'UTF-16 LE with BOM', entity: 'products', text: 'product_id,name\nU1,Tee 茶\nU2,Coffee\n', bytes: (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]), check: (r) => expect(r).toMatchObject({ encoding: 'utf16le', imported: 2 }) },
  { name: 'UTF-16 BE with BOM', entity: 'products', text: 'product_id,name\nB1,Tee 茶\nB2,Coffee\n', bytes: (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(t, 'utf16-be')]), check: (r) => expect(r).toMatchObject({ encoding: 'utf16be', imported: 2 }) },
  {
    name: 'mostly UTF-8, two GB18030 lines',
    entity: 'customers',
    text: customers(['M1,张三,北京,,', 'M2,李四,上海,,', 'M3,王五,广州,,', 'M4,赵六,深圳,,', 'M5,GBLINE1,成都,,', 'M6,GBLINE2,重庆,,']),
    bytes: (t) => Buffer.concat(t.split('\n').map((l, i, a) => (l.includes('GBLINE') ? gb(l) : Buffer.from(l, 'utf8'))).flatMap((b, i, a) => (i < a.length - 1 ? [b, Buffer.from('\n')] : [b]))),
    check: (r) => {
      expect(r).toMatchObject({ encoding: 'utf8', imported: 4, quarantined: 2 });
      expect(reasonsOf(r)).toMatch(/mixes encodings/);
    },
  },
  {
    name: 'mostly GB18030, one UTF-8 line',
    entity: 'customers',
    text: customers(['G1,张三,北京,,', 'G2,李四,上海,,', 'G3,王五,广州,,', 'G4,UTF8LINE,深圳市南山区科技园,,']),
    bytes: (t) => Buffer.concat(t.split('\n').map((l) => (l.includes('UTF8LINE') ? Buffer.from(l, 'utf8') : gb(l))).flatMap((b, i, a) => (i < a.length - 1 ? [b, Buffer.from('\n')] : [b]))),
    check: (r) => expect(r).toMatchObject({ encoding: 'gb18030', imported: 3, quarantined: 1 }),
  },
  {
    name: 'GB18030 text only after the first 256 KB',
    entity: 'products',
    text: 'product_id,name\n' + Array.from({ length: 12000 }, (_, i) => `A${i},plain ascii product name number ${i}`).join('\n') + '\nZ1,茶杯\nZ2,咖啡\n',
    bytes: gb,
    check: async (r, e) => {
      expect(r.encoding).toBe('gb18030');
      expect((await e.query<{ name: string }>("SELECT name FROM products WHERE product_id = 'Z1'"))[0].name).toBe('茶杯');
    },
  },
  { name: 'U+FFFD in the text', entity: 'products', text: 'product_id,name\nR1,Caf\ufffd\nR2,ok\n', check: (r) => expect(r.notes.join(' ')).toMatch(/1 lines hold the replacement character/) },
  { name: 'double-encoded UTF-8 (mojibake)', entity: 'products', text: 'product_id,name\nJ1,CafÃ© crÃ¨me\nJ2,ok\n', check: (r) => expect(r.notes.join(' ')).toMatch(/1 lines hold text that looks encoded twice/) },
  {
    name: '出生日期 = 不详: the customer loads, the value is a warning',
    entity: 'customers',
    text: '客户编号,姓名,出生日期\nB1,张三,1980-05-01\nB2,李四,不详\n',
    check: async (r, e) => {
      expect(r).toMatchObject({ imported: 2, quarantined: 0, warned: 1 });
      const w = await e.query<{ column_name: string; value: string; reason: string }>(`SELECT column_name, value, reason FROM import_warnings WHERE import_id = ${r.importId}`);
      expect(w).toEqual([{ column_name: '出生日期', value: '不详', reason: '"不详" is not a date (expected ISO 8601)' }]);
    },
  },
  { name: 'optional birth date 294247-01-10 degrades', entity: 'customers', text: customers(['D1,Ann,Oslo,294247-01-10,100', 'D2,Bo,Oslo,1970-01-01,100']), check: (r) => expect(r).toMatchObject({ imported: 2, warned: 1 }) },
  { name: 'optional income NaN degrades', entity: 'customers', text: customers(['N1,Ann,Oslo,,NaN', 'N2,Bo,Oslo,,-5', 'N3,Cy,Oslo,,1e400']), check: (r) => expect(r).toMatchObject({ imported: 3, warned: 3 }) },
  { name: 'required customer id missing', entity: 'customers', text: customers([',Ann,Oslo,,', 'Q2,Bo,Oslo,,']), check: (r) => expect(r).toMatchObject({ imported: 1, quarantined: 1 }) },
  { name: 'exact duplicate lines', entity: 'orders', text: orders(10, (i, l) => (i === 6 ? row(2) : i === 8 ? row(2) : l)), check: (r) => expect(r).toMatchObject({ imported: 8, quarantined: 2 }) },
  {
    name: 'lines that differ only in an unmatched column',
    entity: 'orders',
    text: 'order_id,customer_id,ordered_at,quantity,unit_price,货架\nA1,C1,2024-01-01,1,2,X\nA1,C1,2024-01-01,1,2,Y\nA1,C1,2024-01-01,1,2,X\n',
    check: (r) => {
      expect(r).toMatchObject({ imported: 2, quarantined: 1 });
      expect(r.keptApartBy).toEqual([{ column: '货架', lines: 3 }]);
    },
  },
  { name: 'duplicate customer ids (padded)', entity: 'customers', text: customers(['K1,Ann,Oslo,,', ' K1 ,Bo,Oslo,,']), check: (r) => expect(r).toMatchObject({ imported: 1, quarantined: 1 }) },
  { name: 'semicolons with a stray quote', entity: 'orders', text: orders(30, (i, l) => (i === 12 ? l.replace('C', '"C') : l)).replaceAll(',', ';'), check: (r) => expect(r).toMatchObject({ imported: 29, quarantined: 1 }) },
  { name: 'a lone quote line', entity: 'orders', text: orders(10, (i, l) => (i === 5 ? '"\n' + l : l)), check: (r) => expect(r).toMatchObject({ imported: 10, quarantined: 1 }) },
  { name: 'every line unreadable', entity: 'orders', text: HEADER + '\nA1,c1,2024-01-01,P1,1,2,extra\n"B2,c1,2024-01-01,P1,1,2\n', check: (r) => expect(r).toMatchObject({ imported: 0, quarantined: 2 }) },
  { name: 'header only', entity: 'orders', text: HEADER + '\n', check: (r) => expect(r).toMatchObject({ imported: 0, quarantined: 0 }) },
  { name: 'a 1 MB line', entity: 'products', text: `product_id,name\nL1,${'x'.repeat(1 << 20)}\nL2,short\n`, check: (r) => expect(r.imported).toBe(2) },
  { name: 'empty file', entity: 'orders', text: '', outcome: 'refused' },
  { name: 'binary (zip) file', entity: 'orders', text: '', bytes: () => Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x14, 0, 0xff, 0, 0, 0]), outcome: 'refused' },
  { name: 'no column for the order date', entity: 'orders', text: 'order_id,customer_id,amount\nA1,C1,5\n', outcome: 'refused' },
  { name: 'bad --date-format', entity: 'orders', text: orders(5), options: { dateFormat: '%Q-%Z' }, outcome: 'either' },
  { name: 'unknown Chinese headers', entity: 'orders', text: '发票号;商品编码;商品描述;数量;日期;单价;客户编号;国家\n536365;85123A;杯子;6;2010/12/01 08:26;2.55;17850;United Kingdom\n', outcome: 'either' },
  { name: 'a JSON array', entity: 'orders', file: 'a.json', text: '[{"order_id":"J1","customer_id":"c1","ordered_at":"2024-01-02","amount":5}]\n', outcome: 'either', records: 1 },
  { name: 'a 100,000-column header', entity: 'orders', text: Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',') + '\n' + Array.from({ length: 100_000 }, () => '1').join(',') + '\n', outcome: 'either' },
];

let store: Awaited<ReturnType<typeof tempStore>>;
let engine: Engine;
beforeAll(async () => {
  store = await tempStore();
  engine = store.engine;
  // A good base so that the commands afterwards have customers to work on.
  await importFiles(engine, { entity: 'orders', files: [store.dir.file('base.csv', orders(400))] });
});
let closed = false;
afterAll(async () => (closed ? store.dir.cleanup() : store.close()));

async function snapshot(e: Engine): Promise<string> {
  const counts: string[] = [];
  for (const t of [...IMPORTED_TABLES, 'imports', 'customer_facts']) {
    try {
      counts.push(`${t}=${(await e.query<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))[0].n}`);
    } catch {
      counts.push(`${t}=?`);
    }
  }
  return counts.join(' ');
}

/** Physical lines after the header, counted from the text alone. */
function dataLines(text: string): number {
  const parts = text.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return Math.max(0, parts.length - 1);
}

describe('the bad-input corpus', () => {
  it('has at least 40 files', () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', async (_, i) => {
    const c0 = CASES[i];
    // Order ids made unique per case, so that no case's lines are "already in the store" from another.
    const c = { ...c0, text: c0.text.replace(/^O(\d)/gm, `O${i}_$1`) };
    const bytes = c.bytes ? c.bytes(c.text) : Buffer.from(c.text, 'utf8');
    const path = store.dir.file(c.file ?? `case-${i}.csv`, bytes);
    const before = await snapshot(engine);
    let report: FileImportReport | null = null;
    let error: unknown = null;
    try {
      report = (await importFiles(engine, { entity: c.entity, files: [path], ...c.options })).files[0];
    } catch (e) {
      error = e;
    }
    const outcome = c.outcome ?? 'loaded';
    if (outcome === 'loaded') expect(error).toBeNull();
    if (outcome === 'refused') expect(report).toBeNull();
    if (error) {
      expect((error as Error).name).not.toBe('QueryError');
      expect(error instanceof Error && error.message.length).toBeTruthy();
      expect(await snapshot(engine)).toBe(before);
      return;
    }
    const r = report!;
    const expected = c.records ?? dataLines(c.text);
    expect(r.imported + r.quarantined + r.lines.merged + r.lines.blank).toBe(expected);
    expect(r.lines.data).toBe(expected);
    await c.check?.(r, engine);
  });

  it('value, customer, clv fit and report still run on the store', async () => {
    const bin = join(process.cwd(), 'bin', 'clientele.js');
    if (!existsSync(join(process.cwd(), 'dist', 'cli', 'main.js'))) throw new Error('build first: npx tsc -p tsconfig.build.json');
    await engine.close();
    closed = true;
    const run = (...args: string[]) => execFileSync('node', [bin, '--db', store.path, ...args], { encoding: 'utf8', timeout: 120_000 });
    expect(run('value', '--json').length).toBeGreaterThan(0);
    expect(run('customer', 'C1', '--json').length).toBeGreaterThan(0);
    expect(run('clv', 'fit', '--json').length).toBeGreaterThan(0);
    run('report', '--out', join(store.dir.dir, 'report.html'));
    expect(existsSync(join(store.dir.dir, 'report.html'))).toBe(true);
  }, 240_000);
});
