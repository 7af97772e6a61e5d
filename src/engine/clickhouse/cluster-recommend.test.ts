/**
 * `recommend` on a ClickHouse store, through the built CLI: the demo company made with `--db clickhouse://…` and on a
 * DuckDB store; cross-sell (all customers, one customer, other supports and exclusions), volume upgrades and the
 * time-split evaluation answer the same: the same customers, products, ranks and reasons, the scores to the last bit
 * (the shards' counts are integers and the companion ranks them by the DuckDB store's SQL), money within 1e-9 relative.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test-support/cli.js';
import { dropTestDatabase, testClusterUrl } from '../../test-support/clickhouse-cluster.js';
import { expectSameValues } from '../../test-support/engine-equality.js';
import { tempDir } from '../../test-support/temp.js';
import { ClickHouseEngine } from './clickhouse-engine.js';
import { clusterCoPurchases } from './cluster-recommend.js';
import { parseClickHouseUrl } from './url.js';

let dir: ReturnType<typeof tempDir>;
let database: string;
let ch: string;
let plain: string;

async function both(args: readonly string[]): Promise<{ a: Record<string, unknown>; b: Record<string, unknown> }> {
  const a = await runCli(['--db', ch, ...args, '--json']);
  expect(a.code, `clickhouse: ${args.join(' ')}\n${a.stderr}`).toBe(0);
  const b = await runCli(['--db', plain, ...args, '--json']);
  expect(b.code, `duckdb: ${args.join(' ')}\n${b.stderr}`).toBe(0);
  const parse = (s: string) => {
    const { ms: _ms, ...rest } = JSON.parse(s) as Record<string, unknown>;
    return rest;
  };
  return { a: parse(a.stdout), b: parse(b.stdout) };
}

beforeAll(async () => {
  dir = tempDir('clientele-ch-recommend-');
  database = `clientele_test_recommend_${process.pid}_${randomBytes(4).toString('hex')}`;
  ch = `${testClusterUrl().replace('/default?', `/${database}?`)}&store=${encodeURIComponent(join(dir.dir, 'companion.duckdb'))}`;
  plain = join(dir.dir, 'plain.duckdb');
  const a = await runCli(['--db', ch, 'demo', '--customers', '300', '--seed', '5', '--out', join(dir.dir, 'demo-ch'), '--json']);
  expect(a.code, a.stderr).toBe(0);
  const b = await runCli(['--db', plain, 'demo', '--customers', '300', '--seed', '5', '--out', join(dir.dir, 'demo-duck'), '--json']);
  expect(b.code, b.stderr).toBe(0);
}, 120_000);

afterAll(async () => {
  await dropTestDatabase(database);
  dir?.cleanup();
});

describe('recommend on a ClickHouse store beside a DuckDB store with the same data', () => {
  it('gives the same cross-sell, bit for bit, and the same volume upgrades', async () => {
    for (const args of [[], ['--min-support', '3'], ['--exclude-products', 'none', '--min-support', '4', '--neighbours', '5', '--top', '3']]) {
      const { a, b } = await both(['recommend', ...args]);
      const cross = a.crossSell as unknown[];
      expect(cross.length, args.join(' ')).toBeGreaterThan(100);
      expect((a.upsell as unknown[]).length, args.join(' ')).toBeGreaterThan(5);
      // Ranks, products and reasons exactly; every score exactly too.
      expect(JSON.stringify(cross), args.join(' ')).toBe(JSON.stringify(b.crossSell));
      // Unit prices are sums of lines added up per shard first: equal within 1e-9 relative, ranks equal.
      expectSameValues(`recommend ${args.join(' ')}`, a, b);
      const ranks = (x: Record<string, unknown>) => (x.upsell as Array<{ customerId: string; productId: string; rank: number }>).map((u) => `${u.customerId} ${u.productId} ${u.rank}`);
      expect(ranks(a)).toEqual(ranks(b));
    }
  });

  it('gives the same for one customer, and refuses an unknown one alike', async () => {
    const all = (await both(['recommend'])).b.crossSell as Array<{ customerId: string }>;
    for (const id of [all[0].customerId, all[all.length - 1].customerId]) {
      for (const args of [['--customer', id], ['--customer', id, '--min-support', '2', '--top', '20']]) {
        const { a, b } = await both(['recommend', ...args]);
        expect((a.crossSell as unknown[]).length, args.join(' ')).toBeGreaterThan(0);
        expect(JSON.stringify(a.crossSell)).toBe(JSON.stringify(b.crossSell));
        expectSameValues(`recommend ${args.join(' ')}`, a, b);
      }
    }
    const x = await runCli(['--db', ch, 'recommend', '--customer', 'NOBODY']);
    const y = await runCli(['--db', plain, 'recommend', '--customer', 'NOBODY']);
    expect(x.code).toBe(y.code);
    expect(x.stderr).toBe(y.stderr);
  });

  it('gives the same time-split evaluation and popularity baseline', async () => {
    for (const args of [['--evaluate', '2023-07-01'], ['--evaluate', '2023-07-01', '--min-support', '3', '--exclude-products', 'none', '--top', '3'], ['--evaluate', '2022-03-01']]) {
      const { a, b } = await both(['recommend', ...args]);
      expect(a, args.join(' ')).toEqual(b);
    }
    expect(((await both(['recommend', '--evaluate', '2023-07-01'])).a.testCustomers as number)).toBeGreaterThan(20);
  });

  it('brings back counts, not lines: products, pairs with enough support, and baskets over those products', async () => {
    const e = await ClickHouseEngine.open(parseClickHouseUrl(ch));
    try {
      const c = await clusterCoPurchases(e, { exclude: [] }, 10);
      const [{ n: lines }] = await e.query<{ n: number }>('SELECT toInt64(count()) AS n FROM order_lines');
      expect(c.pairs.length).toBeGreaterThan(0);
      expect(c.pairs.every((p) => p.c >= 10 && p.i < p.j)).toBe(true);
      expect(c.products.every((p) => p.n >= 10)).toBe(true);
      expect(c.baskets.length).toBeLessThan(lines);
    } finally {
      await e.close();
    }
  });
});
