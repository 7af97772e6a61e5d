import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import { FileRefusal, OptionRefusal } from './refusals.js';

/**
 * Excel workbooks (.xlsx) as CSV files the import pipeline reads, one per sheet, through `read-excel-file`
 * (maintained; loaded only when a workbook is imported). It reads the whole workbook into memory: an .xlsx
 * holds at most 1,048,576 rows a sheet and uploads are capped, so that is bounded.
 *
 * Cells become text as the workbook stores them: numbers exactly as written in the file (no float rounding),
 * date cells (Excel serials with a date format, 1900 or 1904 system) as ISO dates, or in the user's
 * `--date-format` when one is given, so one format reads every date field. A CSV line is a row of the sheet:
 * empty rows in the middle stay (as empty records, so line numbers stay row numbers); rows above the header
 * holding only a title are skipped, and the note says by how many rows the lines are shifted.
 */
export interface SheetCsv {
  readonly sheet: string;
  /** Header names of columns whose plain numbers were read as Excel date serials. */
  readonly serialColumns: readonly string[];
  readonly path: string;
  /** Sheet row (1-based) of the header. */
  readonly headerRow: number;
  /** The header's names. */
  readonly header: readonly string[];
  /** Data rows written. */
  readonly rows: number;
}

/** A number cell's text as the workbook stores it (the reader's parseNumber), told apart from a text cell of digits. */
class NumberText {
  constructor(readonly text: string) {}
}

type Cell = string | number | boolean | Date | NumberText | null;

export interface XlsxOptions {
  readonly sheet?: string;
  /** strftime for date cells; null or undefined for ISO. */
  readonly dateFormat?: string | null;
  /**
   * The columns (by index) of a header that hold a date field: their plain numbers (no date format, as some
   * exporters write them) are Excel serials too.
   */
  readonly dateColumns?: (header: readonly string[]) => ReadonlySet<number>;
}

/** Converts the workbook's sheets (or the one named) to CSV files in `work`. Sheets with no cells are left out. */
export async function xlsxToCsv(file: string, work: string, opts: XlsxOptions = {}): Promise<SheetCsv[]> {
  const { default: readXlsxFile } = await import('read-excel-file/node');
  let sheets: Array<{ sheet: string; data: Cell[][] }>;
  try {
    // parseNumber: keep the number's text as stored, so 0.1 stays 0.1 and long ids keep their digits.
    sheets = (await readXlsxFile(file, { parseNumber: (s: string) => new NumberText(s) })) as Array<{ sheet: string; data: Cell[][] }>;
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string };
    if (err.code === 'XLS_FILE_NOT_SUPPORTED') throw new FileRefusal('xls_legacy', file);
    throw new FileRefusal('xlsx_unreadable', file, { reason: String(err.message ?? e).split('\n')[0].slice(0, 200) });
  }
  if (opts.sheet !== undefined) {
    const want = opts.sheet.trim();
    const found = sheets.find((s) => s.sheet === want) ?? sheets.find((s) => s.sheet.trim().toLowerCase() === want.toLowerCase());
    if (!found) throw new OptionRefusal('sheet_unknown', { sheet: opts.sheet, sheets: sheets.map((s) => s.sheet).join(', ') });
    sheets = [found];
  }
  const out: SheetCsv[] = [];
  for (const [i, s] of sheets.entries()) {
    const header = headerIndex(s.data);
    if (header < 0) continue;
    const path = join(work, `${basename(file)}.sheet${i + 1}.csv`);
    const names = s.data[header].map((v) => (v === null ? '' : v instanceof NumberText ? v.text : String(v)));
    const serial = opts.dateColumns?.(names) ?? new Set<number>();
    const { rows, serials } = await writeSheet(s.data, header, path, opts.dateFormat ?? null, serial);
    out.push({ sheet: s.sheet, path, headerRow: header + 1, header: names, rows, serialColumns: [...serials].map((c) => names[c]) });
  }
  if (out.length === 0) throw new FileRefusal('xlsx_empty', file);
  return out;
}

const filled = (row: readonly Cell[]) => row.reduce<number>((n, v) => (v === null || v === '' ? n : n + 1), 0);

/**
 * The header's index: the first row with cells, unless it holds one cell (a title such as 订单报表 2024-03)
 * and a wider row follows within ten rows, or it is a row of group titles over the header (基本信息 over 客户编号,
 * 姓名, 性别; 联系方式 over 手机, 邮箱: merged cells, which leave the cells they cover empty), QA session 9, D4.
 * -1 for a sheet with no cells.
 */
export function headerIndex(data: ReadonlyArray<readonly Cell[]>): number {
  for (let i = 0; i < data.length; i++) {
    const n = filled(data[i]);
    if (n === 0) continue;
    if (n === 1 && data.slice(i + 1, i + 11).some((r) => filled(r) >= 2)) continue;
    if (groupTitles(data[i], data[i + 1])) continue;
    return i;
  }
  return -1;
}

const isText = (v: Cell) => typeof v === 'string' && v.trim() !== '';

/**
 * A row of group titles: only text, with empty cells between them (what merged cells leave), right above a row of
 * only text that fills more cells with no gap (the header). A header itself has a name over every column.
 */
function groupTitles(row: readonly Cell[], next: readonly Cell[] | undefined): boolean {
  if (!next) return false;
  const at = (r: readonly Cell[]) => r.flatMap((v, c) => (v === null || v === '' ? [] : [c]));
  const top = at(row);
  const below = at(next);
  if (top.length < 2 || below.length <= top.length) return false;
  const gaps = top[top.length - 1] - top[0] + 1 > top.length;
  const belowContiguous = below[below.length - 1] - below[0] + 1 === below.length;
  return gaps && belowContiguous && top.every((c) => isText(row[c])) && below.every((c) => isText(next[c])) && below[0] <= top[0];
}

async function writeSheet(data: ReadonlyArray<readonly Cell[]>, header: number, path: string, dateFormat: string | null, serial: ReadonlySet<number>): Promise<{ rows: number; serials: Set<number> }> {
  let width = 0;
  for (let i = header; i < data.length; i++) {
    const row = data[i];
    for (let c = row.length - 1; c >= width; c--) if (row[c] !== null && row[c] !== '') width = c + 1;
  }
  const out = createWriteStream(path);
  let rows = 0;
  let buffer = '';
  const serials = new Set<number>();
  for (let i = header; i < data.length; i++) {
    const row = data[i];
    const cells: string[] = [];
    for (let c = 0; c < width; c++) {
      let v = row[c] ?? null;
      if (i > header && serial.has(c) && v instanceof NumberText) {
        const d = serialDate(Number(v.text));
        if (d) (v = d), serials.add(c);
      }
      cells.push(csvField(cellText(v, dateFormat)));
    }
    // A record of one empty field would be a blank line, which readers skip: quote it so the row keeps its line.
    buffer += (width === 1 && cells[0] === '' ? '""' : cells.join(',')) + '\n';
    if (i > header) rows++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return { rows, serials };
}

/**
 * A plain number in a date column as an Excel serial in the 1900 date system: days since 1899-12-30, the
 * fraction the time of day. Only serials of 1900-03-01 to 2100-12-31 (61 to 73,415) are read: below 61 Excel's
 * phantom 1900-02-29 shifts the count, and larger numbers are something else (20240131 is a YYYYMMDD date).
 */
export function serialDate(n: number): Date | null {
  if (!Number.isFinite(n) || n < 61 || n > 73_415) return null;
  return new Date(Date.UTC(1899, 11, 30) + Math.round(n * 86_400_000));
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

function cellText(v: Cell, dateFormat: string | null): string {
  if (v === null) return '';
  if (v instanceof Date) return formatDate(v, dateFormat);
  if (v instanceof NumberText) return v.text;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

const p2 = (n: number) => String(n).padStart(2, '0');

/**
 * A date cell as text: ISO 8601 (`2024-01-31`, or `2024-01-31 08:05:00` when it has a time), or in the user's
 * strftime format. The reader gives the wall-clock time as UTC; it is rounded to the second (serials carry
 * binary fractions of a day).
 */
export function formatDate(d: Date, format: string | null): string {
  const t = new Date(Math.round(d.getTime() / 1000) * 1000);
  // `--date-format excel` (dates.ts EXCEL): the sheet's dates as the serial day numbers that format reads.
  if (format === 'EXCEL') return String(t.getTime() / 86400000 + 25569);
  const parts: Record<string, string> = {
    Y: String(t.getUTCFullYear()),
    y: p2(t.getUTCFullYear() % 100),
    m: p2(t.getUTCMonth() + 1),
    d: p2(t.getUTCDate()),
    H: p2(t.getUTCHours()),
    M: p2(t.getUTCMinutes()),
    S: p2(t.getUTCSeconds()),
    '%': '%',
  };
  if (format !== null && /^(?:[^%]|%[YymdHMS%])*$/.test(format)) return format.replace(/%([YymdHMS%])/g, (_, k: string) => parts[k]);
  const day = `${parts.Y}-${parts.m}-${parts.d}`;
  return t.getUTCHours() || t.getUTCMinutes() || t.getUTCSeconds() ? `${day} ${parts.H}:${parts.M}:${parts.S}` : day;
}
