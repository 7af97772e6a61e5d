/**
 * The API under load: N synthetic customers (range() in the store), the server in a child process on 127.0.0.1,
 * and autocannon driving the customer list and the segment count, one route at a time. Loopback only, bounded in
 * time. The first request computes the value run and the customer list (timed as the warm-up).
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { openStore } from '../engine/store.js';
import { addUser, issueToken } from '../server/accounts.js';
import { refreshCustomerList } from '../catalog/index.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { BENCH_RULE } from './segment-bench.js';

export const BENCH_VALUE_CONFIG = { costPerOrder: 5, marginRate: 0.4 };

export interface ServerBenchRow {
  route: string;
  connections: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Connection errors + timeouts + non-2xx answers. */
  errors: number;
  /** Of which: autocannon's timeouts (10 s), and answers that were not 2xx. */
  timeouts: number;
  non2xx: number;
  requests: number;
  perSecond: number;
}

export interface ServerBenchResult {
  customers: number;
  readers: number;
  /** The first request after the value run (which prepared its customer list, as `clientele value` does), ms. */
  warmUpMs: number;
  rows: ServerBenchRow[];
}

/** A route of the bench: a path per request (`i` counts this route's requests). */
interface BenchRoute {
  readonly route: string;
  readonly path: (i: number) => string;
  /** Connections for this route when it cannot bear the full load by design; default all. */
  readonly connections?: number;
  /** Whose token: a viewer's by default; counts of the bench rule need an analyst (it tests age, masked for viewers). */
  readonly role?: 'analyst';
}

const q = encodeURIComponent;
const SORTS = ['profit', 'revenue', 'orders', 'lastPurchase', 'recencyDays', 'customerId', 'goodScore', 'longTermValue'];

export const BENCH_ROUTES: readonly BenchRoute[] = [
  { route: 'GET /api/customers?sort=profit&order=desc (pages 1–100)', path: (i) => `/api/customers?pageSize=50&sort=profit&order=desc&page=${1 + (i % 100)}` },
  { route: 'GET /api/customers?segment=At Risk&sort=goodScore', path: () => `/api/customers?pageSize=50&sort=goodScore&segment=${q('At Risk')}` },
  // Clicking cells of the RFM grid and browsing them: 25 cells × 8 sorts × 2 orders × pages 1–20.
  { route: 'GET /api/customers?r=…&f=… (25 cells, 8 sorts, asc/desc, pages 1–20)', path: (i) => `/api/customers?pageSize=50&r=${1 + (i % 5)}&f=${1 + ((i >> 3) % 5)}&sort=${SORTS[i % 8]}&order=${i % 2 ? 'asc' : 'desc'}&page=${1 + ((i * 7) % 20)}` },
  { route: 'GET /api/segments/count?rule=… (the segment bench rule; an analyst)', path: () => `/api/segments/count?rule=${q(BENCH_RULE)}`, role: 'analyst' },
  // A customer's page, for the customers of the first pages of the default list (whom a user clicks on).
  { route: "GET /api/customers/{id}: the 200 customers of the list's first 4 pages", path: (i) => `/api/customers/C${TOP_IDS[i % TOP_IDS.length]}` },
  { route: 'GET /api/value (the overview)', path: () => '/api/value' },
  // A rule never counted before on every request: the cost of a count the cache cannot answer.
  { route: 'GET /api/segments/count, a new rule each request (uncached)', path: (i) => `/api/segments/count?rule=${q(`${BENCH_RULE.replace('profit > 100', `profit > ${100 + i}`)}`)}`, connections: 2, role: 'analyst' },
  { route: 'GET /api/segments/count, a new rule each request, alone', path: (i) => `/api/segments/count?rule=${q(`${BENCH_RULE.replace('profit > 100', `profit > ${100_000 + i}`)}`)}`, connections: 1, role: 'analyst' },
];

/** Numbers of the customers on the default list's first pages (filled from the server before the load). */
const TOP_IDS: number[] = [];

async function makeStore(path: string, n: number): Promise<BenchTokens> {
  const engine = await openStore(path);
  try {
    const countries = `['United Kingdom','France','Germany','China','Spain']`;
    await engine.run(
      `INSERT INTO customers (customer_id, country, birth_date, derived, import_id)
       SELECT 'C' || i, ${countries}[1 + i % 5], DATE '1950-01-01' + CAST(i % 18000 AS INTEGER), FALSE, 0 FROM range(${n}) t(i)`,
    );
    await engine.run(
      `INSERT INTO order_lines (order_id, customer_id, ordered_at, quantity, unit_price, amount, kind, import_id)
       SELECT 'O' || i, 'C' || (i % ${n}), TIMESTAMP '2022-01-01' + to_days(CAST((i * 7919) % 1000 AS INTEGER)), 1, 50 + i % 200, 50 + i % 200, 'sale', 0
       FROM range(${n * 3}) t(i)`,
    );
    // As `clientele value` does it: the run, then its customer list prepared with it.
    const v = await computeValue(engine, { config: normalizeValueConfig(BENCH_VALUE_CONFIG) });
    await refreshCustomerList(engine, { runId: v.runId, asOf: v.asOf });
    const user = await addUser(engine, 'bench', 'viewer', 'bench-password');
    const analyst = await addUser(engine, 'bench-analyst', 'analyst', 'bench-password');
    return { viewer: (await issueToken(engine, user, 'api', 24 * 3600)).token, analyst: (await issueToken(engine, analyst, 'api', 24 * 3600)).token };
  } finally {
    await engine.close();
  }
}

export interface BenchTokens {
  readonly viewer: string;
  readonly analyst: string;
}

export interface LoadOptions {
  readonly seconds: number;
  readonly connections: number;
  /** Read connections of the server's engine; default 4. */
  readonly readers?: number;
  readonly routes?: readonly BenchRoute[];
}

/** N synthetic customers with a value run, then the load. */
export async function benchServer(opts: LoadOptions & { customers: number }): Promise<ServerBenchResult> {
  const n = Math.floor(opts.customers);
  const dir = mkdtempSync(join(tmpdir(), 'clientele-server-bench-'));
  const store = join(dir, 'bench.duckdb');
  try {
    const tokens = await makeStore(store, n);
    return { customers: n, ...(await loadServer(store, tokens, opts)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Serves `store` from a child process and drives each route in turn, with a viewer's token unless the route says. */
export async function loadServer(store: string, tokens: BenchTokens, opts: LoadOptions): Promise<Omit<ServerBenchResult, 'customers'>> {
  const seconds = Math.min(Math.max(1, opts.seconds), 120);
  const connections = Math.min(Math.max(1, opts.connections), 1000);
  const readers = opts.readers ?? 4;
  const child = fork(join(dirname(fileURLToPath(import.meta.url)), 'server-child.js'), [store, String(readers)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const [{ url }] = (await once(child, 'message')) as [{ url: string }];
    const headers = { authorization: `Bearer ${tokens.viewer}` };
    // The first request after the value run: the dashboard's first list page.
    const t0 = performance.now();
    const warm = await fetch(`${url}/api/customers?pageSize=50`, { headers });
    if (warm.status !== 200) throw new Error(`loadServer: the warm-up request answered ${warm.status}`);
    const warmUpMs = performance.now() - t0;
    if (!TOP_IDS.length) {
      for (let page = 1; page <= 4; page++) {
        const body = (await (await fetch(`${url}/api/customers?pageSize=50&page=${page}`, { headers })).json()) as { customers: Array<{ customer_id: string }> };
        TOP_IDS.push(...body.customers.map((c) => Number(c.customer_id.slice(1))));
      }
    }
    const rows: ServerBenchRow[] = [];
    for (const r of opts.routes ?? BENCH_ROUTES) {
      let i = 0;
      const c = Math.min(connections, r.connections ?? connections);
      const res = await autocannon({
        url,
        connections: c,
        duration: seconds,
        headers: r.role === 'analyst' ? { authorization: `Bearer ${tokens.analyst}` } : headers,
        requests: [{ method: 'GET', path: r.path(0), setupRequest: (req: autocannon.Request) => ({ ...req, path: r.path(i++) }) }],
      });
      rows.push({ route: r.route, connections: c, seconds, p50: res.latency.p50, p99: res.latency.p99, errors: res.errors + res.timeouts + res.non2xx, timeouts: res.timeouts, non2xx: res.non2xx, requests: res.requests.total, perSecond: res.requests.average });
    }
    return { readers, warmUpMs, rows };
  } finally {
    child.disconnect();
    await once(child, 'exit');
  }
}
