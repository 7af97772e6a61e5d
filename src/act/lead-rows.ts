/**
 * Leads as the qualifier and the scorer read them: the fields, and the imported attributes by lower-case key
 * (spaces and dashes become underscores), empty values left out.
 */
import type { Engine } from '../engine/engine.js';
import { LEAD_ATTRIBUTE_ALIASES } from '../data/aliases.js';
import { normalizeColumnName, withoutNotes } from '../data/mapping.js';
import { unitScale } from '../data/units.js';
import { sqlLeadRows } from '../sql/act.js';

/** The key a field or attribute is looked up by. */
export const keyOf = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** Each name of LEAD_ATTRIBUTE_ALIASES (normalised) → the name of its group (balance for 存款余额). */
const GROUP = new Map<string, string>();
for (const [field, names] of Object.entries(LEAD_ATTRIBUTE_ALIASES)) for (const n of [field, ...names]) if (!GROUP.has(normalizeColumnName(n))) GROUP.set(normalizeColumnName(n), field);
const NAMES = new Map<string, string>();

/**
 * What a field or attribute name means, whatever its language or spelling: its group in LEAD_ATTRIBUTE_ALIASES
 * (`存款余额(元)`, `Balance` and `balance` all read as balance), else the name normalised without its notes in brackets.
 */
export function meaningOf(name: string): string {
  let m = NAMES.get(name);
  if (m === undefined) {
    const base = normalizeColumnName(withoutNotes(name)?.base ?? name);
    m = GROUP.get(base) ?? base;
    NAMES.set(name, m);
  }
  return m;
}

/**
 * The keys by which a lead's data is present (presentFields): each key as it is, and the keys of every name that
 * means the same (a file with 存款余额(元) has balance, 余额, …), so a check asks for any of them.
 */
export function keysMeaningTheSame(key: string): string[] {
  const m = meaningOf(key);
  const base = withoutNotes(key)?.base;
  return [key, ...(base ? [keyOf(base)] : []), ...(m in LEAD_ATTRIBUTE_ALIASES ? [m, ...LEAD_ATTRIBUTE_ALIASES[m]].map(keyOf) : [])];
}

/**
 * A field's value for one lead: under its own key, else under an attribute whose name means the same (meaningOf):
 * `balance` reads 存款余额(元), with the figure multiplied by a unit note such as (万元).
 */
export function valueOf(values: Readonly<Record<string, string>>, field: string): string | undefined {
  const own = values[keyOf(field)];
  if (own !== undefined) return own;
  const want = meaningOf(field);
  for (const [k, v] of Object.entries(values)) {
    if (meaningOf(k) !== want) continue;
    const factor = unitScale(k)?.factor;
    const n = Number(v.replace(/[,\s]/g, ''));
    return factor && v.trim() !== '' && Number.isFinite(n) ? String(Math.round(n * factor * 1e6) / 1e6) : v;
  }
  return undefined;
}

export interface Lead {
  readonly leadId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly company: string | null;
  readonly source: string | null;
  readonly referredBy: string | null;
  /** Fields (budget, authority, need, …) and attributes by lower-case key; empty values left out. */
  readonly values: Readonly<Record<string, string>>;
}

interface LeadRowSql {
  lead_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  source: string | null;
  referred_by: string | null;
  budget: number | null;
  authority: string | null;
  need: string | null;
  status: string | null;
  outcome: boolean | null;
  attributes: string | null;
}

/** Every lead with its fields and attributes (lower-case keys), as the checks and the scorer read them. */
export async function loadLeads(engine: Engine): Promise<Array<Lead & { readonly outcome: boolean | null }>> {
  const rows = await engine.query<LeadRowSql>(sqlLeadRows(engine.dialect));
  return rows.map((r) => {
    const values: Record<string, string> = {};
    if (r.attributes) for (const [k, v] of Object.entries(JSON.parse(r.attributes) as Record<string, unknown>)) if (v !== null && v !== '') values[keyOf(k)] = String(v);
    if (r.budget !== null) values.budget = String(r.budget);
    for (const k of ['authority', 'need', 'source', 'status'] as const) if (r[k] !== null && r[k] !== '') values[k] = r[k] as string;
    return { leadId: r.lead_id, name: r.name, email: r.email, phone: r.phone, company: r.company, source: r.source, referredBy: r.referred_by, values, outcome: r.outcome };
  });
}
