/**
 * Saved segments: a name and a rule; members are the customers the rule selects in the latest value run, and are
 * recomputed whenever that run changes (new data, another as-of date or config).
 */
import type { Engine } from '../engine/engine.js';
import { NotFoundError, UsageError } from '../errors.js';
import { computeValue, type ValueConfig } from '../value/index.js';
import { refreshClusterMembers } from './cluster.js';
import { compileRule, sqlSegmentMembers } from './compile.js';

export interface SegmentInfo {
  readonly name: string;
  readonly rule: string;
  readonly members: number;
  readonly share: number;
  readonly revenue: number;
  readonly profit: number;
  readonly asOf: string;
  readonly runId: number;
}

const NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_ .-]{0,63}$/u;

export function checkSegmentName(name: string): string {
  if (!NAME.test(name)) throw new UsageError(`segment name "${name.slice(0, 80)}": use letters, digits, spaces, _ . - (up to 64 characters)`);
  return name;
}

async function latestRun(engine: Engine, config: ValueConfig): Promise<{ runId: number; asOf: string }> {
  const v = await computeValue(engine, { config });
  return { runId: v.runId, asOf: v.asOf };
}

async function fill(engine: Engine, name: string, rule: string, run: { runId: number; asOf: string }): Promise<number> {
  const c = compileRule(engine.dialect, rule, run.asOf, 3);
  return engine.transaction(async () => {
    await engine.run('DELETE FROM segment_members WHERE name = $1', [name]);
    const n = await engine.run(`INSERT INTO segment_members (name, customer_id, run_id) SELECT $1, customer_id, $2 FROM (${sqlSegmentMembers(c.where)}) m`, [name, run.runId, ...c.params]);
    await engine.run(`UPDATE segments SET run_id = $2, members = $3, updated_at = ${engine.dialect.sqlNow} WHERE name = $1`, [name, run.runId, n]);
    return n;
  });
}

/** Counts a rule's members without saving it (the dashboard's live count). */
export async function countRule(engine: Engine, rule: string, config: ValueConfig): Promise<number> {
  const run = await latestRun(engine, config);
  const c = compileRule(engine.dialect, rule, run.asOf);
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM (${sqlSegmentMembers(c.where)}) m`, c.params);
  return n;
}

export async function createSegment(engine: Engine, name: string, rule: string, config: ValueConfig, replace = false): Promise<SegmentInfo> {
  checkSegmentName(name);
  const run = await latestRun(engine, config);
  compileRule(engine.dialect, rule, run.asOf); // refuse a bad rule before anything is stored
  const exists = await engine.query('SELECT 1 FROM segments WHERE name = $1', [name]);
  if (exists.length && !replace) throw new UsageError(`a segment "${name}" exists already`, 'use another name, or --replace');
  await engine.run('DELETE FROM segments WHERE name = $1', [name]);
  await engine.run(`INSERT INTO segments (name, kind, rule, created_at, updated_at) VALUES ($1, 'rule', $2, ${engine.dialect.sqlNow}, ${engine.dialect.sqlNow})`, [name, rule]);
  await fill(engine, name, rule, run);
  return describe(engine, name, run);
}

/** A segment with fresh members: recomputed when the value run changed since they were stored. */
export async function showSegment(engine: Engine, name: string, config: ValueConfig): Promise<SegmentInfo> {
  const [seg] = await engine.query<{ rule: string; kind: string; run_id: number | null; definition: string | null }>(
    `SELECT rule, kind, run_id, CAST(definition AS ${engine.dialect.type('text')}) AS definition FROM segments WHERE name = $1`,
    [name],
  );
  if (!seg) throw new NotFoundError(`there is no segment "${name}"`, 'see them with: clientele segment list');
  const run = await latestRun(engine, config);
  if (seg.run_id !== run.runId) {
    if (seg.kind === 'cluster') await refreshClusterMembers(engine, name, JSON.parse(seg.definition ?? '{}'), run);
    else await fill(engine, name, seg.rule, run);
  }
  return describe(engine, name, run);
}

async function describe(engine: Engine, name: string, run: { runId: number; asOf: string }): Promise<SegmentInfo> {
  const [r] = await engine.query<{ rule: string; members: number; revenue: number | null; profit: number | null; total: number }>(
    `SELECT g.rule, count(m.customer_id) AS members, sum(s.net_revenue) AS revenue, sum(s.profit) AS profit, (SELECT count(*) FROM customers) AS total
     FROM segments g LEFT JOIN segment_members m ON m.name = g.name LEFT JOIN customer_summary s ON s.customer_id = m.customer_id
     WHERE g.name = $1 GROUP BY g.rule`,
    [name],
  );
  return { name, rule: r.rule, members: r.members, share: r.total ? r.members / r.total : 0, revenue: r.revenue ?? 0, profit: r.profit ?? 0, asOf: run.asOf, runId: run.runId };
}

export async function listSegments(engine: Engine): Promise<Array<{ name: string; kind: string; rule: string; members: number | null; updatedAt: string }>> {
  const rows = await engine.query<{ name: string; kind: string; rule: string; members: number | null; updated_at: Date }>('SELECT name, kind, rule, members, updated_at FROM segments ORDER BY name');
  return rows.map((r) => ({ name: r.name, kind: r.kind, rule: r.rule, members: r.members, updatedAt: new Date(r.updated_at).toISOString() }));
}

export async function deleteSegment(engine: Engine, name: string): Promise<void> {
  await engine.transaction(async () => {
    const n = await engine.run('DELETE FROM segments WHERE name = $1', [name]);
    if (n === 0) throw new NotFoundError(`there is no segment "${name}"`, 'see them with: clientele segment list');
    await engine.run('DELETE FROM segment_members WHERE name = $1', [name]);
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
  last_purchase: string | null;
}

/** Members with the fields a mail or CRM tool needs, and their main figures. */
export async function segmentMembers(engine: Engine, name: string, config: ValueConfig, limit?: number): Promise<MemberRow[]> {
  await showSegment(engine, name, config);
  return engine.query<MemberRow>(
    `SELECT c.customer_id, c.name, c.email, c.phone, c.country, c.city, c.opt_out, v.segment, s.orders, s.net_revenue, s.profit, CAST(s.last_purchase AS ${engine.dialect.type('text')}) AS last_purchase
     FROM segment_members m JOIN customers c ON c.customer_id = m.customer_id
     LEFT JOIN customer_summary s ON s.customer_id = m.customer_id LEFT JOIN customer_value v ON v.customer_id = m.customer_id
     WHERE m.name = $1 ORDER BY s.profit DESC NULLS LAST, c.customer_id${limit ? ` LIMIT ${Math.floor(limit)}` : ''}`,
    [name],
  );
}
