import type { Dialect } from './dialect.js';

/**
 * The profile fields lookalikes compare by default: who a customer is (geography, demographics, psychographics,
 * firmographics, acquisition channel), never what they bought — the best customers are defined by their purchases,
 * so purchase figures would only find the best customers again. Each is a column name of the query below.
 */
export const PROFILE_FIELDS = [
  'type', 'country', 'region', 'city', 'gender', 'age', 'income', 'occupation', 'education', 'marital_status', 'lifestyle',
  'industry', 'employees', 'annual_revenue', 'credit_rating', 'channel',
] as const;

/**
 * Every customer of the value run ($1 run id) with their value classes, whether they bought, the profile fields and
 * the imported attributes (JSON as text). Age in whole years at the as-of date ($2, YYYY-MM-DD): from birth_date,
 * else birth_year.
 */
export function sqlLookalikeCustomers(d: Dialect): string {
  const text = d.type('text');
  const date = `CAST($2 AS ${d.type('date')})`;
  return `SELECT v.customer_id, v.segment, v.value_quadrant, s.first_purchase IS NOT NULL AS bought,
  c.type, c.country, c.region, c.city, c.gender,
  COALESCE(${d.sqlYearsBetween('c.birth_date', date)}, CAST(substr($2, 1, 4) AS ${d.type('integer')}) - c.birth_year) AS age,
  c.income, c.occupation, c.education, c.marital_status, c.lifestyle, c.industry, c.employees, c.annual_revenue, c.credit_rating, c.channel,
  CAST(c.attributes AS ${text}) AS attributes
FROM customer_value v JOIN customer_summary s ON s.customer_id = v.customer_id AND s.run_id = v.run_id
LEFT JOIN customers c ON c.customer_id = v.customer_id
WHERE v.run_id = $1
ORDER BY v.customer_id`;
}
