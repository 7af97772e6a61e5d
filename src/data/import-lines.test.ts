/**
 * Every loaded and quarantined row carries the physical line its record starts on (docs/import.md §4 and "Line
 * numbers"), whatever the file holds: quotes that never close, text after a closing quote, records over several
 * lines (some with blank lines inside their quotes), blank lines between records, a column nothing maps, a title
 * above the table, CRLF or bare-CR line ends. Random files are generated, read by the simple reader below (written
 * for this test, from the rules in docs/import.md, not from the scanner), and imported the lean way and the exact
 * way (`lean: false`); each stored row must sit on the line the reader says its record starts on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempStore } from '../test-support/temp.js';
import { importFiles } from './import.js';
import { MAX_DIRECT_SHIFTS } from './scan.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

interface FileShape {
  readonly seed: number;
  readonly records: number;
  /** A 7th column, `Note`, that no field takes (the lean way is then not used). */
  readonly unmapped: boolean;
  /** Unterminated quotes, text after a closing quote, lines with a field too many or too few. */
  readonly broken: boolean;
  readonly eol: '\n' | '\r\n' | '\r';
  readonly title: boolean;
  /** Half the data lines end with one delimiter more than the header (an empty last field). */
  readonly trailing: boolean;
  /** Plain lines read ahead by the scanner's helper thread (scan-worker.ts), as on large files (from the second 1 MB chunk on). */
  readonly helper: boolean;
}

const HEADER = ['InvoiceNo', 'CustomerID', 'InvoiceDate', 'Description', 'Quantity', 'UnitPrice'];

/** The file's text. Every record has its own order id (O1, O2 …), so a stored row says which record it is. */
function generate(f: FileShape): string {
  const r = rng(f.seed);
  const lines: string[] = [];
  if (f.title) lines.push('Sales report 2023', '');
  lines.push([...HEADER, ...(f.unmapped ? ['Note'] : [])].join(','));
  for (let k = 1; k <= f.records; k++) {
    const x = r();
    if (x < 0.05) lines.push('');
    else if (x < 0.07) lines.push('   ');
    let desc = `Item ${k % 13}`;
    let qty = String(1 + Math.floor(r() * 5));
    let price = (1 + r() * 20).toFixed(2);
    // In broken files, a quote opened on record 50 finds no other quote for 200 lines, and one opened 10 records
    // before the end none before the end of the file: both cost their first line only.
    const quiet = f.broken && ((k > 50 && k < 280) || k > f.records - 10);
    const y = quiet ? 1 : r();
    if (f.broken && (k === 50 || k === f.records - 10)) desc = '"unterminated';
    else if (y < 0.06) desc = '"two\nlines"';
    else if (y < 0.09) desc = '"three\n\nlines, one blank"';
    else if (y < 0.12) desc = '"a ""quoted"" word, and a comma"';
    else if (f.broken && y < 0.15) desc = '"unterminated';
    else if (f.broken && y < 0.17) desc = '"closed "too" early"';
    if (r() < 0.04) price = '-3.00';
    if (r() < 0.03) qty = '0';
    const fields = [`O${k}`, String(12000 + (k % 17)), `2023-0${1 + (k % 9)}-1${k % 10} 10:00:00`, desc, qty, price];
    if (f.unmapped) fields.push(r() < 0.5 ? '' : r() < 0.3 && !quiet ? '"note\nover two lines"' : `n${k}`);
    if (f.broken && r() < 0.02) fields.push('extra');
    if (f.broken && r() < 0.02) fields.splice(2, 1);
    lines.push(fields.join(',') + (f.trailing && r() < 0.5 ? ',' : ''));
  }
  return lines.join('\n').replaceAll('\n', f.eol) + f.eol;
}

interface Expected {
  /** Order id → the line its record starts on. */
  readonly records: Map<string, number>;
  /** Lines that start no readable record (quarantined as unreadable). */
  readonly unreadable: number[];
  readonly physical: number;
}

/**
 * The rules of docs/import.md §4, read plainly: lines end at LF, CRLF or a lone CR; blank lines are skipped; a
 * record starting on line i takes lines until its quotes balance (a quote opens only at a field's start, `""` is a
 * quote inside one, nothing but the delimiter may follow a closing quote); a record that cannot be read (an error,
 * the wrong number of fields, a quote still open at the end of the file or after 200 lines) costs line i only, and
 * reading resumes on line i + 1.
 */
function reference(text: string, headerLine: number, fields: number): Expected {
  const all = text.split(/\r\n|\r|\n/);
  if (all[all.length - 1] === '') all.pop();
  const records = new Map<string, number>();
  const unreadable: number[] = [];
  const read = (i: number): { values: string[]; next: number } | null => {
    const values: string[] = [];
    let cur = '';
    let quoted = false;
    let closed = false;
    let started = false;
    for (let j = i; j < all.length && j < i + 200; j++) {
      const line = all[j];
      if (j > i) cur += '\n';
      for (let c = 0; c < line.length; c++) {
        const ch = line[c];
        if (quoted) {
          if (ch === '"' && line[c + 1] === '"') (cur += '"'), c++;
          else if (ch === '"') (quoted = false), (closed = true);
          else cur += ch;
        } else if (ch === ',') values.push(cur), (cur = ''), (closed = false), (started = false);
        else if (closed) return null;
        else if (ch === '"' && !started) (quoted = true), (started = true);
        else (cur += ch), (started = true);
      }
      if (!quoted) {
        values.push(cur);
        // One more field than the header's, empty and unquoted, is a delimiter at the line's end: no data.
        const spare = values.length === fields + 1 && cur === '' && !started;
        return values.length === fields || spare ? { values, next: j + 1 } : null;
      }
    }
    return null;
  };
  for (let i = headerLine; i < all.length; ) {
    if (all[i].trim() === '') {
      i++;
      continue;
    }
    const rec = read(i);
    if (rec === null) {
      unreadable.push(i + 1);
      i++;
    } else {
      records.set(rec.values[0], i + 1);
      i = rec.next;
    }
  }
  return { records, unreadable, physical: all.length };
}

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir();
});
afterAll(() => tmp.cleanup());

async function stored(file: string, lean: boolean, helper: boolean) {
  const store = await tempStore();
  const before = process.env.CLIENTELE_SCAN_HELPER_BYTES;
  if (helper) process.env.CLIENTELE_SCAN_HELPER_BYTES = '0';
  try {
    const report = await importFiles(store.engine, { entity: 'orders', files: [file], lean });
    const lines = await store.engine.query<{ order_id: string; line_no: number }>('SELECT order_id, CAST(line_no AS INTEGER) AS line_no FROM order_lines');
    const quarantine = await store.engine.query<{ line: number; reason: string; raw: string }>('SELECT CAST(line AS INTEGER) AS line, reason, CAST(raw AS VARCHAR) AS raw FROM quarantine');
    return { report: report.files[0], lines, quarantine };
  } finally {
    if (before === undefined) delete process.env.CLIENTELE_SCAN_HELPER_BYTES;
    else process.env.CLIENTELE_SCAN_HELPER_BYTES = before;
    await store.close();
  }
}

/**
 * Seeds 5 and 9 are clean files with few blank lines and multi-line records: the engine reads them as they are and
 * numbers their records itself (sqlLineExpr's shifts). The others are copied with each record's line.
 */
const SHAPES: FileShape[] = [];
for (const [seed, records, unmapped, broken, eol, title, trailing, helper] of [
  [1, 400, true, true, '\n', false, false, false],
  [2, 25_000, false, true, '\n', false, false, true],
  [3, 400, true, true, '\r\n', true, false, false],
  [4, 400, false, true, '\r\n', false, true, false],
  [5, 150, true, false, '\n', false, false, false],
  [6, 400, false, false, '\n', true, false, false],
  [7, 400, true, true, '\r', false, false, false],
  [8, 25_000, false, false, '\r', false, true, true],
  [9, 250, false, false, '\r\n', false, false, false],
  [10, 400, true, true, '\n', false, true, true],
] as const) {
  SHAPES.push({ seed, records, unmapped, broken, eol, title, trailing, helper });
}

describe('every stored row is on the physical line its record starts on', () => {
  it.each(SHAPES.flatMap((s) => [true, false].map((lean) => [s, lean] as const)))('%o, lean %s', async (shape, lean) => {
    const text = generate(shape);
    const file = join(tmp.dir, `lines-${shape.seed}.csv`);
    writeFileSync(file, text);
    const want = reference(text, shape.title ? 3 : 1, shape.unmapped ? 7 : 6);
    // The generator makes broken files that have unreadable lines, records over several lines and blank lines.
    expect(want.records.size).toBeGreaterThan(shape.records * 0.75);
    if (shape.broken) expect(want.unreadable.length).toBeGreaterThan(3);
    const got = await stored(file, lean, shape.helper);
    // The lean way holds on these files (no value it cannot foresee), with a column nothing takes too.
    if (lean) expect(got.report.checkedApart).not.toBeNull();
    else expect(got.report.checkedApart).toBeNull();
    if (shape.seed === 5 || shape.seed === 9) expect(got.report.lines.blank + got.report.multiLineRecords.length).toBeLessThan(MAX_DIRECT_SHIFTS);

    const at = new Map<string, number>();
    for (const l of got.lines) at.set(l.order_id, l.line_no);
    const unreadable: number[] = [];
    for (const q of got.quarantine) {
      if (q.reason.startsWith('unreadable record')) unreadable.push(q.line);
      else at.set(String((JSON.parse(q.raw) as Record<string, string>).InvoiceNo), q.line);
    }
    expect(unreadable.sort((a, b) => a - b)).toEqual(want.unreadable);
    expect(Object.fromEntries(at)).toEqual(Object.fromEntries(want.records));
    expect(got.report.rowsRead).toBe(want.records.size + want.unreadable.length);
    // Every line after the header is accounted for.
    expect(got.report.lines.data).toBe(want.physical - (shape.title ? 3 : 1));
  });
});
