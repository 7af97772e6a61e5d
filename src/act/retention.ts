/**
 * Retention economics of the current customer base (DESIGN.md §1.7: "cutting churn by 5% lifts profit by 25–85%").
 *
 * Retention is measured, not assumed: of the customers who bought in the window before last, the share who bought
 * again in the last window (the repeat rate of a non-contractual business), annualised when the window is shorter
 * than a year: r = r_w^(365 / w).
 *
 * The base's future profit is the margin multiple of Gupta & Lehmann (2003), "Customers as assets", Journal of
 * Interactive Marketing 17(1), 9–24 (also Gupta, Lehmann & Stuart (2004), "Valuing customers", Journal of Marketing
 * Research 41(1), 7–18), with constant margin and retention:
 *   F(r) = N · m · Σ_{t≥1} r^t / (1 + d)^t = N · m · r / (1 + d − r),
 * N the active customers, m their mean annual profit (the value run's current value), d the annual discount rate.
 * Lowering churn c = 1 − r to c′ changes it by F(r′) / F(r) − 1, and next year's profit by (r′ − r) / r.
 *
 * The claim comes from Reichheld & Sasser (1990), "Zero defections: quality comes to services", Harvard Business
 * Review 68(5), 105–111 ("reducing defections 5% boosts profits 25% to 85%", across industries). "5%" can be read
 * as 5 percentage points (c′ = c − 0.05) or as 5% of the churn rate (c′ = 0.95 c): both are shown. Their figures
 * also count what loyal customers add with tenure (more spending, lower cost to serve, referrals); this
 * constant-margin model does not, so it is the conservative end.
 */

export interface RetentionInputs {
  /** Customers who bought in the window before last. */
  readonly priorCustomers: number;
  /** Of those, the ones who bought again in the last window. */
  readonly retained: number;
  /** Customers who bought in the last window: the current base. */
  readonly active: number;
  /** Σ of the active customers' annual profit (current value). */
  readonly activeAnnualProfit: number;
  /** Window length in days (365, or half the data when there is less than two years of it). */
  readonly windowDays: number;
}

export interface ChurnCut {
  readonly label: string;
  readonly churn: number;
  readonly retention: number;
  /** F(r′) / F(r) − 1. */
  readonly lifetimeProfitChange: number;
  /** F(r′) − F(r), in money. */
  readonly lifetimeProfitGain: number;
  /** (r′ − r) / r: next year's profit from the current base. */
  readonly nextYearProfitChange: number;
  /** N · m · (r′ − r). */
  readonly nextYearProfitGain: number;
  /** Customers kept each year who would have left: N · (r′ − r). */
  readonly customersKept: number;
}

export interface RetentionEconomics {
  readonly windowDays: number;
  /** Retention over one window, r_w = retained / prior. */
  readonly windowRetention: number;
  /** Annual retention r and churn 1 − r. */
  readonly retention: number;
  readonly churn: number;
  readonly active: number;
  readonly meanAnnualProfit: number;
  readonly discountRate: number;
  /** F(r): present value of the active base's future profit. */
  readonly baseFutureProfit: number;
  readonly cuts: readonly ChurnCut[];
  readonly formula: string;
  readonly sources: readonly string[];
}

export const RETENTION_FORMULA = 'future profit of the base F(r) = N · m · r / (1 + d − r); effect of a churn cut = F(r′) / F(r) − 1';
export const RETENTION_SOURCES = [
  'Gupta & Lehmann (2003), Customers as assets, Journal of Interactive Marketing 17(1): the margin multiple r / (1 + d − r)',
  'Reichheld & Sasser (1990), Zero defections: quality comes to services, Harvard Business Review 68(5): 5% fewer defections, 25–85% more profit',
];

/** F(r) = N · m · r / (1 + d − r). */
export function baseFutureProfit(n: number, m: number, r: number, d: number): number {
  if (!(d > 0) || r < 0 || r > 1) throw new RangeError(`baseFutureProfit requires d > 0 and 0 ≤ r ≤ 1 (got d = ${d}, r = ${r})`);
  return (n * m * r) / (1 + d - r);
}

/** The economics, or a reason they cannot be computed from this data. */
export function retentionEconomics(x: RetentionInputs, discountRate: number, cut = 0.05): { ok: true; value: RetentionEconomics } | { ok: false; reason: string } {
  if (x.priorCustomers === 0) return { ok: false, reason: `no customer bought in the ${x.windowDays} days before the last ${x.windowDays}: retention cannot be measured` };
  if (x.active === 0) return { ok: false, reason: `no customer bought in the last ${x.windowDays} days` };
  const rw = x.retained / x.priorCustomers;
  const r = Math.min(1, rw ** (365 / x.windowDays));
  const c = 1 - r;
  const m = x.activeAnnualProfit / x.active;
  const f = baseFutureProfit(x.active, m, r, discountRate);
  const make = (label: string, churn: number): ChurnCut => {
    const r2 = 1 - churn;
    const f2 = baseFutureProfit(x.active, m, r2, discountRate);
    return {
      label,
      churn,
      retention: r2,
      lifetimeProfitChange: f !== 0 ? f2 / f - 1 : 0,
      lifetimeProfitGain: f2 - f,
      nextYearProfitChange: r > 0 ? (r2 - r) / r : 0,
      nextYearProfitGain: x.active * m * (r2 - r),
      customersKept: x.active * (r2 - r),
    };
  };
  return {
    ok: true,
    value: {
      windowDays: x.windowDays,
      windowRetention: rw,
      retention: r,
      churn: c,
      active: x.active,
      meanAnnualProfit: m,
      discountRate,
      baseFutureProfit: f,
      cuts: [make(`churn −${Math.round(cut * 100)} points`, Math.max(0, c - cut)), make(`churn −${Math.round(cut * 100)}% of itself`, c * (1 - cut))],
      formula: RETENTION_FORMULA,
      sources: RETENTION_SOURCES,
    },
  };
}
