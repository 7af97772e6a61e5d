import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { computeValue, normalizeValueConfig, withOverrides, type ValueConfig, type ValueReport } from '../../value/index.js';
import { print, printJson, withStore } from '../context.js';
import { optionalNumberOption } from '../options.js';
import { formatNumber, formatPercent, keyValues, table } from '../format.js';

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
      throw new UsageError(`--config ${file}: cannot read the file`);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
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
    .option('--as-of <date>', 'analyse as of this day (YYYY-MM-DD); default the day of the last order line')
    .option('--margin-rate <r>', 'gross margin rate for products without unit_cost or margin_rate (assumed, and said so)')
    .option('--cost-per-order <c>', 'cost to serve per order when there are no service costs (assumed, and said so)')
    .option('--lost-after <days>', 'buyers silent for more than this many days are "Lost"')
    .option('--config <file>', 'JSON config (thresholds, weights, flags: its "value" section, or the whole file); default ./clientele.config.json if present')
    .option('--json', 'print JSON');
}

const money = (n: number) => formatNumber(Math.round(n));
const pct = (s: number | null) => (s === null ? 'n/a' : formatPercent(s));

function printReport(r: ValueReport): void {
  const what = r.basis === 'profit' ? 'profit' : 'revenue (no costs known)';
  print(`Customer value as of ${r.asOf}${r.reused ? ' (stored run reused)' : ''}\n`);
  print(
    keyValues([
      ['customers', `${formatNumber(r.customers.total)} (${formatNumber(r.customers.buyers)} bought; ${formatNumber(r.customers.withoutOrders)} with no orders count as zero revenue; ${formatNumber(r.customers.placeholders)} placeholders created from order lines)`],
      ['gross revenue', money(r.revenue.gross)],
      ['returns / cancellations', `${money(r.revenue.returns)} / ${money(r.revenue.cancellations)}`],
      ['discounts', money(r.revenue.discounts)],
      ['net revenue (customers)', money(r.revenue.net)],
      ['unattributed (no customer)', `${money(r.revenue.unattributed.net)} on ${formatNumber(r.revenue.unattributed.lines)} lines, not in any customer's figures`],
      ['cost of goods', `${money(r.profit.costOfGoods)}  [${r.sources.costOfGoods}${r.assumed.costOfGoods ? ', assumed' : ''}]`],
      ['cost to serve', `${money(r.profit.costToServe)}  [${r.sources.costToServe}${r.assumed.costToServe ? ', assumed' : ''}]`],
      ['bad debt', money(r.profit.badDebt)],
      ['profit', r.profit.available ? money(r.profit.profit) : 'cannot be computed: no costs (figures below use net revenue)'],
      ['lose money', r.profit.available ? `${formatNumber(r.customers.lossMaking)} customers, ${money(r.profit.loss)}` : 'n/a'],
    ]),
  );
  for (const n of r.assumed.notes) print(`  note: ${n}`);
  const w = r.whale;
  print(`\nWhale curve (${what}), Sherden's 80/20/30:`);
  print(
    keyValues([
      ['top 20% of customers', `${pct(w.top20Share)} of ${w.basis}`],
      ['peak of the curve', `${pct(w.peak.share)} at ${pct(w.peak.customerShare)} of customers (${formatNumber(w.peak.customers)})`],
      ['loss-making tail', `${formatNumber(w.lossTail.customers)} customers (${pct(w.lossTail.customerShare)}) consume ${pct(w.lossTail.consumedShareOfPeak)} of the peak`],
      [
        'bottom 30% of customers',
        w.bottom30.value < 0
          ? `${money(w.bottom30.value)}: consume ${pct(w.bottom30.consumedShareOfTop70)} of what the top 70% bring`
          : `${money(w.bottom30.value)} (${pct(w.total > 0 ? w.bottom30.value / w.total : null)} of the total; they lose nothing in sum)`,
      ],
    ]),
  );
  print('\n' + table(['decile', 'customers', w.basis, 'share'], w.deciles.map((d) => [`${d.decile}`, d.customers, Math.round(d.value), w.total > 0 ? formatPercent(d.value / w.total) : ''])));
  print('\nRFM segments:');
  const withProfit = w.basis === 'profit';
  print(table(['segment', 'customers', 'revenue', ...(withProfit ? ['profit'] : [])], r.rfm.segments.map((s) => [s.segment, s.customers, Math.round(s.revenue), ...(withProfit ? [Math.round(s.profit)] : [])])));
  print('\nR×F grid (rows R 5→1, columns F 1→5):');
  print(table(['R\\F', '1', '2', '3', '4', '5'], [5, 4, 3, 2, 1].map((rr) => [`R${rr}`, ...r.rfm.grid[rr - 1]])));
  const m = r.matrices;
  for (const [title, mx] of [
    [`Current × long-term value (long-term: ${m.currentLongTerm.longTermSource})`, m.currentLongTerm],
    ['Value × loyalty', m.valueLoyalty],
    ['Satisfaction × loyalty', m.satisfactionLoyalty],
  ] as const) {
    print(`\n${title}: ${mx.x.name} ≥ ${mx.x.threshold === null ? 'n/a' : formatNumber(mx.x.threshold, 2)} (${mx.x.how}); ${mx.y.name} ≥ ${mx.y.threshold === null ? 'n/a' : formatNumber(mx.y.threshold, 2)} (${mx.y.how})`);
    if (!mx.available) {
      print(`  not available: needs ${mx.missing}`);
      continue;
    }
    print(table(['cell', 'customers', 'revenue', ...(withProfit ? ['profit'] : [])], mx.cells.map((c) => [c.label, c.customers, Math.round(c.revenue), ...(withProfit ? [Math.round(c.profit)] : [])])));
  }
  for (const f of m.currentLongTerm.formulas) print(`  ${f}`);
  const c = r.criteria;
  print('\nGood and bad customers:');
  print(
    keyValues([
      ['average good-customer score', c.averageScore === null ? 'n/a' : formatNumber(c.averageScore, 1)],
      ['criteria scored', c.scored.join(', ')],
      ['flagged customers', `${formatNumber(c.flagged)} (loss-making ${c.flags.lossMaking}, costs more than brings ${c.flags.costsMoreThanBrings}, bad debt ${c.flags.badDebt}, chronic late ${c.flags.chronicLate}, off strategy ${c.flags.offStrategy})`],
    ]),
  );
  for (const n of c.notScored) print(`  not scored: ${n.criterion} (needs ${n.needs})`);
  print('\nExplain one customer with: clientele customer ID');
}

export function registerValue(program: Command, db: () => string): void {
  valueOptions(
    program
      .command('value')
      .summary('portfolio value: profit, whale curve (80/20/30), RFM segments, value matrices, good and bad customers'),
  ).action(async (o: ValueCliOptions) => {
    const config = loadValueConfig(o);
    await withStore(db(), async (engine) => {
      const report = await computeValue(engine, { asOf: o.asOf, config });
      // Big-customer risk (大客户风险) beside the portfolio: concentration of profit (src/decide).
      const { bigCustomerRisk } = await import('../../decide/index.js');
      const risk = await bigCustomerRisk(engine, report.asOf);
      if (o.json) printJson({ ...report, bigCustomers: risk });
      else {
        printReport(report);
        print(`\n${(await import('./decide.js')).concentrationText(risk)}\nThe large customers and their signals: clientele big-customers`);
      }
    });
  });
}
