/**
 * Campaign exports: the fields a mail or CRM tool needs (customer_id, name, email, phone, country) and the
 * reason/offer, for customers who did not opt out. Opted-out customers are counted, never exported.
 */
import type { Engine } from '../engine/engine.js';
import { sqlCustomerContacts } from '../sql/act.js';

export interface Contact {
  readonly customerId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly country: string | null;
  readonly optOut: boolean;
}

/** One line of an action list: who, why, what to offer (or say). */
export interface CampaignItem {
  readonly customerId: string;
  readonly reason: string;
  readonly offer: string;
  /** Extra columns for this list (e.g. the date of a care event), in `extraHeaders` order. */
  readonly extra?: readonly unknown[];
}

export const CAMPAIGN_HEADERS = ['customer_id', 'name', 'email', 'phone', 'country', 'reason', 'offer'] as const;

export async function loadContacts(engine: Engine): Promise<Map<string, Contact>> {
  const rows = await engine.query<{ customer_id: string; name: string | null; email: string | null; phone: string | null; country: string | null; opt_out: boolean }>(sqlCustomerContacts());
  return new Map(rows.map((r) => [r.customer_id, { customerId: r.customer_id, name: r.name, email: r.email, phone: r.phone, country: r.country, optOut: r.opt_out === true }]));
}

export interface CampaignExport {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** Items left out because their customer opted out. */
  readonly optedOut: number;
  /** Distinct customers left out because they opted out. */
  readonly optedOutCustomers: number;
}

/** Rows for writeCsv: opted-out customers are left out; a customer missing from the table keeps only the id. */
export function campaignExport(items: readonly CampaignItem[], contacts: ReadonlyMap<string, Contact>, extraHeaders: readonly string[] = []): CampaignExport {
  const rows: unknown[][] = [];
  const out = new Set<string>();
  let optedOut = 0;
  for (const it of items) {
    const c = contacts.get(it.customerId);
    if (c?.optOut) {
      optedOut++;
      out.add(it.customerId);
      continue;
    }
    rows.push([it.customerId, c?.name ?? null, c?.email ?? null, c?.phone ?? null, c?.country ?? null, it.reason, it.offer, ...(it.extra ?? [])]);
  }
  return { headers: [...CAMPAIGN_HEADERS, ...extraHeaders], rows, optedOut, optedOutCustomers: out.size };
}
