import type { Command } from 'commander';
import type { PurchaseModelName } from '../../clv/purchase-model.js';
import { checkAndSave, fitAndSave, fitSbgCohorts, loadClvInput, predictAndSave, type ModelName, type SbgCohortResult, type TimeUnit } from '../../clv/store.js';
import type { CohortBy } from '../../subscriptions/index.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { writeCsv } from '../../export/index.js';
import { numberOption } from '../options.js';
import { formatNumber, keyValues, table } from '../format.js';
import { ProgressBar } from '../progress.js';
import { explainDiagnostics } from '../../clv/diagnostics.js';
import type { FitDiagnostic } from '../../clv/fit.js';

const MODELS: readonly ModelName[] = ['bgnbd', 'pareto-nbd', 'mbgnbd', 'gamma-gamma'];
const UNITS: readonly TimeUnit[] = ['day', 'week', 'month'];
const PAPERS: Record<ModelName, string> = {
  bgnbd: 'BG/NBD (Fader, Hardie & Lee 2005)',
  'pareto-nbd': 'Pareto/NBD (Schmittlein, Morrison & Colombo 1987)',
  mbgnbd: 'MBG/NBD (Batislam, Denizel & Filiztekin 2007)',
  'gamma-gamma': 'Gamma-Gamma spend (Fader & Hardie 2013)',
};

function model(v: string, purchaseOnly = false): ModelName {
  const ok = purchaseOnly ? MODELS.filter((m) => m !== 'gamma-gamma') : MODELS;
  if (!(ok as readonly string[]).includes(v)) throw new UsageError(`--model ${v}: use ${ok.join(', ')}`);
  return v as ModelName;
}
function unit(v: string): TimeUnit {
  if (!(UNITS as readonly string[]).includes(v)) throw new UsageError(`--time-unit ${v}: use day, week or month`);
  return v as TimeUnit;
}
/** Progress on stderr: a bar on a terminal, one line per step in logs; stdout stays clean for tables and JSON. */
function progressBar(json?: boolean): ProgressBar {
  return new ProgressBar(process.stderr, process.stderr.isTTY ? (json ? 'off' : 'bar') : 'lines');
}
/** Diagnostics with their meaning and what to try instead, in English and Chinese, for JSON. */
const diagnosticsJson = (m: string, ds: readonly FitDiagnostic[]) => explainDiagnostics(m, ds).map((e) => ({ ...e.diagnostic, meaning: e.meaning, tryInstead: e.tryInstead }));
/** The lines a person reads under a fit that cannot be read as it stands; empty for a regular fit. */
function diagnosticsText(m: string, ds: readonly FitDiagnostic[]): string {
  if (ds.length === 0) return '';
  const lines = explainDiagnostics(m, ds).map((e) => `  - ${e.meaning.en}\n    ${e.meaning.zh}`);
  const tries = [...new Set(explainDiagnostics(m, ds).map((e) => `  ${e.tryInstead.en}\n  ${e.tryInstead.zh}`))];
  return `\nWARNING: this fit cannot be read as it stands / 警告：此拟合结果不能直接使用\n${lines.join('\n')}\nWhat to try / 建议：\n${tries.join('\n')}\n`;
}
const fmt = (x: number, d = 4) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumSignificantDigits: d + 1 }) : String(x));

export function registerClv(program: Command, db: () => string): void {
  const clv = program
    .command('clv')
    .summary('lifetime value: fit BG/NBD, Pareto/NBD, MBG/NBD, Gamma-Gamma, sBG (contracts); predict; check against a holdout')
    .description(
      `Probability models of repeat buying ("buy 'til you die") fitted by maximum likelihood on per-customer (x, t_x, T),
built in the store from order lines: purchases on the same day are merged; x = repeat purchase days, t_x = time of the
last purchase and T = time since the first purchase, both from the first purchase, in --time-unit. Money is summed exactly
(a sale cancelled the same day is no purchase day).

Every fit says when it cannot be read as it stands (a parameter at a boundary, a singular Hessian, a time or
iteration limit), in English and Chinese, with what to try instead; predict refuses a fit that shows no dropout
unless --accept-boundary. For contracts and subscriptions, --model sbg fits retention by cohort (see clientele
subscriptions --help).`,
    );

  clv
    .command('fit')
    .summary('fit a model on the calibration period and show its parameters')
    .option('--model <m>', `${MODELS.join(' | ')} | sbg (contracts: retention by cohort on the subscriptions, Fader & Hardie 2007)`, 'bgnbd')
    .option('--calibration-end <date>', 'last day of the calibration period (default: the last order day)')
    .option('--time-unit <u>', 'day | week | month (30.4375 days)', 'week')
    .option('--by <cohort>', 'sbg: cohorts by start-month | start-year | plan | all', 'start-year')
    .option('--as-of <date>', 'sbg: the day the subscriptions are observed to (default: their latest start or end)')
    .option('--discount-rate <d>', 'sbg: discount rate per billing period for DERL', '0.01')
    .option('--json', 'print JSON')
    .action(async (o: { model: string; calibrationEnd?: string; timeUnit: string; by: string; asOf?: string; discountRate: string; json?: boolean }) => {
      if (o.model === 'sbg') {
        const by = o.by as CohortBy;
        if (!['start-month', 'start-year', 'plan', 'all'].includes(by)) throw new UsageError(`--by ${o.by}: use start-month, start-year, plan or all`);
        const discountRate = numberOption('--discount-rate', o.discountRate, 0.000001, 0.999);
        const r = await withStore(db(), (engine) => fitSbgCohorts(engine, { by, discountRate, ...(o.asOf ? { asOf: o.asOf } : {}) }));
        if (o.json) {
          printJson({ model: 'sbg', ...r, cohorts: r.cohorts.map((c) => ({ ...c, fit: c.fit && { fitId: c.fit.fitId, params: c.fit.params, standardErrors: c.fit.standardErrors, logLikelihood: c.fit.logLikelihood, converged: c.fit.converged, regular: c.fit.diagnostics.length === 0, diagnostics: diagnosticsJson('sbg', c.fit.diagnostics), periods: c.fit.periods } })) });
          return;
        }
        print(describeSbg(r));
        return;
      }
      const m = model(o.model);
      const u = unit(o.timeUnit);
      const bar = progressBar(o.json);
      const fit = await withStore(db(), async (engine) => {
        bar.update('building (x, t_x, T) in the store', null);
        const input = await loadClvInput(engine, { timeUnit: u, ...(o.calibrationEnd ? { calibrationEnd: o.calibrationEnd } : {}) });
        bar.update(`fitting ${m}`, null);
        return fitAndSave(engine, input, m);
      }).finally(() => bar.done());
      if (o.json) {
        printJson({ model: m, params: fit.params, standardErrors: fit.standardErrors, logLikelihood: fit.logLikelihood, customers: fit.customers, distinctRows: fit.rows, fitMs: fit.fitMs, converged: fit.converged, regular: fit.diagnostics.length === 0, diagnostics: diagnosticsJson(m, fit.diagnostics), method: fit.method, timeUnit: u, calibrationEnd: fit.calibrationEnd, holdoutEnd: fit.holdoutEnd, lateStartersExcluded: fit.lateStarters, fitId: fit.fitId });
        return;
      }
      print(`${PAPERS[m]}, calibration to ${fit.calibrationEnd}${fit.holdoutEnd ? ` (data to ${fit.holdoutEnd} held out)` : ''}, time unit: ${u}${u === 'month' ? ' (30.4375 days)' : ''}\n`);
      const boundary = new Map(fit.diagnostics.flatMap((d) => (d.kind === 'boundary' ? [[d.parameter, d.toward] as const] : [])));
      const se = (k: string) => (Number.isFinite(fit.standardErrors[k]) ? fmt(fit.standardErrors[k], 2) : 'none (not identified)');
      print(table(['parameter', 'estimate', 'std. error', 'note'], Object.keys(fit.params).map((k) => [k, fmt(fit.params[k]), se(k), boundary.has(k) ? `at a boundary (→ ${boundary.get(k) === 'zero' ? '0' : '∞'})` : ''])));
      print(
        '\n' +
          keyValues([
            ['log-likelihood', fit.logLikelihood.toFixed(2)],
            ['customers', `${formatNumber(fit.customers)} (${formatNumber(fit.rows)} distinct rows${m === 'gamma-gamma' ? ', repeat buyers only' : ''})`],
            ['fit time', `${fit.fitMs.toFixed(1)} ms (${fit.method}${fit.converged ? '' : ', NOT converged'})`],
            ...(fit.lateStarters ? ([['left out', `${formatNumber(fit.lateStarters)} customers whose first purchase is after the calibration end`]] as Array<[string, string]>) : []),
          ]),
      );
      const warning = diagnosticsText(m, fit.diagnostics);
      if (warning) print(warning);
    });

  clv
    .command('predict')
    .summary('predict P(alive), purchases, spend and discounted CLV for every customer')
    .requiredOption('--horizon <n>', 'periods ahead, in --time-unit (e.g. 52 weeks)')
    .requiredOption('--discount-rate <r>', 'discount rate per period, in --time-unit (e.g. 0.002 a week ≈ 11% a year; 0 for none)')
    .option('--model <m>', 'bgnbd | pareto-nbd | mbgnbd', 'bgnbd')
    .option('--margin <m>', 'profit margin on spend, 0..1 (default: from product costs, else 0.3 assumed)')
    .option('--time-unit <u>', 'day | week | month', 'week')
    .option('--out <file>', 'also write the predictions to a CSV file')
    .option('--accept-boundary', 'save predictions even when the fit shows no dropout (P(alive) ≈ 1 for everyone); refused otherwise')
    .option('--json', 'print JSON')
    .action(async (o: { horizon: string; discountRate: string; model: string; margin?: string; timeUnit: string; out?: string; acceptBoundary?: boolean; json?: boolean }) => {
      const options = {
        model: model(o.model, true) as PurchaseModelName,
        timeUnit: unit(o.timeUnit),
        horizon: numberOption('--horizon', o.horizon, 1, 100_000),
        discountRate: numberOption('--discount-rate', o.discountRate, 0, 0.999),
        ...(o.margin !== undefined ? { margin: numberOption('--margin', o.margin, 0, 1) } : {}),
        ...(o.acceptBoundary ? { acceptBoundary: true } : {}),
      };
      const bar = progressBar(o.json);
      const r = await withStore(db(), (engine) => predictAndSave(engine, options, (step, f) => bar.update(step, f))).finally(() => bar.done());
      if (o.out) {
        await writeCsv(o.out, ['customer_id', 'x', 't_x', 'T', 'p_alive', 'expected_purchases', 'expected_spend', 'clv'], r.predictions.map((p) => [p.customerId, p.x, p.tx, p.T, p.pAlive, p.expectedPurchases, p.expectedSpend, p.clv]));
      }
      const top = [...r.predictions].sort((a, b) => b.clv - a.clv || a.customerId.localeCompare(b.customerId)).slice(0, 10);
      if (o.json) {
        printJson({
          model: r.options.model,
          fitId: r.purchaseFit.fitId,
          params: r.purchaseFit.params,
          spendParams: r.spendFit?.params ?? null,
          horizon: r.options.horizon,
          timeUnit: r.options.timeUnit,
          discountRate: r.options.discountRate,
          margin: r.margin,
          customers: r.predictions.length,
          totalClv: r.totalClv,
          meanPAlive: r.meanPAlive,
          regular: r.diagnostics.length === 0,
          diagnostics: diagnosticsJson(r.options.model, r.diagnostics),
          spend: r.spend,
          top,
          ...(o.out ? { out: o.out } : {}),
        });
        return;
      }
      print(`${PAPERS[r.options.model]} + ${r.spendFit ? PAPERS['gamma-gamma'] : 'no spend model (no repeat buyers)'}; horizon ${r.options.horizon} ${r.options.timeUnit}s, discount ${r.options.discountRate} per ${r.options.timeUnit}\n`);
      print(
        keyValues([
          ['customers', formatNumber(r.predictions.length)],
          ['margin', `${(r.margin.margin * 100).toFixed(1)}% (${r.margin.source === 'assumed' ? 'ASSUMED: no product costs; pass --margin' : r.margin.source === 'products' ? 'from product costs' : 'given'})`],
          ['total CLV', formatNumber(Math.round(r.totalClv))],
          ['mean P(alive)', r.meanPAlive.toFixed(3)],
          ['spend', `Gamma-Gamma on ${formatNumber(r.spend.fitted)} repeat buyers; population mean for ${formatNumber(r.spend.oneTimeBuyers)} one-time buyers, ${formatNumber(r.spend.zeroMeanSpend)} with mean repeat spend 0 and ${formatNumber(r.spend.negativeMeanSpend)} below 0`],
          ['stored', `clv_predictions (${formatNumber(r.predictions.length)} rows)${o.out ? `, and ${o.out}` : ''}`],
        ]),
      );
      print(`\n${r.spend.rule.en}\n${r.spend.rule.zh}`);
      const predictWarning = diagnosticsText(r.options.model, r.diagnostics);
      if (predictWarning) print(predictWarning);
      print('\nTop customers by CLV:');
      print(table(['customer', 'x', 'P(alive)', 'purchases ahead', 'spend / purchase', 'CLV'], top.map((p) => [p.customerId, p.x, Number(p.pAlive.toFixed(3)), Number(p.expectedPurchases.toFixed(2)), Number(p.expectedSpend.toFixed(2)), Math.round(p.clv)])));
    });

  clv
    .command('check')
    .summary('fit on a calibration period and compare with the holdout that follows')
    .option('--model <m>', 'bgnbd | pareto-nbd | mbgnbd', 'bgnbd')
    .option('--calibration-end <date>', 'last day of calibration (default: halfway between the first and last order day)')
    .option('--time-unit <u>', 'day | week | month', 'week')
    .option('--json', 'print JSON')
    .action(async (o: { model: string; calibrationEnd?: string; timeUnit: string; json?: boolean }) => {
      const options = { model: model(o.model, true) as PurchaseModelName, timeUnit: unit(o.timeUnit), ...(o.calibrationEnd ? { calibrationEnd: o.calibrationEnd } : {}) };
      const bar = progressBar(o.json);
      const r = await withStore(db(), (engine) => checkAndSave(engine, options, (step, f) => bar.update(step, f))).finally(() => bar.done());
      if (o.json) {
        printJson({ model: r.model, fitId: r.fit.fitId, params: r.fit.params, logLikelihood: r.fit.logLikelihood, calibrationEnd: r.calibrationEnd, holdoutEnd: r.holdoutEnd, timeUnit: r.timeUnit, holdout: r.holdout, customers: r.customers, lateStartersExcluded: r.lateStarters, byFrequency: r.byFrequency, tracking: r.tracking, totals: r.totals, regular: r.diagnostics.length === 0, diagnostics: diagnosticsJson(r.model, r.diagnostics) });
        return;
      }
      print(`${PAPERS[r.model]}: calibration to ${r.calibrationEnd}${o.calibrationEnd ? '' : ' (halfway between the first and last order day; set --calibration-end)'}, holdout to ${r.holdoutEnd} (${r.holdout.toFixed(1)} ${r.timeUnit}s), ${formatNumber(r.customers)} customers${r.lateStarters ? ` (${formatNumber(r.lateStarters)} more first bought after the calibration end: left out)` : ''}\n`);
      print('Holdout purchases per customer, by repeat purchases in calibration:');
      print(table(['x (calibration)', 'customers', 'actual', 'predicted'], r.byFrequency.map((b) => [b.x, b.customers, Number(b.actual.toFixed(3)), Number(b.predicted.toFixed(3))])));
      const pct = (v: number) => `${((v / Math.max(1, r.totals.holdoutActual) - 1) * 100).toFixed(1)}%`;
      print(`\nRepeat purchases: ${formatNumber(r.totals.calibrationRepeat)} in calibration; holdout actual ${formatNumber(r.totals.holdoutActual)}.`);
      print(
        keyValues([
          ['predicted, conditional', `${r.totals.holdoutPredictedConditional.toFixed(1)} (${pct(r.totals.holdoutPredictedConditional)}): Σ E[Y(t) | x, t_x, T], each customer given their history`],
          ['predicted, unconditional', `${r.totals.holdoutPredictedUnconditional.toFixed(1)} (${pct(r.totals.holdoutPredictedUnconditional)}): the tracking curve's rise over the holdout, Σ E[X(t)] by start day`],
        ]),
      );
      const checkWarning = diagnosticsText(r.model, r.diagnostics);
      if (checkWarning) print(checkWarning);
      const step = Math.max(1, Math.ceil(r.tracking.length / 12));
      print('\nCumulative repeat purchases:');
      print(table(['period', 'ends', 'actual', 'predicted', 'phase'], r.tracking.filter((p, i) => i % step === step - 1 || i === r.tracking.length - 1).map((p) => [p.period, p.end, p.actualCumulative, Math.round(p.predictedCumulative), p.holdout ? 'holdout' : 'calibration'])));
      print('\nThe report draws both as charts: clientele report --out report.html');
    });
}

function describeSbg(r: SbgCohortResult): string {
  const lines = [`sBG (Fader & Hardie 2007, "How to Project Customer Retention"): retention by ${r.by} cohort, observed to ${r.asOf}; DERL at ${r.discountRate} per period (Fader & Hardie 2010)\n`];
  lines.push(
    table(
      ['cohort', 'subscriptions', 'lost', 'α', 'β', 'S(1)', 'S(12)', 'S(24)', 'active', 'mean DERL', 'residual revenue', 'note'],
      r.cohorts.map((c) => {
        const s = (t: number) => c.survival.find((x) => x.periods === t)?.active;
        const pct = (v: number | undefined) => (v === undefined ? '' : `${(v * 100).toFixed(1)}%`);
        const note = c.skipped ?? (c.fit && c.fit.diagnostics.length ? 'NOT identified: see below' : '');
        return [c.cohort, c.customers, c.lost, c.fit ? fmt(c.fit.params.alpha, 3) : '', c.fit ? fmt(c.fit.params.beta, 3) : '', pct(s(1)), pct(s(12)), pct(s(24)), c.active, c.meanDerl === null ? '' : c.meanDerl.toFixed(2), c.residualRevenue === null ? '' : formatNumber(Math.round(c.residualRevenue)), note];
      }),
    ),
  );
  for (const c of r.cohorts) {
    const w = c.fit ? diagnosticsText('sbg', c.fit.diagnostics) : '';
    if (w) lines.push(`\ncohort ${c.cohort}:${w}`);
  }
  lines.push('\nS(t): share of the cohort still active after t billing periods. DERL: discounted further payments expected from an active subscription (the next one undiscounted); residual revenue = Σ DERL × recurring charge. Cohorts whose fit is not identified get no DERL.');
  return lines.join('\n');
}
