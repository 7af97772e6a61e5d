import type { Command } from 'commander';
import { describeSettings, explainCustomer, type CustomerExplanation } from '../../value/index.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, keyValues, table } from '../format.js';
import { loadValueConfig, valueOptions, type ValueCliOptions } from './value.js';

const money = (n: number) => formatNumber(Math.round(n * 100) / 100, 2);

function evidenceText(e: Readonly<Record<string, number | string | null>>): string {
  return Object.entries(e)
    .map(([k, v]) => `${k}=${v === null ? 'n/a' : typeof v === 'number' ? formatNumber(Math.round(v * 100) / 100) : v}`)
    .join(', ');
}

function printExplanation(x: CustomerExplanation): void {
  const f = x.figures;
  print(`Customer ${x.customerId} as of ${x.asOf}${x.placeholder ? ' (placeholder: attributes not imported)' : ''}${x.type ? `, ${x.type}` : ''}\n`);
  print(
    keyValues([
      ['first / last purchase', `${f.firstPurchase ?? 'never'} / ${f.lastPurchase ?? 'never'}`],
      ['orders / purchase days', `${f.orders} / ${f.purchaseDays}`],
      ['gross revenue', money(f.grossRevenue)],
      ['returns / cancellations', `${money(f.returns)} / ${money(f.cancellations)}`],
      ['discounts', money(f.discounts)],
      ['net revenue', money(f.netRevenue)],
      ['cost of goods', `${money(f.costOfGoods)}${x.assumed.costOfGoods ? ' (assumed margin where no product cost)' : ''}`],
      ['cost to serve', `${money(f.costToServe)}${x.assumed.costToServe ? ' (assumed per order)' : ''}`],
      ['bad debt', money(f.badDebt)],
      [x.basis === 'profit' ? 'profit' : 'net revenue (no costs known)', money(f.profit)],
      ['settings', describeSettings(x.settings)],
      ['tenure / recency (days)', `${f.tenureDays ?? 'n/a'} / ${f.recencyDays ?? 'n/a'}`],
      ['payments / late', `${f.payments} / ${f.latePayments}${f.avgDaysLate === null ? '' : `, ${formatNumber(f.avgDaysLate, 1)} days late on average`}`],
      ['top category', f.topCategory ?? 'n/a'],
      ['satisfaction / NPS', `${f.satisfaction ?? 'n/a'} / ${f.nps ?? 'n/a'} (${f.surveys} surveys)`],
      ['referrals', String(f.referrals)],
    ]),
  );
  const m = x.matrices;
  print('\nClasses:');
  print(
    keyValues([
      ['RFM', x.rfm.r === null ? x.rfm.segment : `R${x.rfm.r} F${x.rfm.f} M${x.rfm.m}: ${x.rfm.segment}`],
      ['current × long-term', `${m.currentLongTerm.label ?? 'n/a'} (current ${money(m.currentLongTerm.currentValue)}, long-term ${money(m.currentLongTerm.longTermValue)} from ${m.currentLongTerm.source})`],
      ['value × loyalty', `${m.valueLoyalty.label ?? 'n/a'} (loyalty ${formatNumber(m.valueLoyalty.loyalty, 2)})`],
      ['satisfaction × loyalty', m.satisfactionLoyalty.label ?? `n/a: ${m.satisfactionLoyalty.missing}`],
    ]),
  );
  print(`\nGood-customer score: ${x.goodScore === null ? 'n/a' : formatNumber(x.goodScore, 1)} / 100${x.scorePercentile === null ? '' : ` (better than ${(Math.floor(x.scorePercentile * 1000) / 10).toFixed(1)}% of scored customers)`}`);
  print(table(['criterion', 'score', 'weight', 'points', 'evidence'], x.criteria.map((c) => [c.label, c.score === null ? 'n/a' : c.score.toFixed(2), c.weight, c.contribution === null ? '' : c.contribution.toFixed(1), evidenceText(c.evidence)])));
  print('\nFlags:');
  print(table(['flag', 'raised', 'evidence'], x.flags.map((fl) => [fl.label, fl.raised ? 'YES' : 'no', evidenceText(fl.evidence)])));
}

export function registerCustomer(program: Command, db: () => string): void {
  valueOptions(program.command('customer').argument('<id>', 'customer id').summary('explain one customer: figures, classes, criteria and flags with evidence')).action(
    async (id: string, o: ValueCliOptions) => {
      const config = loadValueConfig(o);
      await withStore(db(), async (engine) => {
        const x = await explainCustomer(engine, id, { asOf: o.asOf, config });
        if (o.json) printJson(x);
        else printExplanation(x);
      });
    },
  );
}
