import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { importFiles, type ImportReport } from '../../data/import.js';
import type { EntityName } from '../../data/entities.js';
import { generateDemo, type DemoFiles } from '../../demo/index.js';
import type { Engine } from '../../engine/engine.js';
import { StoreError, UsageError } from '../../errors.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { print, printJson, refreshClusterFacts, withAnyStore } from '../context.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { loadClvCheck } from '../../report/clv-check.js';
import { loadReportExtras, renderReport } from '../../report/index.js';
import { referralReport } from '../../act/index.js';
import { computeValue } from '../../value/index.js';
import { loadValueConfig } from './value.js';
import { ProgressBar } from '../progress.js';
import { entityLabel, getLang, t } from '../i18n/index.js';
import { withoutPassword } from '../../engine/clickhouse/url.js';

/** The demo company's own store: never the company's (`--db` still wins; $CLIENTELE_DB does not apply). */
export const DEMO_STORE = './demo.duckdb';

/**
 * One store, one company: demo builds its company only in an empty store, or in one that holds exactly this demo
 * company already (same --customers and --seed: the files' bytes match every import), where it loads nothing.
 */
export async function checkDemoStore(engine: Engine, files: DemoFiles): Promise<'empty' | 'same'> {
  const done = await engine.query<{ entity: string; sha256: string }>("SELECT entity, sha256 FROM imports WHERE status = 'done'");
  if (!done.length) return 'empty';
  const held = new Set(done.map((r) => `${r.entity}:${r.sha256}`));
  const mine = new Set<string>();
  for (const entity of ORDER) mine.add(`${entity}:${await hashFile(files[entity])}`);
  if (done.length === mine.size && [...mine].every((k) => held.has(k))) return 'same';
  throw new StoreError(
    `${engine.location} already holds data (${done.length} imports${[...held].every((k) => mine.has(k)) ? '' : ', not this demo company'}); demo builds a company only in an empty store, so that two data sets never mix`,
    `use another store: clientele --db demo-2.duckdb demo …, or delete ${engine.location} first`,
  );
}

/** The file's SHA-256, as the importer fingerprints it (data/scan.ts). */
async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Import order: products and customers first, so order lines find them and make no placeholders. */
const ORDER: readonly (EntityName & keyof DemoFiles)[] = ['products', 'customers', 'orders', 'service-costs', 'payments', 'surveys', 'leads', 'contacts'];

/** Imports the demo company's files, each entity in dependency order. */
export async function importDemoFiles(engine: Engine, files: DemoFiles, onProgress?: (entity: EntityName, fraction: number | null) => void): Promise<ImportReport[]> {
  const out: ImportReport[] = [];
  for (const entity of ORDER) out.push(await importFiles(engine, { entity, files: [files[entity]], ...(onProgress ? { onProgress: (e) => onProgress(entity, e.fraction) } : {}) }));
  return out;
}

export function registerDemo(program: Command, db: () => string): void {
  program
    .command('demo')
    .summary(t('cmd.demo'))
    .description(
      t('demo.description'),
    )
    .option('--customers <n>', t('demo.opt.customers'), '5000')
    .option('--seed <n>', t('demo.opt.seed'), '42')
    .option('--out <dir>', t('demo.opt.out'), 'demo-data')
    .option('--json', t('cli.json'))
    .action(async (o: { customers: string; seed: string; out: string; json?: boolean }) => {
      const customers = Number(o.customers);
      const seed = Number(o.seed);
      if (!Number.isInteger(customers) || customers < 1) throw new UsageError(t('demo.badCustomers', { value: o.customers }));
      if (!Number.isInteger(seed)) throw new UsageError(t('demo.badSeed', { value: o.seed }));
      const bar = new ProgressBar(process.stderr, process.stderr.isTTY ? (o.json ? 'off' : 'bar') : 'lines');
      const outDir = resolve(o.out);
      const store = (program.opts().db as string | undefined) ?? DEMO_STORE;
      void db;
      // A store that holds something already: the company is generated aside first, to compare without touching --out.
      const [{ n: held }] = await withAnyStore(store, ({ engine }) => engine.query<{ n: number }>('SELECT count(*) AS n FROM imports'));
      const aside = held > 0 ? await mkdtemp(join(tmpdir(), 'clientele-demo-')) : null;
      const generated = await generateDemo({ customers, seed, outDir: aside ?? outDir, onProgress: (done, total) => bar.update(t('demo.generating'), done / total) }).finally(() => bar.done());
      const { reports, value, html } = await withAnyStore(store, async ({ engine, cluster }) => {
        await checkDemoStore(engine, generated.files);
        const reports = await importDemoFiles(engine, generated.files, (entity, f) => bar.update(t('demo.importing', { entity: entityLabel(entity) }), f));
        if (cluster) {
          // A ClickHouse store: the order lines go to the cluster as their import, as `import` sends them.
          const { moveImportsToCluster } = await import('../../engine/clickhouse/cluster-store.js');
          bar.update(t('import.phase.cluster'), null);
          await moveImportsToCluster(cluster, reports.filter((r) => r.entity === 'orders').flatMap((r) => r.importIds));
          await refreshClusterFacts(engine, cluster);
        }
        // The main job: value every customer and write the report.
        bar.update(t('demo.valuing'), null);
        const config = loadValueConfig({});
        const value = await computeValue(engine, { config });
        // Campaign history (src/demo/campaign-history.ts): a win-back letter with a holdout and its responses.
        await (await import('../../demo/campaign-history.js')).addDemoCampaign(engine, seed, value.asOf);
        const referrals = await referralReport(engine, config, value.asOf);
        const html = renderReport({ value, ...(await loadReportExtras(engine, value)), clvCheck: await loadClvCheck(engine), referrals }, getLang());
        return { reports, value, html };
      }).finally(async () => {
        bar.done();
        if (aside) await rm(aside, { recursive: true, force: true });
      });
      const reportFile = join(outDir, 'report.html');
      writeFileSync(reportFile, html);
      if (o.json) {
        printJson({
          outDir,
          store: /^clickhouses?:/i.test(store) ? store.replace(/:[^:@/]*@/, ':…@') : resolve(store),
          report: reportFile,
          generated: generated.counts,
          imports: reports.map((r) => ({ entity: r.entity, importId: r.importId, rowsRead: r.rowsRead, imported: r.imported, quarantined: r.quarantined, alreadyImported: r.files[0].alreadyImportedAs })),
          value: { asOf: value.asOf, customers: value.customers, revenue: value.revenue.net, profit: value.profit.profit, top20Share: value.whale.top20Share, peak: value.whale.peak },
        });
        return;
      }
      print(`${t('demo.title', { n: formatNumber(customers), seed, dir: outDir, store })}\n`);
      print(
        table(
          [t('imports.col.entity'), t('demo.col.generated'), t('imports.col.read'), t('imports.col.loaded'), t('imports.col.quarantined'), t('demo.col.import')],
          reports.map((r) => [entityLabel(r.entity), generated.counts[r.entity as keyof DemoFiles], r.rowsRead, r.imported, r.quarantined, r.files[0].alreadyImportedAs !== null ? t('demo.already', { id: r.files[0].alreadyImportedAs }) : `#${r.importId}`]),
        ),
      );
      const w = value.whale;
      print(`\n${t('demo.asOf', { asOf: value.asOf, revenue: formatNumber(Math.round(value.revenue.net)), profit: formatNumber(Math.round(value.profit.profit)) })}`);
      print(t('demo.whale', { top20: formatPercent(w.top20Share ?? 0), loss: formatNumber(value.customers.lossMaking), peak: formatPercent(w.peak.share ?? 0), after: formatPercent(w.peak.customerShare) }));
      print(`\n${t('demo.report', { file: reportFile })}\n${t('demo.next', { on: /^clickhouses?:/i.test(store) ? `clientele --db '${withoutPassword(store)}'` : `clientele --db ${store}` })}`);
    });
}
