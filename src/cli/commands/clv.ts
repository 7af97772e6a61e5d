import type { Command } from 'commander';
import type { PurchaseModelName } from '../../clv/purchase-model.js';
import { checkAndSave, fitAndSave, loadClvInput, predictAndSave, type ModelName, type TimeUnit } from '../../clv/store.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { numberOption } from '../options.js';
import { formatNumber, keyValues, table } from '../format.js';
import { ProgressBar } from '../progress.js';
import { prose, t } from '../i18n/index.js';
import { writeExport } from '../csv.js';

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
    .summary(t('clv.fit.summary'))
    .option('--model <m>', MODELS.join(' | '), 'bgnbd')
    .option('--calibration-end <date>', t('clv.opt.calibrationEnd'))
    .option('--time-unit <u>', t('clv.opt.timeUnit'), 'week')
    .option('--json', t('cli.json'))
    .action(async (o: { model: string; calibrationEnd?: string; timeUnit: string; json?: boolean }) => {
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
        printJson({ model: m, params: fit.params, standardErrors: fit.standardErrors, logLikelihood: fit.logLikelihood, customers: fit.customers, distinctRows: fit.rows, fitMs: fit.fitMs, converged: fit.converged, method: fit.method, timeUnit: u, calibrationEnd: fit.calibrationEnd, holdoutEnd: fit.holdoutEnd, lateStartersExcluded: fit.lateStarters, fitId: fit.fitId });
        return;
      }
      print(`${t('clv.fit.title', { model: PAPERS[m], end: fit.calibrationEnd })}${fit.holdoutEnd ? t('clv.fit.heldOut', { end: fit.holdoutEnd }) : ''}${t('clv.fit.unit', { unit: t(`clv.unit.${u}`) })}\n`);
      print(table([t('clv.col.parameter'), t('clv.col.estimate'), t('clv.col.stdError')], Object.keys(fit.params).map((k) => [k, fmt(fit.params[k]), fmt(fit.standardErrors[k], 2)])));
      print(
        '\n' +
          keyValues([
            [t('clv.k.logLikelihood'), fit.logLikelihood.toFixed(2)],
            [t('clv.k.customers'), t(m === 'gamma-gamma' ? 'clv.customers.repeat' : 'clv.customers', { n: formatNumber(fit.customers), rows: formatNumber(fit.rows) })],
            [t('clv.k.fitTime'), `${fit.fitMs.toFixed(1)} ms (${fit.method}${fit.converged ? '' : t('clv.notConverged')})`],
            ...(fit.lateStarters ? ([[t('clv.k.leftOut'), t('clv.leftOut', { n: formatNumber(fit.lateStarters) })]] as Array<[string, string]>) : []),
          ]),
      );
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
    .option('--json', t('cli.json'))
    .action(async (o: { horizon: string; discountRate: string; model: string; margin?: string; timeUnit: string; out?: string; json?: boolean }) => {
      const options = {
        model: model(o.model, true) as PurchaseModelName,
        timeUnit: unit(o.timeUnit),
        horizon: numberOption('--horizon', o.horizon, 1, 100_000),
        discountRate: numberOption('--discount-rate', o.discountRate, 0, 0.999),
        ...(o.margin !== undefined ? { margin: numberOption('--margin', o.margin, 0, 1) } : {}),
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
          top,
          ...(o.out ? { out: o.out } : {}),
        });
        return;
      }
      print(`${t('clv.predict.title', { model: PAPERS[r.options.model], spend: r.spendFit ? PAPERS['gamma-gamma'] : t('clv.noSpendModel'), horizon: r.options.horizon, unit: t(`clv.unit.${r.options.timeUnit}`), rate: r.options.discountRate })}\n`);
      print(
        keyValues([
          [t('clv.k.customers'), formatNumber(r.predictions.length)],
          [t('clv.k.margin'), `${(r.margin.margin * 100).toFixed(1)}% (${t(r.margin.source === 'assumed' ? 'clv.margin.assumed' : r.margin.source === 'products' ? 'clv.margin.products' : 'clv.margin.given')})`],
          [t('clv.k.totalClv'), formatNumber(Math.round(r.totalClv))],
          [t('clv.k.meanPAlive'), r.meanPAlive.toFixed(3)],
          [t('clv.k.stored'), `${t('clv.stored', { n: formatNumber(r.predictions.length) })}${o.out ? t('clv.storedAlso', { file: o.out }) : ''}`],
        ]),
      );
      print(`\n${t('clv.top')}`);
      print(table([t('clv.col.customer'), t('clv.col.x'), t('clv.col.pAlive'), t('clv.col.purchasesAhead'), t('clv.col.spend'), 'CLV'], top.map((p) => [p.customerId, p.x, Number(p.pAlive.toFixed(3)), Number(p.expectedPurchases.toFixed(2)), Number(p.expectedSpend.toFixed(2)), Math.round(p.clv)])));
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
        printJson({ model: r.model, fitId: r.fit.fitId, params: r.fit.params, logLikelihood: r.fit.logLikelihood, calibrationEnd: r.calibrationEnd, holdoutEnd: r.holdoutEnd, timeUnit: r.timeUnit, holdout: r.holdout, customers: r.customers, lateStartersExcluded: r.lateStarters, byFrequency: r.byFrequency, tracking: r.tracking, totals: r.totals });
        return;
      }
      print(`${t('clv.check.title', { model: PAPERS[r.model], end: r.calibrationEnd })}${o.calibrationEnd ? '' : t('clv.check.halfway')}${t('clv.check.holdout', { end: r.holdoutEnd, length: r.holdout.toFixed(1), unit: t(`clv.unit.${r.timeUnit}`), n: formatNumber(r.customers) })}${r.lateStarters ? t('clv.check.late', { n: formatNumber(r.lateStarters) }) : ''}\n`);
      print(t('clv.check.byFrequency'));
      print(table([t('clv.col.xCalibration'), t('clv.col.customers'), t('clv.col.actual'), t('clv.col.predicted')], r.byFrequency.map((b) => [b.x, b.customers, Number(b.actual.toFixed(3)), Number(b.predicted.toFixed(3))])));
      print(`\n${t('clv.check.totals', { calibration: formatNumber(r.totals.calibrationRepeat), actual: formatNumber(r.totals.holdoutActual), predicted: formatNumber(Math.round(r.totals.holdoutPredicted)), error: ((r.totals.holdoutPredicted / Math.max(1, r.totals.holdoutActual) - 1) * 100).toFixed(1) })}`);
      const step = Math.max(1, Math.ceil(r.tracking.length / 12));
      print(`\n${t('clv.check.tracking')}`);
      print(table([t('clv.col.period'), t('clv.col.ends'), t('clv.col.actual'), t('clv.col.predicted'), t('clv.col.phase')], r.tracking.filter((p, i) => i % step === step - 1 || i === r.tracking.length - 1).map((p) => [p.period, p.end, p.actualCumulative, Math.round(p.predictedCumulative), t(p.holdout ? 'clv.phase.holdout' : 'clv.phase.calibration')])));
      print(`\n${t('clv.check.report')}`);
    });
}
