/**
 * The relationship life cycle (客户关系生命周期: 考察期 exploration, 形成期 formation, 稳定期 stability, 退化期
 * decline) of a customer from its summary row `s` in the stored value run. The rule, in order:
 *
 * 0. decline: a subscriber whose subscriptions have all ended by the run's as-of day (they cancelled: src/subscriptions);
 * 1. exploration: first purchase less than 90 days ago, or a single order within the last 365 days;
 * 2. decline: a single order longer ago (it faded before it formed), or no purchase for more than
 *    max(90 days, 3 × the customer's mean gap between orders), or revenue in the last window below half the window
 *    before (the growth windows of the value config, 365 days by default);
 * 3. formation: first purchase less than 365 days ago, or revenue in the last window at least 1.2 × the one before,
 *    or nothing in the window before;
 * 4. stability: everything else.
 */
export const LIFECYCLE_STAGES = ['exploration', 'formation', 'stability', 'decline'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export const LIFECYCLE_RULE = [
  'decline: a subscriber whose subscriptions have all ended (cancelled)',
  'exploration: first purchase < 90 days ago, or one order within the last 365 days',
  'decline: one order longer ago; or no purchase for > max(90 days, 3 × mean gap between orders); or revenue in the last window < 0.5 × the window before',
  'formation: first purchase < 365 days ago; or revenue in the last window ≥ 1.2 × the window before; or nothing in the window before',
  'stability: the rest',
] as const;

export const LIFECYCLE_RULE_ZH = [
  '退化期：订阅已全部结束（已退订）的订阅客户',
  '考察期：首次购买不到 90 天，或最近 365 天内只有一笔订单',
  '退化期：更早以前只有一笔订单；或超过 max(90 天, 3 × 平均购买间隔) 未购买；或最近一个窗口的收入不到前一个窗口的一半',
  '形成期：首次购买不到 365 天；或最近一个窗口的收入 ≥ 前一个窗口的 1.2 倍；或前一个窗口没有收入',
  '稳定期：其余客户',
] as const;

export function sqlLifecycleStage(s = 's'): string {
  const gap = `CASE WHEN ${s}.orders > 1 THEN CAST(${s}.span_days AS DOUBLE) / (${s}.orders - 1) END`;
  // Subscriptions running on the run's as-of day: started, not ended, not marked inactive.
  const asOf = `(SELECT r.as_of FROM value_runs r WHERE r.run_id = ${s}.run_id)`;
  const cancelled = `EXISTS (SELECT 1 FROM subscriptions x WHERE x.customer_id = ${s}.customer_id) AND NOT EXISTS (SELECT 1 FROM subscriptions x WHERE x.customer_id = ${s}.customer_id AND x.started_at <= ${asOf} AND (x.ended_at IS NULL OR x.ended_at > ${asOf}) AND x.active IS NOT FALSE)`;
  return `CASE
    WHEN ${s}.first_purchase IS NULL THEN NULL
    WHEN ${cancelled} THEN 'decline'
    WHEN ${s}.tenure_days < 90 OR (${s}.orders < 2 AND ${s}.tenure_days <= 365) THEN 'exploration'
    WHEN ${s}.orders < 2 OR ${s}.recency_days > greatest(90, 3 * coalesce(${gap}, 0)) OR (${s}.revenue_prior > 0 AND ${s}.revenue_recent < 0.5 * ${s}.revenue_prior) THEN 'decline'
    WHEN ${s}.tenure_days < 365 OR ${s}.revenue_prior <= 0 OR ${s}.revenue_recent >= 1.2 * ${s}.revenue_prior THEN 'formation'
    ELSE 'stability' END`;
}

/** Customers, profit and long-term value per stage in the stored run. */
export const sqlLifecycleTally = (): string => `SELECT ${sqlLifecycleStage('s')} AS stage, count(*) AS customers, sum(s.profit) AS profit, avg(v.long_term_value) AS mean_clv, avg(s.recency_days) AS mean_recency
FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id WHERE s.first_purchase IS NOT NULL GROUP BY 1 ORDER BY 1`;

/** Each buyer's stage in the stored run (for re-screening). */
export const sqlLifecycleStages = (): string => `SELECT s.customer_id, ${sqlLifecycleStage('s')} AS stage FROM customer_summary s WHERE s.first_purchase IS NOT NULL`;

/** One customer's stage in the stored run: $1 the customer id. */
export const sqlLifecycleOf = (): string => `SELECT ${sqlLifecycleStage('s')} AS stage FROM customer_summary s WHERE s.customer_id = $1`;
