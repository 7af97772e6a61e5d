import { basename } from 'node:path';
import type { Command } from 'commander';
import { ENTITY_NAMES, isEntityName } from '../../data/entities.js';
import { importFiles, type FileImportReport, type ImportReport } from '../../data/import.js';
import { describeMatch, parseMapOptions } from '../../data/mapping.js';
import { PRESETS } from '../../data/presets.js';
import { dateFormatOption, delimiterOption, encodingOption } from '../../data/import-options.js';
import { importText } from '../../data/import-text.js';
import { isSheetLabel } from '../../data/inputs.js';
import { ENCODING_LABELS } from '../../data/scan.js';
import { UsageError } from '../../errors.js';
import { isNoteWarning } from '../../sql/import.js';
import { print, printJson, refreshClusterFacts, withAnyStore } from '../context.js';
import { runningServer, viaServer } from '../server-client.js';
import { formatNumber, keyValues } from '../format.js';
import { ProgressBar } from '../progress.js';
import { dataField, getLang, prose, t, tOr, type MessageKey } from '../i18n/index.js';

export function registerImport(program: Command, db: () => string): void {
  program
    .command('import')
    .summary(t('cmd.import'))
    .description(
      t('import.description', { entities: ENTITY_NAMES.join(', '), presets: PRESETS.map((p) => `  ${p.name.padEnd(21)} ${p.entity.padEnd(10)} ${tOr(`import.preset.${p.name}`, p.description)}`).join('\n') }),
    )
    .argument('<entity>', t('import.arg.entity', { entities: ENTITY_NAMES.join(', ') }))
    .argument('<file...>', t('import.arg.file'))
    .option('--preset <name>', t('import.opt.preset', { presets: PRESETS.map((p) => p.name).join(', ') }))
    .option('--map <field=Column...>', t('import.opt.map'), collect, [])
    .option('--encoding <enc>', t('import.opt.encoding'), 'auto')
    .option('--delimiter <d>', t('import.opt.delimiter'), 'auto')
    .option('--date-format <fmt>', t('import.opt.dateFormat'), 'auto')
    .option('--plausible-dates <from..to>', t('import.opt.plausibleDates'), '1900-01-01..2100-12-31')
    .option('--max-magnitude <n>', t('import.opt.maxMagnitude'), '1e15')
    .option('--memory-limit <size>', t('import.opt.memoryLimit'))
    .option('--append', t('import.opt.append'))
    .option('--sheet <name>', t('import.opt.sheet'))
    .option('--as-of <date>', t('import.opt.asOf'))
    .option('--json', t('import.opt.json'))
    .addHelpText('after', t('import.examples') + '\n  clientele import orders ../shared/data/online_retail/online_retail.csv --preset online-retail\n  clientele import customers 客户.csv --encoding gb18030\n  clientele import orders sales.csv --map customer_id="Client No" --date-format DD/MM/YYYY')
    .action(async (entity: string, files: string[], o: { preset?: string; map: string[]; encoding: string; delimiter: string; dateFormat: string; plausibleDates: string; maxMagnitude: string; memoryLimit?: string; sheet?: string; append?: boolean; asOf?: string; json?: boolean }) => {
      if (!isEntityName(entity)) throw new UsageError(t('import.badEntity', { entity }), t('import.badEntity.hint', { entities: ENTITY_NAMES.join(', ') }));
      // Every option is checked before the store is opened or a file read (src/data/import-options.ts).
      const encoding = encodingOption(o.encoding);
      const delimiter = delimiterOption(o.delimiter);
      const dateFormat = dateFormatOption(o.dateFormat);
      const map = parseMapOptions(o.map);
      const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(o.plausibleDates.trim());
      if (!range || range[1] > range[2]) throw new UsageError(t('import.badPlausibleDates', { value: o.plausibleDates }));
      const maxMagnitude = Number(o.maxMagnitude);
      if (!(maxMagnitude > 0) || !Number.isFinite(maxMagnitude)) throw new UsageError(t('import.badMaxMagnitude', { value: o.maxMagnitude }));
      const memoryLimit = o.memoryLimit === undefined ? undefined : parseSize(o.memoryLimit);
      // While `clientele serve` holds the store, each file goes through the dashboard's upload (cli/server-client.ts).
      const then = PRESETS.find((p) => p.name === o.preset)?.then;
      if (o.asOf !== undefined && !then) throw new UsageError(t('import.asOfOnly'));
      const served = await runningServer(db());
      if (served) {
        viaServer(served);
        const reports: ImportReport[] = [];
        for (const file of files) {
          const qs = new URLSearchParams({ entity, filename: basename(file), encoding, delimiter: DELIMITER_NAMES[delimiter]?.split('.').pop() ?? 'auto', dateFormat });
          if (o.preset) qs.set('preset', o.preset);
          if (o.append) qs.set('append', 'true');
          if (o.sheet !== undefined) qs.set('sheet', o.sheet);
          for (const m of o.map) qs.append('map', m);
          reports.push(await served.upload<ImportReport>(`/api/imports?${qs}`, file));
        }
        if (o.json) printJson(reports.length === 1 ? reports[0] : reports);
        else for (const r of reports) print(describeImport(r));
        // Deriving subscriptions needs the store itself: not while the server holds it.
        if (then && !o.json) print(`\n${t('import.thenServed', { asOf: o.asOf ?? 'DATE' })}`);
        return;
      }
      const bar = new ProgressBar(process.stderr, process.stderr.isTTY ? (o.json ? 'off' : 'bar') : 'lines');
      const report = await withAnyStore(db(), async ({ engine, cluster }) => {
        const r = await importFiles(engine, {
          entity,
          files,
          ...(o.preset ? { preset: o.preset } : {}),
          map,
          encoding,
          delimiter,
          dateFormat,
          limits: { minDate: range[1], maxDate: range[2], maxMagnitude },
          ...(memoryLimit !== undefined ? { memoryLimit } : {}),
          ...(o.sheet !== undefined ? { sheet: o.sheet } : {}),
          ...(o.append ? { append: true } : {}),
          // On a ClickHouse store the figures of order lines and products are the cluster's, computed below.
          ...(cluster && (entity === 'orders' || entity === 'products') ? { refreshFacts: false } : {}),
          onProgress: (e) => bar.update(tOr(`import.phase.${e.phase}`, `${e.phase} ${basename(e.file)}`, { file: basename(e.file) }), e.fraction),
        });
        if (!cluster) return r;
        // A ClickHouse store: the lines the importer accepted go to the cluster under the same import, all or none,
        // and the products with them (every shard joins its own copy); the facts are then the cluster's.
        const { moveImportsToCluster } = await import('../../engine/clickhouse/cluster-store.js');
        bar.update(t('import.phase.cluster'), null);
        await moveImportsToCluster(cluster, entity === 'orders' ? r.importIds : []);
        if (entity !== 'orders' && entity !== 'products') return r;
        return { ...r, facts: { mode: 'full' as const, customers: await refreshClusterFacts(engine, cluster) } };
      }).finally(() => bar.done());
      // A preset for a customers file that carries subscriptions (telco-customers) derives and bills them next.
      if (then === 'subscriptions-from-customers' && report.imported > 0) {
        const { subscriptionsFromStoreCustomers, TELCO_MAPPING } = await import('../../subscriptions/index.js');
        const asOf = o.asOf ?? new Date().toISOString().slice(0, 10);
        const { billOnStore, describeBilling } = await import('./subscriptions.js');
        const subs = await withAnyStore(db(), (store) => billOnStore(store, (refreshFacts) => subscriptionsFromStoreCustomers(store.engine, TELCO_MAPPING, asOf, { refreshFacts })));
        if (o.json) return printJson({ ...report, subscriptions: subs });
        print(describeImport(report));
        print(`\n${t('subscriptions.derived', { created: formatNumber(subs.created), skipped: formatNumber(subs.skipped), tenure: TELCO_MAPPING.tenure, charge: TELCO_MAPPING.charge })}`);
        print(describeBilling(subs));
        return;
      }
      if (o.json) printJson(report);
      else print(describeImport(report));
    });
}

/** `4GB`, `512MB`, `2g`, or bytes. */
function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(k|m|g|t)?i?b?$/i.exec(text.trim());
  if (!m) throw new UsageError(t('import.badMemoryLimit', { value: text }));
  const power: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };
  const bytes = Number(m[1]) * 1024 ** power[(m[2] ?? '').toLowerCase()];
  if (bytes < 256 * 1024 * 1024) throw new UsageError(t('import.badMemoryLimit', { value: text }));
  return Math.round(bytes);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const DELIMITER_NAMES: Record<string, MessageKey> = { ',': 'import.delimiter.comma', ';': 'import.delimiter.semicolon', '\t': 'import.delimiter.tab', '|': 'import.delimiter.pipe', whitespace: 'import.delimiter.whitespace' };

export function describeFile(f: FileImportReport, entity?: string): string {
  const name = basename(f.file);
  if (f.alreadyImportedAs !== null) return t('import.already', { name, id: f.alreadyImportedAs });
  const format = isSheetLabel(f.file) ? importText('sheet_format', {}, getLang()) : f.format === 'csv' ? t('import.format.csv', { encoding: ENCODING_LABELS[f.encoding], delimiter: t(DELIMITER_NAMES[f.delimiter]), header: t(f.header ? 'import.format.header' : 'import.format.noHeader') }) : f.format === 'json' ? t('import.format.json') : 'Parquet';
  const none = t('import.none');
  const pairs: Array<[string, string]> = [[t('import.k.format'), format]];
  if (f.preset) pairs.push([t('import.k.preset'), f.preset]);
  pairs.push([t('import.k.matched'), f.matched.map((m) => describeMatch({ ...m, field: dataField(m.field, entity) }, getLang())).join(t('value.listSeparator')) || none]);
  pairs.push([t('import.k.notMatched'), f.unmatched.length ? f.unmatched.join(t('value.listSeparator')) + t(f.keptAsAttributes.length ? 'import.keptAsAttributes' : 'import.notUsed') : none]);
  for (const df of f.dateFormats) pairs.push([t('import.k.dates'), `${dataField(df.field, entity)} ← ${df.column}: ${prose(df.format)} (${t(`import.how.${df.how}`)})`]);
  pairs.push([t('import.k.rows'), t('import.rows', { read: formatNumber(f.rowsRead), loaded: formatNumber(f.imported), quarantined: formatNumber(f.quarantined) }) + (f.updated ? t('import.rows.updated', { n: formatNumber(f.updated) }) : '')]);
  if (f.lines.merged || f.lines.blank) pairs.push([t('import.k.lines'), t('import.lines', { data: formatNumber(f.lines.data), loaded: formatNumber(f.imported), quarantined: formatNumber(f.quarantined), merged: formatNumber(f.lines.merged), blank: formatNumber(f.lines.blank) })]);
  for (const r of f.reasons.slice(0, 8)) pairs.push([t('import.k.quarantined'), `${formatNumber(r.count)} × ${prose(r.reason)}`]);
  // A partly refunded order's lines load whole: a warning, not a value left empty.
  for (const w of f.warnings.slice(0, 5)) pairs.push(isNoteWarning(w.reason) ? [t('import.k.warning'), `${formatNumber(w.count)} × ${prose(w.reason)}`] : [t('import.k.leftEmpty'), t('import.leftEmpty', { n: formatNumber(w.count), reason: prose(w.reason) })]);
  if (f.reasons.length > 8) pairs.push([t('import.k.quarantined'), t('import.moreReasons', { n: f.reasons.length - 8 })]);
  if (f.derived.customers || f.derived.products) pairs.push([t('import.k.added'), t('import.added', { customers: formatNumber(f.derived.customers), products: formatNumber(f.derived.products) })]);
  for (const n of f.notes) pairs.push([t('import.k.note'), prose(n)]);
  return `${t('import.title', { name, id: f.importId ?? '' })}\n${keyValues(pairs)}`;
}

export function describeImport(r: ImportReport): string {
  const parts = r.files.map((f) => describeFile(f, r.entity));
  if (r.files.length > 1) parts.push(t('import.total', { read: formatNumber(r.rowsRead), loaded: formatNumber(r.imported), quarantined: formatNumber(r.quarantined) }));
  if (r.quarantined > 0) parts.push(t('import.review', { command: `clientele quarantine${r.importIds.length === 1 ? ` --import ${r.importIds[0]}` : ''}` }));
  if (r.facts.mode !== 'none') parts.push(t(r.facts.mode === 'full' ? 'import.facts.full' : 'import.facts', { n: formatNumber(r.facts.customers) }));
  return parts.join('\n\n');
}
