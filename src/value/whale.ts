/**
 * The whale curve (DESIGN.md §3): customers sorted by profit, descending; cumulative % of profit against
 * cumulative % of customers. The point at p% is the profit of the first ceil(p·n/100) customers over the total.
 * It peaks above 100% when loss-making customers exist.
 */

export interface WhaleFigures {
  /** 'profit', or 'revenue' when no cost is known and the curve is drawn on net revenue. */
  readonly basis: 'profit' | 'revenue';
  readonly customers: number;
  readonly total: number;
  /** Share of the total from the top 20% of customers (null when the total is not positive). */
  readonly top20Share: number | null;
  /** The curve's peak (cumulative share) and where it lies (share of customers, and their count). */
  readonly peak: { readonly share: number | null; readonly customerShare: number; readonly customers: number; readonly value: number };
  /** Loss-making customers and the share of the peak profit they consume. */
  readonly lossTail: { readonly customers: number; readonly customerShare: number; readonly value: number; readonly consumedShareOfPeak: number | null };
  /** The bottom 30%: their total, and the share of the top 70%'s profit it consumes (negative = they add). */
  readonly bottom30: { readonly value: number; readonly consumedShareOfTop70: number | null };
  /** 101 points: x = share of customers (0..1), y = cumulative share of the total (null if total ≤ 0), cum = cumulative value. */
  readonly curve: ReadonlyArray<{ readonly x: number; readonly y: number | null; readonly cum: number }>;
  /** Profit (or revenue) of each tenth of customers, best first. */
  readonly deciles: ReadonlyArray<{ readonly decile: number; readonly customers: number; readonly value: number }>;
}

export interface WhaleRow {
  kind: 'point' | 'decile' | 'peak';
  key: number;
  value: number;
  customers: number;
}

export interface WhaleTotals {
  readonly customers: number;
  readonly total: number;
  readonly lossCustomers: number;
  readonly loss: number;
}

/** Shapes the rows of `sqlWhale` into the whale figures. */
export function shapeWhale(rows: readonly WhaleRow[], t: WhaleTotals, basis: 'profit' | 'revenue'): WhaleFigures {
  const n = t.customers;
  const cumAtRank = new Map(rows.filter((r) => r.kind === 'point').map((r) => [r.key, r.value]));
  const share = (v: number) => (t.total > 0 ? v / t.total : null);
  const cumAt = (p: number) => (p === 0 || n === 0 ? 0 : cumAtRank.get(Math.floor((p * n + 99) / 100)) ?? 0);
  const curve = Array.from({ length: 101 }, (_, p) => ({ x: p / 100, y: share(cumAt(p)), cum: cumAt(p) }));
  const peakRow = rows.find((r) => r.kind === 'peak');
  const peakValue = Math.max(0, peakRow?.value ?? 0);
  const peakRank = peakRow && peakRow.value > 0 ? peakRow.key : 0;
  const top70 = cumAt(70);
  return {
    basis,
    customers: n,
    total: t.total,
    top20Share: share(cumAt(20)),
    peak: { share: share(peakValue), customerShare: n ? peakRank / n : 0, customers: peakRank, value: peakValue },
    lossTail: {
      customers: t.lossCustomers,
      customerShare: n ? t.lossCustomers / n : 0,
      value: t.loss,
      consumedShareOfPeak: peakValue > 0 ? -t.loss / peakValue : null,
    },
    bottom30: { value: t.total - top70, consumedShareOfTop70: top70 > 0 ? -(t.total - top70) / top70 : null },
    curve,
    deciles: Array.from({ length: 10 }, (_, i) => {
      const r = rows.find((x) => x.kind === 'decile' && x.key === i + 1);
      return { decile: i + 1, customers: r?.customers ?? 0, value: r?.value ?? 0 };
    }),
  };
}
