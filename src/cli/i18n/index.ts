/**
 * The CLI's one catalogue: every word the CLI prints, in English and 简体中文. `t(key, params)` looks a key up in
 * the current language and fills `{param}` places. The language is set once at start (`--lang`, else the locale
 * from LC_ALL / LC_MESSAGES / LANG) before any command is registered, so `--help` texts are translated too.
 */
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';
import { CORE_ZH_EXACT, CORE_ZH_PATTERNS } from './core-zh.js';
import { ERROR_ZH_PATTERNS } from './core-zh-errors.js';
import type { ClienteleError } from '../../errors.js';
import { FileRefusal, OptionRefusal, refusalText } from '../../data/refusals.js';

export type { MessageKey } from './en.js';
export type CliLang = 'en' | 'zh-CN';
export const CLI_LANGS: readonly CliLang[] = ['en', 'zh-CN'];

export const CATALOGUES: Readonly<Record<CliLang, Readonly<Record<MessageKey, string>>>> = { en, 'zh-CN': zhCN };

let current: CliLang = 'en';

export function isCliLang(s: string): s is CliLang {
  return (CLI_LANGS as readonly string[]).includes(s);
}

/** Accepts en, zh-CN and the usual spellings of them (zh, zh_CN, zh-Hans, en_GB …); null for anything else. */
export function parseLang(s: string | undefined): CliLang | null {
  if (!s) return null;
  const v = s.trim();
  if (/^zh(?:$|[-_](?:CN|SG|Hans)\b)/i.test(v)) return 'zh-CN';
  if (/^(?:en(?:$|[-_.@])|C$|C\.|POSIX$)/i.test(v)) return 'en';
  return null;
}

/** The language of the environment: LC_ALL, else LC_MESSAGES, else LANG (zh_CN.UTF-8 → zh-CN); English otherwise. */
export function langFromEnv(env: NodeJS.ProcessEnv): CliLang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const v = env[name];
    if (v) return parseLang(v) ?? 'en';
  }
  return 'en';
}

export function setLang(lang: CliLang): void {
  current = lang;
}

export function getLang(): CliLang {
  return current;
}

export type Params = Readonly<Record<string, string | number>>;

/** The message in `lang` (default the current language), with `{param}` places filled. */
export function t(key: MessageKey, params?: Params, lang: CliLang = current): string {
  const text = CATALOGUES[lang][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? shownParam(params[name]) : m));
}

/** A parameter as text: a number never in exponent notation (1e+21, 1e-7), however large or small. */
export function shownParam(v: string | number): string {
  const s = String(v);
  if (typeof v !== 'number' || !/e/i.test(s) || !Number.isFinite(v)) return s;
  return v.toLocaleString('en-US', { useGrouping: false, maximumSignificantDigits: 15 });
}

/** A plural for English ("1 customer", "2 customers"); Chinese has one form, so its catalogue holds one text. */
export function tn(n: number, one: MessageKey, many: MessageKey, params?: Params): string {
  return t(n === 1 ? one : many, { n, ...params });
}

/** commander prints its own titles and errors in English: these patterns put them in the current language. */
export function translateCommanderText(s: string): string {
  if (current === 'en') return s;
  const titles: Record<string, MessageKey> = { 'Usage:': 'commander.usage', 'Options:': 'commander.options', 'Commands:': 'commander.commands', 'Arguments:': 'commander.arguments', 'Global Options:': 'commander.globalOptions' };
  if (s in titles) return t(titles[s]);
  return s
    .replace(/\(default: (.*)\)$/, (_m, v: string) => t('commander.default', { value: v }))
    .replace(/\[options\]/g, t('commander.optionsArg'))
    .replace(/\[command\]/g, t('commander.commandArg'))
    .replace(/error: unknown option '([^']*)'/, (_m, flag: string) => t('commander.unknownOption', { flag }))
    .replace(/error: unknown command '([^']*)'/, (_m, name: string) => t('commander.unknownCommand', { name }))
    .replace(/error: missing required argument '([^']*)'/, (_m, name: string) => t('commander.missingArgument', { name }))
    .replace(/error: option '([^']*)' argument missing/, (_m, flags: string) => t('commander.optionArgumentMissing', { flags }))
    .replace(/error: required option '([^']*)' not specified/, (_m, flags: string) => t('commander.requiredOption', { flags }))
    .replace(/error: too many arguments[^\n]*/, () => t('commander.tooManyArguments'))
    .replace(/\(Did you mean ([^?]*)\?\)/, (_m, what: string) => t('commander.didYouMean', { what }));
}

/** A stored code (segment, matrix cell, criterion, flag, source) by its label; the code itself when unknown. */
export function term(code: string): string {
  const key = `term.${code}` as MessageKey;
  return key in en ? t(key) : code;
}

/** A field of evidence (netRevenue, costToServe …) by its label, never its code name; the code when unknown. */
export function fieldLabel(code: string): string {
  const key = `field.${code}` as MessageKey;
  return key in en ? t(key) : code;
}

const ALL_PATTERNS = [...CORE_ZH_PATTERNS, ...ERROR_ZH_PATTERNS];

/** Prose the core still writes in English, in the current language (see core-zh.ts); unchanged in English. */
export function prose(s: string): string {
  return translateCore(s, current);
}

/**
 * The same for any reader with its own language (the server's error handler: a core error's message for a client
 * whose Accept-Language asks for Chinese). Pure: reads no state.
 */
export function translateCore(s: string, lang: CliLang): string {
  if (lang === 'en') return s;
  const t = (key: MessageKey) => CATALOGUES[lang][key];
  const dataField = (c: string) => (`datafield.${c}` in en ? t(`datafield.${c}` as MessageKey) : c);
  const ruleField = (c: string) => (`rulefield.${c}` in en ? t(`rulefield.${c}` as MessageKey) : c.replace(/^attributes\./, ''));
  const term = (c: string) => (`term.${c}` in en ? t(`term.${c}` as MessageKey) : c);
  const exact = CORE_ZH_EXACT[s];
  if (exact !== undefined) return exact;
  for (const [re, to] of ALL_PATTERNS) {
    const m = re.exec(s);
    if (m && to(...m) !== s) {
      return to(...m)
        .replace(/\{\{field:([^}]+)\}\}/g, (_x, f: string) => dataField(f))
        .replace(/\{\{rule:([\w.]+)\}\}/g, (_x, f: string) => ruleField(f))
        .replace(/\{\{term:([^}]+)\}\}/g, (_x, c: string) => term(c))
        .replace(/\{\{entity:([\w-]+)\}\}/g, (_x, c: string) => (`entity.${c}` in en ? t(`entity.${c}` as MessageKey) : c));
    }
  }
  return s;
}

/**
 * An imported data field (customer_id, unit_price …) by its label; the code when unknown. With its entity, the
 * entity's own label first (a product's name is 名称, a person's 姓名).
 */
export function dataField(code: string, entity?: string): string {
  const own = `datafield.${entity}.${code}`;
  if (entity !== undefined && own in en) return t(own as MessageKey);
  const key = `datafield.${code}` as MessageKey;
  return key in en ? t(key) : code;
}

/** An entity (customers, orders …) by its label. */
export function entityLabel(code: string): string {
  const key = `entity.${code}` as MessageKey;
  return key in en ? t(key) : code;
}

/** The message when the catalogue has `key` (built at run time, e.g. from a preset's name), else `fallback`. */
export function tOr(key: string, fallback: string, params?: Params): string {
  return key in en ? t(key as MessageKey, params) : fallback;
}

/** A field of the segment rule language (rfm.segment, profit …) by its label; attributes by their own key. */
export function ruleField(code: string): string {
  const key = `rulefield.${code}` as MessageKey;
  if (key in en) return t(key);
  return code.startsWith('attributes.') ? code.slice('attributes.'.length) : code;
}

/**
 * An expected error's message and hint in `lang`: a refusal of the importer (OptionRefusal, FileRefusal) by its
 * code, in its own Chinese; any other through translateCore. The CLI's and the API's one way to show an error.
 */
export function localizeError(e: ClienteleError, lang: CliLang): { message: string; hint?: string } {
  if (lang !== 'en' && (e instanceof OptionRefusal || e instanceof FileRefusal)) {
    // The values an option takes are codes the user types: each as code, listed the Chinese way.
    const allowed: Record<string, string> = typeof e.params.allowed === 'string' ? { allowed: e.params.allowed.split(', ').map((x) => `\`${x}\``).join('、') } : {};
    return refusalText(e.code, { ...e.params, ...allowed }, lang);
  }
  return { message: translateCore(e.message, lang), ...(e.hint !== undefined ? { hint: translateCore(e.hint, lang) } : {}) };
}
