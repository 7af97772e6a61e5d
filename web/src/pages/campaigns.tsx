import { useState } from 'react';
import { money, num, pct } from '../format';
import { nameOf, useI18n } from '../i18n';
import { useDecide, type DecideKey } from '../i18n-decide';
import { Card, ErrorBox, Loading, Signed } from '../ui/bits';
import { useApi } from '../ui/use-api';

interface Listed {
  id: number;
  name: string;
  source: string;
  sentAt: string;
  windowDays: number;
  treated: number;
  control: number;
  verdict: string;
  responseLift: number;
  profitLift: number;
  windowComplete: boolean;
}
interface Diff { treated: number; control: number; lift: number; low: number; high: number }
interface Measurement { treated: number; control: number; responseRate: Diff; revenuePerCustomer: Diff; profitPerCustomer: Diff; verdict: string; needMore: number | null }
interface Result { campaign: Listed; windowComplete: boolean; overall: Measurement; bySegment: Array<Measurement & { segment: string }> }

export function CampaignsPage() {
  const { lang } = useI18n();
  const d = useDecide();
  const list = useApi<{ campaigns: Listed[] }>('/api/campaigns');
  const [open, setOpen] = useState<number | null>(null);
  const one = useApi<Result>(open === null ? null : `/api/campaigns/${open}`);
  const pts = (x: number) => d('points', { x: num(lang, x * 100, 1) });
  // segment:NAME or file:PATH, as the CLI stores it; anything else as written.
  const source = (s: string) => {
    const m = /^(segment|file):(.*)$/s.exec(s);
    if (!m) return s;
    return d(`campaignSource.${m[1] as 'segment' | 'file'}`, { name: m[1] === 'segment' ? nameOf(lang, m[2]) : (m[2].split(/[\\/]/).pop() ?? m[2]) });
  };
  const v = (x: string) => d(`verdict.${x}` as DecideKey);
  return (
    <div className="page" data-testid="campaigns">
      <Card title={d('campaignsTitle')} sub={d('campaignsSub')}>
        {list.error && <ErrorBox error={list.error} retry={list.reload} />}
        {!list.data && !list.error && <Loading />}
        {list.data && !list.data.campaigns.length && <p className="sub">{d('campaignsNone')}</p>}
        {list.data && list.data.campaigns.length > 0 && (
          <table className="table compact">
            <thead>
              <tr>
                <th>#</th>
                <th>{d('campaign')}</th>
                <th>{d('source')}</th>
                <th>{d('sent')}</th>
                <th className="right">{d('treated')}</th>
                <th className="right">{d('control')}</th>
                <th className="right">{d('responseLift')}</th>
                <th className="right">{d('profitLift')}</th>
                <th>{d('verdict')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.campaigns.map((c) => (
                <tr key={c.id} className="clickable" onClick={() => setOpen(c.id)} data-testid={`campaign-${c.id}`}>
                  <td>{c.id}</td>
                  <td>{c.name}</td>
                  <td>{source(c.source)}</td>
                  <td>{c.sentAt}</td>
                  <td className="right">{num(lang, c.treated)}</td>
                  <td className="right">{num(lang, c.control)}</td>
                  <td className="right">{pts(c.responseLift)}</td>
                  <td className="right">
                    <Signed value={c.profitLift} text={money(lang, c.profitLift)} />
                  </td>
                  <td>{v(c.verdict)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {open !== null && (
        <Card title={one.data ? `${d('campaign')} ${one.data.campaign.id}${lang === 'zh-CN' ? '：' : ': '}${one.data.campaign.name}` : d('campaign')}>
          {one.error && <ErrorBox error={one.error} retry={one.reload} />}
          {!one.data && !one.error && <Loading />}
          {one.data && (
            <>
              <table className="table compact" data-testid="campaign-measure">
                <thead>
                  <tr>
                    <th>{d('perCustomer')}</th>
                    <th className="right">{d('treated')}</th>
                    <th className="right">{d('control')}</th>
                    <th className="right">{d('lift')}</th>
                    <th className="right">{d('ci')}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td>{d('responseRate')}</td>
                    <td className="right">{pct(lang, one.data.overall.responseRate.treated)}</td>
                    <td className="right">{pct(lang, one.data.overall.responseRate.control)}</td>
                    <td className="right">{pts(one.data.overall.responseRate.lift)}</td>
                    <td className="right">{`${pts(one.data.overall.responseRate.low)} … ${pts(one.data.overall.responseRate.high)}`}</td>
                  </tr>
                  {(['revenuePerCustomer', 'profitPerCustomer'] as const).map((k) => (
                    <tr key={k}>
                      <td>{d(k === 'revenuePerCustomer' ? 'revenue' : 'profit')}</td>
                      <td className="right">{money(lang, one.data!.overall[k].treated)}</td>
                      <td className="right">{money(lang, one.data!.overall[k].control)}</td>
                      <td className="right">{money(lang, one.data!.overall[k].lift)}</td>
                      <td className="right">{`${money(lang, one.data!.overall[k].low)} … ${money(lang, one.data!.overall[k].high)}`}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p>
                <b>{d('verdict')}{lang === 'zh-CN' ? '：' : ':'}</b> {v(one.data.overall.verdict)}
                {one.data.overall.needMore !== null && ` — ${d('needMore', { n: num(lang, one.data.overall.needMore) })}`}
              </p>
              {!one.data.windowComplete && <p className="sub">{d('windowOpen')}</p>}
              {one.data.bySegment.length > 1 && (
                <>
                  <h3>{d('bySegment')}</h3>
                  <table className="table compact">
                    <tbody>
                      {one.data.bySegment.map((s) => (
                        <tr key={s.segment}>
                          <td>{nameOf(lang, s.segment)}</td>
                          <td className="right">{num(lang, s.treated)} / {num(lang, s.control)}</td>
                          <td className="right">{pts(s.responseRate.lift)}</td>
                          <td className="right">{money(lang, s.profitPerCustomer.lift)}</td>
                          <td>{v(s.verdict)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </>
          )}
        </Card>
      )}
    </div>
  );
}
