/**
 * The models meet the store: per-customer input built in the engine (src/sql/clv.ts), fits, predictions and
 * holdout checks saved to clv_fits, clv_predictions and clv_checks. The CLI and the server call these.
 */
import { linesOf, type LineSource } from '../data/line-source.js';
import type { Engine } from '../engine/engine.js';
import { NotFoundError, UsageError } from '../errors.js';
import { sqlClvCustomers, sqlClvLateStarters, sqlClvRepeatDays, sqlInsertClvPredictions, sqlOrderSpan, sqlStoreMargin } from '../sql/clv.js';
import { bgnbd } from './bgnbd.js';
import type { FitResult } from './fit.js';
import { fitGammaGamma, gammaGammaConditionalExpectedSpend, gammaGammaExpectedSpend, type GammaGammaParams } from './gamma-gamma.js';
import { mbgnbd } from './mbgnbd.js';
import { paretoNbd } from './pareto-nbd.js';
import type { PurchaseModel, PurchaseModelName } from './purchase-model.js';
import { customerLifetimeValue } from './clv.js';
import { dropoutUnidentified, explainDiagnostics } from './diagnostics.js';
import { isCalendarDay } from '../calendar-day.js';

export type TimeUnit = 'day' | 'week' | 'month';
/** Days per unit; a month is the mean Gregorian month (365.25 / 12). */
export const UNIT_DAYS: Readonly<Record<TimeUnit, number>> = { day: 1, week: 7, month: 30.4375 };
export type ModelName = PurchaseModelName | 'gamma-gamma';
/** Told each step of long work (the CLI draws it on stderr); fraction null when unknown. */
export type Progress = (step: string, fraction: number | null) => void;
const quiet: Progress = () => {};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const PURCHASE_MODELS: Readonly<Record<PurchaseModelName, PurchaseModel<any>>> = { bgnbd, 'pareto-nbd': paretoNbd, mbgnbd };

export interface ClvInputRow {
  readonly customerId: string;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  /** Mean spend of the repeat purchase days in calibration; null when x = 0. */
  readonly zbar: number | null;
  /** Repeat purchase days after the calibration end, up to the holdout end. */
  readonly xHoldout: number;
}

export interface ClvInput {
  readonly rows: readonly ClvInputRow[];
  readonly calibrationEnd: string;
  readonly holdoutEnd: string;
  readonly timeUnit: TimeUnit;
  /** Customers whose first purchase is after the calibration end: not in the fit. */
  readonly lateStarters: number;
  /** Customers whose first purchase is on the calibration end (T = 0): no history to fit, predicted as new. */
  readonly newcomers: readonly ClvInputRow[];
  readonly firstDay: string;
}

function checkDate(name: string, s: string): string {
  if (!isCalendarDay(s)) throw new UsageError(`${name} ${s}: expected a date YYYY-MM-DD`);
  return s;
}
const dayMs = 86_400_000;
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / dayMs);

export async function orderSpan(engine: Engine, given?: LineSource): Promise<{ firstDay: string; lastDay: string }> {
  const lines = given ?? linesOf(engine);
  const [r] = lines ? [await lines.orderSpan()].map((s) => ({ first_day: s.firstDay, last_day: s.lastDay })) : await engine.query<{ first_day: string | null; last_day: string | null }>(sqlOrderSpan(engine.dialect));
  if (!r?.first_day || !r.last_day) throw new NotFoundError('the store has no order lines with a customer', 'import orders first: clientele import orders FILE');
  return { firstDay: r.first_day, lastDay: r.last_day };
}

/** Per-customer (x, t_x, T) in `timeUnit`, computed in the engine. Calibration end defaults to the last order day. */
export async function loadClvInput(engine: Engine, o: { calibrationEnd?: string; holdoutEnd?: string; timeUnit: TimeUnit; lines?: LineSource }): Promise<ClvInput> {
  const lines = o.lines ?? linesOf(engine) ?? undefined;
  const span = await orderSpan(engine, lines);
  const calibrationEnd = o.calibrationEnd ? checkDate('--calibration-end', o.calibrationEnd) : span.lastDay;
  const holdoutEnd = o.holdoutEnd ? checkDate('--holdout-end', o.holdoutEnd) : span.lastDay;
  if (calibrationEnd < span.firstDay) throw new UsageError(`--calibration-end ${calibrationEnd} is before the first order (${span.firstDay})`);
  if (holdoutEnd < calibrationEnd) throw new UsageError(`the holdout end ${holdoutEnd} is before the calibration end ${calibrationEnd}`);
  const u = UNIT_DAYS[o.timeUnit];
  // On a ClickHouse store the per-customer input is computed on the shards (src/sql/clickhouse/clv.ts).
  const rows = lines
    ? await lines.clvCustomers(calibrationEnd, holdoutEnd)
    : await engine.query<{ customer_id: string; x: number; tx_days: number; t_days: number; zbar: number | null; x_holdout: number }>(sqlClvCustomers(engine.dialect), [calibrationEnd, holdoutEnd]);
  const [{ n }] = lines ? [{ n: await lines.clvLateStarters(calibrationEnd, holdoutEnd) }] : await engine.query<{ n: number }>(sqlClvLateStarters(engine.dialect), [calibrationEnd, holdoutEnd]);
  const all = rows.map((r) => ({ customerId: r.customer_id, x: r.x, tx: r.tx_days / u, T: r.t_days / u, zbar: r.zbar, xHoldout: r.x_holdout }));
  return {
    rows: all.filter((r) => r.T > 0),
    newcomers: all.filter((r) => r.T === 0),
    calibrationEnd,
    holdoutEnd,
    timeUnit: o.timeUnit,
    lateStarters: n,
    firstDay: span.firstDay,
  };
}

export interface SavedFit<P = Record<string, number>> extends FitResult<P> {
  readonly fitId: number;
  readonly timeUnit: TimeUnit;
  readonly calibrationEnd: string;
  /** Last day of the holdout after the calibration end; null when the fit used all the data. */
  readonly holdoutEnd: string | null;
  readonly lateStarters: number;
}

function checkFittable(input: ClvInput, model: ModelName): void {
  if (input.rows.length === 0) throw new NotFoundError('no customer has a purchase on or before the calibration end', 'choose a later --calibration-end');
  if (model === 'gamma-gamma' && !input.rows.some((r) => r.x > 0 && r.zbar !== null && r.zbar > 0)) {
    throw new NotFoundError('no customer has a repeat purchase with positive spend: Gamma-Gamma cannot be fitted', 'it needs customers who bought on at least two days');
  }
}

/** Fits a model on the calibration period and saves it. */
export async function fitAndSave(engine: Engine, input: ClvInput, model: ModelName): Promise<SavedFit> {
  checkFittable(input, model);
  const fit: FitResult<Record<string, number>> =
    model === 'gamma-gamma'
      ? (fitGammaGamma(input.rows.filter((r) => r.x > 0 && r.zbar !== null && r.zbar > 0).map((r) => ({ x: r.x, zbar: r.zbar as number }))) as unknown as FitResult<Record<string, number>>)
      : PURCHASE_MODELS[model].fit(input.rows.map((r) => ({ x: r.x, tx: r.tx, T: r.T })));
  const [{ id }] = await engine.query<{ id: number }>('SELECT COALESCE(max(fit_id), 0) + 1 AS id FROM clv_fits');
  const date = engine.dialect.type('date');
  // The data after the calibration end that a check compares with; none when the fit used everything.
  const holdoutEnd = input.holdoutEnd > input.calibrationEnd ? input.holdoutEnd : null;
  await engine.run(
    `INSERT INTO clv_fits (fit_id, model, params, standard_errors, log_likelihood, customers, distinct_rows, time_unit, calibration_end, holdout_end, fit_ms, diagnostics, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, CAST($9 AS ${date}), CAST($10 AS ${date}), $11, $12, ${engine.dialect.sqlNow})`,
    [id, model, JSON.stringify(fit.params), JSON.stringify(fit.standardErrors), fit.logLikelihood, fit.customers, fit.rows, input.timeUnit, input.calibrationEnd, holdoutEnd, fit.fitMs, JSON.stringify(fit.diagnostics)],
  );
  return { ...fit, fitId: id, timeUnit: input.timeUnit, calibrationEnd: input.calibrationEnd, holdoutEnd, lateStarters: input.lateStarters };
}

export interface MarginInfo {
  readonly margin: number;
  readonly source: 'given' | 'products' | 'assumed';
}

/** The margin on spend: given, else implied by product costs, else 0.3 (assumed, and said so). */
export async function chooseMargin(engine: Engine, given?: number, source?: LineSource): Promise<MarginInfo> {
  if (given !== undefined) return { margin: given, source: 'given' };
  const lines = source ?? linesOf(engine);
  const [r] = lines ? [{ margin: await lines.storeMargin() }] : await engine.query<{ margin: number | null }>(sqlStoreMargin());
  if (r?.margin !== null && r?.margin !== undefined && Number.isFinite(r.margin)) return { margin: Math.min(1, Math.max(0, r.margin)), source: 'products' };
  return { margin: 0.3, source: 'assumed' };
}

export interface PredictOptions {
  readonly model: PurchaseModelName;
  readonly timeUnit: TimeUnit;
  /** Periods ahead, in `timeUnit`. */
  readonly horizon: number;
  /** Per period. */
  readonly discountRate: number;
  readonly margin?: number;
  /**
   * Save predictions even when the purchase fit's dropout is at a boundary (P(alive) ≈ 1 for everyone, CLV as if
   * nobody left). Without it such a fit is refused, so value and churn never use it silently.
   */
  readonly acceptBoundary?: boolean;
  /** The order lines when they are not the store's own (a ClickHouse store's cluster: src/data/line-source.ts). */
  readonly lines?: LineSource;
}

export interface Prediction {
  readonly customerId: string;
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  readonly pAlive: number;
  readonly expectedPurchases: number;
  readonly expectedSpend: number;
  readonly clv: number;
}

export interface PredictResult {
  readonly purchaseFit: SavedFit;
  readonly spendFit: SavedFit<GammaGammaParams> | null;
  readonly margin: MarginInfo;
  readonly options: PredictOptions;
  readonly predictions: readonly Prediction[];
  readonly totalClv: number;
  readonly meanPAlive: number;
  /**
   * Gamma-Gamma needs a positive mean spend: repeat buyers whose repeat days average 0 (free or fully discounted)
   * or less (returns) are left out of its fit and given the population mean E[Z] = pγ/(q − 1), as are one-time
   * buyers (x = 0). Both are counted here, with the rule in words.
   */
  readonly spend: {
    readonly fitted: number;
    readonly zeroMeanSpend: number;
    readonly negativeMeanSpend: number;
    readonly oneTimeBuyers: number;
    readonly rule: { readonly en: string; readonly zh: string };
  };
  /** The purchase fit's diagnostics; with a dropout boundary, P(alive) is ≈ 1 for everyone and churn does not use it. */
  readonly diagnostics: FitResult<Record<string, number>>['diagnostics'];
}

export const SPEND_RULE = {
  en: 'Gamma-Gamma is fitted on repeat buyers with a positive mean repeat spend; repeat buyers whose mean is 0 or negative, and one-time buyers, get the population mean spend pγ/(q − 1)',
  zh: 'Gamma-Gamma 模型只用平均复购金额为正的复购客户拟合；平均复购金额为 0 或负数的复购客户以及只购买一次的客户，使用总体平均金额 pγ/(q − 1)',
} as const;

/**
 * Fits the purchase model and Gamma-Gamma on all data (no holdout), predicts every customer and replaces the
 * stored predictions. Expected spend is Gamma-Gamma's E(M | x, z̄); for one-time buyers, the population mean.
 */
export async function predictAndSave(engine: Engine, o: PredictOptions, progress: Progress = quiet): Promise<PredictResult> {
  if (!(Number.isInteger(o.horizon) && o.horizon > 0)) throw new UsageError(`--horizon ${o.horizon}: expected a positive whole number of ${o.timeUnit}s`);
  if (!(o.discountRate >= 0 && o.discountRate < 1)) throw new UsageError(`--discount-rate ${o.discountRate}: expected a rate per ${o.timeUnit} from 0 to 1`);
  progress('building (x, t_x, T) in the store', null);
  const input = await loadClvInput(engine, { timeUnit: o.timeUnit, ...(o.lines ? { lines: o.lines } : {}) });
  progress(`fitting ${o.model}`, null);
  const purchaseFit = await fitAndSave(engine, input, o.model);
  if (!o.acceptBoundary && dropoutUnidentified(o.model, purchaseFit.diagnostics)) {
    const words = explainDiagnostics(o.model, purchaseFit.diagnostics)[0];
    throw new UsageError(
      `${o.model}: the fit reached a boundary, so no predictions were saved: ${words.meaning.en} / ${words.meaning.zh}`,
      `${words.tryInstead.en}; or pass --accept-boundary to save them anyway (value will then use a CLV that assumes nobody leaves)`,
    );
  }
  progress('fitting gamma-gamma', null);
  const hasSpend = input.rows.some((r) => r.x > 0 && r.zbar !== null && r.zbar > 0);
  const spendFit = hasSpend ? ((await fitAndSave(engine, input, 'gamma-gamma')) as unknown as SavedFit<GammaGammaParams>) : null;
  const margin = await chooseMargin(engine, o.margin, o.lines);
  const model = PURCHASE_MODELS[o.model];
  const meanSpend = spendFit ? gammaGammaExpectedSpend(spendFit.params) : 0;
  // A customer who first bought on the last day has T = 0; the models take T > 0, so a minute of history stands in.
  const tiny = 1 / (24 * 60 * UNIT_DAYS[o.timeUnit]);
  progress('predicting', null);
  const predictions = [...input.rows, ...input.newcomers.map((r) => ({ ...r, T: tiny }))].map((r) => {
    const expectedSpend = spendFit && r.x > 0 && r.zbar !== null && r.zbar > 0 ? gammaGammaConditionalExpectedSpend(spendFit.params, r.x, r.zbar) : meanSpend;
    return {
      customerId: r.customerId,
      x: r.x,
      tx: r.tx,
      T: r.T,
      pAlive: model.pAlive(purchaseFit.params, r.x, r.tx, r.T),
      expectedPurchases: model.conditionalExpectedPurchases(purchaseFit.params, o.horizon, r.x, r.tx, r.T),
      expectedSpend,
      clv: customerLifetimeValue(model, purchaseFit.params, r, expectedSpend, { periods: o.horizon, discountRate: o.discountRate, margin: margin.margin }),
    };
  });
  await engine.transaction(async () => {
    await engine.run('DELETE FROM clv_predictions');
    // Rows go as one JSON parameter per chunk (see Dialect.sqlJsonRows); chunks keep each text a few MB.
    const chunk = 20_000;
    for (let i = 0; i < predictions.length; i += chunk) {
      progress('saving predictions', i / predictions.length);
      const rows = predictions.slice(i, i + chunk).map((p) => ({ customer_id: p.customerId, x: p.x, t_x: p.tx, t: p.T, p_alive: p.pAlive, expected_purchases: p.expectedPurchases, expected_spend: p.expectedSpend, clv: p.clv }));
      await engine.run(sqlInsertClvPredictions(engine.dialect), [JSON.stringify(rows), purchaseFit.fitId, o.model, o.horizon, o.timeUnit, o.discountRate, margin.margin]);
    }
  });
  const totalClv = predictions.reduce((a, p) => a + p.clv, 0);
  const meanPAlive = predictions.reduce((a, p) => a + p.pAlive, 0) / Math.max(1, predictions.length);
  const repeat = [...input.rows, ...input.newcomers].filter((r) => r.x > 0);
  const spend = {
    fitted: repeat.filter((r) => r.zbar !== null && r.zbar > 0).length,
    zeroMeanSpend: repeat.filter((r) => r.zbar === 0).length,
    negativeMeanSpend: repeat.filter((r) => r.zbar !== null && r.zbar < 0).length,
    oneTimeBuyers: input.rows.length + input.newcomers.length - repeat.length,
    rule: SPEND_RULE,
  };
  return { purchaseFit, spendFit, margin, options: o, predictions, totalClv, meanPAlive, spend, diagnostics: purchaseFit.diagnostics };
}

export interface CheckResult {
  readonly model: PurchaseModelName;
  readonly fit: SavedFit;
  readonly calibrationEnd: string;
  readonly holdoutEnd: string;
  readonly timeUnit: TimeUnit;
  /** Holdout length in units. */
  readonly holdout: number;
  readonly customers: number;
  /** Customers whose first purchase is after the calibration end: not in the check. */
  readonly lateStarters: number;
  readonly byFrequency: ReadonlyArray<{ x: string; customers: number; actual: number; predicted: number }>;
  readonly tracking: ReadonlyArray<{ period: number; end: string; actualCumulative: number; predictedCumulative: number; holdout: boolean }>;
  /**
   * holdoutPredicted (= holdoutPredictedConditional): Σ_i E[Y(holdout) | x_i, t_x,i, T_i], each customer's forecast
   * given their calibration history. holdoutPredictedUnconditional: the tracking curve's rise over the holdout,
   * Σ_i (E[X(t_end − s_i)] − E[X(t_cal − s_i)]), which ignores each customer's history (the figure the papers'
   * cumulative tracking charts show; on CDNOW 1,666.7 against 1,653.4 conditional and 1,882 actual).
   */
  readonly totals: {
    readonly calibrationRepeat: number;
    readonly holdoutActual: number;
    readonly holdoutPredicted: number;
    readonly holdoutPredictedConditional: number;
    readonly holdoutPredictedUnconditional: number;
  };
  /** The fit's diagnostics (empty for a regular optimum). */
  readonly diagnostics: FitResult<Record<string, number>>['diagnostics'];
}

/**
 * Calibration against the holdout (Fader, Hardie & Lee 2005, fig. 2–3): fit on purchases up to the calibration end,
 * then compare (a) mean holdout purchases by calibration frequency, conditional expectation against actual, and
 * (b) cumulative repeat purchases per period, Σ over customers of E[X(t − s_i)] against actual.
 * Default calibration end: halfway between the first and the last order day.
 */
export async function checkAndSave(engine: Engine, o: { model: PurchaseModelName; timeUnit: TimeUnit; calibrationEnd?: string }, progress: Progress = quiet): Promise<CheckResult> {
  const span = await orderSpan(engine);
  const calibrationEnd = o.calibrationEnd ?? addDays(span.firstDay, Math.floor(daysBetween(span.firstDay, span.lastDay) / 2));
  if (calibrationEnd >= span.lastDay) throw new UsageError(`--calibration-end ${calibrationEnd} leaves no holdout (the last order is on ${span.lastDay})`);
  progress('building (x, t_x, T) in the store', null);
  const input = await loadClvInput(engine, { calibrationEnd, holdoutEnd: span.lastDay, timeUnit: o.timeUnit });
  progress(`fitting ${o.model} on the calibration period`, null);
  const fit = await fitAndSave(engine, input, o.model);
  progress('comparing with the holdout', null);
  const model = PURCHASE_MODELS[o.model];
  const u = UNIT_DAYS[o.timeUnit];
  const holdout = daysBetween(calibrationEnd, span.lastDay) / u;

  const groups = new Map<string, { customers: number; actual: number; predicted: number }>();
  let holdoutActual = 0;
  let holdoutPredicted = 0;
  let calibrationRepeat = 0;
  // Customers new on the calibration end (T = 0) have no history to fit but are in the cohort: as in predict, a
  // minute of history stands in for the conditional expectation; the tracking uses their own start unchanged.
  const tiny = 1 / (24 * 60 * u);
  const cohort = [...input.rows, ...input.newcomers.map((r) => ({ ...r, T: tiny }))];
  for (const r of cohort) {
    const key = r.x >= 7 ? '7+' : String(r.x);
    const g = groups.get(key) ?? { customers: 0, actual: 0, predicted: 0 };
    const pred = model.conditionalExpectedPurchases(fit.params, holdout, r.x, r.tx, r.T);
    g.customers++;
    g.actual += r.xHoldout;
    g.predicted += pred;
    groups.set(key, g);
    holdoutActual += r.xHoldout;
    holdoutPredicted += pred;
    calibrationRepeat += r.x;
  }
  const byFrequency = ['0', '1', '2', '3', '4', '5', '6', '7+']
    .filter((k) => groups.has(k))
    .map((k) => {
      const g = groups.get(k)!;
      return { x: k, customers: g.customers, actual: g.actual / g.customers, predicted: g.predicted / g.customers };
    });

  // Cumulative tracking over calendar periods from the cohort's first day; customers grouped by first day.
  const cohortStart = input.firstDay;
  // Customers by first day (whole days from the cohort's first day), so each one's clock is exact.
  const startDays = new Map<number, number>();
  for (const r of [...input.rows, ...input.newcomers]) {
    const f = daysBetween(cohortStart, calibrationEnd) - Math.round(r.T * u);
    startDays.set(f, (startDays.get(f) ?? 0) + 1);
  }
  // On a ClickHouse store the repeat days are counted on the shards.
  const lines = linesOf(engine);
  const repeat = lines ? await lines.clvRepeatDays(calibrationEnd, span.lastDay, cohortStart) : await engine.query<{ offset_days: number; n: number }>(sqlClvRepeatDays(engine.dialect), [calibrationEnd, span.lastDay, cohortStart]);
  // Period k holds day offsets [(k−1)u, ku) from the cohort's first day; the last period ends after the last day.
  const lastOffset = daysBetween(cohortStart, span.lastDay);
  const calOffset = daysBetween(cohortStart, calibrationEnd);
  const periods = Math.ceil((lastOffset + 1) / u);
  const tracking: Array<{ period: number; end: string; actualCumulative: number; predictedCumulative: number; holdout: boolean }> = [];
  let cum = 0;
  let ri = 0;
  for (let k = 1; k <= periods; k++) {
    if (k % 50 === 0) progress('tracking cumulative purchases', k / periods);
    const endDays = Math.min(k * u, lastOffset + 1);
    while (ri < repeat.length && repeat[ri].offset_days < endDays) cum += repeat[ri++].n;
    // The actual side counts purchase days up to the period's last day; a customer's clock reads (that day − first
    // day) / u there, so at the calibration end it reads T_i exactly.
    const lastDay = Math.ceil(endDays) - 1;
    let predicted = 0;
    for (const [f, w] of startDays) if (lastDay > f) predicted += w * model.expectedPurchases(fit.params, (lastDay - f) / u);
    tracking.push({ period: k, end: addDays(cohortStart, lastDay), actualCumulative: cum, predictedCumulative: predicted, holdout: lastDay > calOffset });
  }
  let holdoutPredictedUnconditional = 0;
  for (const [f, w] of startDays) {
    const upTo = (day: number) => (day > f ? model.expectedPurchases(fit.params, (day - f) / u) : 0);
    holdoutPredictedUnconditional += w * (upTo(lastOffset) - upTo(calOffset));
  }
  const result: CheckResult = {
    model: o.model,
    fit,
    calibrationEnd,
    holdoutEnd: span.lastDay,
    timeUnit: o.timeUnit,
    holdout,
    customers: cohort.length,
    lateStarters: input.lateStarters,
    byFrequency,
    tracking,
    totals: { calibrationRepeat, holdoutActual, holdoutPredicted, holdoutPredictedConditional: holdoutPredicted, holdoutPredictedUnconditional },
    diagnostics: fit.diagnostics,
  };
  const [{ id }] = await engine.query<{ id: number }>('SELECT COALESCE(max(check_id), 0) + 1 AS id FROM clv_checks');
  await engine.run(
    `INSERT INTO clv_checks (check_id, model, calibration_end, holdout_end, time_unit, result, created_at) VALUES ($1, $2, CAST($3 AS DATE), CAST($4 AS DATE), $5, $6, ${engine.dialect.sqlNow})`,
    [id, o.model, calibrationEnd, span.lastDay, o.timeUnit, JSON.stringify({ model: o.model, timeUnit: o.timeUnit, calibrationEnd, holdoutEnd: span.lastDay, customers: result.customers, byFrequency, tracking, totals: result.totals, diagnostics: fit.diagnostics })],
  );
  return result;
}

