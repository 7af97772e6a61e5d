/**
 * Portraits (客户画像): how a segment differs from all buyers — size, value shares, make-up by demographic and
 * geographic attributes, purchase behaviour, favourite categories, satisfaction — and what stands out, each
 * point with its figures.
 */
import type { Engine } from '../engine/engine.js';
import type { SqlValue } from '../engine/engine.js';
import { SQL_PORTRAIT_TOTALS, sqlPortraitMakeUp, sqlPortraitMeans } from '../sql/segment.js';
import type { ValueConfig } from '../value/index.js';
import { compileField } from './compile.js';
import { showSegment } from './store.js';
import { said, say, type Said } from '../report/prose.js';

const CATEGORICAL: ReadonlyArray<[string, string]> = [
  ['country', 'c.country'],
  ['region', 'c.region'],
  ['city', 'c.city'],
  ['gender', 'c.gender'],
  ['education', 'c.education'],
  ['marital_status', 'c.marital_status'],
  ['type', 'c.type'],
  ['industry', 'c.industry'],
  ['channel', 'c.channel'],
  ['top_category', 's.top_category'],
  ['rfm_segment', 'v.segment'],
];

const NUMERIC: ReadonlyArray<[string, string]> = [
  ['age', 'field:age'],
  ['income', 'c.income'],
  ['orders', 's.orders'],
  ['net_revenue', 's.net_revenue'],
  ['profit', 's.profit'],
  ['recency_days', 's.recency_days'],
  ['tenure_days', 's.tenure_days'],
  ['discount_share', 'CASE WHEN s.gross_revenue > 0 THEN s.discounts / s.gross_revenue END'],
  ['cost_to_serve', 's.cost_to_serve'],
  ['satisfaction', 's.satisfaction'],
  ['nps', 's.nps'],
  ['long_term_value', 'v.long_term_value'],
  ['p_alive', 'v.p_alive'],
];

export interface Portrait {
  readonly name: string;
  readonly asOf: string;
  readonly members: number;
  readonly share: number;
  readonly revenueShare: number;
  readonly profitShare: number;
  /** Share of long-term value: CLV where `clv predict` has run (longTermSource), else the value run's proxy. */
  readonly clvShare: number;
  readonly longTermSource: 'clv_predictions' | 'proxy' | 'mixed';
  readonly makeUp: ReadonlyArray<{ field: string; values: ReadonlyArray<{ value: string; segmentShare: number; baseShare: number; lift: number }> }>;
  readonly behaviour: ReadonlyArray<{ field: string; segmentMean: number | null; baseMean: number | null }>;
  readonly standsOut: readonly string[];
  /** The same points as codes with their figures (src/report/prose.ts), for the reader's language. */
  readonly standsOutSaid: readonly Said[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function portrait(engine: Engine, name: string, config: ValueConfig): Promise<Portrait> {
  const info = await showSegment(engine, name, config);
  const [tot] = await engine.query<{ n: number; seg: number; rev: number; seg_rev: number; profit: number; seg_profit: number; clv: number; seg_clv: number; clv_n: number }>(SQL_PORTRAIT_TOTALS, [name]);
  const share = (a: number, b: number) => (b ? a / b : 0);
  const makeUp: Array<Portrait['makeUp'][number]> = [];
  for (const [field, sql] of CATEGORICAL) {
    const rows = await engine.query<{ v: string | null; n: number; seg: number }>(sqlPortraitMakeUp(sql), [name]);
    const known = rows.filter((r) => r.v !== null);
    if (known.length < 2 || known.length > 200) continue;
    const nAll = known.reduce((a, r) => a + r.n, 0);
    const nSeg = known.reduce((a, r) => a + r.seg, 0);
    if (!nSeg) continue;
    const values = known
      .map((r) => ({ value: r.v as string, segmentShare: r.seg / nSeg, baseShare: r.n / nAll, lift: r.n ? r.seg / nSeg / (r.n / nAll) : 0 }))
      .sort((a, b) => b.segmentShare - a.segmentShare || a.value.localeCompare(b.value))
      .slice(0, 6);
    makeUp.push({ field, values });
  }
  const behaviour: Array<Portrait['behaviour'][number]> = [];
  for (const [field, raw] of NUMERIC) {
    // Catalogue fields (age) bring their own parameters, numbered after the segment's name.
    const f = raw.startsWith('field:') ? compileField(engine.dialect, raw.slice('field:'.length), info.asOf, 2) : { sql: raw, params: [] as SqlValue[] };
    const [r] = await engine.query<{ seg: number | null; all: number | null }>(sqlPortraitMeans(f.sql), [name, ...f.params]);
    if (r.all !== null) behaviour.push({ field, segmentMean: r.seg, baseMean: r.all });
  }
  const standsOut: Array<[number, string, Said]> = [];
  for (const m of makeUp) {
    for (const v of m.values) {
      if (v.segmentShare >= 0.05 && (v.lift >= 1.3 || v.lift <= 0.7))
        standsOut.push([Math.abs(Math.log(v.lift)), `${m.field} = ${v.value}: ${pct(v.segmentShare)} of the segment against ${pct(v.baseShare)} of all buyers (×${v.lift.toFixed(2)})`, said('portrait.makeUp', { field: m.field, value: v.value, segmentShare: v.segmentShare, baseShare: v.baseShare, lift: v.lift })]);
    }
  }
  for (const b of behaviour) {
    if (b.segmentMean === null || b.baseMean === null || b.baseMean === 0) continue;
    const ratio = b.segmentMean / b.baseMean;
    if (ratio >= 1.25 || ratio <= 0.8)
      standsOut.push([Math.abs(Math.log(Math.abs(ratio) || 1e-9)), `${b.field}: mean ${b.segmentMean.toFixed(2)} against ${b.baseMean.toFixed(2)} for all buyers (×${ratio.toFixed(2)})`, said('portrait.mean', { field: b.field, segmentMean: b.segmentMean, baseMean: b.baseMean, ratio })]);
  }
  standsOut.sort((a, b) => b[0] - a[0]);
  const summary = said('portrait.summary', { customers: tot.seg, share: share(tot.seg, tot.n), revenueShare: share(tot.seg_rev, tot.rev), profitShare: share(tot.seg_profit, tot.profit), clvShare: share(tot.seg_clv, tot.clv), clv: Number(tot.clv_n) > 0 });
  return {
    name,
    asOf: info.asOf,
    members: tot.seg,
    share: share(tot.seg, tot.n),
    revenueShare: share(tot.seg_rev, tot.rev),
    profitShare: share(tot.seg_profit, tot.profit),
    clvShare: share(tot.seg_clv, tot.clv),
    longTermSource: Number(tot.clv_n) === 0 ? 'proxy' : Number(tot.clv_n) === Number(tot.n) ? 'clv_predictions' : 'mixed',
    makeUp,
    behaviour,
    standsOut: [say('en', summary), ...standsOut.slice(0, 8).map(([, s]) => s)],
    standsOutSaid: [summary, ...standsOut.slice(0, 8).map(([, , x]) => x)],
  };
}
