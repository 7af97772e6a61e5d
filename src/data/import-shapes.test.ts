/**
 * File shapes that common tools write and that were read wrongly: a header with an empty cell (pandas' `to_csv()`
 * index, an Excel column with no title), a title row as wide as the table (`Umsatzbericht 2023;;;;;`), lines that
 * end in a lone CR (Excel's "CSV (Macintosh)"), and a delimiter at the end of every data line but not the header.
 * Each file is generated here, imported with no options, and checked against figures computed from the generator's
 * own rows.
 */
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempStore } from '../test-support/temp.js';
import type { EntityName } from './entities.js';
import { importFiles, type FileImportReport } from './import.js';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

interface Row {
  readonly order: string;
  readonly customer: string;
  readonly date: string;
  readonly qty: number;
  readonly price: number;
}

/** n order lines, deterministic: every order id differs, so no line is a duplicate. */
function rows(n: number, seed = 1): Row[] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
  return Array.from({ length: n }, (_, i) => ({
    order: String(5000 + i),
    customer: `K${Math.floor(next() * 40)}`,
    date: `2023-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`,
    qty: 1 + Math.floor(next() * 5),
    price: Math.round(next() * 10000) / 100,
  }));
}

const revenue = (rs: readonly Row[]) => Math.round(rs.reduce((a, r) => a + r.qty * r.price, 0) * 100) / 100;

async function load(name: string, content: string | Buffer, entity: EntityName = 'orders') {
  const store = await tempStore();
  try {
    const r = await importFiles(store.engine, { entity, files: [tmp.file(name, content)] });
    const f: FileImportReport = r.files[0];
    const sums = await store.engine.query<{ n: number; revenue: number }>('SELECT count(*)::INTEGER AS n, round(sum(quantity * unit_price), 2)::DOUBLE AS revenue FROM order_lines');
    const lines = await store.engine.query<{ order_id: string; line_no: number }>('SELECT order_id, line_no::INTEGER AS line_no FROM order_lines ORDER BY line_no');
    const quarantine = await store.engine.query<{ line: number; reason: string }>('SELECT line::INTEGER AS line, reason FROM quarantine ORDER BY line');
    const customers = entity === 'customers' ? await store.engine.query<{ customer_id: string; name: string }>('SELECT customer_id, name FROM customers ORDER BY customer_id') : [];
    return { f, n: sums[0].n, revenue: sums[0].revenue ?? 0, lines, quarantine, customers };
  } finally {
    await store.close();
  }
}

const mapped = (f: FileImportReport) => Object.fromEntries(f.matched.map((m) => [m.field, m.column]));
const line = (r: Row, d = ',') => [r.order, r.customer, r.date, r.qty, r.price.toFixed(2)].join(d);
const HEADER = ['InvoiceNo', 'CustomerID', 'InvoiceDate', 'Quantity', 'UnitPrice'];

describe('a header with an empty cell is a header (finding 17)', () => {
  it("reads pandas' to_csv() with its index column: the empty name becomes column1, and the report says so", async () => {
    const rs = rows(50);
    const text = [',' + HEADER.join(','), ...rs.map((r, i) => `${i},${line(r)}`)].join('\n') + '\n';
    const got = await load('pandas.csv', text);
    expect(got.f.header).toBe(true);
    expect(mapped(got.f)).toMatchObject({ order_id: 'InvoiceNo', customer_id: 'CustomerID', ordered_at: 'InvoiceDate', quantity: 'Quantity', unit_price: 'UnitPrice' });
    expect(got.f.unmatched).toEqual(['column1']);
    expect(got.f.notes).toContain('the header has no name for column 1; it is called "column1"');
    expect(got.n).toBe(50);
    expect(got.revenue).toBe(revenue(rs));
    // The first record is line 2.
    expect(got.lines[0]).toEqual({ order_id: '5000', line_no: 2 });
  });

  it('reads an untitled column in the middle, and a repeated name, as Excel exports them', async () => {
    const rs = rows(30, 7);
    const text = [[...HEADER, '', 'Note', 'Note'].join(','), ...rs.map((r) => `${line(r)},,a,b`)].join('\r\n') + '\r\n';
    const got = await load('blank-title.csv', text);
    expect(got.f.header).toBe(true);
    expect(got.f.unmatched).toEqual(['column6', 'Note', 'Note_2']);
    expect(got.f.notes).toContain('the header has no name for column 6; it is called "column6"');
    expect(got.revenue).toBe(revenue(rs));
  });

  it("reads a text-only table under pandas' index (0, 1, 2 … below the empty name)", async () => {
    const names = ['Alice Smith', 'Bob Jones', 'Carol White', 'Dan Brown', 'Eve Black'];
    const text = [',customer_id,name,city', ...names.map((n, i) => `${i},C${String.fromCharCode(65 + i)},${n},London`)].join('\n') + '\n';
    const got = await load('pandas-customers.csv', text, 'customers');
    expect(got.f.header).toBe(true);
    expect(got.customers.map((c) => c.name)).toEqual(names);
  });

  it('still reads a first line with a missing value as data when nothing below says it is a header', async () => {
    // A headerless file: the first record lacks a tier; its other columns hold text like the rows below.
    const text = ['Alice Smith,,London', 'Bob Jones,Premium,Paris', 'Carol White,Gold,Rome', 'Dan Brown,Gold,Oslo'].join('\n') + '\n';
    const got = await load('no-header.csv', text, 'customers').catch((e: Error) => e);
    // No header: the columns are column1 … column3 and a customers file without an id column is refused.
    expect(got).toBeInstanceOf(Error);
    expect((got as Error & { hint?: string }).hint).toMatch(/column1, column2, column3/);
  });
});

describe('a title row as wide as the table is a title (finding 18)', () => {
  it.each([
    [';', ['Umsatzbericht 2023;;;;']],
    [',', ['Sales report 2023,,,,', 'Exported 2024-01-05,,,,', ',,,,']],
    ['\t', ['Sales report 2023\t\t\t\t', '']],
  ])('delimiter %j, title lines %j', async (d, title) => {
    const rs = rows(40, 3);
    const bad = { ...rs[10], price: -1 };
    const all = [...rs.slice(0, 10), bad, ...rs.slice(10)];
    const text = '\ufeff' + [...title, HEADER.join(d), ...all.map((r) => line(r, d))].join('\r\n') + '\r\n';
    const got = await load('titled.csv', text);
    expect(got.f.header).toBe(true);
    expect(got.f.delimiter).toBe(d);
    expect(got.f.notes).toContain(`the first ${title.length} lines stand above the table (a title) and were skipped; the header is line ${title.length + 1}`);
    expect(got.n).toBe(40);
    expect(got.revenue).toBe(revenue(rs));
    // The negative price is the 11th record: the header's line + 11.
    expect(got.quarantine).toEqual([{ line: title.length + 1 + 11, reason: 'unit_price must not be negative' }]);
  });
});

describe('lines that end in a lone CR are lines (finding 19)', () => {
  it('reads a large CR file in UTF-8, every line accounted for (wider than a header may be if read as one line)', async () => {
    const rs = rows(5000, 11);
    const text = [HEADER.join(','), ...rs.map((r) => line(r)), '', ...rows(3, 12).map((r) => `${r.order},${r.customer}`)].join('\r') + '\r';
    const got = await load('mac.csv', text);
    expect(got.f.header).toBe(true);
    expect(got.f.notes).toContain('the lines end in a lone CR (an old Mac format); read as line ends');
    expect(got.n).toBe(5000);
    expect(got.revenue).toBe(revenue(rs));
    expect(got.f.lines).toEqual({ data: 5004, blank: 1, merged: 0 });
    expect(got.quarantine.map((q) => q.line)).toEqual([5003, 5004, 5005]);
    expect(got.lines.at(-1)).toEqual({ order_id: rs[4999].order, line_no: 5001 });
  });

  it('reads a CR file in GB18030 and in UTF-16, with a quoted line break inside a value', async () => {
    const rs = rows(20, 5);
    const text = ['发票号,客户编号,日期,数量,单价,备注', ...rs.map((r, i) => `${line(r)},${i === 4 ? '"两\r行"' : '备注'}`)].join('\r') + '\r';
    for (const bytes of [iconv.encode(text, 'gb18030'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])]) {
      const got = await load('mac-zh.csv', bytes);
      expect(got.f.header).toBe(true);
      expect(got.n).toBe(20);
      expect(got.revenue).toBe(revenue(rs));
      expect(got.f.multiLineRecords).toEqual([{ line: 6, lines: 2 }]);
      expect(got.lines.map((l) => l.line_no)).toEqual([...Array.from({ length: 5 }, (_, i) => i + 2), ...Array.from({ length: 15 }, (_, i) => i + 8)]);
    }
  });
});

describe('a delimiter at the end of every data line but not the header is no data (finding 20)', () => {
  it.each([',', ';', '\t', '|'])('delimiter %j', async (d) => {
    const rs = rows(60, 17);
    // Most lines end with the delimiter, some do not; line 30 repeats line 10 with its spare delimiter; line 40 has
    // a value in the spare field, which is one field too many.
    const body = rs.map((r, i) => line(r, d) + (i % 7 === 3 ? '' : d));
    body.splice(28, 0, line(rs[8], d));
    body.splice(39, 0, line({ ...rs[0], order: 'X1' }, d) + d + 'oops');
    const text = [HEADER.join(d), ...body].join('\n') + '\n';
    const got = await load('trailing.csv', text);
    expect(got.f.delimiter).toBe(d);
    expect(got.f.header).toBe(true);
    expect(got.n).toBe(60);
    expect(got.revenue).toBe(revenue(rs));
    expect(got.quarantine).toEqual([
      { line: 30, reason: 'duplicate of line 10' },
      { line: 41, reason: 'unreadable record: TOO MANY COLUMNS (6 fields, expected 5)' },
    ]);
    const spare = body.filter((l) => l.endsWith(d)).length;
    expect(got.f.notes).toContain(`${spare} lines end with one delimiter more than the header has (an empty last field): read without it`);
  });
});

describe('a header that ends with the delimiter over data lines that do not', () => {
  it.each([
    ['orders, read the lean way', HEADER, ''],
    ['orders with a column nothing maps, read the exact way', [...HEADER, 'Note'], ',n'],
  ])('%s', async (_label, header, note) => {
    const rs = rows(25, 21);
    const text = [header.join(',') + ',', ...rs.map((r) => line(r) + note)].join('\r\n') + '\r\n';
    const got = await load('header-trailing.csv', text);
    expect(got.f.header).toBe(true);
    expect(got.f.unmatched).toEqual(note ? ['Note'] : []);
    expect(got.n).toBe(25);
    expect(got.revenue).toBe(revenue(rs));
    expect(got.quarantine).toEqual([]);
    expect(got.lines.map((l) => l.line_no)).toEqual(rs.map((_, i) => i + 2));
  });
});
