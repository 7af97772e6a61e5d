/**
 * The names a churn driver is read by: a customer field by its name in words (English) and its Chinese name (the
 * field's Chinese alias), an imported attribute by its header as the file wrote it ("Total Charges ($)", not the
 * key total_charges_($) the model uses), and the figures the silence rule derives in words. Numbers in a driver's
 * sentence are written out, never in exponent notation.
 */
import { ENTITIES } from '../data/entities.js';

export interface FeatureLabel {
  readonly en: string;
  readonly zh: string;
}

/** The figures learnFromSilence adds (on a log scale where named so). */
const DERIVED: Readonly<Record<string, FeatureLabel>> = {
  log_recency_days: { en: 'days since the last purchase (log)', zh: '距上次购买天数（对数）' },
  log_purchase_days: { en: 'purchase days (log)', zh: '购买天数（对数）' },
  log_orders: { en: 'orders (log)', zh: '订单数（对数）' },
  log_net_revenue: { en: 'net revenue (log)', zh: '净收入（对数）' },
  log_span_days: { en: 'days between the first and last purchase (log)', zh: '首末次购买间隔天数（对数）' },
  log_tenure_days: { en: 'tenure in days (log)', zh: '合作天数（对数）' },
  log_categories: { en: 'categories bought (log)', zh: '购买品类数（对数）' },
  log_discounts: { en: 'discounts (log)', zh: '折扣金额（对数）' },
  log_returns: { en: 'returns (log)', zh: '退货金额（对数）' },
  log_satisfaction: { en: 'satisfaction (log)', zh: '满意度（对数）' },
  top_category: { en: 'main category', zh: '主要品类' },
  log_usual_gap_days: { en: 'usual days between purchases (log)', zh: '平常购买间隔天数（对数）' },
  gaps_silent: { en: 'usual gaps since the last purchase', zh: '距上次购买已过几个平常间隔' },
  signup_date: { en: 'signup date', zh: '注册日期' },
};

const CJK = /[\u4e00-\u9fff]/;

/** A feature's source (a key of the model's rows) by its label; `headers` maps attribute keys to their headers. */
export function featureLabel(source: string, headers: ReadonlyMap<string, string> = new Map()): FeatureLabel {
  const header = headers.get(source);
  if (header !== undefined) return { en: header, zh: header };
  if (source in DERIVED) return DERIVED[source];
  const f = ENTITIES.customers.fields.find((x) => x.name === source);
  if (f) return { en: source.replace(/_/g, ' '), zh: f.aliases.find((a) => CJK.test(a)) ?? source };
  return { en: source, zh: source };
}

/**
 * A customer's factor as stored (`gender=Male +0.52`, `log_orders +0.31`: the feature's key, then its level or power
 * and its contribution) in the reader's language: in Chinese a customer field or derived figure is named by its
 * Chinese name (性别=Male +0.52); a file's own header and the data's values stay as they are.
 */
export function factorText(factor: string, lang: 'en' | 'zh-CN'): string {
  if (lang === 'en') return factor;
  return factor.replace(/^[a-z][a-z0-9_]*/, (key) => (key in DERIVED || ENTITIES.customers.fields.some((x) => x.name === key) ? featureLabel(key).zh : key));
}

/** A number to three significant digits, written out (1,980, 0.495, 0.000123), never 1.98e+3. */
export function plainFigure(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const r = Number(n.toPrecision(3));
  const digits = r === 0 ? 0 : Math.max(0, 2 - Math.floor(Math.log10(Math.abs(r))));
  return r.toLocaleString('en', { maximumFractionDigits: Math.min(20, digits), useGrouping: true });
}
