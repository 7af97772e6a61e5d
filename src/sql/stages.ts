/**
 * Purchase stages (客户采购四要素: 了解 awareness → 认可 recognition of need → 信任 trust → 满意 satisfaction) of every
 * lead and buyer, from the data at hand. Each row: group kind ('segment' | 'source'), group, and how many reached each
 * stage, and how many of the trusting are buyers (won leads are not linked to customers, so satisfaction is judged
 * among buyers only). A lead is aware; qualified or won, it has recognised its need; won, it trusts us. A buyer has bought, so it
 * is aware, recognised and trusting; it is satisfied when it bought again and no survey says otherwise (mean
 * satisfaction below 3 of 5), or when a survey says 4 or more. Pure text.
 */
export function sqlStageCounts(): string {
  const people = `SELECT 'prospects (leads)' AS segment, coalesce(nullif(trim(l.source), ''), '(unknown)') AS source,
      1 AS aware, CASE WHEN lower(l.status) IN ('qualified', 'won') OR l.outcome THEN 1 ELSE 0 END AS recognised,
      CASE WHEN lower(l.status) = 'won' OR l.outcome THEN 1 ELSE 0 END AS trusting, 0 AS buyers, 0 AS satisfied
    FROM leads l
    UNION ALL
    SELECT v.segment, coalesce(nullif(trim(c.channel), ''), '(unknown)'), 1, 1, 1, 1,
      CASE WHEN s.satisfaction >= 4 OR (s.orders >= 2 AND (s.satisfaction IS NULL OR s.satisfaction >= 3)) THEN 1 ELSE 0 END
    FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id LEFT JOIN customers c ON c.customer_id = s.customer_id
    WHERE s.first_purchase IS NOT NULL`;
  return `WITH p AS (${people})
SELECT 'segment' AS kind, segment AS grp, sum(aware) AS aware, sum(recognised) AS recognised, sum(trusting) AS trusting, sum(buyers) AS buyers, sum(satisfied) AS satisfied FROM p GROUP BY segment
UNION ALL SELECT 'source', source, sum(aware), sum(recognised), sum(trusting), sum(buyers), sum(satisfied) FROM p GROUP BY source
UNION ALL SELECT 'all', 'all', sum(aware), sum(recognised), sum(trusting), sum(buyers), sum(satisfied) FROM p
ORDER BY 1, 2`;
}
