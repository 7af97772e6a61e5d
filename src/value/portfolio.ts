/**
 * The value run: builds customer_summary and customer_value in the engine as of a date, then reads out the
 * portfolio (totals, whale curve, RFM, matrices, criteria). A run is recorded in value_runs with its as-of
 * date, config and a fingerprint of the data; a later call with the same three reuses it.
 */
import type { Engine } from '../engine/engine.js';
import { NotFoundError, UsageError } from '../errors.js';
import { sqlAllCells, sqlCriteriaOverview, sqlPortfolioTotals, sqlRfmGrid, sqlTopScored, sqlWhale, type CellColumn } from '../sql/portfolio.js';
import { sqlDataAvailability, sqlInsertCustomerSummary, sqlLastTransactionDate, sqlUnattributed, summaryParams, type SummarySqlOptions } from '../sql/summary.js';
import { CRITERION_KEYS, sqlInsertCustomerValue, sqlQuantiles, sqlRevenueQuantile, type CriterionKey, type ThresholdColumn } from '../sql/value.js';
import type { Threshold, ValueConfig } from './config.js';
import { currentFacts, growthWindows } from '../data/facts.js';
import { linesOf, type LineSource } from '../data/line-source.js';
import { resolveSettings, type SettingUsed } from './settings.js';
import { B2B_UNSCORED, CRITERIA } from './criteria.js';
import {
  CURRENT_VALUE_FORMULA, LOYALTY_FORMULA, PROXY_FORMULA, QUADRANT_LABELS, SATISFACTION_LOYALTY_LABELS, shapeCells,
  thresholdHow, VALUE_LOYALTY_LABELS, type CellRow, type Matrix,
} from './matrices.js';
import { RFM_SEGMENTS, shapeRfm, type RfmResult } from './rfm.js';
import { shapeWhale, type WhaleFigures, type WhaleRow } from './whale.js';
import { isCalendarDay } from '../calendar-day.js';

export interface ValueOptions {
  /** YYYY-MM-DD; default the day of the last order line. */
  readonly asOf?: string;
  readonly config: ValueConfig;
  /** Recompute even when a stored run matches. */
  readonly force?: boolean;
  /** Read every order line even as of the last order day, instead of customer_facts (a check on the facts). */
  readonly fromLines?: boolean;
  /**
   * Where the order lines are when they are not the store's own `order_lines`: a ClickHouse store's cluster
   * (src/data/line-source.ts). The line figures then come from it; the rest of the run is the same.
   */
  readonly lines?: LineSource;
}

export interface ValueReport {
  readonly asOf: string;
  readonly runId: number;
  readonly reused: boolean;
  /** 'profit', or 'revenue' when no cost at all is known: profit figures then equal net revenue. */
  readonly basis: 'profit' | 'revenue';
  /** The settings this run used and where each came from (value/settings.ts). */
  readonly settings: readonly SettingUsed[];
  readonly assumed: {
    readonly costOfGoods: boolean;
    readonly costToServe: boolean;
    readonly longTermValue: boolean;
    readonly notes: readonly string[];
  };
  readonly sources: {
    readonly costOfGoods: 'products' | 'products+margin-rate' | 'margin-rate' | 'none';
    readonly costToServe: 'service_costs' | 'per_order' | 'none';
    readonly longTermValue: 'proxy' | 'clv_predictions' | 'clv_predictions+proxy';
  };
  readonly customers: {
    readonly total: number;
    readonly buyers: number;
    /** In the customers table with no order lines: counted with zero revenue. */
    readonly withoutOrders: number;
    /** With returns or cancellations only. */
    readonly onlyReturns: number;
    /** Placeholders created from order lines (customers.derived): real buyers whose attributes were not imported. */
    readonly placeholders: number;
    readonly profitable: number;
    readonly lossMaking: number;
  };
  readonly revenue: {
    readonly gross: number;
    readonly returns: number;
    readonly cancellations: number;
    readonly adjustments: number;
    readonly discounts: number;
    /** Net revenue of customers: gross + returns + cancellations + adjustments − discounts. */
    readonly net: number;
    readonly orders: number;
    readonly lines: number;
    /** Order lines with no customer: never in a customer's figures. */
    readonly unattributed: { readonly lines: number; readonly net: number };
  };
  readonly profit: {
    readonly available: boolean;
    readonly costOfGoods: number;
    readonly grossMargin: number;
    readonly costToServe: number;
    readonly badDebt: number;
    readonly profit: number;
    readonly loss: number;
    /** Net revenue whose cost of goods came from the configured margin rate. */
    readonly assumedMarginRevenue: number;
    /** Net revenue with no cost of goods at all (counted at zero cost). */
    readonly uncostedRevenue: number;
  };
  readonly whale: WhaleFigures;
  readonly rfm: RfmResult;
  readonly matrices: {
    readonly currentLongTerm: Matrix & { readonly longTermSource: string; readonly formulas: readonly string[] };
    readonly valueLoyalty: Matrix;
    readonly satisfactionLoyalty: Matrix;
  };
  readonly criteria: {
    readonly weights: Readonly<Record<CriterionKey, number>>;
    readonly scored: readonly CriterionKey[];
    readonly notScored: ReadonlyArray<{ readonly criterion: string; readonly needs: string }>;
    readonly averageScore: number | null;
    readonly flags: Readonly<Record<string, number>>;
    readonly flagged: number;
    readonly smallRevenueCutoff: number;
    readonly top: ReadonlyArray<{ readonly customerId: string; readonly score: number }>;
  };
  readonly config: ValueConfig;
}

export function parseAsOf(s: string): string {
  if (!isCalendarDay(s)) {
    throw new UsageError(`--as-of ${s}: expected a date YYYY-MM-DD`);
  }
  return s;
}

async function lastOrderDay(engine: Engine): Promise<string | null> {
  const [row] = await engine.query<{ day: string | null }>(sqlLastTransactionDate(engine.dialect));
  return row?.day ?? null;
}

/** The as-of date: given, or the day of the last order line. */
export async function resolveAsOf(engine: Engine, asOf?: string, lines?: LineSource): Promise<string> {
  if (asOf) return parseAsOf(asOf);
  const day = lines ? await lines.lastOrderDay() : await lastOrderDay(engine);
  if (!day) throw new NotFoundError('the store has no order lines, so there is no as-of date', 'import orders first (clientele import orders FILE), or subscriptions (clientele subscriptions from-customers, for a customers file with tenure and charges), or pass --as-of DATE');
  return day;
}

/**
 * CLV predictions count as long-term value only in a run as of the day they were made for: at an earlier date
 * they would know the future, and at a later one they are stale.
 */
async function clvSource(engine: Engine, asOf: string): Promise<{ pAlive: boolean } | null> {
  const [{ n }] = await engine.query<{ n: number }>(
    `SELECT count(*) AS n FROM clv_predictions p JOIN clv_fits f ON f.fit_id = p.fit_id WHERE CAST(f.calibration_end AS ${engine.dialect.type('text')}) = $1`,
    [asOf],
  );
  return n > 0 ? { pAlive: true } : null;
}

async function fingerprint(engine: Engine, clv: { pAlive: boolean } | null, source?: LineSource): Promise<string> {
  const [imp] = await engine.query<{ n: number; last: number | null }>('SELECT count(*) AS n, max(import_id) AS last FROM imports');
  const [lines] = source ? [{ n: await source.lineCount() }] : await engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines');
  // New predictions (another horizon, say) keep the row count but not the fit: both are part of the data.
  let clvRows = 0;
  let clvFit: number | null = null;
  if (clv) [{ n: clvRows, fit: clvFit }] = await engine.query<{ n: number; fit: number | null }>('SELECT count(*) AS n, max(fit_id) AS fit FROM clv_predictions');
  return JSON.stringify({ imports: imp.n, lastImport: imp.last, orderLines: lines.n, clvRows, clvFit });
}

/** Computes (or reuses) the value run and returns the portfolio view. */
export async function computeValue(engine: Engine, given: ValueOptions): Promise<ValueReport> {
  const lines = given.lines ?? linesOf(engine);
  const options: ValueOptions = lines ? { ...given, lines } : given;
  // The store's settings fill what the command was not given (value/settings.ts).
  const { config: c, used: settings } = await resolveSettings(engine, options.config);
  const asOf = await resolveAsOf(engine, options.asOf, options.lines);
  const clv = await clvSource(engine, asOf);
  const fp = await fingerprint(engine, clv, options.lines);
  const configJson = JSON.stringify(c);
  if (!options.force) {
    const prior = await engine.query<{ result: string | null }>(
      `SELECT CAST(result AS ${engine.dialect.type('text')}) AS result FROM value_runs
       WHERE run_id = (SELECT max(run_id) FROM value_runs) AND CAST(as_of AS ${engine.dialect.type('text')}) = $1
         AND CAST(config AS ${engine.dialect.type('text')}) = $2 AND fingerprint = $3`,
      [asOf, configJson, fp],
    );
    if (prior.length && prior[0].result) return { ...(JSON.parse(prior[0].result) as ValueReport), reused: true, settings };
  }
  // As of the last order day, the line figures come from customer_facts (kept up to date by imports).
  const atLastDay = !options.fromLines && (options.asOf === undefined || asOf === (options.lines ? await options.lines.lastOrderDay() : await lastOrderDay(engine)));
  // Lines elsewhere are read only through their facts (computed there as of the run's day): a run that reads every
  // line itself (--from-lines, a check on the facts) would read none.
  if (options.lines && options.fromLines) throw new UsageError('on a ClickHouse store a value run reads the customer figures computed on the cluster, not every line', 'leave out --from-lines, or run it on a DuckDB store');
  // The run's two tables are rewritten whole each time and read a few times: written uncompressed where the engine
  // allows it (about 230 bytes more per customer on disk in DuckDB; issue 16, src/value/CONTEXT.md).
  const raw = engine.dialect.sqlWriteUncompressed ?? null;
  if (raw) await engine.run(raw.set);
  try {
    return await engine.transaction(async () => ({ ...(await run(engine, c, asOf, atLastDay, clv, fp, configJson, options.lines)), settings }));
  } finally {
    if (raw) await engine.run(raw.reset);
  }
}

async function run(engine: Engine, c: ValueConfig, asOf: string, atLastDay: boolean, clv: { pAlive: boolean } | null, fp: string, configJson: string, lines?: LineSource): Promise<ValueReport> {
  const d = engine.dialect;
  const w = c.criteria.growthWindowDays;
  const facts = lines ? await (atLastDay ? lines.currentFacts(engine, w) : lines.factsAt(engine, asOf, w)) : atLastDay ? await currentFacts(engine, w) : null;
  const source = facts?.asOf === asOf ? 'facts' : 'lines';
  const [avail] = await engine.query<Record<string, number>>(sqlDataAvailability(d), [asOf]);
  if (lines) avail.discounted_lines = (await lines.hasDiscountedLines()) ? 1 : 0;
  const [{ next }] = await engine.query<{ next: number }>('SELECT COALESCE(max(run_id), 0) + 1 AS next FROM value_runs');
  const runId = next;
  const costToServe: SummarySqlOptions['costToServe'] =
    avail.service_costs > 0 ? { from: 'service_costs' } : c.costPerOrder !== null ? { from: 'per_order', cost: c.costPerOrder } : { from: 'none' };
  await engine.run('DELETE FROM customer_value_rows');
  await engine.run('DELETE FROM customer_summary');
  await engine.run(
    sqlInsertCustomerSummary(d, { marginRate: c.marginRate, costToServe, lateGraceDays: c.criteria.lateGraceDays, coreCategories: c.flags.coreCategories, coreRevenueShare: c.flags.coreRevenueShare, runId, source }),
    // The facts carry their growth windows: only the as-of date is a parameter then.
    source === 'facts' ? [asOf] : summaryParams({ asOf, ...growthWindows(asOf, w) }),
  );
  const [totals] = await engine.query<Record<string, number>>(sqlPortfolioTotals());
  // Products with costs count only when some order line is one of them: products imported beside lines that carry no
  // product id (or other ids) cost nothing, and their revenue must not be called profit (QA finding 6).
  const productCosted = totals.net_revenue - totals.cogs_assumed_revenue - totals.uncosted_revenue;
  const linesCosted = avail.costed_products > 0 && (totals.cogs !== 0 || Math.abs(productCosted) > 1e-9 * Math.max(1, Math.abs(totals.net_revenue)));
  const costOfGoods: ValueReport['sources']['costOfGoods'] =
    linesCosted ? (c.marginRate !== null && totals.cogs_assumed_revenue !== 0 ? 'products+margin-rate' : 'products') : c.marginRate !== null ? 'margin-rate' : 'none';
  const profitKnown = costOfGoods !== 'none' || costToServe.from !== 'none';
  const costToServeKnown = costToServe.from !== 'none';
  const [{ v: smallRevenue }] = await engine.query<{ v: number | null }>(sqlRevenueQuantile(d, c.flags.smallRevenueQuantile));
  const known: Record<CriterionKey, boolean> = {
    purchasePower: true,
    highMargin: costOfGoods !== 'none',
    priceInsensitivity: avail.discounted_lines > 0,
    paysOnTime: avail.payments > 0,
    lowCostToServe: costToServeKnown,
    lowRisk: true,
    growth: true,
    loyalty: true,
    referrals: avail.referrals > 0,
    credit: avail.companies > 0,
    industry: avail.companies > 0 && c.b2b.favouredIndustries.length > 0,
    scale: avail.companies > 0,
  };
  await engine.run(
    sqlInsertCustomerValue(d, {
      segments: RFM_SEGMENTS,
      lostAfterDays: c.lostAfterDays,
      horizonYears: c.longTerm.horizonYears,
      oneTimeGapDays: c.longTerm.oneTimeGapDays,
      clv,
      profitKnown,
      costToServeKnown,
      criteria: { weights: c.criteria.weights, known, lateScaleDays: c.criteria.lateScaleDays, referralCap: c.criteria.referralCap, favouredIndustries: c.b2b.favouredIndustries, creditRatings: c.b2b.creditRatings },
      flags: { ...c.flags, smallRevenue: smallRevenue ?? 0 },
      cuts: c.thresholds,
      runId,
      allBuyers: Number(totals.buyers ?? 0) === Number(totals.customers),
    }),
  );
  // The cells were written with the rows (quantile thresholds resolved in the same statement); the report shows the
  // thresholds, read again here from the stored rows by the same quantile function (only those given as quantiles).
  const th = c.thresholds;
  const asQuantile = (t: Threshold) => ('quantile' in t ? t.quantile : undefined);
  const quantiles = sqlQuantiles(d, {
    current_value: asQuantile(th.currentValue),
    long_term_value: asQuantile(th.longTermValue),
    loyalty: asQuantile(th.loyalty),
    satisfaction_score: asQuantile(th.satisfaction),
  });
  const [q] = quantiles ? await engine.query<Record<string, number | null>>(quantiles) : [{}];
  const resolve = (t: Threshold, col: ThresholdColumn) => ('value' in t ? t.value : (q[col] ?? 0));
  const cut = {
    currentValue: resolve(th.currentValue, 'current_value'),
    longTermValue: resolve(th.longTermValue, 'long_term_value'),
    loyalty: resolve(th.loyalty, 'loyalty'),
    satisfaction: resolve(th.satisfaction, 'satisfaction_score'),
  };

  // Read-outs.
  const [un] =
    source === 'facts' && facts ? [{ lines: facts.unattributedLines, net_revenue: facts.unattributedNet }] : await engine.query<{ lines: number; net_revenue: number }>(sqlUnattributed(d), [asOf]);
  const whaleRows = totals.customers > 0 ? await engine.query<WhaleRow>(sqlWhale(d, totals.customers)) : [];
  const whale = shapeWhale(whaleRows, { customers: totals.customers, total: totals.profit, lossCustomers: totals.loss_making, loss: totals.loss }, profitKnown ? 'profit' : 'revenue');
  const cellRows = await engine.query<CellRow & { matrix: CellColumn }>(sqlAllCells());
  const cells = (col: CellColumn): CellRow[] => cellRows.filter((r) => r.matrix === col && r.cell !== null);
  const rfm = shapeRfm(cells('segment'), await engine.query<{ r: number; f: number; customers: number }>(sqlRfmGrid()), c.lostAfterDays);
  const [ov] = await engine.query<Record<string, number | null>>(sqlCriteriaOverview());
  const lts = { clv: ov.clv ?? 0, proxy: ov.proxy ?? 0 };
  const longTermValue: ValueReport['sources']['longTermValue'] = lts.clv > 0 ? (lts.proxy > 0 ? 'clv_predictions+proxy' : 'clv_predictions') : 'proxy';
  const loyaltyAxis = { name: 'loyalty', threshold: cut.loyalty, how: thresholdHow(th.loyalty) };
  const valueAxis = { name: 'current value (annualised profit)', threshold: cut.currentValue, how: thresholdHow(th.currentValue) };
  const profitNote = profitKnown ? [] : ['no costs are known: "profit" here is net revenue'];
  const matrices: ValueReport['matrices'] = {
    currentLongTerm: {
      available: true,
      missing: null,
      x: valueAxis,
      y: { name: 'long-term value', threshold: cut.longTermValue, how: thresholdHow(th.longTermValue) },
      cells: shapeCells(cells('value_quadrant'), QUADRANT_LABELS),
      notes: profitNote,
      longTermSource: longTermValue,
      formulas: [CURRENT_VALUE_FORMULA, longTermValue === 'clv_predictions' ? 'long-term value = clv_predictions.clv' : PROXY_FORMULA.replace('horizon years', `${c.longTerm.horizonYears} years`)],
    },
    valueLoyalty: {
      available: true,
      missing: null,
      x: valueAxis,
      y: loyaltyAxis,
      cells: shapeCells(cells('value_loyalty'), VALUE_LOYALTY_LABELS),
      notes: [...profitNote, LOYALTY_FORMULA],
    },
    satisfactionLoyalty: {
      available: avail.surveys > 0,
      missing: avail.surveys > 0 ? null : 'surveys: import them with `clientele import surveys FILE` (customer_id, satisfaction 1–5 and/or nps 0–10, date)',
      x: { name: 'satisfaction (mean 1–5; from NPS as 1 + 0.4 × nps when only NPS is known)', threshold: cut.satisfaction, how: thresholdHow(th.satisfaction) },
      y: loyaltyAxis,
      cells: avail.surveys > 0 ? shapeCells(cells('satisfaction_loyalty'), SATISFACTION_LOYALTY_LABELS) : [],
      notes: avail.surveys > 0 ? ['customers without a survey answer are in no cell', LOYALTY_FORMULA] : [],
    },
  };
  const top = await engine.query<{ customer_id: string; good_score: number }>(sqlTopScored(10));
  const needs: Record<CriterionKey, string> = {
    purchasePower: 'order lines',
    highMargin: 'product costs (unit_cost or margin_rate) or --margin-rate',
    priceInsensitivity: 'order lines with a discount column',
    paysOnTime: 'payments (due_date, paid_at)',
    lowCostToServe: 'service costs, or --cost-per-order',
    lowRisk: 'order lines',
    growth: 'order lines',
    loyalty: 'order lines',
    referrals: 'customers.referred_by',
    credit: 'company customers with credit_rating',
    industry: 'company customers with industry, and b2b.favouredIndustries in the config',
    scale: 'company customers with annual_revenue',
  };
  const assumedMargin = costOfGoods === 'margin-rate' || costOfGoods === 'products+margin-rate';
  const notes = [
    ...(profitKnown ? [] : ['no cost of goods, service costs or margin rate: profit cannot be computed; profit figures show net revenue (pass --margin-rate R or import products with unit_cost)']),
    ...(assumedMargin ? [`cost of goods assumed at a margin rate of ${c.marginRate} for ${Math.round(totals.cogs_assumed_revenue).toLocaleString('en-US')} of net revenue`] : []),
    ...(avail.costed_products > 0 && !linesCosted ? ['products with a cost were imported, but no order line is one of them (lines match products by product id): no cost of goods is known'] : []),
    // The as-of date is the last order day (never the wall clock), so a mistyped year moves it: say so (QA finding 11).
    ...(asOf > new Date().toISOString().slice(0, 10) ? [`the as-of date ${asOf} is after today: some order lines are dated in the future; check them, or pass --as-of`] : []),
    ...(costOfGoods === 'products' && totals.uncosted_revenue !== 0 ? [`${Math.round(totals.uncosted_revenue).toLocaleString('en-US')} of net revenue has no product cost and is counted at zero cost (pass --margin-rate R)`] : []),
    ...(costToServe.from === 'per_order' ? [`cost to serve assumed at ${c.costPerOrder} per order`] : []),
    ...(costToServe.from === 'none' ? ['no service costs: cost to serve is zero (import service-costs or pass --cost-per-order C)'] : []),
    ...(longTermValue !== 'clv_predictions' ? ['long-term value is a proxy until CLV predictions exist'] : []),
  ];
  const report: ValueReport = {
    asOf,
    runId,
    reused: false,
    basis: profitKnown ? 'profit' : 'revenue',
    settings: [],
    assumed: { costOfGoods: assumedMargin, costToServe: costToServe.from === 'per_order', longTermValue: longTermValue !== 'clv_predictions', notes },
    sources: { costOfGoods, costToServe: costToServe.from, longTermValue },
    customers: {
      total: totals.customers,
      buyers: totals.buyers ?? 0,
      withoutOrders: totals.without_orders ?? 0,
      onlyReturns: totals.only_returns ?? 0,
      placeholders: totals.placeholders ?? 0,
      profitable: totals.profitable ?? 0,
      lossMaking: totals.loss_making ?? 0,
    },
    revenue: {
      gross: totals.gross_revenue,
      returns: totals.returns,
      cancellations: totals.cancellations,
      adjustments: totals.adjustments,
      discounts: totals.discounts,
      net: totals.net_revenue,
      orders: totals.orders,
      lines: totals.lines,
      unattributed: { lines: un.lines, net: un.net_revenue },
    },
    profit: {
      available: profitKnown,
      costOfGoods: totals.cogs,
      grossMargin: totals.gross_margin,
      costToServe: totals.cost_to_serve,
      badDebt: totals.bad_debt,
      profit: totals.profit,
      loss: totals.loss,
      assumedMarginRevenue: totals.cogs_assumed_revenue,
      uncostedRevenue: totals.uncosted_revenue,
    },
    whale,
    rfm,
    matrices,
    criteria: {
      weights: c.criteria.weights,
      scored: CRITERION_KEYS.filter((k) => known[k]),
      notScored: [
        ...CRITERIA.filter((i) => !known[i.key]).map((i) => ({ criterion: i.label, needs: needs[i.key] })),
        ...B2B_UNSCORED.map((b) => ({ criterion: `B2B: ${b}`, needs: 'a firmographic field that measures it (not in the customer schema yet)' })),
      ],
      averageScore: ov.avg_score,
      flags: { lossMaking: ov.loss_making ?? 0, costsMoreThanBrings: ov.costs_more_than_brings ?? 0, badDebt: ov.bad_debt ?? 0, chronicLate: ov.chronic_late ?? 0, offStrategy: ov.off_strategy ?? 0 },
      flagged: ov.flagged ?? 0,
      smallRevenueCutoff: smallRevenue ?? 0,
      top: top.map((t) => ({ customerId: t.customer_id, score: t.good_score })),
    },
    config: c,
  };
  await engine.run(`INSERT INTO value_runs VALUES ($1, CAST($2 AS ${d.type('date')}), $3, $4, ${d.sqlNow}, $5)`, [runId, asOf, configJson, fp, JSON.stringify(report)]);
  return report;
}
