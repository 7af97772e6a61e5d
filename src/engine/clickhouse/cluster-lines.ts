/**
 * The order lines of a ClickHouse store, as the commands that run there read them (src/data/line-source.ts).
 * Figures over lines run on the cluster; what comes back is one row per customer (facts, CLV input) or one number.
 */
import type { BasketScope, ClvLineRow, CoPurchaseCounts, LineSource, UpgradeSums } from '../../data/line-source.js';
import { factsInputs, factsState, growthWindows, recordFactsState, sameFactsInputs, type FactsState } from '../../data/facts.js';
import { sqlDeleteFacts } from '../../sql/facts.js';
import { BILLING_PREFIX } from '../../sql/subscriptions.js';
import {
  sqlBuyersAfterCH, sqlBillingShareCH, sqlRecurringRevenueCH,
  sqlBigCustomerLinesCH, sqlCategoryMixCH, sqlFirstSaleDaysCH, sqlOtherLineCustomersCH, sqlRetentionWindowsCH, sqlClvLateStartersCH, sqlFirstYearLinesCH, sqlWindowLinesCH, sqlDiscountedCH, sqlLastDayCH, sqlOrderSpanCH, sqlStoreMarginPartsCH, sqlUnattributedCH,
} from '../../sql/clickhouse/line-source.js';
import { LINES, LINES_LOCAL, PRODUCTS } from '../../sql/clickhouse/tables.js';
import type { Engine } from '../engine.js';
import type { ClickHouseEngine } from './clickhouse-engine.js';
import { clusterClvInputs, clusterFacts, writeClusterFacts } from './lines.js';
import { sqlClvRepeatDaysCH } from '../../sql/clickhouse/clv.js';
import { clusterCoPurchases, clusterNewPurchasesAfter, clusterPopularNotOwned, clusterUpgradeSums } from './cluster-recommend.js';

export class ClusterLines implements LineSource {
  constructor(readonly ch: ClickHouseEngine) {}

  get location(): string {
    return this.ch.location;
  }

  private async onEveryShard<T>(sql: string, params: readonly (string | number)[] = []): Promise<T[]> {
    const shards = Array.from({ length: this.ch.shardCount }, (_, s) => s);
    return (await Promise.all(shards.map((s) => this.ch.queryShard<T>(s, sql, params)))).flat();
  }

  async lastOrderDay(): Promise<string | null> {
    const [r] = await this.ch.query<{ day: string; n: number }>(sqlLastDayCH(LINES));
    return r && r.n > 0 ? r.day : null;
  }

  async lineCount(): Promise<number> {
    const [r] = await this.ch.query<{ n: number }>(sqlLastDayCH(LINES));
    return r?.n ?? 0;
  }

  async hasDiscountedLines(): Promise<boolean> {
    const [r] = await this.ch.query<{ n: number }>(sqlDiscountedCH(LINES));
    return (r?.n ?? 0) > 0;
  }

  /**
   * Kept as on a DuckDB store: facts_state records the companion's inputs (its order imports, each loaded into the
   * cluster, and its products, copied to every shard), so facts computed after the last import or product change
   * are reused; anything else recomputes them on the shards.
   */
  async currentFacts(engine: Engine, windowDays: number): Promise<FactsState> {
    return this.factsAt(engine, await this.lastOrderDay(), windowDays);
  }

  /**
   * customer_facts as of `asOf` (the last order day for currentFacts, an earlier day for a value run `--as-of`),
   * computed on the shards from the lines up to that day. The facts state records the day, so the next run as of
   * another day computes them again.
   */
  async factsAt(engine: Engine, asOf: string | null, windowDays: number): Promise<FactsState> {
    const state = await factsState(engine);
    if (state && sameFactsInputs(state, await factsInputs(engine)) && state.windowDays === windowDays && state.asOf === asOf) return state;
    if (!asOf) {
      for (const sql of sqlDeleteFacts(null)) await engine.run(sql);
      return recordFactsState(engine, null, windowDays, { lines: 0, net: 0 });
    }
    const w = growthWindows(asOf, windowDays);
    await writeClusterFacts(engine, await clusterFacts(this.ch, asOf, w.recentFrom, w.priorFrom));
    const [u] = await this.ch.query<{ lines: number; net_revenue: number }>(sqlUnattributedCH(LINES), [asOf]);
    return recordFactsState(engine, asOf, windowDays, { lines: u.lines, net: u.net_revenue });
  }

  async categoryMix(customerId: string, asOf: string): Promise<Array<{ category: string; revenue: number }>> {
    const sums = new Map<string, number>();
    for (const r of await this.onEveryShard<{ category: string; revenue: number }>(sqlCategoryMixCH(LINES_LOCAL, PRODUCTS), [customerId, asOf])) {
      sums.set(r.category, (sums.get(r.category) ?? 0) + r.revenue);
    }
    return [...sums].map(([category, revenue]) => ({ category, revenue })).sort((a, b) => b.revenue - a.revenue || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  }

  async buyersAfter(day: string): Promise<string[]> {
    return (await this.ch.query<{ buyer: string }>(sqlBuyersAfterCH(LINES), [day])).map((r) => r.buyer);
  }

  async orderSpan(): Promise<{ firstDay: string | null; lastDay: string | null }> {
    const [r] = await this.ch.query<{ first_day: string; last_day: string }>(sqlOrderSpanCH(LINES));
    return { firstDay: r?.first_day || null, lastDay: r?.last_day || null };
  }

  async clvCustomers(calibrationEnd: string, holdoutEnd: string): Promise<ClvLineRow[]> {
    return (await clusterClvInputs(this.ch, calibrationEnd, holdoutEnd)) as unknown as ClvLineRow[];
  }

  async clvLateStarters(calibrationEnd: string, holdoutEnd: string): Promise<number> {
    const [r] = await this.ch.query<{ n: number }>(sqlClvLateStartersCH(LINES), [calibrationEnd, holdoutEnd]);
    return r?.n ?? 0;
  }

  async storeMargin(): Promise<number | null> {
    const parts = await this.onEveryShard<{ cost: number; revenue: number; n: number }>(sqlStoreMarginPartsCH(LINES_LOCAL, PRODUCTS));
    const n = parts.reduce((a, p) => a + p.n, 0);
    if (n === 0) return null;
    const cost = parts.reduce((a, p) => a + (p.n > 0 ? p.cost : 0), 0);
    const revenue = parts.reduce((a, p) => a + (p.n > 0 ? p.revenue : 0), 0);
    return 1 - cost / revenue;
  }

  async bigCustomerLines(ids: readonly string[], asOf: string): Promise<Array<Record<string, unknown>>> {
    if (!ids.length) return [];
    return this.ch.query<Record<string, unknown>>(sqlBigCustomerLinesCH(LINES, ids.length), [asOf, ...ids]);
  }

  async firstYearMargins(asOf: string, marginRate: number | null): Promise<Array<{ customer_id: string; margin: number }>> {
    const rows = await this.onEveryShard<{ customer_id: string; known: number; uncosted: number }>(sqlFirstYearLinesCH(LINES_LOCAL, PRODUCTS), [asOf]);
    return rows.map((r) => ({ customer_id: r.customer_id, margin: r.known - (marginRate === null ? 0 : r.uncosted * (1 - marginRate)) }));
  }

  /**
   * Deletes one customer's order lines from every shard (privacy), and returns when the deletion is done: the
   * engine runs `DELETE FROM` a Distributed table as `ALTER TABLE … DELETE` on every shard's local table and waits
   * for each mutation in system.mutations. Clientele has no command for it yet (docs/clickhouse.md).
   */
  async removeCustomerLines(customerId: string): Promise<void> {
    // Lines without a customer stay: the engine writes every mutation's condition so that it is never NULL
    // (notNullCondition; ClickHouse 18.16 deletes the rows whose condition is NULL).
    await this.ch.run(`DELETE FROM ${LINES} WHERE customer_id = $1`, [customerId]);
  }

  async retentionWindows(asOf: string, windowDays: number): Promise<Array<{ customer_id: string; recent: number; prior: number }>> {
    const w = Math.trunc(windowDays);
    return this.ch.query(sqlRetentionWindowsCH(LINES), [asOf, w, w, 2 * w - 1]);
  }

  async clvRepeatDays(calibrationEnd: string, holdoutEnd: string, cohortStart: string): Promise<Array<{ offset_days: number; n: number }>> {
    const sums = new Map<number, number>();
    for (const r of await this.onEveryShard<{ offset_days: number; n: number }>(sqlClvRepeatDaysCH(LINES_LOCAL), [calibrationEnd, holdoutEnd, cohortStart])) {
      sums.set(Number(r.offset_days), (sums.get(Number(r.offset_days)) ?? 0) + Number(r.n));
    }
    return [...sums].sort((a, b) => a[0] - b[0]).map(([offset_days, n]) => ({ offset_days, n }));
  }

  async otherLineCustomers(): Promise<string[]> {
    return (await this.ch.query<{ cust: string }>(sqlOtherLineCustomersCH(LINES), [BILLING_PREFIX])).map((r) => r.cust);
  }

  async firstSaleDays(): Promise<Array<{ customer_id: string; first_purchase: string }>> {
    return this.ch.query(sqlFirstSaleDaysCH(LINES));
  }

  async windowOutcomes(from: string, to: string, marginRate: number | null): Promise<Array<{ customer_id: string; orders: number; net: number; profit: number }>> {
    const rows = await this.onEveryShard<{ customer_id: string; orders: number; net_sum: number; known: number; uncosted: number }>(sqlWindowLinesCH(LINES_LOCAL, PRODUCTS), [to, from]);
    return rows.map((r) => ({ customer_id: r.customer_id, orders: r.orders, net: r.net_sum, profit: r.known - (marginRate === null ? 0 : r.uncosted * (1 - marginRate)) }));
  }

  coPurchases(scope: BasketScope, minSupport: number, customer?: string): Promise<CoPurchaseCounts> {
    return clusterCoPurchases(this.ch, scope, minSupport, customer);
  }

  upgradeSums(scope: BasketScope, customer?: string): Promise<UpgradeSums> {
    return clusterUpgradeSums(this.ch, scope, customer);
  }

  newPurchasesAfter(split: string, exclude: readonly string[]): Promise<Array<{ customer_id: string; product_id: string }>> {
    return clusterNewPurchasesAfter(this.ch, split, exclude);
  }

  popularNotOwned(split: string, exclude: readonly string[], top: number, candidates: number): Promise<Array<{ customer_id: string; product_id: string }>> {
    return clusterPopularNotOwned(this.ch, split, exclude, top, candidates);
  }

  async recurringRevenueLines(asOf: string): Promise<{ lines: number; revenue: number; costed_margin: number; uncosted_revenue: number; customers: number }> {
    const parts = await this.onEveryShard<{ lines: number; revenue: number; costed_margin: number; uncosted_revenue: number; customers: number }>(sqlRecurringRevenueCH(LINES_LOCAL, PRODUCTS), [BILLING_PREFIX, asOf]);
    const total = { lines: 0, revenue: 0, costed_margin: 0, uncosted_revenue: 0, customers: 0 };
    for (const p of parts) for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += Number(p[k] ?? 0);
    return total;
  }

  async billingLines(): Promise<{ lines: number; billing: number }> {
    const [r] = await this.ch.query<{ lines: number; billing: number }>(sqlBillingShareCH(LINES), [BILLING_PREFIX]);
    return { lines: Number(r?.lines ?? 0), billing: Number(r?.billing ?? 0) };
  }
}
