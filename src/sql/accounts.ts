/** Who decides at company accounts: contacts per account, and the accounts with no known decision maker. Pure text. */

/** Contacts of account $1 (or of all accounts when NULL), decision makers first. */
export const sqlContacts = (): string => `SELECT customer_id, name, role, title, stance, email, phone, CAST(last_contact AS VARCHAR) AS last_contact
FROM contacts WHERE $1 IS NULL OR customer_id = $1
ORDER BY customer_id, CASE lower(role) WHEN 'decision maker' THEN 0 WHEN 'influencer' THEN 1 WHEN 'buyer' THEN 2 WHEN 'user' THEN 3 ELSE 4 END, name`;

/** Organisation accounts (companies, government) among buyers, with their contacts and decision makers; profit from the stored run. */
export const sqlAccountSummary = (): string => `SELECT s.customer_id, s.profit, count(k.name) AS contacts,
  count(k.name) FILTER (WHERE lower(k.role) = 'decision maker') AS decision_makers,
  count(k.name) FILTER (WHERE lower(k.role) = 'decision maker' AND lower(k.stance) IN ('supportive')) AS supportive_decision_makers,
  count(k.name) FILTER (WHERE lower(k.stance) LIKE '%competitor%') AS with_competitor,
  CAST(max(k.last_contact) AS VARCHAR) AS last_contact
FROM customer_summary s LEFT JOIN contacts k ON k.customer_id = s.customer_id
WHERE s.type IN ('company', 'government') AND s.first_purchase IS NOT NULL
GROUP BY s.customer_id, s.profit ORDER BY s.profit DESC, s.customer_id`;
