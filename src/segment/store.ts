/**
 * Saved segments: a name and a rule; members are the customers the rule selects in the latest value run, and are
 * recomputed whenever that run changes (new data, another as-of date or config): the run id is the fingerprint.
 */
import type { Engine } from '../engine/engine.js';
import { NotFoundError, UsageError } from '../errors.js';
import { SQL_DELETE_MEMBERS, SQL_DELETE_SEGMENT, SQL_LIST_SEGMENTS, SQL_SEGMENT_FIGURES, sqlCountRule, sqlRuleFigures, sqlFillMembers, sqlInsertSegment, sqlMarkFilled, sqlMemberRows, sqlSegmentByName } from '../sql/segment.js';
import { computeValue, type ValueConfig } from '../value/index.js';
import { refreshClusterMembers } from './cluster.js';
import { checkRuleAttributes } from './attributes.js';
import { compileRule, valueTestedFields } from './compile.js';

export interface SegmentInfo {
  readonly name: string;
  readonly kind: 'rule' | 'cluster';
  readonly rule: string;
  readonly members: number;
  /** Members / all customers in the store. */
  readonly share: number;
  readonly revenue: number;
  readonly profit: number;
  /** False when no cost is known: `profit` is then net revenue, and is not to be called profit. */
  readonly profitKnown: boolean;
  readonly asOf: string;
  readonly runId: number;
}

const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_ .-]{0,63}$/u;

export function checkSegmentName(name: string): string {
  if (!NAME.test(name)) throw new UsageError(`segment name "${name.slice(0, 80)}": use letters, digits, spaces, _ . - (up to 64 characters)`);
  return name;
}

export interface ValueRun {
  readonly runId: number;
  readonly asOf: string;
  /** False when the run knew no cost (its "profit" is net revenue); absent when not looked up. */
  readonly profitKnown?: boolean;
}

/** The latest value run (computed when the data, the as-of date or the config changed since the last one). */
export async function latestRun(engine: Engine, config: ValueConfig): Promise<ValueRun> {
  const v = await computeValue(engine, { config });
  return { runId: v.runId, asOf: v.asOf, profitKnown: v.basis === 'profit' };
}

async function fill(engine: Engine, name: string, rule: string, run: ValueRun): Promise<number> {
  const c = compileRule(engine.dialect, rule, run.asOf, 3);
  return engine.transaction(async () => {
    await engine.run(SQL_DELETE_MEMBERS, [name]);
    const n = await engine.run(sqlFillMembers(c.where), [name, run.runId, ...c.params]);
    await engine.run(sqlMarkFilled(engine.dialect), [name, run.runId, n]);
    return n;
  });
}

/** Counts a rule's members without saving it (the dashboard's live count). */
export async function countRule(engine: Engine, rule: string, config: ValueConfig): Promise<number> {
  return countRuleIn(engine, rule, await latestRun(engine, config));
}

/** Counts a rule's members in the stored value run `run` (read only: nothing is computed or saved). */
export async function countRuleIn(engine: Engine, rule: string, run: ValueRun): Promise<number> {
  const c = compileRule(engine.dialect, rule, run.asOf);
  await checkRuleAttributes(engine, rule);
  const [{ n }] = await engine.query<{ n: number }>(sqlCountRule(c.where), c.params);
  return Number(n);
}

/** A rule's members in the stored value run `run`, with their net revenue and profit (read only). */
export async function ruleFiguresIn(engine: Engine, rule: string, run: ValueRun): Promise<{ members: number; revenue: number; profit: number }> {
  const c = compileRule(engine.dialect, rule, run.asOf);
  await checkRuleAttributes(engine, rule);
  const [r] = await engine.query<{ n: number; revenue: number; profit: number }>(sqlRuleFigures(c.where), c.params);
  return { members: Number(r.n), revenue: Number(r.revenue), profit: Number(r.profit) };
}

/** Whether a saved segment's stored members are those of `run` ('stale': showSegment recomputes them), or it does not exist. */
export async function segmentState(engine: Engine, name: string, run: ValueRun): Promise<'fresh' | 'stale' | 'missing'> {
  const [seg] = await engine.query<{ run_id: number | bigint | null }>(sqlSegmentByName(engine.dialect), [name]);
  if (!seg) return 'missing';
  return seg.run_id !== null && Number(seg.run_id) === run.runId ? 'fresh' : 'stale';
}

/**
 * The fields whose values choose a saved segment's members: those its rule tests (valueTestedFields), or a
 * cluster's features. A member list tells whoever reads it what each member's values of these fields are like.
 */
export async function segmentTestedFields(engine: Engine, name: string): Promise<string[]> {
  const [seg] = await engine.query<{ rule: string; kind: 'rule' | 'cluster'; definition: string | null }>(sqlSegmentByName(engine.dialect), [name]);
  if (!seg) return [];
  if (seg.kind === 'cluster') {
    const def = JSON.parse(seg.definition ?? '{}') as { features?: unknown };
    return Array.isArray(def.features) ? def.features.map(String) : [];
  }
  return valueTestedFields(seg.rule);
}

export async function createSegment(engine: Engine, name: string, rule: string, config: ValueConfig, replace = false): Promise<SegmentInfo> {
  checkSegmentName(name);
  const run = await latestRun(engine, config);
  compileRule(engine.dialect, rule, run.asOf); // refuse a bad rule before anything is stored
  await checkRuleAttributes(engine, rule);
  const [exists] = await engine.query(sqlSegmentByName(engine.dialect), [name]);
  if (exists && !replace) throw new UsageError(`a segment "${name}" exists already`, 'use another name, or --replace');
  await engine.transaction(async () => {
    await engine.run(SQL_DELETE_SEGMENT, [name]);
    await engine.run(sqlInsertSegment(engine.dialect), [name, 'rule', rule, null, null, null]);
  });
  await fill(engine, name, rule, run);
  return describe(engine, name, 'rule', run);
}

/** A segment with fresh members: recomputed when the value run changed since they were stored. */
export async function showSegment(engine: Engine, name: string, config: ValueConfig): Promise<SegmentInfo> {
  const [seg] = await engine.query<{ rule: string; kind: 'rule' | 'cluster'; run_id: number | bigint | null; definition: string | null }>(sqlSegmentByName(engine.dialect), [name]);
  if (!seg) throw new NotFoundError(`there is no segment "${name}"`, 'see them with: clientele segment list');
  const run = await latestRun(engine, config);
  if (seg.run_id === null || Number(seg.run_id) !== run.runId) {
    if (seg.kind === 'cluster') await refreshClusterMembers(engine, name, JSON.parse(seg.definition ?? '{}'), run);
    else await fill(engine, name, seg.rule, run);
  }
  return describe(engine, name, seg.kind, run);
}

async function describe(engine: Engine, name: string, kind: 'rule' | 'cluster', run: ValueRun): Promise<SegmentInfo> {
  const [r] = await engine.query<{ rule: string; members: number; revenue: number | null; profit: number | null; total: number }>(SQL_SEGMENT_FIGURES, [name]);
  const members = Number(r.members);
  const total = Number(r.total);
  return { name, kind, rule: r.rule, members, share: total ? members / total : 0, revenue: r.revenue ?? 0, profit: r.profit ?? 0, profitKnown: run.profitKnown !== false, asOf: run.asOf, runId: run.runId };
}

export interface SegmentListItem {
  readonly name: string;
  readonly kind: 'rule' | 'cluster';
  readonly rule: string;
  /** As stored with the last computation; `segment show` refreshes it when the data changed. */
  readonly members: number | null;
  readonly runId: number | null;
  readonly updatedAt: string;
}

export async function listSegments(engine: Engine): Promise<SegmentListItem[]> {
  const rows = await engine.query<{ name: string; kind: 'rule' | 'cluster'; rule: string; members: number | null; run_id: number | null; updated_at: Date }>(SQL_LIST_SEGMENTS);
  return rows.map((r) => ({ name: r.name, kind: r.kind, rule: r.rule, members: r.members === null ? null : Number(r.members), runId: r.run_id === null ? null : Number(r.run_id), updatedAt: new Date(r.updated_at).toISOString() }));
}

export async function deleteSegment(engine: Engine, name: string): Promise<void> {
  await engine.transaction(async () => {
    const n = await engine.run(SQL_DELETE_SEGMENT, [name]);
    if (n === 0) throw new NotFoundError(`there is no segment "${name}"`, 'see them with: clientele segment list');
    await engine.run(SQL_DELETE_MEMBERS, [name]);
  });
}

export interface MemberRow {
  customer_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  city: string | null;
  opt_out: boolean | null;
  segment: string | null;
  orders: number | null;
  net_revenue: number | null;
  profit: number | null;
  first_purchase: string | null;
  last_purchase: string | null;
  recency_days: number | null;
  r: number | null;
  f: number | null;
  m: number | null;
  long_term_value: number | null;
}

/** Members with the fields a mail or CRM tool needs, and their main figures (fresh: see showSegment). */
export async function segmentMembers(engine: Engine, name: string, config: ValueConfig, limit?: number): Promise<MemberRow[]> {
  await showSegment(engine, name, config);
  return engine.query<MemberRow>(sqlMemberRows(engine.dialect, limit), [name]);
}
