/**
 * Target selection (DESIGN.md §1.3–1.5): score every segment on attractiveness (size, profit, CLV, growth, risk)
 * and on fit with the company (门当户对: price position, service capacity, strengths and strategic categories),
 * then recommend targets with a positioning strategy and the reasons, each with its figures.
 */
import type { Engine } from '../engine/engine.js';
import { NotFoundError } from '../errors.js';
import { sqlGroupCategories, sqlGroupFigures } from '../sql/target.js';
import { computeValue, type ValueConfig } from '../value/index.js';
import type { CompanyProfile } from './company.js';
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
  /** Share of members whose main category is a strength or strategic category. */
  readonly categoryFit: number | null;
}

export interface TargetRow extends SegmentFigures {
  readonly attractiveness: number;
  readonly fit: number;
  readonly recommended: boolean;
  readonly strategy: 'differentiation' | 'cost leadership' | 'niche focus' | null;
  readonly reasons: readonly string[];
  /** The same reasons as codes with their figures, for rendering in the reader's language (src/report/prose.ts). */
  readonly said: readonly Said[];
}

export async function loadSegmentFigures(engine: Engine, by: 'rfm' | 'saved', company: CompanyProfile, config: ValueConfig): Promise<{ asOf: string; rows: SegmentFigures[] }> {
  const run = await computeValue(engine, { config });
  const rows = await engine.query<Record<string, number | string | null>>(sqlGroupFigures(engine.dialect, by));
  if (!rows.length) throw new NotFoundError(by === 'saved' ? 'there are no saved segments with members' : 'no customer has bought yet', by === 'saved' ? 'create some: clientele segment create NAME --rule "..."' : 'import orders first');
  const cats = await engine.query<{ name: string; category: string | null; n: number }>(sqlGroupCategories(by));
  const wanted = new Set([...company.strengths, ...company.strategicCategories]);
  const fitOf = (name: string): number | null => {
    if (!wanted.size) return null;
    const mine = cats.filter((c) => c.name === name);
    const total = mine.reduce((a, c) => a + c.n, 0);
    return total ? mine.filter((c) => c.category !== null && wanted.has(c.category)).reduce((a, c) => a + c.n, 0) / total : null;
  };
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    asOf: run.asOf,
    rows: rows.map((r) => {
      const recent = Number(r.revenue_recent ?? 0);
      const prior = Number(r.revenue_prior ?? 0);
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
        categoryFit: fitOf(String(r.name)),
      };
    }),
  };
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


/** Attractiveness and fit, 0–100, and the recommendation with its reasons. */
export function scoreTargets(rows: readonly SegmentFigures[], company: CompanyProfile): TargetRow[] {
  const total = rows.reduce((a, r) => a + r.customers, 0);
  const size = ranks(rows.map((r) => r.customers));
  const profitPer = ranks(rows.map((r) => r.profit / Math.max(1, r.customers)));
  const clv = ranks(rows.map((r) => r.meanClv));
  const growth = ranks(rows.map((r) => r.growth));
  const safety = ranks(rows.map((r) => r.meanPAlive));
  const priceWant = company.priceTier === 'premium' ? -1 : company.priceTier === 'budget' ? 1 : 0;
  const serviceWant = company.serviceCapacity === 'low' ? -1 : company.serviceCapacity === 'high' ? 1 : 0;
  const discountRank = ranks(rows.map((r) => r.discountShare));
  const serviceRank = ranks(rows.map((r) => r.serviceShare));
  return rows.map((r, i) => {
    const attractiveness = 100 * (0.2 * size[i] + 0.3 * profitPer[i] + 0.25 * clv[i] + 0.1 * growth[i] + 0.15 * safety[i]);
    // Price fit: a premium company fits segments that use few discounts, a budget one those that use many.
    const priceFit = priceWant === 0 ? 0.5 : priceWant > 0 ? discountRank[i] : 1 - discountRank[i];
    const serviceFit = serviceWant === 0 ? 0.5 : serviceWant > 0 ? serviceRank[i] : 1 - serviceRank[i];
    const parts = [priceFit, serviceFit, ...(r.categoryFit === null ? [] : [r.categoryFit])];
    const fit = (100 * parts.reduce((a, b) => a + b, 0)) / parts.length;
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
      sd('target.priceService', { discountShare: r.discountShare, serviceShare: r.serviceShare, priceTier: company.priceTier, serviceCapacity: company.serviceCapacity }),
      ...(r.categoryFit !== null ? [sd('target.categoryFit', { categoryFit: r.categoryFit })] : []),
      ...(lossMaking ? [sd('target.lossMaking')] : []),
      ...(strategy === 'cost leadership' ? [sd('target.costLeadership')] : strategy === 'niche focus' ? [sd('target.nicheFocus')] : strategy === 'differentiation' ? [sd('target.differentiation')] : []),
    ];
    const reasons = said.map((x) => say('en', x));
    return { ...r, attractiveness, fit, recommended, strategy, reasons, said };
  });
}
