import { readFileSync } from 'node:fs';

/**
 * An RFC 4180 reader for tests that check figures against the raw files: quoted fields may hold commas, doubled
 * quotes and line breaks; CR before LF is dropped. Independent of the importer on purpose.
 */
export function readCsv(path: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(path, 'utf8');
  if (text.length && !text.endsWith('\n')) throw new Error(`readCsv: ${path} does not end with a newline`);
  const [header, ...rows] = records(text);
  for (const r of rows) if (r.length !== header.length) throw new Error(`readCsv: ${path}: a row has ${r.length} fields, the header ${header.length}`);
  return { header, rows };
}

/** The records of CSV text that ends with a newline (a record's last field ends at its newline). */
function records(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), out.push(row), (row = []), (field = '');
    else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length > 0) throw new Error('records: the text does not end with a newline');
  return out;
}

/**
 * The fields of one CSV record given as one line (its quoted fields hold no line break), quoted as RFC 4180 says:
 * for tests that read a large file line by line instead of whole (readCsv).
 */
export function csvFields(line: string): string[] {
  return records(`${line}\n`)[0];
}

/** The records of a file as objects keyed by its header. */
export function readCsvRecords(path: string): Array<Record<string, string>> {
  const { header, rows } = readCsv(path);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}
