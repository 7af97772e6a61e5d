/**
 * Contracts and subscriptions: the contractual setting (issue #15). A subscription has a customer, a plan, a start,
 * an end (or none while active), a billing period and a recurring charge (and optionally a cost and services).
 *
 * - `billSubscriptions` turns every subscription into billing lines in order_lines (one sale of the plan per billing
 *   period, from the start while the subscription runs, up to the as-of day), so recurring revenue — and margin,
 *   through the plans' costs — feeds value, the whale curve, matrices, segments, portraits and the report exactly
 *   as order lines do. A business may have both: billing lines are told apart by their order id (`sub:…`) and
 *   category `subscription`, and re-billing replaces only them.
 * - `subscriptionsFromCustomers` maps a customers file that carries tenure and charges (a telecom's customerID,
 *   tenure, Contract, MonthlyCharges, Churn, services) into subscriptions: start = as-of − tenure periods; a churned
 *   customer ended on the as-of day (after `tenure` paid periods), an active one is still running.
 * - `sbgRows` gives the sBG model (src/clv/sbg.ts) each subscription's completed periods and whether it ended, by
 *   cohort (start month or year, plan, or all).
 */
import { linesOf } from '../data/line-source.js';
import type { Engine } from '../engine/engine.js';
import { NotFoundError, UsageError } from '../errors.js';
import { refreshFacts } from '../data/facts.js';
import { keyOf } from '../act/lead-rows.js';
import {
  BILLING_PREFIX,
  sqlDeleteBillingLines,
  sqlDeleteSubscriptions,
  sqlInsertBillingLines,
  sqlInsertPlanProducts,
  sqlInsertSubscriptions,
  sqlBillingShare,
  sqlCountSubscriptions,
  sqlRecurringRevenue,
  sqlSubscriptions,
} from '../sql/subscriptions.js';
import type { SbgRow } from '../clv/sbg.js';
import { isCalendarDay } from '../calendar-day.js';

export type BillingPeriod = 'week' | 'month' | 'quarter' | 'year';

const PERIOD_WORDS: Readonly<Record<BillingPeriod, readonly string[]>> = {
  week: ['week', 'weekly', 'w', '周', '每周'],
  month: ['month', 'monthly', 'm', 'mo', 'month-to-month', '月', '每月', '月付'],
  quarter: ['quarter', 'quarterly', 'q', '季', '季度', '每季'],
  year: ['year', 'yearly', 'annual', 'annually', 'y', 'yr', '年', '每年', '年付'],
};

/** A billing period from the file's words; NULL or empty is a month (the common case), anything else an error. */
export function billingPeriod(v: string | null | undefined): BillingPeriod {
  if (v === null || v === undefined || v.trim() === '') return 'month';
  const k = v.trim().toLowerCase();
  for (const [p, words] of Object.entries(PERIOD_WORDS)) if (words.includes(k)) return p as BillingPeriod;
  throw new UsageError(`billing period "${v.slice(0, 40)}": use week, month, quarter or year`);
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parse = (day: string) => Date.parse(`${day.slice(0, 10)}T00:00:00Z`);

/** The day k billing periods after `start`; months clamp to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addPeriods(start: string, period: BillingPeriod, k: number): string {
  if (period === 'week') return iso(parse(start) + 7 * k * DAY);
  const months = k * (period === 'month' ? 1 : period === 'quarter' ? 3 : 12);
  const [y, m, d] = start.slice(0, 10).split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12;
  const last = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  return iso(Date.UTC(ny, nm, Math.min(d, last)));
}

/** The largest k ≥ 0 with addPeriods(start, k) ≤ end (`inclusive`) or < end; −1 when even k = 0 does not qualify. */
export function lastPeriodStart(start: string, end: string, period: BillingPeriod, inclusive: boolean): number {
  const ok = (k: number) => (inclusive ? addPeriods(start, period, k) <= end : addPeriods(start, period, k) < end);
  if (!ok(0)) return -1;
  const days = period === 'week' ? 7 : period === 'month' ? 30.4375 : period === 'quarter' ? 91.3125 : 365.25;
  let k = Math.max(0, Math.floor((parse(end) - parse(start)) / (days * DAY)) - 2);
  while (!ok(k) && k > 0) k--;
  while (ok(k + 1)) k++;
  return k;
}

export interface Subscription {
  readonly subscriptionId: string;
  readonly customerId: string;
  readonly plan: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly active: boolean | null;
  readonly billingPeriod: string | null;
  readonly recurringCharge: number;
  readonly recurringCost: number | null;
  readonly services?: string | null;
}

export interface BillingLine {
  readonly order_id: string;
  readonly customer_id: string;
  readonly ordered_at: string;
  readonly product_id: string;
  readonly product_name: string;
  readonly amount: number;
  readonly line_no: number;
}

/** The product a billing line sells: the plan, one per recurring cost when costs are known (`Gold @ 12`). */
export function planProduct(s: Pick<Subscription, 'plan' | 'recurringCost'>): string {
  const plan = s.plan ?? 'subscription';
  return s.recurringCost === null ? plan : `${plan} @ ${s.recurringCost}`;
}

/**
 * Billing lines of one subscription up to `asOf`: one per period start, from the start, before the end (a
 * subscription ended on day e paid for the periods that began before e) and on or before the as-of day. A
 * subscription marked inactive without an end date paid its first period only (its end is unknown; counted).
 */
export function billingLines(s: Subscription, asOf: string): BillingLine[] {
  const period = billingPeriod(s.billingPeriod);
  const out: BillingLine[] = [];
  const inactiveNoEnd = s.active === false && s.endedAt === null;
  for (let k = 0; ; k++) {
    const day = addPeriods(s.startedAt, period, k);
    if (day > asOf || (s.endedAt !== null && day >= s.endedAt && k > 0) || (inactiveNoEnd && k > 0)) break;
    out.push({ order_id: `${BILLING_PREFIX}${s.subscriptionId}:${k + 1}`, customer_id: s.customerId, ordered_at: `${day} 00:00:00`, product_id: planProduct(s), product_name: s.plan ?? 'subscription', amount: s.recurringCharge, line_no: k + 1 });
    if (k > 100_000) throw new UsageError(`subscription ${s.subscriptionId}: more than 100,000 billing periods; check its start date and billing period`);
  }
  return out;
}

interface SubscriptionSql {
  subscription_id: string;
  customer_id: string;
  plan: string | null;
  started_at: string;
  ended_at: string | null;
  active: boolean | null;
  billing_period: string | null;
  recurring_charge: number;
  recurring_cost: number | null;
  signup_date: string | null;
}

export async function loadSubscriptions(engine: Engine): Promise<Subscription[]> {
  const rows = await engine.query<SubscriptionSql>(sqlSubscriptions(engine.dialect));
  return rows.map((r) => ({
    subscriptionId: r.subscription_id,
    customerId: r.customer_id,
    plan: r.plan,
    startedAt: r.started_at.slice(0, 10),
    endedAt: r.ended_at ? r.ended_at.slice(0, 10) : null,
    active: r.active,
    billingPeriod: r.billing_period,
    recurringCharge: Number(r.recurring_charge),
    recurringCost: r.recurring_cost === null ? null : Number(r.recurring_cost),
  }));
}

export interface BillingReport {
  readonly asOf: string;
  readonly subscriptions: number;
  readonly active: number;
  readonly ended: number;
  readonly lines: number;
  readonly recurringRevenue: number;
  /** Revenue of the billing lines less the plans' recurring costs, when every subscription has a cost; else null. */
  readonly recurringMargin: number | null;
  /** Inactive without an end date: billed for their first period only. */
  readonly inactiveWithoutEnd: number;
}

/**
 * Replaces the billing lines with those of every subscription up to `asOf` (default today, UTC), then refreshes the
 * customer facts (`refreshFacts` false: the caller does, as a ClickHouse store does once the lines are on the cluster).
 */
export async function billSubscriptions(engine: Engine, o: { asOf?: string; refreshFacts?: boolean } = {}): Promise<BillingReport> {
  const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
  if (!isCalendarDay(asOf)) throw new UsageError(`--as-of ${asOf}: expected a date YYYY-MM-DD`);
  const subs = await loadSubscriptions(engine);
  if (subs.length === 0) throw new NotFoundError('the store has no subscriptions', 'import subscriptions FILE, or clientele subscriptions from-customers');
  const [{ id }] = await engine.query<{ id: number }>('SELECT max(import_id) AS id FROM subscriptions');
  let lines = 0;
  let revenue = 0;
  let cost = 0;
  let costed = true;
  await engine.transaction(async () => {
    await engine.run(sqlDeleteBillingLines());
    let batch: BillingLine[] = [];
    const flush = async () => {
      if (batch.length) await engine.run(sqlInsertBillingLines(engine.dialect), [JSON.stringify(batch), id]);
      batch = [];
    };
    for (const s of subs) {
      const ls = billingLines(s, asOf);
      lines += ls.length;
      revenue += ls.length * s.recurringCharge;
      if (s.recurringCost === null) costed = false;
      else cost += ls.length * s.recurringCost;
      batch.push(...ls);
      if (batch.length >= 20_000) await flush();
    }
    await flush();
    const products = new Map(subs.map((s) => [planProduct(s), { product_id: planProduct(s), name: s.plan ?? 'subscription', unit_cost: s.recurringCost }]));
    await engine.run(sqlInsertPlanProducts(engine.dialect), [JSON.stringify([...products.values()]), id]);
  });
  if (o.refreshFacts !== false) await refreshFacts(engine, []);
  return {
    asOf,
    subscriptions: subs.length,
    active: subs.filter((s) => s.endedAt === null && s.active !== false).length,
    ended: subs.filter((s) => s.endedAt !== null).length,
    lines,
    recurringRevenue: revenue,
    recurringMargin: costed ? revenue - cost : null,
    inactiveWithoutEnd: subs.filter((s) => s.active === false && s.endedAt === null).length,
  };
}

/** Which columns of a customers file carry the subscription; defaults are the telecom file's names. */
export interface CustomersMapping {
  readonly tenure: string;
  readonly charge: string;
  readonly churn: string | null;
  readonly plan: string | null;
  readonly cost: string | null;
  readonly services: readonly string[];
  readonly period: BillingPeriod;
}

export const TELCO_MAPPING: CustomersMapping = {
  tenure: 'tenure',
  charge: 'MonthlyCharges',
  churn: 'Churn',
  plan: 'Contract',
  cost: null,
  services: ['PhoneService', 'MultipleLines', 'InternetService', 'OnlineSecurity', 'OnlineBackup', 'DeviceProtection', 'TechSupport', 'StreamingTV', 'StreamingMovies'],
  period: 'month',
};

const YES = new Set(['yes', 'y', 'true', '1', '是', 'churned']);

/**
 * A figure as exports write it: currency signs and codes ($92.18, ¥1,234.50, 92.18 元), thousands separators, a
 * decimal comma (92,18; 1.234,50), accounting's (12.50). NaN when it is none. The importer reads numbers the same way
 * in SQL (src/sql/duckdb/dialect.ts sqlParseNumber); attributes are kept as the file wrote them, so they are read here.
 */
export function readAmount(raw: string | undefined): number {
  if (raw === undefined) return Number.NaN;
  let s = raw.trim().replace(/[\s\u00a0\u3000']/g, '');
  let sign = 1;
  if (/^\(.*\)$/.test(s)) (sign = -1), (s = s.slice(1, -1));
  s = s.replace(/^(?:[£$€¥￥]|RMB|CNY|USD|EUR|GBP)+/i, '').replace(/(?:[£$€¥￥]|元|RMB|CNY|USD|EUR|GBP)$/i, '');
  if (s.startsWith('-')) (sign = -sign), (s = s.slice(1));
  s = s.replace(/^[£$€¥￥]/, '');
  if (s.includes('.') && s.includes(',')) s = s.lastIndexOf(',') > s.lastIndexOf('.') ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  else if (s.includes(',')) s = /^\d{1,3}(,\d{3})+$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.');
  return /^\d+(\.\d+)?$/.test(s) ? sign * Number(s) : Number.NaN;
}

/**
 * Subscriptions from customers' values (fields and attributes by lower-case key): one per customer with a tenure and a
 * charge. start = as-of − tenure periods; churned: ended `tenure` periods after the start (on or just before the
 * as-of day); else active, and billed in advance: the period that begins on the as-of day is billed too (tenure + 1
 * periods, as the sBG cohorts count them; README: subscriptions).
 * Customers without a usable tenure or charge are counted and left out.
 */
export function subscriptionsFromCustomers(
  customers: ReadonlyArray<{ readonly id: string; readonly values: Readonly<Record<string, string>> }>,
  map: CustomersMapping,
  asOf: string,
): { subscriptions: Subscription[]; skipped: number } {
  const k = (c: string) => keyOf(c);
  const subscriptions: Subscription[] = [];
  let skipped = 0;
  for (const c of customers) {
    const tenure = readAmount(c.values[k(map.tenure)]);
    const charge = readAmount(c.values[k(map.charge)]);
    if (!(Number.isInteger(tenure) && tenure >= 0 && Number.isFinite(charge) && charge >= 0 && c.values[k(map.charge)] !== undefined)) {
      skipped++;
      continue;
    }
    const churned = map.churn !== null && YES.has((c.values[k(map.churn)] ?? '').trim().toLowerCase());
    if (churned && tenure === 0) {
      skipped++;
      continue;
    }
    const cost = map.cost !== null ? readAmount(c.values[k(map.cost)]) : Number.NaN;
    const services = map.services.map((s) => [s, c.values[k(s)]] as const).filter(([, v]) => v !== undefined && !/^(no|no internet service|no phone service|否|0)$/i.test(v));
    const startedAt = addPeriods(asOf, map.period, -tenure);
    subscriptions.push({
      subscriptionId: c.id,
      customerId: c.id,
      plan: map.plan !== null ? (c.values[k(map.plan)] ?? null) : null,
      startedAt,
      // The end of the last paid period: the as-of day, or a day or two before it when a month end was clamped.
      endedAt: churned ? addPeriods(startedAt, map.period, tenure) : null,
      active: !churned,
      billingPeriod: map.period,
      recurringCharge: charge,
      recurringCost: Number.isFinite(cost) ? cost : null,
      services: services.map(([s, v]) => (/^yes$/i.test(v) ? s : `${s}: ${v}`)).join('; ') || null,
    });
  }
  return { subscriptions, skipped };
}

/** Reads the customers, derives their subscriptions (recorded as an import of 'subscriptions'), and bills them. */
export async function subscriptionsFromStoreCustomers(engine: Engine, map: CustomersMapping, asOf: string, o: { refreshFacts?: boolean } = {}): Promise<BillingReport & { readonly created: number; readonly skipped: number }> {
  const rows = await engine.query<{ customer_id: string; attributes: string | null }>(`SELECT customer_id, CAST(attributes AS ${engine.dialect.type('text')}) AS attributes FROM customers ORDER BY customer_id`);
  const customers = rows.map((r) => {
    const values: Record<string, string> = {};
    if (r.attributes) for (const [key, v] of Object.entries(JSON.parse(r.attributes) as Record<string, unknown>)) if (v !== null && v !== '') values[keyOf(key)] = String(v);
    return { id: r.customer_id, values };
  });
  const { subscriptions, skipped } = subscriptionsFromCustomers(customers, map, asOf);
  if (subscriptions.length === 0) {
    // Say which value stopped them when the columns are there (a charge written "$92.18" was read as no charge).
    for (const [column, whole] of [[map.tenure, true], [map.charge, false]] as const) {
      const bad = customers.map((c) => c.values[keyOf(column)]).find((v) => v !== undefined && !(whole ? Number.isInteger(readAmount(v)) && readAmount(v) >= 0 : readAmount(v) >= 0));
      if (bad !== undefined) throw new NotFoundError(`"${column}" holds "${bad.slice(0, 40)}", which is not ${whole ? 'a whole number of periods' : 'an amount'}`, `check the column given as ${whole ? '--tenure' : '--charge'}, or name another`);
    }
    throw new NotFoundError(`no customer has a whole-number "${map.tenure}" and a "${map.charge}"`, 'name the columns: --tenure COLUMN --charge COLUMN');
  }
  await engine.transaction(async () => {
    const [{ id }] = await engine.query<{ id: number }>('SELECT COALESCE(max(import_id), 0) + 1 AS id FROM imports');
    await engine.run(
      `INSERT INTO imports (import_id, entity, file, sha256, bytes, format, details, rows_read, imported, updated, quarantined, status, started_at, finished_at)
       VALUES ($1, 'subscriptions', $2, '', 0, 'customers', $3, $4, $5, 0, $6, 'done', ${engine.dialect.sqlNow}, ${engine.dialect.sqlNow})`,
      [id, 'customers (tenure and charges)', JSON.stringify({ mapping: map, asOf }), rows.length, subscriptions.length, skipped],
    );
    for (let i = 0; i < subscriptions.length; i += 20_000) {
      const chunk = subscriptions.slice(i, i + 20_000);
      await engine.run(sqlDeleteSubscriptions(engine.dialect), [JSON.stringify(chunk.map((s) => ({ id: s.subscriptionId })))]);
      const json = chunk.map((s) => ({ subscription_id: s.subscriptionId, customer_id: s.customerId, plan: s.plan, started_at: s.startedAt, ended_at: s.endedAt, active: s.active, billing_period: s.billingPeriod, recurring_charge: s.recurringCharge, recurring_cost: s.recurringCost, services: s.services ?? null }));
      await engine.run(sqlInsertSubscriptions(engine.dialect), [JSON.stringify(json), id]);
    }
  });
  const billed = await billSubscriptions(engine, { asOf, ...o });
  return { ...billed, created: subscriptions.length, skipped };
}

export type CohortBy = 'all' | 'start-month' | 'start-year' | 'plan';

/**
 * sBG rows by cohort: each subscription's completed billing periods up to its end (lost) or the as-of day (still
 * active: alive after t periods contributes S(t); lost after paying t periods, P(T = t)). Periods are the
 * subscription's own billing periods.
 */
export function sbgRows(subs: readonly Subscription[], asOf: string, by: CohortBy): Map<string, SbgRow[]> {
  const out = new Map<string, SbgRow[]>();
  for (const s of subs) {
    if (s.startedAt > asOf) continue;
    const period = billingPeriod(s.billingPeriod);
    const ended = s.endedAt !== null && s.endedAt <= asOf;
    // Lost: T = the periods paid (starts before the end), at least 1. Active: renewals survived so far (S(t)).
    const periods = ended ? Math.max(1, lastPeriodStart(s.startedAt, s.endedAt as string, period, false) + 1) : lastPeriodStart(s.startedAt, asOf, period, true);
    const key = by === 'all' ? 'all' : by === 'plan' ? (s.plan ?? '(no plan)') : by === 'start-year' ? s.startedAt.slice(0, 4) : s.startedAt.slice(0, 7);
    const list = out.get(key) ?? [];
    list.push({ periods, churned: ended });
    out.set(key, list);
  }
  return out;
}

export interface RecurringRevenue {
  readonly asOf: string;
  readonly customers: number;
  readonly lines: number;
  /** Revenue of the billing lines up to the as-of day. */
  readonly revenue: number;
  /** Revenue less the plans' recurring costs, with `marginRate` × the revenue of plans without a cost; null when neither is known. */
  readonly margin: number | null;
  /** Where the margin came from: every plan's recurring cost, the margin rate for some or all, or nothing. */
  readonly marginFrom: 'recurring costs' | 'margin rate' | 'recurring costs and margin rate' | 'unknown';
}

/** Recurring revenue and margin in the store as of a day, for `value` to show beside the portfolio; null without billing lines. */
export async function recurringRevenue(engine: Engine, asOf: string, marginRate: number | null): Promise<RecurringRevenue | null> {
  // Without subscriptions there are no billing lines: no scan of the order lines (value on 10M lines stays lean).
  const [{ n }] = await engine.query<{ n: number }>(sqlCountSubscriptions());
  if (Number(n) === 0) return null;
  // On a ClickHouse store the billing lines are on the cluster (`subscriptions bill` sends them there), summed per shard.
  const source = linesOf(engine);
  const [r] = source
    ? [await source.recurringRevenueLines(asOf)]
    : await engine.query<{ lines: number; revenue: number; costed_margin: number; uncosted_revenue: number; customers: number }>(sqlRecurringRevenue(engine.dialect), [asOf]);
  const lines = Number(r.lines);
  if (lines === 0) return null;
  const revenue = Number(r.revenue);
  const uncosted = Number(r.uncosted_revenue);
  const costedMargin = Number(r.costed_margin);
  const costed = uncosted !== revenue;
  const margin = uncosted === 0 ? costedMargin : marginRate !== null ? costedMargin + marginRate * uncosted : null;
  const marginFrom = margin === null ? 'unknown' : !costed ? 'margin rate' : uncosted === 0 ? 'recurring costs' : 'recurring costs and margin rate';
  return { asOf, customers: Number(r.customers), lines, revenue, margin, marginFrom };
}

/** The share of the customers' order lines that are subscription billing lines (0 without order lines). */
export async function billingShare(engine: Engine): Promise<number> {
  const [{ n }] = await engine.query<{ n: number }>(sqlCountSubscriptions());
  if (Number(n) === 0) return 0;
  const source = linesOf(engine);
  const [r] = source ? [await source.billingLines()] : await engine.query<{ lines: number; billing: number }>(sqlBillingShare());
  return Number(r.lines) ? Number(r.billing) / Number(r.lines) : 0;
}
