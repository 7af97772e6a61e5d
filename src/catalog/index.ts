/**
 * What is in the store: past imports, row counts and quarantined rows. Shared by the CLI (imports, quarantine)
 * and the server, so both read them the same way.
 */
import type { Engine } from '../engine/engine.js';
import { NotFoundError } from '../errors.js';
import { generalReason } from './reasons.js';

export interface ImportRow {
  import_id: number;
  entity: string;
  file: string;
  rows_read: number;
  imported: number;
  updated: number;
  quarantined: number;
  finished_at: Date;
}

export async function listImports(engine: Engine): Promise<ImportRow[]> {
  return engine.query<ImportRow>('SELECT import_id, entity, file, rows_read, imported, updated, quarantined, finished_at FROM imports ORDER BY import_id');
}

/** Rows per entity table, and in quarantine. */
export async function storeCounts(engine: Engine): Promise<Record<string, number>> {
  const counts = await engine.query<{ entity: string; n: number }>(
    `SELECT 'customers' AS entity, count(*) AS n FROM customers UNION ALL SELECT 'orders', count(*) FROM order_lines
     UNION ALL SELECT 'products', count(*) FROM products UNION ALL SELECT 'service-costs', count(*) FROM service_costs
     UNION ALL SELECT 'payments', count(*) FROM payments UNION ALL SELECT 'surveys', count(*) FROM surveys
     UNION ALL SELECT 'leads', count(*) FROM leads UNION ALL SELECT 'quarantine', count(*) FROM quarantine`,
  );
  return Object.fromEntries(counts.map((c) => [c.entity, c.n]));
}

export interface QuarantineRow {
  import_id: number;
  file: string;
  line: number | null;
  column_name: string | null;
  reason: string;
  raw: string | null;
}

export interface QuarantinePage {
  readonly total: number;
  readonly reasons: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  readonly rows: readonly QuarantineRow[];
}

/** Quarantined rows, all of them or one import's, in file order; `limit` null means every row. */
export async function quarantinePage(engine: Engine, o: { importId: number | null; limit: number | null; offset?: number }): Promise<QuarantinePage> {
  if (o.importId !== null) {
    const found = await engine.query('SELECT 1 FROM imports WHERE import_id = $1', [o.importId]);
    if (!found.length) throw new NotFoundError(`there is no import #${o.importId}`, 'see them with: clientele imports');
  }
  const where = o.importId === null ? '' : 'WHERE import_id = $1';
  const params = o.importId === null ? [] : [o.importId];
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM quarantine ${where}`, params);
  // Grouped in the engine by the reason's fixed tail (the quoted value is at most 40 characters, then `" is …`),
  // then generalised here by the same function viewers' rows go through, so a value holding quotes never survives.
  const grouped = await engine.query<{ reason: string; n: number }>(
    `SELECT CASE WHEN reason NOT LIKE '"%' THEN reason WHEN contains(reason, '" is ') THEN '"" is ' || reverse(split_part(reverse(reason), reverse('" is '), 1)) ELSE '"' END AS reason, count(*) AS n FROM quarantine ${where} GROUP BY 1`,
    params,
  );
  const merged = new Map<string, number>();
  for (const r of grouped) merged.set(generalReason(r.reason), (merged.get(generalReason(r.reason)) ?? 0) + Number(r.n));
  const reasons = [...merged].map(([reason, n]) => ({ reason, n })).sort((a, b) => b.n - a.n || (a.reason < b.reason ? -1 : 1));
  const page = o.limit === null ? '' : ` LIMIT ${Math.floor(o.limit)} OFFSET ${Math.floor(o.offset ?? 0)}`;
  const rows = await engine.query<QuarantineRow>(`SELECT import_id, file, line, column_name, reason, raw FROM quarantine ${where} ORDER BY import_id, line${page}`, params);
  return { total: n, reasons: reasons.map((r) => ({ reason: r.reason, count: r.n })), rows };
}

export interface WarningRow {
  readonly import_id: number;
  readonly file: string;
  readonly line: number | null;
  readonly column_name: string | null;
  readonly field: string | null;
  readonly value: string | null;
  readonly reason: string;
}

/** Rows that loaded with a bad optional value left empty (import_warnings), all or one import's, in file order. */
export async function warningsPage(engine: Engine, o: { importId: number | null; limit: number | null; offset?: number }): Promise<{ total: number; rows: WarningRow[] }> {
  const where = o.importId === null ? '' : 'WHERE import_id = $1';
  const params = o.importId === null ? [] : [o.importId];
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM import_warnings ${where}`, params);
  const page = o.limit === null ? '' : ` LIMIT ${Math.floor(o.limit)} OFFSET ${Math.floor(o.offset ?? 0)}`;
  const rows = await engine.query<WarningRow>(`SELECT import_id, file, line, column_name, field, value, reason FROM import_warnings ${where} ORDER BY import_id, line${page}`, params);
  return { total: Number(n), rows };
}

export { generalReason, reasonWithoutValue } from './reasons.js';
export { CUSTOMER_SORT_KEYS, checkCustomerFilter, countCustomers, customerExists, customerListPage, isCustomerListOf, knownCount, optedOutCustomers, refreshCustomerList } from './customer-list.js';
export type { CustomerFilter, CustomerListQuery, CustomerListRow, CustomerSort } from './customer-list.js';
