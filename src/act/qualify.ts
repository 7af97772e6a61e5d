/**
 * Prospect qualification on MAN (DESIGN.md §1.6): money (ability to pay), authority (decision power) and need,
 * each from the lead's fields by configurable rules. Every lead gets the same three checks, whatever its source:
 * acquaintances, old customers, big companies and leads sent by a superior are checked like everyone else.
 * A check whose data the store does not have at all says which data would enable it, and fails no one.
 */
import type { Engine } from '../engine/engine.js';
import { keyOf, keysMeaningTheSame, loadLeads, valueOf, type Lead } from './lead-rows.js';
import type { CampaignItem } from './contacts.js';
import type { QualifyConfig } from './qualify-config.js';

export type CheckName = 'money' | 'authority' | 'need';
/** pass / fail on a value; unknown: this lead has no value; no-data: no lead has the field. */
export type CheckStatus = 'pass' | 'fail' | 'unknown' | 'no-data';

export interface CheckResult {
  readonly status: CheckStatus;
  /** The field the check read (null when none). */
  readonly field: string | null;
  readonly value: string | number | null;
  readonly reason: string;
}

export interface LeadQualification {
  readonly leadId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly company: string | null;
  readonly source: string | null;
  /** qualified: all three pass; not qualified: one fails; incomplete: none fails, some could not be checked. */
  readonly status: 'qualified' | 'not qualified' | 'incomplete';
  readonly failed: readonly CheckName[];
  readonly checks: Readonly<Record<CheckName, CheckResult>>;
  /** Why someone might be tempted to skip this lead's check (e.g. "source: superior"), or null. */
  readonly privileged: string | null;
  /** "checked like everyone else" for privileged leads. */
  readonly note: string | null;
}

export interface QualifySummary {
  readonly leads: number;
  readonly qualified: number;
  readonly notQualified: number;
  readonly incomplete: number;
  readonly checks: Readonly<Record<CheckName, Readonly<Record<CheckStatus, number>>>>;
  /** For each check with no data at all: what to import to enable it. */
  readonly missingData: ReadonlyArray<{ readonly check: CheckName; readonly enableWith: string }>;
  readonly privileged: { readonly leads: number; readonly qualified: number; readonly note: string };
  readonly results: readonly LeadQualification[];
}

export const CHECKED_LIKE_EVERYONE = 'checked like everyone else';

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
const CJK = /[\u3400-\u9fff]/;

/** A value equal to a term, or containing it as a word (or anywhere, for Chinese terms). */
function matches(value: string, terms: readonly string[]): string | null {
  const v = norm(value);
  for (const t of terms) {
    const n = norm(t);
    if (v === n) return t;
    if (CJK.test(n) ? v.includes(n) : new RegExp(`(^|[^a-z0-9])${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`).test(v)) return t;
  }
  return null;
}

function num(s: string): number | null {
  const n = Number(s.replace(/[,\s]/g, ''));
  return s.trim() !== '' && Number.isFinite(n) ? n : null;
}

/** Which of `fields` the data has at all (lower-case keys present on any lead). */
export function presentFields(leads: readonly Lead[]): Set<string> {
  const s = new Set<string>();
  const seen = new Set<string>();
  for (const l of leads) {
    for (const k of Object.keys(l.values)) {
      if (seen.has(k)) continue;
      seen.add(k);
      // A file's 存款余额(元) is present as balance too (lead-rows.ts meaningOf).
      for (const m of keysMeaningTheSame(k)) s.add(m);
    }
  }
  return s;
}

function value(lead: Lead, field: string, cfg: QualifyConfig): string | null {
  const v = valueOf(lead.values, field);
  if (v === undefined || v.trim() === '' || matches(v, cfg.unknownValues)) return null;
  return v.trim();
}

function checkMoney(lead: Lead, cfg: QualifyConfig, present: ReadonlySet<string>): CheckResult {
  for (const [field, bad] of Object.entries(cfg.money.blockers)) {
    const v = value(lead, field, cfg);
    if (v !== null && matches(v, bad)) return { status: 'fail', field, value: v, reason: `${field} is "${v}" (a blocker: ${field} ∈ {${bad.join(', ')}})` };
  }
  const candidates: ReadonlyArray<{ field: string; min: number }> = [{ field: 'budget', min: cfg.money.budgetMin }, ...cfg.money.fields];
  for (const { field, min } of candidates) {
    const raw = value(lead, field, cfg);
    if (raw === null) continue;
    const n = num(raw);
    if (n === null) return { status: 'unknown', field, value: raw, reason: `${field} "${raw}" is not a number` };
    return n >= min ? { status: 'pass', field, value: n, reason: `${field} ${n} ≥ ${min}` } : { status: 'fail', field, value: n, reason: `${field} ${n} is below ${min}` };
  }
  const known = candidates.filter((c) => present.has(keyOf(c.field)));
  if (known.length) return { status: 'unknown', field: null, value: null, reason: `no ${known.map((c) => c.field).join(' or ')} for this lead` };
  return { status: 'no-data', field: null, value: null, reason: `no ability-to-pay data: import a budget column (or ${cfg.money.fields.map((f) => f.field).join(', ')})` };
}

function firstValue(lead: Lead, fields: readonly string[], cfg: QualifyConfig): { field: string; value: string } | null {
  for (const f of fields) {
    const v = value(lead, f, cfg);
    if (v !== null) return { field: f, value: v };
  }
  return null;
}

function missing(fields: readonly string[], present: ReadonlySet<string>, what: string, enable: string): CheckResult {
  const known = fields.filter((f) => present.has(keyOf(f)));
  return known.length
    ? { status: 'unknown', field: null, value: null, reason: `no ${known.join(' or ')} for this lead` }
    : { status: 'no-data', field: null, value: null, reason: `no ${what} data: ${enable}` };
}

function checkAuthority(lead: Lead, cfg: QualifyConfig, present: ReadonlySet<string>): CheckResult {
  const v = firstValue(lead, cfg.authority.fields, cfg);
  if (!v) return missing(cfg.authority.fields, present, 'decision-power', 'import an authority column (decision maker / influencer / none, 决策者 …) or a job title');
  const hit = matches(v.value, cfg.authority.decisionValues);
  return hit
    ? { status: 'pass', field: v.field, value: v.value, reason: `${v.field} "${v.value}" decides (${hit})` }
    : { status: 'fail', field: v.field, value: v.value, reason: `${v.field} "${v.value}" is not a decision role` };
}

function checkNeed(lead: Lead, cfg: QualifyConfig, present: ReadonlySet<string>): CheckResult {
  const v = firstValue(lead, cfg.need.fields, cfg);
  if (!v) return missing(cfg.need.fields, present, 'need', 'import a need column (high / medium / low, 高 / 中 / 低, or a 1–5 score)');
  const n = num(v.value);
  if (n !== null) {
    return n >= cfg.need.minScore
      ? { status: 'pass', field: v.field, value: n, reason: `${v.field} ${n} ≥ ${cfg.need.minScore}` }
      : { status: 'fail', field: v.field, value: n, reason: `${v.field} ${n} is below ${cfg.need.minScore}` };
  }
  if (matches(v.value, cfg.need.fail)) return { status: 'fail', field: v.field, value: v.value, reason: `${v.field} is "${v.value}"` };
  if (matches(v.value, cfg.need.pass)) return { status: 'pass', field: v.field, value: v.value, reason: `${v.field} is "${v.value}"` };
  return { status: 'unknown', field: v.field, value: v.value, reason: `${v.field} "${v.value}" is neither a pass nor a fail level (add it to need.pass or need.fail)` };
}

/** Why one might skip this lead's check, or null: its source, its referrer, or a big company. */
export function privilegeOf(lead: Lead, cfg: QualifyConfig): string | null {
  const src = lead.source && matches(lead.source, cfg.privilegedSources);
  if (src) return `source: ${lead.source}`;
  const by = lead.referredBy && matches(lead.referredBy, cfg.privilegedSources);
  if (by) return `referred by: ${lead.referredBy}`;
  const employees = lead.values.employees !== undefined ? num(lead.values.employees) : null;
  if (employees !== null && employees >= cfg.bigCompanyEmployees) return `big company: ${employees} employees`;
  return null;
}

/** The three checks of one lead. `present`: fields the data has at all (see presentFields). */
export function qualifyLead(lead: Lead, cfg: QualifyConfig, present: ReadonlySet<string>): LeadQualification {
  // The checks never read the source: a privileged lead goes through exactly the same rules.
  const checks = { money: checkMoney(lead, cfg, present), authority: checkAuthority(lead, cfg, present), need: checkNeed(lead, cfg, present) };
  const failed = (Object.keys(checks) as CheckName[]).filter((k) => checks[k].status === 'fail');
  const allPass = (Object.keys(checks) as CheckName[]).every((k) => checks[k].status === 'pass');
  const privileged = privilegeOf(lead, cfg);
  return {
    leadId: lead.leadId,
    name: lead.name,
    email: lead.email,
    phone: lead.phone,
    company: lead.company,
    source: lead.source,
    status: failed.length ? 'not qualified' : allPass ? 'qualified' : 'incomplete',
    failed,
    checks,
    privileged,
    note: privileged ? CHECKED_LIKE_EVERYONE : null,
  };
}

export function qualifyAll(leads: readonly Lead[], cfg: QualifyConfig): QualifySummary {
  const present = presentFields(leads);
  const results = leads.map((l) => qualifyLead(l, cfg, present));
  const zero = (): Record<CheckStatus, number> => ({ pass: 0, fail: 0, unknown: 0, 'no-data': 0 });
  const checks: Record<CheckName, Record<CheckStatus, number>> = { money: zero(), authority: zero(), need: zero() };
  for (const r of results) for (const k of Object.keys(checks) as CheckName[]) checks[k][r.checks[k].status]++;
  const missingData: Array<{ check: CheckName; enableWith: string }> = [];
  for (const k of Object.keys(checks) as CheckName[]) {
    const first = results.find((r) => r.checks[k].status === 'no-data');
    if (first) missingData.push({ check: k, enableWith: first.checks[k].reason });
  }
  const priv = results.filter((r) => r.privileged);
  return {
    leads: results.length,
    qualified: results.filter((r) => r.status === 'qualified').length,
    notQualified: results.filter((r) => r.status === 'not qualified').length,
    incomplete: results.filter((r) => r.status === 'incomplete').length,
    checks,
    missingData,
    privileged: { leads: priv.length, qualified: priv.filter((r) => r.status === 'qualified').length, note: CHECKED_LIKE_EVERYONE },
    results,
  };
}

export async function qualifyLeads(engine: Engine, cfg: QualifyConfig): Promise<QualifySummary> {
  return qualifyAll(await loadLeads(engine), cfg);
}

/** Extra export columns of a qualification list, after the contact fields, reason and next step. */
export const QUALIFY_EXTRA_HEADERS = ['source', 'status', 'failed', 'money', 'authority', 'need', 'note'] as const;

/**
 * Each lead as a campaign item (for a CRM tool): the reason is what passed or failed, the "offer" the next step —
 * pursue a qualified lead, find out what an incomplete one lacks, or hold one that failed a check.
 */
export function qualifyItems(s: QualifySummary): CampaignItem[] {
  const names: readonly CheckName[] = ['money', 'authority', 'need'];
  return s.results.map((q) => {
    const open = names.filter((k) => q.checks[k].status === 'unknown' || q.checks[k].status === 'no-data');
    const reason =
      q.status === 'qualified'
        ? 'money, authority and need pass'
        : names.filter((k) => q.checks[k].status !== 'pass').map((k) => `${k}: ${q.checks[k].reason}`).join('; ');
    const next = q.status === 'qualified' ? 'pursue' : q.status === 'incomplete' ? `find out: ${open.join(', ')}` : `hold: fails ${q.failed.join(', ')}`;
    return {
      customerId: q.leadId,
      kind: 'lead',
      reason,
      offer: next,
      extra: [q.source, q.status, q.failed.join('+'), q.checks.money.reason, q.checks.authority.reason, q.checks.need.reason, q.note],
    };
  });
}
