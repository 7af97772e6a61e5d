/** Numbers for people: grouped digits, compact KPIs (4.1M, 411万), percentages; in the page's language. */
import { formatMoney } from '../../src/report/money';
import type { Lang } from './i18n';

/** The store's currency (GET /api/config), set once after sign-in; null: money shows no symbol. */
let currency: string | null = null;
export function setCurrency(c: string | null | undefined): void {
  currency = c ?? null;
}
export const currencyOf = (): string | null => currency;

const cache = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, o: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = lang + JSON.stringify(o);
  let f = cache.get(k);
  if (!f) cache.set(k, (f = new Intl.NumberFormat(lang, o)));
  return f;
}

export function num(lang: Lang, v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
}

/** Money, the same as the report writes it: the currency's symbol, 万/亿 in zh-CN; whole units, two decimals when small. */
export function money(lang: Lang, v: number | null | undefined): string {
  return formatMoney(lang, v, { currency });
}

/** Money in a KPI or an axis: 4.1M in English (万/亿 in zh-CN, as always). */
export function moneyCompact(lang: Lang, v: number | null | undefined): string {
  return formatMoney(lang, v, { currency, compact: true });
}

export function compact(lang: Lang, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf(lang, { notation: 'compact', maximumFractionDigits: Math.abs(v) >= 1e4 ? 2 : 1 }).format(v);
}

export function pct(lang: Lang, v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return nf(lang, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
}

export function day(v: string | null | undefined): string {
  if (!v) return '—';
  return v.slice(0, 10);
}

/** A head count: exact below 100,000 (a manager counts customers), compact above. */
export function count(lang: Lang, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return Math.abs(v) < 100_000 ? num(lang, v) : compact(lang, v);
}
