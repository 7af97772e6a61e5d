/**
 * The demo company on the 3-shard loopback cluster beside the same company in a DuckDB store: the lines are
 * sharded by customer, imports are atomic, and every per-customer figure (the line facts computed on the shards,
 * then the value run's summary and scores computed from them) equals DuckDB's within 1e-9 relative.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoFiles } from '../../cli/commands/demo.js';
import { shiftDay } from '../../data/facts.js';
import { bgnbd } from '../../clv/bgnbd.js';
import { sqlClvCustomers } from '../../sql/clv.js';
import { generateDemo } from '../../demo/index.js';
import { LINES, LINES_LOCAL, LINES_STAGE_LOCAL, sqlAttachPartition, sqlImportStates, sqlPartitionRows } from '../../sql/clickhouse/tables.js';
import { tempStore } from '../../test-support/temp.js';
import { normalizeValueConfig } from '../../value/config.js';
import { computeValue, type ValueReport } from '../../value/portfolio.js';
import type { ClickHouseEngine } from './clickhouse-engine.js';
import { clusterClvInputs, loadOrderLines, recoverClickHouseImports, storeClusterFacts, type ClusterFacts } from './lines.js';
import { openTestDatabase, snapshot, valueBesideCluster } from '../../test-support/clickhouse-cluster.js';
import { byCategory, byCustomer, expectSameRows, expectSameValues, keyed, type Rows } from '../../test-support/engine-equality.js';

const config = normalizeValueConfig({ b2b: { favouredIndustries: ['software', 'finance'] } });
let store: Awaited<ReturnType<typeof tempStore>>;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let ch: ClickHouseEngine;
let reference: { report: ValueReport; facts: Rows; categories: Rows; summary: Rows; value: Rows };
let fromCluster: ClusterFacts;
let asOf: string;

beforeAll(async () => {
  store = await tempStore();
  const { files } = await generateDemo({ customers: 1200, seed: 23, outDir: join(store.dir.dir, 'demo') });
  await importDemoFiles(store.engine, files);
  ({ reference, db, ch, asOf, fromCluster } = await valueBesideCluster(store.engine, config));
});

afterAll(async () => {
  await db?.drop();
  await store?.close();
});

describe('the demo company on a 3-shard ClickHouse cluster', () => {
  it('holds every order line once, each customer’s lines on one shard, unattributed lines spread, every shard used', async () => {
    const [{ n: duckLines }] = await store.engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines');
    const [{ n: chLines }] = await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES}`);
    expect(chLines).toBe(duckLines);
    expect(asOf).toBe(reference.report.asOf);
    const owner = new Map<string, number>();
    let total = 0;
    for (let s = 0; s < ch.shardCount; s++) {
      const rows = await ch.queryShard<{ c: string | null; n: number }>(s, `SELECT customer_id AS c, count() AS n FROM ${LINES_LOCAL} GROUP BY c`);
      expect(rows.length, `shard ${s}`).toBeGreaterThan(100);
      const [{ n: unattributed }] = await store.engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines WHERE customer_id IS NULL');
      if (unattributed >= 30) expect(rows.find((r) => r.c === null)?.n ?? 0, `unattributed lines on shard ${s}`).toBeGreaterThan(0);
      for (const r of rows) {
        if (r.c === null) {
          total += r.n;
          continue;
        }
        expect(owner.has(r.c), `customer ${r.c} on shards ${owner.get(r.c)} and ${s}`).toBe(false);
        owner.set(r.c, s);
        total += r.n;
      }
    }
    expect(total).toBe(duckLines);
  });

  it('computes every customer’s line facts on the shards equal to DuckDB’s', () => {
    const compared = expectSameRows('customer_facts', keyed(fromCluster.facts, byCustomer), reference.facts);
    expect(compared).toBeGreaterThan(1000 * 19);
    expectSameRows('customer_category_facts', keyed(fromCluster.categoryFacts, byCategory), reference.categories);
  });

  it('gives the same value run (summary, RFM, scores, matrices, flags, portfolio) from the cluster’s facts', async () => {
    // First a control: facts with one customer's revenue raised by 1,000 move that customer's summary by 1,000,
    // so the run below does read the facts it is given (and does not rebuild them from the store's lines).
    const someone = String(fromCluster.facts.find((f) => Number(f.net_revenue) > 0)!.customer_id);
    const tampered = { ...fromCluster, facts: fromCluster.facts.map((f) => (f.customer_id === someone ? { ...f, net_revenue: Number(f.net_revenue) + 1000 } : f)) };
    await storeClusterFacts(store.engine, tampered);
    await computeValue(store.engine, { config, force: true });
    const [moved] = await store.engine.query<{ net_revenue: number }>('SELECT net_revenue FROM customer_summary WHERE customer_id = $1', [someone]);
    expect(moved.net_revenue).toBeCloseTo(Number(reference.summary.get(someone)!.net_revenue) + 1000, 6);

    await storeClusterFacts(store.engine, fromCluster);
    const report = await computeValue(store.engine, { config, force: true });
    // run_id counts runs: a later run has a later one.
    expectSameRows('customer_summary', await snapshot(store.engine, 'customer_summary', byCustomer), reference.summary, ['run_id']);
    expectSameRows('customer_value', await snapshot(store.engine, 'customer_value', byCustomer), reference.value, ['run_id']);
    expectSameValues('report', { ...report, runId: 0 }, { ...reference.report, runId: 0 });
  });

  it('computes the lifetime value models’ input (x, t_x, T, mean spend, holdout) on the shards equal to DuckDB’s', async () => {
    const calibrationEnd = shiftDay(asOf, -180);
    const want = await store.engine.query<Record<string, unknown>>(sqlClvCustomers(store.engine.dialect), [calibrationEnd, asOf]);
    const got = await clusterClvInputs(ch, calibrationEnd, asOf);
    expect(want.length).toBeGreaterThan(800);
    expect(want.some((r) => Number(r.x) > 3 && Number(r.x_holdout) > 0)).toBe(true);
    expectSameRows('clv inputs', keyed(got, byCustomer), keyed(want, byCustomer));
    // And so the same BG/NBD fit and the same 52-week predictions, customer by customer.
    const rfm = (rows: Record<string, unknown>[]) =>
      rows
        .filter((r) => Number(r.t_days) > 0)
        .sort((p, q) => (String(p.customer_id) < String(q.customer_id) ? -1 : 1))
        .map((r) => ({ x: Number(r.x), tx: Number(r.tx_days) / 7, T: Number(r.t_days) / 7 }));
    const a = bgnbd.fit(rfm(want));
    const b = bgnbd.fit(rfm(got));
    expectSameValues('bgnbd params', b.params, a.params);
    const predict = (p: typeof a.params, rows: ReturnType<typeof rfm>) => rows.map((r) => bgnbd.conditionalExpectedPurchases(p, 52, r.x, r.tx, r.T));
    expectSameValues('predictions', predict(b.params, rfm(got)), predict(a.params, rfm(want)));
  });

  it('leaves nothing visible when an import stops before its lines are attached', async () => {
    const [{ n: before }] = await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES}`);
    await expect(
      loadOrderLines(ch, store.engine, {
        where: "customer_id LIKE 'C%'",
        beforeAttach: async () => {
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    expect((await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES}`))[0].n).toBe(before);
    const states = await ch.query<{ import_id: number; status: string }>(sqlImportStates());
    const stale = states.filter((s) => s.status === 'loading').map((s) => s.import_id);
    expect(stale).toHaveLength(1);
    expect(await recoverClickHouseImports(ch)).toEqual(stale);
    expect((await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES}`))[0].n).toBe(before);
  });

  it('removes an import killed half-way through its attaches when the store is next opened', async () => {
    const [{ n: before }] = await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES}`);
    let id = 0;
    await expect(
      loadOrderLines(ch, store.engine, {
        beforeAttach: async () => {
          // The first shard attaches, then the process "dies": that shard's part of the import is visible.
          const [s] = (await ch.query<{ import_id: number; status: string }>(sqlImportStates())).filter((x) => x.status === 'loading');
          id = s.import_id;
          await ch.runOnShard(0, sqlAttachPartition(LINES_LOCAL, LINES_STAGE_LOCAL, id));
          throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const [{ n: partial }] = await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES}`);
    expect(partial).toBeGreaterThan(before);
    expect(await recoverClickHouseImports(ch)).toEqual([id]);
    expect((await ch.query<{ n: number }>(`SELECT count() AS n FROM ${LINES}`))[0].n).toBe(before);
    for (let s = 0; s < ch.shardCount; s++) expect((await ch.queryShard<{ n: number }>(s, sqlPartitionRows(LINES_LOCAL, id)))[0].n).toBe(0);
  });
});
