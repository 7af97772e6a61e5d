import { useMemo, useState, type FormEvent } from 'react';
import { ENDPOINTS } from '../endpoints';
import { num } from '../format';
import { serverText, useI18n } from '../i18n';
import { C } from '../theme';
import { Card, ErrorBox, Kpi, Loading } from '../ui/bits';
import { Chart, type ChartOption } from '../ui/chart';
import { ServerTable, type Column } from '../ui/table';
import { useApi } from '../ui/use-api';

interface CareEvent {
  date: string;
  kind: 'birthday' | 'anniversary';
  customerId: string;
  years: number | null;
  optOut: boolean;
  language: 'en' | 'zh';
}
interface Care {
  from: string;
  to: string;
  counts: { customers: number; optedOut: number; birthdays: number; anniversaries: number; holidays: number };
  notes: string[];
  holidays: Array<{ date: string; name: string; nameZh: string; customers: number; templateEn: string; templateZh: string }>;
  days: Array<{ date: string; birthdays: number; anniversaries: number }>;
  total: number;
  events: CareEvent[];
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function CarePage() {
  const { t, lang } = useI18n();
  const today = new Date();
  const [form, setForm] = useState({ from: iso(today), to: iso(new Date(today.getTime() + 30 * 86400_000)) });
  const [win, setWin] = useState(form);
  const q = useApi<Care>(ENDPOINTS.care, { ...win, pageSize: 1 });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setWin(form);
  };
  const weeks = q.data ? Math.ceil((new Date(q.data.to).getTime() - new Date(q.data.from).getTime()) / (7 * 86400_000)) + 1 : 6;
  const option = useMemo<ChartOption | null>(() => {
    if (!q.data) return null;
    const data = q.data.days.map((d) => [d.date, d.birthdays + d.anniversaries]);
    const max = Math.max(1, ...data.map((d) => d[1] as number));
    return {
      tooltip: { formatter: (p: { value: [string, number] }) => `${p.value[0]}: ${num(lang, p.value[1])}` },
      visualMap: { min: 0, max, show: false, inRange: { color: ['#edf2ff', C.primary] } },
      calendar: { range: [q.data.from, q.data.to], top: 36, left: weeks > 24 ? 36 : 'center', right: weeks > 24 ? 16 : undefined, cellSize: weeks > 24 ? ['auto', 22] : [40, 32], yearLabel: { show: false }, dayLabel: { firstDay: 1, nameMap: lang === 'zh-CN' ? 'ZH' : 'EN' }, monthLabel: { nameMap: lang === 'zh-CN' ? 'ZH' : 'EN' }, itemStyle: { borderColor: '#fff', borderWidth: 2 }, splitLine: { show: false } },
      series: [{ type: 'heatmap', coordinateSystem: 'calendar', data, label: { show: weeks <= 24, formatter: (p: { value: [string, number] }) => String(p.value[1]), fontSize: 11, color: C.ink } }],
    };
  }, [q.data, lang, weeks]);
  const columns: Column<CareEvent>[] = [
    { key: 'date', label: t('date'), render: (e) => e.date },
    { key: 'occasion', label: t('occasion'), render: (e) => (e.kind === 'birthday' ? t('birthday') : t('anniversary', { years: e.years ?? '' })) },
    { key: 'customer', label: t('customer'), render: (e) => <a href={`#/customer/${encodeURIComponent(e.customerId)}`}>{e.customerId}</a> },
    { key: 'language', label: t('language'), render: (e) => (e.language === 'zh' ? '中文' : 'English') },
    { key: 'optOut', label: t('optedOut'), render: (e) => (e.optOut ? t('yes') : '') },
  ];
  return (
    <div className="page" data-testid="care">
      <Card title={t('nav.care')} sub={t('careSub')}>
        <form className="form-row" onSubmit={submit}>
          <label className="field">
            {t('from')}
            <input type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
          </label>
          <label className="field">
            {t('to')}
            <input type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
          </label>
          <button className="btn primary" type="submit">
            {t('show')}
          </button>
        </form>
      </Card>
      {q.error && <ErrorBox error={q.error} retry={q.reload} />}
      {!q.data && !q.error && <Loading />}
      {q.data && (
        <>
          <div className="kpis">
            <Kpi label={t('birthdays')} value={num(lang, q.data.counts.birthdays)} />
            <Kpi label={t('anniversaries')} value={num(lang, q.data.counts.anniversaries)} />
            <Kpi label={t('holidays')} value={num(lang, q.data.counts.holidays)} />
            <Kpi label={t('optedOut')} value={num(lang, q.data.counts.optedOut)} sub={t('ofCustomers', { n: num(lang, q.data.counts.customers) })} />
          </div>
          {q.data.notes.map((n) => (
            <div className="note" key={n}>
              {serverText(lang, n)}
            </div>
          ))}
          <div className="grid-2-1">
            <Card title={t('greetingsPerDay')}>{option && <Chart name="care" option={option} points={q.data.days.length} height={weeks > 24 ? 240 : 300} />}</Card>
            <Card title={t('holidays')}>
              <ul className="holiday-list">
                {q.data.holidays.map((h) => (
                  <li key={h.date + h.name}>
                    <span className="date">{h.date}</span>
                    <b>{lang === 'zh-CN' ? h.nameZh : h.name}</b>
                    <span className="muted small">{t('holidayCustomers', { n: num(lang, h.customers) })}</span>
                    <div className="small muted">{(lang === 'zh-CN' ? h.templateZh : h.templateEn).replaceAll('{name}', `〔${t('namePlaceholder')}〕`)}</div>
                  </li>
                ))}
                {q.data.holidays.length === 0 && <li className="muted">{t('noRows')}</li>}
              </ul>
            </Card>
          </div>
          <Card title={`${t('birthdays')} · ${t('anniversaries')}`}>
            <ServerTable<CareEvent, Care> path={ENDPOINTS.care} query={win} rows={(p) => p.events} columns={columns} rowKey={(e, i) => `${e.customerId}-${e.date}-${e.kind}-${i}`} pageSize={15} testId="care-events" />
          </Card>
        </>
      )}
    </div>
  );
}
