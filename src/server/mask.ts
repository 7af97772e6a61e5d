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

/**
 * Personal fields the entity schemas do not flag: `birth_year` is the birth date's year (with a birthday from the
 * care calendar it is the whole date), and `age` is computed from it when there is no birth date.
 */
const ALSO_PERSONAL = ['birth_year'] as const;

/** Fields computed from a personal field, by source: they are masked and refused to viewers like their source. */
export const DERIVED: Readonly<Record<string, readonly string[]>> = {
  // Rule field `age` (segment/fields.ts, lookalikes' age bands); a care event's `date` when its kind is birthday (act/care.ts).
  birth_date: ['age', 'birthday'],
  // `age` falls back on the year of birth (segment/fields.ts, sql/lookalike.ts).
  birth_year: ['age'],
  // Care greetings choose zh for a Chinese name (act/care.ts languageOf).
  name: ['language'],
};

/** Field names holding personal data: flagged `pii` in any entity, and ALSO_PERSONAL. */
export const PII_FIELDS: ReadonlySet<string> = new Set([...Object.values(ENTITIES).flatMap((e) => e.fields.filter((f) => f.pii).map((f) => f.name)), ...ALSO_PERSONAL]);

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

/**
 * Refuses a viewer the members of a saved segment chosen on personal data (an analyst's `age > 60`, or clusters on
 * age): the list would tell who is over 60. Its size, figures and portrait stay theirs to read.
 */
export function checkSegmentMembersForRole(name: string, tested: readonly string[], role: string): void {
  if (role !== 'viewer') return;
  const personal = [...new Set(tested.filter(isMaskedField))];
  if (personal.length)
    throw new HttpError(403, `viewers cannot list the members of segment "${name}": it is chosen on personal data (${personal.join(', ')}); its figures and portrait are open to you, and an analyst can see its members`, {}, {
      zh: `查看者不能列出细分“${name}”的成员：它按个人数据（${personal.join('、')}）选出；您可以查看它的规模、数据和画像，分析师可以查看成员`,
      code: 'personal_segment_members',
    });
}

/**
 * A segment this small, chosen on personal data, keeps its figures from viewers: they would be its members' own (a
 * one-member `email = "…"` segment's revenue found the customer by `revenue = 1420.11`: QA session 9, S2).
 */
export const MIN_PERSONAL_GROUP = 10;

/** The rule's literal values (quoted text and numbers) as MASK: what a viewer reads of a rule that tests personal data. */
export function maskRuleValues(rule: string): string {
  return rule.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, `"${MASK}"`).replace(/(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])/g, MASK);
}

/**
 * A saved segment as `role` may read it. For a viewer, a segment whose rule tests personal data has its rule's values
 * masked, and, under MIN_PERSONAL_GROUP members, its figures withheld (`figuresWithheld`); other segments as they are.
 */
export function segmentForRole<T extends { rule: string; members: number | null }>(seg: T, role: string): T & { figuresWithheld?: boolean } {
  if (role !== 'viewer' || !valueTestedFields(seg.rule).some(isMaskedField)) return seg;
  const small = seg.members !== null && seg.members < MIN_PERSONAL_GROUP;
  const out: Record<string, unknown> = { ...seg, rule: maskRuleValues(seg.rule) };
  if (small) for (const k of ['revenue', 'profit', 'share']) if (k in out) out[k] = null;
  return { ...(out as T), ...(small ? { figuresWithheld: true } : {}) };
}

/** A copy of `row` with personal and derived fields masked (non-null ones only, so "unknown" stays visible). */
export function maskRow<T extends object>(row: T, extra: readonly string[] = []): T {
  const out: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const k of Object.keys(out)) if ((MASKED_FIELDS.has(k) || extra.includes(k)) && out[k] !== null && out[k] !== undefined) out[k] = MASK;
  return out as T;
}

/**
 * A care plan's events for a viewer. Birthday events are left out: whatever is masked in them, the window is the
 * viewer's choice (a one-day window lists who was born that day) and their order among dated anniversaries gives
 * the day away. What remains is masked (names, the greeting language). Birthdays stay counted, per day and in all.
 */
export function maskCareEvents<T extends { kind: string }>(events: readonly T[]): T[] {
  return events.filter((e) => e.kind !== 'birthday').map((e) => maskRow(e));
}

/** A quarantine reason for a viewer: its quoted value left out (catalog/reasons.ts). */
export { reasonWithoutValue as maskReason } from '../catalog/reasons.js';

/**
 * A portrait for a viewer: the mean of a masked field (age) is a figure about few people when a segment is small;
 * it is masked, and the points that quote it are left out (the English lines and their codes alike).
 */
export function maskPortrait<
  T extends { behaviour: ReadonlyArray<{ field: string; segmentMean: number | null; baseMean: number | null }>; standsOut: readonly string[]; standsOutSaid?: ReadonlyArray<{ params: Readonly<Record<string, unknown>> }> },
>(p: T): T {
  return {
    ...p,
    behaviour: p.behaviour.map((b) => (isMaskedField(b.field) ? { ...b, segmentMean: b.segmentMean === null ? null : MASK, baseMean: b.baseMean === null ? null : MASK } : b)),
    standsOut: p.standsOut.filter((line) => !isMaskedField(line.split(/[:= ]/)[0])),
    ...(p.standsOutSaid ? { standsOutSaid: p.standsOutSaid.filter((x) => !(typeof x.params.field === 'string' && isMaskedField(x.params.field))) } : {}),
  };
}

/** The profile fields a viewer's lookalikes may compare: none that is personal (age), so no term, weight or score rests on one. */
export function viewerAttributes(fields: readonly string[]): string[] {
  return fields.filter((f) => !isMaskedField(f));
}
