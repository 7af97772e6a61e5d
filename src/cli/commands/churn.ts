import type { Command } from 'commander';
import { CHURN_EXTRA_HEADERS, campaignExport, churnItems, churnReport, learnChurn, loadContacts, type ChurnLearnResult, type ChurnReport } from '../../act/index.js';
import { print, printJson, withStore } from '../context.js';
import { writeCsv } from '../csv.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { numberOption } from '../options.js';
import { loadValueConfig } from './value.js';

const money = (n: number) => formatNumber(Math.round(n));

export function registerChurn(program: Command, db: () => string): void {
  program
    .command('churn')
    .summary('customers at risk (P(alive), recency against their own purchase rhythm), a win-back method each, and the profit of lowering churn')
    .description(
      `Lists the buyers at risk, with their value: those whose P(alive) from clientele clv predict (as of the same day) is below --p-alive-below, and those whose last purchase is at least --overdue times their own mean gap between purchase days ago (one-day buyers: the median gap of repeat buyers). Without CLV predictions the value run's proxy P(alive) = exp(−recency / gap) is shown, and the recency rule decides. Value at risk = annual profit × (1 − P(alive)).

Each gets a win-back method with reasons from their history and segment: personal care (dissatisfied or complaining, or high value: tier IV/III, Champions, Loyal, Can't Lose, companies and government), a coupon (price-sensitive: discounts ≥ 10% of spend), a scenario offer (≥ 50% of spend in one category), else a small coupon; loss-making customers are let go.

With --learn: a churn classifier learned from past outcomes (a churn column, an active flag or an end date on the customers; with order lines alone, silence longer than the customer's own rhythm after a cutoff --window days before the last order), checked on a held-out share (AUC, calibration), with its drivers in plain words; each active customer's churn probability and expected loss go to churn_scores, and from then on this list uses them (P(alive) = 1 − P(churn)) and says so per customer.

Retention economics: annual retention r is measured (bought in the year before last → bought again in the last year; half the history each when shorter, annualised), and the base's future profit F(r) = N·m·r / (1 + d − r) (Gupta & Lehmann 2003) shows what lowering churn by --churn-cut is worth, read as points and as a share of churn (Reichheld & Sasser 1990: 5% fewer defections, 25–85% more profit).`,
    )
    .option('--learn', 'learn churn from past outcomes (a churn column, an active flag or an end date on the customers): held-out AUC, calibration, drivers; scores every active customer into churn_scores')
    .option('--holdout <share>', 'with --learn: share of customers held out for the check', '0.25')
    .option('--seed <n>', 'with --learn: seed of the split', '1')
    .option('--exclude <columns>', 'with --learn: comma-separated columns to leave out (known only after the customer left)')
    .option('--window <days>', 'with --learn and order lines alone: churned = no purchase within this many days after a cutoff, for customers whose usual gap fits twice in it', '180')
    .option('--as-of <date>', 'as of this day (YYYY-MM-DD); default the day of the last order line')
    .option('--p-alive-below <p>', 'a model P(alive) below this is at risk', '0.5')
    .option('--overdue <gaps>', 'silent for at least this many of their usual gaps between purchases is at risk', '2')
    .option('--discount-rate <d>', 'annual discount rate of the retention economics', '0.1')
    .option('--churn-cut <share>', 'the churn reduction to price', '0.05')
    .option('--top <n>', 'customers shown in the table', '20')
    .option('--config <file>', 'value config (thresholds, margin rate …); default ./clientele.config.json if present')
    .option('--out <file>', 'write the win-back campaign to CSV (opted-out and let-go customers left out)')
    .option('--json', 'print JSON')
    .action(async (o: { learn?: boolean; holdout: string; seed: string; exclude?: string; window: string; asOf?: string; pAliveBelow: string; overdue: string; discountRate: string; churnCut: string; top: string; config?: string; out?: string; json?: boolean }) => {
      if (o.learn) {
        const options = {
          holdout: numberOption('--holdout', o.holdout, 0.01, 0.99),
          seed: numberOption('--seed', o.seed, 0, 2 ** 31),
          exclude: o.exclude ? o.exclude.split(',').map((c) => c.trim()).filter(Boolean) : [],
          config: loadValueConfig({ ...(o.config ? { config: o.config } : {}) }),
          windowDays: numberOption('--window', o.window, 14, 3650),
        };
        const r = await withStore(db(), (engine) => learnChurn(engine, options));
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
      const { r, contacts } = await withStore(db(), async (engine) => ({ r: await churnReport(engine, config, options), contacts: await loadContacts(engine) }));
      let exported: { rows: number; optedOut: number; letGo: number } | undefined;
      if (o.out) {
        const x = campaignExport(churnItems(r), contacts, CHURN_EXTRA_HEADERS);
        await writeCsv(o.out, x.headers, x.rows);
        exported = { rows: x.rows.length, optedOut: x.optedOut, letGo: r.byMethod['let go'] };
      }
      if (o.json) {
        printJson({ ...r, customers: r.customers.map((c) => ({ ...c, optOut: contacts.get(c.customerId)?.optOut === true })), ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      print(describeChurn(r, top, (id) => contacts.get(id)?.optOut === true));
      if (exported) print(`\n${formatNumber(exported.rows)} customers written to ${o.out}; left out: ${formatNumber(exported.optedOut)} opted out, ${formatNumber(exported.letGo)} let go.`);
    });
}

function describeChurn(r: ChurnReport, top: number, optedOut: (id: string) => boolean): string {
  const v = r.basis === 'profit' ? 'profit' : 'revenue';
  const lines = [
    `Churn and win-back as of ${r.asOf}: ${formatNumber(r.atRisk)} of ${formatNumber(r.buyers)} buyers at risk (${formatPercent(r.buyers ? r.atRisk / r.buyers : 0)}), ${v} at risk ${money(r.valueAtRisk)} a year`,
    `  ${r.pAlive.note}`,
    `  at risk: ${r.rules.pAliveBelow !== null ? `P(alive) < ${r.rules.pAliveBelow}, or ` : ''}silent for ≥ ${r.rules.overdueFactor}× their usual gap between purchases${r.rules.medianGapDays !== null ? ` (repeat buyers' median gap ${Math.round(r.rules.medianGapDays)} days, used for one-day buyers)` : ''}`,
    `  win-back: ${(['personal care', 'scenario offer', 'coupon', 'let go'] as const).map((m) => `${m} ${formatNumber(r.byMethod[m])}`).join(', ')}`,
  ];
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.customers.length && top > 0) {
    lines.push(`\nMost ${v} at risk${r.customers.length > top ? ` (first ${top})` : ''}:`);
    lines.push(
      table(
        ['customer', 'segment', 'tier', 'P(alive)', 'from', 'days silent', 'usual gap', '×', 'orders', v, `${v}/yr`, 'at risk/yr', 'win-back', 'why', 'opt-out'],
        r.customers.slice(0, top).map((c) => [
          c.customerId, c.segment, c.valueQuadrant, c.pAlive === null ? null : c.pAlive.toFixed(2), c.pAliveSource === 'learned' ? 'churn --learn' : c.pAliveSource === 'model' ? 'clv model' : 'proxy', c.recencyDays, `${Math.round(c.expectedGapDays)}${c.gapAssumed ? '*' : ''}`, c.overdue.toFixed(1),
          c.orders, Math.round(c.profit), Math.round(c.currentValue), Math.round(c.valueAtRisk), c.method, c.reasons[c.reasons.length - 1], optedOut(c.customerId) ? 'yes' : '',
        ]),
      ),
    );
    if (r.customers.slice(0, top).some((c) => c.gapAssumed)) lines.push('  * one purchase day: compared with the repeat buyers\' median gap');
  }
  const e = r.economics;
  if (e) {
    lines.push(`\nRetention economics (${e.active.toLocaleString('en-US')} customers bought in the last ${e.windowDays} days, ${v} ${money(e.meanAnnualProfit)} a year each):`);
    lines.push(`  annual retention ${formatPercent(e.retention)} (churn ${formatPercent(e.churn)}); future ${v} of the base F(r) = ${money(e.baseFutureProfit)} at d = ${e.discountRate}`);
    lines.push(
      table(
        ['lower churn', 'churn', 'customers kept/yr', `next year's ${v}`, `lifetime ${v} (PV)`],
        e.cuts.map((c) => [c.label, formatPercent(c.churn), Math.round(c.customersKept), `+${money(c.nextYearProfitGain)} (${formatPercent(c.nextYearProfitChange)})`, `+${money(c.lifetimeProfitGain)} (${formatPercent(c.lifetimeProfitChange)})`]),
      ),
    );
    lines.push(`  ${e.formula}`);
    lines.push(`  sources: ${e.sources.join('; ')}`);
  }
  return lines.join('\n');
}

function describeLearned(r: ChurnLearnResult, top: number): string {
  const lines = [
    `Churn learned from ${r.outcome.kind} "${r.outcome.column}": ${formatNumber(r.churned)} of ${formatNumber(r.known)} customers churned (${formatPercent(r.churned / r.known)})`,
    `  ${r.model}`,
    `  held out ${formatNumber(r.test)} of them: AUC ${r.auc.toFixed(3)}, Brier ${r.brier.toFixed(4)}, mean predicted ${formatPercent(r.calibrationSummary.meanPredicted)} against ${formatPercent(r.calibrationSummary.observed)} observed (calibration error ${r.calibrationSummary.error.toFixed(4)})`,
    `  left out of the features: ${r.excluded.join(', ') || 'nothing'}`,
    '\nWhat drives churn / 流失的主要因素:',
    ...r.drivers.map((d) => `  - ${d.en}\n    ${d.zh}`),
    `\n${formatNumber(r.scored.length)} active customers scored into churn_scores; value: ${r.value.source}${r.value.column ? ` (${r.value.column})` : ''}; expected loss = probability × value.`,
  ];
  if (top > 0 && r.scored.length) {
    lines.push(`\nHighest expected loss${r.scored.length > top ? ` (first ${top})` : ''}:`);
    lines.push(table(['customer', 'P(churn)', 'value', 'expected loss', 'why'], r.scored.slice(0, top).map((c) => [c.customerId, c.probability.toFixed(3), c.value === null ? null : money(c.value), c.expectedLoss === null ? null : money(c.expectedLoss), c.factors.join('; ')])));
  }
  return lines.join('\n');
}
