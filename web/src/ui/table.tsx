/**
 * A table whose rows come a page at a time from the server, sorted there: the browser never holds more than a
 * page, whether the store has a thousand customers or a million.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { Query } from '../api';
import { num } from '../format';
import { useI18n } from '../i18n';
import { useApi } from './use-api';
import { ErrorBox, Loading } from './bits';

export interface Column<R> {
  readonly key: string;
  readonly label: string;
  /** The server's sort key for this column, if it can sort by it. */
  readonly sort?: string;
  readonly align?: 'right' | 'left' | 'center';
  readonly render: (row: R) => ReactNode;
}

export interface PageShape {
  readonly total: number;
}

export function ServerTable<R, P extends PageShape>(props: {
  path: string | null;
  query?: Query;
  rows: (page: P) => readonly R[];
  /** The columns, or a function of the page's rows (for answers whose shape is not known in advance). */
  columns: readonly Column<R>[] | ((rows: readonly R[]) => readonly Column<R>[]);
  rowKey: (row: R, i: number) => string;
  initialSort?: { sort: string; order: 'asc' | 'desc' };
  pageSize?: number;
  onRow?: (row: R) => void;
  testId?: string;
  empty?: ReactNode;
}) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState(props.initialSort);
  const pageSize = props.pageSize ?? 25;
  const queryKey = JSON.stringify([props.path, props.query]);
  useEffect(() => setPage(1), [queryKey]);
  const r = useApi<P>(props.path, { ...props.query, page, pageSize, ...(sort ? { sort: sort.sort, order: sort.order } : {}) });
  const total = r.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const rows = r.data ? props.rows(r.data) : [];
  const columns = typeof props.columns === 'function' ? props.columns(rows) : props.columns;
  const clickSort = (key: string) => setSort((s) => ({ sort: key, order: s?.sort === key && s.order === 'desc' ? 'asc' : 'desc' }));
  return (
    <div className="table-wrap" data-testid={props.testId} data-total={r.data ? total : undefined} data-loading={r.loading ? 'true' : 'false'}>
      {r.error && <ErrorBox error={r.error} retry={r.reload} />}
      <table className="table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} className={`${c.align ?? 'left'} ${c.sort ? 'sortable' : ''} ${sort?.sort === c.sort && c.sort ? 'sorted' : ''}`} onClick={c.sort ? () => clickSort(c.sort!) : undefined} aria-sort={sort && sort.sort === c.sort && c.sort ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}>
                {c.label}
                {c.sort && <span className="sort-mark">{sort?.sort === c.sort ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={props.rowKey(row, i)} className={props.onRow ? 'clickable' : ''} onClick={props.onRow ? () => props.onRow!(row) : undefined}>
              {columns.map((c) => (
                <td key={c.key} className={c.align ?? 'left'}>
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {r.loading && !r.data && <Loading />}
      {r.data && rows.length === 0 && <div className="state empty">{props.empty ?? t('noRows')}</div>}
      {r.data && total > 0 && (
        <div className="pager">
          <span className="muted">{t('rowsOf', { from: num(lang, (page - 1) * pageSize + 1), to: num(lang, Math.min(total, page * pageSize)), total: num(lang, total) })}</span>
          <span className="pager-buttons">
            <button className="btn small ghost" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              ‹ {t('prev')}
            </button>
            <span className="muted">
              {num(lang, page)} / {num(lang, pages)}
            </span>
            <button className="btn small ghost" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
              {t('next')} ›
            </button>
          </span>
        </div>
      )}
    </div>
  );
}
