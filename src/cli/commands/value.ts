import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { CRITERIA, computeValue, describeSettings, normalizeValueConfig, saveFirstGiven, withOverrides, type ValueConfig, type ValueReport } from '../../value/index.js';
import { print, printJson, withAnyStore } from '../context.js';
import { runningServer, viaServer } from '../server-client.js';
import { optionalNumberOption } from '../options.js';
import { formatNumber, formatPercent, keyValues, table } from '../format.js';
import { getLang, prose, t, term, tOr } from '../i18n/index.js';
import { formatMoney } from '../../report/money.js';
import type { RecurringRevenue } from '../../subscriptions/index.js';

export interface ValueCliOptions {
  asOf?: string;
  marginRate?: string;
  costPerOrder?: string;
  lostAfter?: string;
  config?: string;
  json?: boolean;
}

/** The config: --config FILE, else ./clientele.config.json when present, else defaults; flags override it. */
export function loadValueConfig(o: ValueCliOptions): ValueConfig {
  const file = o.config ?? (existsSync('clientele.config.json') ? 'clientele.config.json' : undefined);
  let raw: unknown = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(t('value.config.unreadable', { file }));
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new UsageError(t('value.config.badJson', { file, reason: e instanceof Error ? e.message : String(e) }));
    }
    if (raw && typeof raw === 'object' && 'value' in raw && typeof (raw as { value: unknown }).value === 'object') raw = (raw as { value: unknown }).value;
  }
  return withOverrides(normalizeValueConfig(raw), {
    marginRate: optionalNumberOption('--margin-rate', o.marginRate, -1, 1),
    costPerOrder: optionalNumberOption('--cost-per-order', o.costPerOrder, 0, Number.MAX_VALUE),
    lostAfterDays: optionalNumberOption('--lost-after', o.lostAfter, 1, Number.MAX_VALUE),
  });
}

/** The options `value` and `customer` share. */
export function valueOptions(c: Command): Command {
  return c
    .option('--as-of <date>', t('value.opt.asOf'))
    .option('--margin-rate <r>', t('value.opt.marginRate'))
    .option('--cost-per-order <c>', t('value.opt.costPerOrder'))
    .option('--lost-after <days>', t('value.opt.lostAfter'))
    .option('--config <file>', t('value.opt.config'))
    .option('--json', t('cli.json'));
}

const pct = (s: number | null) => (s === null ? t('cli.na') : formatPercent(s));

function printReport(r: ValueReport): void {
  // The store's currency, when one is set (clientele config set currency CNY): amounts with its symbol and the
  // locale's grouping, 万 and 亿 in zh-CN (src/report/money.ts, as the report and the dashboard show them).
  const cur = r.settings?.find((x) => x.key === 'currency')?.value;
  const currency = typeof cur === 'string' ? cur : null;
  const money = (n: number) => (currency ? formatMoney(getLang(), n, { currency }) : formatNumber(Math.round(n)));
  const cell = (n: number) => (currency ? money(n) : Math.round(n));
  const what = r.basis === 'profit' ? t('value.basis.profit') : t('value.basis.revenue');
  const basisWord = r.whale.basis === 'profit' ? t('value.col.profit') : t('value.col.revenue');
  const source = (s: string, assumed: boolean) => `[${term(s)}${assumed ? t('value.assumedSuffix') : ''}]`;
  print(`${t(r.reused ? 'value.title.reused' : 'value.title', { asOf: r.asOf })}\n`);
  print(
    keyValues([
      [t('value.customers'), t('value.customers.detail', { total: formatNumber(r.customers.total), buyers: formatNumber(r.customers.buyers), without: formatNumber(r.customers.withoutOrders), placeholders: formatNumber(r.customers.placeholders) })],
      [t('value.grossRevenue'), money(r.revenue.gross)],
      [t('value.returnsCancellations'), `${money(r.revenue.returns)} / ${money(r.revenue.cancellations)}`],
      [t('value.discounts'), money(r.revenue.discounts)],
      [t('value.netRevenue'), money(r.revenue.net)],
      [t('value.unattributed'), t('value.unattributed.detail', { amount: money(r.revenue.unattributed.net), lines: formatNumber(r.revenue.unattributed.lines) })],
      [t('value.costOfGoods'), `${money(r.profit.costOfGoods)}  ${source(r.sources.costOfGoods, r.assumed.costOfGoods)}`],
      [t('value.costToServe'), `${money(r.profit.costToServe)}  ${source(r.sources.costToServe, r.assumed.costToServe)}`],
      [t('value.badDebt'), money(r.profit.badDebt)],
      [t('value.profit'), r.profit.available ? money(r.profit.profit) : t('value.profit.unavailable')],
      [t('value.loseMoney'), r.profit.available ? t('value.loseMoney.detail', { n: formatNumber(r.customers.lossMaking), amount: money(r.profit.loss) }) : t('cli.na')],
    ]),
  );
  for (const n of r.assumed.notes) print(`  ${t('cli.notePrefix')}${prose(n)}`);
  print(`  ${t('value.settings', { settings: describeSettings(r.settings, getLang()) })}`);
  const w = r.whale;
  print(`\n${t('value.whale.title', { what })}`);
  print(
    keyValues([
      [t('value.whale.top20'), t('value.whale.top20.detail', { share: pct(w.top20Share), basis: basisWord })],
      [t('value.whale.peak'), t('value.whale.peak.detail', { share: pct(w.peak.share), customerShare: pct(w.peak.customerShare), n: formatNumber(w.peak.customers) })],
      [t('value.whale.tail'), t('value.whale.tail.detail', { n: formatNumber(w.lossTail.customers), customerShare: pct(w.lossTail.customerShare), consumed: pct(w.lossTail.consumedShareOfPeak) })],
      [
        t('value.whale.bottom30'),
        w.bottom30.value < 0
          ? t('value.whale.bottom30.loss', { value: money(w.bottom30.value), consumed: pct(w.bottom30.consumedShareOfTop70) })
          : t('value.whale.bottom30.gain', { value: money(w.bottom30.value), share: pct(w.total > 0 ? w.bottom30.value / w.total : null) }),
      ],
    ]),
  );
  print('\n' + table([t('value.col.decile'), t('value.col.customers'), basisWord, t('value.col.share')], w.deciles.map((d) => [`${d.decile}`, d.customers, cell(d.value), w.total > 0 ? formatPercent(d.value / w.total) : ''])));
  print(`\n${t('value.rfm.title')}`);
  const withProfit = w.basis === 'profit';
  print(table([t('value.col.segment'), t('value.col.customers'), t('value.col.revenue'), ...(withProfit ? [t('value.col.profit')] : [])], r.rfm.segments.map((s) => [term(s.segment), s.customers, cell(s.revenue), ...(withProfit ? [cell(s.profit)] : [])])));
  print(`\n${t('value.rfm.grid')}`);
  print(table(['R\\F', '1', '2', '3', '4', '5'], [5, 4, 3, 2, 1].map((rr) => [`R${rr}`, ...r.rfm.grid[rr - 1]])));
  const m = r.matrices;
  for (const [title, mx] of [
    [t('value.matrix.currentLongTerm', { source: term(m.currentLongTerm.longTermSource) }), m.currentLongTerm],
    [t('value.matrix.valueLoyalty'), m.valueLoyalty],
    [t('value.matrix.satisfactionLoyalty'), m.satisfactionLoyalty],
  ] as const) {
    const axis = (a: typeof mx.x) => t('value.matrix.axis', { name: prose(a.name), threshold: a.threshold === null ? t('cli.na') : formatNumber(a.threshold, 2), how: prose(a.how) });
    print(`\n${t('value.matrix.line', { title, x: axis(mx.x), y: axis(mx.y) })}`);
    if (!mx.available) {
      print(`  ${t('value.matrix.unavailable', { missing: prose(mx.missing ?? '') })}`);
      continue;
    }
    print(table([t('value.col.cell'), t('value.col.customers'), t('value.col.revenue'), ...(withProfit ? [t('value.col.profit')] : [])], mx.cells.map((c) => [term(c.cell), c.customers, cell(c.revenue), ...(withProfit ? [cell(c.profit)] : [])])));
  }
  for (const f of m.currentLongTerm.formulas) print(`  ${prose(f)}`);
  const c = r.criteria;
  print(`\n${t('value.criteria.title')}`);
  print(
    keyValues([
      [t('value.criteria.average'), c.averageScore === null ? t('cli.na') : formatNumber(c.averageScore, 1)],
      [t('value.criteria.scored'), c.scored.map((k) => term(k)).join(t('value.listSeparator'))],
      [t('value.criteria.flagged'), t('value.criteria.flagged.detail', { n: formatNumber(c.flagged), lossMaking: c.flags.lossMaking, costsMore: c.flags.costsMoreThanBrings, badDebt: c.flags.badDebt, chronicLate: c.flags.chronicLate, offStrategy: c.flags.offStrategy })],
    ]),
  );
  for (const n of c.notScored) print(`  ${t('value.criteria.notScored', { criterion: labelOfCriterion(n.criterion), needs: prose(n.needs) })}`);
  print(`\n${t('value.next')}`);
}

/** A criterion named by its English label (the report gives labels): its label in the current language. */
function labelOfCriterion(label: string): string {
  const key = CRITERION_KEYS_BY_LABEL[label];
  return key ? term(key) : prose(label);
}

const CRITERION_KEYS_BY_LABEL: Readonly<Record<string, string>> = Object.fromEntries(CRITERIA.map((c) => [c.label, c.key]));

/** Recurring revenue and its margin beside the portfolio (subscriptions billed into order lines). */
function describeRecurring(r: ValueReport, rec: { lines: number; customers: number; revenue: number; margin: number | null; marginFrom: string }): string {
  const cur = r.settings?.find((x) => x.key === 'currency')?.value;
  const money = (n: number) => (typeof cur === 'string' ? formatMoney(getLang(), n, { currency: cur }) : formatNumber(Math.round(n)));
  const share = r.revenue.net ? `${((100 * rec.revenue) / r.revenue.net).toFixed(1)}%` : '—';
  return keyValues([
    [t('value.recurring.revenue'), t('value.recurring.revenueValue', { revenue: money(rec.revenue), share, lines: formatNumber(rec.lines), customers: formatNumber(rec.customers) })],
    [t('value.recurring.margin'), rec.margin === null ? t('value.recurring.marginUnknown') : t('value.recurring.marginValue', { margin: money(rec.margin), rate: rec.revenue ? `${((100 * rec.margin) / rec.revenue).toFixed(1)}%` : '—', from: tOr(`value.recurring.from.${rec.marginFrom}`, rec.marginFrom) })],
  ]);
}

export function registerValue(program: Command, db: () => string): void {
  valueOptions(
    program
      .command('value')
      .summary(t('cmd.value')),
  ).action(async (o: ValueCliOptions) => {
    const config = loadValueConfig(o);
    // While `clientele serve` holds the store, its run is the answer (cli/server-client.ts).
    const served = await runningServer(db());
    if (served) {
      if (o.asOf) throw new UsageError(t('value.asOfServed', { url: served.url }), t('value.asOfServed.hint'));
      viaServer(served);
      const report = await served.get<ValueReport & { recurring?: RecurringRevenue | null }>('/api/value');
      if (o.json) printJson(report);
      else {
        printReport(report);
        if (report.recurring) print(`\n${describeRecurring(report, report.recurring)}`);
      }
      return;
    }
    await withAnyStore(db(), async ({ engine }) => {
      const report = await computeValue(engine, { asOf: o.asOf, config });
      // The run's customer list, sorted every way the dashboard sorts, is prepared with the run (the latest one
      // only), so the server's first page after this run needs no build (catalog/customer-list.ts).
      if (!o.asOf) await (await import('../../catalog/index.js')).refreshCustomerList(engine, { runId: report.runId, asOf: report.asOf });
      // The first cost assumption given on the command line stays with the store (value/settings.ts).
      const saved = await saveFirstGiven(engine, {
        ...(o.marginRate !== undefined ? { marginRate: config.marginRate ?? undefined } : {}),
        ...(o.costPerOrder !== undefined ? { costPerOrder: config.costPerOrder ?? undefined } : {}),
      });
      // Big-customer risk (大客户风险) beside the portfolio: concentration of profit (src/decide).
      const { bigCustomerRisk } = await import('../../decide/index.js');
      const risk = await bigCustomerRisk(engine, report.asOf);
      // Recurring revenue and margin of subscriptions (billed into order lines), when the store has any.
      const subscriptions = await import('../../subscriptions/index.js');
      // On a ClickHouse store the billing lines are on the cluster, read there (LineSource.recurringRevenueLines).
      const recurring = await subscriptions.recurringRevenue(engine, report.asOf, report.config.marginRate);
      if (o.json) printJson({ ...report, recurring, savedSettings: saved, bigCustomers: risk });
      else {
        printReport(report);
        if (recurring) print(`\n${describeRecurring(report, recurring)}`);
        print(`\n${(await import('./decide.js')).concentrationText(risk)}\n${t('value.bigCustomersHint')}`);
        if (saved.length) print(`\n${t('value.savedSettings', { keys: saved.join(t('value.listSeparator')) })}`);
      }
    });
  });
}
