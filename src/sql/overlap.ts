/** SQL text for the one-company check on imports (src/data/overlap.ts). `$1` is an import id left out of the store side. */
import type { Dialect } from './dialect.js';

/** 1 when `table` holds a row written by another import than `$1`, else 0. */
export function sqlHasRows(table: string): string {
  return `SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE import_id <> $1 LIMIT 1) x`;
}

/** 1 when a row of `checked` has an `id` that `table` holds (rows of import `$1` left out), else 0. */
export function sqlSharesIds(d: Dialect, checked: string, id: string, table: string): string {
  const c = d.quoteIdent(id);
  return `SELECT count(*) AS n FROM (SELECT 1 FROM ${d.quoteIdent(checked)} WHERE ${c} IN (SELECT ${c} FROM ${table} WHERE import_id <> $1) LIMIT 1) x`;
}

/** The first and last day of `column` in `table` as YYYY-MM-DD text (rows of import `$1` left out when `store`). */
export function sqlDateRange(d: Dialect, table: string, column: string, store: boolean): string {
  const c = `CAST(${d.quoteIdent(column)} AS ${d.type('date')})`;
  const text = d.type('text');
  return `SELECT CAST(min(${c}) AS ${text}) AS "from", CAST(max(${c}) AS ${text}) AS "to" FROM ${store ? table : d.quoteIdent(table)}${store ? ' WHERE import_id <> $1' : ''}`;
}
