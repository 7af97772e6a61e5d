/**
 * sBG by cohort on the stored subscriptions (`clientele clv fit --model sbg --by …`, POST /api/clv/fit): each
 * cohort's α, β (Fader & Hardie 2007, src/clv/sbg.ts), its projected retention, and the discounted expected residual
 * lifetime (DERL, Fader & Hardie 2010) of each active subscription, which becomes the customer's lifetime value:
 *
 *   residual value = DERL(d | α, β, n) × margin per period,
 *
 * saved as clv_predictions (model `sbg`, fit = the cohort's fit, calibration end = the as-of day), so the value run
 * as of that day takes it as long-term value, exactly as it takes a purchase model's CLV. A customer's value is the
 * sum over their active subscriptions; a customer whose subscriptions all ended (and who has no other order lines)
 * is worth 0 from now on. The margin per period is the charge less the recurring cost when the subscription has one,
 * else the charge × `margin` (given), else × the store's margin-rate setting, else × 0.3 (assumed, and said).
 *
 * P(alive) of a subscriber is the probability that at least one of their subscriptions still runs a year ahead,
 * S(n + k)/S(n) with k the billing periods in a year: in the contractual setting everyone active today is alive,
 * so the year ahead is the figure the churn list can rank by.
 *
 * A cohort whose customers look alike in their chance of renewing drives α and β to infinity: the sBG then reduces
 * to the geometric model (one churn probability θ for all; `fitGeometric`), which is identified, and its DERL is
 * used, said so in every output. A cohort with another boundary or a singular Hessian gets no DERL: its customers
 * keep the value run's proxy.
 *
 * Cohorts: start month or year, plan, all, or a saved segment (`segment:NAME`: its members and the others).
 */
import { linesOf } from '../data/line-source.js';
import type { Engine } from '../engine/engine.js';
import { NotFoundError, UsageError } from '../errors.js';
import type { FitResult } from '../clv/fit.js';
import { fitGeometric, fitSbg, geometricDerl, geometricSurvival, sbgDerl, sbgSurvival, type GeometricFit, type SbgParams, type SbgRow } from '../clv/sbg.js';
import { sqlInsertClvPredictions } from '../sql/clv.js';
import { sqlDeleteSubscriberPredictions, sqlInsertSbgFit, sqlOtherOrderLineCustomers } from '../sql/subscriptions.js';
import { readSettings } from '../value/settings.js';
import { billingPeriod, lastPeriodStart, loadSubscriptions, type BillingPeriod, type Subscription } from './index.js';
import { isCalendarDay } from '../calendar-day.js';

export type CohortBy = 'all' | 'start-month' | 'start-year' | 'plan' | `segment:${string}`;

export const COHORTS = ['start-month', 'start-year', 'plan', 'all', 'segment:NAME'] as const;

/** Checks a --by value: one of the fixed cohorts, or segment:NAME with a name. */
export function parseCohortBy(v: string): CohortBy {
  if (v === 'all' || v === 'start-month' || v === 'start-year' || v === 'plan') return v;
  if (/^segment:.+/.test(v)) return v as CohortBy;
  throw new UsageError(`--by ${v}: use start-month, start-year, plan, all or segment:NAME (a saved segment)`);
}

/** The cohort of one subscription; `members` is the saved segment's customers for segment:NAME. */
export function cohortOf(s: Subscription, by: CohortBy, members: ReadonlySet<string> | null): string {
  if (by === 'all') return 'all';
  if (by === 'plan') return s.plan ?? '(no plan)';
  if (by === 'start-year') return s.startedAt.slice(0, 4);
  if (by === 'start-month') return s.startedAt.slice(0, 7);
  const name = by.slice('segment:'.length);
  return members?.has(s.customerId) ? name : `not ${name}`;
}

/** A subscription's completed periods and whether it ended, as the sBG reads it (see sbgRows). */
export function sbgRowOf(s: Subscription, asOf: string): SbgRow & { readonly paid: number } {
  const period = billingPeriod(s.billingPeriod);
  const ended = s.endedAt !== null && s.endedAt <= asOf;
  // Lost: T = the periods paid (starts before the end), at least 1. Active: renewals survived so far (S(t)).
  const periods = ended ? Math.max(1, lastPeriodStart(s.startedAt, s.endedAt as string, period, false) + 1) : lastPeriodStart(s.startedAt, asOf, period, true);
  return { periods, churned: ended, paid: ended ? periods : periods + 1 };
}

const PERIODS_PER_YEAR: Readonly<Record<BillingPeriod, number>> = { week: 52, month: 12, quarter: 4, year: 1 };
const ASSUMED_MARGIN = 0.3;

export interface SbgCohortFit {
  readonly cohort: string;
  readonly customers: number;
  readonly lost: number;
  /** The cohort's fit, saved as clv_fits `fitId`; periods are the subscriptions' billing period. */
  readonly fit: (FitResult<SbgParams> & { readonly fitId: number; readonly periods: BillingPeriod; readonly asOf: string }) | null;
  /** When α and β ran to infinity together: the geometric limit (one churn probability θ for all), used for DERL. */
  readonly geometric: GeometricFit | null;
  /** Why the cohort was not fitted (too few subscriptions). */
  readonly skipped: string | null;
  /** Projected share still active after t periods, S(t). */
  readonly survival: ReadonlyArray<{ readonly periods: number; readonly active: number }>;
  /** Active subscriptions: mean DERL (discounted expected further payments) and Σ DERL × recurring charge. */
  readonly active: number;
  readonly meanDerl: number | null;
  readonly residualRevenue: number | null;
  /** Σ DERL × margin per period over the active subscriptions: the cohort's residual value (lifetime value ahead). */
  readonly residualValue: number | null;
}

export interface SbgCohortResult {
  readonly asOf: string;
  readonly by: CohortBy;
  readonly discountRate: number;
  readonly cohorts: readonly SbgCohortFit[];
  /** Where the margin per period came from for subscriptions without a recurring cost. */
  readonly margin: { readonly rate: number; readonly source: 'given' | 'store' | 'assumed'; readonly costed: number };
  /** Customers whose lifetime value the value run now takes from sBG (clv_predictions, model sbg). */
  readonly predictions: { readonly customers: number; readonly active: number; readonly lost: number; readonly value: number };
}

/**
 * β (and maybe α) at the boundary towards infinity, along the ridge α/(α + β) = θ (the optimiser may stop anywhere
 * on it: a singular Hessian or the iteration limit is expected there), and nothing else wrong: the cohort looks
 * homogeneous. It is taken as such only when the cohort was seen at 3 tenures or more (with one, as in a cohort that
 * started on one day, nothing tells a constant churn from a changing one) and the geometric model fits as well
 * (within 2 log-likelihood units: a likelihood-ratio statistic below 4).
 */
function homogeneous(f: FitResult<SbgParams>, rows: readonly SbgRow[]): GeometricFit | null {
  const towardInfinity = new Set(f.diagnostics.flatMap((d) => (d.kind === 'boundary' && d.toward === 'infinity' ? [d.parameter] : [])));
  const other = f.diagnostics.some((d) => !(d.kind === 'singular-hessian' || d.kind === 'limit' || (d.kind === 'boundary' && d.toward === 'infinity')));
  if (!towardInfinity.has('beta') || other || !(f.params.alpha + f.params.beta > 1e3) || !rows.some((r) => r.churned)) return null;
  if (new Set(rows.map((r) => r.periods)).size < 3) return null;
  const g = fitGeometric(rows);
  return f.logLikelihood - g.logLikelihood < 2 ? g : null;
}

/**
 * Fits each cohort, saves the fits (clv_fits, model 'sbg', time unit = billing period) and the subscribers'
 * lifetime values (clv_predictions, model 'sbg'). Cohorts with fewer than 10 subscriptions are listed, not fitted.
 */
export async function fitSbgCohorts(
  engine: Engine,
  o: { by: CohortBy; asOf?: string; discountRate: number; margin?: number; members?: (segment: string) => Promise<ReadonlySet<string>> },
): Promise<SbgCohortResult> {
  if (!(o.discountRate > 0 && o.discountRate < 1)) throw new UsageError(`--discount-rate ${o.discountRate}: expected a rate per billing period above 0 and below 1`);
  if (o.margin !== undefined && !(o.margin >= 0 && o.margin <= 1)) throw new UsageError(`--margin ${o.margin}: expected a share between 0 and 1`);
  const subs = await loadSubscriptions(engine);
  if (subs.length === 0) throw new NotFoundError('the store has no subscriptions: sBG needs contracts with a start and an end (or still active)', 'import subscriptions FILE, or clientele subscriptions from-customers');
  if (o.asOf !== undefined && !isCalendarDay(o.asOf)) throw new UsageError(`--as-of ${o.asOf}: expected a date YYYY-MM-DD`);
  const asOf = o.asOf ?? subs.reduce((m, s) => [s.startedAt, s.endedAt ?? ''].reduce((a, b) => (b > a ? b : a), m), '');
  const periods = new Set(subs.map((s) => billingPeriod(s.billingPeriod)));
  if (periods.size > 1) throw new UsageError(`the subscriptions bill by ${[...periods].join(' and ')}: sBG needs one billing period`, 'keep one billing period per store, or bill them apart');
  const unit = [...periods][0];
  let members: ReadonlySet<string> | null = null;
  if (o.by.startsWith('segment:')) {
    if (!o.members) throw new UsageError(`--by ${o.by}: segments are not available here`);
    members = await o.members(o.by.slice('segment:'.length));
  }
  const stored = await readSettings(engine);
  const storeRate = typeof stored['margin-rate'] === 'number' ? stored['margin-rate'] : null;
  const margin = o.margin !== undefined ? { rate: o.margin, source: 'given' as const } : storeRate !== null ? { rate: storeRate, source: 'store' as const } : { rate: ASSUMED_MARGIN, source: 'assumed' as const };
  const marginOf = (s: Subscription) => (s.recurringCost !== null ? s.recurringCharge - s.recurringCost : s.recurringCharge * margin.rate);

  const groups = new Map<string, Subscription[]>();
  for (const s of subs) {
    if (s.startedAt > asOf) continue;
    const key = cohortOf(s, o.by, members);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const cohorts: SbgCohortFit[] = [];
  /** Per customer: Σ value, Σ DERL, Σ charge, P(all stop within a year), payments, periods, and the cohort fit. */
  const perCustomer = new Map<string, { value: number; derl: number; charge: number; allStop: number; paid: number; periods: number; active: number; fitId: number }>();
  const lostCustomers = new Map<string, number>();
  /** Customers with a subscription still running, in any cohort (fitted or not): never worth 0. */
  const running = new Set<string>();
  let lostOnlyCount = 0;
  await engine.transaction(async () => {
    for (const [cohort, list] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
      const rows = list.map((s) => sbgRowOf(s, asOf));
      const lost = rows.filter((r) => r.churned).length;
      const base = { cohort, customers: rows.length, lost, geometric: null };
      if (rows.length < 10) {
        for (let i = 0; i < rows.length; i++) if (!rows[i].churned) running.add(list[i].customerId);
        cohorts.push({ ...base, fit: null, skipped: 'fewer than 10 subscriptions', survival: [], active: rows.length - lost, meanDerl: null, residualRevenue: null, residualValue: null });
        continue;
      }
      const f = fitSbg(rows);
      const geometric = homogeneous(f, rows);
      const [{ id }] = await engine.query<{ id: number }>('SELECT COALESCE(max(fit_id), 0) + 1 AS id FROM clv_fits');
      const fitId = Number(id);
      await engine.run(sqlInsertSbgFit(engine.dialect), [
        fitId,
        JSON.stringify({ ...f.params, cohort, by: o.by, ...(geometric ? { geometricTheta: geometric.theta } : {}) }),
        JSON.stringify(f.standardErrors),
        f.logLikelihood,
        f.customers,
        f.rows,
        unit,
        asOf,
        f.fitMs,
        JSON.stringify(f.diagnostics),
      ]);
      const usable = f.diagnostics.length === 0 || geometric !== null;
      const survival = (t: number) => (geometric ? geometricSurvival(geometric.theta, t) : sbgSurvival(f.params, t));
      const active = list.map((s, i) => ({ s, row: rows[i] })).filter((x) => !x.row.churned);
      for (const { s } of active) running.add(s.customerId);
      // n = payments made so far (periods survived + the current one): DERL counts the payments after them.
      const derls = usable ? active.map(({ s, row }) => ({ s, row, d: geometric ? geometricDerl(geometric.theta, o.discountRate) : sbgDerl(f.params, row.periods + 1, o.discountRate) })) : [];
      if (usable) {
        const k = PERIODS_PER_YEAR[unit];
        for (const { s, row, d } of derls) {
          const stay = survival(row.periods + k) / survival(row.periods);
          const c = perCustomer.get(s.customerId) ?? { value: 0, derl: 0, charge: 0, allStop: 1, paid: 0, periods: 0, active: 0, fitId };
          c.value += d * marginOf(s);
          c.derl += d;
          c.charge += s.recurringCharge;
          c.allStop *= 1 - stay;
          c.paid += row.paid;
          c.periods = Math.max(c.periods, row.paid);
          c.active += 1;
          perCustomer.set(s.customerId, c);
        }
        for (let i = 0; i < list.length; i++) if (rows[i].churned) lostCustomers.set(list[i].customerId, fitId);
      }
      cohorts.push({
        ...base,
        geometric,
        fit: { ...f, fitId, periods: unit, asOf },
        skipped: null,
        survival: [1, 2, 3, 6, 12, 24, 36].map((t) => ({ periods: t, active: survival(t) })),
        active: active.length,
        // No DERL from an unidentified fit (it would be a number the data do not support).
        meanDerl: usable && derls.length ? derls.reduce((a, x) => a + x.d, 0) / derls.length : null,
        residualRevenue: usable ? derls.reduce((a, x) => a + x.d * x.s.recurringCharge, 0) : null,
        residualValue: usable ? derls.reduce((a, x) => a + x.d * marginOf(x.s), 0) : null,
      });
    }
    // Lifetime value of the subscribers, for the value run as of `asOf`: active ones from DERL; those whose
    // subscriptions all ended, and who bought nothing else, are worth nothing ahead.
    // On a ClickHouse store the order lines are the cluster's.
    const lines = linesOf(engine);
    const others = new Set(lines ? await lines.otherLineCustomers() : (await engine.query<{ customer_id: string }>(sqlOtherOrderLineCustomers())).map((r) => r.customer_id));
    const lostOnly = [...lostCustomers].filter(([id]) => !perCustomer.has(id) && !running.has(id) && !others.has(id));
    lostOnlyCount = lostOnly.length;
    await engine.run(sqlDeleteSubscriberPredictions());
    const byFit = new Map<number, Array<Record<string, number | string>>>();
    for (const [customerId, c] of perCustomer) {
      const list = byFit.get(c.fitId) ?? [];
      list.push({ customer_id: customerId, x: c.paid, t_x: c.paid, t: c.periods, p_alive: 1 - c.allStop, expected_purchases: c.derl, expected_spend: c.charge / c.active, clv: c.value });
      byFit.set(c.fitId, list);
    }
    for (const [customerId, fitId] of lostOnly) {
      const list = byFit.get(fitId) ?? [];
      list.push({ customer_id: customerId, x: 0, t_x: 0, t: 0, p_alive: 0, expected_purchases: 0, expected_spend: 0, clv: 0 });
      byFit.set(fitId, list);
    }
    for (const [fitId, rows] of byFit) {
      for (let i = 0; i < rows.length; i += 20_000) {
        // horizon 0: DERL has none (every future period, discounted).
        await engine.run(sqlInsertClvPredictions(engine.dialect), [JSON.stringify(rows.slice(i, i + 20_000)), fitId, 'sbg', 0, unit, o.discountRate, margin.rate]);
      }
    }
  });
  const value = [...perCustomer.values()].reduce((a, c) => a + c.value, 0);
  return {
    asOf,
    by: o.by,
    discountRate: o.discountRate,
    cohorts,
    margin: { ...margin, costed: subs.filter((s) => s.recurringCost !== null).length },
    predictions: { customers: perCustomer.size + lostOnlyCount, active: perCustomer.size, lost: lostOnlyCount, value },
  };
}
