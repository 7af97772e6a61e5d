/**
 * SQL text for the one-company check on imports (src/data/overlap.ts). `$1` and `$2` are import ids left out of the
 * store side: the import being replaced and the import being loaded (-1 when there is none). `file` is a relation:
 * an import's checked rows, or the rows it has just written (`sqlImportRows`).
 */
import type { Dialect } from './dialect.js';

const OTHERS = 'import_id NOT IN ($1, $2)';

/** The rows an import wrote to `table`, as a relation; `param` is the placeholder of its id. */
export function sqlImportRows(table: string, param: '$1' | '$2'): string {
  return `(SELECT * FROM ${table} WHERE import_id = ${param})`;
}

/** 1 when `table` holds a row written by another import than `$1` and `$2`, else 0. */
export function sqlHasRows(table: string): string {
  return `SELECT count(*) AS n FROM (SELECT 1 FROM ${table} WHERE ${OTHERS} LIMIT 1) x`;
}

/** 1 when a row of `file` has an `id` that `table` holds (rows of imports `$1`, `$2` left out), else 0. */
export function sqlSharesIds(d: Dialect, file: string, id: string, table: string): string {
  const c = d.quoteIdent(id);
  return `SELECT count(*) AS n FROM (SELECT 1 FROM ${file} f WHERE f.${c} IN (SELECT ${c} FROM ${table} WHERE ${OTHERS}) LIMIT 1) x`;
}

/** The first and last day of `column` in `table` as YYYY-MM-DD text (rows of imports `$1`, `$2` left out when `store`). */
export function sqlDateRange(d: Dialect, table: string, column: string, store: boolean): string {
  const c = `CAST(${d.quoteIdent(column)} AS ${d.type('date')})`;
  const text = d.type('text');
  return `SELECT CAST(min(${c}) AS ${text}) AS "from", CAST(max(${c}) AS ${text}) AS "to" FROM ${table} t${store ? ` WHERE ${OTHERS}` : ''}`;
}
