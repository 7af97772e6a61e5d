/**
 * Undo and redo for imports.
 *
 * - `removeImport` takes one import out in one transaction: every row that carries its id (entity rows, quarantine,
 *   kept rows, warnings), the keyed rows it had replaced are put back, placeholders that remaining order lines
 *   still need are made again, the customer facts of the customers it touched are rebuilt, and every derived table
 *   (value runs, customer list, segment members, re-screenings; CLV fits for orders and products; lead scores
 *   for leads) is cleared, to be recomputed on demand.
 * - `findEarlierImport` decides whether a file was imported before: the same bytes (SHA-256) with the same
 *   normalised options load nothing; the same bytes with other options replace the earlier import (removed in
 *   the new import's own closing transaction: `sealImport`).
 */
import type { Engine } from '../engine/engine.js';
import { NotFoundError } from '../errors.js';
import {
  DERIVED_TABLES, isSupersededEntity, SQL_FORGET_SEGMENT_MEMBERS, sqlCountSuperseded, sqlKeepSuperseded, sqlLaterAlreadyStored,
  sqlRederivePlaceholders, sqlRepointSuperseded, sqlRestoreSuperseded, sqlStoreTables, sqlTableColumns, sqlTablesWithImportId,
} from '../sql/remove.js';
import { supersededTable } from '../sql/schema.js';
import { ENTITIES, type EntityName, type EntitySpec } from './entities.js';
import { factsInputs, refreshFactsAfterRemoval, type FactsRefresh } from './facts.js';

export interface RemoveReport {
  readonly importId: number;
  readonly entity: EntityName;
  readonly file: string;
  /** Rows deleted per table (only tables that had some). */
  readonly deleted: Readonly<Record<string, number>>;
  /** Keyed rows the import had replaced, put back. */
  readonly restored: number;
  /** Placeholder customers and products made again because remaining order lines name them. */
  readonly placeholders: { readonly customers: number; readonly products: number };
  readonly facts: FactsRefresh;
  /** Derived tables cleared (recomputed by the next command that needs them). */
  readonly cleared: readonly string[];
  /** What could not be restored, in words. */
  readonly notes: readonly string[];
}

interface ImportRow {
  import_id: number;
  entity: EntityName;
  file: string;
  updated: number;
  status: string;
  options: string | null;
}

const SCOPE = '__remove_scope';

/** Takes import `importId` out of the store, all or nothing. */
export async function removeImport(engine: Engine, importId: number): Promise<RemoveReport> {
  return engine.transaction(() => removeImportWithin(engine, importId, { facts: true }));
}

/**
 * The removal, inside the caller's transaction. `facts: false` when an import that replaces this one follows in
 * the same transaction (its own refresh then rebuilds the facts).
 */
export async function removeImportWithin(engine: Engine, importId: number, o: { facts: boolean }): Promise<RemoveReport> {
  const d = engine.dialect;
  const [imp] = await engine.query<ImportRow>('SELECT import_id, entity, file, updated, status, options FROM imports WHERE import_id = $1', [importId]);
  if (!imp) throw new NotFoundError(`no import #${importId} in the store`, 'list them with: clientele imports');
  const notes: string[] = [];
  const isOrders = imp.entity === 'orders';

  // The customers whose facts change, before their lines go.
  const before = o.facts ? await factsInputs(engine) : null;
  if (isOrders && o.facts) {
    await engine.run(`DROP TABLE IF EXISTS ${SCOPE}`);
    await engine.run(`CREATE TEMP TABLE ${SCOPE} AS SELECT DISTINCT customer_id FROM order_lines WHERE import_id = $1 AND customer_id IS NOT NULL`, [importId]);
  }
  try {
    const deleted: Record<string, number> = {};
    const tables = (await engine.query<{ name: string }>(sqlTablesWithImportId())).map((t) => t.name);
    for (const t of tables) {
      const n = await engine.run(`DELETE FROM ${d.quoteIdent(t)} WHERE import_id = $1`, [importId]);
      if (n > 0) deleted[t] = n;
    }

    let restored = 0;
    if (isSupersededEntity(imp.entity)) {
      const entity = imp.entity;
      await engine.run(sqlRepointSuperseded(d, entity), [importId]);
      [{ n: restored }] = await engine.query<{ n: number }>(sqlCountSuperseded(entity), [importId]);
      const columns = await sharedColumns(engine, entity);
      for (const sql of sqlRestoreSuperseded(d, entity, columns)) await engine.run(sql, [importId]);
      if (imp.updated > restored && imp.options === null) {
        notes.push(`${imp.updated - restored} rows it had replaced were not kept (it was imported by an earlier version of Clientele): import the earlier file again to bring them back`);
      }
    }

    const [c, p] = sqlRederivePlaceholders(d);
    const placeholders = { customers: await engine.run(c), products: await engine.run(p) };

    const cleared = await clearDerived(engine, imp.entity);

    const [{ n: lost }] = await engine.query<{ n: number }>(sqlLaterAlreadyStored(), [importId, imp.entity]);
    if (lost > 0) notes.push(`${lost} lines of later imports were left out as "already in the store" and are not brought back: import those files again to load them`);

    await engine.run('DELETE FROM imports WHERE import_id = $1', [importId]);

    let facts: FactsRefresh = { mode: 'none', customers: 0 };
    if (before && (isOrders || imp.entity === 'products')) facts = await refreshFactsAfterRemoval(engine, isOrders ? SCOPE : null, before);
    return { importId, entity: imp.entity, file: imp.file, deleted, restored, placeholders, facts, cleared, notes };
  } finally {
    if (isOrders && o.facts) await engine.run(`DROP TABLE IF EXISTS ${SCOPE}`);
  }
}

/** Columns both the entity table and its kept rows have (a later migration may add columns to one of them). */
async function sharedColumns(engine: Engine, entity: Parameters<typeof supersededTable>[0]): Promise<string[]> {
  const live = (await engine.query<{ name: string }>(sqlTableColumns(), [ENTITIES[entity].table])).map((r) => r.name);
  const kept = new Set((await engine.query<{ name: string }>(sqlTableColumns(), [supersededTable(entity)])).map((r) => r.name));
  return live.filter((c) => kept.has(c));
}

async function clearDerived(engine: Engine, entity: EntityName): Promise<string[]> {
  const exists = new Set((await engine.query<{ name: string }>(sqlStoreTables())).map((t) => t.name));
  const extra = (DERIVED_TABLES as Partial<Record<string, readonly string[]>>)[entity] ?? [];
  const cleared: string[] = [];
  for (const t of [...DERIVED_TABLES.always, ...extra]) {
    if (!exists.has(t) || cleared.includes(t)) continue;
    await engine.run(`DELETE FROM ${engine.dialect.quoteIdent(t)}`);
    cleared.push(t);
  }
  if (exists.has('segments')) await engine.run(SQL_FORGET_SEGMENT_MEMBERS);
  return cleared;
}

/**
 * Before a keyed import replaces stored rows: keeps them aside with the replacing import's id, so removing that
 * import puts them back. Inside the import's transaction, before its delete.
 */
export async function keepSuperseded(engine: Engine, spec: EntitySpec, checked: string, importId: number): Promise<void> {
  if (!isSupersededEntity(spec.name)) return;
  await engine.run(sqlKeepSuperseded(engine.dialect, spec.name, await sharedColumns(engine, spec.name), checked), [importId]);
}

/** The options of an import that decide what is loaded, normalised: defaults dropped, keys sorted. */
export function importOptionsKey(options: Readonly<Record<string, unknown>>): string {
  const IGNORED = new Set(['entity', 'files', 'onProgress', 'append']);
  const norm = (v: unknown): unknown => {
    if (typeof v === 'string') return v.trim().toLowerCase() === 'auto' ? undefined : v.trim();
    if (Array.isArray(v)) return v.length ? v.map(norm) : undefined;
    if (v && typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => [k, norm(x)] as const)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1));
      return entries.length ? Object.fromEntries(entries) : undefined;
    }
    return v === null || v === false ? undefined : v;
  };
  const picked = Object.fromEntries(Object.entries(options).filter(([k, v]) => !IGNORED.has(k) && typeof v !== 'function'));
  return JSON.stringify(norm(picked) ?? {});
}

export interface EarlierImport {
  /** The same file with the same options: nothing to load. */
  readonly same: number | null;
  /** The same file with other options: the new import replaces this one. */
  readonly replaces: number | null;
  /** The earlier import's options, for the message. */
  readonly earlierOptions: string | null;
}

/** Imports from before options were recorded count as made with the defaults. */
const DEFAULT_KEY = '{}';

/** Whether this file (same entity and bytes) was imported before, and with the same options. */
export async function findEarlierImport(engine: Engine, entity: EntityName, sha256: string, optionsKey: string): Promise<EarlierImport> {
  const rows = await engine.query<{ import_id: number; options: string | null }>(
    "SELECT import_id, options FROM imports WHERE entity = $1 AND sha256 = $2 AND status = 'done' ORDER BY import_id DESC",
    [entity, sha256],
  );
  const same = rows.find((r) => (r.options ?? DEFAULT_KEY) === optionsKey);
  if (same) return { same: same.import_id, replaces: null, earlierOptions: null };
  if (rows.length) return { same: null, replaces: rows[0].import_id, earlierOptions: rows[0].options ?? DEFAULT_KEY };
  return { same: null, replaces: null, earlierOptions: null };
}

/**
 * First thing in an import's closing transaction, when it replaces an earlier import of the same file: removes that
 * one, so both happen or neither.
 */
export async function replaceEarlier(engine: Engine, replaces: number | null): Promise<RemoveReport | null> {
  return replaces === null ? null : removeImportWithin(engine, replaces, { facts: false });
}

/** In an import's closing transaction, once its `imports` row exists: records its options. */
export async function recordOptions(engine: Engine, importId: number, optionsKey: string): Promise<void> {
  await engine.run('UPDATE imports SET options = $2 WHERE import_id = $1', [importId, optionsKey]);
}

/** The options that differ between two keys, for "replaces import #N (other options: …)". */
export function describeOptionsChange(before: string, after: string): string {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const show = (v: unknown) => (v === undefined ? 'default' : typeof v === 'string' ? v : JSON.stringify(v));
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => `${k} ${show(a[k])} → ${show(b[k])}`).join(', ');
}
