/** The customer list as every page shows it: figures only, sorted and paged on the server. */
import { ENDPOINTS } from '../endpoints';
import { moneyCompact, day, money, num } from '../format';
import { nameOf, useI18n } from '../i18n';
import { go } from '../router';
import type { CustomerPage, CustomerRow } from '../types';
import { SegmentBadge, Signed } from './bits';
import { ServerTable, type Column } from './table';

export function CustomerTable(props: { rule?: string; segment?: string; saved?: string; testId?: string; pageSize?: number }) {
  const { t, lang } = useI18n();
  const flags = (r: CustomerRow) =>
    (
      [
        [r.flag_loss_making, 'flag.loss'],
        [r.flag_bad_debt, 'flag.debt'],
        [r.flag_chronic_late, 'flag.late'],
        [r.flag_off_strategy, 'flag.off'],
        [r.flag_costs_more_than_brings, 'flag.cost'],
      ] as const
    )
      .filter(([on]) => on)
      .map(([, k]) => (
        <span key={k} className="flag-tag">
          {t(k)}
        </span>
      ));
  const columns: Column<CustomerRow>[] = [
    { key: 'id', label: t('customer'), sort: 'customerId', render: (r) => <a href={`#/customer/${encodeURIComponent(r.customer_id)}`} onClick={(e) => e.stopPropagation()}>{r.customer_id}</a> },
    { key: 'country', label: t('country'), render: (r) => <span className="nowrap">{r.country ?? '—'}</span> },
    { key: 'segment', label: t('segment'), render: (r) => <SegmentBadge name={r.segment} /> },
    { key: 'quadrant', label: t('quadrant'), render: (r) => (r.value_quadrant ? <span title={nameOf(lang, r.value_quadrant)}>{r.value_quadrant}</span> : '—') },
    { key: 'orders', label: t('orders'), sort: 'orders', align: 'right', render: (r) => num(lang, r.orders) },
    { key: 'revenue', label: t('netRevenue'), sort: 'revenue', align: 'right', render: (r) => money(lang, r.net_revenue) },
    { key: 'profit', label: t('profit'), sort: 'profit', align: 'right', render: (r) => <Signed value={r.profit} text={money(lang, r.profit)} /> },
    { key: 'ltv', label: t('longTermValue'), sort: 'longTermValue', align: 'right', render: (r) => moneyCompact(lang, r.long_term_value) },
    { key: 'score', label: t('goodScore'), sort: 'goodScore', align: 'right', render: (r) => num(lang, r.good_score) },
    { key: 'last', label: t('lastPurchase'), sort: 'lastPurchase', render: (r) => day(r.last_purchase) },
    { key: 'flags', label: t('flags'), render: (r) => <span className="flags">{flags(r)}</span> },
  ];
  const query = props.rule !== undefined ? { rule: props.rule } : { segment: props.segment, saved: props.saved };
  return (
    <ServerTable<CustomerRow, CustomerPage>
      path={ENDPOINTS.customers}
      query={query}
      rows={(p) => p.customers}
      columns={columns}
      rowKey={(r) => r.customer_id}
      initialSort={{ sort: 'profit', order: 'desc' }}
      pageSize={props.pageSize ?? 20}
      onRow={(r) => go('customer', r.customer_id)}
      testId={props.testId ?? 'customer-table'}
    />
  );
}
