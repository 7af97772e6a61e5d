import { UsageError } from '../errors.js';

/** The rule on one line around `position`, with a caret under it: at most 100 characters, cut with … */
function caretLines(rule: string, position: number): string {
  const flat = rule.replace(/\s/g, ' ');
  const from = position > 60 ? position - 50 : 0;
  const head = from > 0 ? '…' : '';
  const line = head + flat.slice(from, from + 100) + (flat.length > from + 100 ? '…' : '');
  return `    ${line}\n    ${' '.repeat(head.length + position - from)}^`;
}

/**
 * A rule the segment language cannot read: where, and what was expected. `position` is 0-based (the message says
 * "column position + 1").
 */
export class SegmentRuleError extends UsageError {
  constructor(
    readonly reason: string,
    readonly rule: string,
    readonly position: number,
  ) {
    super(`${reason} at column ${position + 1}\n${caretLines(rule, position)}`, 'see: clientele segment --help (the rule language)');
  }
}

export type TokenKind = 'ident' | 'number' | 'string' | 'duration' | 'date' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Decoded value: the string without quotes, the number, the duration's amount (its unit ends `text`). */
  readonly value?: string | number;
  readonly pos: number;
}

/** Durations reach at most this many years either side of the as-of date. */
const MAX_DURATION_YEARS = 1000;
const YEARS_PER_UNIT: Record<string, number> = { d: 1 / 365.25, w: 7 / 365.25, m: 1 / 12, y: 1 };
/** Rules longer than this are refused: no real segment needs more, and the parser stays fast. */
export const MAX_RULE_LENGTH = 4000;

/** How to name an attribute whose name is not a plain word: said where such a name breaks a rule. */
export const QUOTE_ATTRIBUTE = 'an attribute name with spaces or signs goes in quotes: attributes."Contract Type" or attributes["Monthly Charges ($)"]';

/** A quoted string from `rule[at]` (its quote character) on: \n and \t mean a newline and a tab; any other escaped character stands for itself (\" \' \\). */
function quoted(rule: string, at: number): { value: string; end: number } {
  const c = rule[at];
  let s = '';
  let i = at + 1;
  for (;;) {
    if (i >= rule.length) throw new SegmentRuleError(`unterminated string: expected a closing ${c}`, rule, at);
    const ch = rule[i];
    if (ch === '\\' && i + 1 < rule.length) {
      const e = rule[i + 1];
      s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
      i += 2;
    } else if (ch === c) return { value: s, end: i + 1 };
    else {
      s += ch;
      i++;
    }
  }
}

/**
 * Splits a rule into tokens. Identifiers may contain dots (rfm.segment, attributes.Kidhome); an attribute's name may
 * be quoted (attributes."Contract Type", attributes["Churned?"]), and its token is then `attributes.<name>`.
 */
export function tokenize(rule: string): Token[] {
  if (rule.length > MAX_RULE_LENGTH) throw new SegmentRuleError(`the rule is longer than ${MAX_RULE_LENGTH} characters`, rule, MAX_RULE_LENGTH);
  const out: Token[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '(') out.push({ kind: 'lparen', text: c, pos: i++ });
    else if (c === ')') out.push({ kind: 'rparen', text: c, pos: i++ });
    else if (c === ',') out.push({ kind: 'comma', text: c, pos: i++ });
    else if (c === '"' || c === "'") {
      const q = quoted(rule, i);
      i = q.end;
      out.push({ kind: 'string', text: rule.slice(start, i), value: q.value, pos: start });
    } else if (/[<>=!]/.test(c)) {
      const two = rule.slice(i, i + 2);
      const op = ['<=', '>=', '!=', '<>'].includes(two) ? two : c;
      if (op === '!') throw new SegmentRuleError('expected != ', rule, i);
      out.push({ kind: 'op', text: op === '<>' ? '!=' : op, pos: i });
      i += op.length;
    } else if (/[-+0-9.]/.test(c)) {
      const m = /^(\d{4}-\d{2}-\d{2})(?![\d])/.exec(rule.slice(i));
      if (m) {
        out.push({ kind: 'date', text: m[1], value: m[1], pos: i });
        i += m[1].length;
        continue;
      }
      const d = /^([-+]?\d+(?:\.\d+)?)([dwmy])(?![A-Za-z0-9_])/.exec(rule.slice(i));
      if (d) {
        const amount = Number(d[1]);
        if ((d[2] === 'm' || d[2] === 'y') && !Number.isInteger(amount)) throw new SegmentRuleError('months and years take whole numbers (use days for fractions, e.g. -45d)', rule, i);
        if (Math.abs(amount * YEARS_PER_UNIT[d[2]]) > MAX_DURATION_YEARS) throw new SegmentRuleError(`a duration of at most ${MAX_DURATION_YEARS} years`, rule, i);
        out.push({ kind: 'duration', text: d[0], value: amount, pos: i });
        i += d[0].length;
        continue;
      }
      const n = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?(?![A-Za-z_])/i.exec(rule.slice(i));
      if (!n || !Number.isFinite(Number(n[0]))) throw new SegmentRuleError('expected a number, a date (YYYY-MM-DD) or a duration such as -90d', rule, i);
      out.push({ kind: 'number', text: n[0], value: Number(n[0]), pos: i });
      i += n[0].length;
    } else if (/[\p{L}_]/u.test(c)) {
      const m = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}\p{N}_]+)*/u.exec(rule.slice(i))!;
      i += m[0].length;
      // An attribute name as a file wrote it, in quotes: attributes."Contract Type" or attributes["Monthly Charges ($)"].
      const open = rule.slice(i, i + 2);
      if (m[0].toLowerCase() === 'attributes' && /^(\.["']|\[["'])$/.test(open)) {
        const q = quoted(rule, i + 1);
        i = q.end;
        if (open[0] === '[') {
          if (rule[i] !== ']') throw new SegmentRuleError('expected "]" after the attribute name', rule, i);
          i++;
        }
        if (!q.value.trim()) throw new SegmentRuleError('an attribute name in quotes cannot be empty', rule, start);
        out.push({ kind: 'ident', text: `attributes.${q.value}`, value: q.value, pos: start });
      } else out.push({ kind: 'ident', text: m[0], pos: start });
    } else {
      // attributes.Churned? or attributes.Monthly Charges ($): a sign inside an attribute name not in quotes.
      const hint = out.some((t) => t.kind === 'ident' && t.value === undefined && t.text.toLowerCase().startsWith('attributes.')) ? ` (${QUOTE_ATTRIBUTE})` : '';
      throw new SegmentRuleError(`unexpected character ${JSON.stringify(c)}${hint}`, rule, i);
    }
  }
  out.push({ kind: 'eof', text: '', pos: rule.length });
  return out;
}
