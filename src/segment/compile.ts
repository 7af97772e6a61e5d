import type { SqlValue } from '../engine/engine.js';
import type { Dialect } from '../sql/dialect.js';
import { tests, type DurationUnit, type Expr, type Literal } from './ast.js';
import { closeFields, FIELDS, type FieldContext, type FieldType } from './fields.js';
import { SegmentRuleError } from './lexer.js';
import { parseRule } from './parser.js';

/** The largest number a rule may hold (2^53 − 1): exact as a double, and inside the engine's 64-bit integers. */
export const MAX_RULE_NUMBER = Number.MAX_SAFE_INTEGER;
const MAX_RULE_NUMBER_TEXT = MAX_RULE_NUMBER.toLocaleString('en-US');

export interface CompiledRule {
  /** A boolean SQL expression over c, s and v; every value is a `$n` parameter. */
  readonly where: string;
  readonly params: readonly SqlValue[];
}

/** The day `amount` units from `day`: days and weeks exactly (rounded to whole days), months and years by the calendar, clamped to the month's end (2024-03-31 − 1m = 2024-02-29). */
export function shiftDay(day: string, amount: number, unit: DurationUnit): string {
  const t = new Date(`${day}T00:00:00Z`);
  if (unit === 'd' || unit === 'w') return new Date(t.getTime() + Math.round(amount * (unit === 'w' ? 7 : 1)) * 86_400_000).toISOString().slice(0, 10);
  const months = t.getUTCMonth() + amount * (unit === 'y' ? 12 : 1);
  const y = t.getUTCFullYear() + Math.floor(months / 12);
  const m = ((months % 12) + 12) % 12;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(Date.UTC(y, m, Math.min(t.getUTCDate(), last)));
  out.setUTCFullYear(y); // Date.UTC reads years 0–99 as 1900–1999
  return out.toISOString().slice(0, 10);
}

/** Parameters numbered from `first`; the as-of date and year are added once, and only when a field needs them (unused parameters are an error). */
function parameters(d: Dialect, asOf: string, first: number) {
  const params: SqlValue[] = [];
  const param = (v: SqlValue) => {
    params.push(v);
    return `$${first + params.length - 1}`;
  };
  let asOfP: string | null = null;
  let asOfYearP: string | null = null;
  const ctx: FieldContext = {
    d,
    asOf: () => `CAST(${(asOfP ??= param(asOf))} AS ${d.type('date')})`,
    asOfYear: () => (asOfYearP ??= param(Number(asOf.slice(0, 4)))),
  };
  return { params, param, ctx };
}

/**
 * The JSON path of an imported attribute: `$.Kidhome`, or quoted when the name is not a plain word
 * (`$."Contract Type"`, `$."单价(元)"`): a space, dot or bracket would otherwise be read as path syntax.
 */
export function attributePath(key: string): string {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(key) ? `$.${key}` : `$."${key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** The SQL of a field name as the parser wrote it (lower case, or attributes.<Key> with the key's case). */
function fieldSql(p: ReturnType<typeof parameters>, rule: string, name: string, pos: number, literalKind?: Literal['kind']): { sql: string; type: FieldType } {
  if (name.startsWith('attributes.')) {
    // The key is a parameter too: attribute names come from users' files.
    const raw = p.ctx.d.sqlJsonPathText('c.attributes', p.param(attributePath(name.slice('attributes.'.length))));
    return literalKind === 'number' ? { sql: `TRY_CAST(${raw} AS ${p.ctx.d.type('double')})`, type: 'number' } : { sql: raw, type: 'text' };
  }
  const f = Object.hasOwn(FIELDS, name) ? FIELDS[name] : undefined;
  if (!f) {
    const near = closeFields(name);
    throw new SegmentRuleError(`unknown field "${name}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`, rule, pos);
  }
  return { sql: typeof f.sql === 'function' ? f.sql(p.ctx) : f.sql, type: f.type };
}

/**
 * Compiles a rule to a parameterised WHERE clause. Field names come only from the catalogue; literals only
 * become parameters, numbered from `firstParam`. Relative durations count from `asOf`, never from the clock.
 */
export function compileRule(d: Dialect, rule: string, asOf: string, firstParam = 1): CompiledRule {
  const ast = parseRule(rule);
  const p = parameters(d, asOf, firstParam);
  const { param } = p;
  const dateT = d.type('date');

  const value = (lit: Literal, type: FieldType, name: string, pos: number): string => {
    const bad = (want: string): never => {
      throw new SegmentRuleError(`${name} is ${type === 'text' ? 'text' : type === 'number' ? 'a number' : type === 'date' ? 'a date' : 'yes/no'}: expected ${want}`, rule, pos);
    };
    switch (type) {
      case 'text':
        return lit.kind === 'string' ? param(lit.value) : bad('a "string"');
      case 'number':
        if (lit.kind !== 'number') return bad('a number');
        // Whole-number fields are 64-bit integers in the engine, which refuses to compare them with 1e300;
        // every figure a customer has fits well inside the range where doubles are exact.
        if (Math.abs(lit.value) > MAX_RULE_NUMBER) throw new SegmentRuleError(`${name}: the number is out of range: use numbers from -${MAX_RULE_NUMBER_TEXT} to ${MAX_RULE_NUMBER_TEXT}`, rule, pos);
        return param(lit.value);
      case 'boolean':
        return lit.kind === 'boolean' ? param(lit.value) : bad('true or false');
      case 'date':
        if (lit.kind === 'date') return `CAST(${param(lit.value)} AS ${dateT})`;
        if (lit.kind === 'duration') return `CAST(${param(shiftDay(asOf, lit.amount, lit.unit))} AS ${dateT})`;
        return bad('a date (YYYY-MM-DD) or a duration such as -90d');
    }
  };
  const field = (name: string, pos: number, literalKind?: Literal['kind']) => fieldSql(p, rule, name, pos, literalKind);

  const walk = (e: Expr): string => {
    switch (e.kind) {
      case 'and':
      case 'or':
        return `(${walk(e.left)} ${e.kind.toUpperCase()} ${walk(e.right)})`;
      case 'not':
        // NOT of unknown (a NULL field) is true here: "not country = 'France'" includes customers without a country.
        return `(NOT COALESCE(${walk(e.expr)}, FALSE))`;
      case 'compare': {
        const f = field(e.field, e.pos, e.value.kind);
        return `(${f.sql} ${e.op === '!=' ? '<>' : e.op} ${value(e.value, f.type, e.field, e.pos)})`;
      }
      case 'in': {
        const f = field(e.field, e.pos, e.values[0].kind);
        return `(${f.sql} ${e.negated ? 'NOT IN' : 'IN'} (${e.values.map((v) => value(v, f.type, e.field, e.pos)).join(', ')}))`;
      }
      case 'between': {
        const f = field(e.field, e.pos, e.low.kind);
        return `(${f.sql} BETWEEN ${value(e.low, f.type, e.field, e.pos)} AND ${value(e.high, f.type, e.field, e.pos)})`;
      }
      case 'isNull':
        return `(${field(e.field, e.pos).sql} IS ${e.negated ? 'NOT ' : ''}NULL)`;
      case 'contains': {
        const f = field(e.field, e.pos, 'string');
        if (f.type !== 'text') throw new SegmentRuleError(`contains works on text; ${e.field} is not text`, rule, e.pos);
        return d.sqlContains(f.sql, param(e.value));
      }
    }
  };
  return { where: walk(ast), params: p.params };
}

/** The SQL of one catalogue field (numbers for clustering and portraits), with its parameters numbered from `firstParam`. */
export function compileField(d: Dialect, name: string, asOf: string, firstParam = 1): { sql: string; type: FieldType; params: SqlValue[] } {
  const p = parameters(d, asOf, firstParam);
  const lower = name.toLowerCase().startsWith('attributes.') ? `attributes.${name.slice('attributes.'.length)}` : name.toLowerCase();
  const f = fieldSql(p, name, lower, 0, 'number');
  return { sql: f.sql, type: f.type, params: p.params };
}

/** Fields a rule tests the value of (`is null` tests left out: they say only whether a value exists). */
export function valueTestedFields(rule: string): string[] {
  const out = new Set<string>();
  for (const e of tests(parseRule(rule))) if (e.kind !== 'isNull') out.add(e.field);
  return [...out];
}
