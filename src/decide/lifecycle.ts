/** The relationship life cycle (考察期, 形成期, 稳定期, 退化期) of the customer base: the stages, their size and value, and the rule. */
import type { Engine } from '../engine/engine.js';
import { LIFECYCLE_RULE, LIFECYCLE_RULE_ZH, LIFECYCLE_STAGES, sqlLifecycleOf, sqlLifecycleTally, type LifecycleStage } from '../sql/lifecycle.js';

export const STAGE_ZH: Record<LifecycleStage, string> = { exploration: '考察期', formation: '形成期', stability: '稳定期', decline: '退化期' };

export interface LifecycleReport {
  readonly asOf: string;
  readonly rule: readonly string[];
  readonly ruleZh: readonly string[];
  readonly stages: ReadonlyArray<{ readonly stage: LifecycleStage; readonly zh: string; readonly customers: number; readonly share: number; readonly profit: number; readonly meanClv: number | null; readonly meanRecency: number | null }>;
}

export async function lifecycleReport(engine: Engine, asOf: string): Promise<LifecycleReport> {
  const rows = await engine.query<{ stage: LifecycleStage; customers: number; profit: number; mean_clv: number | null; mean_recency: number | null }>(sqlLifecycleTally());
  const total = rows.reduce((a, r) => a + Number(r.customers), 0);
  return {
    asOf,
    rule: LIFECYCLE_RULE,
    ruleZh: LIFECYCLE_RULE_ZH,
    stages: LIFECYCLE_STAGES.map((stage) => {
      const r = rows.find((x) => x.stage === stage);
      const customers = Number(r?.customers ?? 0);
      return { stage, zh: STAGE_ZH[stage], customers, share: total ? customers / total : 0, profit: Number(r?.profit ?? 0), meanClv: r?.mean_clv == null ? null : Number(r.mean_clv), meanRecency: r?.mean_recency == null ? null : Number(r.mean_recency) };
    }),
  };
}

/** One customer's stage, or null when the customer has not bought (or is unknown). */
export async function lifecycleOf(engine: Engine, customerId: string): Promise<LifecycleStage | null> {
  const [row] = await engine.query<{ stage: LifecycleStage | null }>(sqlLifecycleOf(), [customerId]);
  return row?.stage ?? null;
}
