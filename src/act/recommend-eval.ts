/**
 * A time split check of the cross-sell recommender: learn from lines before `split`, recommend the top N
 * products each customer had not bought, and count the customers who then bought at least one of them.
 * The baseline recommends the N most popular products the customer had not bought. Excluded products (postage, …)
 * are left out of both and of the test purchases.
 */
import { linesOf } from '../data/line-source.js';
import type { Engine } from '../engine/engine.js';
import { sqlNewPurchasesAfter, sqlPopular } from '../sql/recommend.js';
import { DEFAULT_RECOMMEND, crossSell, excludeParam, type RecommendOptions } from './recommend.js';

/** The most popular products the baseline considers. */
const POPULAR_CANDIDATES = 1000;

export interface RecommendEvaluation {
  readonly split: string;
  readonly top: number;
  /** Customers who bought before the split and bought a product new to them after it. */
  readonly testCustomers: number;
  /** Share of test customers with at least one recommended product among their new purchases. */
  readonly hitRate: number;
  readonly popularityHitRate: number;
  readonly ms: number;
}

/** Share of customers in `truth` for whom a recommended product is among their new purchases. */
export function hitRate(recs: ReadonlyArray<{ customerId: string; productId: string }>, truth: ReadonlyMap<string, ReadonlySet<string>>): number {
  if (truth.size === 0) return 0;
  const hit = new Set<string>();
  for (const r of recs) if (truth.get(r.customerId)?.has(r.productId)) hit.add(r.customerId);
  return hit.size / truth.size;
}

export async function evaluateRecommender(engine: Engine, split: string, options: Partial<RecommendOptions> = {}): Promise<RecommendEvaluation> {
  const o = { ...DEFAULT_RECOMMEND, ...options, until: split, customer: undefined };
  const exclude = o.excludeProducts.length > 0;
  const excluded = exclude ? [excludeParam(o.excludeProducts)] : [];
  // On a ClickHouse store the test set and the baseline are made per customer on the shards.
  const lines = linesOf(engine);
  const truthRows = lines
    ? await lines.newPurchasesAfter(split, o.excludeProducts)
    : await engine.query<{ customer_id: string; product_id: string }>(sqlNewPurchasesAfter(engine.dialect, exclude), [split, ...excluded]);
  const truth = new Map<string, Set<string>>();
  for (const r of truthRows) {
    let s = truth.get(r.customer_id);
    if (!s) truth.set(r.customer_id, (s = new Set()));
    s.add(r.product_id);
  }
  const t = performance.now();
  const recs = await crossSell(engine, o);
  const ms = performance.now() - t;
  const popular = lines
    ? await lines.popularNotOwned(split, o.excludeProducts, o.top, POPULAR_CANDIDATES)
    : await engine.query<{ customer_id: string; product_id: string }>(sqlPopular(engine.dialect, { until: true, customer: false, exclude }), [o.top, POPULAR_CANDIDATES, split, ...excluded]);
  return {
    split,
    top: o.top,
    testCustomers: truth.size,
    hitRate: hitRate(recs, truth),
    popularityHitRate: hitRate(popular.map((r) => ({ customerId: r.customer_id, productId: r.product_id })), truth),
    ms,
  };
}
