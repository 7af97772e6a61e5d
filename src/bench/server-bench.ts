/**
 * The API under load: N synthetic customers (range() in the store, then one value run), the server on 127.0.0.1
 * on a free port, and autocannon driving the customer list and the segment count. Loopback only, bounded in time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openStore } from '../engine/store.js';
import { addUser, issueToken } from '../server/accounts.js';
import { startServer } from '../server/serve.js';
import { normalizeCompany } from '../target/index.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { BENCH_RULE } from './segment-bench.js';

export interface ServerBenchRow {
  route: string;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

export async function benchServer(opts: { customers: number; seconds: number; connections: number }): Promise<ServerBenchRow[]> {
  const seconds = Math.min(Math.max(1, opts.seconds), 120);
  const connections = Math.min(Math.max(1, opts.connections), 1000);
  const dir = mkdtempSync(join(tmpdir(), 'clientele-server-bench-'));
  const engine = await openStore(join(dir, 'bench.duckdb'));
  try {
    const n = Math.floor(opts.customers);
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
    const valueConfig = normalizeValueConfig({ costPerOrder: 5, marginRate: 0.4 });
    await computeValue(engine, { config: valueConfig });
    const user = await addUser(engine, 'bench', 'viewer', 'bench-password');
    const { token } = await issueToken(engine, user, 'api', 3600);
    const server = await startServer({ engine, valueConfig, company: normalizeCompany({}) }, { port: 0, host: '127.0.0.1' });
    try {
      const routes: Array<[string, string]> = [
        ['GET /api/customers?sort=profit&order=desc (pages 1–100)', '/api/customers?pageSize=50&sort=profit&order=desc&page=[<page>]'],
        ['GET /api/customers?segment=At Risk&sort=goodScore', `/api/customers?pageSize=50&sort=goodScore&segment=${encodeURIComponent('At Risk')}`],
        ['GET /api/segments/count?rule=…', `/api/segments/count?rule=${encodeURIComponent(BENCH_RULE)}`],
      ];
      const out: ServerBenchRow[] = [];
      for (const [route, path] of routes) {
        const paged = path.includes('[<page>]');
        let k = 0;
        const r = await autocannon({
          url: server.url,
          connections,
          duration: seconds,
          headers: { authorization: `Bearer ${token}` },
          requests: [{ method: 'GET', path: paged ? path.replace('[<page>]', '1') : path, ...(paged ? { setupRequest: (req: autocannon.Request) => ({ ...req, path: path.replace('[<page>]', String(1 + (k++ % 100))) }) } : {}) }],
        });
        out.push({ route, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, requests: r.requests.total });
      }
      return out;
    } finally {
      await server.close();
    }
  } finally {
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
