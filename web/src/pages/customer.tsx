import type { ReactNode } from 'react';
import { ENDPOINTS } from '../endpoints';
import { day, money, num, pct } from '../format';
import { nameOf, useI18n, word } from '../i18n';
import { criterionLabel, evidenceLabel, label } from '../labels';
import { C, CELL_COLOURS } from '../theme';
import { Card, ErrorBox, Kpi, Loading, SegmentBadge } from '../ui/bits';
import { useApi } from '../ui/use-api';

interface Criterion {
  key: string;
  label: string;
  formula: string;
  score: number | null;
  weight: number;
  contribution: number | null;
  evidence: Record<string, unknown>;
}
interface Flag {
  key: string;
  label: string;
  raised: boolean;
  evidence: Record<string, unknown>;
}
interface Explanation {
  customerId: string;
  asOf: string;
  type: string | null;
  figures: Record<string, unknown> & { categoryMix: Array<{ category: string; revenue: number; share: number }> };
  rfm: { r: number | null; f: number | null; m: number | null; segment: string | null };
  matrices: Record<string, { cell: string | null; label: string | null } & Record<string, unknown>>;
  goodScore: number | null;
  scorePercentile: number | null;
  criteria: Criterion[];
  flags: Flag[];
  assumed: { notes: string[] };
}
interface CustomerAnswer {
  explanation: Explanation;
  profile: Record<string, unknown> | null;
  personalData: 'masked' | 'visible';
}
type Prediction = { model: string; p_alive: number; expected_purchases: number; expected_spend: number; clv: number; horizon: number; time_unit: string };
interface Actions {
  prediction: null | Prediction;
  crossSell: Array<{ productId: string; productName: string | null; score: number; rank: number; because: { productId: string; productName: string | null } }>;
  upsell: Array<{ productId: string; productName: string | null; orders: number; typicalQuantity: number; suggestedQuantity: number; unitPrice: number; bigUnitPrice: number | null; rank: number }>;
}

const PROFILE_SHOWN = ['name', 'email', 'phone', 'address', 'birth_date', 'type', 'country', 'region', 'city', 'gender', 'income', 'occupation', 'education', 'industry', 'employees', 'credit_rating', 'signup_date', 'channel', 'referred_by', 'opt_out'];

/** Evidence and profile values that are amounts of money (the rest are counts, days, shares and scores). */
const MONEY_KEYS = new Set(['netRevenue', 'grossMargin', 'cogs', 'discounts', 'grossRevenue', 'costToServe', 'returns', 'cancellations', 'badDebt', 'badDebtMin', 'revenueRecent', 'revenuePrior', 'annualRevenue', 'profit', 'smallRevenueCutoff', 'offCoreRevenue', 'categorizedRevenue', 'income']);

function value(v: unknown, lang: 'en' | 'zh-CN', key = ''): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return MONEY_KEYS.has(key) ? money(lang, v) : Number.isInteger(v) ? num(lang, v) : Math.abs(v) < 1 ? num(lang, v, 3) : num(lang, v, 1);
  if (typeof v === 'boolean') return v ? '✓' : '✗';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return v.slice(0, 10);
  return String(v);
}

/** Published model names stay as written (BG/NBD); units of the horizon in the reader's language. */
const MODELS: Record<string, string> = { bgnbd: 'BG/NBD', paretonbd: 'Pareto/NBD', mbgnbd: 'MBG/NBD', 'bg-nbd': 'BG/NBD', 'pareto-nbd': 'Pareto/NBD', 'mbg-nbd': 'MBG/NBD' };
const modelName = (m: string) => MODELS[m.toLowerCase()] ?? m;
const UNITS: Record<string, [string, string]> = { days: ['days', '天'], day: ['days', '天'], weeks: ['weeks', '周'], week: ['weeks', '周'], months: ['months', '个月'], month: ['months', '个月'], years: ['years', '年'], year: ['years', '年'] };
const unitWord = (lang: 'en' | 'zh-CN', u: string) => UNITS[u]?.[lang === 'zh-CN' ? 1 : 0] ?? u;

function Evidence(props: { e: Record<string, unknown> }) {
  const { lang } = useI18n();
  return (
    <span className="evidence">
      {Object.entries(props.e).map(([k, v]) => (
        <span className="pill" key={k}>
          {evidenceLabel(lang, k)} <b>{k === 'type' && typeof v === 'string' ? word(lang, v) : value(v, lang, k)}</b>
        </span>
      ))}
    </span>
  );
}

function Dl(props: { rows: Array<[string, ReactNode]> }) {
  return (
    <dl className="dl">
      {props.rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function CustomerPage(props: { id: string }) {
  const { t, lang } = useI18n();
  const q = useApi<CustomerAnswer>(`/api/customers/${encodeURIComponent(props.id)}`);
  const pred = useApi<{ predictions: Prediction[] }>(ENDPOINTS.predictions, { customer: props.id, pageSize: 1 });
  const rec = useApi<Pick<Actions, 'crossSell' | 'upsell'>>(ENDPOINTS.recommendations, { customer: props.id, top: 5 });
  const a: { error: typeof pred.error; data: Actions | null } = {
    error: pred.error ?? rec.error,
    data: pred.data && rec.data ? { prediction: pred.data.predictions[0] ?? null, crossSell: rec.data.crossSell, upsell: rec.data.upsell } : null,
  };
  if (q.error) return <ErrorBox error={q.error} retry={q.reload} />;
  if (!q.data) return <Loading />;
  const { explanation: x, profile, personalData } = q.data;
  const f = x.figures as Record<string, number | string | null> & Explanation['figures'];
  const maxContribution = Math.max(1, ...x.criteria.map((c) => c.weight * 10));
  return (
    <div className="page" data-testid="customer">
      <div className="customer-head">
        <div>
          <h1 data-testid="customer-id">{x.customerId}</h1>
          <div className="muted">
            {word(lang, x.type)} · {t('asOf', { date: x.asOf })}
          </div>
        </div>
        <div className="customer-tags">
          <SegmentBadge name={x.rfm.segment} />
          {Object.values(x.matrices)
            .filter((m) => m.cell)
            .map((m) => (
              <span key={m.cell} className="cell-tag" style={{ borderColor: CELL_COLOURS[m.cell!] ?? C.muted }}>
                {nameOf(lang, m.cell)}
              </span>
            ))}
        </div>
      </div>
      <div className="kpis">
        <Kpi label={t('netRevenue')} value={money(lang, f.netRevenue as number)} />
        <Kpi label={t('profit')} value={money(lang, f.profit as number)} tone={(f.profit as number) >= 0 ? 'good' : 'bad'} />
        <Kpi label={t('orders')} value={num(lang, f.orders as number)} />
        <Kpi label={t('goodScore')} value={num(lang, x.goodScore)} sub={x.scorePercentile !== null ? `P${Math.floor(x.scorePercentile * 100)}` : undefined} />
        <Kpi label={t('lastPurchase')} value={day(f.lastPurchase as string)} sub={t('daysAgo', { n: num(lang, f.recencyDays as number) })} />
        <Kpi label="R · F · M" value={`${x.rfm.r ?? '—'} · ${x.rfm.f ?? '—'} · ${x.rfm.m ?? '—'}`} />
      </div>
      <div className="grid-1-1">
        <Card title={t('profile')} sub={personalData === 'masked' ? t('personalMasked') : t('personalVisible')} testId="profile">
          {profile ? (
            <Dl rows={PROFILE_SHOWN.filter((k) => k in profile).map((k) => [label(lang, k), <span data-field={k}>{k === 'type' || k === 'gender' ? word(lang, profile[k] as string) : value(profile[k], lang, k)}</span>])} />
          ) : (
            <p className="muted">—</p>
          )}
        </Card>
        <Card title={t('figures')}>
          <Dl
            rows={(
              [
                ['firstPurchase', day(f.firstPurchase as string)],
                ['tenureDays', num(lang, f.tenureDays as number)],
                ['grossRevenue', money(lang, f.grossRevenue as number)],
                ['returns', money(lang, f.returns as number)],
                ['discounts', money(lang, f.discounts as number)],
                ['costOfGoods', money(lang, f.costOfGoods as number)],
                ['grossMargin', money(lang, f.grossMargin as number)],
                ['costToServe', money(lang, f.costToServe as number)],
                ['badDebt', money(lang, f.badDebt as number)],
                ['latePayments', num(lang, f.latePayments as number)],
                ['satisfaction', num(lang, f.satisfaction as number, 1)],
                ['nps', num(lang, f.nps as number, 1)],
                ['referrals', num(lang, f.referrals as number)],
                ['topCategory', String(f.topCategory ?? '—')],
              ] as Array<[string, string]>
            ).map(([k, v]) => [label(lang, k), v])}
          />
          {f.categoryMix?.length > 0 && (
            <div className="mix">
              <div className="sub">{t('categoryMix')}</div>
              {f.categoryMix.map((m) => (
                <div className="mix-row" key={m.category}>
                  <span className="mix-name">{m.category}</span>
                  <span className="bar">
                    <span style={{ width: `${Math.round(m.share * 100)}%` }} />
                  </span>
                  <span className="mix-share">{pct(lang, m.share, 0)}</span>
                </div>
              ))}
            </div>
          )}
        </Card>
      </div>
      <Card title={t('criteria')} sub={t('criteriaSub', { score: num(lang, x.goodScore), pct: pct(lang, Math.floor((x.scorePercentile ?? 0) * 1000) / 1000) })} testId="criteria">
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('criterion')}</th>
              <th className="right">{t('score')}</th>
              <th className="right">{t('weight')}</th>
              <th>{t('contribution')}</th>
              <th>{t('evidence')}</th>
            </tr>
          </thead>
          <tbody>
            {x.criteria.map((c) => (
              <tr key={c.key}>
                <td title={c.formula}>{criterionLabel(lang, c.key, c.label)}</td>
                <td className="right">{c.score === null ? <span className="muted">{t('notScored')}</span> : num(lang, c.score, 2)}</td>
                <td className="right">{num(lang, c.weight, 1)}</td>
                <td>
                  {c.contribution !== null && (
                    <span className="bar-num">
                      <span className="bar wide">
                        <span style={{ width: `${Math.round((c.contribution / maxContribution) * 100)}%` }} />
                      </span>
                      <em>{num(lang, c.contribution, 1)}</em>
                    </span>
                  )}
                </td>
                <td>
                  <Evidence e={c.evidence} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <div className="grid-1-1">
        <Card title={t('badFlags')} testId="flags">
          <ul className="flag-list">
            {x.flags.map((fl) => (
              <li key={fl.key} className={fl.raised ? 'raised' : ''}>
                <span className="flag-state">{fl.raised ? t('raised') : t('clear')}</span>
                <span>{criterionLabel(lang, fl.key, fl.label)}</span>
                <Evidence e={fl.evidence} />
              </li>
            ))}
          </ul>
        </Card>
        <Card title={t('prediction')} testId="prediction">
          {a.error ? (
            <ErrorBox error={a.error} />
          ) : !a.data ? (
            <Loading />
          ) : a.data.prediction ? (
            <Dl
              rows={[
                [t('clv'), money(lang, a.data.prediction.clv)],
                [t('pAlive'), pct(lang, a.data.prediction.p_alive)],
                [t('expectedPurchases'), num(lang, a.data.prediction.expected_purchases, 2)],
                [t('expectedSpend'), money(lang, a.data.prediction.expected_spend)],
                [t('horizon'), `${a.data.prediction.horizon} ${unitWord(lang, a.data.prediction.time_unit)} · ${modelName(a.data.prediction.model)}`],
              ]}
            />
          ) : (
            <p className="muted">{t('noPrediction')}</p>
          )}
        </Card>
      </div>
      <Card title={t('recommendations')} testId="recommendations">
        {a.error ? (
          <ErrorBox error={a.error} />
        ) : !a.data ? (
          <Loading />
        ) : a.data.crossSell.length + a.data.upsell.length === 0 ? (
          <p className="muted">{t('noRecommendations')}</p>
        ) : (
          <div className="grid-1-1">
            <div>
              <h3>{t('crossSell')}</h3>
              {a.data.crossSell.length === 0 && <p className="muted">—</p>}
              <ol className="rec-list">
                {a.data.crossSell.map((c) => (
                  <li key={c.productId}>
                    <b>{c.productName ?? c.productId}</b> <span className="muted">({c.productId})</span>
                    <div className="sub small">{t('because', { p: c.because.productName ?? c.because.productId })}</div>
                  </li>
                ))}
              </ol>
            </div>
            <div>
              <h3>{t('upsell')}</h3>
              {a.data.upsell.length === 0 && <p className="muted">—</p>}
              <ol className="rec-list">
                {a.data.upsell.map((u) => (
                  <li key={u.productId}>
                    <b>{u.productName ?? u.productId}</b> × {u.suggestedQuantity}
                    <div className="sub small">{t('upgradeLine', { typical: u.typicalQuantity, orders: u.orders, suggested: u.suggestedQuantity })}</div>
                  </li>
                ))}
              </ol>
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}
