/**
 * A ClickHouse store end to end, through the built CLI as a user runs it: the demo company imported with
 * `--db clickhouse://…` (its order lines on the 3-shard loopback cluster, the rest in the embedded companion) and the
 * same files imported into a plain DuckDB store; value, clv fit and predict, segment, customer, report and the
 * decision commands give the same figures within 1e-9 relative, and so do the stored per-customer tables. An undo
 * drops the import's partition on every shard. A cluster load that fails, or a process killed half-way through the
 * attaches, leaves neither the companion nor the cluster with the import.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../data/import.js';
import { generateDemo, type DemoFiles } from '../../demo/index.js';
import { StoreError } from '../../errors.js';
import { LINES, LINES_LOCAL, LINES_STAGE_LOCAL, sqlAttachPartition, sqlImportStates, sqlPartitionRows } from '../../sql/clickhouse/tables.js';
import { runCli } from '../../test-support/cli.js';
import { dropTestDatabase, testClusterUrl } from '../../test-support/clickhouse-cluster.js';
import { byCustomer, expectSameRows, expectSameValues, keyed } from '../../test-support/engine-equality.js';
import { tempDir } from '../../test-support/temp.js';
import { openStore } from '../store.js';
import { moveImportLines, moveImportsToCluster, openClusterStore } from './cluster-store.js';

const ORDER = ['products', 'customers', 'orders', 'service-costs', 'payments', 'surveys', 'leads'] as const;
let dir: ReturnType<typeof tempDir>;
let files: DemoFiles;
let ch: string;
let plain: string;
let database: string;

/** The test cluster's address with a fresh database and a companion file in the test's folder. */
function address(db: string, companion: string): string {
  return `${testClusterUrl().replace('/default?', `/${db}?`)}&store=${encodeURIComponent(companion)}`;
}

async function both(args: readonly string[]): Promise<{ a: unknown; b: unknown }> {
  const a = await runCli(['--db', ch, ...args]);
  expect(a.code, `clickhouse: ${args.join(' ')}\n${a.stderr}`).toBe(0);
  const b = await runCli(['--db', plain, ...args]);
  expect(b.code, `duckdb: ${args.join(' ')}\n${b.stderr}`).toBe(0);
  return { a: a.stdout.trim() ? JSON.parse(a.stdout) : null, b: b.stdout.trim() ? JSON.parse(b.stdout) : null };
}

/** Run ids, fit ids, times and places differ between two stores by nature. */
function comparable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(comparable);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).filter(([k]) => !['runId', 'fitId', 'fitMs', 'location', 'out', 'finished_at', 'reused', 'createdAt', 'created_at', 'updatedAt'].includes(k)).map(([k, x]) => [k, comparable(x)]));
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


beforeAll(async () => {
  dir = tempDir('clientele-ch-store-');
  ({ files } = await generateDemo({ customers: 700, seed: 31, outDir: join(dir.dir, 'demo') }));
  database = `clientele_test_store_${process.pid}_${randomBytes(4).toString('hex')}`;
  ch = address(database, join(dir.dir, 'companion.duckdb'));
  plain = join(dir.dir, 'plain.duckdb');
  // The customers carry a churn column (those who came by ads or partners churned, and every seventh other one), for
  // churn --learn from outcomes: a model with skill, which churn then uses (one below AUC 0.6 is not saved); every
  // fourth has no signup date, so the care calendar counts their anniversary from the first purchase (on the cluster).
  const [head, ...rest] = readFileSync(files.customers, 'utf8').trimEnd().split('\n');
  expect(head.endsWith(',signup_date,channel,referred_by,opt_out')).toBe(true);
  const noSignup = (l: string) => l.replace(/,[^,]*(,[^,]*,[^,]*,[^,]*)$/, ',$1');
  const customers = join(dir.dir, 'customers-churn.csv');
  const churned = (l: string, i: number) => /,(?:ads|partner),[^,]*,[^,]*$/.test(l) || i % 7 === 0;
  writeFileSync(customers, [`${head},churned`, ...rest.map((l, i) => `${i % 4 === 1 ? noSignup(l) : l},${churned(l, i) ? 'yes' : 'no'}`)].join('\n') + '\n');
  files = { ...files, customers };
  for (const entity of ORDER) await both(['import', entity, files[entity], '--json']);
});

afterAll(async () => {
  await dropTestDatabase(database);
  dir?.cleanup();
});

describe('a ClickHouse store (--db clickhouse://…) beside a DuckDB store with the same data', () => {
  it('keeps the order lines only on the cluster, sharded, and lists them', async () => {
    const { a, b } = await both(['imports', '--json']);
    const store = (x: unknown) => (x as { store: Record<string, number> }).store;
    expect(store(a).orders).toBeGreaterThan(3000);
    expect(store(a)).toEqual(store(b));
    // On its own, the companion is refused as a store: it would answer from no lines.
    const alone = await runCli(['--db', join(dir.dir, 'companion.duckdb'), 'value']);
    expect(alone.code).toBe(4);
    expect(alone.stderr).toMatch(/holds the rest of a ClickHouse store whose order lines are on clickhouse:\/\//);
    const companion = await openStore(join(dir.dir, 'companion.duckdb'), {}, { companion: true });
    try {
      expect((await companion.query<{ n: number }>('SELECT count(*) AS n FROM order_lines'))[0].n).toBe(0);
    } finally {
      await companion.close();
    }
  });

  it('gives the same value run, stored figures, customer, CLV fit and predictions, segment, report and decisions', async () => {
    const v = await both(['value', '--json']);
    expectSameValues('value', comparable(v.a), comparable(v.b));
    for (const table of ['customer_facts', 'customer_summary', 'customer_value']) {
      expectSameRows(table, await storedRows(join(dir.dir, 'companion.duckdb'), table), await storedRows(plain, table), ['run_id']);
    }
    const top = (v.b as { bigCustomers: { large: Array<{ customerId: string }> } }).bigCustomers.large[0].customerId;
    const c = await both(['customer', top, '--json']);
    expectSameValues('customer', comparable(c.a), comparable(c.b));
    const fit = await both(['clv', 'fit', '--json']);
    expectSameValues('clv fit', comparable(fit.a), comparable(fit.b));
    const check = await both(['clv', 'check', '--json']);
    expect((check.a as { tracking: unknown[] }).tracking.length).toBeGreaterThan(10);
    expectSameValues('clv check', comparable(check.a), comparable(check.b));
    const predict = await both(['clv', 'predict', '--horizon', '52', '--discount-rate', '0.01', '--json']);
    expectSameValues('clv predict', comparable(predict.a), comparable(predict.b));
    // With predictions the value run takes them as long-term value: still the same.
    const v2 = await both(['value', '--json']);
    expectSameValues('value with CLV', comparable(v2.a), comparable(v2.b));
    expectSameRows('customer_value with CLV', await storedRows(join(dir.dir, 'companion.duckdb'), 'customer_value'), await storedRows(plain, 'customer_value'), ['run_id']);
    const seg = await both(['segment', 'create', 'keep', '--rule', 'profit > 100 and last_purchase < -90d', '--json']);
    expectSameValues('segment', comparable(seg.a), comparable(seg.b));
    for (const cmd of ['big-customers', 'sources', 'lifecycle', 'stages']) {
      const d = await both([cmd, '--json']);
      expectSameValues(cmd, comparable(d.a), comparable(d.b));
    }
    const r = await both(['report', '--out', join(dir.dir, 'ch.html'), '--json']);
    expectSameValues('report', comparable(r.a), comparable(r.b));
    await both(['report', '--out', join(dir.dir, 'duck.html'), '--json']);
    expect(readFileSync(join(dir.dir, 'ch.html'), 'utf8')).toBe(readFileSync(join(dir.dir, 'duck.html'), 'utf8'));
  });

  it('gives the same churn list, learned churn, report with it, care calendar, campaign, leads, lookalikes, referrals, allocation and company profile', async () => {
    const churn = await both(['churn', '--json']);
    expect((churn.a as { economics: unknown }).economics, 'retention economics from the cluster').not.toBeNull();
    expectSameValues('churn', comparable(churn.a), comparable(churn.b));
    const learn = await both(['churn', '--learn', '--json']);
    expectSameValues('churn --learn', comparable(learn.a), comparable(learn.b));
    expectSameRows('churn_scores', await storedRows(join(dir.dir, 'companion.duckdb'), 'churn_scores'), await storedRows(plain, 'churn_scores'), ['created_at']);
    const learned = await both(['churn', '--json']);
    expect((learned.a as { pAlive: { source: string } }).pAlive.source).toBe('learned');
    expectSameValues('churn with a learned model', comparable(learned.a), comparable(learned.b));
    await both(['report', '--out', join(dir.dir, 'ch-churn.html'), '--json']);
    await both(['report', '--out', join(dir.dir, 'duck-churn.html'), '--json']);
    const html = readFileSync(join(dir.dir, 'ch-churn.html'), 'utf8');
    expect(html).toBe(readFileSync(join(dir.dir, 'duck-churn.html'), 'utf8'));
    const care = await both(['care', '--from', '2024-01-01', '--to', '2024-12-31', '--json']);
    expect((care.a as { events: Array<{ since: string | null }> }).events.filter((e) => e.since === 'first purchase').length).toBeGreaterThan(0);
    expectSameValues('care', comparable(care.a), comparable(care.b));
    for (const args of [['lookalike'], ['referrals'], ['leads', 'qualify'], ['leads', 'score'], ['allocate', '--budget', '10000'], ['company', 'set', '--price-tier', 'premium'], ['company', 'show']]) {
      const r = await both([...args, '--json']);
      expectSameValues(args.join(' '), comparable(r.a), comparable(r.b));
    }
    const created = await both(['campaign', 'create', 'spring', '--segment', 'Hibernating', '--sent-at', '2024-06-01', '--json']);
    expectSameValues('campaign create', comparable(created.a), comparable(created.b));
    const byDefault = await both(['campaign', 'create', 'autumn', '--segment', 'Champions', '--json']);
    expect((byDefault.a as { campaign: { sentAt: string } }).campaign.sentAt, 'sent on the last order day, from the cluster').toBe((byDefault.b as { campaign: { sentAt: string } }).campaign.sentAt);
    for (const args of [['campaign', 'list'], ['campaign', 'measure', '1'], ['allocate', '--budget', '10000']]) {
      const r = await both([...args, '--json']);
      expectSameValues(args.join(' '), comparable(r.a), comparable(r.b));
    }
  });

  it('fits sBG on subscriptions with the same figures and stored lifetime values (who buys outside them read from the cluster)', async () => {
    // 150 subscriptions of the demo's customers, a third of them ended; monthly, one plan each.
    const rows = Array.from({ length: 150 }, (_, i) => {
      const start = `${2022 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}-01`;
      const end = i % 3 === 0 ? `2024-${String(1 + (i % 6)).padStart(2, '0')}-15` : '';
      return `S${i + 1},CU${String(i * 4 + 1).padStart(6, '0')},${i % 2 ? 'basic' : 'premium'},${start},${end},month,${i % 2 ? 19 : 49}`;
    });
    const file = join(dir.dir, 'subscriptions.csv');
    writeFileSync(file, ['subscription_id,customer_id,plan,started_at,ended_at,billing_period,recurring_charge', ...rows].join('\n') + '\n');
    await both(['import', 'subscriptions', file, '--json']);
    const fit = await both(['clv', 'fit', '--model', 'sbg', '--by', 'plan', '--json']);
    expect((fit.a as { predictions: { customers: number } }).predictions.customers).toBeGreaterThan(50);
    expectSameValues('clv fit --model sbg', comparable(fit.a), comparable(fit.b));
    expectSameRows('clv_predictions (sbg)', await storedRows(join(dir.dir, 'companion.duckdb'), 'clv_predictions'), await storedRows(plain, 'clv_predictions'), ['fit_id', 'created_at']);
  });

  it('refuses cluster push and cluster check on a ClickHouse store, saying why and what to do, in English and in Chinese', async () => {
    const en = await runCli(['--db', ch, 'cluster', 'push', '--to', testClusterUrl()]);
    expect(en.code).toBe(4);
    expect(en.stderr).toContain('clientele cluster push works beside a DuckDB store');
    expect(en.stderr).toContain('clientele --db FILE.duckdb cluster push --to clickhouse://…');
    const zh = await runCli(['--lang', 'zh-CN', '--db', ch, 'cluster', 'check', '--to', testClusterUrl()]);
    expect(zh.code).toBe(4);
    expect(zh.stderr).toContain('clientele cluster check 用于 DuckDB 数据库旁');
    expect(zh.stderr).toContain('--db 请给 DuckDB 文件');
  });

  it('runs value, churn and migrate as of an earlier day, with the customer figures computed on the cluster as of that day', async () => {
    const v = await both(['value', '--as-of', '2024-06-30', '--json']);
    expect((v.b as { asOf: string }).asOf).toBe('2024-06-30');
    expectSameValues('value --as-of', comparable(v.a), comparable(v.b));
    for (const table of ['customer_summary', 'customer_value']) {
      expectSameRows(`${table} --as-of`, await storedRows(join(dir.dir, 'companion.duckdb'), table), await storedRows(plain, table), ['run_id']);
    }
    const churn = await both(['churn', '--as-of', '2024-06-30', '--json']);
    expectSameValues('churn --as-of', comparable(churn.a), comparable(churn.b));
    const moves = await both(['migrate', '--from', '2024-03-31', '--to', '2024-09-30', '--json']);
    expect((moves.b as { customers: { both: number } }).customers.both).toBeGreaterThan(100);
    expectSameValues('migrate', comparable(moves.a), comparable(moves.b));
    // Back to the last order day: the facts follow again.
    const now = await both(['value', '--json']);
    expectSameValues('value after', comparable(now.a), comparable(now.b));
    expectSameRows('customer_facts after', await storedRows(join(dir.dir, 'companion.duckdb'), 'customer_facts'), await storedRows(plain, 'customer_facts'), ['run_id']);
  });

  it('undoes an import of orders on every shard, and the figures follow', async () => {
    const list = (await runCli(['--db', ch, 'imports', '--json'])).stdout;
    const orders = (JSON.parse(list) as { imports: Array<{ import_id: number; entity: string }> }).imports.find((i) => i.entity === 'orders')!.import_id;
    const plainOrders = (JSON.parse((await runCli(['--db', plain, 'imports', '--json'])).stdout) as { imports: Array<{ import_id: number; entity: string }> }).imports.find((i) => i.entity === 'orders')!.import_id;
    const u = await runCli(['--db', ch, 'imports', 'remove', String(orders)]);
    expect(u.code, u.stderr).toBe(0);
    expect((await runCli(['--db', plain, 'imports', 'remove', String(plainOrders)])).code).toBe(0);
    const cluster = await openClusterStore(ch);
    try {
      for (let s = 0; s < cluster.ch.shardCount; s++) expect((await cluster.ch.queryShard<{ n: number }>(s, sqlPartitionRows(LINES_LOCAL, orders)))[0].n).toBe(0);
      expect((await cluster.ch.query<{ n: number }>(`SELECT toInt64(count()) AS n FROM ${LINES}`))[0].n).toBe(0);
    } finally {
      await cluster.close();
    }
    // Back again, as a new import: the same figures on both.
    await both(['import', 'orders', files.orders, '--json']);
    const v = await both(['value', '--json']);
    expectSameValues('value after undo and import', comparable(v.a), comparable(v.b));
    const p = await both(['imports', '--json']);
    const payments = (p.a as { imports: Array<{ import_id: number; entity: string }> }).imports.find((i) => i.entity === 'payments')!.import_id;
    expect((await runCli(['--db', ch, 'imports', 'remove', String(payments)])).code).toBe(0);
    const pb = (p.b as { imports: Array<{ import_id: number; entity: string }> }).imports.find((i) => i.entity === 'payments')!.import_id;
    expect((await runCli(['--db', plain, 'imports', 'remove', String(pb)])).code).toBe(0);
    const v3 = await both(['value', '--json']);
    expectSameValues('value after removing payments', comparable(v3.a), comparable(v3.b));
  });

  it('deletes one customer’s lines on every shard, and only theirs', async () => {
    const cluster = await openClusterStore(ch);
    try {
      const per = async () => new Map((await cluster.ch.query<{ c: string | null; n: number }>(`SELECT customer_id AS c, toInt64(count()) AS n FROM ${LINES} GROUP BY c`)).map((r) => [r.c, r.n]));
      const before = await per();
      const [someone] = [...before].filter(([c, n]) => c !== null && n > 3).map(([c]) => c as string);
      await cluster.lines.removeCustomerLines(someone);
      const after = await per();
      expect(after.has(someone)).toBe(false);
      for (let s = 0; s < cluster.ch.shardCount; s++) expect((await cluster.ch.queryShard<{ n: number }>(s, `SELECT toInt64(count()) AS n FROM ${LINES_LOCAL} WHERE customer_id = $1`, [someone]))[0].n).toBe(0);
      before.delete(someone);
      expect(Object.fromEntries([...after].map(([c, n]) => [String(c), n]))).toEqual(Object.fromEntries([...before].map(([c, n]) => [String(c), n])));
    } finally {
      await cluster.close();
    }
  });
});

describe('the demo company built on a ClickHouse store', () => {
  it('is the same company, value run and report (with its campaign measured from the cluster) as on DuckDB', async () => {
    const db3 = `clientele_test_demo_${process.pid}_${randomBytes(4).toString('hex')}`;
    try {
      const a = await runCli(['--db', address(db3, join(dir.dir, 'demo-companion.duckdb')), 'demo', '--customers', '300', '--seed', '5', '--out', join(dir.dir, 'demo-ch'), '--json']);
      expect(a.code, a.stderr).toBe(0);
      const b = await runCli(['--db', join(dir.dir, 'demo.duckdb'), 'demo', '--customers', '300', '--seed', '5', '--out', join(dir.dir, 'demo-duck'), '--json']);
      expect(b.code, b.stderr).toBe(0);
      const figures = (s: string) => (JSON.parse(s) as { value: unknown; generated: unknown }).value;
      expectSameValues('demo', figures(a.stdout), figures(b.stdout));
      expect(readFileSync(join(dir.dir, 'demo-ch', 'report.html'), 'utf8')).toBe(readFileSync(join(dir.dir, 'demo-duck', 'report.html'), 'utf8'));
      const ra = await runCli(['--db', address(db3, join(dir.dir, 'demo-companion.duckdb')), 'report', '--out', join(dir.dir, 'demo-ch.html')]);
      expect(ra.code, ra.stderr).toBe(0);
      expect((await runCli(['--db', join(dir.dir, 'demo.duckdb'), 'report', '--out', join(dir.dir, 'demo-duck.html')])).code).toBe(0);
      const html = readFileSync(join(dir.dir, 'demo-ch.html'), 'utf8');
      expect(html).toContain('Campaigns measured against a holdout');
      expect(html).toBe(readFileSync(join(dir.dir, 'demo-duck.html'), 'utf8'));
      // Without a churn column churn --learn learns from silence: value runs at an earlier day and now, the figures
      // computed on the cluster as of each, and who bought after the cutoff read there.
      const learn = async (db: string) => {
        const r = await runCli(['--db', db, 'churn', '--learn', '--json']);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as { outcome: { kind: string }; auc: number };
      };
      const la = await learn(address(db3, join(dir.dir, 'demo-companion.duckdb')));
      const lb = await learn(join(dir.dir, 'demo.duckdb'));
      expect(lb.outcome.kind).toBe('silence');
      expectSameValues('churn --learn from silence', comparable(la), comparable(lb));
    } finally {
      await dropTestDatabase(db3);
    }
  });
});

describe('an import into a ClickHouse store that fails or is killed', () => {
  let db2: string;
  let addr: string;
  beforeAll(async () => {
    db2 = `clientele_test_fail_${process.pid}_${randomBytes(4).toString('hex')}`;
    addr = address(db2, join(dir.dir, 'fail.duckdb'));
    const s = await openClusterStore(addr);
    try {
      await importFiles(s.engine, { entity: 'products', files: [files.products] });
      await moveImportsToCluster(s, []);
    } finally {
      await s.close();
    }
  });
  afterAll(() => dropTestDatabase(db2));

  async function nothingLeft(): Promise<void> {
    const s = await openClusterStore(addr);
    try {
      expect((await s.engine.query<{ n: number }>("SELECT count(*) AS n FROM imports WHERE entity = 'orders'"))[0].n).toBe(0);
      expect((await s.engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines'))[0].n).toBe(0);
      expect((await s.ch.query<{ n: number }>(`SELECT toInt64(count()) AS n FROM ${LINES}`))[0].n).toBe(0);
      expect((await s.ch.query<{ status: string }>(sqlImportStates())).filter((x) => x.status !== 'discarded')).toEqual([]);
    } finally {
      await s.close();
    }
  }

  it('takes the import out of the companion and the cluster when the cluster load fails, and says so', async () => {
    const s = await openClusterStore(addr);
    try {
      const r = await importFiles(s.engine, { entity: 'orders', files: [files.orders] });
      expect(r.imported).toBeGreaterThan(3000);
      const failing = moveImportsToCluster(s, r.importIds, {
        beforeAttach: async () => {
          // One shard has attached its part when the load fails.
          const [st] = (await s.ch.query<{ import_id: number; status: string }>(sqlImportStates())).filter((x) => x.status === 'loading');
          await s.ch.runOnShard(0, sqlAttachPartition(LINES_LOCAL, LINES_STAGE_LOCAL, st.import_id));
          throw new Error('connection reset');
        },
      });
      await expect(failing).rejects.toThrow(StoreError);
      await expect(failing).rejects.toThrow(/connection reset.*neither the store nor the cluster holds it/);
    } finally {
      await s.close();
    }
    await nothingLeft();
  });

  it('leaves nothing visible after a process killed half-way through the attaches, once the store is opened again', async () => {
    const s = await openClusterStore(addr);
    try {
      const r = await importFiles(s.engine, { entity: 'orders', files: [files.orders] });
      await expect(
        moveImportLines(s.engine, s.ch, r.importIds[0], {
          beforeAttach: async () => {
            await s.ch.runOnShard(0, sqlAttachPartition(LINES_LOCAL, LINES_STAGE_LOCAL, r.importIds[0]));
            // The process dies here: nothing after this line runs, no clean-up.
            throw new Error('killed');
          },
        }),
      ).rejects.toThrow('killed');
      // Part of the import is visible on one shard until the store is opened again.
      expect((await s.ch.query<{ n: number }>(`SELECT toInt64(count()) AS n FROM ${LINES}`))[0].n).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
    await nothingLeft();
  });
});
