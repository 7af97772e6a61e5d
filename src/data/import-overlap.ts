/**
 * Overlapping exports (QA session 8, F6): a shop's periodic files often repeat the period before. An exact repeat of a
 * stored record is quarantined by the import's own check ("already in the store"); these two are not, so the import
 * says so after loading, as warnings: lines equal to stored ones on every column the store keeps (they differ only in
 * a column the import does not use, such as a remark), and orders this file says were closed or refunded that an
 * earlier import stored as sales. On a store whose lines live on a ClickHouse cluster the check is not made (the
 * companion does not hold the other imports' lines).
 */
import type { Engine } from '../engine/engine.js';
import { linesOf } from './line-source.js';
import { SQL_STATUS_SET_APART, sqlLinesStoredBefore, sqlStoredAsSales } from '../sql/import-overlap.js';

/** The warnings for import `id` of order lines; `orderColumn` the file's order-id column, `unused` its columns not used. */
export async function overlapNotes(engine: Engine, id: number, orderColumn: string | null, unused: readonly string[]): Promise<string[]> {
  if (orderColumn === null || linesOf(engine) !== null) return [];
  const others = await engine.query<{ one: number }>('SELECT 1 AS one FROM order_lines WHERE import_id <> $1 LIMIT 1', [id]);
  if (others.length === 0) return [];
  const notes: string[] = [];
  const [near] = await engine.query<{ lines: number; orders: number; example: string | null }>(sqlLinesStoredBefore(), [id]);
  if (Number(near.lines) > 0) {
    const differ = unused.length ? `, and differ only in columns not used (${unused.join(', ')})` : '';
    notes.push(`warning: ${Number(near.lines)} lines (${Number(near.orders)} orders, e.g. ${near.example}) are equal to lines an earlier import stored on every column kept${differ}: loaded, so they count twice if these files overlap; if so, remove this import (clientele imports remove ${id}) and import a file without the orders imported before`);
  }
  // The order ids of the records set apart by their status, read from their raw text (few: a JSON parse each).
  const ids = new Set<string>();
  for (const r of await engine.query<{ raw: string | null }>(SQL_STATUS_SET_APART, [id])) {
    const v = r.raw ? (JSON.parse(r.raw) as Record<string, unknown>)[orderColumn] : undefined;
    if (typeof v === 'string' && v.trim() !== '') ids.add(v.trim());
  }
  let orders = 0;
  let example: string | null = null;
  const list = [...ids];
  for (let i = 0; i < list.length; i += 1000) {
    const [r] = await engine.query<{ orders: number; example: string | null }>(sqlStoredAsSales(engine.dialect, list.slice(i, i + 1000)), [id]);
    orders += Number(r.orders);
    example ??= r.example;
  }
  if (orders > 0) {
    notes.push(`warning: ${orders} orders (e.g. ${example}) that this file says were closed or refunded in full are stored as sales by an earlier import: their revenue still counts; to take it out, remove that import (clientele imports) and import its file again without them, or import each refund as a return line`);
  }
  return notes;
}
