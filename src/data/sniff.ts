import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { ImportError } from '../errors.js';
import type { TextEncoding } from './scan.js';

export type FileFormat = 'csv' | 'parquet' | 'json';
export type Encoding = TextEncoding;
/** `whitespace`: columns separated by runs of spaces or tabs, as in the CDNOW files. */
export type Delimiter = ',' | ';' | '\t' | '|' | 'whitespace';

export interface Sniffed {
  readonly format: FileFormat;
  readonly encoding: Encoding;
  readonly bom: boolean;
  readonly delimiter: Delimiter;
  readonly header: boolean;
  /** Fields of the first record, decoded. */
  readonly firstRow: readonly string[];
  readonly bytes: number;
  /**
   * Physical lines above the first record that are not part of the table: a report's title, an export date, blank
   * lines (`Sales report 2024` above `Order No,Customer,…`). Skipped, and counted with the header.
   */
  readonly titleLines: number;
  /**
   * The lines end in a lone CR (Excel's "CSV (Macintosh)"): a CR not followed by LF ends a line, as LF and CRLF do.
   * Only set when the sample has more such CRs than LFs, so a stray CR inside a value of an ordinary file is text.
   */
  readonly crLineEnds?: boolean;
}

export interface SniffOptions {
  /** Decided on the whole file beforehand (scan.ts); 'auto' decides on the sample (UTF-8, else GB18030). */
  readonly encoding?: 'auto' | Encoding;
  readonly bomBytes?: number;
  readonly delimiter?: 'auto' | Delimiter;
  readonly header?: boolean;
}

const SAMPLE_BYTES = 256 * 1024;

/** Splits one CSV line (no embedded newlines) on `delim`, honouring double quotes. */
export function splitCsvLine(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') (cur += '"'), i++;
        else quoted = false;
      } else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === delim) out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out;
}

export function splitWhitespace(line: string): string[] {
  const t = line.trim();
  return t === '' ? [] : t.split(/[ \t]+/);
}

const DECODERS: Record<Encoding, string> = { utf8: 'utf-8', gb18030: 'gb18030', big5: 'big5', shift_jis: 'shift_jis', euc_kr: 'euc-kr', latin1: 'windows-1252', utf16le: 'utf-16le', utf16be: 'utf-16be' };

function decodeSample(buf: Buffer, encoding: 'auto' | Encoding, file: string, bomBytes?: number): { text: string; encoding: Encoding; bom: boolean } {
  if (encoding !== 'auto' && encoding !== 'utf8') {
    return { text: new TextDecoder(DECODERS[encoding]).decode(buf.subarray(bomBytes ?? 0), { stream: true }), encoding, bom: (bomBytes ?? 0) > 0 };
  }
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  if (encoding === 'utf8' && bomBytes !== undefined) return { text: new TextDecoder('utf-8').decode(body, { stream: true }), encoding, bom };
  try {
    // stream: true tolerates a character cut at the sample's end.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body, { stream: true });
    return { text, encoding: 'utf8', bom };
  } catch {
    if (encoding === 'utf8') throw new ImportError('the file is not valid UTF-8', file, 'pass --encoding gb18030 for Chinese Excel files, or re-save the file as UTF-8');
    const text = new TextDecoder('gb18030').decode(body);
    return { text, encoding: 'gb18030', bom: false };
  }
}

/**
 * How many of the sample's first lines stand above the table: the fewest whose removal leaves records of one field
 * count (at least two fields, 90% of the records) under some delimiter, starting with a header, with each removed
 * line holding fewer fields or no value but its first (a title as Excel saves it: `Sales report 2023;;;;;`).
 * Looked for in the first 10 lines only; 0 when the first line already starts the table.
 */
function titleRows(lines: readonly string[], delimiters: readonly string[]): number {
  for (let k = 1; k <= Math.min(10, lines.length - 3); k++) {
    for (const d of delimiters) {
      const rest = sampleRecords(lines.slice(k), d);
      const n = rest[0].length;
      if (n < 2 || rest.filter((r) => fits(r, rest[0])).length / rest.length < 0.9) continue;
      // The table below starts with a header (words, not numbers or dates): a data line under a title is not taken.
      if (lines.slice(0, k).every((l) => titleLike(splitCsvLine(l, d), n)) && looksLikeHeader(rest[0], rest.slice(1))) return k;
    }
  }
  return 0;
}

/** A line above a table of `n` columns: fewer fields than the table, or a value in its first field only. */
function titleLike(fields: readonly string[], n: number): boolean {
  return fields.length < n || fields.slice(1).every((f) => f.trim() === '');
}

/**
 * The sample's lines as records of fields, read as the scanner reads them (src/data/scan.ts): a quote opens only at
 * a field's start and may hold line breaks, `""` is a quote inside it; a record that cannot be read (text after a
 * closing quote, a quote still open after 200 lines or at the sample's end) is its first line alone, and reading
 * goes on with the next line. So one broken quote does not pair every later quote with the wrong one.
 */
function sampleRecords(lines: readonly string[], d: string): string[][] {
  const out: string[][] = [];
  const read = (i: number): { fields: string[]; next: number } | null => {
    const fields: string[] = [];
    let cur = '';
    let quoted = false;
    let closed = false;
    let started = false;
    for (let j = i; j < lines.length && j < i + 200; j++) {
      const l = lines[j];
      if (j > i) cur += '\n';
      for (let c = 0; c < l.length; c++) {
        const ch = l[c];
        if (quoted) {
          if (ch === '"' && l[c + 1] === '"') (cur += '"'), c++;
          else if (ch === '"') (quoted = false), (closed = true);
          else cur += ch;
        } else if (ch === d) fields.push(cur), (cur = ''), (closed = false), (started = false);
        else if (closed) return null;
        else if (ch === '"' && !started) (quoted = true), (started = true);
        else (cur += ch), (started = true);
      }
      if (!quoted) {
        fields.push(cur);
        return { fields, next: j + 1 };
      }
    }
    return null;
  };
  for (let i = 0; i < lines.length; ) {
    const r = read(i);
    if (r === null) out.push(splitCsvLine(lines[i++], d));
    else (out.push(r.fields), (i = r.next));
  }
  return out;
}

/**
 * A record fits a table whose first record is `first` when it has as many fields, or one more that is empty: many
 * exports end every data line with the delimiter but not the header (`1001,K1,2023-01-05,2,3.50,`), and the scanner
 * reads that field as no data. Or one fewer, when the first record ends with an empty one (a header that ends with
 * the delimiter over data lines that do not).
 */
function fits(fields: readonly string[], first: readonly string[]): boolean {
  const n = first.length;
  return fields.length === n || (fields.length === n + 1 && fields[n] === '') || (fields.length === n - 1 && first[n - 1].trim() === '');
}

function detectDelimiter(lines: readonly string[]): Delimiter {
  let best: { d: Delimiter; n: number } | null = null;
  for (const d of [',', ';', '\t', '|'] as const) {
    const rows = sampleRecords(lines, d);
    const n = rows[0].length;
    const consistent = rows.filter((r) => fits(r, rows[0])).length / rows.length;
    if (n > 1 && consistent >= 0.9 && (!best || n > best.n)) best = { d, n };
  }
  if (best) return best.d;
  const ws = lines.map((l) => splitWhitespace(l).length);
  if (ws[0] > 1 && ws.filter((c) => c === ws[0]).length / ws.length >= 0.9) return 'whitespace';
  return ',';
}

const LOOKS_LIKE_DATA = /^(-?[\d.,]+|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.*|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}.*|true|false)$/i;

/**
 * Whether a first row is a header, judged with the `below` rows (the sample's next records). A row with a number
 * or a date in it is data. Blank names at its end are the empty columns a spreadsheet exports after the table. A
 * blank name elsewhere — the index column of pandas' `to_csv()`, a column an Excel sheet has no title for — leaves
 * the row a header when the rows below show it: a name without a digit stands over a column whose values hold
 * digits (80% of at least two), or the blank first name stands over rising whole numbers (pandas' row index).
 * Otherwise a row with a blank inside is data (a record with a missing value).
 */
function looksLikeHeader(fields: readonly string[], below: readonly (readonly string[])[]): boolean {
  let n = fields.length;
  while (n > 0 && fields[n - 1].trim() === '') n--;
  const named = fields.slice(0, n).map((f) => f.trim());
  if (named.length === 0 || named.some((f) => f !== '' && LOOKS_LIKE_DATA.test(f))) return false;
  if (named.every((f) => f !== '')) return named.length > 1 || n === fields.length;
  if (named.filter((f) => f !== '').length < 1 || below.length < 2) return false;
  const column = (i: number) => below.map((r) => (r[i] ?? '').trim()).filter((v) => v !== '');
  const overDigits = named.some((f, i) => {
    if (f === '' || /\d/.test(f)) return false;
    const values = column(i);
    return values.length >= 2 && values.filter((v) => /\d/.test(v)).length >= 0.8 * values.length;
  });
  if (overDigits) return true;
  const index = column(0).slice(0, 10);
  return named[0] === '' && index.length >= 2 && index.every((v, i) => /^\d+$/.test(v) && (i === 0 || Number(v) > Number(index[i - 1])));
}

/** Reads the file's start and says what it is. Throws ImportError for empty, binary or unreadable files. */
export async function sniffFile(path: string, options: SniffOptions = {}): Promise<Sniffed> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImportError(code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'this is a folder, not a file' : `cannot read the file (${code})`, path, 'check the path');
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) throw new ImportError('the file is empty', path, 'export the data again; the file has no bytes');
    const buf = Buffer.alloc(Math.min(SAMPLE_BYTES, size));
    await handle.read(buf, 0, buf.length, 0);
    const ext = extname(path).toLowerCase();
    const isParquet = buf.subarray(0, 4).toString('latin1') === 'PAR1';
    if (isParquet || ext === '.parquet') {
      if (!isParquet) throw new ImportError('the file ends in .parquet but is not a Parquet file', path, 'check that the export finished');
      return { format: 'parquet', encoding: 'utf8', bom: false, delimiter: ',', header: true, firstRow: [], bytes: size, titleLines: 0 };
    }
    // UTF-16 has a NUL in every ASCII character; elsewhere many NULs (or a zip's magic) mean a binary file. A stray NUL
    // further on only costs its line (scan.ts quarantines it).
    if ((options.encoding ?? 'auto') === 'auto' && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
      return sniffFile(path, { ...options, encoding: buf[0] === 0xff ? 'utf16le' : 'utf16be', bomBytes: 2 });
    }
    const utf16 = options.encoding === 'utf16le' || options.encoding === 'utf16be';
    let nuls = 0;
    for (let i = buf.indexOf(0); i >= 0 && !utf16; i = buf.indexOf(0, i + 1)) nuls++;
    if (!utf16 && (nuls > Math.max(2, buf.length / 1000) || buf.subarray(0, 2).toString('latin1') === 'PK' && nuls > 0)) {
      throw new ImportError('the file looks binary (it has NUL bytes), not CSV, JSON lines or Parquet', path, 'export it as CSV (UTF-8) or Parquet; Excel files (.xlsx) must be saved as CSV first');
    }
    const { text, encoding, bom } = decodeSample(buf, options.encoding ?? 'auto', path, options.bomBytes);
    // Lines end in LF or CRLF; in a file whose lines end in a lone CR (old Mac), in that too.
    const loneCr = text.match(/\r(?!\n)/g)?.length ?? 0;
    const crLineEnds = loneCr > 0 && loneCr > (text.match(/\n/g)?.length ?? 0);
    const physical = text.replaceAll('\u0000', '').split(crLineEnds ? /\r\n|\r|\n/ : /\r?\n/).slice(0, size > buf.length ? -1 : undefined);
    const numbered = physical.map((l, i) => ({ l, i })).filter((x) => x.l.trim() !== '').slice(0, 50);
    let lines = numbered.map((x) => x.l);
    if (lines.length === 0) throw new ImportError('the file holds only blank lines', path);
    const first = lines[0].trimStart();
    if (['.json', '.jsonl', '.ndjson'].includes(ext) || first.startsWith('{') || first.startsWith('[')) {
      return { format: 'json', encoding, bom, delimiter: ',', header: true, firstRow: [], bytes: size, titleLines: 0 };
    }
    // A title above the table: looked for only when no delimiter splits the first line as it splits the rest (a
    // title of several words can pass for whitespace-separated columns).
    let titleLines = 0;
    const given = options.delimiter && options.delimiter !== 'auto' ? options.delimiter : null;
    const seen = given ?? detectDelimiter(lines);
    if (given !== 'whitespace' && (seen === 'whitespace' || titleLike(splitCsvLine(lines[0], seen), 2))) {
      const k = titleRows(lines, given ? [given] : [',', ';', '\t', '|']);
      if (k > 0) {
        titleLines = numbered[k].i;
        lines = lines.slice(k);
      }
    }
    const delimiter = given ?? (titleLines > 0 ? detectDelimiter(lines) : seen);
    const records = delimiter === 'whitespace' ? lines.map(splitWhitespace) : sampleRecords(lines, delimiter);
    let firstRow = records[0];
    const header = options.header ?? looksLikeHeader(firstRow, records.slice(1));
    // A header that ends with the delimiter over data lines that do not: its empty last name is no column (the
    // scanner reads the header line's spare field as it reads a data line's).
    const below = records.slice(1);
    if (header && firstRow.length > 2 && firstRow[firstRow.length - 1].trim() === '' && below.length > 0 && below.filter((r) => r.length === firstRow.length - 1).length >= 0.9 * below.length) {
      firstRow = firstRow.slice(0, -1);
    }
    return { format: 'csv', encoding, bom, delimiter, header, firstRow, bytes: size, titleLines, ...(crLineEnds ? { crLineEnds } : {}) };
  } finally {
    await handle.close();
  }
}
