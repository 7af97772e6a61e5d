import { basename } from 'node:path';
import type { Command } from 'commander';
import { print, printJson, withStore } from '../context.js';
import { table } from '../format.js';
import { entityLabel, t } from '../i18n/index.js';

export function registerImports(program: Command, db: () => string): void {
  program
    .command('imports')
    .summary(t('cmd.imports'))
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      await withStore(db(), async (engine) => {
        const imports = await engine.query<{ import_id: number; entity: string; file: string; rows_read: number; imported: number; updated: number; quarantined: number; finished_at: Date }>(
          'SELECT import_id, entity, file, rows_read, imported, updated, quarantined, finished_at FROM imports ORDER BY import_id',
        );
        const counts = await engine.query<{ entity: string; n: number }>(
          `SELECT 'customers' AS entity, count(*) AS n FROM customers UNION ALL SELECT 'orders', count(*) FROM order_lines
           UNION ALL SELECT 'products', count(*) FROM products UNION ALL SELECT 'service-costs', count(*) FROM service_costs
           UNION ALL SELECT 'payments', count(*) FROM payments UNION ALL SELECT 'surveys', count(*) FROM surveys
           UNION ALL SELECT 'leads', count(*) FROM leads UNION ALL SELECT 'quarantine', count(*) FROM quarantine`,
        );
        if (o.json) {
          printJson({ imports, store: Object.fromEntries(counts.map((c) => [c.entity, c.n])) });
          return;
        }
        if (!imports.length) print(t('imports.none'));
        else print(table(['#', t('imports.col.entity'), t('imports.col.file'), t('imports.col.read'), t('imports.col.loaded'), t('imports.col.replaced'), t('imports.col.quarantined'), t('imports.col.finished')], imports.map((i) => [i.import_id, entityLabel(i.entity), basename(i.file), i.rows_read, i.imported, i.updated, i.quarantined, new Date(i.finished_at).toISOString().slice(0, 19).replace('T', ' ')])));
        print(`\n${t('imports.store')}`);
        print(table([t('imports.col.table'), t('imports.col.rows')], counts.map((c) => [entityLabel(c.entity), c.n])));
      });
    });
}
