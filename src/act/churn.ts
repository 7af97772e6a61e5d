/**
 * Churn and win-back (DESIGN.md §1.7): the buyers at risk — by a lifetime value model's P(alive) (clv_predictions,
 * from `clientele clv predict` as of the same day) and by recency against their own expected time between purchases —
 * with their value, a win-back method each (winback.ts), and the retention economics of the base (retention.ts).
 * Without model predictions the value run's P(alive) proxy is shown and said so; the proxy is exp(−recency / gap),
 * itself a function of recency, so the recency rule alone then decides who is at risk.
 */
import { dropoutUnidentified, parseDiagnostics } from '../clv/diagnostics.js';
import { linesOf } from '../data/line-source.js';
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { sqlChurnAtRisk, sqlChurnScoresSummary, sqlChurnTotals, sqlClvPredictionFit, sqlFirstPurchaseDay, sqlRetention } from '../sql/churn.js';
import { computeValue, type ValueConfig } from '../value/index.js';
import type { CampaignItem } from './contacts.js';
import { retentionEconomics, type RetentionEconomics } from './retention.js';
import { DEFAULT_WINBACK, riskReasons, winBack, type ChurnRow, type WinBackMethod, type WinBackRules } from './winback.js';
import type { Said } from '../report/prose.js';

export interface ChurnOptions {
  readonly asOf?: string; // default: the day of the last order line (as the value run)
  readonly pAliveBelow: number; // 0.5: a model's P(alive) below this is at risk
  readonly overdueFactor: number; // 2: recency at least this many expected gaps is at risk
  readonly discountRate: number; // 0.1: annual discount rate of the retention economics
  readonly churnCut: number; // 0.05: the churn reduction the economics show ("lowering churn by 5%")
  readonly winBack: WinBackRules; // DEFAULT_WINBACK
}

export const DEFAULT_CHURN: ChurnOptions = { pAliveBelow: 0.5, overdueFactor: 2, discountRate: 0.1, churnCut: 0.05, winBack: DEFAULT_WINBACK };

export interface AtRisk {
  readonly customerId: string;
  readonly segment: string;
  readonly valueQuadrant: string | null;
  readonly orders: number;
  readonly recencyDays: number;
  readonly lastPurchase: string | null;
  readonly expectedGapDays: number;
  /** One purchase day: the expected gap is the repeat buyers' median, not their own. */
  readonly gapAssumed: boolean;
  readonly overdue: number;
  readonly pAlive: number | null;
  /** model: a lifetime value model's P(alive); learned: 1 − the churn probability of churn --learn; proxy: the value run's. */
  readonly pAliveSource: 'model' | 'learned' | 'proxy';
  /** Which rules put the customer on the list. */
  readonly signals: ReadonlyArray<'p_alive' | 'overdue'>;
  readonly netRevenue: number;
  readonly profit: number;
  /** Annual profit (current value) and long-term value (CLV or the proxy). */
  readonly currentValue: number;
  readonly longTermValue: number;
  /** max(0, current value) × (1 − P(alive)): the yearly profit expected to be lost if nothing is done. */
  readonly valueAtRisk: number;
  readonly method: WinBackMethod;
  readonly offer: string;
  readonly reasons: readonly string[];
  /** Why this win-back method, as a code with its figures (the last of `reasons`), for the reader's language. */
  readonly said: Said;
}

export interface ChurnReport {
  readonly asOf: string;
  readonly basis: 'profit' | 'revenue';
  readonly pAlive: { readonly source: 'model' | 'learned' | 'proxy'; readonly model: string | null; readonly note: string };
  readonly rules: { readonly pAliveBelow: number | null; readonly overdueFactor: number; readonly medianGapDays: number | null };
  readonly buyers: number;
  readonly atRisk: number;
  readonly valueAtRisk: number;
  readonly byMethod: Readonly<Record<WinBackMethod, number>>;
  readonly customers: readonly AtRisk[];
  readonly economics: RetentionEconomics | null;
  readonly notes: readonly string[];
}

function checkOptions(o: ChurnOptions): void {
  if (!(o.pAliveBelow > 0 && o.pAliveBelow <= 1)) throw new UsageError(`churn: --p-alive-below ${o.pAliveBelow}: expected a probability in (0, 1]`);
  if (!(o.overdueFactor > 0)) throw new UsageError(`churn: --overdue ${o.overdueFactor}: expected a positive number of gaps`);
  if (!(o.discountRate > 0 && o.discountRate < 1)) throw new UsageError(`churn: --discount-rate ${o.discountRate}: expected a rate between 0 and 1`);
  if (!(o.churnCut > 0 && o.churnCut < 1)) throw new UsageError(`churn: --churn-cut ${o.churnCut}: expected a share between 0 and 1`);
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toRow(r: Record<string, unknown>): ChurnRow {
  return {
    customerId: String(r.customer_id),
    type: (r.type as string | null) ?? null,
    orders: num(r.orders),
    purchaseDays: num(r.purchase_days),
    recencyDays: num(r.recency_days),
    lastPurchase: (r.last_purchase as string | null) ?? null,
    netRevenue: num(r.net_revenue),
    profit: num(r.profit),
    grossRevenue: num(r.gross_revenue),
    discounts: num(r.discounts),
    topCategory: (r.top_category as string | null) ?? null,
    topCategoryRevenue: numOrNull(r.top_category_revenue),
    categorizedRevenue: num(r.categorized_revenue),
    satisfaction: numOrNull(r.satisfaction),
    complaints: num(r.complaints),
    segment: String(r.segment),
    valueQuadrant: (r.value_quadrant as string | null) ?? null,
    currentValue: num(r.current_value),
    longTermValue: num(r.long_term_value),
    expectedGap: num(r.expected_gap),
    gapAssumed: r.gap_assumed === true,
    overdue: num(r.overdue),
    modelPAlive: numOrNull(r.model_p_alive),
    model: (r.model as string | null) ?? null,
    proxyPAlive: numOrNull(r.proxy_p_alive),
  };
}

/** One at-risk row with its method, value at risk and reasons (pure; exported for tests). */
export function assessRisk(r: ChurnRow, o: Pick<ChurnOptions, 'pAliveBelow' | 'overdueFactor' | 'winBack'>, basis: 'profit' | 'revenue'): AtRisk {
  const p = r.modelPAlive ?? r.proxyPAlive;
  const signals: Array<'p_alive' | 'overdue'> = [];
  if (r.modelPAlive !== null && r.modelPAlive < o.pAliveBelow) signals.push('p_alive');
  if (r.overdue >= o.overdueFactor) signals.push('overdue');
  const w = winBack(r, basis, o.winBack);
  return {
    customerId: r.customerId,
    segment: r.segment,
    valueQuadrant: r.valueQuadrant,
    orders: r.orders,
    recencyDays: r.recencyDays,
    lastPurchase: r.lastPurchase ? r.lastPurchase.slice(0, 10) : null,
    expectedGapDays: r.expectedGap,
    gapAssumed: r.gapAssumed,
    overdue: r.overdue,
    pAlive: p,
    pAliveSource: r.modelPAlive === null ? 'proxy' : r.model === 'churn --learn' ? 'learned' : 'model',
    signals,
    netRevenue: r.netRevenue,
    profit: r.profit,
    currentValue: r.currentValue,
    longTermValue: r.longTermValue,
    valueAtRisk: Math.max(0, r.currentValue) * (1 - (p ?? 0)),
    method: w.method,
    offer: w.offer,
    reasons: [...riskReasons(r), ...w.reasons],
    said: w.said,
  };
}

const DAY = 86_400_000;

async function economics(engine: Engine, runId: number, asOf: string, o: ChurnOptions): Promise<{ value: RetentionEconomics | null; note: string | null }> {
  const [{ first_day }] = await engine.query<{ first_day: string | null }>(sqlFirstPurchaseDay(engine.dialect), [runId]);
  if (!first_day) return { value: null, note: 'retention economics: no purchases' };
  const span = Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${first_day.slice(0, 10)}T00:00:00Z`)) / DAY) + 1;
  // Two full windows are needed: a year each, or half the history when there is less than two years of it.
  const windowDays = Math.min(365, Math.floor(span / 2));
  if (windowDays < 28) return { value: null, note: `retention economics: ${span} days of history, too short to measure retention (needs 56)` };
  // On a ClickHouse store each customer's two window flags come from the cluster; the sums over them run here.
  const lines = linesOf(engine);
  const [r] = lines
    ? await engine.query<Record<string, unknown>>(sqlRetention(engine.dialect, true), [JSON.stringify(await lines.retentionWindows(asOf, windowDays)), runId])
    : await engine.query<Record<string, unknown>>(sqlRetention(engine.dialect), [asOf, windowDays, runId]);
  const e = retentionEconomics({ priorCustomers: num(r.prior_customers), retained: num(r.retained), active: num(r.active), activeAnnualProfit: num(r.active_annual_profit), windowDays }, o.discountRate, o.churnCut);
  if (!e.ok) return { value: null, note: `retention economics: ${e.reason}` };
  return { value: e.value, note: windowDays < 365 ? `retention measured over two ${windowDays}-day windows (less than two years of history) and annualised: r = r_w^(365/${windowDays})` : null };
}

export async function churnReport(engine: Engine, config: ValueConfig, options: Partial<ChurnOptions> = {}): Promise<ChurnReport> {
  const o: ChurnOptions = { ...DEFAULT_CHURN, ...options, winBack: { ...DEFAULT_WINBACK, ...options.winBack } };
  checkOptions(o);
  const value = await computeValue(engine, { config, ...(o.asOf ? { asOf: o.asOf } : {}) });
  const d = engine.dialect;
  const notes: string[] = [];
  const fits = await engine.query<{ model: string; calibration_end: string; diagnostics: string | null; n: number }>(sqlClvPredictionFit(d));
  const asOfFit = fits.find((f) => f.calibration_end.slice(0, 10) === value.asOf) ?? null;
  // A fit whose dropout is not identified (a boundary fit) gives everyone P(alive) ≈ 1: never used to rank churn.
  const unidentified = asOfFit !== null && dropoutUnidentified(asOfFit.model, parseDiagnostics(asOfFit.diagnostics));
  const fit = unidentified ? null : asOfFit;
  const clv = fit !== null;
  let note: string;
  if (fit && fit.model === 'sbg') note = `P(alive) from the sbg predictions as of ${value.asOf}: the chance a subscription still runs a year ahead (clientele clv fit --model sbg)`;
  else if (fit) note = `P(alive) from the ${fit.model} predictions as of ${value.asOf} (clientele clv predict)`;
  else if (unidentified && asOfFit) {
    note = `P(alive) of the ${asOfFit.model} predictions is not used: the fit reached a boundary (the data show no dropout, so P(alive) is close to 1 for everyone); the recency rule decides. Try another model, a longer calibration period, or churn --learn`;
    notes.push(`${asOfFit.model} fit at a boundary: its P(alive) says nothing about churn here (see clientele clv fit)`);
  } else {
    note = 'P(alive) is the value run\'s proxy exp(−recency / mean gap), itself a function of recency: the recency rule decides; run clientele clv fit and clv predict for a model\'s P(alive)';
    if (fits.length) notes.push(`clv predictions exist as of ${fits.map((f) => f.calibration_end.slice(0, 10)).join(', ')}, not ${value.asOf}: not used`);
  }
  // Churn learned from outcomes (churn --learn) comes first where it exists: P(alive) = 1 − its probability.
  const [learnedRow] = await engine.query<{ n: number; model: string | null }>(sqlChurnScoresSummary(d));
  const learned = Number(learnedRow?.n ?? 0) > 0;
  if (learned) {
    const m = learnedRow.model ? (JSON.parse(learnedRow.model) as { name?: string }) : {};
    note = `P(alive) = 1 − the churn probability learned from past outcomes (${m.name ?? 'churn --learn'}); value at risk = value × that probability${clv ? `; the ${fit?.model} P(alive) is not used` : ''}`;
  }
  const params = [value.runId, value.asOf];
  const useModel = clv || learned;
  const [t] = await engine.query<Record<string, unknown>>(sqlChurnTotals(d, { clv, learned }), clv && !learned ? params : [value.runId]);
  const rows = await engine.query<Record<string, unknown>>(sqlChurnAtRisk(d, { clv, learned }), [...params, useModel ? o.pAliveBelow : null, o.overdueFactor, config.longTerm.oneTimeGapDays]);
  const customers = rows.map((r) => assessRisk(toRow(r), o, value.basis)).sort((a, b) => b.valueAtRisk - a.valueAtRisk || b.currentValue - a.currentValue || a.customerId.localeCompare(b.customerId));
  const byMethod: Record<WinBackMethod, number> = { 'personal care': 0, 'scenario offer': 0, coupon: 0, 'let go': 0 };
  for (const c of customers) byMethod[c.method]++;
  if (num(t.repeat_buyers) === 0) notes.push(`nobody bought on two days: one-day buyers are compared with ${config.longTerm.oneTimeGapDays} days (longTerm.oneTimeGapDays)`);
  if (value.basis === 'revenue') notes.push('no costs are known: values are revenue, not profit, and nobody is let go for a loss');
  const e = await economics(engine, value.runId, value.asOf, o);
  if (e.note) notes.push(e.note);
  return {
    asOf: value.asOf,
    basis: value.basis,
    pAlive: { source: learned ? 'learned' : clv ? 'model' : 'proxy', model: learned ? 'churn --learn' : (fit?.model ?? null), note },
    rules: { pAliveBelow: useModel ? o.pAliveBelow : null, overdueFactor: o.overdueFactor, medianGapDays: numOrNull(t.median_gap) },
    buyers: num(t.buyers),
    atRisk: customers.length,
    valueAtRisk: customers.reduce((a, c) => a + c.valueAtRisk, 0),
    byMethod,
    customers,
    economics: e.value,
    notes,
  };
}

export const CHURN_EXTRA_HEADERS = ['method', 'p_alive', 'recency_days', 'expected_gap_days', 'value_at_risk', 'segment', 'value_tier'] as const;

/** The win-back campaign: every customer at risk except those let go. */
export function churnItems(r: Pick<ChurnReport, 'customers'>): CampaignItem[] {
  return r.customers
    .filter((c) => c.method !== 'let go')
    .map((c) => ({
      customerId: c.customerId,
      reason: c.reasons.join('; '),
      offer: `${c.method}: ${c.offer}`,
      extra: [c.method, c.pAlive === null ? null : Number(c.pAlive.toFixed(4)), c.recencyDays, Math.round(c.expectedGapDays), Math.round(c.valueAtRisk * 100) / 100, c.segment, c.valueQuadrant],
    }));
}
