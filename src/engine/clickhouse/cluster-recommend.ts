/**
 * The recommender's inputs on a ClickHouse store. The per-line work (baskets, and over them the product pairs, the
 * quadratic part) runs on every shard at once; since a customer's lines are all on one shard, the shards' counts
 * simply add up. What comes back is per product, per pair with enough support, and per customer and product: the
 * embedded engine then ranks by the same SQL as a DuckDB store (sqlCrossSellFromCounts, sqlVolumeUpgradesFromSums).
 */
import type { BasketScope, CoPurchaseCounts, UpgradeSums } from '../../data/line-source.js';
import {
  sqlBasketCustomersCH, sqlCreateBasketView, sqlCreateBasketsDistributed, sqlCustomerBasketCH, sqlNewPurchasesAfterCH, sqlPairCountsCH, sqlPopularForCH, sqlProductBuyersCH, sqlSupportedBasketsCH, sqlUpgradeCustomersCH, sqlUpgradeQuantitiesCH,
  type Statement,
} from '../../sql/clickhouse/recommend.js';
import { LINES, LINES_LOCAL } from '../../sql/clickhouse/tables.js';
import type { ClickHouseEngine } from './clickhouse-engine.js';

async function onEveryShard<T>(ch: ClickHouseEngine, s: Statement): Promise<T[]> {
  const shards = Array.from({ length: ch.shardCount }, (_, i) => i);
  return (await Promise.all(shards.map((i) => ch.queryShard<T>(i, s.sql, s.params)))).flat();
}

/** Byte order of UTF-8 text: how DuckDB and ClickHouse order the product ids. */
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Each product's buyers over the cluster. */
async function productBuyers(ch: ClickHouseEngine, scope: BasketScope): Promise<Map<string, number>> {
  const n = new Map<string, number>();
  for (const r of await onEveryShard<{ product_id: string; n: number }>(ch, sqlProductBuyersCH(LINES_LOCAL, scope))) n.set(r.product_id, (n.get(r.product_id) ?? 0) + Number(r.n));
  return n;
}

const withBaskets = new WeakSet<ClickHouseEngine>();

/** The basket view on every shard and the Distributed table over it (made once, when first needed). */
async function ensureBasketTables(ch: ClickHouseEngine): Promise<void> {
  if (withBaskets.has(ch)) return;
  if (!ch.target.cluster) throw new Error('ensureBasketTables: a ClickHouse store has a cluster');
  await ch.runOnEveryShard(sqlCreateBasketView(LINES_LOCAL));
  await ch.runOnEveryShard(sqlCreateBasketsDistributed(ch.target.cluster, ch.target.database));
  withBaskets.add(ch);
}

export async function clusterCoPurchases(ch: ClickHouseEngine, scope: BasketScope, minSupport: number, customer?: string): Promise<CoPurchaseCounts> {
  await ensureBasketTables(ch);
  let basket: string[] | undefined;
  if (customer !== undefined) {
    const b = sqlCustomerBasketCH(scope, customer);
    basket = (await ch.query<{ prod: string }>(b.sql, b.params)).map((r) => r.prod);
    if (!basket.length) return { customers: 0, products: [], baskets: [], pairs: [] };
  }
  const pairs = sqlPairCountsCH(ch.target.database, scope, minSupport, basket);
  const [buyers, customers, pairRows, baskets] = await Promise.all([
    productBuyers(ch, scope),
    onEveryShard<{ n: number }>(ch, sqlBasketCustomersCH(LINES_LOCAL, scope)),
    // The shards count, the first server adds their counts up: only pairs with enough support come back.
    ch.query<{ i: string; j: string; c: number }>(pairs.sql, pairs.params),
    onEveryShard<{ customer_id: string; product_id: string }>(ch, sqlSupportedBasketsCH(LINES_LOCAL, LINES, scope, minSupport, customer)),
  ]);
  return {
    customers: customers.reduce((a, r) => a + Number(r.n), 0),
    products: [...buyers].filter(([, n]) => n >= minSupport).map(([product_id, n]) => ({ product_id, n })),
    baskets,
    pairs: pairRows.map((r) => ({ i: r.i, j: r.j, c: Number(r.c) })),
  };
}

export async function clusterUpgradeSums(ch: ClickHouseEngine, scope: BasketScope, customer?: string): Promise<UpgradeSums> {
  const [customers, parts] = await Promise.all([
    onEveryShard<UpgradeSums['customers'][number]>(ch, sqlUpgradeCustomersCH(LINES_LOCAL, LINES, scope, customer)),
    onEveryShard<UpgradeSums['quantities'][number]>(ch, sqlUpgradeQuantitiesCH(LINES_LOCAL, LINES, scope, customer)),
  ]);
  // A product's lines of one quantity can be on several shards: their sums add up.
  const q = new Map<string, { product_id: string; quantity: number; qp: number; q: number }>();
  for (const r of parts) {
    const key = `${r.product_id}\u0000${r.quantity}`;
    const x = q.get(key);
    if (x) {
      x.qp += r.qp;
      x.q += r.q;
    } else q.set(key, { product_id: r.product_id, quantity: r.quantity, qp: r.qp, q: r.q });
  }
  return { customers, quantities: [...q.values()] };
}

export async function clusterNewPurchasesAfter(ch: ClickHouseEngine, split: string, exclude: readonly string[]): Promise<Array<{ customer_id: string; product_id: string }>> {
  return onEveryShard(ch, sqlNewPurchasesAfterCH(LINES_LOCAL, split, exclude));
}

export async function clusterPopularNotOwned(ch: ClickHouseEngine, split: string, exclude: readonly string[], top: number, candidates: number): Promise<Array<{ customer_id: string; product_id: string }>> {
  const scope = { until: split, exclude };
  // sqlPopular's order: most buyers first, then the product id.
  const popular = [...(await productBuyers(ch, scope))].sort((a, b) => b[1] - a[1] || byBytes(a[0], b[0])).slice(0, candidates).map(([id]) => id);
  if (!popular.length) return [];
  return onEveryShard(ch, sqlPopularForCH(LINES_LOCAL, scope, popular, top));
}
