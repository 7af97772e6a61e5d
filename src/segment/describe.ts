/**
 * A rule in words, for people who do not read the rule language: fields by their label, values of RFM segments
 * and matrix cells by name, operators as words, in English or 简体中文. For display only (the saved rule text stays
 * the source of truth). Pure: the dashboard bundles it.
 */
import { nameOf } from '../report/i18n.js';
import type { Expr, Literal } from './ast.js';
import { fieldLabel, valueWord, type LabelLang } from './field-labels.js';
import type { BuilderOp } from './print.js';

const NAMED = new Set(['rfm.segment', 'segment', 'value.quadrant', 'value.loyalty', 'value.satisfaction']);

const OPS: Record<BuilderOp, [string, string]> = {
  '=': ['=', '='],
  '!=': ['≠', '≠'],
  '<': ['<', '<'],
  '<=': ['≤', '≤'],
  '>': ['>', '>'],
  '>=': ['≥', '≥'],
  in: ['is one of', '属于'],
  'not in': ['is none of', '不属于'],
  between: ['between', '介于'],
  contains: ['contains', '包含'],
  'is null': ['is unknown', '未知'],
  'is not null': ['is known', '已知'],
};

export function opWord(lang: LabelLang, op: BuilderOp): string {
  return OPS[op][lang === 'zh-CN' ? 1 : 0];
}

const UNITS: Record<string, [string, string]> = { d: ['days', '天'], w: ['weeks', '周'], m: ['months', '个月'], y: ['years', '年'] };

/** A value in words: "Champions" as 冠军客户, -90d as "90 天前", true as 是. */
export function literalWords(lang: LabelLang, field: string, l: Literal): string {
  const zh = lang === 'zh-CN';
  switch (l.kind) {
    case 'string':
      return NAMED.has(field) ? nameOf(l.value, lang) : valueWord(lang, field, l.value);
    case 'number':
      return l.value.toLocaleString('en-US', { maximumFractionDigits: 6 });
    case 'boolean':
      return l.value ? (zh ? '是' : 'yes') : zh ? '否' : 'no';
    case 'date':
      return l.value;
    case 'duration': {
      const n = Math.abs(l.amount);
      const u = UNITS[l.unit][zh ? 1 : 0];
      if (l.amount === 0) return zh ? '截至日' : 'the as-of date';
      return l.amount < 0 ? (zh ? `${n} ${u}前` : `${n} ${u} before`) : zh ? `${n} ${u}后` : `${n} ${u} after`;
    }
  }
}

export function describeRule(e: Expr, lang: LabelLang): string {
  const zh = lang === 'zh-CN';
  const AND = zh ? ' 且 ' : ' and ';
  const OR = zh ? ' 或 ' : ' or ';
  const go = (x: Expr, parent: 'and' | 'or' | 'not' | null): string => {
    switch (x.kind) {
      case 'and':
      case 'or': {
        const s = `${go(x.left, x.kind)}${x.kind === 'and' ? AND : OR}${go(x.right, x.kind)}`;
        return parent && parent !== x.kind ? `（${s}）`.replace(/^（/, zh ? '（' : '(').replace(/）$/, zh ? '）' : ')') : s;
      }
      case 'not':
        return `${zh ? '非' : 'not '}${zh ? '（' : '('}${go(x.expr, null)}${zh ? '）' : ')'}`;
      case 'compare':
        return `${fieldLabel(lang, x.field)} ${opWord(lang, x.op)} ${literalWords(lang, x.field, x.value)}`;
      case 'in':
        return `${fieldLabel(lang, x.field)} ${opWord(lang, x.negated ? 'not in' : 'in')} ${x.values.map((v) => literalWords(lang, x.field, v)).join(zh ? '、' : ', ')}`;
      case 'between':
        return `${fieldLabel(lang, x.field)} ${opWord(lang, 'between')} ${literalWords(lang, x.field, x.low)} ${zh ? '与' : 'and'} ${literalWords(lang, x.field, x.high)}${zh ? ' 之间' : ''}`;
      case 'isNull':
        return `${fieldLabel(lang, x.field)}${zh ? '' : ' '}${opWord(lang, x.negated ? 'is not null' : 'is null')}`;
      case 'contains':
        return `${fieldLabel(lang, x.field)} ${opWord(lang, 'contains')} “${x.value}”`;
    }
  };
  return go(e, null);
}
