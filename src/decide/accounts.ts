/**
 * Who decides at a company account (DESIGN.md §1.6, MAN: authority): the contacts per account with their buying role
 * (decision maker, influencer, buyer, user), stance towards us and last contact; the accounts where no decision maker
 * is known are flagged, most profitable first, because a sale there depends on someone we have not met.
 */
import type { Engine } from '../engine/engine.js';
import { sqlAccountSummary, sqlContacts } from '../sql/accounts.js';

export interface Contact {
  readonly customerId: string;
  readonly name: string;
  readonly role: string | null;
  readonly title: string | null;
  readonly stance: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly lastContact: string | null;
}

export interface AccountLine {
  readonly customerId: string;
  readonly profit: number;
  readonly contacts: number;
  readonly decisionMakers: number;
  readonly supportiveDecisionMakers: number;
  /** Contacts whose stance favours a competitor. */
  readonly withCompetitor: number;
  readonly lastContact: string | null;
  readonly noDecisionMaker: boolean;
}

export interface AccountsReport {
  readonly accounts: number;
  readonly withContacts: number;
  readonly withoutDecisionMaker: number;
  /** Accounts with no known decision maker, most profitable first (at most `top`). */
  readonly flagged: readonly AccountLine[];
}

export async function accountContacts(engine: Engine, customerId: string | null): Promise<Contact[]> {
  const rows = await engine.query<Record<string, string | null>>(sqlContacts(), [customerId]);
  return rows.map((r) => ({ customerId: r.customer_id!, name: r.name!, role: r.role, title: r.title, stance: r.stance, email: r.email, phone: r.phone, lastContact: r.last_contact }));
}

export async function accountsReport(engine: Engine, top = 20): Promise<AccountsReport> {
  const rows = await engine.query<Record<string, unknown>>(sqlAccountSummary());
  const lines: AccountLine[] = rows.map((r) => ({
    customerId: String(r.customer_id), profit: Number(r.profit), contacts: Number(r.contacts), decisionMakers: Number(r.decision_makers), supportiveDecisionMakers: Number(r.supportive_decision_makers),
    withCompetitor: Number(r.with_competitor), lastContact: (r.last_contact as string | null) ?? null, noDecisionMaker: Number(r.decision_makers) === 0,
  }));
  return { accounts: lines.length, withContacts: lines.filter((l) => l.contacts > 0).length, withoutDecisionMaker: lines.filter((l) => l.noDecisionMaker).length, flagged: lines.filter((l) => l.noDecisionMaker).slice(0, top) };
}
