/**
 * SQL text for taking one import out of the store (src/data/remove.ts runs it) and for keeping the keyed rows an
 * import replaces, so that removing it can restore them. Pure builders; `$1` is always an import id.
 */
import { ENTITIES, type EntitySpec } from '../data/entities.js';
import type { Dialect } from './dialect.js';
import { SUPERSEDED_ENTITIES, supersededTable } from './schema.js';

export type SupersededEntity = (typeof SUPERSEDED_ENTITIES)[number];

export function isSupersededEntity(name: string): name is SupersededEntity {
  return (SUPERSEDED_ENTITIES as readonly string[]).includes(name);
}

/** Every table of the store with an `import_id` column (entity tables, quarantine, kept rows, warnings after a merge). */
export function sqlTablesWithImportId(): string {
  return `SELECT DISTINCT table_name AS name FROM information_schema.columns
    WHERE column_name = 'import_id' AND table_name <> 'imports' AND table_schema = 'main' AND table_catalog = current_database()
    ORDER BY name`;
}

/** The store's own tables (not temporary ones), to clear derived tables that exist. */
export function sqlStoreTables(): string {
  return `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database()`;
}

/** The columns of `table`, in order. `$1` table name. */
export function sqlTableColumns(): string {
  return `SELECT column_name AS name FROM information_schema.columns WHERE table_name = $1 AND table_schema = 'main' AND table_catalog = current_database() ORDER BY ordinal_position`;
}

function keyTuple(d: Dialect, spec: EntitySpec, alias?: string): string {
  return (spec.key ?? []).map((k) => (alias ? `${alias}.` : '') + d.quoteIdent(k)).join(', ');
}

/**
 * Before an import replaces stored keyed rows, copies them aside with the import that replaces them.
 * `columns`: the entity table's columns; `checked`: the import's checked rows (those with a NULL verdict load).
 * `$1` the replacing import.
 */
export function sqlKeepSuperseded(d: Dialect, entity: SupersededEntity, columns: readonly string[], checked: string): string {
  const spec = ENTITIES[entity];
  const cols = columns.map((c) => d.quoteIdent(c)).join(', ');
  const key = keyTuple(d, spec);
  return `INSERT INTO ${supersededTable(entity)} (${cols}, superseded_by)
  SELECT ${cols}, $1 FROM ${spec.table} WHERE (${key}) IN (SELECT (${key}) FROM ${d.quoteIdent(checked)} WHERE __verdict IS NULL)`;
}

/**
 * After the import `$1` is gone: rows it had replaced whose key a later import now holds are from then on replaced
 * by that later import (they stay aside).
 */
export function sqlRepointSuperseded(d: Dialect, entity: SupersededEntity): string {
  const spec = ENTITIES[entity];
  const on = (spec.key ?? []).map((k) => `s.${d.quoteIdent(k)} = e.${d.quoteIdent(k)}`).join(' AND ');
  return `UPDATE ${supersededTable(entity)} s SET superseded_by = e.import_id FROM ${spec.table} e WHERE s.superseded_by = $1 AND ${on}`;
}

/** Puts back the rows the import `$1` had replaced (after sqlRepointSuperseded, only rows whose key is free). */
export function sqlRestoreSuperseded(d: Dialect, entity: SupersededEntity, columns: readonly string[]): string[] {
  const spec = ENTITIES[entity];
  const cols = columns.map((c) => d.quoteIdent(c)).join(', ');
  return [
    `INSERT INTO ${spec.table} (${cols}) SELECT ${cols} FROM ${supersededTable(entity)} WHERE superseded_by = $1`,
    `DELETE FROM ${supersededTable(entity)} WHERE superseded_by = $1`,
  ];
}

/** Rows the import `$1` had replaced, to be put back. */
export function sqlCountSuperseded(entity: SupersededEntity): string {
  return `SELECT count(*) AS n FROM ${supersededTable(entity)} WHERE superseded_by = $1`;
}

/** Only the order lines of finished imports name placeholders (a replacing import's own lines are still 'loading'). */
const DONE_LINES = `import_id IN (SELECT import_id FROM imports WHERE status = 'done')`;

/**
 * Placeholder customers and products for ids that order lines still name but the store no longer has (their
 * placeholder belonged to the removed import, or a removed import's real row stood in for it). Each is made as an
 * import would have made it: by the first import that names it, from that import's lines.
 */
export function sqlRederivePlaceholders(d: Dialect): string[] {
  const make = (id: string, table: string, values: string[], columns: string[]) => `INSERT INTO ${table} (${id}, ${columns.join(', ')}, derived, import_id)
     SELECT l.${id}, ${values.join(', ')}, TRUE, f.first_import FROM order_lines l
     JOIN (SELECT ${id}, min(import_id) AS first_import FROM order_lines
           WHERE ${id} IS NOT NULL AND ${DONE_LINES} AND ${id} NOT IN (SELECT ${id} FROM ${table})
           GROUP BY ${id}) f ON f.${id} = l.${id} AND f.first_import = l.import_id
     GROUP BY l.${id}, f.first_import`;
  return [
    make('customer_id', 'customers', [d.sqlArgMax('l.country', 'l.ordered_at')], ['country']),
    make('product_id', 'products', [d.sqlArgMax('l.product_name', 'l.ordered_at'), d.sqlArgMax('l.category', 'l.ordered_at')], ['name', 'category']),
  ];
}

/**
 * Derived tables: everything computed from the imported rows. `always` go whenever an import is removed (a value
 * run reads every entity); the others only when an entity they are built from goes.
 */
export const DERIVED_TABLES = {
  always: ['customer_list', 'customer_value_rows', 'customer_summary', 'segment_members', 'screenings', 'value_runs'],
  orders: ['clv_predictions', 'clv_checks', 'clv_fits'],
  products: ['clv_predictions', 'clv_checks', 'clv_fits'],
  leads: ['lead_scores'],
  // Billing lines and the sBG fits and lifetime values made from them; churn learned from the customers.
  subscriptions: ['clv_predictions', 'clv_checks', 'clv_fits', 'churn_scores'],
  customers: ['churn_scores'],
} as const;

/** Saved segments keep their rule; their cached members and counts go with the value runs. */
export const SQL_FORGET_SEGMENT_MEMBERS = 'UPDATE segments SET run_id = NULL, members = NULL WHERE run_id IS NOT NULL OR members IS NOT NULL';

/** Lines a later import left out as "already in the store" (of the entity's table): removing the earlier import does not bring them back. `$1` import id, `$2` entity. */
export function sqlLaterAlreadyStored(): string {
  return `SELECT count(*) AS n FROM quarantine q JOIN imports i ON i.import_id = q.import_id
    WHERE q.import_id > $1 AND i.entity = $2 AND q.reason LIKE 'already in the store%'`;
}
