import { UsageError } from '../errors.js';

/** A rule the segment language cannot read: where, and what was expected. */
export class SegmentRuleError extends UsageError {
  constructor(
    message: string,
    readonly rule: string,
    readonly position: number,
  ) {
    super(`${message} at column ${position + 1}\n    ${rule.replace(/\s/g, ' ').slice(0, 200)}\n    ${' '.repeat(Math.min(position, 200))}^`, 'see: clientele segment --help (the rule language)');
  }
}

export type TokenKind = 'ident' | 'number' | 'string' | 'duration' | 'date' | 'op' | 'lparen' | 'rparen' | 'comma' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Decoded value: the string without quotes, the number, the duration in days. */
  readonly value?: string | number;
  readonly pos: number;
}

const DURATION_DAYS: Record<string, number> = { d: 1, w: 7, m: 30.4375, y: 365.25 };
/** Rules longer than this are refused: no real segment needs more, and the parser stays fast. */
export const MAX_RULE_LENGTH = 4000;

/** Splits a rule into tokens. Identifiers may contain dots (rfm.segment, attributes.Kidhome). */
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
      let s = '';
      i++;
      for (;;) {
        if (i >= rule.length) throw new SegmentRuleError(`unterminated string: expected a closing ${c}`, rule, start);
        const ch = rule[i];
        if (ch === '\\' && i + 1 < rule.length) {
          s += rule[i + 1];
          i += 2;
        } else if (ch === c) {
          i++;
          break;
        } else {
          s += ch;
          i++;
        }
      }
      out.push({ kind: 'string', text: rule.slice(start, i), value: s, pos: start });
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
        out.push({ kind: 'duration', text: d[0], value: Number(d[1]) * DURATION_DAYS[d[2]], pos: i });
        i += d[0].length;
        continue;
      }
      const n = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?(?![A-Za-z_])/i.exec(rule.slice(i));
      if (!n || !Number.isFinite(Number(n[0]))) throw new SegmentRuleError('expected a number, a date (YYYY-MM-DD) or a duration such as -90d', rule, i);
      out.push({ kind: 'number', text: n[0], value: Number(n[0]), pos: i });
      i += n[0].length;
    } else if (/[\p{L}_]/u.test(c)) {
      const m = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}\p{N}_]+)*/u.exec(rule.slice(i))!;
      out.push({ kind: 'ident', text: m[0], pos: i });
      i += m[0].length;
    } else {
      throw new SegmentRuleError(`unexpected character ${JSON.stringify(c)}`, rule, i);
    }
  }
  out.push({ kind: 'eof', text: '', pos: rule.length });
  return out;
}
