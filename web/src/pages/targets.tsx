import { useMemo, useState } from 'react';
import { say, said, type Said, type SaidCode } from '../../../src/report/prose';
import { currencyOf, money, moneyCompact, num } from '../format';
import { nameOf, useI18n, word } from '../i18n';
import { C, segmentColour } from '../theme';
import { Card, ErrorBox, Loading, SegmentBadge, Signed } from '../ui/bits';
import { Chart, type ChartOption } from '../ui/chart';
import { useApi } from '../ui/use-api';
import { useDecide, type DecideKey } from '../i18n-decide';

interface Target {
  name: string;
  customers: number;
  profit: number;
  meanClv: number;
  attractiveness: number;
  fit: number;
  recommended: boolean;
  strategy: string | null;
  reasons: string[];
  said: Said[];
  fitComponents?: Array<{ code: string; score: number; figure: number; base: number }>;
}

interface Profile {
  priceTier: string | null;
  serviceCapacity: string | null;
  focus?: string | null;
}

const strategyName = (lang: 'en' | 'zh-CN', s: string | null) => (s ? say(lang, said(`strategy.${s}` as SaidCode)) : '—');

export function TargetsPage() {
  const { t, lang } = useI18n();
  const d = useDecide();
  const [by, setBy] = useState<'rfm' | 'tier' | 'saved'>('rfm');
  const q = useApi<{ asOf: string; company: Profile; companySource?: string; warnings?: Array<{ code: string; figure: number }>; segments: Target[] }>('/api/targets', { by });
  const option = useMemo<ChartOption | null>(() => {
    if (!q.data) return null;
    const s = q.data.segments;
    const maxN = Math.max(1, ...s.map((x) => x.customers));
    return {
      grid: { left: 56, right: 24, top: 24, bottom: 48 },
      tooltip: { formatter: (p: { dataIndex: number }) => `${nameOf(lang, s[p.dataIndex].name)}<br/>${t('attractiveness')} ${num(lang, s[p.dataIndex].attractiveness)} · ${t('fit')} ${num(lang, s[p.dataIndex].fit)}<br/>${num(lang, s[p.dataIndex].customers)} · ${t('profit')} ${money(lang, s[p.dataIndex].profit)}` },
      xAxis: { type: 'value', min: 0, max: 100, name: t('fit'), nameLocation: 'middle', nameGap: 28, splitLine: { lineStyle: { color: C.grid } } },
      yAxis: { type: 'value', min: 0, max: 100, name: t('attractiveness'), nameLocation: 'middle', nameGap: 36, splitLine: { lineStyle: { color: C.grid } } },
      series: [
        {
          type: 'scatter',
          data: s.map((x) => ({ value: [x.fit, x.attractiveness], name: nameOf(lang, x.name), itemStyle: { color: by === 'rfm' ? segmentColour(x.name) : C.primary, opacity: 0.85, borderColor: x.recommended ? C.ink : 'transparent', borderWidth: 2 } })),
          symbolSize: (_v: unknown, p: { dataIndex: number }) => 12 + 40 * Math.sqrt(s[p.dataIndex].customers / maxN),
          label: { show: true, position: 'right', formatter: '{b}', color: C.ink, fontSize: 11 },
          labelLayout: { hideOverlap: true },
          markLine: { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: C.muted }, label: { show: false }, data: [{ xAxis: 50 }, { yAxis: 50 }] },
        },
      ],
    };
  }, [q.data, lang, t, by]);
  return (
    <div className="page" data-testid="targets">
      <div className="toolbar">
        <div className="seg-switch">
          {(['rfm', 'tier', 'saved'] as const).map((b) => (
            <button key={b} className={by === b ? 'on' : ''} onClick={() => setBy(b)}>
              {b === 'rfm' ? t('byRfm') : b === 'tier' ? d('byTier') : t('bySaved')}
            </button>
          ))}
        </div>
        <span className="sub">{t('targetsSub')}</span>
      </div>
      {q.error && <ErrorBox error={q.error} retry={q.reload} />}
      {!q.data && !q.error && <Loading />}
      {q.data && option && (
        <>
          <p className="sub" data-testid="targets-profile">
            {q.data.companySource === 'inferred' ? d('companyInferredNote') : d('companyProfileNote')}
          </p>
          {(q.data.warnings ?? []).map((w) => (
            <p key={w.code} className="warn" data-testid="targets-warning">
              ⚠ {d(`warn.${w.code}` as DecideKey, { x: w.code === 'rfm-frequency' ? Math.round(w.figure * 100) : w.figure })}
            </p>
          ))}
          <div className="grid-1-1">
            <Card title={t('nav.targets')} sub={`${t('company', { price: word(lang, q.data.company.priceTier), service: word(lang, q.data.company.serviceCapacity) })}${q.data.company.focus ? ` · ${d('focusLine', { focus: word(lang, q.data.company.focus) })}` : ''}`}>
              <Chart name="targets" option={option} points={q.data.segments.length} height={380} />
            </Card>
            <Card title={t('recommendedTargets')}>
              {q.data.segments
                .filter((s) => s.recommended)
                .map((s) => (
                  <div key={s.name} className="reason-block">
                    <div>
                      <SegmentBadge name={s.name} /> → <b>{strategyName(lang, s.strategy)}</b>
                    </div>
                    <ul className="notes small">
                      {s.said.map((r) => (
                        <li key={r.code}>{say(lang, r, currencyOf())}</li>
                      ))}
                    </ul>
                  </div>
                ))}
            </Card>
          </div>
          <Card>
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t('segment')}</th>
                  <th className="right">{t('customers')}</th>
                  <th className="right">{t('profit')}</th>
                  <th className="right">CLV</th>
                  <th className="right">{t('attractiveness')}</th>
                  <th className="right">{t('fit')}</th>
                  <th>{d('fitParts')}</th>
                  <th>{t('recommended')}</th>
                  <th>{t('strategy')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.segments.map((s) => (
                  <tr key={s.name}>
                    <td>
                      <SegmentBadge name={s.name} />
                    </td>
                    <td className="right">{num(lang, s.customers)}</td>
                    <td className="right">
                      <Signed value={s.profit} text={money(lang, s.profit)} />
                    </td>
                    <td className="right">{moneyCompact(lang, s.meanClv)}</td>
                    <td className="right">{num(lang, s.attractiveness)}</td>
                    <td className="right">{num(lang, s.fit)}</td>
                    <td className="small">{(s.fitComponents ?? []).map((c) => `${d(`fit.${c.code}` as DecideKey)} ${Math.round(c.score * 100)}`).join(' · ')}</td>
                    <td>{s.recommended ? '✓' : ''}</td>
                    <td>{strategyName(lang, s.strategy)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
    </div>
  );
}
