import { basename } from 'node:path';
import type { Command } from 'commander';
import type { RemoveReport } from '../../data/remove.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, keyValues, table } from '../format.js';

export function registerImports(program: Command, db: () => string): void {
  const imports = program
    .command('imports')
    .summary('list past imports and what is in the store; remove one')
    .description(
      `Lists past imports and what is in the store.

  clientele imports remove ID   takes one import out, all or nothing: its rows, its quarantine, the rows it had
                                replaced are put back, and everything computed from it is cleared (recomputed
                                by the next command that needs it).

Importing the same file again with other options (--map, --date-format, --preset, …) replaces its earlier import;
the same file with the same options loads nothing.`,
    )
    .option('--json', 'print JSON')
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
          printJson({ imports, store: Object.fromEntries(counts.map((c) => [c.entity, c.n])), location: engine.location });
          return;
        }
        print(`Store: ${engine.location}\n`);
        if (!imports.length) print('No imports yet. Start with: clientele import orders FILE   (or: clientele demo)');
        else print(table(['#', 'entity', 'file', 'read', 'loaded', 'replaced', 'quarantined', 'finished (UTC)'], imports.map((i) => [i.import_id, i.entity, basename(i.file), i.rows_read, i.imported, i.updated, i.quarantined, new Date(i.finished_at).toISOString().slice(0, 19).replace('T', ' ')])));
        print('\nIn the store:');
        print(table(['table', 'rows'], counts.map((c) => [c.entity, c.n])));
        if (imports.length) print('\nTake one out with: clientele imports remove ID');
      });
    });
  imports
    .command('remove')
    .summary('take one import out of the store, with everything computed from it')
    .argument('<id>', 'the import number (see: clientele imports)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const importId = Number(id);
      if (!Number.isSafeInteger(importId) || importId < 1) throw new UsageError(`import "${id}": expected an import number`, 'list them with: clientele imports');
      const { removeImport } = await import('../../data/remove.js');
      const r = await withStore(db(), (engine) => removeImport(engine, importId));
      if (o.json) printJson(r);
      else print(describeRemoval(r));
    });
}

export function describeRemoval(r: RemoveReport): string {
  const rows = Object.entries(r.deleted).map(([t, n]) => `${formatNumber(n)} ${t}`).join(', ') || 'no rows';
  const pairs: Array<[string, string]> = [['deleted', rows]];
  if (r.restored) pairs.push(['restored', `${formatNumber(r.restored)} ${r.entity} rows it had replaced`]);
  if (r.placeholders.customers || r.placeholders.products) pairs.push(['placeholders', `${formatNumber(r.placeholders.customers)} customers and ${formatNumber(r.placeholders.products)} products made again for order lines that name them`]);
  if (r.facts.mode !== 'none') pairs.push(['customer figures', r.facts.customers === 0 ? 'cleared (no order lines remain)' : `recomputed for ${formatNumber(r.facts.customers)} customers${r.facts.mode === 'full' ? ' (all rebuilt)' : ''}`]);
  if (r.cleared.length) pairs.push(['cleared', `${r.cleared.join(', ')} (recomputed when next needed)`]);
  for (const n of r.notes) pairs.push(['note', n]);
  return `Removed import #${r.importId} (${r.entity}, ${basename(r.file)}).\n${keyValues(pairs)}`;
}
