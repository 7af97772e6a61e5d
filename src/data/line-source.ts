/**
 * Where a command reads order-line figures from. On a DuckDB store the lines are the store's own `order_lines`,
 * and no LineSource is passed (the code reads the table as it always has). On a ClickHouse store (`--db
 * clickhouse://…`, docs/clickhouse.md) the lines live only on the cluster and the embedded companion's
 * `order_lines` is empty: the commands that run there take a LineSource, implemented over the cluster by
 * src/engine/clickhouse/cluster-lines.ts, and ask it for every line figure they need. Work over one row per
 * customer stays in the embedded engine.
 */
import type { Engine } from '../engine/engine.js';
import { StoreError } from '../errors.js';
import type { FactsState } from './facts.js';

export interface ClvLineRow {
  readonly customer_id: string;
  readonly x: number;
  readonly tx_days: number;
  readonly t_days: number;
  readonly zbar: number | null;
  readonly x_holdout: number;
}

/** The sale lines a recommender learns from: before `until` (YYYY-MM-DD), without the `exclude` product ids. */
export interface BasketScope {
  readonly until?: string;
  readonly exclude: readonly string[];
}

/** What sqlCrossSellFromCounts finishes from (src/sql/recommend.ts). */
export interface CoPurchaseCounts {
  /** Customers with a basket. */
  readonly customers: number;
  /** Products bought by at least the minimum support of customers, with their buyers. */
  readonly products: Array<{ product_id: string; n: number }>;
  /** The baskets over those products (one customer's, for one customer). */
  readonly baskets: Array<{ customer_id: string; product_id: string }>;
  /** Pairs of them (i < j) bought together by at least the minimum support of customers. */
  readonly pairs: Array<{ i: string; j: string; c: number }>;
}

/** What sqlVolumeUpgradesFromSums finishes from (src/sql/recommend.ts). */
export interface UpgradeSums {
  readonly customers: Array<{ customer_id: string; product_id: string; orders: number; typical_qty: number; qp: number; q: number }>;
  readonly quantities: Array<{ product_id: string; quantity: number; qp: number; q: number }>;
}

export interface LineSource {
  /** The lines' place, without a password (for messages). */
  readonly location: string;
  /** The day of the last order line, YYYY-MM-DD; null without lines. */
  lastOrderDay(): Promise<string | null>;
  lineCount(): Promise<number>;
  /** Does any line carry a discount. */
  hasDiscountedLines(): Promise<boolean>;
  /**
   * Brings `engine`'s customer_facts and customer_category_facts (one row per customer) up to date with the lines,
   * as of the last order day with growth windows of `windowDays`, and returns their state (as currentFacts does on a
   * DuckDB store). Runs inside the caller's transaction on `engine`.
   */
  currentFacts(engine: Engine, windowDays: number): Promise<FactsState>;
  /** The same as of `asOf` (a value run at an earlier day): the lines up to that day, one row per customer. */
  factsAt(engine: Engine, asOf: string, windowDays: number): Promise<FactsState>;
  /** One customer's net revenue per category as of `asOf`, largest first (sqlCategoryMix). */
  categoryMix(customerId: string, asOf: string): Promise<Array<{ category: string; revenue: number }>>;
  /** Customers with a sale line on a day after `day` (churn --learn's silence). */
  buyersAfter(day: string): Promise<string[]>;
  /** First and last order day of lines with a customer; nulls without any. */
  orderSpan(): Promise<{ firstDay: string | null; lastDay: string | null }>;
  /** The lifetime value models' input (sqlClvCustomers), ordered by customer. */
  clvCustomers(calibrationEnd: string, holdoutEnd: string): Promise<ClvLineRow[]>;
  /** Customers whose first purchase is after the calibration end (sqlClvLateStarters). */
  clvLateStarters(calibrationEnd: string, holdoutEnd: string): Promise<number>;
  /** The margin the products' costs imply on costed sale lines (sqlStoreMargin); null when no product has a cost. */
  storeMargin(): Promise<number | null>;
  /** The line part of the big-customer signals (sqlBigCustomerSignals) of `ids` as of `asOf`. */
  bigCustomerLines(ids: readonly string[], asOf: string): Promise<Array<Record<string, unknown>>>;
  /**
   * Each buyer's margin over the first 365 days from the first purchase (sqlChannelValue's `g`): net − cost of
   * goods, the uncosted net at `marginRate` (none when null). As of the last order day.
   */
  firstYearMargins(asOf: string, marginRate: number | null): Promise<Array<{ customer_id: string; margin: number }>>;
  /** Per customer, lines from `from` to `to`: sale orders, net and profit at `marginRate` (sqlOutcomesFromOrders's `r`). */
  windowOutcomes(from: string, to: string, marginRate: number | null): Promise<Array<{ customer_id: string; orders: number; net: number; profit: number }>>;
  /**
   * Customers with a sale line in the two windows of `windowDays` days ending on `asOf`, with 1 or 0 for each: in the
   * last window (`recent`), in the one before (`prior`) (sqlRetention's `per`).
   */
  retentionWindows(asOf: string, windowDays: number): Promise<Array<{ customer_id: string; recent: number; prior: number }>>;
  /**
   * Repeat purchase days of the calibration cohort by day offset from `cohortStart`, ordered by offset (sqlClvRepeatDays:
   * purchase days up to `holdoutEnd` after each customer's first, for customers whose first is by `calibrationEnd`).
   */
  clvRepeatDays(calibrationEnd: string, holdoutEnd: string, cohortStart: string): Promise<Array<{ offset_days: number; n: number }>>;
  /** Customers with lines other than subscription billing lines (sqlOtherOrderLineCustomers). */
  otherLineCustomers(): Promise<string[]>;
  /** Each customer's first sale day over all their lines, YYYY-MM-DD (sqlCareCustomers's first purchase). */
  firstSaleDays(): Promise<Array<{ customer_id: string; first_purchase: string }>>;
  /** Cross-sell's counts over the baskets of `scope` (of all customers; `customer` narrows baskets and pairs to theirs). */
  coPurchases(scope: BasketScope, minSupport: number, customer?: string): Promise<CoPurchaseCounts>;
  /** Volume upgrades' sums over the lines of `scope`; with `customer`, of the products that customer bought only. */
  upgradeSums(scope: BasketScope, customer?: string): Promise<UpgradeSums>;
  /** A time split's test set (sqlNewPurchasesAfter): products new to a customer on or after `split`. */
  newPurchasesAfter(split: string, exclude: readonly string[]): Promise<Array<{ customer_id: string; product_id: string }>>;
  /**
   * The popularity baseline (sqlPopular) learnt before `split`: each customer's first `top` of the `candidates` most
   * popular products not in their basket, in order.
   */
  popularNotOwned(split: string, exclude: readonly string[], top: number, candidates: number): Promise<Array<{ customer_id: string; product_id: string }>>;
  /** The subscription billing lines up to `asOf` (sqlRecurringRevenue's row). */
  recurringRevenueLines(asOf: string): Promise<{ lines: number; revenue: number; costed_margin: number; uncosted_revenue: number; customers: number }>;
  /** Lines with a customer, and how many of them are subscription billing lines (sqlBillingShare's row). */
  billingLines(): Promise<{ lines: number; billing: number }>;
}

const attached = new WeakMap<Engine, LineSource>();

/**
 * Ties a ClickHouse store's lines to its companion engine (done once, when the store opens), so every value run on
 * that engine, however deep the caller (segments, targets, referrals), reads the cluster's lines and never the
 * companion's empty table. `options.lines` given to a call wins.
 */
export function attachLines(engine: Engine, lines: LineSource): void {
  attached.set(engine, lines);
}

/** The lines tied to `engine` (a ClickHouse store's companion), or null: the engine's own order_lines. */
export function linesOf(engine: Engine): LineSource | null {
  return attached.get(engine) ?? null;
}

/**
 * Refuses `what` on a ClickHouse store's companion: work that reads order lines the LineSource does not give yet
 * would answer from the companion's empty order_lines. The CLI refuses such commands before opening the store;
 * this guards the same work reached another way (the server's routes).
 */
export function refuseOnCluster(engine: Engine, what: string): void {
  if (linesOf(engine)) {
    throw new StoreError(`${what} does not run on a ClickHouse store yet: it reads order lines one by one, and there they are on the cluster`, 'run it on a DuckDB store (--db FILE.duckdb); docs/clickhouse.md lists what runs on a ClickHouse store');
  }
}
