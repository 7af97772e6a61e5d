import type { Command } from 'commander';
import { CHURN_EXTRA_HEADERS, campaignExport, churnItems, churnReport, learnChurn, loadContacts, type ChurnLearnResult, type ChurnReport } from '../../act/index.js';
import { factorText } from '../../act/churn-labels.js';
import { SKILL_AUC } from '../../act/churn-learn.js';
import { print, printJson, withAnyStore } from '../context.js';
import { layoutOption, writeExport } from '../csv.js';
import { getLang, prose, t, term, tOr } from '../i18n/index.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { numberOption } from '../options.js';
import { loadValueConfig } from './value.js';

const money = (n: number) => formatNumber(Math.round(n));

export function registerChurn(program: Command, db: () => string): void {
  layoutOption(
  program
    .command('churn')
    .summary(t('cmd.churn'))
    .description(t('churn.description'))
    .option('--learn', t('churn.opt.learn'))
    .option('--churn <column>', t('churn.opt.churnColumn'))
    .option('--holdout <share>', t('churn.opt.holdout'), '0.25')
    .option('--seed <n>', t('churn.opt.seed'), '1')
    .option('--exclude <columns>', t('churn.opt.exclude'))
    .option('--window <days>', t('churn.opt.window'), '180')
    .option('--as-of <date>', t('value.opt.asOf'))
    .option('--p-alive-below <p>', t('churn.opt.pAlive'), '0.5')
    .option('--overdue <gaps>', t('churn.opt.overdue'), '2')
    .option('--discount-rate <d>', t('churn.opt.discountRate'), '0.1')
    .option('--churn-cut <share>', t('churn.opt.churnCut'), '0.05')
    .option('--top <n>', t('churn.opt.top'), '20')
    .option('--config <file>', t('act.opt.config'))
    .option('--out <file>', t('churn.opt.out')),
  )
    .option('--json', t('cli.json'))
    .action(async (o: { layout?: string; learn?: boolean; churn?: string; holdout: string; seed: string; exclude?: string; window: string; asOf?: string; pAliveBelow: string; overdue: string; discountRate: string; churnCut: string; top: string; config?: string; out?: string; json?: boolean }) => {
      if (o.learn) {
        const options = {
          holdout: numberOption('--holdout', o.holdout, 0.01, 0.99),
          seed: numberOption('--seed', o.seed, 0, 2 ** 31),
          exclude: o.exclude ? o.exclude.split(',').map((c) => c.trim()).filter(Boolean) : [],
          config: loadValueConfig({ ...(o.config ? { config: o.config } : {}) }),
          windowDays: numberOption('--window', o.window, 14, 3650),
          ...(o.churn !== undefined ? { churnColumn: o.churn } : {}),
        };
        const r = await withAnyStore(db(), ({ engine }) => learnChurn(engine, options));
        const topN = numberOption('--top', o.top, 0, 1e6);
        if (o.json) {
          const { scored, heldOut: _h, ...rest } = r;
          printJson({ ...rest, scored: scored.length, top: scored.slice(0, topN) });
          return;
        }
        print(describeLearned(r, topN));
        return;
      }
      const config = loadValueConfig({ ...(o.config ? { config: o.config } : {}) });
      const options = {
        ...(o.asOf ? { asOf: o.asOf } : {}),
        pAliveBelow: numberOption('--p-alive-below', o.pAliveBelow, 0.000001, 1),
        overdueFactor: numberOption('--overdue', o.overdue, 0.01, 1e6),
        discountRate: numberOption('--discount-rate', o.discountRate, 0.0001, 0.9999),
        churnCut: numberOption('--churn-cut', o.churnCut, 0.0001, 0.9999),
      };
      const top = numberOption('--top', o.top, 0, 1e6);
      const { r, contacts } = await withAnyStore(db(), async ({ engine }) => ({ r: await churnReport(engine, config, options), contacts: await loadContacts(engine) }));
      let exported: { rows: number; optedOut: number; letGo: number } | undefined;
      if (o.out) {
        const x = campaignExport(churnItems(r), contacts, CHURN_EXTRA_HEADERS);
        await writeExport(o.out, x.headers, x.rows, o.layout);
        exported = { rows: x.rows.length, optedOut: x.optedOut, letGo: r.byMethod['let go'] };
      }
      if (o.json) {
        printJson({ ...r, customers: r.customers.map((c) => ({ ...c, optOut: contacts.get(c.customerId)?.optOut === true })), ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      print(describeChurn(r, top, (id) => contacts.get(id)?.optOut === true));
      if (exported) print(`\n${t('churn.written', { n: formatNumber(exported.rows), file: o.out ?? '', optedOut: formatNumber(exported.optedOut), letGo: formatNumber(exported.letGo) })}`);
    });
}

function describeChurn(r: ChurnReport, top: number, optedOut: (id: string) => boolean): string {
  const v = t(r.basis === 'profit' ? 'value.col.profit' : 'value.col.revenue');
  const method = (m: string) => tOr(`churn.method.${m}`, m);
  const lines = [
    t('churn.title', { asOf: r.asOf, n: formatNumber(r.atRisk), buyers: formatNumber(r.buyers), share: formatPercent(r.buyers ? r.atRisk / r.buyers : 0), v, amount: money(r.valueAtRisk) }),
    `  ${prose(r.pAlive.note)}`,
    `  ${t('churn.rule', { pAlive: r.rules.pAliveBelow !== null ? t('churn.rule.pAlive', { p: r.rules.pAliveBelow }) : '', factor: r.rules.overdueFactor })}${r.rules.medianGapDays !== null ? t('churn.rule.median', { days: Math.round(r.rules.medianGapDays) }) : ''}`,
    `  ${t('churn.winback')}${(['personal care', 'scenario offer', 'coupon', 'let go'] as const).map((m) => `${method(m)} ${formatNumber(r.byMethod[m])}`).join(t('value.listSeparator'))}`,
  ];
  for (const n of r.notes) lines.push(`${t('cli.notePrefix')}${prose(n)}`);
  if (r.customers.length && top > 0) {
    lines.push(`\n${r.customers.length > top ? t('churn.mostFirst', { v, n: top }) : t('churn.most', { v })}`);
    lines.push(
      table(
        [t('churn.col.customer'), t('churn.col.segment'), t('churn.col.tier'), t('churn.col.pAlive'), t('churn.col.from'), t('churn.col.silent'), t('churn.col.gap'), '×', t('churn.col.orders'), v, t('churn.col.perYear', { v }), t('churn.col.atRisk'), t('churn.col.winback'), t('churn.col.why'), t('churn.col.optOut')],
        r.customers.slice(0, top).map((c) => [
          c.customerId, term(c.segment), c.valueQuadrant, c.pAlive === null ? null : c.pAlive.toFixed(2), t(c.pAliveSource === 'learned' ? 'churn.from.learned' : c.pAliveSource === 'model' ? 'churn.from.model' : 'churn.from.proxy'), c.recencyDays, `${Math.round(c.expectedGapDays)}${c.gapAssumed ? '*' : ''}`, c.overdue.toFixed(1),
          c.orders, Math.round(c.profit), Math.round(c.currentValue), Math.round(c.valueAtRisk), method(c.method), prose(c.reasons[c.reasons.length - 1]), optedOut(c.customerId) ? t('cli.yes') : '',
        ]),
      ),
    );
    if (r.customers.slice(0, top).some((c) => c.gapAssumed)) lines.push(`  ${t('churn.gapAssumed')}`);
  }
  const e = r.economics;
  if (e) {
    lines.push(`\n${t('churn.economics', { n: e.active.toLocaleString('en-US'), days: e.windowDays, v, each: money(e.meanAnnualProfit) })}`);
    lines.push(`  ${t('churn.retention', { retention: formatPercent(e.retention), churn: formatPercent(e.churn), v, future: money(e.baseFutureProfit), d: e.discountRate })}`);
    lines.push(
      table(
        [t('churn.col.lower'), t('churn.col.churn'), t('churn.col.kept'), t('churn.col.nextYear', { v }), t('churn.col.lifetime', { v })],
        e.cuts.map((c) => [prose(c.label), formatPercent(c.churn), Math.round(c.customersKept), `+${money(c.nextYearProfitGain)} (${formatPercent(c.nextYearProfitChange)})`, `+${money(c.lifetimeProfitGain)} (${formatPercent(c.lifetimeProfitChange)})`]),
      ),
    );
    lines.push(`  ${prose(e.formula)}`);
    // The papers by author and year; their English titles only in English.
    lines.push(`  ${t('churn.sources')}${getLang() === 'en' ? e.sources.join('; ') : e.sources.map((x) => x.split(', ')[0]).join('；')}`);
  }
  return lines.join('\n');
}

function describeLearned(r: ChurnLearnResult, top: number): string {
  const zh = getLang() === 'zh-CN';
  const value = `${tOr(`churn.learn.value.${r.value.source}`, r.value.source)}${r.value.column ? ` (${r.value.column})` : ''}`;
  const silence = /^silence after (.+)$/.exec(r.outcome.column);
  const column = r.outcome.kind === 'silence' && silence ? t('churn.learn.silenceAfter', { date: silence[1] }) : r.outcome.column;
  const lines = [
    t('churn.learn.title', { kind: tOr(`churn.learn.kind.${r.outcome.kind}`, r.outcome.kind), column, churned: formatNumber(r.churned), known: formatNumber(r.known), share: formatPercent(r.churned / r.known) }),
    `  ${zh ? `\`churn --learn\`${t('cli.colon')}${t('churn.learn.model', { column, features: r.features, auc: r.auc.toFixed(3) })}` : r.model}`,
    `  ${t('churn.learn.heldOut', { n: formatNumber(r.test), auc: r.auc.toFixed(3), brier: r.brier.toFixed(4), predicted: formatPercent(r.calibrationSummary.meanPredicted), observed: formatPercent(r.calibrationSummary.observed), error: r.calibrationSummary.error.toFixed(4) })}`,
    `  ${t('churn.learn.excluded', { list: r.excluded.join(t('value.listSeparator')) || t('churn.learn.nothing') })}`,
    `\n${t(r.saved ? 'churn.learn.drivers' : 'churn.learn.weakDrivers')}`,
    ...r.drivers.map((d) => `  - ${zh ? d.zh : d.en}`),
    r.saved ? `\n${t('churn.learn.scored', { n: formatNumber(r.scored.length), source: value })}` : `\n${t('churn.learn.weak', { auc: r.auc.toFixed(3), min: SKILL_AUC.toFixed(1), kept: t(r.earlierModel ? 'churn.learn.weakKept.model' : 'churn.learn.weakKept.rule') })}`,
  ];
  if (r.saved && top > 0 && r.scored.length) {
    lines.push(`\n${r.scored.length > top ? t('churn.learn.topFirst', { n: top }) : t('churn.learn.top')}`);
    lines.push(table([t('churn.learn.col.customer'), 'P(churn)', t('churn.learn.col.value'), t('churn.learn.col.loss'), t('churn.learn.col.why')], r.scored.slice(0, top).map((c) => [c.customerId, c.probability.toFixed(3), c.value === null ? null : money(c.value), c.expectedLoss === null ? null : money(c.expectedLoss), c.factors.map((x) => factorText(x, zh ? 'zh-CN' : 'en')).join(t('value.listSeparator'))])));
  }
  return lines.join('\n');
}
