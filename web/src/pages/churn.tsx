import { useI18n } from '../i18n';
import { Card, NotAvailable } from '../ui/bits';
import { ServerTable, type Column } from '../ui/table';

type Row = Record<string, unknown>;
type Page = { total: number } & Record<string, unknown>;

/** The first list of objects in an answer: the churn route's shape is its own (it is being built elsewhere). */
function rowsOf(p: Page): Row[] {
  const arr = Object.values(p).find((v) => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object');
  return (arr as Row[] | undefined) ?? [];
}

const cell = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'number' ? (Math.abs(v) < 1 ? v.toFixed(3) : v.toLocaleString()) : typeof v === 'object' ? JSON.stringify(v) : String(v));

function columnsOf(rows: readonly Row[]): Column<Row>[] {
  return Object.keys(rows[0] ?? {})
    .slice(0, 10)
    .map((k) => ({ key: k, label: k, render: (r: Row) => (k === 'customer_id' || k === 'customerId' ? <a href={`#/customer/${encodeURIComponent(String(r[k]))}`}>{String(r[k])}</a> : cell(r[k])) }));
}

/** Shown when the server documents a churn route (GET /openapi.json); otherwise a clear "not available". */
export function ChurnPage(props: { path: string | null }) {
  const { t } = useI18n();
  if (!props.path) return <NotAvailable testId="churn-unavailable">{t('churnMissing')}</NotAvailable>;
  return (
    <div className="page" data-testid="churn">
      <Card title={t('churnTitle')} sub={t('churnSub')}>
        <ServerTable<Row, Page> path={props.path} rows={rowsOf} columns={columnsOf} rowKey={(r, i) => String(r.customer_id ?? r.customerId ?? i)} />
      </Card>
    </div>
  );
}
