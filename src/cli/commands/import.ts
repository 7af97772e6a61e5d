import { basename } from 'node:path';
import type { Command } from 'commander';
import { ENTITY_NAMES, isEntityName } from '../../data/entities.js';
import { importFiles, type FileImportReport, type ImportReport } from '../../data/import.js';
import { parseMapOptions } from '../../data/mapping.js';
import { PRESETS } from '../../data/presets.js';
import type { Delimiter } from '../../data/sniff.js';
import { ENCODING_LABELS, type TextEncoding } from '../../data/scan.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, keyValues } from '../format.js';
import { ProgressBar } from '../progress.js';

const DELIMITERS: Record<string, 'auto' | Delimiter> = { auto: 'auto', ',': ',', comma: ',', ';': ';', semicolon: ';', tab: '\t', '\\t': '\t', '|': '|', pipe: '|', whitespace: 'whitespace', space: 'whitespace' };

export function registerImport(program: Command, db: () => string): void {
  program
    .command('import')
    .summary('import customers, orders, products, … from CSV, Parquet or JSON lines')
    .description(
      `Import files of one entity into the store. Every row is either loaded or kept in quarantine with its line and reason;
each file is one import, loaded all-or-nothing; a file imported before loads nothing.

Entities: ${ENTITY_NAMES.join(', ')}
Presets:
${PRESETS.map((p) => `  ${p.name.padEnd(21)} ${p.entity.padEnd(10)} ${p.description}`).join('\n')}

Columns are matched by preset, by --map, or automatically from common English and Chinese names.`,
    )
    .argument('<entity>', `one of: ${ENTITY_NAMES.join(', ')}`)
    .argument('<file...>', 'CSV (UTF-8, GB18030/GBK, Big5, UTF-16 with BOM or Latin-1; detected on the whole file), Parquet or JSON-lines files')
    .option('--preset <name>', `column mapping for a known data set: ${PRESETS.map((p) => p.name).join(', ')}`)
    .option('--map <field=Column...>', 'map a field to a column, e.g. --map customer_id="Client No" (repeatable)', collect, [])
    .option('--encoding <enc>', 'auto, utf8, gb18030 (gbk), big5, latin1 (windows-1252), utf16le or utf16be', 'auto')
    .option('--delimiter <d>', 'auto, ",", ";", tab, "|" or whitespace', 'auto')
    .option('--date-format <fmt>', 'auto, iso, or e.g. "DD-MM-YYYY", "YYYY/MM/DD HH:MM", "YYYYMMDD", "%d.%m.%Y"', 'auto')
    .option('--plausible-dates <from..to>', 'dates outside this range are not plausible: quarantined (required and figure fields) or left empty with a warning', '1900-01-01..2100-12-31')
    .option('--max-magnitude <n>', 'numbers larger than this (in absolute value) are not plausible', '1e15')
    .option('--memory-limit <size>', 'memory the import may use before it spills to disk, e.g. 4GB (default: half the RAM)')
    .option('--json', 'print one JSON object')
    .addHelpText('after', '\nExamples:\n  clientele import orders ../shared/data/online_retail/online_retail.csv --preset online-retail\n  clientele import customers 客户.csv --encoding gb18030\n  clientele import orders sales.csv --map customer_id="Client No" --date-format DD/MM/YYYY')
    .action(async (entity: string, files: string[], o: { preset?: string; map: string[]; encoding: string; delimiter: string; dateFormat: string; plausibleDates: string; maxMagnitude: string; memoryLimit?: string; json?: boolean }) => {
      if (!isEntityName(entity)) throw new UsageError(`unknown entity "${entity}"`, `use one of: ${ENTITY_NAMES.join(', ')}`);
      const encoding = ENCODING_NAMES[o.encoding.toLowerCase()];
      if (!encoding) throw new UsageError(`--encoding ${o.encoding}: use auto, utf8, gb18030, big5, latin1, utf16le or utf16be`);
      const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(o.plausibleDates.trim());
      if (!range || range[1] > range[2]) throw new UsageError(`--plausible-dates ${o.plausibleDates}: expected FROM..TO, e.g. 1900-01-01..2100-12-31`);
      const maxMagnitude = Number(o.maxMagnitude);
      if (!(maxMagnitude > 0) || !Number.isFinite(maxMagnitude)) throw new UsageError(`--max-magnitude ${o.maxMagnitude}: expected a positive number, e.g. 1e15`);
      const memoryLimit = o.memoryLimit === undefined ? undefined : parseSize(o.memoryLimit);
      const delimiter = DELIMITERS[o.delimiter.toLowerCase()] ?? (o.delimiter === '\t' ? '\t' : undefined);
      if (!delimiter) throw new UsageError(`--delimiter ${o.delimiter}: use auto, ",", ";", tab, "|" or whitespace`);
      const bar = new ProgressBar(process.stderr, process.stderr.isTTY ? (o.json ? 'off' : 'bar') : 'lines');
      const report = await withStore(db(), (engine) =>
        importFiles(engine, {
          entity,
          files,
          ...(o.preset ? { preset: o.preset } : {}),
          map: parseMapOptions(o.map),
          encoding,
          delimiter,
          dateFormat: o.dateFormat,
          limits: { minDate: range[1], maxDate: range[2], maxMagnitude },
          ...(memoryLimit !== undefined ? { memoryLimit } : {}),
          onProgress: (e) => bar.update(`${PHASE_WORDS[e.phase]} ${basename(e.file)}`, e.fraction),
        }),
      ).finally(() => bar.done());
      if (o.json) printJson(report);
      else print(describeImport(report));
    });
}

const ENCODING_NAMES: Record<string, 'auto' | TextEncoding> = {
  auto: 'auto',
  utf8: 'utf8',
  'utf-8': 'utf8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  big5: 'big5',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'iso-8859-1': 'latin1',
  'windows-1252': 'latin1',
  cp1252: 'latin1',
  utf16le: 'utf16le',
  'utf-16le': 'utf16le',
  utf16be: 'utf16be',
  'utf-16be': 'utf16be',
};

/** `4GB`, `512MB`, `2g`, or bytes. */
function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(k|m|g|t)?i?b?$/i.exec(text.trim());
  if (!m) throw new UsageError(`--memory-limit ${text}: expected a size such as 4GB or 512MB`);
  const power: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };
  const bytes = Number(m[1]) * 1024 ** power[(m[2] ?? '').toLowerCase()];
  if (bytes < 256 * 1024 * 1024) throw new UsageError(`--memory-limit ${text}: at least 256MB (the reader alone needs buffers of 16 MB per thread)`);
  return Math.round(bytes);
}

const PHASE_WORDS = { hash: 'fingerprinting', convert: 'converting', read: 'reading', check: 'checking', load: 'loading', facts: 'updating customer figures from' } as const;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe', whitespace: 'whitespace' };

export function describeFile(f: FileImportReport): string {
  const name = basename(f.file);
  if (f.alreadyImportedAs !== null) return `${name}: already imported as import #${f.alreadyImportedAs}; nothing new was loaded.`;
  const format = f.format === 'csv' ? `CSV, ${ENCODING_LABELS[f.encoding]}, ${DELIMITER_NAMES[f.delimiter]}-separated, ${f.header ? 'with header' : 'no header'}` : f.format === 'json' ? 'JSON lines' : 'Parquet';
  const pairs: Array<[string, string]> = [['format', format]];
  if (f.preset) pairs.push(['preset', f.preset]);
  pairs.push(['matched', f.matched.map((m) => `${m.field} ← ${m.column}${m.via === 'alias' ? '' : m.via === 'name' ? '' : ` (${m.via})`}`).join(', ') || '(none)']);
  pairs.push(['not matched', f.unmatched.length ? f.unmatched.join(', ') + (f.keptAsAttributes.length ? ' (kept as attributes)' : ' (not used)') : '(none)']);
  for (const df of f.dateFormats) pairs.push(['dates', `${df.field} ← ${df.column}: ${df.format} (${df.how})`]);
  pairs.push(['rows', `${formatNumber(f.rowsRead)} read = ${formatNumber(f.imported)} loaded + ${formatNumber(f.quarantined)} quarantined${f.updated ? ` (${formatNumber(f.updated)} replaced rows already stored)` : ''}`]);
  if (f.lines.merged || f.lines.blank) pairs.push(['lines', `${formatNumber(f.lines.data)} after the header = ${formatNumber(f.imported)} loaded + ${formatNumber(f.quarantined)} quarantined + ${formatNumber(f.lines.merged)} merged into multi-line records + ${formatNumber(f.lines.blank)} blank`]);
  for (const r of f.reasons.slice(0, 8)) pairs.push(['quarantined', `${formatNumber(r.count)} × ${r.reason}`]);
  for (const w of f.warnings.slice(0, 5)) pairs.push(['left empty', `${formatNumber(w.count)} × ${w.reason} (the row loaded)`]);
  if (f.reasons.length > 8) pairs.push(['quarantined', `… and ${f.reasons.length - 8} more reasons`]);
  if (f.derived.customers || f.derived.products) pairs.push(['added', `${formatNumber(f.derived.customers)} customers and ${formatNumber(f.derived.products)} products named by these lines (placeholders until you import them)`]);
  for (const n of f.notes) pairs.push(['note', n]);
  return `${name} → import #${f.importId}\n${keyValues(pairs)}`;
}

export function describeImport(r: ImportReport): string {
  const parts = r.files.map(describeFile);
  if (r.files.length > 1) parts.push(`Total: ${formatNumber(r.rowsRead)} read = ${formatNumber(r.imported)} loaded + ${formatNumber(r.quarantined)} quarantined.`);
  if (r.quarantined > 0) parts.push(`Review the quarantined rows: clientele quarantine${r.importIds.length === 1 ? ` --import ${r.importIds[0]}` : ''}`);
  if (r.facts.mode !== 'none') parts.push(`Customer figures brought up to date for ${formatNumber(r.facts.customers)} customers${r.facts.mode === 'full' ? ' (all rebuilt)' : ''}.`);
  return parts.join('\n\n');
}
