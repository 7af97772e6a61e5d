import { createWriteStream, fchmodSync, fstatSync } from 'node:fs';
import { once } from 'node:events';

/**
 * Text a spreadsheet would run as a formula (OWASP "CSV injection"): starting with = or @, tab or CR, or with + or -
 * unless the rest is a number or a phone number (digits and spaces: `+44 20 7946 0958`, `-12.50`). Phone numbers
 * in E.164 are written as they are, so SMS and CRM imports accept them; `+1+2` or `-x` are defused.
 */
export function runsAsFormula(s: string): boolean {
  if (/^[=@\t\r]/.test(s)) return true;
  if (/^[+-]/.test(s)) return !/^[+-]\d[\d ]*(\.\d+)?$/.test(s);
  return false;
}

/** A number in plain decimal notation, never exponent notation (`6.27e-7` → `0.000000627`). */
export function plainNumber(n: number): string {
  const s = String(n);
  if (!/e/i.test(s) || !Number.isFinite(n)) return s;
  return n.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/** A CSV cell a spreadsheet will not run (see runsAsFormula; a leading apostrophe defuses it). Numbers stay numbers. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return plainNumber(v);
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  let s = typeof v === 'string' ? v : JSON.stringify(v);
  if (runsAsFormula(s)) s = `'${s}`;
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

/**
 * Writes rows as UTF-8 CSV with a BOM to a file, readable by its owner only (0600: exports carry names, emails and
 * phones; a file written over is made so too, a terminal or pipe is left alone); returns the number of rows.
 */
export async function writeCsv(path: string, headers: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const out = createWriteStream(path, { mode: 0o600 });
  await once(out, 'open');
  const fd = (out as unknown as { fd: number }).fd;
  if (fstatSync(fd).isFile()) fchmodSync(fd, 0o600);
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
