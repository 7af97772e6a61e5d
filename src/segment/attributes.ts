/**
 * Imported attributes named in a rule must exist: a misspelt one (`attributes.Senoir`, `attributes.Contract_Type`
 * for "Contract Type") would otherwise select nobody, and a segment of 0 looks like an answer. The check needs the
 * store, so it runs where a rule meets one (store.ts: counts and saved segments; the server's list filter).
 */
import type { Engine } from '../engine/engine.js';
import { sqlAttributeExists, sqlAttributeSamples } from '../sql/segment.js';
import { tests } from './ast.js';
import { attributePath } from './compile.js';
import { SegmentRuleError } from './lexer.js';
import { parseRule } from './parser.js';
import { printField } from './print.js';

/** Customers read for the names of the attributes there are (only when one named in a rule is missing). */
const SAMPLE = 20_000;
/** Attribute names listed in the message at most. */
const LISTED = 12;

/** Every attribute a rule names (`is null` tests too: a misspelt one is null for everyone), once, with where it first is. */
export function ruleAttributes(rule: string): Array<{ name: string; pos: number }> {
  const out = new Map<string, number>();
  for (const e of tests(parseRule(rule))) {
    const name = e.field.startsWith('attributes.') ? e.field.slice('attributes.'.length) : undefined;
    if (name !== undefined && !out.has(name)) out.set(name, e.pos);
  }
  return [...out].map(([name, pos]) => ({ name, pos }));
}

const fold = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function distance(a: string, b: string): number {
  const m = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) m[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) m[i][j] = Math.min(m[i - 1][j] + 1, m[i][j - 1] + 1, m[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return m[a.length][b.length];
}

/** The names nearest `name`: the same once case, spaces and signs are set aside (Contract_Type ~ Contract Type), or a few letters off. */
export function closeAttributes(name: string, names: readonly string[]): string[] {
  const f = fold(name);
  return names
    .map((n) => [n, fold(n) === f ? 0 : distance(f, fold(n))] as const)
    .filter(([, d]) => d <= Math.max(2, Math.floor(f.length / 3)))
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([n]) => n);
}

/** The attribute names customers carry (from a sample of them), in first-seen order. */
async function attributeNames(engine: Engine): Promise<string[]> {
  const rows = await engine.query<{ a: string | null }>(sqlAttributeSamples(engine.dialect), [SAMPLE]);
  const names = new Set<string>();
  for (const r of rows) {
    if (!r.a) continue;
    try {
      const v: unknown = JSON.parse(r.a);
      if (v && typeof v === 'object') for (const k of Object.keys(v)) names.add(k);
    } catch {
      // Not JSON: no names from this row.
    }
  }
  return [...names];
}

/**
 * Refuses a rule naming an attribute no customer has, with the close names and the names there are:
 * `no customer has the attribute attributes.Contract_Type (did you mean attributes."Contract Type"?; …)`.
 */
export async function checkRuleAttributes(engine: Engine, rule: string): Promise<void> {
  const named = ruleAttributes(rule);
  if (!named.length) return;
  let known: string[] | undefined;
  for (const { name, pos } of named) {
    const [hit] = await engine.query(sqlAttributeExists(engine.dialect), [attributePath(name)]);
    if (hit) continue;
    known ??= await attributeNames(engine);
    // Present but empty for everyone: it exists, it just selects nobody.
    if (known.includes(name)) continue;
    const field = (n: string) => printField(`attributes.${n}`);
    const near = closeAttributes(name, known);
    const listed = known.length ? `imported attributes: ${known.slice(0, LISTED).map(field).join(', ')}${known.length > LISTED ? `, … (${known.length})` : ''}` : 'no customer has imported attributes';
    throw new SegmentRuleError(`no customer has the attribute ${field(name)} (${near.length ? `did you mean ${near.map(field).join(' or ')}? ` : ''}${listed})`, rule, pos);
  }
}
