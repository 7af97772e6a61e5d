/**
 * The report's churn section (issue #15), when churn was learned from outcomes (`clientele churn --learn`): which
 * model each figure came from, its held-out AUC and calibration, the top drivers in plain words, the expected loss
 * (Σ probability × value over the active customers) and the customers who carry most of it; beside it, where the
 * churn list's P(alive) and the lifetime values came from (learned, a purchase model, sBG for subscriptions, or the
 * value run's proxy). In English and 简体中文.
 */
import type { ChurnReport } from '../act/churn.js';
import { factorText } from '../act/churn-labels.js';
import type { Engine } from '../engine/engine.js';
import { sqlChurnReportScores, sqlChurnReportTop } from '../sql/churn.js';
import { sqlSbgValueSummary } from '../sql/subscriptions.js';
import type { ValueReport } from '../value/portfolio.js';
import { esc, kpisHtml, tableHtml } from './html.js';
import type { Lang } from './i18n.js';
import { formatMoney } from './money.js';

export interface ChurnSectionData {
  /** The learned model, as churn --learn stored it. */
  readonly model: {
    readonly outcome: { readonly column: string; readonly kind: string };
    readonly auc: number;
    readonly brier: number;
    readonly calibrationError: number;
    readonly features: number;
    readonly test: number;
    readonly known: number | null;
    readonly churned: number | null;
    readonly drivers: ReadonlyArray<{ readonly en: string; readonly zh: string }>;
  };
  readonly scored: number;
  readonly expectedLoss: number;
  readonly meanProbability: number;
  /** What the value in expected loss is: a year of the monthly charge, the current value, or none. */
  readonly valueSource: string;
  readonly top: ReadonlyArray<{ readonly customerId: string; readonly probability: number; readonly value: number | null; readonly expectedLoss: number | null; readonly factors: string }>;
  /** The churn list as the CLI and the dashboard give it: where its P(alive) came from, and what is at risk. */
  readonly list: { readonly source: 'model' | 'learned' | 'proxy'; readonly model: string | null; readonly atRisk: number; readonly buyers: number; readonly valueAtRisk: number } | null;
  /** Lifetime value: where the value run's long-term value came from; sBG's share when subscriptions were fitted. */
  readonly lifetime: { readonly source: string; readonly sbgCustomers: number; readonly sbgValue: number };
}

/** Reads the section's figures; null when churn was never learned in this store. */
export async function loadChurnSection(engine: Engine, value: ValueReport, list: ChurnReport | null): Promise<ChurnSectionData | null> {
  const [s] = await engine.query<{ n: number; model: string | null; expected_loss: number | null; mean_p: number | null; value_source: string | null }>(sqlChurnReportScores(engine.dialect));
  if (!s || Number(s.n) === 0 || !s.model) return null;
  const m = JSON.parse(s.model) as Partial<ChurnSectionData['model']> & { auc: number };
  const top = await engine.query<{ customer_id: string; probability: number; value: number | null; expected_loss: number | null; factors: string | null }>(sqlChurnReportTop(), [10]);
  const [sbg] = await engine.query<{ n: number; total: number | null }>(sqlSbgValueSummary());
  return {
    model: {
      outcome: m.outcome ?? { column: '?', kind: 'churn column' },
      auc: m.auc,
      brier: m.brier ?? Number.NaN,
      calibrationError: m.calibrationError ?? Number.NaN,
      features: m.features ?? 0,
      test: m.test ?? 0,
      known: m.known ?? null,
      churned: m.churned ?? null,
      drivers: m.drivers ?? [],
    },
    scored: Number(s.n),
    expectedLoss: Number(s.expected_loss ?? 0),
    meanProbability: Number(s.mean_p ?? 0),
    valueSource: s.value_source ?? 'none',
    top: top.map((r) => ({ customerId: r.customer_id, probability: Number(r.probability), value: r.value === null ? null : Number(r.value), expectedLoss: r.expected_loss === null ? null : Number(r.expected_loss), factors: r.factors ?? '' })),
    list: list ? { source: list.pAlive.source, model: list.pAlive.model, atRisk: list.atRisk, buyers: list.buyers, valueAtRisk: list.valueAtRisk } : null,
    lifetime: { source: value.sources.longTermValue, sbgCustomers: Number(sbg?.n ?? 0), sbgValue: Number(sbg?.total ?? 0) },
  };
}

const EN = {
  heading: 'Churn: learned from past outcomes',
  scored: 'Active customers scored',
  meanP: 'Mean churn probability',
  expectedLoss: 'Expected loss',
  expectedLossSub: 'Σ probability × value',
  auc: 'Held-out AUC',
  aucSub: (test: string) => `on ${test} customers kept out of the fit`,
  sources: 'Where each figure comes from',
  source: {
    probability: (column: string, kind: string, features: number, auc: string, brier: string, cal: string) =>
      `Churn probability: a logistic regression learned from the ${kind === 'active flag' ? 'active flag' : kind === 'end date' ? 'end date' : kind === 'silence' ? 'silence after a cutoff' : 'churn column'} "${column}" (clientele churn --learn): ${features} features, a stratified 25% holdout, held-out AUC ${auc}, Brier score ${brier}, calibration error ${cal}.`,
    value: (v: string) =>
      `Value in expected loss: ${v === 'monthly charge × 12' ? 'a year of the monthly charge of each customer' : v === 'current value (latest value run)' ? 'the current value (annualised profit) of each customer in the latest value run' : 'none known'}.`,
    list: (src: string, model: string | null, atRisk: string, buyers: string, risk: string) =>
      `Churn list (clientele churn, the churn page of the dashboard): P(alive) ${src === 'learned' ? '= 1 − the learned churn probability' : src === 'model' ? `from the ${model ?? 'lifetime value'} predictions` : 'is the proxy of the value run, exp(−recency / mean gap)'}; ${atRisk} of ${buyers} buyers at risk, ${risk} a year at risk.`,
    lifetime: (src: string, n: string, total: string) =>
      src === 'proxy'
        ? 'Long-term value: the proxy of the value run (current value × P(alive) × horizon); no lifetime value model was fitted for this day.'
        : `Long-term value: lifetime value model predictions${n !== '0' ? `; for ${n} subscribers, sBG (Fader & Hardie 2007): discounted expected residual lifetime × margin per period (Fader & Hardie 2010), ${total} in all` : ''}${src === 'clv_predictions+proxy' ? '; the proxy for the others' : ''}.`,
  },
  drivers: 'What drives churn',
  top: 'Highest expected loss',
  head: ['customer', 'churn probability', 'value', 'expected loss', 'why (largest contributions)'],
  none: 'No driver was stored with this model (learn again: clientele churn --learn).',
};

const ZH: typeof EN = {
  heading: '客户流失：从实际结果学习',
  scored: '已评分的在网客户',
  meanP: '平均流失概率',
  expectedLoss: '预期损失',
  expectedLossSub: 'Σ 流失概率 × 价值',
  auc: '留出样本 AUC',
  aucSub: (test) => `基于未参与拟合的 ${test} 位客户`,
  sources: '各项数字的来源',
  source: {
    probability: (column, kind, features, auc, brier, cal) =>
      `流失概率：由${kind === 'active flag' ? '活跃标记' : kind === 'end date' ? '终止日期' : kind === 'silence' ? '截止日之后的沉默' : '流失列'}「${column}」学习的逻辑回归（clientele churn --learn）：${features} 个特征，分层留出 25%，留出样本 AUC ${auc}，Brier 分数 ${brier}，校准误差 ${cal}。`,
    value: (v) => `预期损失中的价值：${v === 'monthly charge × 12' ? '客户一年的月费' : v === 'current value (latest value run)' ? '最近一次价值计算中客户的当前价值（年化利润）' : '未知'}。`,
    list: (src, model, atRisk, buyers, risk) =>
      `流失名单（clientele churn 与仪表盘的流失页）：存活概率${src === 'learned' ? ' = 1 − 学得的流失概率' : src === 'model' ? `来自 ${model ?? '终身价值模型'} 的预测` : '为价值计算的代理值 exp(−距上次购买天数 / 平均间隔)'}；${buyers} 位购买客户中 ${atRisk} 位有流失风险，每年风险金额 ${risk}。`,
    lifetime: (src, n, total) =>
      src === 'proxy'
        ? '长期价值：价值计算的代理值（当前价值 × 存活概率 × 年限）；此日期没有拟合终身价值模型。'
        : `长期价值：终身价值模型的预测${n !== '0' ? `；其中 ${n} 位订阅客户用 sBG 模型（Fader & Hardie 2007）：贴现后的预期剩余生命期 × 每期毛利（Fader & Hardie 2010），合计 ${total}` : ''}${src === 'clv_predictions+proxy' ? '；其他客户用代理值' : ''}。`,
  },
  drivers: '流失的驱动因素',
  top: '预期损失最高的客户',
  head: ['客户', '流失概率', '价值', '预期损失', '原因（贡献最大的因素）'],
  none: '此模型未保存驱动因素（请重新学习：clientele churn --learn）。',
};

/** The section's HTML. */
export function churnSection(d: ChurnSectionData, lang: Lang, currency: string | null = null): string {
  const w = lang === 'zh-CN' ? ZH : EN;
  const m = (v: number) => formatMoney(lang, v, { currency });
  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  const f = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
  const kpis = kpisHtml([
    { label: w.scored, value: n(d.scored) },
    { label: w.meanP, value: `${(d.meanProbability * 100).toFixed(1)}%` },
    { label: w.expectedLoss, value: m(d.expectedLoss), sub: w.expectedLossSub, tone: 'bad' },
    { label: w.auc, value: f(d.model.auc, 3), sub: w.aucSub(n(d.model.test)) },
  ]);
  const sources = [
    w.source.probability(d.model.outcome.column, d.model.outcome.kind, d.model.features, f(d.model.auc, 3), f(d.model.brier, 4), f(d.model.calibrationError, 4)),
    w.source.value(d.valueSource),
    ...(d.list ? [w.source.list(d.list.source, d.list.model, n(d.list.atRisk), n(d.list.buyers), m(d.list.valueAtRisk))] : []),
    w.source.lifetime(d.lifetime.source, n(d.lifetime.sbgCustomers), m(d.lifetime.sbgValue)),
  ];
  const drivers = d.model.drivers.length ? `<ul>${d.model.drivers.map((x) => `<li>${esc(lang === 'zh-CN' ? x.zh : x.en)}</li>`).join('')}</ul>` : `<p class="empty">${esc(w.none)}</p>`;
  const cap = (h: string) => h.charAt(0).toUpperCase() + h.slice(1);
  const rows = d.top.map((r) => [r.customerId, `${(r.probability * 100).toFixed(1)}%`, r.value === null ? '—' : m(r.value), r.expectedLoss === null ? '—' : m(r.expectedLoss), r.factors.split('; ').filter((x) => x).map((x) => factorText(x, lang)).join(lang === 'zh-CN' ? '；' : '; ')]);
  const table = tableHtml(w.head.map(cap), rows, [false, true, true, true, false]);
  return `<section id="churn-section"><h2>${esc(w.heading)}</h2>${kpis}<h3>${esc(w.sources)}</h3><ul class="small">${sources.map((s) => `<li>${esc(s)}</li>`).join('')}</ul><div class="grid2"><div><h3>${esc(w.drivers)}</h3>${drivers}</div><div><h3>${esc(w.top)}</h3>${table}</div></div></section>`;
}
