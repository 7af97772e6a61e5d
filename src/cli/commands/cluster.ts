import type { Command } from 'commander';
import { ClienteleError, StoreError, UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { t } from '../i18n/index.js';

/**
 * `clientele cluster`: a ClickHouse cluster beside a store (docs/clickhouse.md). `push` copies the store's order
 * lines (sharded by customer) and products to the cluster as one atomic import; `check` computes every customer's
 * line figures on the cluster's shards and compares them with the store's own. The ClickHouse client loads here only.
 */
export function registerCluster(program: Command, db: () => string): void {
  const cluster = program.command('cluster').summary(t('cmd.cluster')).description(t('cluster.description'));
  const target = async (to: string | undefined) => {
    const url = to ?? process.env.CLIENTELE_CLICKHOUSE;
    const { isClickHouseUrl, parseClickHouseUrl } = await import('../../engine/clickhouse/url.js');
    if (!url || !isClickHouseUrl(url)) throw new UsageError(t('cluster.noTarget'), t('cluster.noTarget.hint'));
    return parseClickHouseUrl(url);
  };
  // push and check copy and compare a DuckDB store's lines: a ClickHouse store's lines are its cluster's already.
  const duckdbOnly = async (sub: 'push' | 'check') => {
    const { isClickHouseUrl } = await import('../../engine/clickhouse/url.js');
    if (isClickHouseUrl(db())) throw new StoreError(t('cluster.duckdbOnly', { command: `clientele cluster ${sub}` }), t('cluster.duckdbOnly.hint', { sub }));
  };
  cluster
    .command('push')
    .summary(t('cluster.push'))
    .option('--to <url>', t('cluster.opt.to'))
    .option('--json', t('cli.json'))
    .action(async (o: { to?: string; json?: boolean }) => {
      await duckdbOnly('push');
      const where = await target(o.to);
      const { ClickHouseEngine } = await import('../../engine/clickhouse/clickhouse-engine.js');
      const { loadOrderLines, recoverClickHouseImports, replaceProducts, ensureLineTables } = await import('../../engine/clickhouse/lines.js');
      const { LINES_LOCAL } = await import('../../sql/clickhouse/tables.js');
      const out = await withStore(db(), async (engine) => {
        const ch = await ClickHouseEngine.open(where, { createDatabase: true });
        try {
          await ensureLineTables(ch);
          const discarded = await recoverClickHouseImports(ch);
          const products = await replaceProducts(ch, engine);
          const { importId, lines } = await loadOrderLines(ch, engine);
          const perShard: number[] = [];
          for (let s = 0; s < ch.shardCount; s++) perShard.push((await ch.queryShard<{ n: number }>(s, `SELECT count() AS n FROM ${LINES_LOCAL} WHERE import_id = $1`, [importId]))[0].n);
          return { cluster: ch.location, serverVersion: ch.serverVersion, importId, lines, products, perShard, discarded };
        } finally {
          await ch.close();
        }
      });
      if (o.json) printJson(out);
      else {
        print(t('cluster.pushed', { lines: out.lines, products: out.products, where: out.cluster, id: out.importId }));
        print(t('cluster.perShard', { counts: out.perShard.join(' / ') }));
      }
    });
  cluster
    .command('check')
    .summary(t('cluster.check'))
    .option('--to <url>', t('cluster.opt.to'))
    .option('--json', t('cli.json'))
    .action(async (o: { to?: string; json?: boolean }) => {
      await duckdbOnly('check');
      const where = await target(o.to);
      const { ClickHouseEngine } = await import('../../engine/clickhouse/clickhouse-engine.js');
      const { clusterFacts, lastOrderDay } = await import('../../engine/clickhouse/lines.js');
      const { compareRows } = await import('../../engine/clickhouse/compare.js');
      const { currentFacts, DEFAULT_WINDOW_DAYS, growthWindows } = await import('../../data/facts.js');
      const out = await withStore(db(), async (engine) => {
        const ch = await ClickHouseEngine.open(where);
        try {
          const local = await engine.transaction(() => currentFacts(engine, DEFAULT_WINDOW_DAYS));
          const asOf = await lastOrderDay(ch);
          if (!asOf || asOf !== local.asOf) throw new ClienteleError(t('cluster.otherData', { cluster: asOf ?? '—', store: local.asOf ?? '—' }), t('cluster.otherData.hint'));
          const w = growthWindows(asOf, DEFAULT_WINDOW_DAYS);
          const remote = await clusterFacts(ch, asOf, w.recentFrom, w.priorFrom);
          const mine = await engine.query<Record<string, unknown>>('SELECT * FROM customer_facts');
          const c = compareRows(remote.facts, mine, (r) => String(r.customer_id));
          return { cluster: ch.location, asOf, customers: c.rows, values: c.values, missing: c.missing.length, differences: c.differences.length, largestRelative: c.largestRelative, firstDifferences: c.differences.slice(0, 5) };
        } finally {
          await ch.close();
        }
      });
      if (o.json) printJson(out);
      else print(t('cluster.checked', { customers: out.customers, values: out.values, where: out.cluster, largest: out.largestRelative.toExponential(1) }));
      if (out.differences > 0 || out.missing > 0) throw new ClienteleError(t('cluster.differ', { n: out.differences + out.missing }), t('cluster.differ.hint'));
    });
}
