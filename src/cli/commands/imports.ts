import { basename } from 'node:path';
import type { Command } from 'commander';
import type { RemoveReport } from '../../data/remove.js';
import { UsageError } from '../../errors.js';
import { print, printJson, refreshClusterFacts, withAnyStore } from '../context.js';
import { formatNumber, keyValues, table } from '../format.js';
import { entityLabel, prose, t } from '../i18n/index.js';

export function registerImports(program: Command, db: () => string): void {
  const imports = program
    .command('imports')
    .summary(t('cmd.imports'))
    .description(t('imports.description'))
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      await withAnyStore(db(), async ({ engine, cluster }) => {
        const imports = await engine.query<{ import_id: number; entity: string; file: string; rows_read: number; imported: number; updated: number; quarantined: number; finished_at: Date }>(
          'SELECT import_id, entity, file, rows_read, imported, updated, quarantined, finished_at FROM imports ORDER BY import_id',
        );
        const counts = await engine.query<{ entity: string; n: number }>(
          `SELECT 'customers' AS entity, count(*) AS n FROM customers UNION ALL SELECT 'orders', count(*) FROM order_lines
           UNION ALL SELECT 'products', count(*) FROM products UNION ALL SELECT 'service-costs', count(*) FROM service_costs
           UNION ALL SELECT 'payments', count(*) FROM payments UNION ALL SELECT 'surveys', count(*) FROM surveys
           UNION ALL SELECT 'leads', count(*) FROM leads UNION ALL SELECT 'quarantine', count(*) FROM quarantine`,
        );
        // On a ClickHouse store the order lines are on the cluster (the companion's table is empty).
        if (cluster) for (const c of counts) if (c.entity === 'orders') c.n = await cluster.lines.lineCount();
        if (o.json) {
          printJson({ imports, store: Object.fromEntries(counts.map((c) => [c.entity, c.n])), location: engine.location });
          return;
        }
        print(t('imports.storeAt', { location: engine.location }) + '\n');
        if (!imports.length) print(t('imports.none'));
        else print(table(['#', t('imports.col.entity'), t('imports.col.file'), t('imports.col.read'), t('imports.col.loaded'), t('imports.col.replaced'), t('imports.col.quarantined'), t('imports.col.finished')], imports.map((i) => [i.import_id, entityLabel(i.entity), basename(i.file), i.rows_read, i.imported, i.updated, i.quarantined, new Date(i.finished_at).toISOString().slice(0, 19).replace('T', ' ')])));
        print(`\n${t('imports.store')}`);
        print(table([t('imports.col.table'), t('imports.col.rows')], counts.map((c) => [entityLabel(c.entity), c.n])));
        if (imports.length) print(`\n${t('imports.removeHint')}`);
      });
    });
  imports
    .command('remove')
    .summary(t('imports.remove.summary'))
    .argument('<id>', t('imports.remove.arg'))
    .option('--json', t('cli.json'))
    .action(async (id: string, o: { json?: boolean }) => {
      const importId = Number(id);
      if (!Number.isSafeInteger(importId) || importId < 1) throw new UsageError(t('imports.remove.badId', { id }), t('imports.remove.badId.hint'));
      const { removeImport } = await import('../../data/remove.js');
      const r = await withAnyStore(db(), async ({ engine, cluster }) => {
        if (!cluster) return removeImport(engine, importId);
        // Its partition leaves every shard, then its rows leave the companion; the facts follow the cluster.
        const { removeClusterImport } = await import('../../engine/clickhouse/cluster-store.js');
        const removed = await removeClusterImport(cluster, importId);
        const customers = await refreshClusterFacts(engine, cluster);
        return removed.facts.mode === 'none' ? removed : { ...removed, facts: { mode: 'full' as const, customers } };
      });
      if (o.json) printJson(r);
      else print(describeRemoval(r));
    });
}

export function describeRemoval(r: RemoveReport): string {
  const rows = Object.entries(r.deleted).map(([table, n]) => `${formatNumber(n)} ${entityLabel(table)}`).join(t('value.listSeparator')) || t('imports.removed.noRows');
  const pairs: Array<[string, string]> = [[t('imports.removed.k.deleted'), rows]];
  if (r.restored) pairs.push([t('imports.removed.k.restored'), t('imports.removed.restored', { n: formatNumber(r.restored), entity: entityLabel(r.entity) })]);
  if (r.placeholders.customers || r.placeholders.products) pairs.push([t('imports.removed.k.placeholders'), t('imports.removed.placeholders', { customers: formatNumber(r.placeholders.customers), products: formatNumber(r.placeholders.products) })]);
  if (r.facts.mode !== 'none') pairs.push([t('imports.removed.k.facts'), r.facts.customers === 0 ? t('imports.removed.factsNone') : t(r.facts.mode === 'full' ? 'imports.removed.factsAll' : 'imports.removed.facts', { n: formatNumber(r.facts.customers) })]);
  if (r.cleared.length) pairs.push([t('imports.removed.k.cleared'), t('imports.removed.cleared', { tables: r.cleared.join(t('value.listSeparator')) })]);
  for (const n of r.notes) pairs.push([t('import.k.note'), prose(n)]);
  return `${t('imports.removed.title', { id: r.importId, entity: entityLabel(r.entity), file: basename(r.file) })}\n${keyValues(pairs)}`;
}
