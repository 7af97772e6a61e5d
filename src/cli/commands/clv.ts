import type { Command } from 'commander';
import type { PurchaseModelName } from '../../clv/purchase-model.js';
import { checkAndSave, fitAndSave, loadClvInput, predictAndSave, type ModelName, type TimeUnit } from '../../clv/store.js';
import type { SbgCohortResult } from '../../subscriptions/cohorts.js';
import type { CohortBy } from '../../subscriptions/cohorts.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withAnyStore } from '../context.js';
import { numberOption } from '../options.js';
import { formatNumber, keyValues, table } from '../format.js';
import { ProgressBar } from '../progress.js';
import { explainDiagnostics } from '../../clv/diagnostics.js';
import type { FitDiagnostic } from '../../clv/fit.js';
import { getLang, prose, t, tOr } from '../i18n/index.js';
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
  const zh = getLang() === 'zh-CN';
  const lines = explainDiagnostics(m, ds).map((e) => `  - ${zh ? e.meaning.zh : e.meaning.en}`);
  const tries = [...new Set(explainDiagnostics(m, ds).map((e) => `  ${zh ? e.tryInstead.zh : e.tryInstead.en}`))];
  return `\n${t('clv.diag.warning')}\n${lines.join('\n')}\n${t('clv.diag.try')}\n${tries.join('\n')}\n`;
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
    .option('--model <m>', t('clv.opt.modelFit', { models: MODELS.join(' | ') }), 'bgnbd')
    .option('--calibration-end <date>', t('clv.opt.calibrationEnd'))
    .option('--time-unit <u>', t('clv.opt.timeUnit'), 'week')
    .option('--by <cohort>', t('clv.opt.by'), 'start-year')
    .option('--as-of <date>', t('clv.opt.asOf'))
    .option('--discount-rate <d>', t('clv.opt.sbgDiscount'), '0.01')
    .option('--margin <m>', t('clv.opt.sbgMargin'))
    .option('--json', t('cli.json'))
    .action(async (o: { model: string; calibrationEnd?: string; timeUnit: string; by: string; asOf?: string; discountRate: string; margin?: string; json?: boolean }) => {
      if (o.model === 'sbg') {
        const { fitSbgCohorts, parseCohortBy } = await import('../../subscriptions/cohorts.js');
        let by: CohortBy;
        try {
          by = parseCohortBy(o.by);
        } catch {
          throw new UsageError(t('clv.badBy', { value: o.by }));
        }
        const discountRate = numberOption('--discount-rate', o.discountRate, 0.000001, 0.999);
        const margin = o.margin !== undefined ? numberOption('--margin', o.margin, 0, 1) : undefined;
        const r = await withAnyStore(db(), async ({ engine }) => {
          const [{ segmentMembers }, { loadValueConfig }] = await Promise.all([import('../../segment/index.js'), import('./value.js')]);
          const members = async (name: string) => new Set((await segmentMembers(engine, name, loadValueConfig({}))).map((m) => m.customer_id));
          return fitSbgCohorts(engine, { by, discountRate, members, ...(margin !== undefined ? { margin } : {}), ...(o.asOf ? { asOf: o.asOf } : {}) });
        });
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
      let billing = 0;
      const fit = await withAnyStore(db(), async ({ engine }) => {
        bar.update(t('clv.progress.input'), null);
        const input = await loadClvInput(engine, { timeUnit: u, ...(o.calibrationEnd ? { calibrationEnd: o.calibrationEnd } : {}) });
        bar.update(t('clv.progress.fit', { model: m }), null);
        billing = await (await import('../../subscriptions/index.js')).billingShare(engine);
        return fitAndSave(engine, input, m);
      }).finally(() => bar.done());
      if (o.json) {
        printJson({ model: m, params: fit.params, standardErrors: fit.standardErrors, logLikelihood: fit.logLikelihood, customers: fit.customers, distinctRows: fit.rows, fitMs: fit.fitMs, converged: fit.converged, regular: fit.diagnostics.length === 0, diagnostics: diagnosticsJson(m, fit.diagnostics), method: fit.method, timeUnit: u, calibrationEnd: fit.calibrationEnd, holdoutEnd: fit.holdoutEnd, lateStartersExcluded: fit.lateStarters, fitId: fit.fitId });
        return;
      }
      print(`${t('clv.fit.title', { model: PAPERS[m], end: fit.calibrationEnd })}${fit.holdoutEnd ? t('clv.fit.heldOut', { end: fit.holdoutEnd }) : ''}${t('clv.fit.unit', { unit: t(`clv.unit.${u}`) })}\n`);
      const boundary = new Map(fit.diagnostics.flatMap((d) => (d.kind === 'boundary' ? [[d.parameter, d.toward] as const] : [])));
      const se = (k: string) => (Number.isFinite(fit.standardErrors[k]) ? fmt(fit.standardErrors[k], 2) : t('clv.seNone'));
      print(table([t('clv.col.parameter'), t('clv.col.estimate'), t('clv.col.stdError'), t('clv.col.note')], Object.keys(fit.params).map((k) => [k, fmt(fit.params[k]), se(k), boundary.has(k) ? t('clv.atBoundary', { toward: boundary.get(k) === 'zero' ? '0' : '∞' }) : ''])));
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
      // Purchase models read each renewal of a subscription as a purchase: for subscriptions, sBG is the model.
      if (billing >= 0.5) print(`\n${t('clv.fit.subscriptions', { share: `${(billing * 100).toFixed(0)}%` })}`);
    });

  clv
    .command('predict')
    .summary(t('clv.predict.summary'))
    .requiredOption('--horizon <n>', t('clv.opt.horizon'))
    .requiredOption('--discount-rate <r>', t('clv.opt.discountRate'))
    .option('--model <m>', t('clv.opt.models'), 'bgnbd')
    .option('--margin <m>', t('clv.opt.margin'))
    .option('--time-unit <u>', t('clv.opt.timeUnitShort'), 'week')
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
      const r = await withAnyStore(db(), ({ engine }) => predictAndSave(engine, options, (step, f) => bar.update(prose(step), f))).finally(() => bar.done());
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
          [t('clv.k.customers'), formatNumber(r.predictions.length)],
          [t('clv.k.margin'), `${(r.margin.margin * 100).toFixed(1)}% (${t(r.margin.source === 'assumed' ? 'clv.margin.assumed' : r.margin.source === 'products' ? 'clv.margin.products' : 'clv.margin.given')})`],
          [t('clv.k.totalClv'), formatNumber(Math.round(r.totalClv))],
          [t('clv.k.meanPAlive'), r.meanPAlive.toFixed(3)],
          [t('clv.k.spend'), t('clv.spendLine', { fitted: formatNumber(r.spend.fitted), oneTime: formatNumber(r.spend.oneTimeBuyers), zero: formatNumber(r.spend.zeroMeanSpend), negative: formatNumber(r.spend.negativeMeanSpend) })],
          [t('clv.k.stored'), `${t('clv.stored', { n: formatNumber(r.predictions.length) })}${o.out ? t('clv.storedAlso', { file: o.out }) : ''}`],
        ]),
      );
      print(`\n${getLang() === 'zh-CN' ? r.spend.rule.zh : r.spend.rule.en}`);
      const predictWarning = diagnosticsText(r.options.model, r.diagnostics);
      if (predictWarning) print(predictWarning);
      print(`\n${t('clv.top')}`);
      print(table([t('clv.col.customer'), t('clv.col.x'), t('clv.col.pAlive'), t('clv.col.purchasesAhead'), t('clv.col.spend'), 'CLV'], top.map((p) => [p.customerId, p.x, Number(p.pAlive.toFixed(3)), Number(p.expectedPurchases.toFixed(2)), Number(p.expectedSpend.toFixed(2)), Math.round(p.clv)])));
    });

  clv
    .command('check')
    .summary(t('clv.check.summary'))
    .option('--model <m>', t('clv.opt.models'), 'bgnbd')
    .option('--calibration-end <date>', t('clv.opt.calibrationEndCheck'))
    .option('--time-unit <u>', t('clv.opt.timeUnitShort'), 'week')
    .option('--json', t('cli.json'))
    .action(async (o: { model: string; calibrationEnd?: string; timeUnit: string; json?: boolean }) => {
      const options = { model: model(o.model, true) as PurchaseModelName, timeUnit: unit(o.timeUnit), ...(o.calibrationEnd ? { calibrationEnd: o.calibrationEnd } : {}) };
      const bar = progressBar(o.json);
      const r = await withAnyStore(db(), ({ engine }) => checkAndSave(engine, options, (step, f) => bar.update(prose(step), f))).finally(() => bar.done());
      if (o.json) {
        printJson({ model: r.model, fitId: r.fit.fitId, params: r.fit.params, logLikelihood: r.fit.logLikelihood, calibrationEnd: r.calibrationEnd, holdoutEnd: r.holdoutEnd, timeUnit: r.timeUnit, holdout: r.holdout, customers: r.customers, lateStartersExcluded: r.lateStarters, byFrequency: r.byFrequency, tracking: r.tracking, totals: r.totals, regular: r.diagnostics.length === 0, diagnostics: diagnosticsJson(r.model, r.diagnostics) });
        return;
      }
      print(`${t('clv.check.title', { model: PAPERS[r.model], end: r.calibrationEnd })}${o.calibrationEnd ? '' : t('clv.check.halfway')}${t('clv.check.holdout', { end: r.holdoutEnd, length: r.holdout.toFixed(1), unit: t(`clv.unitPlural.${r.timeUnit}`), n: formatNumber(r.customers) })}${r.lateStarters ? t('clv.check.late', { n: formatNumber(r.lateStarters) }) : ''}\n`);
      print(t('clv.check.byFrequency'));
      print(table([t('clv.col.xCalibration'), t('clv.col.customers'), t('clv.col.actual'), t('clv.col.predicted')], r.byFrequency.map((b) => [b.x, b.customers, Number(b.actual.toFixed(3)), Number(b.predicted.toFixed(3))])));
      const pct = (v: number) => `${((v / Math.max(1, r.totals.holdoutActual) - 1) * 100).toFixed(1)}%`;
      print(`\n${t('clv.check.totalsShort', { calibration: formatNumber(r.totals.calibrationRepeat), actual: formatNumber(r.totals.holdoutActual) })}`);
      print(
        keyValues([
          [t('clv.check.conditional'), t('clv.check.conditionalValue', { value: r.totals.holdoutPredictedConditional.toFixed(1), error: pct(r.totals.holdoutPredictedConditional) })],
          [t('clv.check.unconditional'), t('clv.check.unconditionalValue', { value: r.totals.holdoutPredictedUnconditional.toFixed(1), error: pct(r.totals.holdoutPredictedUnconditional) })],
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
  const by = r.by.startsWith('segment:') ? t('clv.sbg.by.segment', { name: r.by.slice('segment:'.length) }) : tOr(`clv.sbg.by.${r.by}`, r.by);
  const lines = [`${t('clv.sbg.title', { by, asOf: r.asOf, rate: r.discountRate })}\n`];
  lines.push(
    table(
      [t('clv.sbg.col.cohort'), t('clv.sbg.col.subscriptions'), t('clv.sbg.col.lost'), 'α', 'β', 'S(1)', 'S(12)', 'S(24)', t('clv.sbg.col.active'), t('clv.sbg.col.meanDerl'), t('clv.sbg.col.residual'), t('clv.sbg.col.residualValue'), t('clv.col.note')],
      r.cohorts.map((c) => {
        const s = (n: number) => c.survival.find((x) => x.periods === n)?.active;
        const pct = (v: number | undefined) => (v === undefined ? '' : `${(v * 100).toFixed(1)}%`);
        const note = c.skipped !== null ? prose(c.skipped) : c.geometric ? t('clv.sbg.geometric', { theta: `${(c.geometric.theta * 100).toFixed(2)}%` }) : c.fit && c.fit.diagnostics.length ? t('clv.sbg.notIdentified') : '';
        const money = (v: number | null) => (v === null ? '' : formatNumber(Math.round(v)));
        return [c.cohort, c.customers, c.lost, c.fit ? fmt(c.fit.params.alpha, 3) : '', c.fit ? fmt(c.fit.params.beta, 3) : '', pct(s(1)), pct(s(12)), pct(s(24)), c.active, c.meanDerl === null ? '' : c.meanDerl.toFixed(2), money(c.residualRevenue), money(c.residualValue), note];
      }),
    ),
  );
  for (const c of r.cohorts) {
    if (c.geometric) {
      lines.push(`\n${t('clv.sbg.geometricExplain', { cohort: c.cohort, theta: `${(c.geometric.theta * 100).toFixed(3)}%`, se: `${(c.geometric.standardError * 100).toFixed(3)}%` })}`);
      continue;
    }
    const w = c.fit ? diagnosticsText('sbg', c.fit.diagnostics) : '';
    if (w) lines.push(`\n${t('clv.sbg.cohort', { cohort: c.cohort })}${w}`);
  }
  lines.push(`\n${t('clv.sbg.explain')}`);
  const p = r.predictions;
  lines.push(
    t('clv.sbg.values', {
      customers: formatNumber(p.customers),
      active: formatNumber(p.active),
      value: formatNumber(Math.round(p.value)),
      lost: formatNumber(p.lost),
      costed: formatNumber(r.margin.costed),
      rate: r.margin.rate,
      source: t(`clv.sbg.margin.${r.margin.source}`),
      asOf: r.asOf,
    }),
  );
  return lines.join('\n');
}
