import type { CompareOp, DurationUnit, Expr, Literal } from './ast.js';
import { QUOTE_ATTRIBUTE, SegmentRuleError, tokenize, type Token } from './lexer.js';

/**
 * Parses a segment rule:
 *
 *   rule    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | "(" or ")" | test
 *   field   := name | name.name… | attributes."Any Name" | attributes["Any Name"]
 *   test    := field op literal | field ["not"] "in" "(" literal ("," literal)* ")"
 *            | field "between" literal "and" literal | field "is" ["not"] "null" | field "contains" string
 *   op      := = | != | <> | < | <= | > | >=
 *   literal := number | "string" | true | false | YYYY-MM-DD | duration (-90d, -6m, -1y, 2w)
 *
 * Keywords are case-insensitive. Nesting is limited, so no input can exhaust the stack.
 */
export function parseRule(rule: string): Expr {
  const tokens = tokenize(rule);
  let i = 0;
  let depth = 0;
  const peek = (): Token => tokens[i];
  const isWord = (t: Token, w: string) => t.kind === 'ident' && t.text.toLowerCase() === w;
  const fail = (what: string, t: Token = peek()): never => {
    throw new SegmentRuleError(`expected ${what}, found ${t.kind === 'eof' ? 'the end of the rule' : JSON.stringify(t.text)}`, rule, t.pos);
  };
  const word = (w: string) => {
    if (!isWord(peek(), w)) fail(`"${w}"`);
    i++;
  };

  const literal = (): Literal => {
    const t = peek();
    i++;
    switch (t.kind) {
      case 'number':
        return { kind: 'number', value: t.value as number };
      case 'string':
        return { kind: 'string', value: t.value as string };
      case 'date': {
        // Date.parse accepts 2024-02-30 (as 1 March): a date is valid only if it reads back the same.
        const ms = Date.parse(`${t.value}T00:00:00Z`);
        if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== t.value || t.text < '1000') throw new SegmentRuleError(`${t.text} is not a date`, rule, t.pos);
        return { kind: 'date', value: t.value as string };
      }
      case 'duration':
        return { kind: 'duration', amount: t.value as number, unit: t.text.slice(-1) as DurationUnit };
      case 'ident':
        if (t.text.toLowerCase() === 'true' || t.text.toLowerCase() === 'false') return { kind: 'boolean', value: t.text.toLowerCase() === 'true' };
    }
    i--;
    return fail('a value (a number, a "string", true/false, a date or a duration such as -90d)');
  };

  const test = (): Expr => {
    const f = peek();
    if (f.kind !== 'ident' || ['and', 'or', 'not', 'in', 'between', 'is', 'contains'].includes(f.text.toLowerCase())) return fail('a field name (e.g. country, profit, rfm.segment)');
    i++;
    const field = f.text.toLowerCase().startsWith('attributes.') ? `attributes.${f.text.slice('attributes.'.length)}` : f.text.toLowerCase();
    const t = peek();
    if (t.kind === 'op') {
      i++;
      return { kind: 'compare', field, op: t.text as CompareOp, value: literal(), pos: f.pos };
    }
    const negated = isWord(t, 'not');
    if (negated) i++;
    if (isWord(peek(), 'in')) {
      i++;
      if (peek().kind !== 'lparen') fail('"(" after in');
      i++;
      const values = [literal()];
      while (peek().kind === 'comma') {
        i++;
        values.push(literal());
      }
      if (peek().kind !== 'rparen') fail('"," or ")"');
      i++;
      return { kind: 'in', field, values, negated, pos: f.pos };
    }
    if (negated) return fail('"in" after not');
    if (isWord(t, 'between')) {
      i++;
      const low = literal();
      word('and');
      return { kind: 'between', field, low, high: literal(), pos: f.pos };
    }
    if (isWord(t, 'is')) {
      i++;
      const neg = isWord(peek(), 'not');
      if (neg) i++;
      word('null');
      return { kind: 'isNull', field, negated: neg, pos: f.pos };
    }
    if (isWord(t, 'contains')) {
      i++;
      const s = peek();
      if (s.kind !== 'string') fail('a "string" after contains');
      i++;
      return { kind: 'contains', field, value: s.value as string, pos: f.pos };
    }
    // attributes.Contract Type = …: the name goes on past a space.
    if (field.startsWith('attributes.') && (t.kind === 'ident' || t.kind === 'lparen') && f.value === undefined)
      throw new SegmentRuleError(`expected a comparison (=, !=, <, <=, >, >=), in, between, is null or contains, found ${JSON.stringify(t.text)} (${QUOTE_ATTRIBUTE})`, rule, t.pos);
    return fail('a comparison (=, !=, <, <=, >, >=), in, between, is null or contains');
  };

  const not = (): Expr => {
    if (++depth > 64) throw new SegmentRuleError('the rule nests too deeply', rule, peek().pos);
    try {
      if (isWord(peek(), 'not')) {
        i++;
        return { kind: 'not', expr: not() };
      }
      if (peek().kind === 'lparen') {
        i++;
        const e = or();
        if (peek().kind !== 'rparen') fail('")"');
        i++;
        return e;
      }
      return test();
    } finally {
      depth--;
    }
  };
  const and = (): Expr => {
    let e = not();
    while (isWord(peek(), 'and')) {
      i++;
      e = { kind: 'and', left: e, right: not() };
    }
    return e;
  };
  const or = (): Expr => {
    let e = and();
    while (isWord(peek(), 'or')) {
      i++;
      e = { kind: 'or', left: e, right: and() };
    }
    return e;
  };

  if (peek().kind === 'eof') fail('a rule, e.g. country = "France" and profit > 100');
  const e = or();
  if (peek().kind !== 'eof') fail('"and", "or" or the end of the rule');
  return e;
}
