/**
 * `clientele serve` on a ClickHouse store: the demo company made with `--db clickhouse://…` and on a DuckDB store,
 * each served (the companion's read views reading the cluster's lines); every API route that reads lines answers
 * the same within 1e-9 relative (recommendations too: their co-purchases counted on the shards), an upload of
 * orders lands on the cluster and an undo leaves it.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, issueToken } from '../../server/accounts.js';
import { startServer, type RunningServer } from '../../server/serve.js';
import { normalizeCompany } from '../../target/index.js';
import { runCli } from '../../test-support/cli.js';
import { dropTestDatabase, testClusterUrl } from '../../test-support/clickhouse-cluster.js';
import { expectSameValues } from '../../test-support/engine-equality.js';
import { tempDir } from '../../test-support/temp.js';
import { normalizeValueConfig } from '../../value/index.js';
import type { Engine } from '../engine.js';
import { openStore } from '../store.js';
import { openClusterStore, type ClusterStore } from './cluster-store.js';
import { LINES } from '../../sql/clickhouse/tables.js';

let dir: ReturnType<typeof tempDir>;
let database: string;
let cluster: ClusterStore;
let plain: Engine;
const served: Array<{ server: RunningServer; token: string }> = [];

function comparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(comparable);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k]) => !['runId', 'run_id', 'fitId', 'fitMs', 'ms', 'location', 'finished_at', 'reused', 'createdAt', 'created_at', 'generatedAt', 'etag'].includes(k)).map(([k, x]) => [k, comparable(x)]));
  }
  return v;
}

async function serve(engine: Engine, extra: { cluster?: ClusterStore } = {}): Promise<{ server: RunningServer; token: string }> {
  const u = await addUser(engine, 'admin', 'admin', 'admin-password-1');
  const token = (await issueToken(engine, u, 'api', 3600)).token;
  const server = await startServer({ engine, ...extra, valueConfig: normalizeValueConfig({}), company: normalizeCompany({}), log: () => undefined }, { port: 0, host: '127.0.0.1' });
  const s = { server, token };
  served.push(s);
  return s;
}

async function get(s: { server: RunningServer; token: string }, path: string): Promise<{ status: number; body: unknown; text: string }> {
  const r = await fetch(`${s.server.url}${path}`, { headers: { authorization: `Bearer ${s.token}` } });
  const text = await r.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: r.status, body, text };
}


let ch: { server: RunningServer; token: string };
let duck: { server: RunningServer; token: string };

beforeAll(async () => {
  dir = tempDir('clientele-ch-serve-');
  database = `clientele_test_serve_${process.pid}_${randomBytes(4).toString('hex')}`;
  const address = `${testClusterUrl().replace('/default?', `/${database}?`)}&store=${encodeURIComponent(join(dir.dir, 'companion.duckdb'))}`;
  const a = await runCli(['--db', address, 'demo', '--customers', '300', '--seed', '5', '--out', join(dir.dir, 'demo-ch'), '--json']);
  expect(a.code, a.stderr).toBe(0);
  const b = await runCli(['--db', join(dir.dir, 'plain.duckdb'), 'demo', '--customers', '300', '--seed', '5', '--out', join(dir.dir, 'demo-duck'), '--json']);
  expect(b.code, b.stderr).toBe(0);
  cluster = await openClusterStore(address, { readers: 3 });
  plain = await openStore(join(dir.dir, 'plain.duckdb'), { readers: 3 });
  ch = await serve(cluster.engine, { cluster });
  duck = await serve(plain);
}, 120_000);

afterAll(async () => {
  for (const s of served) await s.server.close();
  await cluster?.close();
  await plain?.close();
  await dropTestDatabase(database);
  dir?.cleanup();
});

describe('clientele serve on a ClickHouse store', () => {
  it('answers every route that reads lines as the same server over a DuckDB store', async () => {
    const top = ((await get(duck, '/api/customers?sort=profit&order=desc')).body as { customers: Array<{ customerId?: string; customer_id?: string }> }).customers[0];
    const id = top.customerId ?? top.customer_id;
    const paths = [
      '/api/value', '/api/rfm', '/api/matrices', '/api/customers', '/api/customers?sort=profit&order=desc&page=2', `/api/customers/${id}`, '/api/imports',
      '/api/big-customers', '/api/accounts', '/api/stages', '/api/lifecycle', '/api/sources', '/api/targets', '/api/allocate?budget=10000',
      '/api/churn', '/api/care?from=2025-01-01&to=2025-03-31', '/api/leads/qualify', '/api/lookalikes', '/api/referrals', '/api/campaigns', '/api/campaigns/1',
      '/api/segments', '/api/segments/count?rule=profit%20%3E%20100', '/api/company', '/api/clv/predictions',
    ];
    for (const p of paths) {
      const [x, y] = [await get(ch, p), await get(duck, p)];
      expect(x.status, `${p}: ${x.text.slice(0, 300)}`).toBe(y.status);
      expect(y.status, `${p} on DuckDB: ${y.text.slice(0, 300)}`).toBe(200);
      expectSameValues(p, comparable(x.body), comparable(y.body));
    }
    expect(((await get(ch, '/api/imports')).body as { store: { orders: number } }).store.orders).toBeGreaterThan(1000);
    const post = async (s: { server: RunningServer; token: string }, p: string, body: unknown) => {
      const r = await fetch(`${s.server.url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as unknown };
    };
    const check = [await post(ch, '/api/clv/check', { model: 'bgnbd' }), await post(duck, '/api/clv/check', { model: 'bgnbd' })];
    expect(check[0].status, JSON.stringify(check[0].body).slice(0, 300)).toBe(200);
    expectSameValues('POST /api/clv/check', comparable(check[0].body), comparable(check[1].body));
    expectSameValues('GET /api/clv/check', comparable((await get(ch, '/api/clv/check')).body), comparable((await get(duck, '/api/clv/check')).body));
    const report = [await get(ch, '/api/report'), await get(duck, '/api/report')];
    expect(report[0].status).toBe(200);
    // The charts' style class names count the charts the process has drawn so far (two servers, one process).
    const html = (t: string) => t.replace(/zr\d+(-cls-\d+)?/g, 'zr');
    expect(html(report[0].text)).toBe(html(report[1].text));
  });

  it('serves the same recommendations and their export (co-purchases counted on the shards)', async () => {
    const first = ((await get(duck, '/api/recommendations?pageSize=1')).body as { crossSell: Array<{ customerId: string }> }).crossSell[0].customerId;
    for (const p of ['/api/recommendations', '/api/recommendations?page=2&pageSize=50', '/api/recommendations?minSupport=3&excludeProducts=none', `/api/recommendations?customer=${first}&top=5`]) {
      const [x, y] = [await get(ch, p), await get(duck, p)];
      expect(y.status, `${p} on DuckDB: ${y.text.slice(0, 300)}`).toBe(200);
      expect(x.status, `${p}: ${x.text.slice(0, 300)}`).toBe(200);
      expect((x.body as { crossSell: unknown[] }).crossSell.length, p).toBeGreaterThan(0);
      expectSameValues(p, comparable(x.body), comparable(y.body));
    }
    const [x, y] = [await get(ch, '/api/recommendations/export'), await get(duck, '/api/recommendations/export')];
    expect(x.status, x.text.slice(0, 300)).toBe(200);
    expect(x.text.split('\n').length).toBeGreaterThan(100);
    expect(x.text).toBe(y.text);
  });

  it('sends an uploaded orders file to the cluster, and an undo takes it off every shard', async () => {
    // 40 new orders: the demo's first lines under other order ids.
    const [head, ...rest] = readFileSync(join(dir.dir, 'demo-ch', 'orders.csv'), 'utf8').trimEnd().split('\n');
    const file = [head, ...rest.slice(0, 40).map((l) => l.replace(/^SO/, 'SX'))].join('\n') + '\n';
    const before = (await cluster.ch.query<{ n: number }>(`SELECT toInt64(count()) AS n FROM ${LINES}`))[0].n;
    const up = await fetch(`${ch.server.url}/api/imports?entity=orders&filename=orders.csv&append=true`, { method: 'POST', headers: { authorization: `Bearer ${ch.token}`, 'content-type': 'application/octet-stream' }, body: file });
    const report = (await up.json()) as { importIds: number[] };
    expect(up.status, JSON.stringify(report).slice(0, 300)).toBe(200);
    const after = (await cluster.ch.query<{ n: number }>(`SELECT toInt64(count()) AS n FROM ${LINES}`))[0].n;
    expect((await cluster.engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines'))[0].n).toBe(0);
    expect(report.importIds.length).toBe(1);
    expect(after).toBe(before + 40);
    {
      const del = await fetch(`${ch.server.url}/api/imports/${report.importIds[0]}`, { method: 'DELETE', headers: { authorization: `Bearer ${ch.token}` } });
      expect(del.status).toBe(200);
      expect((await cluster.ch.query<{ n: number }>(`SELECT toInt64(count()) AS n FROM ${LINES}`))[0].n).toBe(before);
    }
    expect(((await get(ch, '/api/imports')).body as { store: { orders: number } }).store.orders).toBe(before);
    const v = [await get(ch, '/api/value'), await get(duck, '/api/value')];
    expectSameValues('value after upload and undo', comparable(v[0].body), comparable(v[1].body));
  });

  it('serves the value overview of a store with subscriptions not billed into lines (no recurring revenue on either)', async () => {
    const subs = 'subscription_id,customer_id,plan,started_at,billing_period,recurring_charge\nS1,CU000001,basic,2023-01-01,month,19\nS2,CU000002,basic,2023-02-01,month,19\n';
    for (const s of [ch, duck]) {
      const r = await fetch(`${s.server.url}/api/imports?entity=subscriptions&filename=subs.csv`, { method: 'POST', headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/octet-stream' }, body: subs });
      expect(r.status, await r.text()).toBe(200);
    }
    const v = [await get(ch, '/api/value'), await get(duck, '/api/value')];
    expect(v[0].status, v[0].text.slice(0, 300)).toBe(200);
    expect((v[0].body as { recurring: unknown }).recurring).toBeNull();
    expectSameValues('value with subscriptions', comparable(v[0].body), comparable(v[1].body));
  });
});
