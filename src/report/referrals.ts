import type { ReferralReport } from '../act/index.js';
import { stackedBarChart, type Figure } from './charts.js';
import { esc, figureHtml, tableHtml } from './html.js';
import { messages, type Lang } from './i18n.js';
import { formatMoney } from './money.js';

/**
 * The top referrers (链式介绍法) as a chart: each bar is the profit (or revenue, when no cost is known) of everyone
 * the referrer brought in, split into those they referred themselves and those referred down the chain.
 */
export function referralFigure(r: ReferralReport, lang: Lang, n = 10, currency: string | null = null): Figure {
  const t = messages(lang);
  const top = r.referrers.slice(0, n);
  const field = r.basis === 'profit' ? 'profit' : 'revenue';
  const label = (k: string, id: string) => (k === 'lead' ? `${id} (${t.lead})` : k === 'unknown' ? `${id} (?)` : id);
  return {
    id: 'referrals',
    title: t.referralsTitle,
    svg: stackedBarChart(
      top.map((c) => label(c.kind, c.id)),
      [
        { name: t.direct, values: top.map((c) => c.direct[field]) },
        { name: t.indirect, values: top.map((c) => c.chain[field] - c.direct[field]) },
      ],
      { x: r.basis === 'profit' ? t.profit : t.revenue, format: (v) => formatMoney(lang, v, { currency, compact: true }) },
    ),
    points: top.length,
    caption: t.referralsCaption(r.referred.customers, r.referred.leads, r.referrers.length, r.cycles.length),
  };
}

/** The report section: the chart and the top referrers' figures. */
export function referralSection(r: ReferralReport, lang: Lang, currency: string | null = null): string {
  const t = messages(lang);
  const m = (v: number) => formatMoney(lang, v, { currency });
  const rows = r.referrers.slice(0, 10).map((c) => [c.id, c.direct.customers + c.direct.leads, c.chain.customers, c.chain.leads, c.generations, ...(r.basis === 'profit' ? [m(c.chain.profit), m(c.chain.revenue)] : [m(c.chain.revenue)])]);
  const cap = (h: string) => h.charAt(0).toUpperCase() + h.slice(1);
  const table = tableHtml([t.referrer, t.direct, t.chainCustomers, t.chainLeads, t.generations, r.basis === 'profit' ? t.chainProfit : t.chainRevenue, ...(r.basis === 'profit' ? [t.chainRevenue] : [])].map(cap), rows, [false, true, true, true, true, true, true]);
  return `<section id="referrals-section"><h2>${esc(t.referralsHeading)}</h2><div class="grid2">${figureHtml(referralFigure(r, lang, 10, currency))}<div>${table}</div></div></section>`;
}
