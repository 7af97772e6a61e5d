/**
 * A budget split over the segments of a value run, as `clientele allocate` and the API ask for it: per-segment
 * minimums and maximums by name, checked against the segments that exist; bad input is a UsageError.
 */
import { UsageError } from '../errors.js';
import { allocateBudget, type Allocation } from './allocate.js';
import type { SegmentFigures } from './target.js';

export interface AllocationRequest {
  readonly budget: number;
  /** u: the largest share of CLV spending can add, in (0, 10]. */
  readonly maxUplift: number;
  /** c: spend per customer that reaches 63% of the largest uplift, above 0. */
  readonly costScale: number;
  readonly min?: ReadonlyMap<string, number>;
  readonly max?: ReadonlyMap<string, number>;
  /** h: the least return a unit must bring to be spent, default 1.0. */
  readonly hurdle?: number;
  /** Response curves measured by campaigns with a holdout, by segment: u per segment (c stays the request's). */
  readonly measured?: ReadonlyMap<string, { readonly maxUplift: number; readonly campaign: number }>;
}

/** `SEGMENT=AMOUNT` items (the last `=` splits, so names may hold one) → amounts by segment; `option` names them in errors. */
export function parseSegmentAmounts(option: string, items: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const item of items) {
    const i = item.lastIndexOf('=');
    const n = Number(item.slice(i + 1));
    if (i <= 0 || item.slice(i + 1).trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`${option} ${item}: expected SEGMENT=AMOUNT`, `e.g. ${option} "At Risk=5000"`);
    m.set(item.slice(0, i), n);
  }
  return m;
}

/** The best split of the budget, and the segments that lose money as a whole (80/20/30). */
export function planAllocation(rows: readonly SegmentFigures[], r: AllocationRequest): Allocation & { readonly lossMaking: string[] } {
  if (!(Number.isFinite(r.budget) && r.budget >= 0)) throw new UsageError(`budget ${r.budget}: expected an amount of at least 0`);
  if (!(r.maxUplift > 0 && r.maxUplift <= 10) || !(Number.isFinite(r.costScale) && r.costScale > 0)) throw new UsageError('the uplift must be in (0, 10] and the cost scale above 0');
  const min = r.min ?? new Map<string, number>();
  const max = r.max ?? new Map<string, number>();
  for (const k of [...min.keys(), ...max.keys()]) if (!rows.some((s) => s.name === k)) throw new UsageError(`no segment "${k}"`, `segments: ${rows.map((s) => s.name).join(', ')}`);
  const hurdle = r.hurdle ?? 1;
  if (!(Number.isFinite(hurdle) && hurdle >= 0 && hurdle <= 100)) throw new UsageError(`hurdle ${r.hurdle}: expected a return per unit from 0 to 100`, 'default 1.0: spend only while a unit brings at least a unit back');
  const segs = rows.map((s) => {
    const m = r.measured?.get(s.name);
    return { name: s.name, customers: s.customers, meanClv: s.meanClv, profit: s.profit, ...(min.has(s.name) ? { min: min.get(s.name)! } : {}), ...(max.has(s.name) ? { max: max.get(s.name)! } : {}), ...(m ? { maxUplift: m.maxUplift, curve: 'measured' as const } : {}) };
  });
  let result: Allocation;
  try {
    result = allocateBudget(segs, { budget: r.budget, maxUplift: r.maxUplift, costScale: r.costScale, hurdle });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message.replace(/^allocateBudget: /, ''));
    throw e;
  }
  return { ...result, lossMaking: result.lines.filter((l) => l.lossMaking).map((l) => l.name) };
}
