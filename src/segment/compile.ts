import type { SqlValue } from '../engine/engine.js';
import type { Dialect } from '../sql/dialect.js';
import type { Expr, Literal } from './ast.js';
import { closeFields, FIELDS, type FieldType } from './fields.js';
import { SegmentRuleError } from './lexer.js';
import { parseRule } from './parser.js';

export interface CompiledRule {
  /** A boolean SQL expression over c, s and v; every value is a `$n` parameter. */
  readonly where: string;
  readonly params: readonly SqlValue[];
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + Math.round(n) * 86_400_000).toISOString().slice(0, 10);

/**
 * Compiles a rule to a parameterised WHERE clause. Field names come only from the catalogue; literals only
 * become parameters, numbered from `firstParam`. Relative durations count from `asOf`.
 */
export function compileRule(d: Dialect, rule: string, asOf: string, firstParam = 1): CompiledRule {
  const ast = parseRule(rule);
  const params: SqlValue[] = [];
  const param = (v: SqlValue) => {
    params.push(v);
    return `$${firstParam + params.length - 1}`;
  };
  const dateT = d.type('date');
  // The as-of date and year become parameters only when a field needs them: unused parameters are an error.
  let asOfP: string | null = null;
  let asOfYearP: string | null = null;

  const field = (name: string, pos: number, literalKind?: Literal['kind']): { sql: string; type: FieldType } => {
    if (name.startsWith('attributes.')) {
      const key = name.slice('attributes.'.length);
      const path = param(`$.${key}`);
      const raw = d.sqlJsonPathText('c.attributes', path);
      return literalKind === 'number' ? { sql: `TRY_CAST(${raw} AS ${d.type('double')})`, type: 'number' } : { sql: raw, type: 'text' };
    }
    const f = FIELDS[name];
    if (!f) {
      const near = closeFields(name);
      throw new SegmentRuleError(`unknown field "${name}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`, rule, pos);
    }
    let sql = f.sql;
    if (sql.includes('{asOf}')) sql = sql.replaceAll('DAYS(c.birth_date, {asOf})', d.sqlDaysBetween('c.birth_date', `CAST(${(asOfP ??= param(asOf))} AS ${dateT})`));
    if (sql.includes('{asOfYear}')) sql = sql.replaceAll('{asOfYear}', (asOfYearP ??= param(Number(asOf.slice(0, 4)))));
    return { sql, type: f.type };
  };
  const value = (lit: Literal, type: FieldType, name: string, pos: number): string => {
    const bad = (want: string) => {
      throw new SegmentRuleError(`${name} is ${type === 'text' ? 'text' : type === 'number' ? 'a number' : type === 'date' ? 'a date' : 'yes/no'}: expected ${want}`, rule, pos);
    };
    switch (type) {
      case 'text':
        if (lit.kind !== 'string') bad('a "string"');
        return param((lit as { value: string }).value);
      case 'number':
        if (lit.kind !== 'number') bad('a number');
        return param((lit as { value: number }).value);
      case 'boolean':
        if (lit.kind !== 'boolean') bad('true or false');
        return param((lit as { value: boolean }).value);
      case 'date':
        if (lit.kind === 'date') return `CAST(${param(lit.value)} AS ${dateT})`;
        if (lit.kind === 'duration') return `CAST(${param(addDays(asOf, lit.days))} AS ${dateT})`;
        return bad('a date (YYYY-MM-DD) or a duration such as -90d');
    }
  };

  const walk = (e: Expr): string => {
    switch (e.kind) {
      case 'and':
      case 'or':
        return `(${walk(e.left)} ${e.kind.toUpperCase()} ${walk(e.right)})`;
      case 'not':
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
  return { where: walk(ast), params };
}

/** The SQL of one catalogue field (numbers for clustering), with its parameters numbered from `firstParam`. */
export function compileField(d: Dialect, name: string, asOf: string, firstParam = 1): { sql: string; type: FieldType; params: SqlValue[] } {
  const c = compileRule(d, `${name} is not null`, asOf, firstParam);
  // The rule compiles to "(<field sql> IS NOT NULL)": take the field back out.
  const sql = c.where.replace(/^\(/, '').replace(/ IS NOT NULL\)$/, '');
  const type = name.startsWith('attributes.') ? 'text' : FIELDS[name].type;
  return { sql, type, params: [...c.params] };
}

/** Members of a rule over the stored value run. */
export function sqlSegmentMembers(where: string): string {
  return `SELECT c.customer_id FROM customers c
  LEFT JOIN customer_summary s ON s.customer_id = c.customer_id
  LEFT JOIN customer_value v ON v.customer_id = c.customer_id
  WHERE COALESCE(${where}, FALSE)`;
}
