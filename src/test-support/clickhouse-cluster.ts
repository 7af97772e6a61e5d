/**
 * For tests: the 3-shard loopback cluster of scripts/clickhouse-cluster.sh, started when it is not running (the
 * script is idempotent and takes a lock, so test files that start it at once take turns), and a fresh database on
 * every shard for each caller, dropped by `drop`.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { growthWindows } from '../data/facts.js';
import { ClickHouseEngine, type ClickHouseOptions } from '../engine/clickhouse/clickhouse-engine.js';
import { clusterFacts, lastOrderDay, loadOrderLines, replaceProducts, type ClusterFacts } from '../engine/clickhouse/lines.js';
import type { Engine } from '../engine/engine.js';
import type { ValueConfig } from '../value/config.js';
import { computeValue, type ValueReport } from '../value/portfolio.js';
import { byCategory, byCustomer, keyed, type Rows } from './engine-equality.js';
import { parseClickHouseUrl, type ClickHouseTarget } from '../engine/clickhouse/url.js';
import { projectRoot } from './shared-data.js';

let started = false;
const root = projectRoot;

/** Starts the cluster if needed; returns its address (CLIENTELE_TEST_CLICKHOUSE overrides it, e.g. a real cluster). */
export function testClusterUrl(): string {
  const given = process.env.CLIENTELE_TEST_CLICKHOUSE;
  if (given) return given;
  if (!started) {
    try {
      execFileSync('bash', [join(root, 'scripts', 'clickhouse-cluster.sh'), 'start'], { stdio: 'pipe', timeout: 120_000 });
    } catch (e) {
      const err = e as { stderr?: Buffer };
      throw new Error(`the ClickHouse test cluster did not start (scripts/clickhouse-cluster.sh start): ${err.stderr?.toString().trim() ?? String(e)}`);
    }
    started = true;
  }
  const base = Number(process.env.CLICKHOUSE_CLUSTER_PORT ?? 18123);
  return `clickhouse://default@127.0.0.1:${base}/default?cluster=clientele&shards=127.0.0.1:${base + 1},127.0.0.1:${base + 2}`;
}

/** Drops a database a test made on every shard of the test cluster (a CLI run on a ClickHouse store creates it). */
export async function dropTestDatabase(db: string): Promise<void> {
  const e = await ClickHouseEngine.open({ ...parseClickHouseUrl(testClusterUrl()), database: 'default' });
  await e.runOnEveryShard(`DROP DATABASE IF EXISTS \`${db}\``).catch(() => undefined);
  await e.close();
}

/** A new database on every shard of the test cluster, and an engine on it. */
export async function openTestDatabase(o: ClickHouseOptions = {}): Promise<{ engine: ClickHouseEngine; target: ClickHouseTarget; drop: () => Promise<void> }> {
  const base = parseClickHouseUrl(testClusterUrl());
  const target: ClickHouseTarget = { ...base, database: `clientele_test_${process.pid}_${randomBytes(4).toString('hex')}` };
  const engine = await ClickHouseEngine.open(target, { ...o, createDatabase: true });
  return {
    engine,
    target,
    drop: async () => {
      await engine.runOnEveryShard(`DROP DATABASE IF EXISTS \`${target.database}\``).catch(() => undefined);
      await engine.close();
    },
  };
}

/** A table of the DuckDB store, keyed for `expectSameRows`. */
export async function snapshot(engine: Engine, table: string, key: (r: Record<string, unknown>) => string): Promise<Rows> {
  return keyed(await engine.query<Record<string, unknown>>(`SELECT * FROM ${table}`), key);
}

export interface BesideCluster {
  /** The value run on the DuckDB store, and its tables, as the reference. */
  readonly reference: { report: ValueReport; facts: Rows; categories: Rows; summary: Rows; value: Rows };
  readonly db: Awaited<ReturnType<typeof openTestDatabase>>;
  readonly ch: ClickHouseEngine;
  readonly asOf: string;
  /** The per-customer line facts the shards computed, as of the cluster's last order day. */
  readonly fromCluster: ClusterFacts;
}

/**
 * The equality tests' common start: a value run on the store as the reference, then the store's products and order
 * lines pushed to a fresh database on the test cluster, and the line facts computed there.
 */
export async function valueBesideCluster(store: Engine, config: ValueConfig): Promise<BesideCluster> {
  const report = await computeValue(store, { config });
  const reference = {
    report,
    facts: await snapshot(store, 'customer_facts', byCustomer),
    categories: await snapshot(store, 'customer_category_facts', byCategory),
    summary: await snapshot(store, 'customer_summary', byCustomer),
    value: await snapshot(store, 'customer_value', byCustomer),
  };
  const db = await openTestDatabase();
  const ch = db.engine;
  await replaceProducts(ch, store);
  await loadOrderLines(ch, store);
  const asOf = (await lastOrderDay(ch))!;
  const w = growthWindows(asOf, config.criteria.growthWindowDays);
  return { reference, db, ch, asOf, fromCluster: await clusterFacts(ch, asOf, w.recentFrom, w.priorFrom) };
}
