/**
 * The recommender's per-line work on a ClickHouse store's shards (src/engine/clickhouse/cluster-recommend.ts), in
 * ClickHouse SQL runnable on 18.16: baskets, products' buyers, co-purchase pairs, and the sums behind volume
 * upgrades, by the conventions of src/sql/recommend.ts. A customer's lines are all on one shard, so each shard
 * counts its own customers: the caller adds the shards' counts, or, for the pairs, the first server does
 * (sqlPairCountsCH). Pure text builders; each returns its statement and the values of its placeholders (every value
 * bound once, as the engine's binder wants).
 */
import { quoteIdent } from './dialect.js';

/** Which sale lines the recommender learns from (RecommendScope's until and exclusions, with their values). */
export interface BasketFilter {
  /** Only lines before this day (YYYY-MM-DD). */
  readonly until?: string;
  /** Product ids left out, compared case-insensitively. */
  readonly exclude: readonly string[];
}

export interface Statement {
  readonly sql: string;
  readonly params: Array<string | number>;
}

class Values {
  readonly params: Array<string | number> = [];
  bind(v: string | number): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }
}

/** The lines of sqlBaskets: sales with a customer and a product, before `until`, without the excluded products. */
function basketWhere(v: Values, f: BasketFilter): string {
  // toDate(ordered_at) < the day is ordered_at < its midnight (DuckDB's CAST(day AS TIMESTAMP)).
  const until = f.until !== undefined ? ` AND toDate(ordered_at) < toDate(${v.bind(f.until)})` : '';
  const exclude = f.exclude.length ? ` AND NOT has([${f.exclude.map((id) => `upperUTF8(${v.bind(id)})`).join(', ')}], upperUTF8(assumeNotNull(product_id)))` : '';
  return `kind = 'sale' AND isNotNull(customer_id) AND isNotNull(product_id)${until}${exclude}`;
}

/** Distinct (cust, prod) of the basket lines in `table`. */
function baskets(v: Values, table: string, f: BasketFilter, extra = ''): string {
  return `SELECT DISTINCT assumeNotNull(customer_id) AS cust, assumeNotNull(product_id) AS prod FROM ${quoteIdent(table)} WHERE ${basketWhere(v, f)}${extra}`;
}

/**
 * Products bought by at least `minSupport` customers over the whole cluster (through the Distributed table
 * `lines`): the only products a pair with enough support can have (sqlCrossSell's pid).
 */
function supportedProducts(v: Values, lines: string, f: BasketFilter, minSupport: number): string {
  return `SELECT prod FROM (SELECT prod, uniqExact(cust) AS buyers FROM (${baskets(v, lines, f)}) AS bd GROUP BY prod) AS sp WHERE buyers >= ${v.bind(minSupport)}`;
}

/** On one shard: each product's buyers (customers with it in their basket). */
export function sqlProductBuyersCH(local: string, f: BasketFilter): Statement {
  const v = new Values();
  const sql = `SELECT prod AS product_id, toInt64(count()) AS n FROM (${baskets(v, local, f)}) AS b GROUP BY prod`;
  return { sql, params: v.params };
}

/** On one shard: its customers with a basket (shards hold disjoint customers, so the counts add up). */
export function sqlBasketCustomersCH(local: string, f: BasketFilter): Statement {
  const v = new Values();
  return { sql: `SELECT toInt64(uniqExact(assumeNotNull(customer_id))) AS n FROM ${quoteIdent(local)} WHERE ${basketWhere(v, f)}`, params: v.params };
}

/** The name of the per-shard basket view, and of the Distributed table over it. */
export const BASKETS_LOCAL = 'recommend_baskets_local';
export const BASKETS = 'recommend_baskets';

/**
 * Each shard's baskets as a view over its local lines: (cust, prod) of sale lines with both, and the day of the first
 * such sale (a basket "before a day" is one whose first sale is before it). Parameterless, so a Distributed table can
 * stand over it; `sqlPairCountsCH` filters it.
 */
export function sqlCreateBasketView(localLines: string): string {
  return `CREATE VIEW IF NOT EXISTS ${quoteIdent(BASKETS_LOCAL)} AS
SELECT assumeNotNull(customer_id) AS cust, assumeNotNull(product_id) AS prod, min(toDate(ordered_at)) AS first_day
FROM ${quoteIdent(localLines)} WHERE kind = 'sale' AND isNotNull(customer_id) AND isNotNull(product_id) GROUP BY cust, prod`;
}

export function sqlCreateBasketsDistributed(cluster: string, database: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(BASKETS)} (cust String, prod String, first_day Date)
ENGINE = Distributed(${quoteIdent(cluster)}, ${quoteIdent(database)}, ${quoteIdent(BASKETS_LOCAL)})`;
}

/** The baskets of the view within the filter: first sale before `until`, product not excluded. */
function viewWhere(v: Values, f: BasketFilter): string {
  const until = f.until !== undefined ? ` AND first_day < toDate(${v.bind(f.until)})` : '';
  const exclude = f.exclude.length ? ` AND NOT has([${f.exclude.map((id) => `upperUTF8(${v.bind(id)})`).join(', ')}], upperUTF8(prod))` : '';
  return `1${until}${exclude}`;
}

/** One customer's basket within the filter, through the Distributed basket table. */
export function sqlCustomerBasketCH(f: BasketFilter, customer: string): Statement {
  const v = new Values();
  return { sql: `SELECT DISTINCT prod FROM ${quoteIdent(BASKETS)} WHERE ${viewWhere(v, f)} AND cust = ${v.bind(customer)}`, params: v.params };
}

/**
 * For each pair of products i < j, the customers who bought both, kept where at least `minSupport` did (sqlCrossSell's
 * co, one direction), run on the first server through the Distributed basket table: each shard joins its own
 * baskets (a customer's are all on one shard) and counts its pairs, the first server adds the shards' counts and keeps
 * the pairs with enough support, so only those come back. Only products bought by `minSupport` customers can be in
 * such a pair: both sides are restricted to them first (GLOBAL IN: computed once, sent to every shard). With
 * `basket` (one customer's products, sqlCustomerBasketCH), only pairs with one of them, counted over the customers
 * who bought one. `database` qualifies the per-shard view, which the shards read in the query's default database
 * otherwise.
 */
export function sqlPairCountsCH(database: string, f: BasketFilter, minSupport: number, basket?: readonly string[]): Statement {
  const v = new Values();
  const local = `${quoteIdent(database)}.${quoteIdent(BASKETS_LOCAL)}`;
  const supported = () => `SELECT prod FROM ${quoteIdent(BASKETS)} WHERE ${viewWhere(v, f)} GROUP BY prod HAVING count() >= ${v.bind(minSupport)}`;
  const list = () => `(${(basket ?? []).map((p) => v.bind(p)).join(', ')})`;
  // Each shard's customers who share a product with the basket (a local subquery: every shard reads its own).
  const sharing = () => (basket ? ` AND cust IN (SELECT cust FROM ${local} WHERE ${viewWhere(v, f)} AND prod IN ${list()})` : '');
  const right = `SELECT cust, prod AS pj FROM ${local} WHERE ${viewWhere(v, f)}${sharing()}`;
  const left = `${viewWhere(v, f)}${sharing()}`;
  const only = basket ? ` AND (prod IN ${list()} OR pj IN ${list()})` : '';
  // USING with one shared column name: the JOIN form 18.16 and current versions read alike.
  const sql = `SELECT prod AS i, pj AS j, toInt64(count()) AS c FROM ${quoteIdent(BASKETS)} ALL INNER JOIN (${right}) USING cust
WHERE prod < pj AND ${left} AND prod GLOBAL IN (${supported()}) AND pj GLOBAL IN (${supported()})${only}
GROUP BY prod, pj HAVING count() >= ${v.bind(minSupport)}`;
  return { sql, params: v.params };
}

/** On one shard: the baskets over supported products (sqlCrossSell's bi), of one customer when `customer` is given. */
export function sqlSupportedBasketsCH(local: string, lines: string, f: BasketFilter, minSupport: number, customer?: string): Statement {
  const v = new Values();
  const one = customer !== undefined ? ` AND customer_id = ${v.bind(customer)}` : '';
  const sql = `SELECT cust AS customer_id, prod AS product_id FROM (${baskets(v, local, f, one)}) AS b WHERE prod IN (${supportedProducts(v, lines, f, minSupport)})`;
  return { sql, params: v.params };
}

/** sqlVolumeUpgrades's lines: sales with a customer, a product, a positive quantity and a unit price. */
function upgradeLines(v: Values, table: string, f: BasketFilter, extra = ''): string {
  return `SELECT assumeNotNull(customer_id) AS cust, assumeNotNull(product_id) AS prod, order_id AS oid, toFloat64(quantity) AS qty, toFloat64(assumeNotNull(unit_price)) AS price
FROM ${quoteIdent(table)} WHERE ${basketWhere(v, f)} AND quantity > 0 AND isNotNull(unit_price)${extra}`;
}

/**
 * The products one customer bought in upgrade lines (through the Distributed `lines`): the only products whose
 * upgrades that customer can be offered, so the only ones whose figures a recommendation for them needs.
 */
function theirProducts(v: Values, lines: string, f: BasketFilter, customer: string | undefined): string {
  if (customer === undefined) return '';
  return ` AND prod IN (SELECT prod FROM (${upgradeLines(v, lines, f, ` AND customer_id = ${v.bind(customer)}`)}) AS t)`;
}

/**
 * On one shard, per customer and product (sqlVolumeUpgrades's cust, before the division): distinct orders, the
 * median quantity (interpolated as DuckDB's quantile_cont), Σ quantity × unit price and Σ quantity. With `customer`,
 * only the products that customer bought.
 */
export function sqlUpgradeCustomersCH(local: string, lines: string, f: BasketFilter, customer?: string): Statement {
  const v = new Values();
  const sorted = 'arraySort(groupArray(qty))';
  const h = `((length(${sorted}) - 1) * 0.5)`;
  const median = `arrayElement(${sorted}, toUInt64(floor(${h})) + 1) + (${h} - floor(${h})) * (arrayElement(${sorted}, least(toUInt64(floor(${h})) + 2, length(${sorted}))) - arrayElement(${sorted}, toUInt64(floor(${h})) + 1))`;
  const sql = `SELECT cust AS customer_id, prod AS product_id, toInt64(uniqExact(oid)) AS orders, ${median} AS typical_qty, sum(qty * price) AS qp, sum(qty) AS q
FROM (${upgradeLines(v, local, f)}) AS l WHERE 1${theirProducts(v, lines, f, customer)} GROUP BY cust, prod`;
  return { sql, params: v.params };
}

/** On one shard, per product and quantity: Σ quantity × unit price and Σ quantity (sqlVolumeUpgrades's big_price, summed later). */
export function sqlUpgradeQuantitiesCH(local: string, lines: string, f: BasketFilter, customer?: string): Statement {
  const v = new Values();
  const sql = `SELECT prod AS product_id, qty AS quantity, sum(qty * price) AS qp, sum(qty) AS q FROM (${upgradeLines(v, local, f)}) AS l WHERE 1${theirProducts(v, lines, f, customer)} GROUP BY prod, qty`;
  return { sql, params: v.params };
}

/**
 * On one shard, the test set of a time split (sqlNewPurchasesAfter): (customer, product) first bought on or after
 * `split` by a customer with a basket before it. Excluded products are left out.
 */
export function sqlNewPurchasesAfterCH(local: string, split: string, exclude: readonly string[]): Statement {
  const v = new Values();
  const all: BasketFilter = { exclude };
  const firsts = `SELECT assumeNotNull(customer_id) AS cust, assumeNotNull(product_id) AS prod, min(toDate(ordered_at)) AS first_day FROM ${quoteIdent(local)} WHERE ${basketWhere(v, all)} GROUP BY cust, prod`;
  const before = `SELECT cust FROM (${baskets(v, local, { until: split, exclude })}) AS bb`;
  const sql = `SELECT cust AS customer_id, prod AS product_id FROM (${firsts}) AS f WHERE first_day >= toDate(${v.bind(split)}) AND cust IN (${before})`;
  return { sql, params: v.params };
}

/**
 * On one shard, the popularity baseline (sqlPopular) given the candidates in order: each customer with a basket,
 * and the first `top` candidates not in it.
 */
export function sqlPopularForCH(local: string, f: BasketFilter, candidates: readonly string[], top: number): Statement {
  const v = new Values();
  // Relational rather than arrayFilter over each basket: an 18.16 lambda cannot read another column (the basket).
  const list = `SELECT cand, pos FROM (SELECT [${candidates.map((c) => v.bind(c)).join(', ')}] AS list) ARRAY JOIN list AS cand, arrayEnumerate(list) AS pos`;
  const people = `SELECT DISTINCT cust FROM (${baskets(v, local, f)}) AS b`;
  const owned = `SELECT cust, prod FROM (${baskets(v, local, f)}) AS o`;
  const sql = `SELECT cust AS customer_id, cand AS product_id FROM (
  SELECT cust, cand, pos FROM (${people}) AS p CROSS JOIN (${list}) AS c
) AS pc WHERE (cust, cand) NOT IN (${owned})
ORDER BY cust, pos LIMIT ${v.bind(top)} BY cust`;
  return { sql, params: v.params };
}
