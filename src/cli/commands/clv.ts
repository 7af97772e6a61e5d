import type { Command } from 'commander';
import type { PurchaseModelName } from '../../clv/purchase-model.js';
import { checkAndSave, fitAndSave, fitSbgCohorts, loadClvInput, predictAndSave, type ModelName, type SbgCohortResult, type TimeUnit } from '../../clv/store.js';
import type { CohortBy } from '../../subscriptions/index.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { numberOption } from '../options.js';
import { formatNumber, keyValues, table } from '../format.js';
import { ProgressBar } from '../progress.js';
import { explainDiagnostics } from '../../clv/diagnostics.js';
import type { FitDiagnostic } from '../../clv/fit.js';
import { prose, t } from '../i18n/index.js';
import { writeExport } from '../csv.js';

const MODELS: readonly ModelName[] = ['bgnbd', 'pareto-nbd', 'mbgnbd', 'gamma-gamma'];
const UNITS: readonly TimeUnit[] = ['day', 'week', 'month'];
const PAPERS: Record<ModelName, string> = {
  bgnbd: 'BG/NBD (Fader, Hardie & Lee 2005)',
  'pareto-nbd': 'Pareto/NBD (Schmittlein, Morrison & Colombo 1987)',
  mbgnbd: 'MBG/NBD (Batislam, Denizel & Filiztekin 2007)',
  get 'gamma-gamma'() {
    return `Gamma-Gamma ${t('clv.spendModel')} (Fader & Hardie 2013)`;
  },
};

function model(v: string, purchaseOnly = false): ModelName {
  const ok = purchaseOnly ? MODELS.filter((m) => m !== 'gamma-gamma') : MODELS;
  if (!(ok as readonly string[]).includes(v)) throw new UsageError(t('clv.badModel', { value: v, models: ok.join(', ') }));
  return v as ModelName;
}
function unit(v: string): TimeUnit {
  if (!(UNITS as readonly string[]).includes(v)) throw new UsageError(t('clv.badUnit', { value: v }));
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
    .summary(t('cmd.clv'))
    .description(
      t('clv.description'),
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
    .option('--json', t('cli.json'))
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
        bar.update(t('clv.progress.input'), null);
        const input = await loadClvInput(engine, { timeUnit: u, ...(o.calibrationEnd ? { calibrationEnd: o.calibrationEnd } : {}) });
        bar.update(t('clv.progress.fit', { model: m }), null);
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
            [t('clv.k.logLikelihood'), fit.logLikelihood.toFixed(2)],
            [t('clv.k.customers'), t(m === 'gamma-gamma' ? 'clv.customers.repeat' : 'clv.customers', { n: formatNumber(fit.customers), rows: formatNumber(fit.rows) })],
            [t('clv.k.fitTime'), `${fit.fitMs.toFixed(1)} ms (${fit.method}${fit.converged ? '' : t('clv.notConverged')})`],
            ...(fit.lateStarters ? ([[t('clv.k.leftOut'), t('clv.leftOut', { n: formatNumber(fit.lateStarters) })]] as Array<[string, string]>) : []),
          ]),
      );
      const warning = diagnosticsText(m, fit.diagnostics);
      if (warning) print(warning);
    });

  clv
    .command('predict')
    .summary(t('clv.predict.summary'))
    .requiredOption('--horizon <n>', t('clv.opt.horizon'))
    .requiredOption('--discount-rate <r>', t('clv.opt.discountRate'))
    .option('--model <m>', 'bgnbd | pareto-nbd | mbgnbd', 'bgnbd')
    .option('--margin <m>', t('clv.opt.margin'))
    .option('--time-unit <u>', 'day | week | month', 'week')
    .option('--out <file>', t('clv.opt.out'))
    .option('--accept-boundary', t('clv.opt.acceptBoundary'))
    .option('--json', t('cli.json'))
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
      const r = await withStore(db(), (engine) => predictAndSave(engine, options, (step, f) => bar.update(prose(step), f))).finally(() => bar.done());
      if (o.out) {
        await writeExport(o.out, ['customer_id', 'x', 't_x', 'T', 'p_alive', 'expected_purchases', 'expected_spend', 'clv'], r.predictions.map((p) => [p.customerId, p.x, p.tx, p.T, p.pAlive, p.expectedPurchases, p.expectedSpend, p.clv]));
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
      print(`${t('clv.predict.title', { model: PAPERS[r.options.model], spend: r.spendFit ? PAPERS['gamma-gamma'] : t('clv.noSpendModel'), horizon: r.options.horizon, unit: t(`clv.unit.${r.options.timeUnit}`), rate: r.options.discountRate })}\n`);
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
    .summary(t('clv.check.summary'))
    .option('--model <m>', 'bgnbd | pareto-nbd | mbgnbd', 'bgnbd')
    .option('--calibration-end <date>', t('clv.opt.calibrationEndCheck'))
    .option('--time-unit <u>', 'day | week | month', 'week')
    .option('--json', t('cli.json'))
    .action(async (o: { model: string; calibrationEnd?: string; timeUnit: string; json?: boolean }) => {
      const options = { model: model(o.model, true) as PurchaseModelName, timeUnit: unit(o.timeUnit), ...(o.calibrationEnd ? { calibrationEnd: o.calibrationEnd } : {}) };
      const bar = progressBar(o.json);
      const r = await withStore(db(), (engine) => checkAndSave(engine, options, (step, f) => bar.update(prose(step), f))).finally(() => bar.done());
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
      print(`\n${t('clv.check.tracking')}`);
      print(table([t('clv.col.period'), t('clv.col.ends'), t('clv.col.actual'), t('clv.col.predicted'), t('clv.col.phase')], r.tracking.filter((p, i) => i % step === step - 1 || i === r.tracking.length - 1).map((p) => [p.period, p.end, p.actualCumulative, Math.round(p.predictedCumulative), t(p.holdout ? 'clv.phase.holdout' : 'clv.phase.calibration')])));
      print(`\n${t('clv.check.report')}`);
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
