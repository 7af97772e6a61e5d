/**
 * The way back from a rule's tree to its text, and the builder's tree (n-ary AND/OR groups of conditions), so the
 * point-and-click builder and the rule text stay in step: text → parseRule → toBuilder → (clicks) → fromBuilder →
 * printRule → text. `parseRule(printRule(e))` gives `e` again (positions aside). Pure: the dashboard bundles it.
 */
import type { CompareOp, Expr, Literal } from './ast.js';

/** A literal as the rule language writes it: "text" with \ and " escaped, numbers, dates, -90d, true. */
export function printLiteral(l: Literal): string {
  switch (l.kind) {
    case 'string':
      return `"${l.value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replaceAll('\t', '\\t')}"`;
    case 'number':
      return Number.isFinite(l.value) ? String(l.value) : '0';
    case 'boolean':
      return l.value ? 'true' : 'false';
    case 'date':
      return l.value;
    case 'duration':
      return `${l.amount}${l.unit}`;
  }
}

/** A field as the rule language writes it: an attribute whose name is not a plain word in quotes (attributes."Contract Type"). */
export function printField(field: string): string {
  if (!field.startsWith('attributes.')) return field;
  const key = field.slice('attributes.'.length);
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(key) ? field : `attributes.${printLiteral({ kind: 'string', value: key })}`;
}

/** Binding strength: or < and < not < a test. */
const RANK = { or: 1, and: 2, not: 3 } as const;
const rank = (e: Expr) => (e.kind === 'or' || e.kind === 'and' || e.kind === 'not' ? RANK[e.kind] : 4);

/** The rule text of a tree, with the fewest parentheses that keep its meaning. */
export function printRule(e: Expr): string {
  const wrap = (x: Expr, min: number) => (rank(x) < min ? `(${printRule(x)})` : printRule(x));
  switch (e.kind) {
    case 'or':
      return `${wrap(e.left, RANK.or)} or ${wrap(e.right, RANK.and)}`;
    case 'and':
      return `${wrap(e.left, RANK.and)} and ${wrap(e.right, RANK.not)}`;
    case 'not':
      return `not ${wrap(e.expr, RANK.not)}`;
    case 'compare':
      return `${printField(e.field)} ${e.op} ${printLiteral(e.value)}`;
    case 'in':
      return `${printField(e.field)}${e.negated ? ' not' : ''} in (${e.values.map(printLiteral).join(', ')})`;
    case 'between':
      return `${printField(e.field)} between ${printLiteral(e.low)} and ${printLiteral(e.high)}`;
    case 'isNull':
      return `${printField(e.field)} is${e.negated ? ' not' : ''} null`;
    case 'contains':
      return `${printField(e.field)} contains ${printLiteral({ kind: 'string', value: e.value })}`;
  }
}

/** The builder's operators: the language's tests, one name each. */
export type BuilderOp = CompareOp | 'in' | 'not in' | 'between' | 'is null' | 'is not null' | 'contains';
export const BUILDER_OPS: readonly BuilderOp[] = ['=', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'between', 'contains', 'is null', 'is not null'];

export interface BuilderCondition {
  readonly kind: 'condition';
  readonly field: string;
  readonly op: BuilderOp;
  /** One value for comparisons and contains, several for in, two for between, none for is null. */
  readonly values: readonly Literal[];
}

export interface BuilderGroup {
  readonly kind: 'group';
  readonly op: 'and' | 'or';
  /** `not (…)` around the whole group. */
  readonly negated: boolean;
  readonly items: readonly BuilderNode[];
}

export type BuilderNode = BuilderCondition | BuilderGroup;

/** The builder's tree of a rule: chains of and/or become one group each; a `not` of a test becomes a negated group of one. */
export function toBuilder(e: Expr): BuilderGroup {
  const node = (x: Expr): BuilderNode => {
    switch (x.kind) {
      case 'and':
      case 'or':
        return { kind: 'group', op: x.kind, negated: false, items: chain(x, x.kind).map(node) };
      case 'not': {
        const inner = node(x.expr);
        return inner.kind === 'group' && !inner.negated ? { ...inner, negated: true } : { kind: 'group', op: 'and', negated: true, items: [inner] };
      }
      case 'compare':
        return { kind: 'condition', field: x.field, op: x.op, values: [x.value] };
      case 'in':
        return { kind: 'condition', field: x.field, op: x.negated ? 'not in' : 'in', values: x.values };
      case 'between':
        return { kind: 'condition', field: x.field, op: 'between', values: [x.low, x.high] };
      case 'isNull':
        return { kind: 'condition', field: x.field, op: x.negated ? 'is not null' : 'is null', values: [] };
      case 'contains':
        return { kind: 'condition', field: x.field, op: 'contains', values: [{ kind: 'string', value: x.value }] };
    }
  };
  const root = node(e);
  return root.kind === 'group' ? root : { kind: 'group', op: 'and', negated: false, items: [root] };
}

function chain(e: Expr, op: 'and' | 'or'): Expr[] {
  return e.kind === op ? [...chain(e.left, op), ...chain(e.right, op)] : [e];
}

/** Why a builder tree is not a rule yet (an empty group, a missing value), or null when it is one. */
export function builderProblem(g: BuilderGroup): string | null {
  if (!g.items.length) return 'an empty group';
  for (const it of g.items) {
    if (it.kind === 'group') {
      const p = builderProblem(it);
      if (p) return p;
    } else {
      const need = it.op === 'between' ? 2 : it.op === 'is null' || it.op === 'is not null' ? 0 : 1;
      if (it.values.length < need || (need === 0 && it.values.length)) return `${it.field} ${it.op} needs ${need} value${need === 1 ? '' : 's'}`;
    }
  }
  return null;
}

/** The rule tree of a builder tree (left-associated, as the parser builds it); null while incomplete. */
export function fromBuilder(g: BuilderGroup): Expr | null {
  if (builderProblem(g)) return null;
  const node = (n: BuilderNode): Expr => {
    if (n.kind === 'group') {
      const parts = n.items.map(node);
      const joined = parts.slice(1).reduce<Expr>((left, right) => ({ kind: n.op, left, right }), parts[0]);
      return n.negated ? { kind: 'not', expr: joined } : joined;
    }
    const pos = 0;
    switch (n.op) {
      case 'in':
      case 'not in':
        return { kind: 'in', field: n.field, values: n.values, negated: n.op === 'not in', pos };
      case 'between':
        return { kind: 'between', field: n.field, low: n.values[0], high: n.values[1], pos };
      case 'is null':
      case 'is not null':
        return { kind: 'isNull', field: n.field, negated: n.op === 'is not null', pos };
      case 'contains':
        return { kind: 'contains', field: n.field, value: n.values[0].kind === 'string' ? n.values[0].value : printLiteral(n.values[0]), pos };
      default:
        return { kind: 'compare', field: n.field, op: n.op, value: n.values[0], pos };
    }
  };
  return node(g);
}
