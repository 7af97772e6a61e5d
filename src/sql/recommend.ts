import type { Dialect } from './dialect.js';

/**
 * Which order lines a recommender learns from. `until`: only lines before a timestamp parameter (a time split);
 * `customer`: recommend for one customer (a parameter) rather than all.
 */
export interface RecommendScope {
  readonly until: boolean;
  readonly customer: boolean;
  /** Leave out products (service lines such as postage): a JSON array of {"id": …} as the last parameter. */
  readonly exclude: boolean;
}

/** A condition leaving out the excluded product ids (`param`: the JSON array), or '' when nothing is excluded. */
function sqlNotExcluded(d: Dialect, col: string, param: string | null): string {
  return param ? ` AND upper(${col}) NOT IN (SELECT upper(id) FROM ${d.sqlJsonRows(param, [['id', 'text']])} x)` : '';
}

/** Distinct (customer, product) pairs of sales, before `untilParam` when given, without excluded products. */
function sqlBaskets(d: Dialect, untilParam: string | null, excludeParam: string | null): string {
  return `SELECT DISTINCT customer_id, product_id FROM order_lines
  WHERE kind = 'sale' AND customer_id IS NOT NULL AND product_id IS NOT NULL${untilParam ? ` AND ordered_at < CAST(${untilParam} AS ${d.type('timestamp')})` : ''}${sqlNotExcluded(d, 'product_id', excludeParam)}`;
}

/**
 * Item-to-item cross-sell. Over customers' baskets (the products each customer bought):
 *   lift(i, j) = P(i ∧ j) / (P(i) P(j)) = co(i, j) · N / (n(i) n(j)), kept where co(i, j) ≥ min support (customers);
 *   each product keeps its `neighbours` highest-lift partners with lift > 1;
 *   score(c, j) = Σ over i in c's basket of P(j | i) = co(i, j) / n(i), for j not in c's basket.
 * Lift picks what goes together beyond popularity; the conditional probability ranks it (ranking by lift
 * alone favours rare products: on Online Retail it scores below popularity, see src/act/CONTEXT.md).
 * For one customer, only pairs starting from that customer's products are counted.
 * Parameters: $1 min support, $2 neighbours, $3 top N, then the until timestamp, then the customer id, then the excluded products.
 * Rows: customer_id, product_id, product_name, score, rank, because_id (the basket product contributing most).
 */
export function sqlCrossSell(d: Dialect, s: RecommendScope): string {
  const dbl = d.type('double');
  let n = 4;
  const until = s.until ? `$${n++}` : null;
  const customer = s.customer ? `$${n++}` : null;
  const exclude = s.exclude ? `$${n++}` : null;
  // Products and customers become integers before the self-join: grouping pairs of integers is about twice as
  // fast as pairs of text ids, and products bought by fewer than $1 customers can have no pair with enough support.
  const m = d.sqlCteMaterialized;
  return `WITH b AS ${m} (${sqlBaskets(d, until, exclude)}),
n_i AS (SELECT product_id, count(*) AS n FROM b GROUP BY product_id),
total AS (SELECT CAST(count(DISTINCT customer_id) AS ${dbl}) AS n FROM b),
pid AS ${m} (SELECT product_id, n, row_number() OVER (ORDER BY product_id) AS p FROM n_i WHERE n >= $1),
cid AS ${m} (SELECT customer_id, row_number() OVER (ORDER BY customer_id) AS c FROM (SELECT DISTINCT customer_id FROM b) t),
bi AS ${m} (SELECT cid.c, pid.p FROM b JOIN pid ON pid.product_id = b.product_id JOIN cid ON cid.customer_id = b.customer_id),
co AS (
  SELECT x.p AS i, y.p AS j, count(*) AS c
  FROM bi x JOIN bi y ON x.c = y.c AND x.p <> y.p${customer ? `\n  WHERE x.p IN (SELECT bi.p FROM bi JOIN cid ON cid.c = bi.c WHERE cid.customer_id = ${customer})` : ''}
  GROUP BY x.p, y.p HAVING count(*) >= $1
),
${sqlCrossSellRanked(d, '$2', '$3', customer)}`;
}

/**
 * The cross-sell of sqlCrossSell finished from counts made elsewhere (a ClickHouse store's shards,
 * src/engine/clickhouse/cluster-recommend.ts): the same lift, neighbours, scores and ranks, by the same SQL.
 * Parameters: $1 neighbours, $2 top N, $3 customers with a basket (N), $4 JSON [{product_id, n}] of the products with
 * n ≥ min support, $5 JSON [{customer_id, product_id}] of the baskets over those products, $6 JSON [{i, j, c}] of the
 * product pairs (i < j) bought by c ≥ min support customers, then the customer id when `customer`.
 */
export function sqlCrossSellFromCounts(d: Dialect, customer: boolean): string {
  const m = d.sqlCteMaterialized;
  const cust = customer ? '$7' : null;
  return `WITH total AS (SELECT CAST($3 AS ${d.type('double')}) AS n),
pid AS ${m} (SELECT product_id, n, row_number() OVER (ORDER BY product_id) AS p FROM ${d.sqlJsonRows('$4', [['product_id', 'text'], ['n', 'bigint']])} n_i),
b AS ${m} (SELECT * FROM ${d.sqlJsonRows('$5', [['customer_id', 'text'], ['product_id', 'text']])} bj),
cid AS ${m} (SELECT customer_id, row_number() OVER (ORDER BY customer_id) AS c FROM (SELECT DISTINCT customer_id FROM b) t),
bi AS ${m} (SELECT cid.c, pid.p FROM b JOIN pid ON pid.product_id = b.product_id JOIN cid ON cid.customer_id = b.customer_id),
pc AS (SELECT pi.p AS i, pj.p AS j, x.c FROM ${d.sqlJsonRows('$6', [['i', 'text'], ['j', 'text'], ['c', 'bigint']])} x JOIN pid pi ON pi.product_id = x.i JOIN pid pj ON pj.product_id = x.j),
co AS (SELECT i, j, c FROM pc UNION ALL SELECT j AS i, i AS j, c FROM pc),
${sqlCrossSellRanked(d, '$1', '$2', cust)}`;
}

/**
 * The common end of the cross-sell: from the pair counts `co` (i, j, c), the products `pid` (product_id, n, p), the
 * customers `cid` (customer_id, c), the baskets `bi` (c, p) and `total` (n) to the ranked rows. A score is an exact
 * sum (sqlExactSum) and the basket product that contributes most breaks ties by the smaller product, so the answer,
 * to the last bit, does not depend on the order rows arrive in (nor on where the counts were made). An ordered sum
 * (list_sum of an ordered list) is exact too but doubled the time and memory of recommend on Online Retail.
 */
function sqlCrossSellRanked(d: Dialect, neighbours: string, top: string, customer: string | null): string {
  const dbl = d.type('double');
  const m = d.sqlCteMaterialized;
  return `pairs AS (
  SELECT co.i, co.j, co.c * total.n / (pi.n * pj.n) AS lift, CAST(co.c AS ${dbl}) / pi.n AS conf
  FROM co CROSS JOIN total JOIN pid pi ON pi.p = co.i JOIN pid pj ON pj.p = co.j
),
nb AS ${m} (
  SELECT i, j, lift, conf FROM (
    SELECT i, j, lift, conf, row_number() OVER (PARTITION BY i ORDER BY lift DESC, j) AS k FROM pairs WHERE lift > 1
  ) ranked WHERE k <= ${neighbours}
),
scored AS (
  SELECT bi.c, nb.j, ${d.sqlExactSum('nb.conf')} AS score, ${d.sqlArgMinBy('nb.i', ['-nb.conf', 'nb.i'])} AS because
  FROM bi JOIN nb ON nb.i = bi.p
  WHERE NOT EXISTS (SELECT 1 FROM bi owned WHERE owned.c = bi.c AND owned.p = nb.j)
  GROUP BY bi.c, nb.j
),
top AS (
  SELECT cid.customer_id, pj.product_id, r.score, r.rank, pb.product_id AS because_id FROM (
    SELECT scored.*, row_number() OVER (PARTITION BY c ORDER BY score DESC, j) AS rank FROM scored
  ) r JOIN cid ON cid.c = r.c JOIN pid pj ON pj.p = r.j JOIN pid pb ON pb.p = r.because
  WHERE r.rank <= ${top}${customer ? ` AND cid.customer_id = ${customer}` : ''}
)
SELECT top.customer_id, top.product_id, p.name AS product_name, top.score, top.rank, top.because_id, pb.name AS because_name
FROM top LEFT JOIN products p ON p.product_id = top.product_id LEFT JOIN products pb ON pb.product_id = top.because_id
ORDER BY top.customer_id, top.rank`;
}

/**
 * The popularity baseline: the products bought by the most customers, less those the customer already bought.
 * Parameters: $1 top N, $2 candidates (the most popular products considered), then until, then the customer id, then the excluded products.
 */
export function sqlPopular(d: Dialect, s: RecommendScope): string {
  let n = 3;
  const until = s.until ? `$${n++}` : null;
  const customer = s.customer ? `$${n++}` : null;
  const exclude = s.exclude ? `$${n++}` : null;
  return `WITH b AS (${sqlBaskets(d, until, exclude)}),
popular AS (
  SELECT product_id, n FROM (SELECT product_id, count(*) AS n FROM b GROUP BY product_id) c ORDER BY n DESC, product_id LIMIT $2
),
people AS (SELECT DISTINCT customer_id FROM b${customer ? ` WHERE customer_id = ${customer}` : ''}),
cand AS (
  SELECT people.customer_id, popular.product_id, popular.n FROM people CROSS JOIN popular
  WHERE NOT EXISTS (SELECT 1 FROM b owned WHERE owned.customer_id = people.customer_id AND owned.product_id = popular.product_id)
)
SELECT customer_id, product_id, n AS buyers, rank FROM (
  SELECT cand.*, row_number() OVER (PARTITION BY customer_id ORDER BY n DESC, product_id) AS rank FROM cand
) r WHERE rank <= $1 ORDER BY customer_id, rank`;
}

/**
 * The test set of a time split: (customer, product) bought on or after $1 by customers who bought before it,
 * where the customer had not bought that product before. $2: excluded products, when `exclude`.
 */
export function sqlNewPurchasesAfter(d: Dialect, exclude: boolean): string {
  const ts = d.type('timestamp');
  const ex = exclude ? '$2' : null;
  return `WITH before AS (${sqlBaskets(d, '$1', ex)})
SELECT DISTINCT l.customer_id, l.product_id FROM order_lines l
WHERE l.kind = 'sale' AND l.product_id IS NOT NULL AND l.ordered_at >= CAST($1 AS ${ts})${sqlNotExcluded(d, 'l.product_id', ex)}
  AND l.customer_id IN (SELECT customer_id FROM before)
  AND NOT EXISTS (SELECT 1 FROM before o WHERE o.customer_id = l.customer_id AND o.product_id = l.product_id)`;
}

/**
 * Volume upgrades (upsell). A customer's typical quantity of a product is the median quantity of their lines;
 * a product's "big buyers' quantity" is the upper quartile of its buyers' typical quantities (with at least
 * $2 buyers). A customer who bought the product in at least $1 orders with a typical quantity at most $3 × the
 * big buyers' quantity is offered that quantity; the unit price paid on lines at that quantity or more shows the saving.
 * Parameters: $1 min orders, $2 min buyers, $3 ratio, $4 top N per customer, then until, then the customer id, then the excluded products.
 * Rows: customer_id, product_id, product_name, orders, typical_qty, suggested_qty, unit_price, big_unit_price, extra_revenue, rank.
 */
export function sqlVolumeUpgrades(d: Dialect, s: RecommendScope): string {
  let n = 5;
  const until = s.until ? `$${n++}` : null;
  const customer = s.customer ? `$${n++}` : null;
  const exclude = s.exclude ? `$${n++}` : null;
  return `WITH lines AS (
  SELECT customer_id, product_id, order_id, quantity, unit_price FROM order_lines
  WHERE kind = 'sale' AND customer_id IS NOT NULL AND product_id IS NOT NULL AND quantity > 0 AND unit_price IS NOT NULL${until ? ` AND ordered_at < CAST(${until} AS ${d.type('timestamp')})` : ''}${sqlNotExcluded(d, 'product_id', exclude)}
),
cust AS (
  SELECT customer_id, product_id, count(DISTINCT order_id) AS orders, ${d.sqlQuantile('quantity', 0.5)} AS typical_qty,
    sum(quantity * unit_price) / sum(quantity) AS unit_price
  FROM lines GROUP BY customer_id, product_id
),
prod AS (${sqlBigQuantities(d, '$2')}),
big_price AS (
  SELECT l.product_id, sum(l.quantity * l.unit_price) / sum(l.quantity) AS big_unit_price
  FROM lines l JOIN prod ON prod.product_id = l.product_id WHERE l.quantity >= prod.big_qty GROUP BY l.product_id
),
${sqlUpgradeOffers(d, '$1', '$3', '$4', customer)}`;
}

/**
 * The volume upgrades of sqlVolumeUpgrades finished from sums made elsewhere (a ClickHouse store's shards,
 * src/engine/clickhouse/cluster-recommend.ts), by the same SQL from the customers' figures on.
 * Parameters: $1 min orders, $2 min buyers, $3 ratio, $4 top N, $5 JSON [{customer_id, product_id, orders, typical_qty,
 * qp, q}] (per customer and product: orders, median quantity, Σ quantity × unit price, Σ quantity), $6 JSON
 * [{product_id, quantity, qp, q}] (the same sums per product and quantity), then the customer id when `customer`.
 */
export function sqlVolumeUpgradesFromSums(d: Dialect, customer: boolean): string {
  const num = [['qp', 'double'], ['q', 'double']] as const;
  return `WITH cust AS (
  SELECT customer_id, product_id, orders, typical_qty, qp / q AS unit_price
  FROM ${d.sqlJsonRows('$5', [['customer_id', 'text'], ['product_id', 'text'], ['orders', 'bigint'], ['typical_qty', 'double'], ...num])} cj
),
prod AS (${sqlBigQuantities(d, '$2')}),
big_price AS (
  SELECT l.product_id, sum(l.qp) / sum(l.q) AS big_unit_price
  FROM ${d.sqlJsonRows('$6', [['product_id', 'text'], ['quantity', 'double'], ...num])} l JOIN prod ON prod.product_id = l.product_id
  WHERE l.quantity >= prod.big_qty GROUP BY l.product_id
),
${sqlUpgradeOffers(d, '$1', '$3', '$4', customer ? '$7' : null)}`;
}

/** Each product's big buyers' quantity: the upper quartile of its buyers' typical quantities, with ≥ `minBuyers` buyers. */
function sqlBigQuantities(d: Dialect, minBuyers: string): string {
  return `SELECT product_id, ${d.sqlQuantile('typical_qty', 0.75)} AS big_qty FROM cust GROUP BY product_id HAVING count(*) >= ${minBuyers}`;
}

/** The common end of the volume upgrades: from `cust`, `prod` and `big_price` to the ranked offers. */
function sqlUpgradeOffers(d: Dialect, minOrders: string, ratio: string, top: string, customer: string | null): string {
  return `offers AS (
  SELECT c.customer_id, c.product_id, c.orders, c.typical_qty, prod.big_qty AS suggested_qty, c.unit_price, bp.big_unit_price,
    CAST((prod.big_qty - c.typical_qty) * c.orders AS ${d.type('double')}) * COALESCE(bp.big_unit_price, c.unit_price) AS extra_revenue
  FROM cust c JOIN prod ON prod.product_id = c.product_id LEFT JOIN big_price bp ON bp.product_id = c.product_id
  WHERE c.orders >= ${minOrders} AND c.typical_qty <= ${ratio} * prod.big_qty${customer ? ` AND c.customer_id = ${customer}` : ''}
)
SELECT o.customer_id, o.product_id, p.name AS product_name, o.orders, o.typical_qty, o.suggested_qty, o.unit_price, o.big_unit_price, o.extra_revenue, o.rank
FROM (SELECT offers.*, row_number() OVER (PARTITION BY customer_id ORDER BY extra_revenue DESC, product_id) AS rank FROM offers) o
LEFT JOIN products p ON p.product_id = o.product_id
WHERE o.rank <= ${top} ORDER BY o.customer_id, o.rank`;
}
