/**
 * Target selection (DESIGN.md §1.3–1.5): score every segment on attractiveness (size, profit, CLV, growth, risk)
 * and on fit with the company (门当户对: price position, service capacity, strengths and strategic categories),
 * then recommend targets with a positioning strategy and the reasons, each with its figures.
 */
import type { Engine } from '../engine/engine.js';
import { NotFoundError } from '../errors.js';
import { sqlBasisCheck, sqlFitPositions, sqlFitShares, sqlFitSpellings, type GroupBy } from '../sql/fit.js';
import { sqlGroupFigures } from '../sql/target.js';
import { computeValue, type ValueConfig } from '../value/index.js';
import { isEmptyProfile, type CompanyProfile } from './company.js';
import { fitComponents, fitScore, inferCompany, type FitComponent, type FitInputs, type Spelling } from './fit.js';
import { said as sd, say, type Said } from '../report/prose.js';

export interface SegmentFigures {
  readonly name: string;
  readonly customers: number;
  readonly revenue: number;
  readonly profit: number;
  readonly meanClv: number;
  readonly meanPAlive: number | null;
  readonly growth: number | null;
  readonly discountShare: number | null;
  readonly serviceShare: number | null;
  readonly satisfaction: number | null;
  readonly orderValue: number | null;
  readonly topCategory: string | null;
  /** Share of members whose main category is a strength or strategic category (null when none is named). */
  readonly categoryFit: number | null;
  /** The members' attributes the fit is judged on (absent: the fit has no data and is 50). */
  readonly fitInputs?: FitInputs;
}

export interface TargetRow extends SegmentFigures {
  readonly attractiveness: number;
  readonly fit: number;
  /** Each part of the fit with its figure against all buyers. */
  readonly fitComponents: readonly FitComponent[];
  readonly recommended: boolean;
  readonly strategy: 'differentiation' | 'cost leadership' | 'niche focus' | null;
  readonly reasons: readonly string[];
  /** The same reasons as codes with their figures, for rendering in the reader's language (src/report/prose.ts). */
  readonly said: readonly Said[];
}

/** A segmentation basis that means nothing for the data, with the figure that shows it. */
export interface BasisWarning {
  readonly code: 'rfm-frequency' | 'rfm-recency';
  readonly figure: number;
  readonly message: string;
}

export interface SegmentData {
  readonly asOf: string;
  readonly rows: SegmentFigures[];
  /** The most profitable customers (top 20% by profit) and all buyers, for inference and comparison. */
  readonly best: FitInputs | null;
  readonly base: FitInputs | null;
  readonly warnings: BasisWarning[];
}

const EMPTY_SHARES: FitInputs['shares'] = { category: {}, region: {}, channel: {}, type: {} };

export async function loadSegmentFigures(engine: Engine, by: GroupBy, company: CompanyProfile, config: ValueConfig): Promise<SegmentData> {
  const run = await computeValue(engine, { config });
  const rows = await engine.query<Record<string, number | string | null>>(sqlGroupFigures(engine.dialect, by));
  if (!rows.length) throw new NotFoundError(by === 'saved' ? 'there are no saved segments with members' : 'no customer has bought yet', by === 'saved' ? 'create some: clientele segment create NAME --rule "..."' : 'import orders first');
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const positions = await engine.query<Record<string, number | string | null>>(sqlFitPositions(by));
  const shares = await engine.query<{ kind: string; name: string | null; dim: keyof FitInputs['shares']; val: string | null; n: number }>(sqlFitShares(by));
  const inputs = (kind: string, name: string | null): FitInputs | null => {
    const p = positions.find((r) => r.kind === kind && (kind !== 'group' || r.name === name));
    if (!p) return null;
    const sh: Record<string, Record<string, number>> = { category: {}, region: {}, channel: {}, type: {} };
    for (const r of shares) if (r.kind === kind && (kind !== 'group' || r.name === name)) sh[r.dim][r.val ?? ''] = (sh[r.dim][r.val ?? ''] ?? 0) + Number(r.n);
    return { customers: Number(p.customers), pOrderValue: num(p.p_aov), pDiscount: num(p.p_disc), pService: num(p.p_service), orderValue: num(p.aov), discountShare: num(p.disc), serviceCost: num(p.service), shares: sh as FitInputs['shares'] };
  };
  const wanted = new Set([...company.strengths, ...company.strategicCategories]);
  const [basis] = await engine.query<{ buyers: number; single: number; last_days: number }>(sqlBasisCheck());
  const warnings: BasisWarning[] = [];
  const buyers = Number(basis?.buyers ?? 0);
  if (by === 'rfm' && buyers > 0) {
    const single = Number(basis.single) / buyers;
    if (single >= 0.9) warnings.push({ code: 'rfm-frequency', figure: single, message: `${Math.round(single * 100)}% of buyers have a single order: RFM frequency means nothing here, so RFM segments mostly sort by recency. Target by value tier (--by tier) or by saved segments instead.` });
    if (Number(basis.last_days) <= 2) warnings.push({ code: 'rfm-recency', figure: Number(basis.last_days), message: `last purchases fall on ${Number(basis.last_days)} day(s) only: RFM recency means nothing here. Target by value tier (--by tier) or by saved segments instead.` });
  }
  return {
    asOf: run.asOf,
    best: inputs('best', null),
    base: inputs('base', null),
    warnings,
    rows: rows.map((r) => {
      const recent = Number(r.revenue_recent ?? 0);
      const prior = Number(r.revenue_prior ?? 0);
      const fi = inputs('group', String(r.name)) ?? undefined;
      const cats = fi?.shares.category ?? EMPTY_SHARES.category;
      const catTotal = Object.values(cats).reduce((a, b) => a + b, 0);
      return {
        name: String(r.name),
        customers: Number(r.customers),
        revenue: Number(r.revenue ?? 0),
        profit: Number(r.profit ?? 0),
        meanClv: Number(r.mean_clv ?? 0),
        meanPAlive: num(r.mean_p_alive),
        growth: Math.abs(prior) > 0 ? (recent - prior) / Math.abs(prior) : null,
        discountShare: num(r.discount_share),
        serviceShare: num(r.service_share),
        satisfaction: num(r.satisfaction),
        orderValue: num(r.order_value),
        topCategory: (r.top_category as string | null) ?? null,
        categoryFit: wanted.size && catTotal ? Object.entries(cats).filter(([c]) => wanted.has(c)).reduce((a, [, n]) => a + n, 0) / catTotal : null,
        ...(fi ? { fitInputs: fi } : {}),
      };
    }),
  };
}

export interface TargetResult {
  readonly asOf: string;
  readonly by: GroupBy;
  /** The profile the fit was judged against: the company's own, or inferred from its most profitable customers. */
  readonly company: CompanyProfile;
  readonly companySource: 'profile' | 'inferred';
  readonly warnings: readonly BasisWarning[];
  readonly segments: TargetRow[];
}

/** Target selection end to end: the profile if one is set, else one inferred from the data; recommended first. */
export async function targetSegments(engine: Engine, by: GroupBy, company: CompanyProfile, config: ValueConfig): Promise<TargetResult> {
  const data = await loadSegmentFigures(engine, by, company, config);
  const inferred = isEmptyProfile(company);
  const effective = inferred && data.best && data.base ? inferCompany(data.best, data.base) : company;
  const wanted = new Set([...effective.strengths, ...effective.strategicCategories]);
  const rows = data.rows.map((r) => {
    const cats = r.fitInputs?.shares.category ?? {};
    const total = Object.values(cats).reduce((a, b) => a + b, 0);
    return { ...r, categoryFit: wanted.size && total ? Object.entries(cats).filter(([c]) => wanted.has(c)).reduce((a, [, n]) => a + n, 0) / total : null };
  });
  const segments = scoreTargets(rows, effective, data.base, await dataSpelling(engine)).sort((a, b) => Number(b.recommended) - Number(a.recommended) || b.attractiveness + b.fit - (a.attractiveness + a.fit));
  return { asOf: data.asOf, by, company: effective, companySource: inferred ? 'inferred' : 'profile', warnings: data.warnings, segments };
}

/** The profile's lower-case names as the data writes them (the most common spelling), for the reasons. */
async function dataSpelling(engine: Engine): Promise<Spelling> {
  const rows = await engine.query<{ dim: string; val: string; shown: string; n: number }>(sqlFitSpellings());
  const best = new Map<string, { shown: string; n: number }>();
  for (const r of rows) {
    const k = `${r.dim}\u0000${r.val}`;
    const b = best.get(k);
    if (!b || Number(r.n) > b.n) best.set(k, { shown: String(r.shown), n: Number(r.n) });
  }
  return (dim, v) => best.get(`${dim}\u0000${v}`)?.shown ?? v;
}

/** Rank of each value among the others, 0 (lowest) to 1 (highest); nulls score 0.5. */
function ranks(values: readonly (number | null)[]): number[] {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return values.map((v) => {
    if (v === null || present.length < 2) return 0.5;
    const below = present.filter((x) => x < v).length;
    const equal = present.filter((x) => x === v).length;
    return (below + (equal - 1) / 2) / (present.length - 1);
  });
}


const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(0)}%`);

const COMPONENT_TEXT: Record<FitComponent['code'], (c: FitComponent) => string> = {
  price: (c) => `price (${c.wanted}): members' place on order value and full-price buying ${c.figure.toFixed(2)} (all buyers 0.50) → ${Math.round(c.score * 100)}`,
  service: (c) => `service (${c.wanted} capacity): members' place on service taken (orders, cost to serve) ${c.figure.toFixed(2)} (all buyers 0.50) → ${Math.round(c.score * 100)}`,
  category: (c) => `categories (${c.wanted}): ${pct(c.figure)} buy mainly there (all buyers ${pct(c.base)}) → ${Math.round(c.score * 100)}`,
  region: (c) => `regions (${c.wanted}): ${pct(c.figure)} are there (all buyers ${pct(c.base)}) → ${Math.round(c.score * 100)}`,
  channel: (c) => `channels (${c.wanted}): ${pct(c.figure)} came through them (all buyers ${pct(c.base)}) → ${Math.round(c.score * 100)}`,
  focus: (c) => `focus (${c.wanted}): ${pct(c.figure)} of members (all buyers ${pct(c.base)}) → ${Math.round(c.score * 100)}`,
};

/** One line per fit component, in English (the structured components carry the same figures). */
export function fitComponentText(c: FitComponent): string {
  return COMPONENT_TEXT[c.code](c);
}

/** The base for fit components when none is given: the groups' inputs added up (exact when groups partition buyers). */
function sumInputs(rows: readonly SegmentFigures[]): FitInputs | null {
  const xs = rows.map((r) => r.fitInputs).filter((x): x is FitInputs => !!x);
  if (!xs.length) return null;
  const shares: Record<string, Record<string, number>> = { category: {}, region: {}, channel: {}, type: {} };
  for (const x of xs) for (const [dim, m] of Object.entries(x.shares)) for (const [v, n] of Object.entries(m)) shares[dim][v] = (shares[dim][v] ?? 0) + n;
  return { customers: xs.reduce((a, x) => a + x.customers, 0), pOrderValue: 0.5, pDiscount: 0.5, pService: 0.5, orderValue: null, discountShare: null, serviceCost: null, shares: shares as FitInputs['shares'] };
}

/** Attractiveness and fit, 0–100, and the recommendation with its reasons. `base` is all buyers (default: the rows together). */
export function scoreTargets(rows: readonly SegmentFigures[], company: CompanyProfile, base: FitInputs | null = null, spell?: Spelling): TargetRow[] {
  const total = rows.reduce((a, r) => a + r.customers, 0);
  const size = ranks(rows.map((r) => r.customers));
  const profitPer = ranks(rows.map((r) => r.profit / Math.max(1, r.customers)));
  const clv = ranks(rows.map((r) => r.meanClv));
  const growth = ranks(rows.map((r) => r.growth));
  const safety = ranks(rows.map((r) => r.meanPAlive));
  const all = base ?? sumInputs(rows);
  return rows.map((r, i) => {
    const attractiveness = 100 * (0.2 * size[i] + 0.3 * profitPer[i] + 0.25 * clv[i] + 0.1 * growth[i] + 0.15 * safety[i]);
    const components = r.fitInputs && all ? fitComponents(r.fitInputs, all, company, spell) : [];
    const fit = fitScore(components);
    const share = total ? r.customers / total : 0;
    const lossMaking = r.profit < 0;
    const recommended = !lossMaking && attractiveness >= 50 && fit >= 50;
    const strategy: TargetRow['strategy'] = !recommended
      ? null
      : (r.discountShare ?? 0) >= 0.1 && company.priceTier !== 'premium'
        ? 'cost leadership'
        : share < 0.1
          ? 'niche focus'
          : 'differentiation';
    const said: Said[] = [
      sd('target.size', { customers: r.customers, share, profit: r.profit, profitEach: r.profit / Math.max(1, r.customers), meanClv: r.meanClv }),
      ...(r.growth !== null ? [sd('target.growth', { growth: r.growth })] : []),
      ...(r.meanPAlive !== null ? [sd('target.pAlive', { pAlive: r.meanPAlive })] : []),
      sd('target.shares', { discountShare: r.discountShare, serviceShare: r.serviceShare }),
      ...components.map((c) => sd('target.fitPart', { part: c.code, wanted: c.wanted, unit: c.unit, figure: c.figure, base: c.base, score: c.score })),
      ...(components.length ? [] : [sd('target.fitNone')]),
      ...(lossMaking ? [sd('target.lossMaking')] : []),
      ...(strategy === 'cost leadership' ? [sd('target.costLeadership')] : strategy === 'niche focus' ? [sd('target.nicheFocus')] : strategy === 'differentiation' ? [sd('target.differentiation')] : []),
    ];
    const reasons = said.map((x) => say('en', x));
    return { ...r, attractiveness, fit, fitComponents: components, recommended, strategy, reasons, said };
  });
}
