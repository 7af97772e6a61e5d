/**
 * Re-screening (动态筛选): how customers moved between RFM segments and value tiers from one as-of date to another,
 * and who rose or fell most. Each date is a full value run; the movements are stored for the report's Sankey chart.
 */
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { computeValue, parseAsOf, type SettingUsed, type ValueConfig, type ValueReport } from '../value/index.js';

interface Snapshot {
  readonly segment: string;
  readonly quadrant: string | null;
  readonly profit: number;
  readonly longTermValue: number;
}

export interface Movement {
  readonly from: string;
  readonly to: string;
  readonly customers: number;
}

export interface Screening {
  readonly from: string;
  readonly to: string;
  readonly customers: { readonly both: number; readonly new: number; readonly gone: number };
  readonly segments: readonly Movement[];
  readonly tiers: readonly Movement[];
  readonly stayed: number;
  readonly risers: ReadonlyArray<{ customerId: string; from: number; to: number; change: number; fromSegment: string; toSegment: string }>;
  readonly fallers: ReadonlyArray<{ customerId: string; from: number; to: number; change: number; fromSegment: string; toSegment: string }>;
  /** The portfolio's profit (net revenue when no cost is known: `basis`) at each date, as `value` shows it. */
  readonly portfolio?: { readonly basis: ValueReport['basis']; readonly from: number; readonly to: number };
  /** The settings both runs used (value/settings.ts). */
  readonly settings?: readonly SettingUsed[];
}

async function snapshot(engine: Engine, asOf: string, config: ValueConfig): Promise<{ value: ValueReport; customers: Map<string, Snapshot> }> {
  const value = await computeValue(engine, { config, asOf });
  const rows = await engine.query<{ customer_id: string; segment: string; value_quadrant: string | null; profit: number; long_term_value: number }>(
    `SELECT s.customer_id, v.segment, v.value_quadrant, s.profit, v.long_term_value FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id WHERE s.first_purchase IS NOT NULL`,
  );
  return { value, customers: new Map(rows.map((r) => [r.customer_id, { segment: r.segment, quadrant: r.value_quadrant, profit: r.profit, longTermValue: r.long_term_value }])) };
}

function tally(pairs: Iterable<[string, string]>): Movement[] {
  const m = new Map<string, number>();
  for (const [a, b] of pairs) m.set(`${a}\u0000${b}`, (m.get(`${a}\u0000${b}`) ?? 0) + 1);
  return [...m].map(([k, customers]) => ({ from: k.split('\u0000')[0], to: k.split('\u0000')[1], customers })).sort((x, y) => y.customers - x.customers || x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
}

export async function rescreen(engine: Engine, fromDate: string, toDate: string, config: ValueConfig, top = 10): Promise<Screening> {
  const from = parseAsOf(fromDate);
  const to = parseAsOf(toDate);
  if (from >= to) throw new UsageError(`--from ${from} must be before --to ${to}`);
  const sa = await snapshot(engine, from, config);
  const sb = await snapshot(engine, to, config);
  const [a, b] = [sa.customers, sb.customers];
  // Leave the store's current run at the later date, which is what users look at next.
  const both = [...a.keys()].filter((id) => b.has(id));
  const segments = tally(both.map((id) => [a.get(id)!.segment, b.get(id)!.segment]));
  const tiers = tally(both.map((id) => [a.get(id)!.quadrant ?? '—', b.get(id)!.quadrant ?? '—']));
  // Profit to date is measured the same way at both dates (long-term value may come from a model at one only).
  const changes = both.map((id) => ({ customerId: id, from: a.get(id)!.profit, to: b.get(id)!.profit, change: b.get(id)!.profit - a.get(id)!.profit, fromSegment: a.get(id)!.segment, toSegment: b.get(id)!.segment }));
  changes.sort((x, y) => y.change - x.change || x.customerId.localeCompare(y.customerId));
  const result: Screening = {
    from,
    to,
    customers: { both: both.length, new: [...b.keys()].filter((id) => !a.has(id)).length, gone: [...a.keys()].filter((id) => !b.has(id)).length },
    segments,
    tiers,
    stayed: both.filter((id) => a.get(id)!.segment === b.get(id)!.segment).length,
    risers: changes.slice(0, top).filter((c) => c.change > 0),
    fallers: changes.slice(-top).reverse().filter((c) => c.change < 0),
    portfolio: { basis: sb.value.basis, from: sa.value.profit.profit, to: sb.value.profit.profit },
    settings: sb.value.settings,
  };
  const [{ id }] = await engine.query<{ id: number }>('SELECT COALESCE(max(screening_id), 0) + 1 AS id FROM screenings');
  await engine.run(`INSERT INTO screenings (screening_id, from_date, to_date, result, created_at) VALUES ($1, CAST($2 AS DATE), CAST($3 AS DATE), $4, ${engine.dialect.sqlNow})`, [id, from, to, JSON.stringify(result)]);
  return result;
}

export async function latestScreening(engine: Engine): Promise<Screening | null> {
  const rows = await engine.query<{ result: string }>(`SELECT CAST(result AS ${engine.dialect.type('text')}) AS result FROM screenings ORDER BY screening_id DESC LIMIT 1`);
  return rows.length ? (JSON.parse(rows[0].result) as Screening) : null;
}
