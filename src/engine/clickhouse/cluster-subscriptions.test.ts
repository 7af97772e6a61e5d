/**
 * Subscriptions on a ClickHouse store, through the built CLI, beside a DuckDB store with the same data: `subscriptions
 * bill` and `subscriptions from-customers` write their billing lines to the cluster (staged and attached per shard, as
 * an import, replacing every earlier bill), `value` reads their recurring revenue there, and the outputs and stored
 * per-customer tables are the same within 1e-9 relative; `imports remove` of the subscriptions import takes its
 * billing lines off every shard; a bill left in the companion by a killed process goes to the cluster when the store
 * is next opened.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BILLING_PREFIX } from '../../sql/subscriptions.js';
import { LINES, LINES_LOCAL } from '../../sql/clickhouse/tables.js';
import { billSubscriptions } from '../../subscriptions/index.js';
import { runCli } from '../../test-support/cli.js';
import { dropTestDatabase, testClusterUrl } from '../../test-support/clickhouse-cluster.js';
import { byCustomer, expectSameRows, expectSameValues, keyed } from '../../test-support/engine-equality.js';
import { tempDir } from '../../test-support/temp.js';
import { openStore } from '../store.js';
import { openClusterStore } from './cluster-store.js';

let dir: ReturnType<typeof tempDir>;
let database: string;
let ch: string;
let plain: string;
let companion: string;

async function both(args: readonly string[]): Promise<{ a: unknown; b: unknown }> {
  const a = await runCli(['--db', ch, ...args, '--json']);
  expect(a.code, `clickhouse: ${args.join(' ')}\n${a.stderr}`).toBe(0);
  const b = await runCli(['--db', plain, ...args, '--json']);
  expect(b.code, `duckdb: ${args.join(' ')}\n${b.stderr}`).toBe(0);
  return { a: JSON.parse(a.stdout), b: JSON.parse(b.stdout) };
}

function comparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(comparable);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k]) => !['runId', 'fitId', 'fitMs', 'location', 'finished_at', 'reused', 'createdAt', 'created_at', 'updatedAt', 'importIds', 'file', 'ms'].includes(k)).map(([k, x]) => [k, comparable(x)]));
  }
  return v;
}

async function storedRows(path: string, table: string) {
  const e = await openStore(path, {}, { companion: true });
  try {
    return keyed(await e.query<Record<string, unknown>>(`SELECT * FROM ${table}`), byCustomer);
  } finally {
    await e.close();
  }
}

/** Billing lines per shard and per import on the cluster, and in all. */
async function clusterBilling(): Promise<{ total: number; byImport: Record<number, number>; perShard: number[] }> {
  const s = await openClusterStore(ch);
  try {
    const rows = await s.ch.query<{ import_id: number; n: number }>(`SELECT import_id, toInt64(count()) AS n FROM ${LINES} WHERE startsWith(ifNull(order_id, ''), $1) GROUP BY import_id`, [BILLING_PREFIX]);
    const perShard: number[] = [];
    for (let i = 0; i < s.ch.shardCount; i++) perShard.push(Number((await s.ch.queryShard<{ n: number }>(i, `SELECT toInt64(count()) AS n FROM ${LINES_LOCAL} WHERE startsWith(ifNull(order_id, ''), $1)`, [BILLING_PREFIX]))[0].n));
    return { total: rows.reduce((a, r) => a + Number(r.n), 0), byImport: Object.fromEntries(rows.map((r) => [r.import_id, Number(r.n)])), perShard };
  } finally {
    await s.close();
  }
}

async function billingInPlain(): Promise<number> {
  const e = await openStore(plain);
  try {
    return Number((await e.query<{ n: number }>(`SELECT count(*) AS n FROM order_lines WHERE order_id LIKE '${BILLING_PREFIX}%'`))[0].n);
  } finally {
    await e.close();
  }
}

beforeAll(async () => {
  dir = tempDir('clientele-ch-subs-');
  database = `clientele_test_subs_${process.pid}_${randomBytes(4).toString('hex')}`;
  companion = join(dir.dir, 'companion.duckdb');
  ch = `${testClusterUrl().replace('/default?', `/${database}?`)}&store=${encodeURIComponent(companion)}`;
  plain = join(dir.dir, 'plain.duckdb');
  for (const [db, out] of [[ch, 'demo-ch'], [plain, 'demo-duck']] as const) {
    const r = await runCli(['--db', db, 'demo', '--customers', '200', '--seed', '7', '--out', join(dir.dir, out), '--json']);
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  await dropTestDatabase(database);
  await dropTestDatabase(`${database}_moved`);
  dir?.cleanup();
});

describe('subscriptions on a ClickHouse store beside a DuckDB store with the same data', () => {
  let first: number;

  it('bills onto the cluster, and value reads the recurring revenue there: the same figures and stored tables', async () => {
    const subs = join(dir.dir, 'subs.csv');
    const rows = ['subscription_id,customer_id,plan,started_at,ended_at,billing_period,recurring_charge,recurring_cost'];
    for (let i = 1; i <= 60; i++) rows.push(`S${i},CU${String(i * 3).padStart(6, '0')},${i % 3 ? 'basic' : 'gold'},2023-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')},${i % 5 === 0 ? '2024-06-30' : ''},${i % 4 ? 'month' : 'quarter'},${i % 3 ? 19 : 49.5},${i % 3 ? 6 : 20}`);
    writeFileSync(subs, rows.join('\n') + '\n');
    const imp = await both(['import', 'subscriptions', subs]);
    first = (imp.a as { importIds: number[] }).importIds[0];
    expect((imp.b as { importIds: number[] }).importIds[0]).toBe(first);
    const bill = await both(['subscriptions', 'bill', '--as-of', '2024-12-31']);
    expect((bill.a as { lines: number }).lines).toBeGreaterThan(500);
    expectSameValues('subscriptions bill', bill.a, bill.b);
    const c = await clusterBilling();
    expect(c.total).toBe(await billingInPlain());
    expect(c.byImport).toEqual({ [first]: c.total });
    expect(c.perShard.filter((n) => n > 0).length, 'billing lines on every shard').toBe(c.perShard.length);
    const e = await openStore(companion, {}, { companion: true });
    expect((await e.query<{ n: number }>('SELECT count(*) AS n FROM order_lines'))[0].n).toBe(0);
    await e.close();
    const v = await both(['value']);
    expect((v.a as { recurring: { revenue: number } }).recurring.revenue).toBeGreaterThan(0);
    expectSameValues('value with billing lines', comparable(v.a), comparable(v.b));
    for (const table of ['customer_facts', 'customer_summary', 'customer_value']) {
      expectSameRows(table, await storedRows(companion, table), await storedRows(plain, table), ['run_id']);
    }
    // A second bill replaces the first everywhere (not added to it).
    const again = await both(['subscriptions', 'bill', '--as-of', '2024-06-30']);
    expectSameValues('subscriptions bill again', again.a, again.b);
    expect((await clusterBilling()).total).toBe(await billingInPlain());
    expect((await clusterBilling()).total).toBe((again.a as { lines: number }).lines);
    const v2 = await both(['value']);
    expectSameValues('value after a second bill', comparable(v2.a), comparable(v2.b));
  });

  it('derives subscriptions from customers and bills them: the same, the earlier bill gone from every shard', async () => {
    // The demo's customers carry no tenure: both stores refuse alike, and nothing changes.
    const x = await runCli(['--db', ch, 'subscriptions', 'from-customers', '--as-of', '2024-12-31']);
    const y = await runCli(['--db', plain, 'subscriptions', 'from-customers', '--as-of', '2024-12-31']);
    expect(x.code).not.toBe(0);
    expect(x.code).toBe(y.code);
    expect(x.stderr).toBe(y.stderr);
    const customers = join(dir.dir, 'telco.csv');
    const lines = ['customer_id,tenure,MonthlyCharges,Churn,Contract'];
    for (let i = 1; i <= 40; i++) lines.push(`CU${String(i * 5).padStart(6, '0')},${i % 24},${(20 + i * 1.25).toFixed(2)},${i % 4 === 0 ? 'Yes' : 'No'},${i % 2 ? 'Month-to-month' : 'One year'}`);
    writeFileSync(customers, lines.join('\n') + '\n');
    await both(['import', 'customers', customers, '--append']);
    const d = await both(['subscriptions', 'from-customers', '--as-of', '2024-12-31']);
    expect((d.a as { created: number }).created).toBeGreaterThan(30);
    expectSameValues('subscriptions from-customers', comparable(d.a), comparable(d.b));
    const c = await clusterBilling();
    expect(c.total).toBe(await billingInPlain());
    expect(Object.keys(c.byImport).length, 'one bill, under the newest subscriptions import').toBe(1);
    const v = await both(['value']);
    expectSameValues('value after from-customers', comparable(v.a), comparable(v.b));
    for (const table of ['customer_facts', 'customer_value']) expectSameRows(table, await storedRows(companion, table), await storedRows(plain, table), ['run_id']);
  });

  it('takes the billing lines off every shard when their subscriptions import is undone', async () => {
    const latest = Number(Object.keys((await clusterBilling()).byImport)[0]);
    const x = await runCli(['--db', ch, 'imports', 'remove', String(latest)]);
    const y = await runCli(['--db', plain, 'imports', 'remove', String(latest)]);
    expect(x.code, x.stderr).toBe(0);
    expect(y.code, y.stderr).toBe(0);
    // The same report: the billing lines counted off the cluster as the DuckDB store counts the rows it deletes.
    expect(x.stdout).toMatch(/order lines|order_lines/);
    expect(x.stdout).toBe(y.stdout);
    const c = await clusterBilling();
    expect(c.total).toBe(0);
    expect(c.perShard).toEqual(c.perShard.map(() => 0));
    expect(await billingInPlain()).toBe(0);
    const v = await both(['value']);
    expectSameValues('value after the undo', comparable(v.a), comparable(v.b));
  });

  it('sends a bill a killed process left in the companion to the cluster when the store is next opened', async () => {
    const s = await openClusterStore(ch);
    try {
      // As if killed after the companion's commit and before the move: the bill is only in the companion.
      await billSubscriptions(s.engine, { asOf: '2024-12-31', refreshFacts: false });
      expect((await s.engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines'))[0].n).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
    const b = await runCli(['--db', plain, 'subscriptions', 'bill', '--as-of', '2024-12-31', '--json']);
    expect(b.code, b.stderr).toBe(0);
    const c = await clusterBilling();
    expect(c.total).toBe(await billingInPlain());
    expect(c.total).toBeGreaterThan(0);
    const v = await both(['value']);
    expectSameValues('value after recovery', comparable(v.a), comparable(v.b));
  });

  it('moves the billing lines of a DuckDB store that becomes a ClickHouse store, with its imports', async () => {
    const copy = join(dir.dir, 'moved.duckdb');
    copyFileSync(plain, copy);
    const moved = `${testClusterUrl().replace('/default?', `/${database}_moved?`)}&store=${encodeURIComponent(copy)}`;
    const a = await runCli(['--db', moved, 'value', '--json']);
    expect(a.code, a.stderr).toBe(0);
    const b = await runCli(['--db', plain, 'value', '--json']);
    expect((JSON.parse(a.stdout) as { recurring: { lines: number } }).recurring.lines).toBe(await billingInPlain());
    expectSameValues('value of a moved store with billing lines', comparable(JSON.parse(a.stdout)), comparable(JSON.parse(b.stdout)));
    const e = await openStore(copy, {}, { companion: true });
    expect((await e.query<{ n: number }>('SELECT count(*) AS n FROM order_lines'))[0].n).toBe(0);
    await e.close();
  });
});
