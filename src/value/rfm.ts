/**
 * RFM: recency, frequency (orders) and monetary value (net revenue), each scored 1–5 (5 best) by quintiles of
 * buyers, ties broken by customer id (SQL `ntile(5) OVER (ORDER BY value, customer_id)`), and the named segments
 * of the R×F grid (DESIGN.md §3). Customers who never bought get "No Purchase"; with `lostAfterDays`, buyers
 * silent for longer are "Lost".
 */
import type { SegmentRule } from '../sql/value.js';

/** The R×F grid: every one of the 25 cells belongs to exactly one rule (tested). */
export const RFM_SEGMENTS: readonly SegmentRule[] = [
  { name: 'Champions', r: [5, 5], f: [4, 5] },
  { name: 'Loyal', r: [3, 4], f: [4, 5] },
  { name: 'Potential Loyalist', r: [4, 5], f: [2, 3] },
  { name: 'New', r: [5, 5], f: [1, 1] },
  { name: 'Promising', r: [4, 4], f: [1, 1] },
  { name: 'Need Attention', r: [3, 3], f: [3, 3] },
  { name: 'About to Sleep', r: [3, 3], f: [1, 2] },
  { name: 'At Risk', r: [1, 2], f: [3, 4] },
  { name: "Can't Lose", r: [1, 2], f: [5, 5] },
  { name: 'Hibernating', r: [1, 2], f: [1, 2] },
];

export const NO_PURCHASE = 'No Purchase';
export const LOST = 'Lost';

/** Every segment name in display order. */
export const SEGMENT_NAMES: readonly string[] = [...RFM_SEGMENTS.map((s) => s.name), LOST, NO_PURCHASE];

/** The rules that contain cell (r, f); exactly one for 1 ≤ r, f ≤ 5. */
export function segmentsOf(r: number, f: number): string[] {
  return RFM_SEGMENTS.filter((s) => r >= s.r[0] && r <= s.r[1] && f >= s.f[0] && f <= s.f[1]).map((s) => s.name);
}

export interface SegmentFigures {
  readonly segment: string;
  readonly customers: number;
  readonly revenue: number;
  readonly profit: number;
}

export interface RfmResult {
  readonly method: string;
  readonly segments: readonly SegmentFigures[];
  /** grid[r−1][f−1] = customers with that R and F score (the report's heatmap). */
  readonly grid: readonly (readonly number[])[];
  readonly lostAfterDays: number | null;
  readonly rules: readonly SegmentRule[];
}

export function shapeRfm(
  cells: ReadonlyArray<{ cell: string; customers: number; revenue: number; profit: number }>,
  gridRows: ReadonlyArray<{ r: number; f: number; customers: number }>,
  lostAfterDays: number | null,
): RfmResult {
  const grid = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  for (const g of gridRows) grid[g.r - 1][g.f - 1] = g.customers;
  const by = new Map(cells.map((c) => [c.cell, c]));
  const names = SEGMENT_NAMES.filter((n) => (n === LOST ? lostAfterDays !== null : true));
  return {
    method: 'R, F, M scored 1–5 by quintiles of buyers (ntile over value, then customer id); F = orders, M = net revenue; segments from the R×F grid',
    segments: names.map((n) => ({ segment: n, customers: by.get(n)?.customers ?? 0, revenue: by.get(n)?.revenue ?? 0, profit: by.get(n)?.profit ?? 0 })),
    grid,
    lostAfterDays,
    rules: RFM_SEGMENTS,
  };
}
