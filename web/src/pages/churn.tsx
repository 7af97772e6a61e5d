/** Churn and win-back: who is at risk, what they are worth, how to win them back, and what lower churn is worth (GET /api/churn). */
import { useState } from 'react';
import { ApiError, download } from '../api';
import { ENDPOINTS } from '../endpoints';
import { say, type Said } from '../../../src/report/prose';
import { currencyOf, money, num, pct } from '../format';
import { nameOf, serverText, useI18n, type Key } from '../i18n';
import { Card, ErrorBox, Kpi, Loading, SegmentBadge } from '../ui/bits';
import { ServerTable, type Column } from '../ui/table';
import { useApi } from '../ui/use-api';

type Method = 'personal care' | 'scenario offer' | 'coupon' | 'let go';

interface AtRisk {
  customerId: string;
  segment: string | null;
  valueQuadrant: string | null;
  pAlive: number | null;
  recencyDays: number;
  expectedGapDays: number;
  overdue: number;
  currentValue: number;
  valueAtRisk: number;
  method: Method;
  reasons: string[];
  said?: Said;
  optOut: boolean;
}

interface Cut {
  label: string;
  churn: number;
  customersKept: number;
  nextYearProfitChange: number;
  nextYearProfitGain: number;
  lifetimeProfitChange: number;
  lifetimeProfitGain: number;
}

interface Churn {
  asOf: string;
  basis: 'profit' | 'revenue';
  pAlive: { source: 'model' | 'proxy'; note: string };
  buyers: number;
  atRisk: number;
  valueAtRisk: number;
  byMethod: Record<Method, number>;
  economics: null | { retention: number; churn: number; active: number; meanAnnualProfit: number; baseFutureProfit: number; discountRate: number; cuts: Cut[]; formula: string };
  notes: string[];
  total: number;
  customers: AtRisk[];
}

const METHOD_KEY: Record<Method, Key> = { 'personal care': 'method.care', 'scenario offer': 'method.scenario', coupon: 'method.coupon', 'let go': 'method.letGo' };

export function ChurnPage(props: { canExport: boolean }) {
  const { t, lang } = useI18n();
  const head = useApi<Churn>(ENDPOINTS.churn, { pageSize: 1 });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (head.error) return <ErrorBox error={head.error} retry={head.reload} />;
  if (!head.data) return <Loading />;
  const r = head.data;
  const e = r.economics;
  const exportCsv = async () => {
    setMessage(null);
    try {
      await download(ENDPOINTS.churnExport, 'churn.csv');
      setMessage({ ok: true, text: t('exported', { name: 'churn' }) });
    } catch (x) {
      setMessage({ ok: false, text: x instanceof ApiError ? x.message : String(x) });
    }
  };
  // The server names a cut "churn −5 points" or "churn −5% of itself"; said here from the figures, in either language.
  const cutLabel = (c: Cut) =>
    e && /points/.test(c.label) ? t('cutPoints', { n: num(lang, (e.churn - c.churn) * 100, 1) }) : e ? t('cutShare', { n: num(lang, (1 - c.churn / e.churn) * 100, 1) }) : c.label;
  const columns: Column<AtRisk>[] = [
    { key: 'id', label: t('customer'), render: (c) => <a href={`#/customer/${encodeURIComponent(c.customerId)}`}>{c.customerId}</a> },
    { key: 'segment', label: t('segment'), render: (c) => <SegmentBadge name={c.segment} /> },
    { key: 'tier', label: t('quadrant'), render: (c) => <span title={nameOf(lang, c.valueQuadrant)}>{c.valueQuadrant ?? '—'}</span> },
    { key: 'alive', label: t('pAlive'), align: 'right', render: (c) => (c.pAlive === null ? '—' : pct(lang, c.pAlive, 0)) },
    { key: 'silent', label: t('daysSilent'), align: 'right', render: (c) => num(lang, c.recencyDays) },
    { key: 'gap', label: t('usualGap'), align: 'right', render: (c) => `${num(lang, c.expectedGapDays)} (×${num(lang, c.overdue, 1)})` },
    { key: 'value', label: t('perYear'), align: 'right', render: (c) => money(lang, c.currentValue) },
    { key: 'risk', label: t('atRiskPerYear'), align: 'right', render: (c) => <b>{money(lang, c.valueAtRisk)}</b> },
    { key: 'method', label: t('winBack'), render: (c) => <span className={`nowrap method method-${c.method.replace(' ', '-')}`}>{t(METHOD_KEY[c.method])}</span> },
    { key: 'why', label: t('why'), render: (c) => <span className="muted small">{c.said ? say(lang, c.said, currencyOf()) : (c.reasons[c.reasons.length - 1] ?? '')}</span> },
    { key: 'opt', label: t('optedOut'), render: (c) => (c.optOut ? '✓' : '') },
  ];
  return (
    <div className="page" data-testid="churn">
      <div className="kpis">
        <Kpi label={t('buyers')} value={num(lang, r.buyers)} />
        <Kpi label={t('atRisk')} value={num(lang, r.atRisk)} sub={pct(lang, r.buyers ? r.atRisk / r.buyers : 0)} tone="bad" testId="churn-at-risk" />
        <Kpi label={r.basis === 'profit' ? t('profitAtRisk') : t('revenueAtRisk')} value={money(lang, r.valueAtRisk)} sub={t('aYear')} tone="bad" />
        {e && <Kpi label={t('retention')} value={pct(lang, e.retention)} sub={`${t('churnRate')} ${pct(lang, e.churn)}`} />}
        {(Object.keys(METHOD_KEY) as Method[]).map((m) => (
          <Kpi key={m} label={t(METHOD_KEY[m])} value={num(lang, r.byMethod[m])} />
        ))}
      </div>
      {e && (
        <Card title={t('retentionEconomics')} sub={t('retentionSub', { n: num(lang, e.active), m: money(lang, e.meanAnnualProfit), f: money(lang, e.baseFutureProfit) })} testId="retention">
          <table className="table">
            <thead>
              <tr>
                <th>{t('lowerChurn')}</th>
                <th className="right">{t('churnRate')}</th>
                <th className="right">{t('keptPerYear')}</th>
                <th className="right">{t('nextYear')}</th>
                <th className="right">{t('lifetimeProfit')}</th>
              </tr>
            </thead>
            <tbody>
              {e.cuts.map((c) => (
                <tr key={c.label} data-cut={c.label}>
                  <td>{cutLabel(c)}</td>
                  <td className="right">{pct(lang, c.churn)}</td>
                  <td className="right">{num(lang, c.customersKept)}</td>
                  <td className="right">
                    +{money(lang, c.nextYearProfitGain)} ({pct(lang, c.nextYearProfitChange)})
                  </td>
                  <td className="right">
                    <b>+{money(lang, c.lifetimeProfitGain)}</b> ({pct(lang, c.lifetimeProfitChange)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{lang === 'en' ? e.formula : t('retentionFormula')}</p>
        </Card>
      )}
      <Card
        title={t('churnTitle')}
        sub={serverText(lang, r.pAlive.note)}
        actions={
          props.canExport ? (
            <button className="btn small nowrap" onClick={exportCsv} data-testid="churn-export">
              {t('export')}
            </button>
          ) : undefined
        }
      >
        {message && <p className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
        <ServerTable<AtRisk, Churn> path={ENDPOINTS.churn} rows={(p) => p.customers} columns={columns} rowKey={(c) => c.customerId} pageSize={20} testId="churn-table" />
        {r.notes.map((n) => (
          <p key={n} className="muted small">
            {serverText(lang, n)}
          </p>
        ))}
      </Card>
    </div>
  );
}
