/**
 * The lean import (order lines into a store without others: only the records the scanner sets apart are checked on
 * their own, the file is read once to load) must give exactly what checking every record gives. Random order files
 * full of the values that fail, warn, repeat or only look odd are imported both ways into fresh stores, and
 * everything stored is compared: the report's counts and reasons, every order line with its line and hash, the
 * quarantine with its raw text. The exact way itself is checked against independent figures elsewhere
 * (import-real.test.ts, bad-input.test.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempDir, tempStore } from '../test-support/temp.js';
import { importFiles, type FileImportReport } from './import.js';

/** Deterministic: a file that fails one day fails every day. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

const ODD_QUANTITY = ['0', '-0', '0.00', '1,234', '1.500', '£3', ' 7 ', 'NaN', 'Infinity', '1e309', '12345678901234567', '+4', '2,5', '', '-3', '3.', '.5', 'abc'];
const ODD_PRICE = ['-1.50', '£2.50', '1,299.00', '', 'free', '0', '1e3', ' 4.25', '99999999999999999', '-0'];
const ODD_DATE = ['294247-01-10', '-2024-01-01', '1850-05-05 09:00:00', '2150-01-01', '', 'yesterday', ' 2011-01-05 08:30:00', '2011-01-05 08:30'];
/** Dates of a plain shape that the engine still rejects: the scanner cannot foresee them. */
const UNFORESEEN_DATE = ['2011-02-30 10:00:00', '2011-13-01 10:00:00', '2011-06-31 10:00:00', '2011-01-05T08:30:00'];
const ODD_TEXT = ['"quoted, with comma"', '"two\nlines"', '"say ""hi"""', ' padded ', ''];
/** Ids as spreadsheets and pandas write them (read as 12001 …), and ids that only look like them (kept as they are). */
const ODD_ID = ['12001.0', '1.2001E+04', '１２００１', '1.2001e4', '12001.00', ' 12002.0 ', '90214E', '2E4', '2e+1', 'A.B', 'E5', '1E', '１', '12.5', '１.5E+01'];

/**
 * `remark`: one more column, which the import does not use (a remark): some repeats of a line differ only there, and
 * are loaded as different lines with a note that counts them (near groups, sqlKeptApartBy).
 */
function orderFile(seed: number, n: number, odd: number, unforeseen = false, remark = false): string {
  const r = rng(seed);
  const pick = <T,>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  const lines = [`InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country${remark ? ',Remark' : ''}`];
  const remarks = ['', 'gift', 'call first', '"left, at door"', 'x'];
  for (let i = 0; i < n; i++) {
    if (i > 3 && r() < 0.06) {
      const earlier = lines[1 + Math.floor(r() * (lines.length - 1))];
      // An exact repeat of an earlier line, or (with remarks) the same line with another remark.
      lines.push(remark && earlier !== '' && r() < 0.5 ? earlier.replace(/,("[^"]*"|[^,"]*)$/, `,${pick(remarks)}`) : earlier);
      continue;
    }
    if (r() < 0.01) {
      lines.push(''); // a blank line
      continue;
    }
    const day = 1 + Math.floor(r() * 28);
    let qty = String(1 + Math.floor(r() * 12));
    let price = (r() * 20).toFixed(2);
    let date = `2011-0${1 + Math.floor(r() * 9)}-${String(day).padStart(2, '0')} ${String(8 + Math.floor(r() * 10)).padStart(2, '0')}:00:00`;
    let desc = `ITEM ${Math.floor(r() * 50)}`;
    const inv = r() < 0.05 ? `C${500000 + Math.floor(r() * 300)}` : String(500000 + Math.floor(r() * 300));
    if (inv.startsWith('C')) qty = `-${qty}`;
    if (r() < odd) qty = pick(ODD_QUANTITY);
    if (r() < odd) price = pick(ODD_PRICE);
    if (r() < odd) date = pick(unforeseen && r() < 0.5 ? UNFORESEEN_DATE : ODD_DATE);
    if (r() < odd) desc = pick(ODD_TEXT);
    let customer = r() < 0.1 ? '' : String(12000 + Math.floor(r() * 40));
    let sku = `SKU${Math.floor(r() * 30)}`;
    if (r() < odd) customer = pick(ODD_ID);
    if (r() < odd) sku = pick(ODD_ID);
    const q = (v: string) => (/[",]/.test(v) && !v.startsWith('"') ? `"${v.replaceAll('"', '""')}"` : v);
    lines.push([inv, sku, desc, q(qty), date, q(price), customer, 'United Kingdom', ...(remark ? [pick(remarks)] : [])].join(','));
  }
  return lines.join('\n') + '\n';
}

interface Stored {
  readonly report: Omit<FileImportReport, 'importId' | 'checkedApart' | 'notes'> & { notes: string[] };
  readonly lines: unknown[];
  readonly quarantine: unknown[];
  readonly warnings: unknown[];
}

async function importInto(file: string, lean: boolean): Promise<{ stored: Stored; checkedApart: number | null }> {
  const store = await tempStore();
  try {
    const r = await importFiles(store.engine, { entity: 'orders', files: [file], lean });
    const f = r.files[0];
    const { importId: _id, checkedApart, ...report } = f;
    const e: Engine = store.engine;
    return {
      checkedApart,
      stored: {
        report: { ...report, notes: [...f.notes] },
        lines: await e.query('SELECT order_id, customer_id, CAST(ordered_at AS VARCHAR) AS at, product_id, product_name, quantity, unit_price, amount, kind, country, row_hash, line_no FROM order_lines ORDER BY line_no'),
        quarantine: await e.query('SELECT line, column_name, reason, raw FROM quarantine ORDER BY line, reason'),
        warnings: await e.query('SELECT line, column_name, field, value, reason FROM import_warnings ORDER BY line, field'),
      },
    };
  } finally {
    await store.close();
  }
}

let tmp: ReturnType<typeof tempDir>;
let dir: string;
beforeAll(() => {
  tmp = tempDir();
  dir = tmp.dir;
});
afterAll(() => tmp.cleanup());

describe('the lean import loads exactly what checking every record loads', () => {
  it.each([
    [1, 3000, 0.002, false],
    [2, 3000, 0.02, false],
    [3, 2000, 0.1, false],
    [4, 1500, 0.3, false],
    [5, 2000, 0.05, true],
  ])('random order file %i (%i lines, %f odd values per field, unforeseen dates: %s)', async (seed, n, odd, unforeseen) => {
    const file = join(dir, `orders-${seed}.csv`);
    writeFileSync(file, orderFile(seed, n, odd, unforeseen));
    const lean = await importInto(file, true);
    const exact = await importInto(file, false);
    expect(exact.checkedApart).toBeNull();
    // Foreseen odd values are all set apart and the lean way holds; an unforeseen one sends it back to the exact way.
    if (unforeseen) expect(lean.checkedApart).toBeNull();
    else expect(lean.checkedApart).toBeGreaterThan(0);
    expect(lean.stored.report).toEqual(exact.stored.report);
    expect(lean.stored.lines).toEqual(exact.stored.lines);
    expect(lean.stored.quarantine).toEqual(exact.stored.quarantine);
    expect(lean.stored.warnings).toEqual(exact.stored.warnings);
    expect(exact.stored.report.rowsRead).toBe(exact.stored.report.imported + exact.stored.report.quarantined);
  });

  it.each([
    [11, 3000, 0.002, 'alone'],
    [12, 2000, 0.05, 'alone'],
    [13, 45_000, 0.01, 'helper'],
  ])('random order file %i with a column it does not use (%i lines, %f odd values per field, scan %s): lean, and the same', async (seed, n, odd, scan) => {
    const file = join(dir, `remarks-${seed}.csv`);
    writeFileSync(file, orderFile(seed, n, odd, false, true));
    const saved = process.env.CLIENTELE_SCAN_HELPER_BYTES;
    try {
      process.env.CLIENTELE_SCAN_HELPER_BYTES = scan === 'helper' ? '0' : String(Number.MAX_SAFE_INTEGER);
      const lean = await importInto(file, true);
      const exact = await importInto(file, false);
      expect(lean.checkedApart).toBeGreaterThan(0);
      // Far fewer than the records: the near groups' plain records are checked apart too, the rest only loaded.
      expect(lean.checkedApart!).toBeLessThan(n / 2);
      expect(lean.stored.report).toEqual(exact.stored.report);
      expect(lean.stored.lines).toEqual(exact.stored.lines);
      expect(lean.stored.quarantine).toEqual(exact.stored.quarantine);
      expect(lean.stored.warnings).toEqual(exact.stored.warnings);
      // The note on lines equal but for the remark, counted the same both ways (and there are some).
      expect(exact.stored.report.notes.some((x) => x.startsWith('lines equal on every matched column loaded as different lines because these unmatched columns differ: Remark ('))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.CLIENTELE_SCAN_HELPER_BYTES;
      else process.env.CLIENTELE_SCAN_HELPER_BYTES = saved;
    }
  }, 120_000);

  it('sets apart only the suspects on a clean file, and starts again the exact way on a record it did not foresee', async () => {
    const clean = join(dir, 'clean.csv');
    writeFileSync(clean, orderFile(7, 3000, 0));
    const a = await importInto(clean, true);
    expect(a.checkedApart).not.toBeNull();
    // Only the repeated lines (and their first copies) are set apart.
    const repeats = a.stored.quarantine.length;
    expect(repeats).toBeGreaterThan(0);
    expect(a.checkedApart!).toBeLessThanOrEqual(2 * repeats);

    // 30 February has a plain shape: the scanner lets it pass, the engine rejects it, the import starts again.
    const text = orderFile(7, 3000, 0).split('\n');
    const at = text.findIndex((l, i) => i > 5 && l !== '' && text.indexOf(l) === text.lastIndexOf(l)); // a line that occurs once
    text[at] = text[at].replace(/2011-0\d-\d\d/, '2011-02-30');
    const unforeseen = join(dir, 'unforeseen.csv');
    writeFileSync(unforeseen, text.join('\n'));
    const b = await importInto(unforeseen, true);
    expect(b.checkedApart).toBeNull();
    expect(b.stored.quarantine).toContainEqual(expect.objectContaining({ line: at + 1, column_name: 'InvoiceDate' }));
    expect(b.stored.report.rowsRead).toBe(b.stored.report.imported + b.stored.report.quarantined);
    expect(b.stored.lines.length).toBe(a.stored.lines.length - 1);
  });

  it('holds for another layout: amounts, kinds, discounts, channels and day-first dates with a title above', async () => {
    const r = rng(11);
    const pick = <T,>(a: readonly T[]) => a[Math.floor(r() * a.length)];
    const lines = ['Monthly sales', '', 'Doc No;Client No;Posting Date;Line Total;Type;Discount;Channel;Product Group'];
    for (let i = 0; i < 2500; i++) {
      if (i > 3 && r() < 0.05) {
        lines.push(lines[3 + 1 + Math.floor(r() * (lines.length - 4))]);
        continue;
      }
      const day = `${String(1 + Math.floor(r() * 28)).padStart(2, '0')}/${String(1 + Math.floor(r() * 12)).padStart(2, '0')}/2023 ${String(Math.floor(r() * 24)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}`;
      let amount = (r() * 500).toFixed(2).replace('.', ',');
      let kind = pick(['sale', 'sale', 'sale', 'return', '退货', 'cancel']);
      let discount = r() < 0.3 ? (r() * 5).toFixed(2).replace('.', ',') : '';
      if (r() < 0.05) amount = pick(['-12,50', '(3,00)', '1.234,56', 'N/A', '', '0', 'abc', '12,50-']);
      if (r() < 0.03) kind = pick(['gift', '', 'SALE']);
      if (r() < 0.03) discount = pick(['-', '#N/A', '-1', 'x']);
      const date = r() < 0.02 ? pick(['31/02/2023 10:00', '2023-01-05 10:00', '', '5/1/23']) : day;
      lines.push([`D${Math.floor(r() * 900)}`, r() < 0.05 ? '' : `K${Math.floor(r() * 60)}`, date, amount, kind, discount, pick(['web', 'store', '门店']), pick(['A', 'B', '服装'])].join(';'));
    }
    const file = join(dir, 'layout2.csv');
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const lean = await importInto(file, true);
    const exact = await importInto(file, false);
    expect(lean.stored.report).toEqual(exact.stored.report);
    expect(lean.stored.lines).toEqual(exact.stored.lines);
    expect(lean.stored.quarantine).toEqual(exact.stored.quarantine);
    expect(lean.stored.warnings).toEqual(exact.stored.warnings);
    expect(exact.stored.report.rowsRead).toBe(exact.stored.report.imported + exact.stored.report.quarantined);
    expect(exact.stored.report.imported).toBeGreaterThan(2000);
  });

  it.each([
    ['decimal commas, thousands dots, Excel-mangled ids', false],
    ['the same with Excel serial dates', true],
  ])('holds for a German export: %s', async (_what, serial) => {
    // Quantities written #.##0 (1.500 is plain to the scanner, so it loads from the copy) beside prices with decimal
    // commas (set apart): both ways must read 1.500 as 1500, and 1.7850E+04, １７８５０ and 17850.0 as 17850 (but not
    // 1.23456E+04, which is no whole number).
    const r = rng(serial ? 31 : 29);
    const pick = <T,>(a: readonly T[]) => a[Math.floor(r() * a.length)];
    const lines = ['Order No;Customer ID;Order Date;Quantity;Unit Price'];
    for (let i = 0; i < 1500; i++) {
      const qty = pick(['1.500', '2.000', '12', '250', '3', '10.000', '0', '-1.000']);
      const price = pick(['2,50', '0,99', '12', '1.250,00', '1.250', '3,5', 'abc', '']);
      const customer = pick(['17850', '1.7850E+04', '１７８５０', '17850.0', '12346', '1.2346E+04', '1.23456E+04', 'K9']);
      const d = new Date(Date.UTC(2023, 0, 1 + Math.floor(r() * 300)));
      const date = serial ? String(44927 + Math.floor((d.getTime() - Date.UTC(2023, 0, 1)) / 86400000)) : `${String(d.getUTCDate()).padStart(2, '0')}.${String(d.getUTCMonth() + 1).padStart(2, '0')}.2023`;
      lines.push([`B${i}`, customer, date, qty, price].join(';'));
    }
    const file = join(dir, `german-${serial}.csv`);
    writeFileSync(file, lines.join('\n') + '\n');
    const lean = await importInto(file, true);
    const exact = await importInto(file, false);
    expect(lean.stored.report).toEqual(exact.stored.report);
    expect(lean.stored.lines).toEqual(exact.stored.lines);
    expect(lean.stored.quarantine).toEqual(exact.stored.quarantine);
    expect(lean.stored.warnings).toEqual(exact.stored.warnings);
    const stored = exact.stored.lines as Array<{ customer_id: string; quantity: number; unit_price: number; at: string }>;
    const quantities = new Set(stored.map((l) => Math.abs(l.quantity)));
    expect([...quantities].sort((a, b) => a - b)).toEqual([3, 12, 250, 1000, 1500, 2000, 10000].filter((q) => quantities.has(q)));
    expect(quantities.has(1500) && quantities.has(1.5)).toBe(false);
    expect(new Set(stored.map((l) => l.unit_price)).has(1.25)).toBe(false);
    expect(new Set(stored.map((l) => l.customer_id))).toEqual(new Set(['17850', '12346', '1.23456E+04', 'K9'].filter((c) => stored.some((l) => l.customer_id === c))));
    expect(stored.some((l) => l.customer_id === '17850')).toBe(true);
    expect(stored.every((l) => l.at >= '2023-01-01' && l.at < '2024-01-01')).toBe(true);
  });

  it('reads a file of many chunks the same with the helper thread as without it', async () => {
    // About 4 MB: the scanner reads its first 1 MB chunk itself and hands the others' plain lines to the helper
    // (scan-worker.ts); quoted, multi-line and odd lines stay with the scanner, in order.
    const file = join(dir, 'many-chunks.csv');
    writeFileSync(file, orderFile(21, 45_000, 0.01));
    const saved = process.env.CLIENTELE_SCAN_HELPER_BYTES;
    try {
      process.env.CLIENTELE_SCAN_HELPER_BYTES = '0';
      const helped = await importInto(file, true);
      const helpedExact = await importInto(file, false);
      process.env.CLIENTELE_SCAN_HELPER_BYTES = String(Number.MAX_SAFE_INTEGER);
      const alone = await importInto(file, true);
      expect(helped.checkedApart).toBe(alone.checkedApart);
      for (const other of [alone, helpedExact]) {
        expect(helped.stored.report).toEqual(other.stored.report);
        expect(helped.stored.lines).toEqual(other.stored.lines);
        expect(helped.stored.quarantine).toEqual(other.stored.quarantine);
        expect(helped.stored.warnings).toEqual(other.stored.warnings);
      }
      expect(helped.stored.report.rowsRead).toBeGreaterThan(40_000);
    } finally {
      if (saved === undefined) delete process.env.CLIENTELE_SCAN_HELPER_BYTES;
      else process.env.CLIENTELE_SCAN_HELPER_BYTES = saved;
    }
  }, 120_000);

  it('finds a repeat written with quotes or other line endings, both ways', async () => {
    // The scanner reads plain lines in place and quoted ones field by field: a record is the same record either way.
    const rows = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '536365,85123A,WHITE HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
      '536365,85123A,"WHITE HEART",6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
      '"536365","85123A","WHITE HEART","6","2010-12-01 08:26:00","2.55","17850","United Kingdom"',
      '536365,85123A,"WHITE, HEART",6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
      '536365,85123A,WHITE HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
      '536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,17850,United Kingdom',
    ];
    for (const eol of ['\n', '\r\n']) {
      const file = join(dir, `requoted-${eol.length}.csv`);
      writeFileSync(file, rows.join(eol) + eol);
      for (const lean of [true, false]) {
        const { stored } = await importInto(file, lean);
        expect(stored.report.imported, `${JSON.stringify(eol)} lean ${lean}`).toBe(3);
        expect(stored.quarantine.map((q) => (q as { line: number; reason: string }).line)).toEqual([3, 4, 6]);
        expect(stored.quarantine.every((q) => (q as { reason: string }).reason === 'duplicate of line 2')).toBe(true);
      }
    }
  });

  it('finds lines equal but for an unused column whether they are read in place or field by field', async () => {
    // A plain line is hashed in place (scan.ts parsePlain), a quoted one field by field: the same near-duplicate hash.
    const rows = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Remark',
      '536365,85123A,WHITE HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom,a',
      '536365,85123A,"WHITE HEART",6,2010-12-01 08:26:00,2.55,17850,United Kingdom,"b, c"',
      '536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,17850,United Kingdom,a',
    ];
    const file = join(dir, 'near-quoted.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    for (const lean of [true, false]) {
      const { stored, checkedApart } = await importInto(file, lean);
      expect(stored.report.imported).toBe(3);
      expect(checkedApart === null).toBe(!lean);
      expect(stored.report.notes).toContain('lines equal on every matched column loaded as different lines because these unmatched columns differ: Remark (2 lines)');
    }
  });

  it('counts lines kept apart by an unused column that is empty on one and filled on the other (QA session 9b, F7)', async () => {
    const rows = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Remark',
      '536365,85123A,WHITE HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom,',
      '536365,85123A,WHITE HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom,gift',
    ];
    const file = join(dir, 'near-empty.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    for (const lean of [true, false]) {
      const { stored } = await importInto(file, lean);
      expect(stored.report.imported).toBe(2);
      expect(stored.report.notes).toContain('lines equal on every matched column loaded as different lines because these unmatched columns differ: Remark (2 lines)');
    }
  });

  it('Online Retail: loads in one read, with only its repeated and bad lines set apart', async () => {
    const file = sharedData('online_retail', 'online_retail.csv');
    const { checkedApart, stored } = await importInto(file, true);
    expect(stored.report.rowsRead).toBe(541_909);
    expect(stored.report.quarantined).toBe(5_268 + 2);
    expect(checkedApart).not.toBeNull();
    expect(checkedApart!).toBeLessThan(541_909 * 0.05);
  }, 120_000);
});
