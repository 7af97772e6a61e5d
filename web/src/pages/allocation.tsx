import { useMemo, useState, type FormEvent } from 'react';
import { ENDPOINTS } from '../endpoints';
import { compact, money, num, pct } from '../format';
import { nameOf, useI18n } from '../i18n';
import { C, segmentColour } from '../theme';
import { Card, ErrorBox, Loading, SegmentBadge, Signed } from '../ui/bits';
import { Chart, type ChartOption } from '../ui/chart';
import { useApi } from '../ui/use-api';
import { useDecide } from '../i18n-decide';

interface Allocation {
  asOf: string;
  budget: number;
  lines: Array<{ name: string; customers: number; spend: number; expectedReturn: number; marginalReturn: number; lossMaking: boolean; curve?: string }>;
  spent: number;
  unspent?: number;
  hurdle?: number;
  expectedReturn: number;
  roi: number;
  lossMaking: string[];
}

export function AllocationPage() {
  const { t, lang } = useI18n();
  const d = useDecide();
  const [form, setForm] = useState({ budget: '50000', by: 'rfm' as 'rfm' | 'saved', maxUplift: '0.2', costScale: '20', hurdle: '1' });
  const [query, setQuery] = useState(form);
  const q = useApi<Allocation>(ENDPOINTS.allocation, query);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery(form);
  };
  const lines = useMemo(() => (q.data ? [...q.data.lines].sort((a, b) => b.spend - a.spend) : []), [q.data]);
  const option = useMemo<ChartOption | null>(() => {
    if (!q.data) return null;
    const rev = [...lines].reverse();
    return {
      grid: { left: 130, right: 32, top: 28, bottom: 28 },
      legend: { top: 0, data: [t('spend'), t('expectedReturn')] },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (x: number) => money(lang, x) },
      xAxis: { type: 'value', axisLabel: { formatter: (x: number) => compact(lang, x) }, splitLine: { lineStyle: { color: C.grid } } },
      yAxis: { type: 'category', data: rev.map((l) => nameOf(lang, l.name)), axisTick: { show: false } },
      series: [
        { type: 'bar', name: t('spend'), data: rev.map((l) => ({ value: l.spend, itemStyle: { color: query.by === 'rfm' ? segmentColour(l.name) : C.primary } })) },
        { type: 'bar', name: t('expectedReturn'), data: rev.map((l) => l.expectedReturn), itemStyle: { color: '#c5d0f5' } },
      ],
    };
  }, [q.data, lines, lang, t]);
  return (
    <div className="page" data-testid="allocation">
      <Card title={t('nav.allocation')} sub={t('allocationSub')}>
        <form className="form-row" onSubmit={submit}>
          <label className="field">
            {t('budget')}
            <input type="number" min={0} step="any" value={form.budget} onChange={(e) => setForm({ ...form, budget: e.target.value })} data-testid="budget" />
          </label>
          <label className="field">
            {t('bySegments')}
            <select value={form.by} onChange={(e) => setForm({ ...form, by: e.target.value as 'rfm' | 'saved' })}>
              <option value="rfm">{t('byRfm')}</option>
              <option value="saved">{t('bySaved')}</option>
            </select>
          </label>
          <label className="field">
            {t('maxUplift')}
            <input type="number" min={0.01} max={10} step="any" value={form.maxUplift} onChange={(e) => setForm({ ...form, maxUplift: e.target.value })} />
          </label>
          <label className="field">
            {t('costScale')}
            <input type="number" min={0.01} step="any" value={form.costScale} onChange={(e) => setForm({ ...form, costScale: e.target.value })} />
          </label>
          <label className="field">
            {d('hurdle')}
            <input type="number" min={0} max={100} step="any" value={form.hurdle} onChange={(e) => setForm({ ...form, hurdle: e.target.value })} data-testid="hurdle" />
          </label>
          <button className="btn primary" type="submit">
            {t('allocate')}
          </button>
        </form>
      </Card>
      {q.error && <ErrorBox error={q.error} retry={q.reload} />}
      {!q.data && !q.error && <Loading />}
      {q.data && option && (
        <div className="grid-1-1">
          <Card title={t('roiLine', { ret: money(lang, q.data.expectedReturn), spent: money(lang, q.data.spent), roi: num(lang, q.data.roi, 2) })} sub={q.data.lossMaking.length ? t('lossMakingNote', { names: q.data.lossMaking.map((n) => nameOf(lang, n)).join(', ') }) : undefined}>
            {(q.data.unspent ?? 0) > 0.5 && (
              <p className="sub" data-testid="unspent">
                {d('unspent', { amount: money(lang, q.data.unspent), share: pct(lang, q.data.budget ? q.data.unspent! / q.data.budget : 0), hurdle: num(lang, q.data.hurdle ?? 1, 2) })}
              </p>
            )}
            <Chart name="allocation" option={option} points={lines.length} height={Math.max(260, 36 * lines.length + 60)} />
          </Card>
          <Card>
            <table className="table compact" data-testid="allocation-table">
              <thead>
                <tr>
                  <th>{t('segment')}</th>
                  <th className="right">{t('customers')}</th>
                  <th className="right">{t('spend')}</th>
                  <th className="right">{t('share')}</th>
                  <th className="right">{t('expectedReturn')}</th>
                  <th className="right">{t('marginalReturn')}</th>
                  <th>{d('curve')}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.name} className={l.lossMaking ? 'loss' : ''}>
                    <td>
                      <SegmentBadge name={l.name} />
                    </td>
                    <td className="right">{num(lang, l.customers)}</td>
                    <td className="right">{money(lang, l.spend)}</td>
                    <td className="right">{pct(lang, q.data!.budget ? l.spend / q.data!.budget : 0)}</td>
                    <td className="right">
                      <Signed value={l.expectedReturn} text={money(lang, l.expectedReturn)} />
                    </td>
                    <td className="right">{num(lang, l.marginalReturn, 2)}</td>
                    <td>{l.curve ? d(l.curve === 'measured' ? 'curve.measured' : 'curve.assumed') : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </div>
      )}
    </div>
  );
}
