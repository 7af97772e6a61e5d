import type { Dialect } from './dialect.js';

/**
 * Leads as the scorer and the qualifier read them: the fields plus the attributes JSON as text (parsed in
 * TypeScript: its keys differ per file). Ordered by id, so every run sees the same rows in the same order.
 */
export function sqlLeadRows(d: Dialect): string {
  return `SELECT lead_id, name, email, phone, company, source, referred_by, budget, authority, need, status, outcome,
  CAST(attributes AS ${d.type('text')}) AS attributes
FROM leads ORDER BY lead_id`;
}

export function sqlDeleteLeadScores(): string {
  return 'DELETE FROM lead_scores';
}

/** One INSERT of `rows` scores; parameters per row: lead_id, score, factors. */
export function sqlInsertLeadScores(d: Dialect, rows: number): string {
  const values = Array.from({ length: rows }, (_, j) => `($${3 * j + 1}, $${3 * j + 2}, $${3 * j + 3}, ${d.sqlNow})`);
  return `INSERT INTO lead_scores (lead_id, score, factors, created_at) VALUES ${values.join(', ')}`;
}

/** Contact fields and the opt-out of every customer, for campaign lists and exports. */
export function sqlCustomerContacts(): string {
  return 'SELECT customer_id, name, email, phone, country, COALESCE(opt_out, FALSE) AS opt_out FROM customers ORDER BY customer_id';
}

/**
 * What the care calendar needs per customer: birth date, signup date and first purchase (as ISO text), with
 * contact fields and the opt-out. One aggregation over the order lines, in the engine; with `given`, each customer's
 * first sale day was computed elsewhere (a ClickHouse store's cluster: LineSource.firstSaleDays) and comes as $1,
 * JSON rows {customer_id, first_purchase}.
 */
export function sqlCareCustomers(d: Dialect, given = false): string {
  const text = d.type('text');
  const date = d.type('date');
  const first = given
    ? `SELECT customer_id, first_purchase FROM ${d.sqlJsonRows('$1', [['customer_id', 'text'], ['first_purchase', 'date']])} g`
    : `SELECT customer_id, CAST(min(ordered_at) AS ${date}) AS first_purchase FROM order_lines
  WHERE kind = 'sale' AND customer_id IS NOT NULL GROUP BY customer_id`;
  return `SELECT c.customer_id, c.name, c.email, c.phone, c.country, COALESCE(c.opt_out, FALSE) AS opt_out,
  CAST(c.birth_date AS ${text}) AS birth_date, CAST(c.signup_date AS ${text}) AS signup_date, CAST(f.first_purchase AS ${text}) AS first_purchase,
  CAST(c.attributes AS ${text}) AS attributes
FROM customers c
LEFT JOIN (
  ${first}
) f ON f.customer_id = c.customer_id
ORDER BY c.customer_id`;
}
