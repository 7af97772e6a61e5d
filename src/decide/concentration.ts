/**
 * Big-customer risk (大客户风险, DESIGN.md §1.2): a big customer carries profit, management and defection risk, and
 * may go its own way (另起炉灶). Two views:
 *
 * - Concentration of profit: the share of the top 1, 5 and 10 customers, and the Herfindahl–Hirschman index
 *   HHI = Σ sᵢ² over customers' shares sᵢ of the positive profit (1/n when n customers share it equally, 1 when
 *   one has it all; the US merger guidelines call a market above 0.18 highly concentrated). A warning when the top
 *   10 carry more than half the profit or the HHI exceeds the threshold.
 * - Per large customer (the top by profit): dependence (their share of our profit), our share of their wallet when
 *   the customer file gives it (attribute `wallet`: their yearly spend in our categories), bargaining signals
 *   (discount share of the last 365 days up by 3 points or more on the year before; invoices paid 7 or more days
 *   later on average), and "going their own way": net revenue with us down 30% or more on the year before while
 *   they still buy (a purchase in the last 90 days).
 */
import { linesOf } from '../data/line-source.js';
import type { Engine } from '../engine/engine.js';
import { sqlBigCustomerSignals, sqlProfits } from '../sql/concentration.js';

export interface ConcentrationOptions {
  /** Large customers to examine. Default 10. */
  readonly top: number;
  /** HHI above which profit is called concentrated. Default 0.18. */
  readonly hhiWarning: number;
  /** Share of profit the top 10 may carry before a warning. Default 0.5. */
  readonly top10Warning: number;
}

export const DEFAULT_CONCENTRATION: ConcentrationOptions = { top: 10, hhiWarning: 0.18, top10Warning: 0.5 };

export interface Concentration {
  readonly customers: number;
  /** Sum of positive profits: the denominator of the shares. */
  readonly positiveProfit: number;
  readonly totalProfit: number;
  readonly top1Share: number;
  readonly top5Share: number;
  readonly top10Share: number;
  readonly hhi: number;
  /** 1 / HHI: the number of equal customers that would give the same concentration. */
  readonly equivalentCustomers: number;
  readonly warnings: ReadonlyArray<{ readonly code: 'top10' | 'hhi'; readonly figure: number; readonly threshold: number }>;
}

/** Concentration of a list of profits (any order). */
export function concentration(profits: readonly number[], o: ConcentrationOptions = DEFAULT_CONCENTRATION): Concentration {
  const pos = profits.filter((p) => p > 0).sort((a, b) => b - a);
  const sum = pos.reduce((a, b) => a + b, 0);
  const share = (k: number) => (sum > 0 ? pos.slice(0, k).reduce((a, b) => a + b, 0) / sum : 0);
  const hhi = sum > 0 ? pos.reduce((a, p) => a + (p / sum) ** 2, 0) : 0;
  const top10Share = share(10);
  const warnings = [
    ...(top10Share > o.top10Warning ? [{ code: 'top10' as const, figure: top10Share, threshold: o.top10Warning }] : []),
    ...(hhi > o.hhiWarning ? [{ code: 'hhi' as const, figure: hhi, threshold: o.hhiWarning }] : []),
  ];
  return { customers: profits.length, positiveProfit: sum, totalProfit: profits.reduce((a, b) => a + b, 0), top1Share: share(1), top5Share: share(5), top10Share, hhi, equivalentCustomers: hhi > 0 ? 1 / hhi : 0, warnings };
}

export interface SignalInputs {
  readonly netRecent: number;
  readonly netPrior: number;
  readonly grossRecent: number;
  readonly grossPrior: number;
  readonly discRecent: number;
  readonly discPrior: number;
  readonly activeDays90: number;
  readonly lateRecent: number | null;
  readonly latePrior: number | null;
  readonly wallet: number | null;
}

export interface BigCustomer {
  readonly customerId: string;
  readonly profit: number;
  readonly netRevenue: number;
  /** Their share of our positive profit. */
  readonly dependence: number;
  /** Our net revenue of the last year over their wallet, when known. */
  readonly shareOfWallet: number | null;
  readonly discountShareRecent: number | null;
  readonly discountSharePrior: number | null;
  readonly daysLateRecent: number | null;
  readonly daysLatePrior: number | null;
  readonly revenueChange: number | null;
  readonly signals: ReadonlyArray<'rising-discounts' | 'slower-payment' | 'going-own-way'>;
}

/** The signals of one large customer from its two years of figures. */
export function bigCustomerSignals(id: string, profit: number, netRevenue: number, positiveProfit: number, x: SignalInputs): BigCustomer {
  const dr = x.grossRecent > 0 ? x.discRecent / x.grossRecent : null;
  const dp = x.grossPrior > 0 ? x.discPrior / x.grossPrior : null;
  const change = x.netPrior > 0 ? (x.netRecent - x.netPrior) / x.netPrior : null;
  const signals: BigCustomer['signals'][number][] = [];
  if (dr !== null && dp !== null && dr - dp >= 0.03) signals.push('rising-discounts');
  if (x.lateRecent !== null && x.latePrior !== null && x.lateRecent - x.latePrior >= 7) signals.push('slower-payment');
  if (change !== null && change <= -0.3 && x.activeDays90 > 0) signals.push('going-own-way');
  return {
    customerId: id, profit, netRevenue, dependence: positiveProfit > 0 ? Math.max(0, profit) / positiveProfit : 0,
    shareOfWallet: x.wallet !== null && x.wallet > 0 ? x.netRecent / x.wallet : null,
    discountShareRecent: dr, discountSharePrior: dp, daysLateRecent: x.lateRecent, daysLatePrior: x.latePrior, revenueChange: change, signals,
  };
}

export interface BigCustomerRisk {
  readonly asOf: string;
  readonly concentration: Concentration;
  readonly large: readonly BigCustomer[];
}

/** Concentration and the top customers' signals from the stored value run as of `asOf`; `only` examines given ids instead. */
export async function bigCustomerRisk(engine: Engine, asOf: string, o: ConcentrationOptions = DEFAULT_CONCENTRATION, only?: readonly string[]): Promise<BigCustomerRisk> {
  const rows = await engine.query<{ customer_id: string; profit: number; net_revenue: number }>(sqlProfits());
  const c = concentration(rows.map((r) => Number(r.profit)), o);
  const chosen = only ? rows.filter((r) => only.includes(r.customer_id)) : rows.slice(0, o.top);
  let sig = chosen.length ? await engine.query<Record<string, unknown>>(sqlBigCustomerSignals(engine.dialect), [JSON.stringify(chosen.map((r) => ({ id: r.customer_id }))), asOf]) : [];
  // On a ClickHouse store the line figures come from the cluster; payments and wallet from the store.
  const lines = linesOf(engine);
  if (lines && chosen.length) {
    const fromLines = new Map((await lines.bigCustomerLines(chosen.map((r) => r.customer_id), asOf)).map((r) => [String(r.customer_id), r]));
    sig = sig.map((s) => ({ ...s, ...(fromLines.get(String(s.customer_id)) ?? {}) }));
  }
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const large = chosen.map((r) => {
    const s = sig.find((x) => x.customer_id === r.customer_id) ?? {};
    const wallet = n(s.wallet);
    return bigCustomerSignals(r.customer_id, Number(r.profit), Number(r.net_revenue), c.positiveProfit, {
      netRecent: n(s.net_recent) ?? 0, netPrior: n(s.net_prior) ?? 0, grossRecent: n(s.gross_recent) ?? 0, grossPrior: n(s.gross_prior) ?? 0, discRecent: n(s.disc_recent) ?? 0, discPrior: n(s.disc_prior) ?? 0,
      activeDays90: n(s.active_days_90) ?? 0, lateRecent: n(s.late_recent), latePrior: n(s.late_prior), wallet: wallet !== null && Number.isFinite(wallet) ? wallet : null,
    });
  });
  return { asOf, concentration: c, large };
}
