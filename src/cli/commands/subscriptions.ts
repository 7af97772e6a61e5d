import type { Command } from 'commander';
import { t } from '../i18n/index.js';
import { print, printJson, refreshClusterFacts, withAnyStore, type OpenedStore } from '../context.js';
import { formatNumber, keyValues } from '../format.js';

const money = (n: number) => formatNumber(Math.round(n));

export function registerSubscriptions(program: Command, db: () => string): void {
  const sub = program
    .command('subscriptions')
    .summary(t('cmd.subscriptions'))
    .description(t('subscriptions.description'));

  sub
    .command('bill')
    .summary(t('subscriptions.bill'))
    .option('--as-of <date>', t('subscriptions.opt.billAsOf'))
    .option('--json', t('cli.json'))
    .action(async (o: { asOf?: string; json?: boolean }) => {
      const { billSubscriptions } = await import('../../subscriptions/index.js');
      const r = await withAnyStore(db(), (store) => billOnStore(store, (refresh) => billSubscriptions(store.engine, { ...(o.asOf ? { asOf: o.asOf } : {}), refreshFacts: refresh })));
      if (o.json) return printJson(r);
      print(describeBilling(r));
    });

  sub
    .command('from-customers')
    .summary(t('subscriptions.fromCustomers'))
    .description(t('subscriptions.fromCustomers.description'))
    .option('--tenure <column>', t('subscriptions.opt.tenure'), 'tenure')
    .option('--charge <column>', t('subscriptions.opt.charge'), 'MonthlyCharges')
    .option('--churn <column>', t('subscriptions.opt.churn'), 'Churn')
    .option('--plan <column>', t('subscriptions.opt.plan'), 'Contract')
    .option('--cost <column>', t('subscriptions.opt.cost'))
    .option('--services <columns>', t('subscriptions.opt.services'), 'PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies')
    .option('--period <p>', t('subscriptions.opt.period'), 'month')
    .option('--as-of <date>', t('subscriptions.opt.asOf'))
    .option('--json', t('cli.json'))
    .action(async (o: { tenure: string; charge: string; churn: string; plan: string; cost?: string; services: string; period: string; asOf?: string; json?: boolean }) => {
      const { billingPeriod, subscriptionsFromStoreCustomers } = await import('../../subscriptions/index.js');
      const none = (v: string) => (v.toLowerCase() === 'none' ? null : v);
      const map = { tenure: o.tenure, charge: o.charge, churn: none(o.churn), plan: none(o.plan), cost: o.cost ?? null, services: o.services.split(',').map((s) => s.trim()).filter(Boolean), period: billingPeriod(o.period) };
      const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
      const r = await withAnyStore(db(), (store) => billOnStore(store, (refresh) => subscriptionsFromStoreCustomers(store.engine, map, asOf, { refreshFacts: refresh })));
      if (o.json) return printJson(r);
      print(t('subscriptions.derived', { created: formatNumber(r.created), skipped: formatNumber(r.skipped), tenure: o.tenure, charge: o.charge }));
      print(describeBilling(r));
    });
}

/**
 * Bills on either store. On a ClickHouse store the bill is written into the companion, then its lines replace every
 * billing line on the cluster (staged and attached per shard, as an import; undone by `imports remove` of the
 * subscriptions import, as on a DuckDB store), and the customer facts are computed on the cluster.
 */
export async function billOnStore<T>({ engine, cluster }: OpenedStore, bill: (refreshFacts: boolean) => Promise<T>): Promise<T> {
  if (!cluster) return bill(true);
  const r = await bill(false);
  const { moveBillingToCluster } = await import('../../engine/clickhouse/cluster-store.js');
  await moveBillingToCluster(cluster);
  await refreshClusterFacts(engine, cluster);
  return r;
}

export function describeBilling(r: { asOf: string; subscriptions: number; active: number; ended: number; lines: number; recurringRevenue: number; recurringMargin: number | null; inactiveWithoutEnd: number }): string {
  return keyValues([
    [t('subscriptions.asOf'), r.asOf],
    [t('subscriptions.subscriptions'), t('subscriptions.counts', { total: formatNumber(r.subscriptions), active: formatNumber(r.active), ended: formatNumber(r.ended) })],
    [t('subscriptions.lines'), t('subscriptions.linesValue', { n: formatNumber(r.lines) })],
    [t('subscriptions.revenue'), money(r.recurringRevenue)],
    [t('subscriptions.margin'), r.recurringMargin === null ? t('subscriptions.marginUnknown') : money(r.recurringMargin)],
    ...(r.inactiveWithoutEnd ? ([[t('subscriptions.note'), t('subscriptions.inactive', { n: formatNumber(r.inactiveWithoutEnd) })]] as Array<[string, string]>) : []),
    [t('subscriptions.next'), 'clientele value; clientele clv fit --model sbg'],
  ]);
}
