import type { Command } from 'commander';
import { t, tOr } from '../i18n/index.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, keyValues } from '../format.js';

const money = (n: number) => formatNumber(Math.round(n));

export function registerSubscriptions(program: Command, db: () => string): void {
  const sub = program
    .command('subscriptions')
    .summary('contracts and subscriptions: bill recurring revenue into order lines, or derive subscriptions from a customers file with tenure and charges')
    .description(
      `Contract and subscription businesses (telecoms, banks, insurers, SaaS, memberships): each subscription has a customer, a plan,
a start, an end (or none while active), a billing period (week, month, quarter, year) and a recurring charge, optionally a cost and
services. Import them with: clientele import subscriptions FILE, then run clientele subscriptions bill.

Billing turns each subscription into one sale line of its plan per billing period (from the start, before the end, up to --as-of),
so value, the whale curve, matrices, segments, portraits, churn and the report count recurring revenue as they count order lines;
plans become products at their recurring cost (one per cost), so margin is counted when costs are known. Re-billing replaces only the
billing lines (order ids sub:…, category subscription): a business may have order lines too.

clientele clv fit --model sbg fits retention by cohort on the subscriptions (Fader & Hardie 2007).`,
    );

  sub
    .command('bill')
    .summary('replace the billing lines with those of every subscription up to --as-of')
    .option('--as-of <date>', 'bill periods starting on or before this day (YYYY-MM-DD); default today (UTC)')
    .option('--json', t('cli.json'))
    .action(async (o: { asOf?: string; json?: boolean }) => {
      const { billSubscriptions } = await import('../../subscriptions/index.js');
      const r = await withStore(db(), (engine) => billSubscriptions(engine, o.asOf ? { asOf: o.asOf } : {}));
      if (o.json) return printJson(r);
      print(describeBilling(r));
    });

  sub
    .command('from-customers')
    .summary('derive one subscription per customer from columns of the customers file (defaults: a telecom file)')
    .description(
      `For a customers file that carries tenure and charges, such as a telecom's (customerID, tenure, Contract, MonthlyCharges,
TotalCharges, services, Churn): start = --as-of − tenure periods; a churned customer (--churn column yes / 1 / true) ended on
--as-of after paying for tenure periods; the others are active. Then bills them (see subscriptions bill).
Import the file first: clientele import customers FILE (the columns are kept as attributes).`,
    )
    .option('--tenure <column>', 'whole billing periods the customer has been with you', 'tenure')
    .option('--charge <column>', 'recurring charge per billing period', 'MonthlyCharges')
    .option('--churn <column>', 'churned yes/no; "none" when the file has none', 'Churn')
    .option('--plan <column>', 'plan or contract type; "none" when the file has none', 'Contract')
    .option('--cost <column>', 'recurring cost per billing period (for margin)')
    .option('--services <columns>', 'comma-separated service columns kept with the subscription', 'PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies')
    .option('--period <p>', 'billing period: week, month, quarter or year', 'month')
    .option('--as-of <date>', 'the day the file describes (YYYY-MM-DD); default today (UTC)')
    .option('--json', t('cli.json'))
    .action(async (o: { tenure: string; charge: string; churn: string; plan: string; cost?: string; services: string; period: string; asOf?: string; json?: boolean }) => {
      const { billingPeriod, subscriptionsFromStoreCustomers } = await import('../../subscriptions/index.js');
      const none = (v: string) => (v.toLowerCase() === 'none' ? null : v);
      const map = { tenure: o.tenure, charge: o.charge, churn: none(o.churn), plan: none(o.plan), cost: o.cost ?? null, services: o.services.split(',').map((s) => s.trim()).filter(Boolean), period: billingPeriod(o.period) };
      const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
      const r = await withStore(db(), (engine) => subscriptionsFromStoreCustomers(engine, map, asOf));
      if (o.json) return printJson(r);
      print(`${formatNumber(r.created)} subscriptions derived from the customers (${formatNumber(r.skipped)} left out: no whole-number ${o.tenure} or no ${o.charge}, or churned with tenure 0).`);
      print(describeBilling(r));
    });
}

function describeBilling(r: { asOf: string; subscriptions: number; active: number; ended: number; lines: number; recurringRevenue: number; recurringMargin: number | null; inactiveWithoutEnd: number }): string {
  return keyValues([
    ['as of', r.asOf],
    ['subscriptions', `${formatNumber(r.subscriptions)} (${formatNumber(r.active)} active, ${formatNumber(r.ended)} ended)`],
    ['billing lines', `${formatNumber(r.lines)} in order_lines (category subscription)`],
    ['recurring revenue', money(r.recurringRevenue)],
    ['recurring margin', r.recurringMargin === null ? 'unknown: no recurring cost (import a cost column, or set a margin rate in the value config)' : money(r.recurringMargin)],
    ...(r.inactiveWithoutEnd ? ([['note', `${formatNumber(r.inactiveWithoutEnd)} inactive without an end date: billed for their first period only`]] as Array<[string, string]>) : []),
    ['next', 'clientele value; clientele clv fit --model sbg'],
  ]);
}
