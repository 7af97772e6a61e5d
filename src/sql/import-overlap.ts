/**
 * Overlapping exports (a shop's monthly files that repeat the month before): what an import of order lines has in
 * common with the lines other imports stored. Exact repeats are quarantined as "already in the store" by the check
 * itself (the whole record's hash); these are the two cases it cannot see, read after the load. `$1` the import id.
 */
import type { Dialect } from './dialect.js';
import { CLOSED_ORDER, REFUNDED_ORDER } from './import.js';

const same = (c: string) => `(o.${c} = n.${c} OR (o.${c} IS NULL AND n.${c} IS NULL))`;

/**
 * Lines of this import equal on every stored column (order, customer, time, product, quantity, amount, kind) to a line
 * another finished import stored: the same order line exported again with a changed column the import does not use
 * (a remark), loaded a second time. Their count, their orders and one of them.
 */
export function sqlLinesStoredBefore(): string {
  return `SELECT count(*) AS lines, count(DISTINCT n.order_id) AS orders, min(n.order_id) AS example
  FROM order_lines n
  WHERE n.import_id = $1 AND n.order_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM order_lines o JOIN imports i ON i.import_id = o.import_id AND i.status = 'done'
    WHERE o.import_id <> $1 AND o.order_id = n.order_id AND o.ordered_at = n.ordered_at AND o.kind = n.kind
      AND ${same('customer_id')} AND ${same('product_id')} AND ${same('product_name')} AND ${same('quantity')} AND ${same('amount')})`;
}

/** This import's records set apart by their order status (closed or refunded in full), with their raw text. */
export const SQL_STATUS_SET_APART = `SELECT raw FROM quarantine WHERE import_id = $1
  AND (reason LIKE '%${REFUNDED_ORDER}' OR reason LIKE '%${CLOSED_ORDER}')`;

/** Of the order ids given (quoted list), those another import stored as sales: how many, and one. */
export function sqlStoredAsSales(d: Dialect, ids: readonly string[]): string {
  return `SELECT count(DISTINCT order_id) AS orders, min(order_id) AS example FROM order_lines
  WHERE import_id <> $1 AND kind = 'sale' AND order_id IN (${ids.map((x) => d.quoteString(x)).join(', ')})`;
}
