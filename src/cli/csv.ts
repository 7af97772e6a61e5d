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

/** Writes rows as UTF-8 CSV with a BOM, so Excel (including Chinese Excel) opens it right. */
export async function writeCsv(path: string, headers: readonly string[], rows: Iterable<readonly unknown[]>): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('\uFEFF' + headers.map(csvCell).join(',') + '\n');
  for (const r of rows) {
    await write(r.map(csvCell).join(',') + '\n');
    n++;
  }
  out.end();
  await once(out, 'finish');
  return n;
}
