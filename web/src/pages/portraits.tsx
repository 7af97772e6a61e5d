import { say, type Said } from '../../../src/report/prose';
import { fieldLabel, valueWord } from '../../../src/segment/field-labels';
import { currencyOf, num, pct } from '../format';
import { nameOf, useI18n } from '../i18n';
import { go, type Route } from '../router';
import type { Segment } from '../types';
import { Card, ErrorBox, Kpi, Loading, NotAvailable } from '../ui/bits';
import { useApi } from '../ui/use-api';

interface Portrait {
  name: string;
  members: number;
  share: number;
  revenueShare: number;
  profitShare: number;
  clvShare: number;
  longTermSource: string;
  makeUp: Array<{ field: string; values: Array<{ value: string; segmentShare: number; baseShare: number; lift: number }> }>;
  behaviour: Array<{ field: string; segmentMean: number | null; baseMean: number | null }>;
  standsOut: string[];
  standsOutSaid?: Said[];
}

export function PortraitsPage(props: { route: Route }) {
  const { t, lang } = useI18n();
  const list = useApi<{ segments: Segment[] }>('/api/segments');
  const chosen = props.route.query.get('name') ?? list.data?.segments[0]?.name ?? null;
  const p = useApi<Portrait>(chosen ? `/api/segments/${encodeURIComponent(chosen)}/portrait` : null);
  if (list.error) return <ErrorBox error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading />;
  if (list.data.segments.length === 0) return <NotAvailable>{t('noSegments')}</NotAvailable>;
  return (
    <div className="page" data-testid="portraits">
      <div className="toolbar">
        <label className="field inline">
          {t('chooseSegment')}
          <select value={chosen ?? ''} onChange={(e) => go('portraits', null, { name: e.target.value })}>
            {list.data.segments.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <span className="sub">{t('portraitsSub')}</span>
      </div>
      {p.error && <ErrorBox error={p.error} retry={p.reload} />}
      {!p.data && !p.error && <Loading />}
      {p.data && (
        <>
          <div className="kpis">
            <Kpi label={t('customers')} value={num(lang, p.data.members)} sub={pct(lang, p.data.share)} />
            <Kpi label={t('revenueShare')} value={pct(lang, p.data.revenueShare)} />
            <Kpi label={t('profitShare')} value={pct(lang, p.data.profitShare)} tone={p.data.profitShare >= 0 ? 'good' : 'bad'} />
            <Kpi label={t('clvShare')} value={pct(lang, p.data.clvShare)} sub={valueWord(lang, 'long_term_source', p.data.longTermSource)} />
          </div>
          <div className="grid-1-1">
            <Card title={t('standsOut')}>
              <ul className="notes">
                {(p.data.standsOutSaid ?? []).map((s, i) => (
                  <li key={i}>{say(lang, s, currencyOf())}</li>
                ))}
              </ul>
            </Card>
            <Card title={t('behaviour')}>
              <table className="table compact">
                <thead>
                  <tr>
                    <th />
                    <th className="right">{t('segmentMean')}</th>
                    <th className="right">{t('baseMean')}</th>
                    <th className="right">×</th>
                  </tr>
                </thead>
                <tbody>
                  {p.data.behaviour.map((b) => {
                    const ratio = b.segmentMean !== null && b.baseMean ? b.segmentMean / b.baseMean : null;
                    return (
                      <tr key={b.field}>
                        <td>{fieldLabel(lang, b.field)}</td>
                        <td className="right">{num(lang, b.segmentMean, Math.abs(b.segmentMean ?? 0) < 10 ? 2 : 0)}</td>
                        <td className="right">{num(lang, b.baseMean, Math.abs(b.baseMean ?? 0) < 10 ? 2 : 0)}</td>
                        <td className={`right ${ratio !== null && ratio > 1.2 ? 'pos' : ratio !== null && ratio < 0.8 ? 'neg' : ''}`}>{ratio === null ? '—' : num(lang, ratio, 2)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </Card>
          </div>
          <Card title={t('makeUp')}>
            <div className="makeup">
              {p.data.makeUp.map((m) => (
                <div key={m.field} className="makeup-field">
                  <h3>{fieldLabel(lang, m.field)}</h3>
                  {m.values.slice(0, 6).map((v) => (
                    <div key={v.value} className="makeup-row" title={`${t('lift')} ×${num(lang, v.lift, 2)}`}>
                      <span className="mix-name">{m.field === 'rfm_segment' ? nameOf(lang, v.value) : valueWord(lang, m.field, v.value)}</span>
                      <span className="twin">
                        <span className="seg" style={{ width: `${Math.round(v.segmentShare * 100)}%` }} />
                        <span className="base" style={{ width: `${Math.round(v.baseShare * 100)}%` }} />
                      </span>
                      <span className="mix-share">{pct(lang, v.segmentShare, 0)}</span>
                    </div>
                  ))}
                </div>
              ))}
            </div>
            <p className="sub small">
              <span className="legend seg" /> {t('segmentMean')} <span className="legend base" /> {t('baseMean')}
            </p>
          </Card>
        </>
      )}
    </div>
  );
}
