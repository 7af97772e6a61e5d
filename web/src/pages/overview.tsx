import { useMemo } from 'react';
import { assumptionNotes, say } from '../../../src/report/prose';
import { count, currencyOf, money, moneyCompact, pct } from '../format';
import { nameOf, useI18n } from '../i18n';
import { go } from '../router';
import { C, segmentColour } from '../theme';
import type { ValueReport } from '../types';
import { Card, ErrorBox, Kpi, Loading } from '../ui/bits';
import { Chart, type ChartOption } from '../ui/chart';
import { useApi } from '../ui/use-api';

export function Overview() {
  const { t, lang } = useI18n();
  const v = useApi<ValueReport>('/api/value');
  const whale = useMemo<ChartOption | null>(() => {
    if (!v.data) return null;
    const w = v.data.whale;
    const pts = w.curve.map((p) => [p.x * 100, p.y * 100]);
    return {
      grid: { left: 56, right: 24, top: 24, bottom: 48 },
      tooltip: { trigger: 'axis', valueFormatter: (x: number) => `${x.toFixed(1)}%` },
      xAxis: { type: 'value', min: 0, max: 100, name: t('whaleX'), nameLocation: 'middle', nameGap: 30, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'value', name: t('whaleY'), nameLocation: 'middle', nameGap: 42, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: C.grid } } },
      series: [
        {
          type: 'line',
          name: t('whaleTitle'),
          data: pts,
          showSymbol: false,
          smooth: false,
          lineStyle: { width: 3, color: C.primary },
          areaStyle: { color: 'rgba(59,91,219,0.10)' },
          markLine: {
            symbol: 'none',
            label: { formatter: '{b}', color: C.muted, position: 'insideEndTop' },
            lineStyle: { type: 'dashed', color: C.muted },
            data: [{ yAxis: 100, name: '100%' }, { xAxis: 20, name: `20% → ${pct(lang, w.top20Share, 0)}`, label: { position: 'end', formatter: '{b}', color: C.muted } }],
          },
          markPoint: {
            symbol: 'circle',
            symbolSize: 10,
            itemStyle: { color: C.warning },
            label: { position: 'top', formatter: `${t('peak')} ${pct(lang, w.peak.share, 0)}`, color: C.ink, fontWeight: 'bold' },
            data: [{ coord: [w.peak.customerShare * 100, w.peak.share * 100] }],
          },
        },
      ],
    };
  }, [v.data, lang, t]);
  const deciles = useMemo<ChartOption | null>(() => {
    if (!v.data) return null;
    const d = v.data.whale.deciles;
    return {
      grid: { left: 64, right: 16, top: 16, bottom: 40 },
      tooltip: { trigger: 'axis', valueFormatter: (x: number) => money(lang, x) },
      xAxis: { type: 'category', data: d.map((x) => String(x.decile)), name: t('decile'), nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', axisLabel: { formatter: (x: number) => moneyCompact(lang, x) }, splitLine: { lineStyle: { color: C.grid } } },
      series: [{ type: 'bar', name: t('profit'), data: d.map((x) => ({ value: x.value, itemStyle: { color: x.value < 0 ? C.negative : C.positive, borderRadius: x.value < 0 ? [0, 0, 3, 3] : [3, 3, 0, 0] } })) }],
    };
  }, [v.data, lang, t]);
  const segments = useMemo<ChartOption | null>(() => {
    if (!v.data) return null;
    const s = [...v.data.rfm.segments].filter((x) => x.customers > 0).sort((a, b) => a.profit - b.profit);
    return {
      grid: { left: 120, right: 56, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (x: number) => money(lang, x) },
      xAxis: { type: 'value', axisLabel: { formatter: (x: number) => moneyCompact(lang, x) }, splitLine: { lineStyle: { color: C.grid } } },
      yAxis: { type: 'category', data: s.map((x) => nameOf(lang, x.segment)), axisTick: { show: false } },
      series: [{ type: 'bar', name: t('profit'), data: s.map((x) => ({ value: x.profit, itemStyle: { color: segmentColour(x.segment) } })), label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => count(lang, s[p.dataIndex].customers) + (lang === 'en' ? '' : ' 位'), color: C.muted, fontSize: 11 } }],
    };
  }, [v.data, lang, t]);
  if (v.error) return <ErrorBox error={v.error} retry={v.reload} />;
  if (!v.data) return <Loading />;
  const d = v.data;
  const w = d.whale;
  const notes = assumptionNotes(d);
  return (
    <div className="page" data-testid="overview">
      <div className="kpis">
        <Kpi testId="kpi-customers" label={t('kpi.customers')} value={count(lang, d.customers.total)} sub={t('kpi.customersSub', { n: count(lang, d.customers.buyers) })} />
        <Kpi testId="kpi-revenue" label={t('kpi.revenue')} value={moneyCompact(lang, d.revenue.net)} sub={t('kpi.revenueSub', { n: count(lang, d.revenue.orders) })} />
        <Kpi testId="kpi-profit" label={t('kpi.profit')} value={moneyCompact(lang, d.profit.profit)} sub={t('kpi.profitSub')} tone={d.profit.profit >= 0 ? 'good' : 'bad'} />
        <Kpi testId="kpi-top20" label={t('kpi.top20')} value={pct(lang, w.top20Share, 0)} sub={t('kpi.top20Sub')} />
        <Kpi testId="kpi-loss" label={t('kpi.loss')} value={count(lang, d.customers.lossMaking)} sub={t('kpi.lossSub', { share: pct(lang, w.lossTail.customerShare, 0), value: moneyCompact(lang, Math.abs(w.lossTail.value)) })} tone="bad" />
        <Kpi testId="kpi-peak" label={t('kpi.peak')} value={pct(lang, w.peak.share, 0)} sub={t('kpi.peakSub', { share: pct(lang, w.peak.customerShare, 0) })} />
      </div>
      {d.basis === 'revenue' && <div className="note">{t('basisRevenue')}</div>}
      <div className="grid-2-1">
        <Card title={t('whaleTitle')} sub={t('whaleSub')} testId="whale-card">
          {whale && <Chart name="whale" option={whale} points={w.curve.length} height={340} />}
          <p className="sub">{t('sherden', { top20: pct(lang, w.top20Share, 0), tail: pct(lang, w.lossTail.customerShare, 0), consumed: pct(lang, w.lossTail.consumedShareOfPeak, 0) })}</p>
        </Card>
        <Card title={t('decilesTitle')} sub={t('decilesSub')} testId="deciles-card">
          {deciles && <Chart name="deciles" option={deciles} points={w.deciles.length} height={340} />}
        </Card>
      </div>
      <div className="grid-2-1">
        <Card title={t('segmentsTitle')} sub={t('segmentsSub')}>
          {segments && <Chart name="segments" option={segments} points={d.rfm.segments.length} height={320} onClick={(p) => go('rfm', null, { segment: [...d.rfm.segments].filter((x) => x.customers > 0).sort((a, b) => a.profit - b.profit)[p.dataIndex].segment })} />}
        </Card>
        {notes.length > 0 && (
          <Card title={t('assumptions')}>
            <ul className="notes">
              {notes.map((n) => (
                <li key={n.code}>{say(lang, n, currencyOf())}</li>
              ))}
            </ul>
          </Card>
        )}
      </div>
    </div>
  );
}
