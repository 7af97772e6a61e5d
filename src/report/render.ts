import { explainDiagnostics } from '../clv/diagnostics.js';
import type { Matrix } from '../value/matrices.js';
import { advice } from './advice.js';
import { barChart, groupedBarChart, heatmap, lineChart, quadrantChart, sankeyChart, targetGrid, whaleChart, type Figure, type QuadrantCell } from './charts.js';
import type { CustomerLine, ReportData } from './data.js';
import { esc, figureHtml, kpisHtml, pageHtml, tableHtml } from './html.js';
import { messages, nameOf, type Lang } from './i18n.js';
import { formatMoney } from './money.js';
import { assumptionNotes, say, said, type SaidCode } from './prose.js';
import { referralSection } from './referrals.js';
import type { Threshold } from '../value/config.js';
import { describeSettings } from '../value/settings.js';
import { decideSections } from './decide.js';
import { churnSection } from './churn.js';

/** Table headers start with a capital in English; Chinese has no case. */
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const num = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`);

/** Published names of the lifetime value models (proper names, the same in every language). */
const MODEL_NAMES: Record<string, string> = { bgnbd: 'BG/NBD', 'bg-nbd': 'BG/NBD', paretonbd: 'Pareto/NBD', 'pareto-nbd': 'Pareto/NBD', mbgnbd: 'MBG/NBD', 'mbg-nbd': 'MBG/NBD', sbg: 'sBG' };
const modelName = (m: string) => MODEL_NAMES[m.toLowerCase()] ?? m;

/** Quadrant positions: x = first axis high?, y = second axis high?. */
const POSITIONS: Record<string, [0 | 1, 0 | 1]> = {
  I: [0, 0],
  II: [0, 1],
  III: [1, 0],
  IV: [1, 1],
  small_price_sensitive: [0, 0],
  active_small: [0, 1],
  at_risk_of_leaving: [1, 0],
  core: [1, 1],
  defector: [0, 0],
  hostage: [0, 1],
  mercenary: [1, 0],
  apostle: [1, 1],
};

/** The names of a matrix's axes and how each threshold was set, from the run's config (not its English notes). */
interface AxisSpec {
  readonly code: SaidCode;
  readonly threshold: Threshold;
}

function matrixFigure(id: string, title: string, m: Matrix, axes: { x: string; y: string; specs: readonly [AxisSpec, AxisSpec] }, lang: Lang, currency: string | null, valueLabel: string): string {
  const t = messages(lang);
  if (!m.available) return `<div><h3>${esc(title)}</h3><p class="empty">${esc(t.notAvailable(say(lang, said('matrix.missingSurveys'))))}</p></div>`;
  const cells: QuadrantCell[] = m.cells.map((c) => ({ x: POSITIONS[c.cell]?.[0] ?? 0, y: POSITIONS[c.cell]?.[1] ?? 0, label: nameOf(c.cell, lang), customers: c.customers, value: c.profit }));
  const f: Figure = {
    id,
    title,
    svg: quadrantChart(cells, { x: axes.x, y: axes.y, low: t.low, high: t.high, valueLabel, format: (v) => formatMoney(lang, v, { currency }) }),
    points: cells.filter((c) => c.customers > 0).length,
    caption: [m.x, m.y]
      .map((a, i) => {
        const spec = axes.specs[i];
        return say(lang, said('matrix.threshold', { axis: say(lang, said(spec.code)), value: a.threshold, quantile: 'quantile' in spec.threshold ? spec.threshold.quantile : null }));
      })
      .join(' · '),
  };
  return figureHtml(f);
}

function customerTable(rows: readonly CustomerLine[], lang: Lang, currency: string | null, onProfit: boolean): string {
  const t = messages(lang);
  const m = (v: number) => formatMoney(lang, v, { currency });
  // Without any cost, "profit" would be net revenue again: the column is left out rather than mislabelled.
  if (!onProfit) {
    return tableHtml(
      [t.customer, t.orders, t.netRevenue, t.segment, t.cell].map(cap),
      rows.map((r) => [r.customerId, r.orders, m(r.netRevenue), nameOf(r.segment, lang), r.quadrant ? nameOf(r.quadrant, lang) : '']),
      [false, true, true, false, false],
    );
  }
  return tableHtml(
    [t.customer, t.orders, t.netRevenue, t.costToServe, t.profit, t.segment, t.cell].map(cap),
    rows.map((r) => [r.customerId, r.orders, m(r.netRevenue), m(r.costToServe), m(r.profit), nameOf(r.segment, lang), r.quadrant ? nameOf(r.quadrant, lang) : '']),
    [false, true, true, true, true, false, false],
  );
}

/** A vertical line where the holdout starts, when the check says so. */
function calibrationMarker(c: NonNullable<ReportData['clvCheck']>, lang: Lang): { x: number; label: string } | undefined {
  const first = c.tracking.find((p) => p.holdout);
  return first ? { x: first.period, label: lang === 'zh-CN' ? '验证期' : 'holdout' } : undefined;
}

/** The whole report as one self-contained HTML page. */
export function renderReport(d: ReportData, lang: Lang): string {
  const t = messages(lang);
  const v = d.value;
  const w = v.whale;
  const currency = d.currency ?? null;
  const money = (x: number) => formatMoney(lang, x, { currency });
  const sections: string[] = [];
  // Where no cost is known, nothing is labelled profit: the cards, axes and columns say net revenue.
  const onProfit = v.basis === 'profit';
  const valueWord = onProfit ? t.profit : t.netRevenue;

  const tips = advice(d, lang);
  sections.push(`<section class="summary" id="summary"><h2>${esc(t.summary)}</h2><ul>${tips.map((s) => `<li>${esc(s)}</li>`).join('')}</ul></section>`);

  const kpis = kpisHtml([
    { label: t.customers, value: num(v.customers.total), sub: t.buyers(num(v.customers.buyers)) },
    { label: t.netRevenue, value: money(v.revenue.net) },
    ...(onProfit ? [{ label: t.profit, value: money(v.profit.profit), tone: v.profit.profit >= 0 ? ('good' as const) : ('bad' as const) }] : []),
    { label: t.lossMaking, value: num(v.customers.lossMaking), sub: pct(v.customers.total ? v.customers.lossMaking / v.customers.total : null), tone: v.customers.lossMaking > 0 ? 'bad' : undefined },
    { label: t.top20, value: pct(w.top20Share) },
    { label: t.peak, value: pct(w.peak.share), sub: `@ ${pct(w.peak.customerShare)}` },
  ]);
  const curve = w.curve.filter((p) => p.y !== null).map((p) => [p.x * 100, (p.y as number) * 100] as const);
  const whale: Figure = {
    id: 'whale',
    title: onProfit ? t.whaleTitle : t.whaleTitleRevenue,
    svg: whaleChart(curve, { x: t.whaleX, y: onProfit ? t.whaleY : t.whaleYRevenue, peak: t.peakWord }, w.peak.share !== null ? { x: w.peak.customerShare * 100, y: w.peak.share * 100 } : undefined),
    points: curve.length,
    ...(v.basis === 'revenue' ? { caption: t.basisRevenue } : {}),
  };
  const deciles: Figure = {
    id: 'deciles',
    title: onProfit ? t.decilesTitle : t.decilesTitleRevenue,
    svg: barChart(w.deciles.map((x) => String(x.decile)), w.deciles.map((x) => x.value), { y: valueWord, format: (x) => formatMoney(lang, x, { currency, compact: true }) }),
    points: w.deciles.length,
  };
  sections.push(`<section id="portfolio"><h2>${esc(t.portfolio)}</h2>${kpis}<div class="grid2">${figureHtml(whale)}${figureHtml(deciles)}</div></section>`);

  const grid = v.rfm.grid;
  const cells: Array<[number, number, number]> = [];
  grid.forEach((row, r) => row.forEach((n, f) => cells.push([r, f, n])));
  const rfm: Figure = {
    id: 'rfm',
    title: t.rfmTitle,
    svg: heatmap(['1', '2', '3', '4', '5'], ['1', '2', '3', '4', '5'], cells, { x: t.recencyScore, y: t.frequencyScore }),
    points: cells.filter((c) => c[2] > 0).length,
  };
  const segTable = tableHtml(
    [t.segment, t.customers, t.revenue, ...(onProfit ? [t.profit] : [])].map(cap),
    v.rfm.segments.filter((s) => s.customers > 0).map((s) => [nameOf(s.segment, lang), s.customers, money(s.revenue), ...(onProfit ? [money(s.profit)] : [])]),
    [false, true, true, ...(onProfit ? [true] : [])],
  );
  sections.push(`<section id="rfm-section"><h2>RFM</h2><div class="grid2">${figureHtml(rfm)}<div><h3>${esc(t.rfmSegments)}</h3>${segTable}</div></div></section>`);

  const th = v.config.thresholds;
  const cv: AxisSpec = { code: 'axis.currentValue', threshold: th.currentValue };
  const loyal: AxisSpec = { code: 'axis.loyalty', threshold: th.loyalty };
  const formulas = [
    said('formula.currentValue'),
    v.matrices.currentLongTerm.longTermSource === 'clv_predictions' ? said('formula.clv') : said('formula.proxy', { years: v.config.longTerm.horizonYears }),
    said('formula.loyalty'),
  ];
  sections.push(`<section id="matrices"><h2>${esc(t.matricesTitle)}</h2><div class="grid2">
${matrixFigure('matrix-current-long-term', t.currentLongTerm, v.matrices.currentLongTerm, { x: t.currentValue, y: t.longTermValue, specs: [cv, { code: 'axis.longTermValue', threshold: th.longTermValue }] }, lang, currency, valueWord)}
${matrixFigure('matrix-value-loyalty', t.valueLoyalty, v.matrices.valueLoyalty, { x: t.value, y: t.loyalty, specs: [cv, loyal] }, lang, currency, valueWord)}
${matrixFigure('matrix-satisfaction-loyalty', t.satisfactionLoyalty, v.matrices.satisfactionLoyalty, { x: t.satisfaction, y: t.loyalty, specs: [{ code: 'axis.satisfaction', threshold: th.satisfaction }, loyal] }, lang, currency, valueWord)}
</div><p class="note">${formulas.map((f) => esc(say(lang, f))).join('<br>')}</p></section>`);

  if (d.clvCheck) {
    const c = d.clvCheck;
    const byF: Figure = {
      id: 'clv-frequency',
      title: t.byFrequency,
      svg: groupedBarChart(c.byFrequency.map((b) => String(b.x)), [{ name: t.actual, values: c.byFrequency.map((b) => b.actual) }, { name: t.predicted, values: c.byFrequency.map((b) => b.predicted) }], { x: t.calibrationPurchases, y: t.purchases }),
      points: c.byFrequency.length,
    };
    const tr: Figure = {
      id: 'clv-tracking',
      title: t.tracking,
      svg: lineChart(c.tracking.map((p) => p.period), [{ name: t.actual, values: c.tracking.map((p) => p.actualCumulative) }, { name: t.predicted, values: c.tracking.map((p) => p.predictedCumulative), dashed: true }], { x: t.period, y: t.purchases }, calibrationMarker(c, lang)),
      points: c.tracking.length,
    };
    const tot = c.totals;
    const n1 = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });
    const totals =
      tot && tot.holdoutPredictedConditional !== undefined && tot.holdoutPredictedUnconditional !== undefined
        ? `<p class="note">${esc(t.holdoutTotals(n1(tot.holdoutActual), n1(tot.holdoutPredictedConditional), n1(tot.holdoutPredictedUnconditional)))}</p>`
        : '';
    const warn = c.diagnostics?.length
      ? `<p class="note"><strong>${esc(t.fitWarning)}:</strong> ${explainDiagnostics(c.model, c.diagnostics)
          .map((e) => esc(`${e.meaning[lang === 'zh-CN' ? 'zh' : 'en']} — ${e.tryInstead[lang === 'zh-CN' ? 'zh' : 'en']}`))
          .join('<br>')}</p>`
      : '';
    sections.push(`<section id="clv"><h2>${esc(t.clvTitle)}${lang === 'zh-CN' ? `（${esc(modelName(c.model))}）` : ` (${esc(modelName(c.model))})`}</h2>${warn}<div class="grid2">${figureHtml(byF)}${figureHtml(tr)}</div>${totals}</section>`);
  }

  if (d.targets?.length) {
    const grid: Figure = {
      id: 'targets',
      title: t.targetsTitle,
      svg: targetGrid(d.targets.map((x) => ({ name: nameOf(x.name, lang), x: x.attractiveness, y: x.fit, size: x.customers, target: x.recommended })), { x: t.attractiveness, y: t.fit }),
      points: d.targets.length,
    };
    const recs = d.targets.filter((x) => x.recommended);
    const tp = d.targetProfile;
    const profile = tp
      ? `<p>${esc(tp.companySource === 'inferred' ? t.profileInferred : t.profileSet)}: ${esc(([tp.company.priceTier, tp.company.serviceCapacity, tp.company.focus] as Array<string | null>).filter((x): x is string => !!x).map((x) => t.profileWord[x] ?? x).concat(tp.company.strengths, tp.company.regions, tp.company.channels).join(', ') || '—')}</p>${tp.warnings.map((w) => `<p class="warn">⚠ ${esc(t.basisWarning[w.code]?.(w.figure) ?? w.message)}</p>`).join('')}`
      : '';
    const parts = `<h3>${esc(t.fitParts)}</h3><table><tbody>${d.targets.map((x) => `<tr><td>${esc(nameOf(x.name, lang))}</td><td>${Math.round(x.fit)}</td><td>${esc(x.fitComponents.map((c) => `${t.fitCode[c.code] ?? c.code} ${Math.round(c.score * 100)}`).join(' · '))}</td></tr>`).join('')}</tbody></table>`;
    sections.push(`<section id="targets-section"><h2>${esc(t.targetsTitle)}</h2>${profile}<div class="grid2">${figureHtml(grid)}<div>${parts}<h3>${esc(t.recommended)}</h3>${
      recs.length ? recs.map((x) => `<p><strong>${esc(nameOf(x.name, lang))}</strong> → ${esc(x.strategy ? say(lang, said(`strategy.${x.strategy}`)) : '')}</p><ul>${x.said.map((r) => `<li>${esc(say(lang, r, currency))}</li>`).join('')}</ul>`).join('') : '<p class="empty">—</p>'
    }</div></div></section>`);
  }
  if (d.screening && d.screening.segments.length) {
    const sc = d.screening;
    const fig: Figure = {
      id: 'migration',
      title: t.migrationTitle(sc.from, sc.to),
      svg: sankeyChart(sc.segments.map((m) => ({ from: nameOf(m.from, lang), to: nameOf(m.to, lang), value: m.customers })), { left: t.before, right: t.after, wide: lang === 'zh-CN' }),
      points: sc.segments.length,
    };
    sections.push(`<section id="migration-section">${figureHtml(fig)}</section>`);
  }

  if (d.referrals && d.referrals.referrers.length) sections.push(referralSection(d.referrals, lang, currency));
  if (d.churn) sections.push(churnSection(d.churn, lang, currency));
  if (d.decide) {
    // Without any cost these sections' "profit" is net revenue again: they say so, as the rest of the report does.
    const relabel = (html: string) => (onProfit ? html : lang === 'zh-CN' ? html.replaceAll('利润', '净收入') : html.replace(/\bProfit\b/g, 'Net revenue').replace(/\bprofit\b/g, 'net revenue'));
    sections.push(...decideSections(d.decide, lang).map(relabel));
  }

  sections.push(`<section id="customers-section"><div class="grid2"><div><h2>${esc(onProfit ? t.topCustomers : t.topCustomersRevenue)}</h2>${customerTable(d.top, lang, currency, onProfit)}</div><div><h2>${esc(onProfit ? t.bottomCustomers : t.bottomCustomersRevenue)}</h2>${customerTable(d.bottom, lang, currency, onProfit)}</div></div></section>`);
  const settingsLine = v.settings?.length ? [`${t.settingsUsed}${lang === 'zh-CN' ? '：' : ': '}${describeSettings(v.settings, lang)}`] : [];
  const notes = [...settingsLine, ...assumptionNotes(v).map((n) => say(lang, n, currency))];
  if (notes.length) sections.push(`<section id="assumptions"><h2>${esc(t.assumptions)}</h2><ul>${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`);

  return pageHtml({ lang, title: t.title, subtitle: t.subtitle(v.asOf, num(v.customers.total)), sections, footer: t.footer });
}
