/**
 * Campaign exports: the fields a mail or CRM tool needs (id, name, email, phone, country or company) and the
 * reason/offer, for people who did not opt out. Opted-out customers (and leads whose file carries an opt-out
 * column) are counted, never exported. Every action list goes through `campaignExport` and `writeCsv`.
 */
import { ENTITIES } from '../data/entities.js';
import type { Engine } from '../engine/engine.js';
import { sqlCustomerContacts } from '../sql/act.js';
import { keyOf, loadLeads, type Lead } from './lead-rows.js';

export interface Contact {
  /** The customer id (or, in a lead book, the lead id). */
  readonly customerId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly country: string | null;
  /** Leads only: the prospect's company. */
  readonly company?: string | null;
  readonly optOut: boolean;
}

export type ContactKind = 'customer' | 'lead';

/** One line of an action list: who, why, what to offer (or say). */
export interface CampaignItem {
  /** The customer id, or the lead id when `kind` is 'lead'. */
  readonly customerId: string;
  /** Whose id it is (default customer). */
  readonly kind?: ContactKind;
  readonly reason: string;
  readonly offer: string;
  /** Extra columns for this list (e.g. the date of a care event), in `extraHeaders` order. */
  readonly extra?: readonly unknown[];
}

export const CAMPAIGN_HEADERS = ['customer_id', 'name', 'email', 'phone', 'country', 'reason', 'offer'] as const;
export const LEAD_CAMPAIGN_HEADERS = ['lead_id', 'name', 'email', 'phone', 'company', 'reason', 'offer'] as const;
/** Lists of customers and leads together (referrers): contact_type says which. */
export const MIXED_CAMPAIGN_HEADERS = ['contact_id', 'contact_type', 'name', 'email', 'phone', 'country', 'company', 'reason', 'offer'] as const;

export async function loadContacts(engine: Engine): Promise<Map<string, Contact>> {
  const rows = await engine.query<{ customer_id: string; name: string | null; email: string | null; phone: string | null; country: string | null; opt_out: boolean }>(sqlCustomerContacts());
  return new Map(rows.map((r) => [r.customer_id, { customerId: r.customer_id, name: r.name, email: r.email, phone: r.phone, country: r.country, optOut: r.opt_out === true }]));
}

/** Lead columns that mean "do not contact": the customers' opt_out field and its aliases (opt out, unsubscribed, 退订 …). */
const OPT_OUT_KEYS: readonly string[] = [...new Set(['opt_out', ...(ENTITIES.customers.fields.find((f) => f.name === 'opt_out')?.aliases ?? []), 'do_not_call', 'dnc'].map(keyOf))];
const YES = new Set(['true', 't', 'yes', 'y', '1', '是', '已退订']);

/** True when one of the lead's opt-out columns says yes. */
export function leadOptedOut(values: Readonly<Record<string, string>>): boolean {
  return OPT_OUT_KEYS.some((k) => values[k] !== undefined && YES.has(values[k].trim().toLowerCase()));
}

export function leadContact(l: Lead): Contact {
  return { customerId: l.leadId, name: l.name, email: l.email, phone: l.phone, country: l.values.country ?? null, company: l.company, optOut: leadOptedOut(l.values) };
}

/** Every lead's contact fields, by lead id; the opt-out is read from the lead file's own column when it has one. */
export async function loadLeadContacts(engine: Engine): Promise<Map<string, Contact>> {
  return new Map((await loadLeads(engine)).map((l) => [l.leadId, leadContact(l)]));
}

export interface ContactBook {
  readonly customers: ReadonlyMap<string, Contact>;
  readonly leads?: ReadonlyMap<string, Contact>;
}

export interface CampaignExport {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** Items left out because their customer (or lead) opted out. */
  readonly optedOut: number;
  /** Distinct customers (or leads) left out because they opted out. */
  readonly optedOutCustomers: number;
}

/**
 * Rows for writeCsv, opted-out people left out; someone missing from the book keeps only the id.
 * `layout`: customers (customer_id … country), leads (lead_id … company), or mixed (contact_id, contact_type … company).
 */
export function campaignExport(
  items: readonly CampaignItem[],
  contacts: ReadonlyMap<string, Contact> | ContactBook,
  extraHeaders: readonly string[] = [],
  layout: 'customers' | 'leads' | 'mixed' = 'customers',
): CampaignExport {
  const book: ContactBook = contacts instanceof Map ? (layout === 'leads' ? { customers: new Map(), leads: contacts } : { customers: contacts }) : (contacts as ContactBook);
  const rows: unknown[][] = [];
  const out = new Set<string>();
  let optedOut = 0;
  for (const it of items) {
    const kind = it.kind ?? (layout === 'leads' ? 'lead' : 'customer');
    const c = (kind === 'lead' ? book.leads : book.customers)?.get(it.customerId);
    if (c?.optOut) {
      optedOut++;
      out.add(`${kind}:${it.customerId}`);
      continue;
    }
    const who = [c?.name ?? null, c?.email ?? null, c?.phone ?? null];
    const tail = [it.reason, it.offer, ...(it.extra ?? [])];
    if (layout === 'customers') rows.push([it.customerId, ...who, c?.country ?? null, ...tail]);
    else if (layout === 'leads') rows.push([it.customerId, ...who, c?.company ?? null, ...tail]);
    else rows.push([it.customerId, kind, ...who, c?.country ?? null, c?.company ?? null, ...tail]);
  }
  const base = layout === 'customers' ? CAMPAIGN_HEADERS : layout === 'leads' ? LEAD_CAMPAIGN_HEADERS : MIXED_CAMPAIGN_HEADERS;
  return { headers: [...base, ...extraHeaders], rows, optedOut, optedOutCustomers: out.size };
}
