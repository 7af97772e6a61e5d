import type { Dialect } from './dialect.js';

/**
 * SQL of saved segments (src/segment). Pure text builders: a rule's WHERE clause comes compiled and
 * parameterised from src/segment/compile.ts; every value here is a `$n` parameter.
 *
 * Tables: segments (name, kind 'rule' | 'cluster', rule, definition, run_id, members, created_at, updated_at) and
 * segment_members (name, customer_id, run_id), schema version 4. run_id is the value run the members were computed
 * from: when the latest run differs, members are stale.
 */

/** The rows a rule's fields read: customers c with the latest value run's summary s and scores v. */
const RULE_FROM = `customers c
  LEFT JOIN customer_summary s ON s.customer_id = c.customer_id
  LEFT JOIN customer_value v ON v.customer_id = c.customer_id`;

/** Customer ids a compiled rule selects. A rule that is unknown (NULL) for a customer does not select them. */
export function sqlSegmentMembers(where: string): string {
  return `SELECT c.customer_id FROM ${RULE_FROM}
  WHERE COALESCE(${where}, FALSE)`;
}

/**
 * Suggestions for one rule field over every customer (its SQL from compileField): the most common values of a
 * text or boolean field with their counts, or the spread of a number or date field (min, quartiles, max).
 */
export function sqlFieldTopValues(d: Dialect, expr: string, limit: number): string {
  return `SELECT CAST(${expr} AS ${d.type('text')}) AS v, count(*) AS n FROM ${RULE_FROM}
  WHERE ${expr} IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ${Math.max(1, Math.floor(limit))}`;
}

export function sqlFieldRange(d: Dialect, expr: string, kind: 'number' | 'date'): string {
  // Dates are spread on their day number; quantiles of a date interpolate, so they are read back as whole days.
  const x = kind === 'date' ? `CAST(${expr} AS ${d.type('date')})` : `CAST(${expr} AS ${d.type('double')})`;
  const q = (p: number) => (kind === 'date' ? `CAST(${d.sqlQuantile(`(${x} - DATE '1970-01-01')`, p)} AS ${d.type('double')})` : d.sqlQuantile(x, p));
  const lo = kind === 'date' ? `CAST(min(${x}) AS ${d.type('text')})` : `min(${x})`;
  const hi = kind === 'date' ? `CAST(max(${x}) AS ${d.type('text')})` : `max(${x})`;
  return `SELECT count(${x}) AS n, ${lo} AS min, ${q(0.25)} AS q1, ${q(0.5)} AS median, ${q(0.75)} AS q3, ${hi} AS max FROM ${RULE_FROM}`;
}

/** How many customers a compiled rule selects, with their net revenue and profit in the value run. */
export function sqlRuleFigures(where: string): string {
  return `SELECT count(*) AS n, COALESCE(sum(s.net_revenue), 0) AS revenue, COALESCE(sum(s.profit), 0) AS profit FROM ${RULE_FROM}
  WHERE COALESCE(${where}, FALSE)`;
}

/** How many customers a compiled rule selects. */
export function sqlCountRule(where: string): string {
  return `SELECT count(*) AS n FROM (${sqlSegmentMembers(where)}) m`;
}

/** Stores a rule's members: $1 name, $2 run id, then the rule's parameters (compile them from $3). */
export function sqlFillMembers(where: string): string {
  return `INSERT INTO segment_members (name, customer_id, run_id) SELECT $1, customer_id, $2 FROM (${sqlSegmentMembers(where)}) m`;
}

/** $1 name. */
export const SQL_DELETE_MEMBERS = 'DELETE FROM segment_members WHERE name = $1';

/** $1 name, $2 run id, $3 member count. */
export function sqlMarkFilled(d: Dialect): string {
  return `UPDATE segments SET run_id = $2, members = $3, updated_at = ${d.sqlNow} WHERE name = $1`;
}

/** $1 name, $2 kind, $3 rule, $4 definition (JSON text or NULL), $5 run id (or NULL), $6 members (or NULL). */
export function sqlInsertSegment(d: Dialect): string {
  return `INSERT INTO segments (name, kind, rule, definition, run_id, members, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, ${d.sqlNow}, ${d.sqlNow})`;
}

/** $1 name. */
export function sqlSegmentByName(d: Dialect): string {
  return `SELECT name, kind, rule, run_id, CAST(definition AS ${d.type('text')}) AS definition FROM segments WHERE name = $1`;
}

/** $1 name. */
export const SQL_DELETE_SEGMENT = 'DELETE FROM segments WHERE name = $1';

export const SQL_LIST_SEGMENTS = 'SELECT name, kind, rule, members, run_id, updated_at FROM segments ORDER BY name';

/** Names of saved clusters (the caller picks those of one prefix: LIKE would treat _ in a prefix as a wildcard). */
export const SQL_CLUSTER_NAMES = "SELECT name FROM segments WHERE kind = 'cluster' ORDER BY name";

/** Size, revenue and profit of a segment's stored members, with the number of customers. $1 name. */
export const SQL_SEGMENT_FIGURES = `SELECT g.rule, count(m.customer_id) AS members, sum(s.net_revenue) AS revenue, sum(s.profit) AS profit, (SELECT count(*) FROM customers) AS total
FROM segments g LEFT JOIN segment_members m ON m.name = g.name LEFT JOIN customer_summary s ON s.customer_id = m.customer_id
WHERE g.name = $1 GROUP BY g.rule`;

/** Members with contact fields and main figures, most profitable first. $1 name; `limit` is the program's. */
export function sqlMemberRows(d: Dialect, limit?: number): string {
  return `SELECT c.customer_id, c.name, c.email, c.phone, c.country, c.city, c.opt_out, v.segment, s.orders, s.net_revenue, s.profit,
  CAST(s.first_purchase AS ${d.type('text')}) AS first_purchase, CAST(s.last_purchase AS ${d.type('text')}) AS last_purchase, s.recency_days, v.r, v.f, v.m, v.long_term_value
FROM segment_members m JOIN customers c ON c.customer_id = m.customer_id
LEFT JOIN customer_summary s ON s.customer_id = m.customer_id LEFT JOIN customer_value v ON v.customer_id = m.customer_id
WHERE m.name = $1 ORDER BY s.profit DESC NULLS LAST, c.customer_id${limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(limit))}` : ''}`;
}

/** Buyers with the given feature expressions (compiled catalogue fields) as f0, f1, …, in customer order. */
export function sqlFeatureRows(d: Dialect, features: readonly string[]): string {
  return `SELECT c.customer_id, ${features.map((f, i) => `CAST(${f} AS ${d.type('double')}) AS f${i}`).join(', ')}
FROM customers c JOIN customer_summary s ON s.customer_id = c.customer_id LEFT JOIN customer_value v ON v.customer_id = c.customer_id
WHERE s.first_purchase IS NOT NULL ORDER BY c.customer_id`;
}

/** Buyers (and any member without purchases), with `inside` = 1 for members of segment $1. The base of a portrait. */
const PORTRAIT_FROM = `FROM customers c JOIN customer_summary s ON s.customer_id = c.customer_id LEFT JOIN customer_value v ON v.customer_id = c.customer_id
  LEFT JOIN (SELECT customer_id, 1 AS inside FROM segment_members WHERE name = $1) m ON m.customer_id = c.customer_id
  WHERE s.first_purchase IS NOT NULL OR m.inside = 1`;

/** Customers, revenue, profit and long-term value: all, and the segment's. $1 name. */
export const SQL_PORTRAIT_TOTALS = `SELECT count(*) AS n, count(m.inside) AS seg, sum(s.net_revenue) AS rev, sum(CASE WHEN m.inside = 1 THEN s.net_revenue ELSE 0 END) AS seg_rev,
  sum(s.profit) AS profit, sum(CASE WHEN m.inside = 1 THEN s.profit ELSE 0 END) AS seg_profit,
  sum(v.long_term_value) AS clv, sum(CASE WHEN m.inside = 1 THEN v.long_term_value ELSE 0 END) AS seg_clv,
  count(CASE WHEN v.long_term_source = 'clv_predictions' THEN 1 END) AS clv_n ${PORTRAIT_FROM}`;

/** Counts by value of a categorical expression: all and the segment's. $1 name. */
export function sqlPortraitMakeUp(expr: string): string {
  return `SELECT ${expr} AS v, count(*) AS n, count(m.inside) AS seg ${PORTRAIT_FROM} GROUP BY 1`;
}

/** Mean of a numeric expression: the segment's and all. $1 name (the expression's parameters follow). */
export function sqlPortraitMeans(expr: string): string {
  return `SELECT avg(CASE WHEN m.inside = 1 THEN ${expr} END) AS seg, avg(${expr}) AS "all" ${PORTRAIT_FROM}`;
}

/**
 * Assigns buyers to the nearest of `k` centroids in z-score space, as (name, customer_id) rows: the first centroid
 * on ties, as src/segment/kmeans.ts does, and with the same arithmetic, so both assign alike.
 * `features` are compiled field expressions whose own parameters come first; then, from `$p` = `firstParam`:
 * per feature its median (for missing values), mean and sd; then per cluster its name; then per cluster its
 * coordinates, feature by feature.
 */
export function sqlAssignClusters(d: Dialect, features: readonly string[], k: number, firstParam: number): string {
  const dbl = d.type('double');
  const p = (i: number) => `CAST($${firstParam + i} AS ${dbl})`;
  const dim = features.length;
  const z = features.map((_, j) => `(COALESCE(f${j}, ${p(3 * j)}) - ${p(3 * j + 1)}) / ${p(3 * j + 2)} AS z${j}`);
  const name = (c: number) => `$${firstParam + 3 * dim + c}`;
  const coord = (c: number, j: number) => p(3 * dim + k + c * dim + j);
  const dist = Array.from({ length: k }, (_, c) => `${features.map((_, j) => `(z${j} - ${coord(c, j)}) * (z${j} - ${coord(c, j)})`).join(' + ')} AS d${c}`);
  const first = Array.from({ length: k - 1 }, (_, c) => {
    const later = Array.from({ length: k - 1 - c }, (_, i) => `d${c} <= d${c + 1 + i}`).join(' AND ');
    return `WHEN ${later} THEN ${name(c)}`;
  });
  const rows = sqlFeatureRows(d, features).replace(/ ORDER BY c\.customer_id$/, '');
  return `SELECT CASE ${first.join(' ')} ELSE ${name(k - 1)} END AS name, customer_id
FROM (SELECT customer_id, ${dist.join(', ')}
  FROM (SELECT customer_id, ${z.join(', ')} FROM (${rows}) f) z) dists`;
}

/** Stores assigned rows (see sqlAssignClusters) as members; `runParam` is the run id's parameter. */
export function sqlInsertAssigned(assign: string, runParam: string, onlyNameParam?: string): string {
  return `INSERT INTO segment_members (name, customer_id, run_id) SELECT a.name, a.customer_id, ${runParam} FROM (${assign}) a${onlyNameParam ? ` WHERE a.name = ${onlyNameParam}` : ''}`;
}

/** Members per segment for `names` segment names, as parameters $1… */
export function sqlMemberCounts(names: number): string {
  return `SELECT name, count(*) AS n FROM segment_members WHERE name IN (${Array.from({ length: names }, (_, i) => `$${i + 1}`).join(', ')}) GROUP BY name`;
}

/** Whether any customer has a value for the imported attribute at JSON path $1 (segment/attributes.ts). */
export function sqlAttributeExists(d: Dialect): string {
  return `SELECT 1 AS x FROM customers c WHERE ${d.sqlJsonPathText('c.attributes', '$1')} IS NOT NULL LIMIT 1`;
}

/** Up to $1 customers' attributes as JSON text: the names they carry, for "did you mean" (segment/attributes.ts). */
export function sqlAttributeSamples(d: Dialect): string {
  return `SELECT CAST(attributes AS ${d.type('text')}) AS a FROM customers WHERE attributes IS NOT NULL LIMIT $1`;
}
