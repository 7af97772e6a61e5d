/**
 * Online Retail (UCI, 541,909 lines) on the 3-shard loopback cluster beside the same file in a DuckDB store: every
 * customer's line facts, the value run computed from the cluster's facts (summary, RFM, scores, matrices, flags,
 * portfolio report) and the lifetime value models' input equal DuckDB's within 1e-9 relative.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../data/import.js';
import { sqlClvCustomers } from '../../sql/clv.js';
import { sharedData } from '../../test-support/shared-data.js';
import { tempStore } from '../../test-support/temp.js';
import { normalizeValueConfig } from '../../value/config.js';
import { computeValue, type ValueReport } from '../../value/portfolio.js';
import type { ClickHouseEngine } from './clickhouse-engine.js';
import { clusterClvInputs, storeClusterFacts, type ClusterFacts } from './lines.js';
import { openTestDatabase, snapshot, valueBesideCluster } from '../../test-support/clickhouse-cluster.js';
import { byCategory, byCustomer, expectSameRows, expectSameValues, keyed, type Rows } from '../../test-support/engine-equality.js';

const config = normalizeValueConfig({});
let store: Awaited<ReturnType<typeof tempStore>>;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let ch: ClickHouseEngine;
let reference: { report: ValueReport; facts: Rows; categories: Rows; summary: Rows; value: Rows };
let fromCluster: ClusterFacts;
let asOf: string;

beforeAll(async () => {
  store = await tempStore();
  await importFiles(store.engine, { entity: 'orders', files: [sharedData('online_retail', 'online_retail.csv')], preset: 'online-retail' });
  ({ reference, db, ch, asOf, fromCluster } = await valueBesideCluster(store.engine, config));
});

afterAll(async () => {
  await db?.drop();
  await store?.close();
});

describe('Online Retail on a 3-shard ClickHouse cluster', () => {
  it('computes every customer’s line facts on the shards equal to DuckDB’s', () => {
    expect(asOf).toBe(reference.report.asOf);
    expect(reference.facts.size).toBe(4372);
    expectSameRows('customer_facts', keyed(fromCluster.facts, byCustomer), reference.facts);
    expectSameRows('customer_category_facts', keyed(fromCluster.categoryFacts, byCategory), reference.categories);
  });

  it('gives the same value run from the cluster’s facts', async () => {
    await storeClusterFacts(store.engine, fromCluster);
    const report = await computeValue(store.engine, { config, force: true });
    expectSameRows('customer_summary', await snapshot(store.engine, 'customer_summary', byCustomer), reference.summary, ['run_id']);
    expectSameRows('customer_value', await snapshot(store.engine, 'customer_value', byCustomer), reference.value, ['run_id']);
    expectSameValues('report', { ...report, runId: 0 }, { ...reference.report, runId: 0 });
  });

  it('computes the lifetime value models’ input on the shards equal to DuckDB’s', async () => {
    const calibrationEnd = '2011-06-30';
    const want = await store.engine.query<Record<string, unknown>>(sqlClvCustomers(store.engine.dialect), [calibrationEnd, asOf]);
    expect(want.length).toBe(2959);
    expectSameRows('clv inputs', keyed(await clusterClvInputs(ch, calibrationEnd, asOf), byCustomer), keyed(want, byCustomer));
  });
});
