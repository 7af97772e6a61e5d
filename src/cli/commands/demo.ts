import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { importFiles, type ImportReport } from '../../data/import.js';
import type { EntityName } from '../../data/entities.js';
import { generateDemo, type DemoFiles } from '../../demo/index.js';
import type { Engine } from '../../engine/engine.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { loadClvCheck } from '../../report/clv-check.js';
import { loadReportExtras, renderReport } from '../../report/index.js';
import { referralReport } from '../../act/index.js';
import { computeValue } from '../../value/index.js';
import { loadValueConfig } from './value.js';
import { ProgressBar } from '../progress.js';

/** Import order: products and customers first, so order lines find them and make no placeholders. */
const ORDER: readonly EntityName[] = ['products', 'customers', 'orders', 'service-costs', 'payments', 'surveys', 'leads', 'contacts'];

/** Imports the demo company's files, each entity in dependency order. */
export async function importDemoFiles(engine: Engine, files: DemoFiles, onProgress?: (entity: EntityName, fraction: number | null) => void): Promise<ImportReport[]> {
  const out: ImportReport[] = [];
  for (const entity of ORDER) out.push(await importFiles(engine, { entity, files: [files[entity]], ...(onProgress ? { onProgress: (e) => onProgress(entity, e.fraction) } : {}) }));
  return out;
}

export function registerDemo(program: Command, db: () => string): void {
  program
    .command('demo')
    .summary('build the demo company (every entity), import it, and run the main job on it')
    .description(
      `Generates a realistic synthetic company — customers with demographics and firmographics, products with costs,
order lines from a BG/NBD-like purchase process, service costs, payments (some late, some written off), surveys,
and leads with outcomes and referral chains — writes one CSV per entity to --out, imports them into the store
and shows what was loaded. Seeded: the same --seed and --customers give the same company. Running it again on
the same store loads nothing new.`,
    )
    .option('--customers <n>', 'number of customers (scales to millions for benchmarks)', '5000')
    .option('--seed <n>', 'random seed', '42')
    .option('--out <dir>', 'folder for the generated CSV files', 'demo-data')
    .option('--json', 'print JSON')
    .action(async (o: { customers: string; seed: string; out: string; json?: boolean }) => {
      const customers = Number(o.customers);
      const seed = Number(o.seed);
      if (!Number.isInteger(customers) || customers < 1) throw new UsageError(`--customers ${o.customers}: expected a positive whole number`);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed ${o.seed}: expected a whole number`);
      const bar = new ProgressBar(process.stderr, process.stderr.isTTY ? (o.json ? 'off' : 'bar') : 'lines');
      const outDir = resolve(o.out);
      const generated = await generateDemo({ customers, seed, outDir, onProgress: (done, total) => bar.update('generating the demo company', done / total) });
      bar.done();
      const { reports, value, html } = await withStore(db(), async (engine) => {
        const reports = await importDemoFiles(engine, generated.files, (entity, f) => bar.update(`importing ${entity}`, f));
        // The main job: value every customer and write the report.
        bar.update('valuing customers', null);
        const config = loadValueConfig({});
        const value = await computeValue(engine, { config });
        // Campaign history (src/demo/campaign-history.ts): a win-back letter with a holdout and its responses.
        await (await import('../../demo/campaign-history.js')).addDemoCampaign(engine, seed, value.asOf);
        const referrals = await referralReport(engine, config, value.asOf);
        const html = renderReport({ value, ...(await loadReportExtras(engine, value)), clvCheck: await loadClvCheck(engine), referrals }, 'en');
        return { reports, value, html };
      }).finally(() => bar.done());
      const reportFile = join(outDir, 'report.html');
      writeFileSync(reportFile, html);
      if (o.json) {
        printJson({
          outDir,
          report: reportFile,
          generated: generated.counts,
          imports: reports.map((r) => ({ entity: r.entity, importId: r.importId, rowsRead: r.rowsRead, imported: r.imported, quarantined: r.quarantined, alreadyImported: r.files[0].alreadyImportedAs })),
          value: { asOf: value.asOf, customers: value.customers, revenue: value.revenue.net, profit: value.profit.profit, top20Share: value.whale.top20Share, peak: value.whale.peak },
        });
        return;
      }
      print(`Demo company: ${formatNumber(customers)} customers, seed ${seed}, files in ${outDir}\n`);
      print(
        table(
          ['entity', 'generated', 'read', 'loaded', 'quarantined', 'import'],
          reports.map((r) => [r.entity, generated.counts[r.entity], r.rowsRead, r.imported, r.quarantined, r.files[0].alreadyImportedAs !== null ? `already #${r.files[0].alreadyImportedAs}` : `#${r.importId}`]),
        ),
      );
      const w = value.whale;
      print(`\nAs of ${value.asOf}: net revenue ${formatNumber(Math.round(value.revenue.net))}, profit ${formatNumber(Math.round(value.profit.profit))}.`);
      print(`The top 20% of customers make ${formatPercent(w.top20Share ?? 0)} of profit; ${formatNumber(value.customers.lossMaking)} customers lose money; the whale curve peaks at ${formatPercent(w.peak.share ?? 0)} after ${formatPercent(w.peak.customerShare)} of customers.`);
      print(`\nReport: ${reportFile}\nNext: clientele value · clientele customer ID · clientele report --out report.html --lang zh-CN`);
    });
}
