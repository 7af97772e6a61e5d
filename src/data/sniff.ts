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

const DECODERS: Record<Encoding, string> = { utf8: 'utf-8', gb18030: 'gb18030', big5: 'big5', latin1: 'windows-1252', utf16le: 'utf-16le', utf16be: 'utf-16be' };

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
 * How many of the sample's first lines stand above the table: the fewest whose removal leaves rows of one field
 * count (at least two fields, 90% of the rows) under some delimiter, starting with a header, with each removed line
 * holding fewer fields.
 * Looked for in the first 10 lines only; 0 when the first line already starts the table.
 */
function titleRows(lines: readonly string[], delimiters: readonly string[]): number {
  for (let k = 1; k <= Math.min(10, lines.length - 3); k++) {
    const rest = quotedRecords(lines.slice(k));
    for (const d of delimiters) {
      const counts = rest.map((l) => splitCsvLine(l, d).length);
      const n = counts[0];
      if (n < 2 || counts.filter((c) => c === n).length / counts.length < 0.9) continue;
      // The table below starts with a header (words, not numbers or dates): a data line under a title is not taken.
      if (lines.slice(0, k).every((l) => splitCsvLine(l, d).length < n) && looksLikeHeader(splitCsvLine(rest[0], d))) return k;
    }
  }
  return 0;
}

/** Lines joined into records where a quoted value holds a line break (an odd number of quotes so far). */
function quotedRecords(lines: readonly string[]): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  for (const l of lines) {
    cur = cur === null ? l : `${cur}\n${l}`;
    if ((cur.split('"').length - 1) % 2 === 0) {
      out.push(cur);
      cur = null;
    }
  }
  if (cur !== null) out.push(cur);
  return out;
}

function detectDelimiter(lines: readonly string[]): Delimiter {
  let best: { d: Delimiter; n: number } | null = null;
  for (const d of [',', ';', '\t', '|'] as const) {
    const counts = lines.map((l) => splitCsvLine(l, d).length);
    const n = counts[0];
    const consistent = counts.filter((c) => c === n).length / counts.length;
    if (n > 1 && consistent >= 0.9 && (!best || n > best.n)) best = { d, n };
  }
  if (best) return best.d;
  const ws = lines.map((l) => splitWhitespace(l).length);
  if (ws[0] > 1 && ws.filter((c) => c === ws[0]).length / ws.length >= 0.9) return 'whitespace';
  return ',';
}

const LOOKS_LIKE_DATA = /^(-?[\d.,]+|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}.*|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}.*|true|false)$/i;

/**
 * A first row with a number or a date in it is data, not a header; so is one with a blank name, except blank names
 * at its end (the empty columns a spreadsheet exports after the table).
 */
function looksLikeHeader(fields: readonly string[]): boolean {
  let n = fields.length;
  while (n > 0 && fields[n - 1].trim() === '') n--;
  const named = fields.slice(0, n);
  return named.length > 0 && (named.length > 1 || n === fields.length) && named.every((f) => f.trim() !== '' && !LOOKS_LIKE_DATA.test(f.trim()));
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
    const physical = text.replaceAll('\u0000', '').split(/\r?\n/).slice(0, size > buf.length ? -1 : undefined);
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
    if (given !== 'whitespace' && (seen === 'whitespace' || splitCsvLine(lines[0], seen).length < 2)) {
      const k = titleRows(lines, given ? [given] : [',', ';', '\t', '|']);
      if (k > 0) {
        titleLines = numbered[k].i;
        lines = lines.slice(k);
      }
    }
    const delimiter = given ?? (titleLines > 0 ? detectDelimiter(lines) : seen);
    const firstRow = delimiter === 'whitespace' ? splitWhitespace(lines[0]) : splitCsvLine(lines[0], delimiter);
    const header = options.header ?? looksLikeHeader(firstRow);
    return { format: 'csv', encoding, bom, delimiter, header, firstRow, bytes: size, titleLines };
  } finally {
    await handle.close();
  }
}
