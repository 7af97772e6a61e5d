/**
 * One store, one company: an import whose rows share no id with the store and none of whose dates falls within the
 * store's dates is most likely another data set, and is refused unless `--append` says otherwise. Keyed imports are
 * checked on their checked rows before anything is written; bulk imports on the rows they wrote under their
 * 'loading' import, before it is finished, so a refusal discards them: either way the store is left as it was.
 *
 * Without dates on one side (a customers file with no sign-up dates) only the ids speak, which is not enough to
 * refuse: the import is let in with a note.
 *
 * Cheap by design: one semi-join of the file's ids against the id table (one row per customer, product or lead)
 * and a few min/max aggregates, each a single column scan; nothing is read when the store is empty.
 */
import type { Engine } from '../engine/engine.js';
import { ImportError } from '../errors.js';
import { sqlDateRange, sqlHasRows, sqlImportRows, sqlSharesIds } from '../sql/overlap.js';
import type { EntityName, EntitySpec } from './entities.js';

/** The id each entity is recognised by, the table that holds every such id, and the store's date columns. */
const IDENTITY: Record<EntityName, { readonly id: string; readonly table: string; readonly storeDates: ReadonlyArray<readonly [string, string]> }> = {
  customers: { id: 'customer_id', table: 'customers', storeDates: [] },
  orders: { id: 'customer_id', table: 'customers', storeDates: [] },
  'service-costs': { id: 'customer_id', table: 'customers', storeDates: [] },
  payments: { id: 'customer_id', table: 'customers', storeDates: [] },
  surveys: { id: 'customer_id', table: 'customers', storeDates: [] },
  products: { id: 'product_id', table: 'products', storeDates: [] },
  leads: { id: 'lead_id', table: 'leads', storeDates: [['leads', 'created_at']] },
  contacts: { id: 'customer_id', table: 'customers', storeDates: [] },
  subscriptions: { id: 'customer_id', table: 'customers', storeDates: [] },
};

/** The dates of an entity's rows that say when the company did business (a birth date says nothing of that). */
const ACTIVITY_DATES: Record<EntityName, readonly string[]> = {
  customers: ['signup_date'],
  orders: ['ordered_at'],
  'service-costs': ['at'],
  payments: ['due_date', 'paid_at'],
  surveys: ['at'],
  products: [],
  leads: ['created_at'],
  contacts: [],
  subscriptions: ['started_at', 'ended_at'],
};

/** Where the store's customer data has dates: order lines first, then the rest. */
const CUSTOMER_DATES: ReadonlyArray<readonly [string, string]> = [
  ['order_lines', 'ordered_at'],
  ['service_costs', 'at'],
  ['payments', 'due_date'],
  ['surveys', 'at'],
  ['customers', 'signup_date'],
];

const YEAR_MS = 366 * 86_400_000;

export interface OverlapVerdict {
  /** False when the store held nothing to compare with. */
  readonly checked: boolean;
  readonly sharedIds: boolean;
  readonly fileDates: { readonly from: string; readonly to: string } | null;
  readonly storeDates: { readonly from: string; readonly to: string } | null;
  readonly related: boolean;
}

function merge(a: { from: string; to: string } | null, b: { from: string | null; to: string | null }) {
  if (b.from === null || b.to === null) return a;
  if (a === null) return { from: b.from, to: b.to };
  return { from: a.from < b.from ? a.from : b.from, to: a.to > b.to ? a.to : b.to };
}

/**
 * Compares an import's rows with the store: `checked` is a temp table with the entity's fields (before anything is
 * written), or, with `current`, the entity's table, of which the rows of import `current` are the file's.
 */
export async function compareWithStore(engine: Engine, spec: EntitySpec, checked: string, replaces: number | null, current: number | null = null): Promise<OverlapVerdict> {
  const d = engine.dialect;
  const ident = IDENTITY[spec.name];
  const exclude = [replaces ?? -1, current ?? -1];
  // The file's side: the checked rows, or the rows import `current` wrote (its id is $2 beside the store's side,
  // and $1 alone in the date range, which binds only it).
  const file = current === null ? d.quoteIdent(checked) : sqlImportRows(checked, '$2');
  const fileAlone = current === null ? d.quoteIdent(checked) : sqlImportRows(checked, '$1');
  const none: OverlapVerdict = { checked: false, sharedIds: false, fileDates: null, storeDates: null, related: true };
  const [{ n: stored }] = await engine.query<{ n: number }>(sqlHasRows(ident.table), exclude);
  if (stored === 0) return none;
  const [{ n: shared }] = await engine.query<{ n: number }>(sqlSharesIds(d, file, ident.id, ident.table), exclude);
  if (shared > 0) return { ...none, checked: true, sharedIds: true };

  let fileDates: { from: string; to: string } | null = null;
  for (const f of ACTIVITY_DATES[spec.name]) {
    const [r] = await engine.query<{ from: string | null; to: string | null }>(sqlDateRange(d, fileAlone, f, false), current === null ? [] : [current]);
    fileDates = merge(fileDates, r);
  }
  let storeDates: { from: string; to: string } | null = null;
  for (const [table, col] of ident.id === 'customer_id' ? CUSTOMER_DATES : ident.storeDates) {
    const [r] = await engine.query<{ from: string | null; to: string | null }>(sqlDateRange(d, table, col, true), exclude);
    storeDates = merge(storeDates, r);
  }
  // Without dates on both sides there is no evidence either way: the file is let in (and the import says so).
  // "Disjoint" allows a year's gap: next month's file of first-time buyers is the same company's; a data set whose
  // dates lie more than a year away from everything stored (the demo's 2023–2024 beside Online Retail's 2010–2011) is not.
  const near = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) <= YEAR_MS;
  const datesOverlap =
    fileDates === null || storeDates === null || (fileDates.from <= storeDates.to && storeDates.from <= fileDates.to) || near(fileDates.from, storeDates.to) || near(storeDates.from, fileDates.to);
  return { checked: true, sharedIds: false, fileDates, storeDates, related: datesOverlap };
}

/** Refuses an import that looks like another company's data, unless `append`. Returns a note when it was appended anyway. */
export async function refuseUnrelated(engine: Engine, spec: EntitySpec, checked: string, o: { readonly append?: boolean; readonly replaces: number | null; readonly current?: number | null; readonly file: string; readonly store: string }): Promise<string | null> {
  const v = await compareWithStore(engine, spec, checked, o.replaces, o.current ?? null);
  const id = IDENTITY[spec.name].id;
  if (v.related) return v.checked && !v.sharedIds && (v.fileDates === null || v.storeDates === null) ? `shares no ${id} with the store, and there are no dates to compare: check that it belongs to the same company` : null;
  const range = (r: { from: string; to: string } | null) => (r === null ? 'no dates' : `${r.from} – ${r.to}`);
  const why = `shares no ${id} with the store and none of its dates falls within the store's (file: ${range(v.fileDates)}; store: ${range(v.storeDates)})`;
  if (o.append) return `appended although it ${why} (--append)`;
  throw new ImportError(
    `this file ${why}: it looks like another data set, and one store holds one company's data. Nothing was imported`,
    o.file,
    `to add it to this store anyway, run the import again with --append; to keep it apart, use another store: clientele --db other.duckdb import …`,
  );
}
