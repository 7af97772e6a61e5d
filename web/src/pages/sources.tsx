/** Where good customers come from, and how concentrated profit is (大客户风险): two decision tables of issue #17. */
import { money, num, pct } from '../format';
import { nameOf, useI18n } from '../i18n';
import { sourceWord, useDecide, type DecideKey } from '../i18n-decide';
import { Card, ErrorBox, Loading } from '../ui/bits';
import { useApi } from '../ui/use-api';

interface Line { source: string; leads: number | null; won: number | null; closed: number | null; conversion: number | null; customers: number | null; profit12: number | null; meanClv: number | null; valuePerLead: number | null }
interface Big { customerId: string; profit: number; dependence: number; revenueChange: number | null; signals: string[] }
interface Funnel { group: string; kind: string; counts: number[]; biggestDrop: { into: string; zh: string; rate: number; action: string } | null }
interface Life { rule: string[]; stages: Array<{ stage: string; zh: string; customers: number; share: number; profit: number; meanClv: number | null }> }
interface Risk { concentration: { top1Share: number; top5Share: number; top10Share: number; hhi: number; warnings: Array<{ code: string; figure: number }> }; large: Big[] }

export function SourcesPage() {
  const { lang } = useI18n();
  const d = useDecide();
  const q = useApi<{ lines: Line[]; best: string | null }>('/api/sources');
  const r = useApi<Risk>('/api/big-customers');
  const life = useApi<Life>('/api/lifecycle');
  const st = useApi<{ all: Funnel | null; bySegment: Funnel[]; bySource: Funnel[] }>('/api/stages');
  const p = (x: number | null) => (x === null ? '—' : pct(lang, x));
  const m = (x: number | null) => (x === null ? '—' : money(lang, x));
  return (
    <div className="page" data-testid="sources">
      <Card title={d('sourcesTitle')} sub={q.data?.best ? d('sourcesBest', { s: sourceWord(d, q.data.best) }) : undefined}>
        {q.error && <ErrorBox error={q.error} retry={q.reload} />}
        {!q.data && !q.error && <Loading />}
        {q.data && (
          <table className="table compact" data-testid="sources-table">
            <thead>
              <tr>
                <th>{d('source')}</th>
                <th className="right">{d('leads')}</th>
                <th className="right">{d('conversion')}</th>
                <th className="right">{d('customersBrought')}</th>
                <th className="right">{d('profit12')}</th>
                <th className="right">{d('meanClv')}</th>
                <th className="right">{d('valuePerLead')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.lines.map((l) => (
                <tr key={l.source}>
                  <td>{sourceWord(d, l.source)}</td>
                  <td className="right">{l.leads === null ? '—' : num(lang, l.leads)}</td>
                  <td className="right">{p(l.conversion)}</td>
                  <td className="right">{l.customers === null ? '—' : num(lang, l.customers)}</td>
                  <td className="right">{m(l.profit12)}</td>
                  <td className="right">{m(l.meanClv)}</td>
                  <td className="right">{m(l.valuePerLead)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title={d('bigTitle')} sub={r.data ? d('concentrationLine', { t1: pct(lang, r.data.concentration.top1Share), t5: pct(lang, r.data.concentration.top5Share), t10: pct(lang, r.data.concentration.top10Share), hhi: r.data.concentration.hhi.toFixed(4) }) : undefined}>
        {r.error && <ErrorBox error={r.error} retry={r.reload} />}
        {r.data && (
          <table className="table compact" data-testid="big-customers-table">
            <tbody>
              {r.data.large.map((b) => (
                <tr key={b.customerId}>
                  <td>
                    <a href={`#/customer/${encodeURIComponent(b.customerId)}`}>{b.customerId}</a>
                  </td>
                  <td className="right">{money(lang, b.profit)}</td>
                  <td className="right">{pct(lang, b.dependence)}</td>
                  <td className="right">{p(b.revenueChange)}</td>
                  <td>{b.signals.map((s) => d(`signal.${s}` as DecideKey)).join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title={d('stagesTitle')} sub={st.data?.all?.biggestDrop ? d('stagesDrop', { stage: d(`pstage.${st.data.all.biggestDrop.into}` as DecideKey), share: pct(lang, 1 - st.data.all.biggestDrop.rate), action: d(`action.${st.data.all.biggestDrop.action}` as DecideKey) }) : undefined}>
        {st.error && <ErrorBox error={st.error} retry={st.reload} />}
        {st.data && (
          <table className="table compact" data-testid="stages-table">
            <thead>
              <tr>
                <th />
                {(['awareness', 'recognition', 'trust', 'satisfaction'] as const).map((k) => (
                  <th key={k} className="right">
                    {d(`pstage.${k}`)}
                  </th>
                ))}
                <th>{d('stagesAction')}</th>
              </tr>
            </thead>
            <tbody>
              {[...st.data.bySegment, ...st.data.bySource].map((f) => (
                <tr key={`${f.kind}:${f.group}`}>
                  <td>{f.kind === 'segment' ? (f.group === 'prospects (leads)' ? d('prospects') : nameOf(lang, f.group)) : sourceWord(d, f.group)}</td>
                  {f.counts.map((x, i) => (
                    <td key={i} className="right">
                      {num(lang, x)}
                    </td>
                  ))}
                  <td>{f.biggestDrop ? `${d(`pstage.${f.biggestDrop.into}` as DecideKey)}${lang === 'zh-CN' ? '：' : ': '}${d(`action.${f.biggestDrop.action}` as DecideKey)}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <Card title={d('lifecycleTitle')} sub={d('lifecycleSub')}>
        {life.error && <ErrorBox error={life.error} retry={life.reload} />}
        {life.data && (
          <table className="table compact" data-testid="lifecycle-table">
            <tbody>
              {life.data.stages.map((x) => (
                <tr key={x.stage}>
                  <td>{lang === 'zh-CN' ? x.zh : `${d(`stage.${x.stage}` as DecideKey)} (${x.zh})`}</td>
                  <td className="right">{num(lang, x.customers)}</td>
                  <td className="right">{pct(lang, x.share)}</td>
                  <td className="right">{money(lang, x.profit)}</td>
                  <td className="right">{m(x.meanClv)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
