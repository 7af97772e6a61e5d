/**
 * Campaigns with a holdout, in the store: create one from any list of customers (a segment, or the CSV any action
 * command writes with --out), record the treated and control groups, take responses from later order lines or an
 * imported file, and measure the lift. Measured lift per segment feeds budget allocation (measuredCurves).
 */
import { linesOf } from '../data/line-source.js';
import type { Engine } from '../engine/engine.js';

import { NotFoundError, UsageError } from '../errors.js';
import {
  sqlCampaigns, sqlDeleteResponses, sqlInsertCampaign, sqlInsertMembers, sqlInsertResponses, sqlLastOrderDay, sqlNextCampaignId, sqlOutcomesFromOrders,
  sqlOutcomesFromResponses, sqlResolveMembers, sqlSegmentIds, sqlTreated,
} from '../sql/campaign.js';
import { assignHoldout } from './holdout.js';
import { measure, type Measurement, type Outcome } from './measure.js';
import { isCalendarDay } from '../calendar-day.js';

export interface CampaignSpec {
  readonly name: string;
  /** Where the list came from, for the record: 'segment:NAME' or 'file:NAME'. */
  readonly source: string;
  readonly customerIds: readonly string[];
  /** Share held out as control, in (0, 1). */
  readonly holdout: number;
  readonly seed: number;
  /** The day the campaign goes out (YYYY-MM-DD); default the last day with order lines. */
  readonly sentAt?: string;
  /** Days after the send in which an order counts as a response. */
  readonly windowDays: number;
  readonly costPerContact: number;
}

export interface Campaign {
  readonly id: number;
  readonly name: string;
  readonly source: string;
  readonly holdout: number;
  readonly seed: number;
  readonly sentAt: string;
  readonly windowDays: number;
  readonly costPerContact: number;
  readonly createdAt: string;
  readonly treated: number;
  readonly control: number;
  readonly importedResponses: number;
}


/** Ids of the members of an RFM segment or saved segment. */
export async function segmentIds(engine: Engine, name: string): Promise<string[]> {
  const rows = await engine.query<{ customer_id: string }>(sqlSegmentIds(), [name]);
  if (!rows.length) throw new NotFoundError(`no RFM segment or saved segment "${name}" with members`, 'clientele segment list; clientele value');
  return rows.map((r) => r.customer_id);
}

export async function createCampaign(engine: Engine, spec: CampaignSpec): Promise<Campaign> {
  if (!spec.name.trim() || spec.name.length > 200) throw new UsageError('a campaign needs a name of at most 200 characters');
  if (!(spec.holdout > 0 && spec.holdout < 1)) throw new UsageError(`--holdout ${spec.holdout}: expected a share between 0% and 100%, e.g. 10%`);
  if (!(Number.isInteger(spec.windowDays) && spec.windowDays >= 1 && spec.windowDays <= 3650)) throw new UsageError(`--window ${spec.windowDays}: expected 1 to 3650 days`);
  if (!(spec.costPerContact >= 0 && Number.isFinite(spec.costPerContact))) throw new UsageError(`--cost ${spec.costPerContact}: expected an amount of at least 0`);
  const ids = [...new Set(spec.customerIds.map((s) => s.trim()).filter(Boolean))];
  if (ids.length < 2) throw new UsageError(`a campaign needs at least 2 customers (got ${ids.length})`);
  const resolved = await engine.query<{ customer_id: string; known: boolean; segment: string | null }>(sqlResolveMembers(engine.dialect), [JSON.stringify(ids.map((id) => ({ id })))]);
  const unknown = resolved.filter((r) => !r.known);
  if (unknown.length) throw new UsageError(`${unknown.length} of ${ids.length} customer ids are not in the store (first: ${unknown[0].customer_id})`, 'the list must hold customer ids of this store (a customer_id column)');
  // A day past its month's end (2024-02-30) parses as the next month's: only a date that reads back the same is one.
  if (spec.sentAt !== undefined && !isCalendarDay(spec.sentAt)) throw new UsageError(`--sent-at ${spec.sentAt}: expected a date YYYY-MM-DD`);
  const lines = linesOf(engine);
  const sentAt = spec.sentAt ?? (lines ? await lines.lastOrderDay() : (await engine.query<{ day: string | null }>(sqlLastOrderDay(engine.dialect)))[0]?.day);
  if (!sentAt || !isCalendarDay(sentAt)) throw new UsageError(`--sent-at ${sentAt ?? ''}: expected a date YYYY-MM-DD`, 'there are no order lines to take the default from');
  const assigned = assignHoldout(resolved.map((r) => ({ customerId: r.customer_id, stratum: r.segment ?? 'all' })), spec.holdout, spec.seed);
  const id = await engine.transaction(async () => {
    const [{ id }] = await engine.query<{ id: number }>(sqlNextCampaignId());
    await engine.run(sqlInsertCampaign(engine.dialect), [Number(id), spec.name.trim(), spec.source, spec.holdout, spec.seed, sentAt, spec.windowDays, spec.costPerContact]);
    await engine.run(sqlInsertMembers(engine.dialect), [JSON.stringify(assigned.map((a) => ({ customer_id: a.customerId, stratum: a.stratum, treated: a.treated }))), Number(id)]);
    return Number(id);
  });
  return getCampaign(engine, id);
}

function toCampaign(r: Record<string, unknown>): Campaign {
  return {
    id: Number(r.campaign_id), name: String(r.name), source: String(r.source), holdout: Number(r.holdout), seed: Number(r.seed), sentAt: String(r.sent_at), windowDays: Number(r.window_days),
    costPerContact: Number(r.cost_per_contact), createdAt: String(r.created_at), treated: Number(r.treated), control: Number(r.control), importedResponses: Number(r.imported_responses),
  };
}

export async function listCampaigns(engine: Engine): Promise<Campaign[]> {
  return (await engine.query<Record<string, unknown>>(sqlCampaigns(), [null])).map(toCampaign);
}

export async function getCampaign(engine: Engine, id: number): Promise<Campaign> {
  const [row] = await engine.query<Record<string, unknown>>(sqlCampaigns(), [id]);
  if (!row) throw new NotFoundError(`no campaign ${id}`, 'clientele campaign list');
  return toCampaign(row);
}

/** The treated customers: the list to contact. */
export async function treatedList(engine: Engine, id: number): Promise<Array<{ customerId: string; segment: string }>> {
  await getCampaign(engine, id);
  return (await engine.query<{ customer_id: string; stratum: string }>(sqlTreated(), [id])).map((r) => ({ customerId: r.customer_id, segment: r.stratum }));
}

export interface ResponseRow {
  readonly customerId: string;
  readonly respondedAt: string | null;
  readonly revenue: number | null;
  readonly profit: number | null;
}

/** Replaces the campaign's imported responses; from then on they, not order lines, are its outcomes. */
export async function importResponses(engine: Engine, id: number, rows: readonly ResponseRow[]): Promise<number> {
  await getCampaign(engine, id);
  await engine.transaction(async () => {
    await engine.run(sqlDeleteResponses(), [id]);
    if (rows.length) await engine.run(sqlInsertResponses(engine.dialect), [JSON.stringify(rows.map((r) => ({ customer_id: r.customerId, responded_at: r.respondedAt, revenue: r.revenue, profit: r.profit }))), id]);
  });
  return rows.length;
}

export interface CampaignResult {
  readonly campaign: Campaign;
  /** Where the outcomes came from: order lines in the window after the send, or the imported responses. */
  readonly responses: 'orders' | 'file';
  readonly window: { readonly from: string; readonly to: string };
  /** False while the store's order lines end before the window does: responses may still come. */
  readonly windowComplete: boolean;
  readonly overall: Measurement;
  readonly bySegment: ReadonlyArray<Measurement & { readonly segment: string }>;
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export async function measureCampaign(engine: Engine, id: number, marginRate: number | null = null): Promise<CampaignResult> {
  const campaign = await getCampaign(engine, id);
  const from = addDays(campaign.sentAt, 1);
  const to = addDays(campaign.sentAt, campaign.windowDays);
  const responses = campaign.importedResponses > 0 ? 'file' : 'orders';
  // On a ClickHouse store the window's lines are summed on the cluster, into a temporary table here.
  // As a JSON parameter ($5), not a temporary table: a read view (the server's) cannot write.
  const lines = linesOf(engine);
  const window = lines && responses === 'orders' ? JSON.stringify(await lines.windowOutcomes(from, to, marginRate)) : null;
  const fromCluster = `(SELECT * FROM ${engine.dialect.sqlJsonRows('$5', [['customer_id', 'text'], ['orders', 'bigint'], ['net', 'double'], ['profit', 'double']])} w)`;
  const rows = responses === 'file'
    ? await engine.query<Record<string, unknown>>(sqlOutcomesFromResponses(), [id])
    : window !== null
      ? await engine.query<Record<string, unknown>>(sqlOutcomesFromOrders(engine.dialect, fromCluster), [id, from, to, marginRate, window])
      : await engine.query<Record<string, unknown>>(sqlOutcomesFromOrders(engine.dialect), [id, from, to, marginRate]);
  const outcomes: Outcome[] = rows.map((r) => ({ customerId: String(r.customer_id), stratum: String(r.stratum), treated: Boolean(r.treated), responded: Boolean(r.responded), revenue: Number(r.revenue), profit: Number(r.profit) }));
  const strata = [...new Set(outcomes.map((o) => o.stratum))].sort();
  const last = lines ? await lines.lastOrderDay() : ((await engine.query<{ day: string | null }>(sqlLastOrderDay(engine.dialect)))[0]?.day ?? null);
  return {
    campaign,
    responses,
    window: { from, to },
    windowComplete: responses === 'file' || (last !== null && last >= to),
    overall: measure(outcomes, campaign.costPerContact),
    bySegment: strata.map((segment) => ({ segment, ...measure(outcomes.filter((o) => o.stratum === segment), campaign.costPerContact) })),
  };
}

/**
 * Response curves measured by campaigns, per RFM segment, for budget allocation: the curve of allocate.ts through
 * the measured incremental profit per customer Δ at the campaign's cost per contact s (with the request's c):
 * u = Δ / (mean CLV · (1 − e^(−s/c))), clamped to [0, 10]. The latest campaign with a cost and at least 20 treated
 * and 5 control customers in the segment wins.
 */
export async function measuredCurves(engine: Engine, rows: ReadonlyArray<{ name: string; meanClv: number }>, costScale: number, marginRate: number | null = null): Promise<Map<string, { maxUplift: number; campaign: number }>> {
  const out = new Map<string, { maxUplift: number; campaign: number }>();
  for (const c of await listCampaigns(engine)) {
    if (!(c.costPerContact > 0)) continue;
    const r = await measureCampaign(engine, c.id, marginRate);
    for (const s of r.bySegment) {
      const seg = rows.find((x) => x.name === s.segment);
      if (!seg || out.has(s.segment) || s.treated < 20 || s.control < 5 || !(seg.meanClv > 0)) continue;
      const u = s.profitPerCustomer.lift / (seg.meanClv * (1 - Math.exp(-c.costPerContact / costScale)));
      out.set(s.segment, { maxUplift: Math.min(10, Math.max(0, u)), campaign: c.id });
    }
  }
  return out;
}
