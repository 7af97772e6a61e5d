import { compact, money, num, pct } from '../format';
import { nameOf, useI18n } from '../i18n';
import { go, type Route } from '../router';
import { segmentColour } from '../theme';
import type { Rfm } from '../types';
import { Card, ErrorBox, Loading, SegmentBadge, Signed } from '../ui/bits';
import { CustomerTable } from '../ui/customers';
import { useApi } from '../ui/use-api';

function segmentOf(rfm: Rfm, r: number, f: number): string {
  return rfm.rules.find((x) => r >= x.r[0] && r <= x.r[1] && f >= x.f[0] && f <= x.f[1])?.name ?? '';
}

export function RfmPage(props: { route: Route }) {
  const { t, lang } = useI18n();
  const q = useApi<{ asOf: string; rfm: Rfm }>('/api/rfm');
  const r = Number(props.route.query.get('r')) || null;
  const f = Number(props.route.query.get('f')) || null;
  const segment = props.route.query.get('segment');
  if (q.error) return <ErrorBox error={q.error} retry={q.reload} />;
  if (!q.data) return <Loading />;
  const rfm = q.data.rfm;
  const max = Math.max(1, ...rfm.grid.flat());
  const totalBuyers = rfm.grid.flat().reduce((a, b) => a + b, 0);
  return (
    <div className="page" data-testid="rfm">
      <div className="grid-1-1">
        <Card title={t('rfmTitle')} sub={t('rfmSub')}>
          <div className="rfm-wrap">
            <div className="rfm-ylabel">{t('recencyScore')}</div>
            <div className="rfm-grid" data-testid="rfm-grid">
              {[5, 4, 3, 2, 1].map((rr) => (
                <div className="rfm-row" key={rr}>
                  <div className="rfm-axis">{rr}</div>
                  {[1, 2, 3, 4, 5].map((ff) => {
                    const n = rfm.grid[rr - 1][ff - 1];
                    const seg = segmentOf(rfm, rr, ff);
                    const on = r === rr && f === ff;
                    return (
                      <button
                        key={ff}
                        className={`rfm-cell ${on ? 'on' : ''}`}
                        data-r={rr}
                        data-f={ff}
                        data-count={n}
                        title={`${nameOf(lang, seg)} · R${rr} F${ff} · ${num(lang, n)}`}
                        style={{ background: segmentColour(seg), opacity: 0.35 + 0.65 * (n / max) }}
                        onClick={() => go('rfm', null, { r: String(rr), f: String(ff) })}
                      >
                        <span className="rfm-n">{compact(lang, n)}</span>
                        <span className="rfm-seg">{nameOf(lang, seg)}</span>
                      </button>
                    );
                  })}
                </div>
              ))}
              <div className="rfm-row axis">
                <div className="rfm-axis" />
                {[1, 2, 3, 4, 5].map((ff) => (
                  <div className="rfm-axis" key={ff}>
                    {ff}
                  </div>
                ))}
              </div>
              <div className="rfm-xlabel">{t('frequencyScore')}</div>
            </div>
          </div>
        </Card>
        <Card title={t('segmentsTitle')}>
          <table className="table compact" data-testid="rfm-segments">
            <thead>
              <tr>
                <th>{t('segment')}</th>
                <th className="right">{t('customers')}</th>
                <th className="right">{t('share')}</th>
                <th className="right">{t('netRevenue')}</th>
                <th className="right">{t('profit')}</th>
              </tr>
            </thead>
            <tbody>
              {rfm.segments.filter((s) => s.customers > 0).map((s) => (
                <tr key={s.segment} className={`clickable ${segment === s.segment ? 'selected' : ''}`} onClick={() => go('rfm', null, { segment: s.segment })}>
                  <td>
                    <SegmentBadge name={s.segment} />
                  </td>
                  <td className="right">{num(lang, s.customers)}</td>
                  <td className="right">{pct(lang, totalBuyers ? s.customers / totalBuyers : 0)}</td>
                  <td className="right">{money(lang, s.revenue)}</td>
                  <td className="right">
                    <Signed value={s.profit} text={money(lang, s.profit)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
      {r && f ? (
        <Card title={t('cellCustomers', { r, f })} sub={nameOf(lang, segmentOf(rfm, r, f))}>
          <CustomerTable rule={`rfm.r = ${r} and rfm.f = ${f}`} testId="rfm-customers" />
        </Card>
      ) : segment ? (
        <Card title={t('segmentCustomers', { name: nameOf(lang, segment) })}>
          <CustomerTable segment={segment} testId="rfm-customers" />
        </Card>
      ) : (
        <div className="note">{t('clickCell')}</div>
      )}
    </div>
  );
}
