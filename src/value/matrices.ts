/**
 * The three value matrices of DESIGN.md §3, each with counts and value per cell and the thresholds used.
 * High means at or above the threshold; thresholds default to medians of buyers (see config.ts).
 */
import type { Threshold } from './config.js';

export interface Axis {
  readonly name: string;
  readonly threshold: number | null;
  /** How the threshold was set, e.g. "quantile 0.5 of buyers" or "value". */
  readonly how: string;
}

export interface MatrixCell {
  readonly cell: string;
  readonly label: string;
  readonly customers: number;
  readonly revenue: number;
  readonly profit: number;
  readonly currentValue: number;
  readonly longTermValue: number;
}

export interface Matrix {
  readonly available: boolean;
  /** When not available: the data that would enable it. */
  readonly missing: string | null;
  readonly x: Axis;
  readonly y: Axis;
  readonly cells: readonly MatrixCell[];
  readonly notes: readonly string[];
}

export const QUADRANT_LABELS: Readonly<Record<string, string>> = {
  I: 'I: low current, low long-term',
  II: 'II: low current, high long-term (potential, most easily overlooked)',
  III: 'III: high current, low long-term',
  IV: 'IV: high current, high long-term (value customers)',
};

export const VALUE_LOYALTY_LABELS: Readonly<Record<string, string>> = {
  core: 'high value, high loyalty: core',
  at_risk_of_leaving: 'high value, low loyalty: at risk of leaving',
  active_small: 'low value, high loyalty: active, recommend others, small business',
  small_price_sensitive: 'low value, low loyalty: small, price-sensitive',
};

export const SATISFACTION_LOYALTY_LABELS: Readonly<Record<string, string>> = {
  apostle: 'apostle: satisfied and loyal',
  mercenary: 'mercenary: satisfied but disloyal',
  hostage: 'hostage: loyal but dissatisfied',
  defector: 'defector: dissatisfied and disloyal',
};

export const LOYALTY_FORMULA = 'loyalty = mean of the percentile ranks (among buyers) of purchase days, tenure and recency (recent = high)';
export const CURRENT_VALUE_FORMULA = 'current value = profit × 365 / max(tenure days, 365) (annualised profit)';
export const PROXY_FORMULA =
  'long-term value (proxy) = current value × p_alive × horizon years; p_alive = exp(−recency / mean gap between purchase days), mean gap = (last − first purchase) / (purchase days − 1), or oneTimeGapDays for one purchase day';

export function thresholdHow(t: Threshold): string {
  return 'quantile' in t ? `quantile ${t.quantile} of buyers` : 'fixed value';
}

export interface CellRow {
  cell: string;
  customers: number;
  revenue: number;
  profit: number;
  current_value: number;
  long_term_value: number;
}

export function shapeCells(rows: readonly CellRow[], labels: Readonly<Record<string, string>>): MatrixCell[] {
  const by = new Map(rows.map((r) => [r.cell, r]));
  return Object.entries(labels).map(([cell, label]) => {
    const r = by.get(cell);
    return { cell, label, customers: r?.customers ?? 0, revenue: r?.revenue ?? 0, profit: r?.profit ?? 0, currentValue: r?.current_value ?? 0, longTermValue: r?.long_term_value ?? 0 };
  });
}
