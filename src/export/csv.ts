import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A CSV cell a spreadsheet will not run: text starting with = + - @ (or tab/CR) gets a leading apostrophe
 * (OWASP "CSV injection"). Numbers are written as numbers.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  let s = typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One line, with its newline. */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(',') + '\n';
}

/** The byte-order mark and header line every export starts with, so Excel (including Chinese Excel) reads UTF-8. */
export function csvHead(headers: readonly string[]): string {
  return '\uFEFF' + csvLine(headers);
}

/** Writes rows as UTF-8 CSV with a BOM to a file; returns the number of rows. */
export async function writeCsv(path: string, headers: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(csvHead(headers));
  for (const r of rows) {
    await write(csvLine(r));
    n++;
  }
  out.end();
  await once(out, 'finish');
  return n;
}

/** The same CSV as a byte stream (for an HTTP download), `batch` rows at a time, as the reader pulls. */
export function csvStream(headers: readonly string[], rows: Iterable<readonly unknown[]>, batch = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = rows[Symbol.iterator]();
  let head = true;
  return new ReadableStream<Uint8Array>({
    pull(ctl) {
      let s = head ? csvHead(headers) : '';
      head = false;
      for (let i = 0; i < batch; i++) {
        const r = it.next();
        if (r.done) {
          if (s) ctl.enqueue(encoder.encode(s));
          ctl.close();
          return;
        }
        s += csvLine(r.value);
      }
      ctl.enqueue(encoder.encode(s));
    },
  });
}
