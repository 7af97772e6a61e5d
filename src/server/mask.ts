/**
 * Personal data for viewers: every field the entity schemas flag `pii` (names, emails, phones, addresses, birth
 * dates, survey comments) is replaced, and free-form attributes and raw file lines, which may hold any of them,
 * are withheld.
 */
import { ENTITIES } from '../data/entities.js';
import { valueTestedFields } from '../segment/index.js';
import { HttpError } from './errors.js';

export const MASK = '•••';

/** Field names flagged as personal data in any entity. */
export const PII_FIELDS: ReadonlySet<string> = new Set(Object.values(ENTITIES).flatMap((e) => e.fields.filter((f) => f.pii).map((f) => f.name)));

/**
 * Refuses a viewer a segment rule that tests personal data (`email contains "…"`, `name = "…"`, any imported
 * attribute): a count or a filtered list would reveal what the mask hides, a character at a time. Testing only
 * whether a value exists (`email is not null`) is allowed: masks leave missing values visible too.
 */
export function checkRuleForRole(rule: string, role: string): void {
  if (role !== 'viewer') return;
  const personal = valueTestedFields(rule).filter((f) => PII_FIELDS.has(f) || f.startsWith('attributes.'));
  if (personal.length) throw new HttpError(403, `viewers cannot test personal data in a rule (${personal.join(', ')}); \`is null\` and \`is not null\` are allowed`);
}

/** A copy of `row` with personal fields masked (non-null ones only, so "unknown" stays visible). */
export function maskRow<T extends object>(row: T, extra: readonly string[] = []): T {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const k of Object.keys(out)) if ((PII_FIELDS.has(k) || extra.includes(k)) && out[k] !== null && out[k] !== undefined) out[k] = MASK;
  return out as T;
}
