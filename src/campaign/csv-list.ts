/**
 * Reading the small CSV files a campaign takes: a list of customers (any action command's --out file: a
 * customer_id column) and a responses file (customer_id, and optionally responded_at, revenue, profit). RFC 4180
 * quoting, a UTF-8 BOM and CRLF are accepted; bad rows are a UsageError naming the line, and nothing is stored.
 */
import { UsageError } from '../errors.js';
import type { ResponseRow } from './campaign.js';

export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\n') row.push(field), out.push(row), (row = []), (field = '');
    else if (ch !== '\r') field += ch;
  }
  if (quoted) throw new UsageError('the file ends inside a quoted field');
  if (field !== '' || row.length) row.push(field), out.push(row);
  return out.filter((r) => r.some((c) => c.trim() !== ''));
}

const ID_NAMES = ['customer_id', 'customer id', 'customerid', '客户编号', '客户id'];

function header(rows: string[][], file: string): { rows: string[][]; col: (names: readonly string[]) => number } {
  if (!rows.length) throw new UsageError(`${file}: empty file`);
  const h = rows[0].map((x) => x.trim().toLowerCase());
  return { rows: rows.slice(1), col: (names) => h.findIndex((x) => names.includes(x)) };
}

/** Customer ids from a list file. */
export function readIdList(text: string, file: string): string[] {
  const { rows, col } = header(parseCsv(text), file);
  const i = col(ID_NAMES);
  if (i < 0) throw new UsageError(`${file}: no customer_id column`, 'the list must have a customer_id column, as every --out file of clientele has');
  return rows.map((r) => (r[i] ?? '').trim()).filter(Boolean);
}

/** Responses: one line per responding customer (several lines add up). */
export function readResponses(text: string, file: string): ResponseRow[] {
  const { rows, col } = header(parseCsv(text), file);
  const id = col(ID_NAMES);
  if (id < 0) throw new UsageError(`${file}: no customer_id column`, 'columns: customer_id, and optionally responded_at, revenue, profit');
  const at = col(['responded_at', 'date', 'responded at']);
  const rev = col(['revenue', 'amount']);
  const pro = col(['profit']);
  return rows.map((r, k) => {
    const line = k + 2;
    const num = (i: number, what: string) => {
      if (i < 0 || (r[i] ?? '').trim() === '') return null;
      const v = Number(r[i].trim());
      if (!Number.isFinite(v)) throw new UsageError(`${file}:${line}: ${what} "${r[i]}" is not a number`);
      return v;
    };
    const day = at >= 0 && (r[at] ?? '').trim() ? r[at].trim().slice(0, 10) : null;
    if (day !== null && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError(`${file}:${line}: responded_at "${r[at]}" is not a date YYYY-MM-DD`);
    const customerId = (r[id] ?? '').trim();
    if (!customerId) throw new UsageError(`${file}:${line}: empty customer_id`);
    return { customerId, respondedAt: day, revenue: num(rev, 'revenue'), profit: num(pro, 'profit') };
  });
}
