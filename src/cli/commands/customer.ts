import type { Command } from 'commander';
import { describeSettings, explainCustomer, type CustomerExplanation } from '../../value/index.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withAnyStore } from '../context.js';
import { runningServer, viaServer } from '../server-client.js';
import { formatNumber, keyValues, table } from '../format.js';
import { fieldLabel, getLang, prose, t, term } from '../i18n/index.js';
import { formatMoney } from '../../report/money.js';
import { loadValueConfig, valueOptions, type ValueCliOptions } from './value.js';
import { customerIdFor } from '../../data/customer-key.js';


function evidenceText(e: Readonly<Record<string, number | string | null>>): string {
  return Object.entries(e)
    .map(([k, v]) => `${fieldLabel(k)} ${v === null ? t('cli.na') : typeof v === 'number' ? formatNumber(Math.round(v * 100) / 100) : term(String(v))}`)
    .join(t('value.listSeparator'));
}

function printExplanation(x: CustomerExplanation): void {
  // With the store's currency set, amounts carry its symbol and the locale's grouping (src/report/money.ts).
  const cur = x.settings?.find((u) => u.key === 'currency')?.value;
  const currency = typeof cur === 'string' ? cur : null;
  const money = (n: number) => (currency ? formatMoney(getLang(), n, { currency, smallDigits: 2 }) : formatNumber(Math.round(n * 100) / 100, 2));
  const f = x.figures;
  const na = t('cli.na');
  const title = t('customer.title', { id: x.customerId, asOf: x.asOf }) + (x.placeholder ? t('customer.placeholder') : '') + (x.type ? t('customer.type', { type: term(x.type) }) : '');
  print(`${title}\n`);
  print(
    keyValues([
      [t('customer.firstLast'), `${f.firstPurchase ?? t('customer.never')} / ${f.lastPurchase ?? t('customer.never')}`],
      [t('customer.ordersDays'), `${f.orders} / ${f.purchaseDays}`],
      [t('value.grossRevenue'), money(f.grossRevenue)],
      [t('value.returnsCancellations'), `${money(f.returns)} / ${money(f.cancellations)}`],
      [t('value.discounts'), money(f.discounts)],
      [t('customer.netRevenue'), money(f.netRevenue)],
      [t('value.costOfGoods'), `${money(f.costOfGoods)}${x.assumed.costOfGoods ? t('customer.assumedMargin') : ''}`],
      [t('value.costToServe'), `${money(f.costToServe)}${x.assumed.costToServe ? t('customer.assumedPerOrder') : ''}`],
      [t('value.badDebt'), money(f.badDebt)],
      [x.basis === 'profit' ? t('value.profit') : t('customer.netRevenueNoCosts'), money(f.profit)],
      [t('customer.settings'), describeSettings(x.settings, getLang())],
      [t('customer.tenureRecency'), `${f.tenureDays ?? na} / ${f.recencyDays ?? na}`],
      [t('customer.paymentsLate'), `${f.payments} / ${f.latePayments}${f.avgDaysLate === null ? '' : t('customer.avgLate', { days: formatNumber(f.avgDaysLate, 1) })}`],
      [t('customer.topCategory'), f.topCategory ?? na],
      [t('customer.satisfactionNps'), t('customer.satisfactionNps.detail', { satisfaction: f.satisfaction ?? na, nps: f.nps ?? na, surveys: f.surveys })],
      [t('customer.referrals'), String(f.referrals)],
    ]),
  );
  const m = x.matrices;
  print(`\n${t('customer.classes')}`);
  print(
    keyValues([
      ['RFM', x.rfm.r === null ? term(x.rfm.segment) : `R${x.rfm.r} F${x.rfm.f} M${x.rfm.m}: ${term(x.rfm.segment)}`],
      [t('customer.currentLongTerm'), t('customer.currentLongTerm.detail', { cell: m.currentLongTerm.cell ? term(m.currentLongTerm.cell) : na, current: money(m.currentLongTerm.currentValue), longTerm: money(m.currentLongTerm.longTermValue), source: term(m.currentLongTerm.source) })],
      [t('customer.valueLoyalty'), t('customer.valueLoyalty.detail', { cell: m.valueLoyalty.cell ? term(m.valueLoyalty.cell) : na, loyalty: formatNumber(m.valueLoyalty.loyalty, 2) })],
      [t('customer.satisfactionLoyalty'), m.satisfactionLoyalty.cell ? term(m.satisfactionLoyalty.cell) : `${na}: ${prose(m.satisfactionLoyalty.missing ?? '')}`],
    ]),
  );
  const score = x.goodScore === null ? na : formatNumber(x.goodScore, 1);
  print(`\n${t('customer.score', { score })}${x.scorePercentile === null ? '' : t('customer.percentile', { share: (Math.floor(x.scorePercentile * 1000) / 10).toFixed(1) })}`);
  print(table([t('customer.col.criterion'), t('customer.col.score'), t('customer.col.weight'), t('customer.col.points'), t('customer.col.evidence')], x.criteria.map((c) => [term(c.key), c.score === null ? na : c.score.toFixed(2), c.weight, c.contribution === null ? '' : c.contribution.toFixed(1), evidenceText(c.evidence)])));
  print(`\n${t('customer.flags')}`);
  print(table([t('customer.col.flag'), t('customer.col.raised'), t('customer.col.evidence')], x.flags.map((fl) => [term(fl.key), fl.raised ? t('customer.raised.yes') : t('customer.raised.no'), evidenceText(fl.evidence)])));
}

export function registerCustomer(program: Command, db: () => string): void {
  valueOptions(program.command('customer').argument('<id>', t('customer.arg.id')).summary(t('cmd.customer'))).action(
    async (id: string, o: ValueCliOptions) => {
      const config = loadValueConfig(o);
      // While `clientele serve` holds the store, the server explains the customer (cli/server-client.ts).
      const served = await runningServer(db());
      // A customer known by an email is stored under its surrogate (data/customer-key.ts): the email finds it.
      id = await customerIdFor(id);
      if (served) {
        if (o.asOf) throw new UsageError(t('value.asOfServed', { url: served.url }), t('customer.asOfServed.hint'));
        viaServer(served);
        const { explanation } = await served.get<{ explanation: CustomerExplanation }>(`/api/customers/${encodeURIComponent(id)}`);
        if (o.json) printJson(explanation);
        else printExplanation(explanation);
        return;
      }
      await withAnyStore(db(), async ({ engine }) => {
        const x = await explainCustomer(engine, id, { asOf: o.asOf, config });
        if (o.json) printJson(x);
        else printExplanation(x);
      });
    },
  );
}
