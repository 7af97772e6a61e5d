/**
 * `clientele cluster push` and `check` as a user runs them, against the 3-shard loopback cluster: the demo
 * company's order lines go to the cluster sharded by customer, and the cluster's per-customer figures equal the
 * store's; pushed twice, the cluster holds every line twice and `check` says the figures differ.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test-support/clickhouse-cluster.js';
import { DuckDBEngine } from '../../engine/duckdb/duckdb-engine.js';
import { runCli } from '../../test-support/cli.js';
import { tempDir } from '../../test-support/temp.js';

let dir: ReturnType<typeof tempDir>;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let url: string;
let store: string;

beforeAll(async () => {
  dir = tempDir();
  store = join(dir.dir, 'shop.duckdb');
  const demo = await runCli(['--db', store, 'demo', '--customers', '400', '--seed', '7', '--out', join(dir.dir, 'demo')]);
  expect(demo.code, demo.stderr).toBe(0);
  db = await openTestDatabase();
  const t = db.target;
  const host = (u: string) => u.replace(/^https?:\/\//, '');
  url = `clickhouse://${t.username}@${host(t.shards[0])}/${t.database}?cluster=${t.cluster}&shards=${t.shards.slice(1).map(host).join(',')}`;
});

afterAll(async () => {
  await db?.drop();
  dir?.cleanup();
});

describe('clientele cluster', () => {
  it('pushes the order lines, sharded by customer, and the cluster’s figures equal the store’s', async () => {
    const push = await runCli(['--db', store, 'cluster', 'push', '--to', url, '--json']);
    expect(push.code, push.stderr).toBe(0);
    const pushed = JSON.parse(push.stdout) as { lines: number; perShard: number[]; products: number };
    const duck = await DuckDBEngine.open(store);
    const [{ n }] = await duck.query<{ n: number }>('SELECT count(*) AS n FROM order_lines');
    await duck.close();
    expect(pushed.lines).toBe(n);
    expect(pushed.perShard.reduce((a, b) => a + b, 0)).toBe(n);
    for (const s of pushed.perShard) expect(s).toBeGreaterThan(0);
    expect(pushed.products).toBeGreaterThan(0);

    const check = await runCli(['--db', store, 'cluster', 'check'], { CLIENTELE_CLICKHOUSE: url });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/^\d+ customers, \d+ figures compared with clickhouse:\/\/default@127\.0\.0\.1:\d+\/\w+\?cluster=clientele: largest relative difference/);
    const zh = await runCli(['--lang', 'zh-CN', '--db', store, 'cluster', 'check', '--to', url]);
    expect(zh.code, zh.stderr).toBe(0);
    expect(zh.stdout).toMatch(/^\d+ 位客户、\d+ 个指标已与 clickhouse:\/\/\S+ 比较：最大相对差异 /);
  });

  it('says the figures differ when the cluster holds other lines (every line pushed twice)', async () => {
    expect((await runCli(['--db', store, 'cluster', 'push', '--to', url])).code).toBe(0);
    const check = await runCli(['--db', store, 'cluster', 'check', '--to', url, '--json']);
    expect(check.code).not.toBe(0);
    const out = JSON.parse(check.stdout) as { differences: number; firstDifferences: Array<{ column: string; a: number; b: number }> };
    expect(out.differences).toBeGreaterThan(100);
    const lines = out.firstDifferences.find((d) => d.column === 'lines');
    if (lines) expect(lines.a).toBe(2 * lines.b);
    expect(check.stderr).toMatch(/figures differ between the cluster and the store/);
  });

  it('refuses as --db a ClickHouse database that cluster push wrote, in English and 简体中文, and creates no file', async () => {
    const en = await runCli(['--db', url, 'value']);
    expect(en.code).toBe(4);
    expect(en.stderr).toMatch(/holds order lines copied by clientele cluster push/);
    expect(existsSync(url)).toBe(false);
    expect(readdirSync('.').filter((f) => f.startsWith('clientele-127.0.0.1'))).toEqual([]);
    const zh = await runCli(['--lang', 'zh-CN', '--db', url, 'value']);
    expect(zh.code).toBe(4);
    expect(zh.stderr).toMatch(/保存的是 clientele cluster push 复制的订单明细/);
    const down = await runCli(['--lang', 'zh-CN', '--db', store, 'cluster', 'check', '--to', 'clickhouse://default@127.0.0.1:1/default']);
    expect(down.code).toBe(4);
    expect(down.stderr).toMatch(/无法连接 ClickHouse clickhouse:\/\/default@127\.0\.0\.1:1\/default：/);
    expect(down.stderr).toMatch(/请检查地址/);
    const none = await runCli(['--db', store, 'cluster', 'push'], { CLIENTELE_CLICKHOUSE: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no ClickHouse cluster given/);
  });
});
