/**
 * Campaigns with a holdout: the campaign, its treated and control customers, imported responses, and each member's
 * outcome after the send (from later order lines, or from the imported responses). Pure text builders.
 */
import type { Dialect } from './dialect.js';
import { sqlPricedLines } from './lines.js';

/** $1 id, $2 name, $3 source, $4 holdout, $5 seed, $6 sent_at, $7 window_days, $8 cost_per_contact. */
export const sqlInsertCampaign = (d: Dialect): string =>
  `INSERT INTO campaigns (campaign_id, name, source, holdout, seed, sent_at, window_days, cost_per_contact, created_at) VALUES ($1, $2, $3, $4, $5, CAST($6 AS DATE), $7, $8, ${d.sqlNow})`;

export const sqlNextCampaignId = (): string => `SELECT coalesce(max(campaign_id), 0) + 1 AS id FROM campaigns`;

/** $1 JSON rows {customer_id, stratum, treated}, $2 campaign id. */
export const sqlInsertMembers = (d: Dialect): string =>
  `INSERT INTO campaign_members (campaign_id, customer_id, stratum, treated) SELECT $2, customer_id, stratum, treated FROM ${d.sqlJsonRows('$1', [['customer_id', 'text'], ['stratum', 'text'], ['treated', 'boolean']])} x`;

/** $1 JSON rows {customer_id, responded_at, revenue, profit}, $2 campaign id. */
export const sqlInsertResponses = (d: Dialect): string =>
  `INSERT INTO campaign_responses (campaign_id, customer_id, responded_at, revenue, profit) SELECT $2, customer_id, responded_at, revenue, profit FROM ${d.sqlJsonRows('$1', [['customer_id', 'text'], ['responded_at', 'date'], ['revenue', 'double'], ['profit', 'double']])} x`;

export const sqlDeleteResponses = (): string => `DELETE FROM campaign_responses WHERE campaign_id = $1`;

/** Campaigns with member counts, newest first; $1 a campaign id or NULL for all. */
export const sqlCampaigns = (): string => `SELECT c.campaign_id, c.name, c.source, c.holdout, c.seed, CAST(c.sent_at AS VARCHAR) AS sent_at, c.window_days, c.cost_per_contact,
  CAST(c.created_at AS VARCHAR) AS created_at,
  (SELECT count(*) FROM campaign_members m WHERE m.campaign_id = c.campaign_id AND m.treated) AS treated,
  (SELECT count(*) FROM campaign_members m WHERE m.campaign_id = c.campaign_id AND NOT m.treated) AS control,
  (SELECT count(*) FROM campaign_responses r WHERE r.campaign_id = c.campaign_id) AS imported_responses
FROM campaigns c WHERE $1 IS NULL OR c.campaign_id = $1 ORDER BY c.campaign_id DESC`;

/** Members of campaign $1 that are treated (the list to contact), by customer id. */
export const sqlTreated = (): string => `SELECT customer_id, stratum FROM campaign_members WHERE campaign_id = $1 AND treated ORDER BY customer_id`;

/**
 * Each member's outcome from order lines after the send: $1 campaign id, $2 first day after the send, $3 last day of
 * the window, $4 the margin rate for lines with no known cost (NULL: counted at no cost, like the value run).
 */
export function sqlOutcomesFromOrders(d: Dialect, fromTable: string | null = null): string {
  // `fromTable`: (customer_id, orders, net, profit) computed where the lines are (a ClickHouse store's cluster), a
  // table or a subquery; the window $2–$3 and the margin rate $4 were applied there, and stay named so both texts
  // take the same first parameters.
  if (fromTable) {
    return `SELECT m.customer_id, m.stratum, m.treated, coalesce(r.orders, 0) > 0 AS responded, coalesce(r.net, 0) AS revenue, coalesce(r.profit, 0) AS profit
FROM campaign_members m LEFT JOIN ${fromTable} r ON r.customer_id = m.customer_id
WHERE m.campaign_id = $1 AND (CAST($2 AS DATE) IS NULL OR CAST($3 AS DATE) IS NULL OR CAST($4 AS DOUBLE) IS NULL OR TRUE) ORDER BY m.customer_id`;
  }
  const priced = sqlPricedLines(d, [`CAST(l.ordered_at AS ${d.type('date')}) >= CAST($2 AS DATE)`, `CAST(l.ordered_at AS ${d.type('date')}) <= CAST($3 AS DATE)`]);
  return `SELECT m.customer_id, m.stratum, m.treated, coalesce(r.orders, 0) > 0 AS responded, coalesce(r.net, 0) AS revenue, coalesce(r.profit, 0) AS profit
FROM campaign_members m LEFT JOIN (
  SELECT customer_id, ${d.sqlCountDistinctWhere('order_id', "kind = 'sale'")} AS orders, sum(net) AS net,
    sum(net - cogs_known - CASE WHEN $4 IS NULL THEN 0 ELSE uncosted * (1 - $4) END) AS profit
  FROM ${priced} pl GROUP BY customer_id
) r ON r.customer_id = m.customer_id
WHERE m.campaign_id = $1 ORDER BY m.customer_id`;
}

/** Each member's outcome from imported responses: $1 campaign id. Revenue and profit default to 0. */
export const sqlOutcomesFromResponses = (): string => `SELECT m.customer_id, m.stratum, m.treated, r.customer_id IS NOT NULL AS responded, coalesce(r.revenue, 0) AS revenue, coalesce(r.profit, r.revenue, 0) AS profit
FROM campaign_members m LEFT JOIN (SELECT customer_id, sum(revenue) AS revenue, sum(profit) AS profit FROM campaign_responses WHERE campaign_id = $1 GROUP BY customer_id) r ON r.customer_id = m.customer_id
WHERE m.campaign_id = $1 ORDER BY m.customer_id`;

/** Customer ids of $1 (JSON rows {id}) that are not in the store, and each known one's RFM segment in the latest run. */
export const sqlResolveMembers = (d: Dialect): string => `SELECT x.id AS customer_id, c.customer_id IS NOT NULL AS known, v.segment
FROM ${d.sqlJsonRows('$1', [['id', 'text']])} x
LEFT JOIN customers c ON c.customer_id = x.id
LEFT JOIN customer_value v ON v.customer_id = x.id`;

/** Members of an RFM segment or a saved segment named $1. */
export const sqlSegmentIds = (): string => `SELECT customer_id FROM customer_value WHERE segment = $1 UNION SELECT customer_id FROM segment_members WHERE name = $1`;

/** The last day with order lines: the default send date of a campaign made now. */
export const sqlLastOrderDay = (d: Dialect): string => `SELECT CAST(max(CAST(ordered_at AS ${d.type('date')})) AS VARCHAR) AS day FROM order_lines`;
