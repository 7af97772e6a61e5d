/**
 * Leads as the qualifier and the scorer read them: the fields, and the imported attributes by lower-case key
 * (spaces and dashes become underscores), empty values left out.
 */
import type { Engine } from '../engine/engine.js';
import { sqlLeadRows } from '../sql/act.js';

/** The key a field or attribute is looked up by. */
export const keyOf = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, '_');

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
