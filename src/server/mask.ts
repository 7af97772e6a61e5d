/**
 * Personal data for viewers, declared once per field with what derives from it. Every field the entity schemas
 * flag `pii` (names, emails, phones, addresses, birth dates, survey comments) is personal; what is computed from
 * one inherits its mask (`age` and the birthday of a care event from `birth_date`, the greeting language partly
 * from `name`). Viewers get every one of them masked, may not filter, sort or group on them, and get free-form
 * attributes, raw file lines and the values quarantined rows quote withheld.
 */
import { ENTITIES } from '../data/entities.js';
import { valueTestedFields } from '../segment/index.js';
import { HttpError } from './errors.js';

export const MASK = '•••';

/** Fields computed from a personal field, by source: they are masked and refused to viewers like their source. */
export const DERIVED: Readonly<Record<string, readonly string[]>> = {
  // Rule field `age` (segment/fields.ts); a care event's `date` when its kind is birthday (act/care.ts).
  birth_date: ['age', 'birthday'],
  // Care greetings choose zh for a Chinese name (act/care.ts languageOf).
  name: ['language'],
};

/** Field names flagged as personal data in any entity. */
export const PII_FIELDS: ReadonlySet<string> = new Set(Object.values(ENTITIES).flatMap((e) => e.fields.filter((f) => f.pii).map((f) => f.name)));

/** Personal fields and everything derived from them: what a viewer never sees the value of. */
export const MASKED_FIELDS: ReadonlySet<string> = new Set([...PII_FIELDS, ...Object.entries(DERIVED).flatMap(([src, derived]) => (PII_FIELDS.has(src) ? derived : []))]);

/** True for a field a viewer may not see, filter, sort or group on (imported attributes included). */
export function isMaskedField(field: string): boolean {
  return MASKED_FIELDS.has(field) || field.startsWith('attributes.');
}

/**
 * Refuses a viewer a segment rule that tests personal data (`email contains "…"`, `name = "…"`, `age = 47`, any
 * imported attribute): a count or a filtered list would reveal what the mask hides, a character at a time. Testing
 * only whether a value exists (`email is not null`) is allowed: masks leave missing values visible too.
 */
export function checkRuleForRole(rule: string, role: string): void {
  if (role !== 'viewer') return;
  const personal = valueTestedFields(rule).filter(isMaskedField);
  if (personal.length)
    throw new HttpError(403, `viewers cannot test personal data or what derives from it in a rule (${personal.join(', ')}); \`is null\` and \`is not null\` are allowed`, {}, {
      zh: `查看者不能在规则中检验个人数据或由其推导的字段（${personal.join('、')}）；可以使用 \`is null\` 和 \`is not null\``,
      code: 'personal_field_in_rule',
    });
}

/** A copy of `row` with personal and derived fields masked (non-null ones only, so "unknown" stays visible). */
export function maskRow<T extends object>(row: T, extra: readonly string[] = []): T {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const k of Object.keys(out)) if ((MASKED_FIELDS.has(k) || extra.includes(k)) && out[k] !== null && out[k] !== undefined) out[k] = MASK;
  return out as T;
}

/** A care event for a viewer: the name and language masked, and a birthday's date (it is the birth date's day). */
export function maskCareEvent<T extends { kind: string; date: string }>(e: T): T {
  const m = maskRow(e);
  return e.kind === 'birthday' ? { ...m, date: MASK } : m;
}

/** A quarantine reason for a viewer: its quoted value left out (catalog/reasons.ts). */
export { reasonWithoutValue as maskReason } from '../catalog/reasons.js';

/** A portrait for a viewer: the mean of a masked field (age) is a figure about few people when a segment is small. */
export function maskPortrait<T extends { behaviour: ReadonlyArray<{ field: string; segmentMean: number | null; baseMean: number | null }>; standsOut: readonly string[] }>(p: T): T {
  return {
    ...p,
    behaviour: p.behaviour.map((b) => (isMaskedField(b.field) ? { ...b, segmentMean: b.segmentMean === null ? null : MASK, baseMean: b.baseMean === null ? null : MASK } : b)),
    standsOut: p.standsOut.filter((line) => !isMaskedField(line.split(/[:= ]/)[0])),
  };
}
