/**
 * Purchase stages (了解 → 认可 → 信任 → 满意): a funnel per RFM segment and per source (lead source, or a buyer's
 * acquisition channel), the biggest drop named with the action that fits it: people who do not know us need to be
 * informed (了解), those who know us but see no need need to be shown the value (认可), those who see the value but do
 * not buy need trust built (信任), and buyers who do not come back need to be served well (满意). Rules in sql/stages.ts.
 */
import type { Engine } from '../engine/engine.js';
import { sqlStageCounts } from '../sql/stages.js';

export const STAGES = ['awareness', 'recognition', 'trust', 'satisfaction'] as const;
export type Stage = (typeof STAGES)[number];
export const STAGE_ZH: Record<Stage, string> = { awareness: '了解', recognition: '认可', trust: '信任', satisfaction: '满意' };
/** The action that fits a drop into each stage. */
export const ACTION: Record<Stage, 'inform' | 'show the value' | 'build trust' | 'serve well'> = { awareness: 'inform', recognition: 'show the value', trust: 'build trust', satisfaction: 'serve well' };

export interface Funnel {
  readonly kind: 'all' | 'segment' | 'source';
  readonly group: string;
  /** People who reached each stage, in order. */
  readonly counts: readonly [number, number, number, number];
  /** Buyers among the trusting: satisfaction is observed for them only (won leads are not linked to customers). */
  readonly buyers: number;
  /** Share of those at one stage who reach the next (3 values; the last is satisfied / buyers). */
  readonly rates: readonly (number | null)[];
  /** The transition with the lowest rate: the stage not reached, and the action that fits. */
  readonly biggestDrop: { readonly into: Stage; readonly zh: string; readonly rate: number; readonly lost: number; readonly action: string } | null;
}

export function funnelOf(kind: Funnel['kind'], group: string, counts: readonly [number, number, number, number], buyers: number): Funnel {
  const base = [counts[0], counts[1], buyers];
  const rates = [1, 2, 3].map((i) => (base[i - 1] > 0 ? counts[i] / base[i - 1] : null));
  let drop: Funnel['biggestDrop'] = null;
  rates.forEach((r, i) => {
    if (r === null || r >= 1) return;
    const into = STAGES[i + 1];
    if (!drop || r < drop.rate) drop = { into, zh: STAGE_ZH[into], rate: r, lost: base[i] - counts[i + 1], action: ACTION[into] };
  });
  return { kind, group, counts, buyers, rates, biggestDrop: drop };
}

export async function stageFunnels(engine: Engine): Promise<{ all: Funnel | null; bySegment: Funnel[]; bySource: Funnel[] }> {
  const rows = await engine.query<{ kind: Funnel['kind']; grp: string; aware: number; recognised: number; trusting: number; buyers: number; satisfied: number }>(sqlStageCounts());
  const f = rows.map((r) => funnelOf(r.kind, r.grp, [Number(r.aware), Number(r.recognised), Number(r.trusting), Number(r.satisfied)], Number(r.buyers)));
  return { all: f.find((x) => x.kind === 'all') ?? null, bySegment: f.filter((x) => x.kind === 'segment'), bySource: f.filter((x) => x.kind === 'source') };
}
