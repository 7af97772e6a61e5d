/**
 * Money for people, shared by the report and the dashboard (pure: vite bundles it for the browser too).
 *
 * - With a currency (ISO 4217, e.g. CNY, GBP), figures carry the locale's symbol: ¥, £, US$ in zh-CN; $, £, CN¥ in en.
 * - zh-CN counts large amounts in 万 (10⁴) and 亿 (10⁸), as Chinese readers do: ¥1.23万, ¥3.4亿; en groups by
 *   thousands (£1,234,567), and compacts to K/M/B only when asked.
 * - Without a currency (none is set for the store), the number alone: never a symbol that may be wrong.
 * - Amounts in different currencies are never added together without exchange rates: `moneyTotal` says
 *   "mixed" instead of a sum.
 */

export type MoneyLang = 'en' | 'zh-CN';

/** Three capital letters, as ISO 4217 writes them. */
export function isCurrencyCode(s: unknown): s is string {
  return typeof s === 'string' && /^[A-Z]{3}$/.test(s);
}

const symbols = new Map<string, string>();

/** The symbol of a currency in a language (¥ for CNY in zh-CN, £ for GBP); the code itself when Intl has none. */
export function currencySymbol(lang: MoneyLang, currency: string): string {
  const k = `${lang}|${currency}`;
  let s = symbols.get(k);
  if (s === undefined) {
    try {
      // The locale's own symbol: in zh-CN CNY is ¥ and USD US$; in en USD is $ and CNY CN¥ (so two currencies never look alike).
      const parts = new Intl.NumberFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-US', { style: 'currency', currency, currencyDisplay: 'symbol' }).formatToParts(0);
      s = parts.find((p) => p.type === 'currency')?.value ?? currency;
    } catch {
      s = currency;
    }
    symbols.set(k, s);
  }
  return s;
}

/** Up to `digits` decimals, trailing zeros dropped (1.20 → 1.2), grouped by thousands. */
function plain(v: number, digits: number): string {
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export interface MoneyOptions {
  /** ISO 4217 code, or null when the store has none: the figure then has no symbol. */
  readonly currency?: string | null;
  /** Shorten large amounts: 万/亿 in zh-CN (always from 10,000), K/M/B in en (only when asked). */
  readonly compact?: boolean;
  /** Decimals for amounts under 100 (default 2); larger amounts are whole units. */
  readonly smallDigits?: number;
}

/** The figure in a language: ¥1.23万, ¥3.4亿, -¥980, £1,234,567, 1,234 (no currency). */
export function formatMoney(lang: MoneyLang, v: number | null | undefined, o: MoneyOptions = {}): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  const sym = o.currency ? currencySymbol(lang, o.currency) : '';
  let body: string;
  if (lang === 'zh-CN' && a >= 1e8) body = `${plain(a / 1e8, 2)}亿`;
  else if (lang === 'zh-CN' && a >= 1e4) body = `${plain(a / 1e4, 2)}万`;
  else if (o.compact && a >= 1e9) body = `${plain(a / 1e9, 2)}B`;
  else if (o.compact && a >= 1e6) body = `${plain(a / 1e6, 2)}M`;
  else if (o.compact && a >= 1e4) body = `${plain(a / 1e3, 1)}K`;
  else body = a < 100 && a !== 0 ? plain(a, o.smallDigits ?? 2) : plain(Math.round(a), 0);
  // A symbol made of letters (CHF, R$) reads better with a space before the number.
  const gap = /[A-Za-z]$/.test(sym) ? ' ' : '';
  return `${sign}${sym}${gap}${body}`;
}

/** One amount in each currency, e.g. the revenue of a store whose lines are in CNY and USD. */
export type MoneyByCurrency = ReadonlyArray<{ readonly currency: string | null; readonly amount: number }>;

/**
 * A total over several currencies: the sum when there is one currency; otherwise each currency's amount and no
 * sum, because adding CNY to USD needs an exchange rate the store does not have.
 */
export function moneyTotal(lang: MoneyLang, parts: MoneyByCurrency, o: Omit<MoneyOptions, 'currency'> = {}): { mixed: boolean; text: string } {
  const by = new Map<string | null, number>();
  for (const p of parts) by.set(p.currency, (by.get(p.currency) ?? 0) + p.amount);
  if (by.size <= 1) {
    const [[currency, amount] = [null, 0]] = [...by];
    return { mixed: false, text: formatMoney(lang, amount, { ...o, currency }) };
  }
  const list = [...by].map(([currency, amount]) => formatMoney(lang, amount, { ...o, currency }) + (currency ? '' : lang === 'zh-CN' ? '（未注明币种）' : ' (no currency)'));
  const sep = lang === 'zh-CN' ? ' + ' : ' + ';
  const note = lang === 'zh-CN' ? '（多种货币，无汇率，不合计）' : ' (mixed currencies: not added without exchange rates)';
  return { mixed: true, text: list.join(sep) + note };
}
