/**
 * Growing customers from their purchase history (DESIGN.md §1.7): cross-sell by item-to-item co-occurrence
 * and upsell by volume upgrades, both computed in the engine (src/sql/recommend.ts).
 */
import { linesOf, type LineSource } from '../data/line-source.js';
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { sqlCrossSell, sqlCrossSellFromCounts, sqlVolumeUpgrades, sqlVolumeUpgradesFromSums, type RecommendScope } from '../sql/recommend.js';

export interface RecommendOptions {
  /** One customer, or every customer who bought something. */
  readonly customer?: string;
  /** Recommendations per customer (cross-sell and upsell each). */
  readonly top: number; // 10
  /** Minimum support of a product pair: customers who bought both. */
  readonly minSupport: number; // 10
  /** Partners kept per product, by lift. */
  readonly neighbours: number; // 50
  /** Learn only from lines before this ISO date (a time split); default all lines. */
  readonly until?: string;
  /** Upsell: orders of the product a customer needs before a volume upgrade is offered. */
  readonly upsellMinOrders: number; // 3
  /** Upsell: buyers a product needs before its big buyers' quantity means something. */
  readonly upsellMinBuyers: number; // 5
  /** Upsell: offer when the customer's typical quantity is at most this share of the big buyers' quantity. */
  readonly upsellRatio: number; // 0.5
  /** Product ids that are not merchandise (compared case-insensitively): never recommended, never counted. */
  readonly excludeProducts: readonly string[]; // NON_PRODUCTS
}

/**
 * Service lines shops book as products: postage, carriage, fees, discounts, manual adjustments, samples
 * (the codes Online Retail uses, which are common elsewhere too). Recommending postage is not an offer.
 */
export const NON_PRODUCTS: readonly string[] = ['POST', 'POSTAGE', 'DOT', 'C2', 'CARRIAGE', 'SHIPPING', 'M', 'MANUAL', 'D', 'DISCOUNT', 'S', 'SAMPLES', 'B', 'ADJUST', 'ADJUST2', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS', 'FEE'];

export const DEFAULT_RECOMMEND: RecommendOptions = { top: 10, minSupport: 10, neighbours: 50, upsellMinOrders: 3, upsellMinBuyers: 5, upsellRatio: 0.5, excludeProducts: NON_PRODUCTS };

/** The JSON parameter of an exclusion list (see sqlNotExcluded). */
export function excludeParam(ids: readonly string[]): string {
  return JSON.stringify(ids.map((id) => ({ id })));
}

export interface CrossSell {
  readonly customerId: string;
  readonly productId: string;
  readonly productName: string | null;
  /** Σ P(product | basket product) over the customer's basket. */
  readonly score: number;
  readonly rank: number;
  /** The basket product that contributes most, for the "because you bought" line. */
  readonly because: { readonly productId: string; readonly productName: string | null };
}

export interface VolumeUpgrade {
  readonly customerId: string;
  readonly productId: string;
  readonly productName: string | null;
  readonly orders: number;
  readonly typicalQuantity: number;
  readonly suggestedQuantity: number;
  readonly unitPrice: number;
  /** Mean unit price on lines of the suggested quantity or more (null when none). */
  readonly bigUnitPrice: number | null;
  /** (suggested − typical) × orders × unit price: what the upgrade would have added over the period. */
  readonly extraRevenue: number;
  readonly rank: number;
}

export interface Recommendations {
  readonly customers: number;
  readonly crossSell: readonly CrossSell[];
  readonly upsell: readonly VolumeUpgrade[];
  readonly ms: number;
}

function scopeParams(o: Pick<RecommendOptions, 'until' | 'customer' | 'excludeProducts'>): { scope: RecommendScope; params: Array<string> } {
  const params: string[] = [];
  if (o.until !== undefined) params.push(o.until);
  if (o.customer !== undefined) params.push(o.customer);
  if (o.excludeProducts.length) params.push(excludeParam(o.excludeProducts));
  return { scope: { until: o.until !== undefined, customer: o.customer !== undefined, exclude: o.excludeProducts.length > 0 }, params };
}

export function checkRecommendOptions(o: RecommendOptions): void {
  if (!Number.isInteger(o.top) || o.top < 1) throw new UsageError(`recommend: top ${o.top}: expected a whole number ≥ 1`);
  if (!Number.isInteger(o.minSupport) || o.minSupport < 1) throw new UsageError(`recommend: min support ${o.minSupport}: expected a whole number ≥ 1`);
  if (!Number.isInteger(o.neighbours) || o.neighbours < 1) throw new UsageError(`recommend: neighbours ${o.neighbours}: expected a whole number ≥ 1`);
  if (o.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(o.until)) throw new UsageError(`recommend: until ${o.until}: expected YYYY-MM-DD`);
}

type CrossSellRow = { customer_id: string; product_id: string; product_name: string | null; score: number; rank: number; because_id: string; because_name: string | null };

/**
 * On a ClickHouse store the shards count baskets and pairs (LineSource.coPurchases); the companion ranks them by the
 * same SQL as a DuckDB store, the counts given as JSON parameters (a server's read view cannot write a table).
 */
async function crossSellOnCluster(engine: Engine, lines: LineSource, o: RecommendOptions): Promise<CrossSellRow[]> {
  const counts = await lines.coPurchases({ until: o.until, exclude: o.excludeProducts }, o.minSupport, o.customer);
  if (!counts.pairs.length) return [];
  return engine.query<CrossSellRow>(sqlCrossSellFromCounts(engine.dialect, o.customer !== undefined), [
    o.neighbours, o.top, counts.customers, JSON.stringify(counts.products), JSON.stringify(counts.baskets), JSON.stringify(counts.pairs),
    ...(o.customer !== undefined ? [o.customer] : []),
  ]);
}

export async function crossSell(engine: Engine, o: RecommendOptions): Promise<CrossSell[]> {
  const { scope, params } = scopeParams(o);
  const lines = linesOf(engine);
  const rows = lines ? await crossSellOnCluster(engine, lines, o) : await engine.query<CrossSellRow>(sqlCrossSell(engine.dialect, scope), [o.minSupport, o.neighbours, o.top, ...params]);
  return rows.map((r) => ({ customerId: r.customer_id, productId: r.product_id, productName: r.product_name, score: r.score, rank: r.rank, because: { productId: r.because_id, productName: r.because_name } }));
}

type UpgradeRow = { customer_id: string; product_id: string; product_name: string | null; orders: number; typical_qty: number; suggested_qty: number; unit_price: number; big_unit_price: number | null; extra_revenue: number; rank: number };

export async function volumeUpgrades(engine: Engine, o: RecommendOptions): Promise<VolumeUpgrade[]> {
  const { scope, params } = scopeParams(o);
  const lines = linesOf(engine);
  let rows: UpgradeRow[];
  if (lines) {
    // The shards sum per customer and product and per product and quantity; the companion finishes as DuckDB does.
    const sums = await lines.upgradeSums({ until: o.until, exclude: o.excludeProducts }, o.customer);
    rows = sums.customers.length
      ? await engine.query<UpgradeRow>(sqlVolumeUpgradesFromSums(engine.dialect, o.customer !== undefined), [
          o.upsellMinOrders, o.upsellMinBuyers, o.upsellRatio, o.top, JSON.stringify(sums.customers), JSON.stringify(sums.quantities), ...(o.customer !== undefined ? [o.customer] : []),
        ])
      : [];
  } else rows = await engine.query<UpgradeRow>(sqlVolumeUpgrades(engine.dialect, scope), [o.upsellMinOrders, o.upsellMinBuyers, o.upsellRatio, o.top, ...params]);
  return rows.map((r) => ({
    customerId: r.customer_id,
    productId: r.product_id,
    productName: r.product_name,
    orders: r.orders,
    typicalQuantity: r.typical_qty,
    suggestedQuantity: Math.ceil(r.suggested_qty),
    unitPrice: r.unit_price,
    bigUnitPrice: r.big_unit_price,
    extraRevenue: r.extra_revenue,
    rank: r.rank,
  }));
}

export async function recommend(engine: Engine, options: Partial<RecommendOptions> = {}): Promise<Recommendations> {
  const o = { ...DEFAULT_RECOMMEND, ...options };
  checkRecommendOptions(o);
  const t = performance.now();
  const cross = await crossSell(engine, o);
  const up = await volumeUpgrades(engine, o);
  return { customers: new Set([...cross, ...up].map((r) => r.customerId)).size, crossSell: cross, upsell: up, ms: performance.now() - t };
}

/** The reason and offer of each recommendation, for lists and campaign exports. */
export function describeCrossSell(r: CrossSell): { reason: string; offer: string } {
  return { reason: `customers who bought ${r.because.productName ?? r.because.productId} often buy this too`, offer: `${r.productName ?? r.productId} (${r.productId})` };
}

export function describeUpgrade(r: VolumeUpgrade): { reason: string; offer: string } {
  const saving = r.bigUnitPrice !== null && r.bigUnitPrice < r.unitPrice ? `, at ${r.bigUnitPrice.toFixed(2)} a unit instead of ${r.unitPrice.toFixed(2)}` : '';
  return {
    reason: `buys ${r.productName ?? r.productId} repeatedly (${r.orders} orders) in quantities of about ${r.typicalQuantity}; bigger buyers take ${r.suggestedQuantity}`,
    offer: `${r.productName ?? r.productId} (${r.productId}) in quantities of ${r.suggestedQuantity}${saving}`,
  };
}
