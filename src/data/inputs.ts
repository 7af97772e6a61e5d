import { open } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { EntitySpec } from './entities.js';
import { importText } from './import-text.js';
import { matchColumns } from './mapping.js';
import { checkJsonLinesDepth, jsonArrayToLines } from './json-array.js';
import { FileRefusal, OptionRefusal } from './refusals.js';
import { xlsxToCsv } from './xlsx.js';

/**
 * The importer's front end: what a user hands in becomes what the pipeline reads, so the pipeline stays one
 * path. An Excel workbook (ZIP bytes, whatever its name unless that says CSV, JSON or Parquet) becomes one CSV per sheet, a JSON array JSON lines; other files pass as they are,
 * after the checks that turn a file the pipeline would misread into a clear refusal (an old .xls, a header wider
 * than Excel allows, one JSON object spread over lines).
 */
export interface ImportInput {
  /** What the pipeline reads. */
  readonly path: string;
  /** What the user is told and what quarantine records: the file, with its sheet for a workbook (`book.xlsx [Orders]`). */
  readonly label: string;
  /** For the import's notes. */
  readonly note?: string;
  /** Added to the pipeline's line numbers so that quarantine shows the source's own rows (a sheet's header below a title). */
  readonly lineShift?: number;
}

export interface InputOptions {
  /** Only this sheet of a workbook (`--sheet`). */
  readonly sheet?: string;
  /** The entity and the user's `--map`: which workbook columns hold dates, so plain numbers there read as Excel serials. */
  readonly spec?: EntitySpec;
  readonly map?: Readonly<Record<string, string>>;
  /** A preset maps the columns: every sheet is imported as it is, none left out for lack of columns. */
  readonly preset?: boolean;
  /** The user's `--date-format` as strftime, for workbooks' date cells; null or undefined for ISO. */
  readonly dateFormat?: string | null;
}

/** Is this input's label a workbook's sheet (`book.xlsx [Orders]`)? */
export function isSheetLabel(label: string): boolean {
  return / \[[^\]]*\]$/.test(label) && /\.xls[xm]? \[/i.test(label);
}

/** As many columns as Excel allows (XFD). */
export const MAX_COLUMNS = 16_384;
/** A first line longer than this is not a header. */
const MAX_FIRST_LINE = 16 * 1024 * 1024;

export async function convertInputs(files: readonly string[], work: string, opts: InputOptions = {}): Promise<ImportInput[]> {
  const out: ImportInput[] = [];
  for (const [i, file] of files.entries()) {
    const kind = await kindOf(file);
    if (opts.sheet !== undefined && kind !== 'xlsx' && kind !== 'missing') throw new OptionRefusal('sheet_not_xlsx', { sheet: opts.sheet, file: basename(file) });
    if (kind === 'xlsx') {
      const sheets = await xlsxToCsv(file, work, { ...opts, dateColumns: (header) => dateColumns(opts, header) });
      // Without --sheet, a sheet that cannot hold this entity (a notes or summary sheet) is left out and said so,
      // as long as another sheet can; if none can, all go on and the importer says what is missing.
      const missing = sheets.map((s) => (opts.spec && !opts.preset && opts.sheet === undefined && sheets.length > 1 ? missingColumns(opts.spec, opts.map ?? {}, s.header) : []));
      const fits = missing.some((m) => m.length === 0);
      const left = sheets.flatMap((s, j) => (fits && missing[j].length ? [importText('sheet_left_out', { sheet: s.sheet, missing: missing[j].join(', ') })] : []));
      for (const [j, s] of sheets.entries()) {
        if (fits && missing[j].length) continue;
        const serials = s.serialColumns.length ? importText('sheet_serials', { columns: s.serialColumns.join(', ') }) : '';
        const note = [importText('sheet', { sheet: s.sheet, rows: s.rows, headerRow: s.headerRow }) + serials, ...left.splice(0)].join('; ');
        out.push({ path: s.path, label: `${file} [${s.sheet}]`, note, lineShift: s.headerRow - 1 });
      }
    } else if (kind === 'json-array') {
      const path = join(work, `${i}-${basename(file)}.jsonl`);
      const { records } = await jsonArrayToLines(file, path);
      out.push({ path, label: file, note: importText('json_array', { records }) });
    } else {
      if (kind === 'json-lines') await checkJsonLinesDepth(file);
      out.push({ path: file, label: file });
    }
  }
  return out;
}

/**
 * The required fields a sheet's header gives no column for (as the importer's own check, import.ts
 * requireColumns: required fields, and for order lines a unit price or an amount). A `--map` naming a column the
 * sheet lacks counts as missing.
 */
function missingColumns(spec: EntitySpec, map: Readonly<Record<string, string>>, header: readonly string[]): string[] {
  let matched: Set<string>;
  try {
    matched = new Set(matchColumns(spec, header, map).matches.map((m) => m.field));
  } catch {
    return Object.keys(map);
  }
  const missing = spec.fields.filter((f) => f.required && !matched.has(f.name)).map((f) => f.name);
  if (spec.name === 'orders' && !matched.has('unit_price') && !matched.has('amount')) missing.push('unit_price or amount');
  return missing;
}

/** Indexes of the header's columns that the entity's date fields take, as the importer will match them. */
function dateColumns(opts: InputOptions, header: readonly string[]): ReadonlySet<number> {
  if (!opts.spec) return new Set();
  let matches;
  try {
    matches = matchColumns(opts.spec, header, opts.map ?? {}).matches;
  } catch {
    return new Set(); // a bad --map: the importer says so when it matches the sheet's columns
  }
  const dated = new Set(opts.spec.fields.filter((f) => f.type === 'date' || f.type === 'timestamp').map((f) => f.name));
  return new Set(matches.filter((m) => dated.has(m.field)).map((m) => header.indexOf(m.column)));
}

type Kind = 'xlsx' | 'json-array' | 'json-lines' | 'other' | 'missing';

const TEXT_NAMES = ['.csv', '.txt', '.tsv', '.json', '.jsonl', '.ndjson', '.parquet'];

/** Reads the file's start: the format by its bytes, and the refusals that the start already shows. */
async function kindOf(file: string): Promise<Kind> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return 'missing'; // the pipeline says what is wrong with the path
  }
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const b = head.subarray(0, bytesRead);
    // A ZIP archive is read as a workbook unless its name says it is text (then the pipeline calls it binary).
    if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04 && !TEXT_NAMES.includes(extname(file).toLowerCase())) return 'xlsx';
    if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) throw new FileRefusal('xls_legacy', file);
    if (b.subarray(0, 4).toString('latin1') === 'PAR1') return 'other';
    const text = b.toString('utf8').replace(/^\uFEFF/, '');
    const start = text.trimStart();
    if (start.startsWith('[') && (extname(file).toLowerCase() === '.json' || /^\[\s*[{\]]/.test(start))) return 'json-array';
    if (start.startsWith('{')) {
      const firstLine = start.split('\n', 1)[0].trim();
      // JSON lines parse line by line; an object spread over lines does not.
      if (/[{[,:]$/.test(firstLine) && !isJson(firstLine)) throw new FileRefusal('json_document', file);
      return 'json-lines';
    }
    await checkFirstLine(handle, b, file);
    return 'other';
  } finally {
    await handle.close();
  }
}

const isJson = (s: string) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

/**
 * Refuses a first line wider than Excel allows, or with no end in the first 16 MB. Counts the delimiters outside
 * quotes on the bytes (the delimiters are ASCII; multi-byte text does not hold their bytes, except `|` in some
 * GB18030 characters, which can only over-count a file that is already far past the limit).
 */
async function checkFirstLine(handle: Awaited<ReturnType<typeof open>>, head: Buffer, file: string): Promise<void> {
  const counts = new Map<number, number>([[0x2c, 0], [0x3b, 0], [0x09, 0], [0x7c, 0]]);
  let quoted = false;
  let pos = 0;
  let buf = head;
  for (;;) {
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      if (c === 0x22) quoted = !quoted;
      else if (!quoted && (c === 0x0a || c === 0x0d)) return verdict(counts, file); // LF, CRLF or a lone CR (old Mac files)
      else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
    }
    pos += buf.length;
    if (buf.length === 0 || pos >= MAX_FIRST_LINE) break;
    buf = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, pos);
    buf = buf.subarray(0, bytesRead);
  }
  if (pos >= MAX_FIRST_LINE) throw new FileRefusal('long_first_line', file, { megabytes: MAX_FIRST_LINE / 1024 / 1024 });
  verdict(counts, file);
}

function verdict(counts: Map<number, number>, file: string): void {
  const columns = Math.max(...counts.values()) + 1;
  if (columns > MAX_COLUMNS) throw new FileRefusal('wide_header', file, { columns: columns.toLocaleString('en'), limit: MAX_COLUMNS.toLocaleString('en') });
}
