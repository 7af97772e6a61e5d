import { rm } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { discardImport } from '../engine/store.js';
import { ImportError, UsageError } from '../errors.js';
import type { Dialect, ReadSpec } from '../sql/dialect.js';
import {
  DEFAULT_LIMITS,
  identityOf,
  sqlCandidatesFromSource,
  sqlCheckInto,
  sqlCountReplaced,
  sqlCountRejected,
  sqlCountCheckedApartMismatch,
  sqlExceptionsInto,
  sqlInsertChecked,
  sqlInsertCheckedApart,
  sqlInsertTrusted,
  TRUSTED_MISS,
  sqlDeleteReplaced,
  sqlDeriveFromOrders,
  sqlInsertAccepted,
  sqlInsertWarnings,
  isNoteWarning,
  sqlKeptApartBy,
  sqlLoadCandidates,
  sqlQuarantineRejected,
  sqlQuarantineUnreadable,
  sqlSettleDuplicates,
  sqlVerifyRecordDuplicates,
  sqlVerdictCounts,
  inheritsOrderStatus,
  sqlOrderStatusesInto,
  sqlCustomerKeysInto,
  sqlCustomerContacts,
  sqlKeepStoredFields,
  keptStoredFields,
  sqlSettleSurrogateDuplicates,
  type FieldSource,
  type ImportPlan,
  type PlausibleLimits,
} from '../sql/import.js';
import { customerKeyKind } from './customer-key.js';
import { importText } from './import-text.js';
import { ENTITIES, type EntityName, type EntitySpec } from './entities.js';
import { refreshFacts, type FactsRefresh } from './facts.js';
import { detectDateFormat, FORMAT_SEPARATOR, formatLabel, parseDateFormatOption, suggestDateFormat } from './dates.js';
import { describeSuggestion, matchColumns, normalizeColumnName, withoutNotes, type ColumnMatch } from './mapping.js';
import { isOrderTotalName } from './aliases.js';
import { numberStyles } from './number-style.js';
import { overlapNotes } from './import-overlap.js';
import { refuseUnrelated } from './overlap.js';
import { describeOptionsChange, findEarlierImport, importOptionsKey, keepSuperseded, recordOptions, replaceEarlier } from './remove.js';
import { convertInputs } from './inputs.js';
import { dateFormatOption } from './import-options.js';
import { findPreset, PRESETS, presetVariant, type PresetVariant } from './presets.js';
import { sniffFile, type Delimiter, type Encoding, type Sniffed } from './sniff.js';
import { reshapeFile } from './reshape.js';
import { ENCODING_LABELS, scanEncoding, scanRecords, SUSPECT, type BadLine, type EncodingScan, type RecordScan, type SuspectRules } from './scan.js';
import { makeWorkDir } from './work-dir.js';

export interface ImportOptions {
  readonly entity: EntityName;
  readonly files: readonly string[];
  readonly preset?: string;
  /** field → column, from `--map`. */
  readonly map?: Readonly<Record<string, string>>;
  readonly encoding?: 'auto' | Encoding;
  readonly delimiter?: 'auto' | Delimiter;
  /** `auto`, or one format for every date field (strftime or `YYYY/MM/DD HH:MM`). */
  readonly dateFormat?: string;
  /** Import even when the file shares no id and no dates with the store (another data set): see data/overlap.ts. */
  readonly append?: boolean;
  /** Only this sheet of an .xlsx workbook; every sheet by default. */
  readonly sheet?: string;
  /** Bytes the engine may use before spilling to disk; default half the machine's RAM. */
  readonly memoryLimit?: number;
  /** Plausible dates and magnitudes (defaults: 1900-01-01..2100-12-31, 1e15). */
  readonly limits?: Partial<PlausibleLimits>;
  readonly onProgress?: (e: ImportProgress) => void;
  /**
   * false: check every record before loading, even where the lean import could (order lines into a store without
   * others). The result is the same, only slower; tests compare the two.
   */
  readonly lean?: boolean;
  /**
   * false: leave customer_facts as they are after loading (a ClickHouse store recomputes them from the cluster's
   * lines once the import has moved there, so figures from the companion's copy would be thrown away).
   */
  readonly refreshFacts?: boolean;
}

/** 'facts': the imported customers' figures in customer_facts are brought up to date (order lines and products). */
export type ImportPhase = 'hash' | 'convert' | 'read' | 'check' | 'load' | 'facts';

export interface ImportProgress {
  readonly file: string;
  readonly phase: ImportPhase;
  /** 0..1 within the phase, or null when unknown. */
  readonly fraction: number | null;
}

export interface DateFormatReport {
  readonly field: string;
  readonly column: string;
  readonly format: string;
  readonly how: 'detected' | 'given' | 'preset';
  readonly ambiguousWith?: string;
}

export interface FileImportReport {
  readonly file: string;
  readonly importId: number | null;
  /** Set when this exact file was imported before with the same options: nothing was loaded. */
  readonly alreadyImportedAs: number | null;
  /** The earlier import of this file (other options) that this one replaced: see data/remove.ts. */
  readonly replaced: number | null;
  readonly format: string;
  readonly encoding: Encoding;
  readonly delimiter: string;
  readonly header: boolean;
  readonly preset: string | null;
  readonly matched: readonly ColumnMatch[];
  readonly unmatched: readonly string[];
  /** Unmatched columns kept as JSON attributes. */
  readonly keptAsAttributes: readonly string[];
  readonly dateFormats: readonly DateFormatReport[];
  readonly rowsRead: number;
  readonly imported: number;
  readonly updated: number;
  readonly quarantined: number;
  readonly reasons: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  /** Rows loaded with a bad optional value left empty (kept in import_warnings), by reason. */
  readonly warned: number;
  readonly warnings: ReadonlyArray<{ readonly reason: string; readonly count: number }>;
  /** Physical lines after the header: loaded + quarantined + merged + blank. */
  readonly lines: { readonly data: number; readonly blank: number; readonly merged: number };
  /** Records that span more than one line (first line, lines consumed); at most 100 listed. */
  readonly multiLineRecords: ReadonlyArray<{ readonly line: number; readonly lines: number }>;
  /** Unmatched columns that kept apart lines equal on every matched column (so they loaded as different lines). */
  readonly keptApartBy: ReadonlyArray<{ readonly column: string; readonly lines: number }>;
  /**
   * The lean import (order lines into a store without others): how many records the scanner set apart to be checked
   * on their own (those that might fail, and repeated ones) while the rest loaded in one read of the file. Null when
   * every record was checked before loading (other entities, a store with order lines, or a lean try that met a
   * record it had not foreseen and started again).
   */
  readonly checkedApart: number | null;
  /** Placeholder customers and products created for ids that order lines name. */
  readonly derived: { readonly customers: number; readonly products: number };
  readonly notes: readonly string[];
}

export interface ImportReport {
  readonly entity: EntityName;
  readonly rowsRead: number;
  readonly imported: number;
  readonly updated: number;
  readonly quarantined: number;
  /** The last import's id (one per file). */
  readonly importId: number | null;
  readonly importIds: readonly number[];
  readonly files: readonly FileImportReport[];
  /** How customer_facts were brought up to date (order lines and products only). */
  readonly facts: FactsRefresh;
}

interface Prepared {
  readonly file: string;
  readonly sniffed: Sniffed;
  readonly sha256: string;
  readonly enc: EncodingScan | null;
  readonly read: ReadSpec;
  readonly variant: PresetVariant | null;
  readonly previous: number | null;
  /** An earlier import of the same file with other options, replaced by this one (data/remove.ts). */
  readonly replaces: number | null;
  readonly optionsKey: string;
  readonly replaceNote: string | null;
  /** What a reshaping preset did, for the summary. */
  readonly note?: string;
  /** import-formats: added to quarantine line numbers so they are the source's own rows (a sheet whose header is below a title). */
  readonly lineShift?: number;
}

/** Entities the customer facts are built from: an import of either brings them up to date. */
const FACT_ENTITIES: ReadonlySet<EntityName> = new Set(['orders', 'products']);

/** Lower bound of the sample used to detect date formats. */
const DATE_SAMPLE = 2000;

/**
 * Imports files of one entity: read → validate → quarantine → load. Each file is one import, loaded in one
 * transaction: a failure or a kill leaves the store as it was before that file.
 * Every record read is either loaded or quarantined with its line and reason. A file imported before
 * (same bytes, same entity) loads nothing and says so.
 */
export async function importFiles(engine: Engine, options: ImportOptions): Promise<ImportReport> {
  const spec = ENTITIES[options.entity];
  const preset = options.preset ? findPreset(options.preset) : undefined;
  if (options.preset && !preset) throw new UsageError(`no preset "${options.preset}"`, `presets: ${PRESETS.map((p) => p.name).join(', ')}`);
  if (preset && preset.entity !== options.entity) throw new UsageError(`preset ${preset.name} is for ${preset.entity}, not ${options.entity}`, `run: clientele import ${preset.entity} FILE --preset ${preset.name}`);
  const fixedFormat = options.dateFormat && options.dateFormat !== 'auto' ? parseDateFormatOption(dateFormatOption(options.dateFormat)) : undefined; // import-formats: checked first
  const progress = options.onProgress ?? (() => undefined);

  // Named after this process: a folder a killed import left (a copy of the file's lines) is swept by the next one.
  const work = await makeWorkDir('import');
  const limit = engine.dialect.sqlMemoryLimit(options.memoryLimit ?? Math.floor(totalmem() / 2));
  if (limit) await engine.run(limit);
  const hint = engine.dialect.sqlBuildOnRight;
  if (hint) await engine.run(hint.set);
  try {
    const prepared: Prepared[] = [];
    // import-formats: workbooks (one CSV per sheet) and JSON arrays (JSON lines) are converted first; `label` names them.
    const inputs = await convertInputs(options.files.map((f) => resolve(f)), work, { sheet: options.sheet, dateFormat: fixedFormat, spec, map: options.map, preset: preset !== undefined });
    for (const input of inputs) {
      // Progress names the user's file (or sheet), not the converted copy.
      const p = await prepare(engine, spec, input.path, options, preset?.delimiter, preset ? (n) => presetVariant(preset, n) : null, work, (e) => progress({ ...e, file: input.label }));
      prepared.push({ ...p, file: input.label, note: [input.note, p.note].filter((n) => n !== undefined).join('; ') || undefined, lineShift: input.lineShift });
    }

    const reports: FileImportReport[] = [];
    for (const [i, p] of prepared.entries()) {
      reports.push(p.previous !== null ? skipped(p, preset?.name ?? null) : await importOne(engine, spec, p, i, options, fixedFormat, preset?.name ?? null, progress, work));
    }
    // The join hint is for the import's own statements; the facts refresh below plans its joins freely.
    if (hint) await engine.run(hint.reset);
    {
      const sum = (k: 'rowsRead' | 'imported' | 'updated' | 'quarantined') => reports.reduce((a, r) => a + r[k], 0);
      const ids = reports.map((r) => r.importId).filter((x): x is number => x !== null);
      const loaded = reports.filter((r) => r.importId !== null && r.alreadyImportedAs === null && r.imported + r.updated > 0);
      let facts: FactsRefresh = { mode: 'none', customers: 0 };
      if (FACT_ENTITIES.has(spec.name) && loaded.length && options.refreshFacts !== false) {
        progress({ file: loaded[loaded.length - 1].file, phase: 'facts', fraction: null });
        facts = await refreshFacts(engine, spec.name === 'orders' ? loaded.map((r) => r.importId!) : []);
      }
      return {
        entity: options.entity,
        rowsRead: sum('rowsRead'),
        imported: sum('imported'),
        updated: sum('updated'),
        quarantined: sum('quarantined'),
        importId: ids.length ? ids[ids.length - 1] : null,
        importIds: ids,
        files: reports,
        facts,
      };
    }
  } finally {
    if (limit && engine.dialect.sqlResetMemoryLimit) await engine.run(engine.dialect.sqlResetMemoryLimit).catch(() => undefined);
    if (hint) await engine.run(hint.reset).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}

async function prepare(
  engine: Engine,
  spec: EntitySpec,
  file: string,
  options: ImportOptions,
  presetDelimiter: Delimiter | undefined,
  pickVariant: ((fieldCount: number) => PresetVariant) | null,
  work: string,
  progress: (e: ImportProgress) => void,
): Promise<Prepared> {
  const delimiter = options.delimiter && options.delimiter !== 'auto' ? options.delimiter : (presetDelimiter ?? 'auto');
  // The sample says what kind of file it is (and refuses empty, binary or missing files); the encoding is then decided
  // on the whole file, with its fingerprint, in one streamed pass.
  let sniffed = await sniffFile(file, { encoding: options.encoding ?? 'auto', delimiter });
  const enc = await scanEncoding(file, sniffed.format === 'csv' ? (options.encoding ?? 'auto') : 'utf8', (n) => progress({ file, phase: 'hash', fraction: n / sniffed.bytes }));
  if (sniffed.format === 'csv' && (enc.encoding !== sniffed.encoding || enc.bomBytes > 0)) sniffed = await sniffFile(file, { encoding: enc.encoding, bomBytes: enc.bomBytes, delimiter });
  const variant = pickVariant ? pickVariant(sniffed.firstRow.length) : null;
  if (variant && sniffed.format === 'csv' && sniffed.header !== variant.header) sniffed = { ...sniffed, header: variant.header };
  const sha256 = enc.sha256;
  const optionsKey = importOptionsKey(options as unknown as Record<string, unknown>);
  const earlier = await findEarlierImport(engine, spec.name, sha256, optionsKey);
  const previous = earlier.same;
  const again = { replaces: earlier.replaces, optionsKey, replaceNote: earlier.replaces === null ? null : `replaces import #${earlier.replaces} of the same file (other options: ${describeOptionsChange(earlier.earlierOptions!, optionsKey)}), which was removed` };

  let read: ReadSpec;
  if (sniffed.format !== 'csv') read = { format: sniffed.format, path: file };
  else {
    if (variant?.reshape && previous === null) {
      const reshaped = join(work, `${basename(file)}.reshaped.csv`);
      const note = await reshapeFile(variant.reshape, file, reshaped, sniffed.delimiter === 'whitespace' ? ' ' : sniffed.delimiter);
      const header = ['order_id', 'customer_id', 'ordered_at', 'category', 'amount', 'channel'];
      const renc = await scanEncoding(reshaped, 'utf8');
      return { file, sniffed: { ...sniffed, delimiter: ',', header: true, firstRow: header }, sha256, enc: renc, read: { format: 'csv', path: reshaped, delimiter: ',', header: true, columnNames: header }, variant, previous, ...again, note };
    }
    const columnNames = sniffed.header ? uniqueNames(sniffed.firstRow) : (variant?.columnNames ?? sniffed.firstRow.map((_, i) => `column${i + 1}`));
    read = { format: 'csv', path: file, delimiter: sniffed.delimiter === 'whitespace' ? 'whitespace' : sniffed.delimiter, header: sniffed.header, columnNames };
  }
  return { file, sniffed, sha256, enc, read, variant, previous, ...again };
}

/** Header names as the file has them; blanks and repeats get a number so every column can be addressed. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const base = raw.trim() === '' ? `column${i + 1}` : raw.trim();
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

function skipped(p: Prepared, preset: string | null): FileImportReport {
  return {
    file: p.file,
    importId: null,
    alreadyImportedAs: p.previous,
    replaced: null,
    format: p.sniffed.format,
    encoding: p.sniffed.encoding,
    delimiter: p.sniffed.delimiter,
    header: p.sniffed.header,
    preset,
    matched: [],
    unmatched: [],
    keptAsAttributes: [],
    dateFormats: [],
    rowsRead: 0,
    imported: 0,
    updated: 0,
    quarantined: 0,
    reasons: [],
    warned: 0,
    warnings: [],
    lines: { data: 0, blank: 0, merged: 0 },
    multiLineRecords: [],
    keptApartBy: [],
    checkedApart: null,
    derived: { customers: 0, products: 0 },
    notes: [`this file was imported before as import #${p.previous}; nothing new was loaded`],
  };
}

async function importOne(
  engine: Engine,
  spec: EntitySpec,
  p: Prepared,
  index: number,
  options: ImportOptions,
  fixedFormat: string | null | undefined,
  preset: string | null,
  progress: (e: ImportProgress) => void,
  work: string,
): Promise<FileImportReport> {
  const d = engine.dialect;
  const base = `__import_${index}`;
  const checked = `${base}_checked`;
  const candTable = `${base}_cand`;
  const statusTable = `${base}_order_status`;
  const keysTable = `${base}_customer_keys`;
  const started = new Date();
  const notes: string[] = [];
  const dropTemps = async () => {
    for (const t of [checked, candTable, statusTable, keysTable]) await engine.run(`DROP TABLE IF EXISTS ${d.quoteIdent(t)}`);
  };
  const limits: PlausibleLimits = { ...DEFAULT_LIMITS, ...options.limits };
  await dropTemps();
  try {
    try {
      return await checkAndLoad(options.lean !== false);
    } catch (e) {
      if (!(e instanceof LeanMiss)) throw e;
      // A record the scanner thought plain failed a check after all: nothing of the lean try is left (load() has
      // discarded it); the file is read again the exact way, every record checked apart.
      await dropTemps();
      return await checkAndLoad(false);
    }
  } finally {
    await dropTemps();
  }

  /**
   * `lean`: order lines into a store that holds no others (the common first import, and every import at scale). The
   * scanner writes the records that might fail a check, and those whose hash repeats, to a small file; only they are
   * checked apart, and the file itself is read once, to load. See `leanRules` and LeanMiss.
   */
  async function checkAndLoad(leanWanted: boolean): Promise<FileImportReport> {
    notes.length = 0;
    let columns: string[];
    if (p.read.format === 'csv') columns = [...(p.read.columnNames ?? [])];
    else {
      try {
        const desc = await engine.query<{ column_name: string }>(`DESCRIBE SELECT * FROM ${d.sqlReadFile(p.read)}`);
        columns = desc.map((r) => r.column_name);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new ImportError(`the file cannot be read as ${p.sniffed.format.toUpperCase()}: ${msg.replace(/^.*Error: /, '').split('\n')[0]}`, p.file, 'check the format; for CSV try --delimiter and --encoding');
      }
    }
    const mapping = matchColumns(spec, columns, options.map ?? {}, p.variant?.map ?? {});
    const lineKey = p.variant?.lineKey && !mapping.matches.some((m) => m.field === p.variant!.lineKey) ? { field: p.variant.lineKey, prefix: basename(p.file) } : null;
    const matchOf = (f: string) => mapping.matches.find((m) => m.field === f);
    const columnOf = (f: string) => matchOf(f)?.column ?? null;
    requireColumns(spec, p.file, columns, columnOf, lineKey?.field);
    if (p.note) notes.push(p.note);
    if (p.sniffed.titleLines > 0) notes.push(`the first ${p.sniffed.titleLines} lines stand above the table (a title) and were skipped; the header is line ${p.sniffed.titleLines + 1}`);
    if (p.read.format === 'csv' && p.sniffed.header) {
      // Blank names in the header (pandas' index column, a column with no title): named by their place.
      const blank = p.sniffed.firstRow.flatMap((c, i) => (c.trim() === '' ? [i] : []));
      if (blank.length) notes.push(`the header has no name for column${blank.length > 1 ? 's' : ''} ${blank.map((i) => i + 1).join(', ')}; ${blank.length > 1 ? 'they are' : 'it is'} called ${blank.map((i) => `"${columns[i]}"`).join(', ')}`);
    }
    if (p.sniffed.crLineEnds) notes.push('the lines end in a lone CR (an old Mac format); read as line ends');
    for (const sg of mapping.suggestions) notes.push(describeSuggestion(sg)); // import-formats: unmatched columns that look like a field

    // Who is a duplicate of whom is settled on the records whose hash repeats, found while reading.
    const preliminary: FieldSource[] = spec.fields.map((f) => ({ field: f, column: columnOf(f.name), dateFormat: null }));
    const identity = identityOf(spec, preliminary);
    const idx = (c: string) => columns.indexOf(c);
    let scan: RecordScan | null = null;
    let source: string;
    let line: ImportPlan['line'];
    let candidates: string | null = null;
    let lean: { path: string; rules: SuspectRules } | null = null;
    let plainSource: string | null = null;
    if (
      leanWanted &&
      spec.name === 'orders' &&
      p.read.format === 'csv' &&
      p.read.delimiter !== 'whitespace' &&
      identity !== 'key' &&
      !(await holdsOtherLines(engine, spec, p.replaces))
    ) {
      lean = { path: join(work, `${base}.suspects.csv`), rules: leanRules(spec, columns, columnOf) };
    }
    if (p.read.format === 'csv') {
      const enc = p.enc!;
      const candPath = join(work, `${base}.candidates.csv`);
      const scanOnce = (copyTo: string | null) =>
        scanRecords(p.read.path, {
          encoding: enc.encoding,
          bomBytes: enc.bomBytes,
          cleanUtf8: enc.cleanUtf8,
          delimiter: (p.read as { delimiter: string }).delimiter,
          header: (p.read as { header: boolean }).header,
          fields: columns.length,
          identity: identity === 'key' ? spec.key!.map((k) => idx(columnOf(k) ?? '')).filter((i) => i >= 0) : identity === 'record' ? 'record' : null,
          matched: identity === 'record' && mapping.unmatched.length ? mapping.matches.map((m) => idx(m.column)).filter((i) => i >= 0) : null,
          copyTo,
          candidatesTo: candPath,
          ...(lean ? { suspects: { to: lean.path, rules: lean.rules } } : {}),
          onBytes: (n) => progress({ file: p.file, phase: 'read', fraction: n / p.sniffed.bytes }),
          skipLines: p.sniffed.titleLines,
          sizeHint: p.sniffed.bytes,
          crLineEnds: p.sniffed.crLineEnds === true,
          // A line that repeats the header (files of several exports joined), and totals rows in keyed files.
          ...((p.read as { header: boolean }).header ? { headerNames: p.sniffed.firstRow } : {}),
          ...(spec.key ? { totalsIn: spec.key.map((k) => idx(columnOf(k) ?? '')).filter((i) => i >= 0) } : {}),
        });
      // A file in another encoding, with a BOM, whitespace-separated columns or a title above its table is always
      // rewritten: one pass, with the copy. So is every lean import (its plain records only): the engine numbers
      // records only in a single-threaded pass (a window over the file), while a copy carrying each record's line
      // lets it read and load on every core.
      const copyCertain = !enc.cleanUtf8 || enc.bomBytes > 0 || p.read.delimiter === 'whitespace' || lean !== null || p.sniffed.titleLines > 0 || p.sniffed.crLineEnds === true;
      scan = await scanOnce(copyCertain ? join(work, `${base}.lines.csv`) : null);
      if (!scan.direct && !scan.lineNumbersInCopy) {
        progress({ file: p.file, phase: 'convert', fraction: null });
        scan = await scanOnce(join(work, `${base}.lines.csv`));
      }
      const copy = scan.lineNumbersInCopy ? join(work, `${base}.lines.csv`) : null;
      const readSpec: ReadSpec = copy
        ? { format: 'csv', path: copy, delimiter: p.read.delimiter === 'whitespace' ? ',' : p.read.delimiter, header: false, columnNames: ['__line', ...columns], lfOnly: true }
        : p.read;
      // No record parsed at all (every line quarantined), or none plain in the lean copy: an empty relation, since a
      // reader cannot sniff an empty file.
      source = (lean ? scan.copied : scan.records) === 0 ? `(SELECT ${[...(copy ? ['__line'] : []), ...columns].map((c) => `CAST(NULL AS ${d.type('text')}) AS ${d.quoteIdent(c)}`).join(', ')} WHERE FALSE)` : d.sqlReadFile(readSpec);
      // The lean INSERT reads the copy joined to nothing: no sniffer for a row estimate.
      if (lean && readSpec.format === 'csv' && scan.copied > 0) plainSource = d.sqlReadFile({ ...readSpec, sniff: false });
      line = copy ? { kind: 'column' } : { kind: 'computed', first: scan.headerLines + 1, shifts: scan.shifts };
      if (scan.candidates > 0) {
        await engine.run(sqlLoadCandidates(d, candTable, candPath));
        candidates = candTable;
      }
    } else {
      source = d.sqlReadFile(p.read.format === 'json' ? { ...p.read, columnNames: columns } : p.read);
      line = { kind: 'computed', first: 1, shifts: [] };
      if (identity !== null) {
        const keyCols = identity === 'key' ? spec.key!.map((k) => columnOf(k)).filter((c): c is string => c !== null) : null;
        await engine.run(sqlCandidatesFromSource(d, candTable, source, columns, keyCols));
        candidates = candTable;
      }
    }

    const dateFormats: DateFormatReport[] = [];
    const dropped = new Set<string>();
    const sources: FieldSource[] = [];
    for (const f of spec.fields) {
      let column = columnOf(f.name);
      let dateFormat: string | null = null;
      if (column !== null && (f.type === 'date' || f.type === 'timestamp')) {
        const values = scan ? scan.sample.map((r) => r[idx(column!)] ?? '').map((v) => v.trim()) : await sampleColumn(engine, source, column);
        const chosen = chooseDateFormat(values, fixedFormat, p.variant?.dateFormats?.[f.name]);
        if (chosen === null) {
          if (f.required) throw new ImportError(`column "${column}" (${f.name}) does not hold dates in a format we recognise`, p.file, `pass --date-format, for example --date-format "${suggestDateFormat(values)}"`, undefined, column);
          notes.push(`column "${column}" did not look like dates, so it was not used as ${f.name} (kept as an attribute where possible)`);
          dropped.add(column);
          column = null;
        } else {
          dateFormat = chosen.format;
          dateFormats.push({ field: f.name, column, format: formatLabel(chosen.format), how: chosen.how, ...(chosen.ambiguousWith ? { ambiguousWith: chosen.ambiguousWith } : {}) });
          if (chosen.ambiguousWith) notes.push(`dates in "${column}" also read as ${chosen.ambiguousWith}; ${formatLabel(chosen.format)} was assumed (pass --date-format to choose)`);
        }
      }
      const m = column === null ? undefined : matchOf(f.name);
      sources.push({ field: f, column, dateFormat, ...(m?.scale ? { scale: m.scale.factor } : {}), ...(m?.inverted ? { inverted: true } : {}) });
    }
    // The relations the records are in: the lean import's are in its copy and its suspects (a record may be in both,
    // the first of a repeated group: counted once).
    const apart = lean && scan && scan.suspectRecords > 0 ? d.sqlReadFile({ format: 'csv', path: lean.path, delimiter: (p.read as { delimiter: string }).delimiter, header: false, columnNames: ['__line', ...columns] }) : null;
    const relations = apart ? [`(SELECT * FROM ${source} WHERE __line NOT IN (SELECT __line FROM ${apart}))`, apart] : [source];
    // Decimal commas or points, per column from the whole column (number-style.ts).
    {
      const numeric = sources.filter((s) => s.column !== null && (s.field.type === 'number' || s.field.type === 'integer')).map((s) => s.column!);
      const samples = new Map<string, readonly string[]>();
      for (const c of numeric) samples.set(c, scan ? scan.sample.map((r) => r[idx(c)] ?? '') : await sampleColumn(engine, source, c));
      const styles = await numberStyles(engine, numeric, (c) => samples.get(c) ?? [], relations);
      for (const [i, s] of sources.entries()) if (s.column !== null && styles.decimalComma.has(s.column) && (s.field.type === 'number' || s.field.type === 'integer')) sources[i] = { ...s, decimalComma: true };
      notes.push(...styles.notes);
    }
    notes.push(...(await futureTwoDigitYears(engine, sources, relations)));
    const matched = mapping.matches.filter((m) => !dropped.has(m.column));
    const unmatched = [...mapping.unmatched, ...dropped];
    const attributeColumns = spec.keepsAttributes ? unmatched : [];
    if (!spec.keepsAttributes && unmatched.length) notes.push(`columns not used: ${unmatched.join(', ')}`);

    const padded = new Set(scan ? columns.filter((_, i) => scan!.padded[i]) : columns);
    const wrapped = new Set(scan ? columns.filter((_, i) => scan!.wrapped[i]) : columns);
    const plan0: ImportPlan = { entity: spec, source, fileColumns: columns, sources, attributeColumns, line, lineKey, padded, wrapped, candidates, checked, limits, replaces: p.replaces };
    // An order's status on some of its lines only (Shopify: the first): the others take it (sql/import.ts).
    let plan: ImportPlan = { ...plan0, fileRelations: relations, keysTable };
    // Customers known by an email or a phone get a surrogate id; the value goes to their email or phone field.
    const idColumn = columnOf('customer_id');
    const customerKey = idColumn === null ? null : customerKeyKind(idColumn, scan ? scan.sample.map((r) => r[idx(idColumn)] ?? '') : await sampleColumn(engine, source, idColumn));
    if (customerKey) {
      plan = { ...plan, customerKey };
      notes.push(importText('customer_key', { column: idColumn!, kind: customerKey }));
    }
    if (inheritsOrderStatus(plan0)) {
      await engine.run(sqlOrderStatusesInto(d, plan0, relations, statusTable));
      plan = { ...plan, orderStatus: statusTable };
    }
    // Lean: the exceptions are looked for among the suspects only, read from the scanner's file with their lines.
    const suspects: ReadSpec | null = lean && scan ? { format: 'csv', path: lean.path, delimiter: (p.read as { delimiter: string }).delimiter, header: false, columnNames: ['__line', ...columns], lfOnly: true } : null;
    const none = `(SELECT ${['__line', ...columns].map((c) => `CAST(NULL AS ${d.type('text')}) AS ${d.quoteIdent(c)}`).join(', ')} WHERE FALSE)`;
    const suspectSource = scan?.suspectRecords ? d.sqlReadFile(suspects!) : none;
    // With columns the import does not use, records equal on every used column but not on those (near groups) are
    // counted for a note (sqlKeptApartBy, over the checked table): the plain ones of them are checked with the
    // suspects too, read from the copy by their lines (the candidates table holds them; they load from the copy).
    const nearPlain =
      suspects && candidates && unmatched.length && scan!.copied > 0
        ? `(SELECT * FROM ${source} WHERE CAST(__line AS ${d.type('bigint')}) IN (SELECT line FROM ${d.quoteIdent(candidates)} WHERE near_of IS NOT NULL) AND __line NOT IN (SELECT __line FROM ${suspectSource} s))`
        : null;
    const checkPlan: ImportPlan = suspects
      ? { ...plan, line: { kind: 'column' }, source: nearPlain ? `(SELECT * FROM ${suspectSource} s UNION ALL SELECT * FROM ${nearPlain} n)` : suspectSource }
      : plan;

    progress({ file: p.file, phase: 'check', fraction: null });
    try {
      // Keyed entities (small: customers, products, leads) keep every checked row to settle key duplicates; bulk
      // entities keep only the exceptions and load the rest straight from the file (see load()). The lean import keeps
      // every record it checked apart: those that pass load from this table, the plain ones from the copy.
      await engine.run(spec.key ? sqlCheckInto(d, plan) : suspects ? sqlCheckInto(d, checkPlan) : sqlExceptionsInto(d, checkPlan));
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/out of memory/i.test(msg)) throw new ImportError('the import ran out of memory', p.file, 'raise --memory-limit (the default is half the RAM), or free memory');
      throw new ImportError(`the file cannot be read as ${p.sniffed.format.toUpperCase()}: ${msg.replace(/^.*Error: /, '').split('\n')[0]}`, p.file, 'check the format; for CSV try --delimiter and --encoding');
    }
    const engineRejects = await readerRejects(engine, p.read.format === 'csv');
    if (engineRejects > 0) throw new Error(`importOne: the engine's reader rejected ${engineRejects} records the scan had accepted`);
    let rowsChecked: number;
    if (scan) rowsChecked = scan.records;
    else if (spec.key) rowsChecked = (await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${d.quoteIdent(checked)}`))[0].n;
    else rowsChecked = (await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${source}`))[0].n;
    if (spec.key && scan) {
      const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${d.quoteIdent(checked)}`);
      if (n !== scan.records) throw new Error(`importOne: the engine read ${n} records where the scan found ${scan.records}`);
    }
    const settle = sqlSettleDuplicates(d, plan);
    if (settle) await engine.run(settle);
    // Surrogate ids (emails, phones) equal where the written ids were not (A@X.com, a@x.com): one customer.
    const surrogates = spec.key ? sqlSettleSurrogateDuplicates(d, plan) : null;
    if (surrogates) await engine.run(surrogates);
    const verify = sqlVerifyRecordDuplicates(d, plan);
    if (verify) await engine.run(verify);
    const verdicts = (await engine.query<{ reason: string | null; n: number }>(sqlVerdictCounts(d, plan))).filter((v) => v.reason !== null);
    const warnCounts = await engine.query<{ reason: string; n: number }>(
      `SELECT w.r AS reason, count(*) AS n FROM (SELECT unnest(__warn) AS w FROM ${d.quoteIdent(checked)} WHERE __warn IS NOT NULL AND __verdict IS NULL) x GROUP BY 1 ORDER BY n DESC, 1`,
    );
    const keptApart: Array<{ column: string; lines: number }> = [];
    const kept = sqlKeptApartBy(d, plan, unmatched);
    if (kept) {
      for (const r of await engine.query<{ col: string; lines: number }>(kept)) keptApart.push({ column: r.col, lines: r.lines });
      if (keptApart.length) notes.push(`lines equal on every matched column loaded as different lines because these unmatched columns differ: ${keptApart.map((k) => `${k.column} (${k.lines} lines)`).join(', ')}`);
    }
    const bad = scan?.bad ?? [];
    if (scan) {
      for (const r of scan.reordered) notes.push(`line ${r.line} repeats the header with the columns in another order: the ${r.records} records after it were read by that order`);
      if (scan.trailingDelimiters) notes.push(`${scan.trailingDelimiters} lines end with one delimiter more than the header has (an empty last field): read without it`);
      if (scan.multiLine.length) notes.push(`${scan.multiLine.length} records span more than one line (quoted line breaks): ${scan.multiLine.slice(0, 5).map((m) => `line ${m.line} (${m.lines} lines)`).join(', ')}${scan.multiLine.length > 5 ? ', …' : ''}`);
      const mixed = bad.filter((b) => /mixes encodings/.test(b.reason)).length;
      if (mixed) notes.push(`${mixed} lines are not in the file's encoding (${ENCODING_LABELS[p.enc!.encoding]}) and were quarantined`);
      if (scan.replacementLines) notes.push(`warning: ${scan.replacementLines} lines hold the replacement character U+FFFD (text damaged before this file was written)`);
      if (scan.mojibakeLines) notes.push(`warning: ${scan.mojibakeLines} lines hold text that looks encoded twice (like "Ã©" for "é")`);
      if (p.enc && p.enc.encoding !== 'utf8' && p.enc.evidence !== 'given') notes.push(`encoding ${ENCODING_LABELS[p.enc.encoding]}: ${p.enc.evidence}`);
    }
    // One store, one company (data/overlap.ts): keyed rows are compared from the checked table before anything is
    // written; bulk rows once written under their 'loading' import, before it is finished (a refusal discards them).
    const overlap = async (loadedAs: number | null) => {
      const from = loadedAs === null ? checked : `${ENTITIES[spec.name].table}`;
      const appended = await refuseUnrelated(engine, spec, from, { append: options.append, replaces: p.replaces, current: loadedAs, file: p.file, store: engine.location });
      if (appended) notes.push(appended);
    };
    if (spec.key) await overlap(null);
    if (p.replaceNote) notes.push(p.replaceNote);
    progress({ file: p.file, phase: 'load', fraction: null });
    const loaded = await load(engine, spec, p, plan, rowsChecked, bad, started, spec.key ? null : overlap, lean && scan ? { copied: scan.copied, source: plainSource ?? plan.source } : null);
    const { id, imported, updated, quarantined, rowsRead, derived, warned } = loaded;
    const keptFields = loaded.keptStored;
    const reasons = verdicts.filter((v) => v.reason !== null).map((v) => ({ reason: generalise(v.reason!), count: v.n }));
    const rejectReasons = new Map<string, number>();
    for (const r of bad) {
      const k = r.reason.replace(/\(.*\)$/, '').trim();
      rejectReasons.set(k, (rejectReasons.get(k) ?? 0) + 1);
    }
    if (spec.name === 'orders') {
      const guest = await engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines WHERE import_id = $1 AND customer_id IS NULL', [id]);
      // Where no column gave the customer id, the one the matcher thinks may be it is named (QA session 8, F12).
      const maybe = columnOf('customer_id') === null ? mapping.suggestions.find((s) => s.field === 'customer_id' && s.reason === 'similar') : undefined;
      if (guest[0].n > 0) notes.push(`${guest[0].n} lines have no customer id: loaded as unattributed sales (they count in totals, not in any customer's figures)${maybe ? `; column "${maybe.column}" may be it: --map customer_id="${maybe.column}"` : ''}`);
      // An order's total as the lines' amount (no line price to take instead, mapping.ts, or mapped so): counted once
      // per line where an order has several. Looked for only when the amount column is named as an order's total.
      const amountCol = columnOf('amount');
      if (amountCol !== null && columnOf('order_id') !== null && isOrderTotalName(normalizeColumnName(withoutNotes(amountCol)?.base ?? amountCol))) {
        const [rep] = await engine.query<{ orders: number; lines: number }>(
          `SELECT count(*) AS orders, COALESCE(sum(n), 0) AS lines FROM (SELECT order_id, count(*) AS n FROM order_lines WHERE import_id = $1 GROUP BY order_id HAVING count(*) > 1 AND count(DISTINCT amount) = 1) x`,
          [id],
        );
        if (Number(rep.orders) > 0) notes.push(`warning: ${rep.orders} orders have the same "${amountCol}" on each of their lines (${rep.lines} lines): it looks like the order's total, which is then counted once per line; give the lines' own price or amount with --map unit_price=COLUMN or --map amount=COLUMN`);
      }
      notes.push(...(await overlapNotes(engine, id, columnOf('order_id'), unmatched)));
      // Every command's default as-of date is the last order day: a mistyped year (2093 for 2023) would move them all.
      const today = new Date().toISOString().slice(0, 10);
      const [late] = await engine.query<{ n: number; last: string | null }>(sqlLinesAfter(d), [id, today]);
      if (late.n > 0) notes.push(`warning: ${late.n} lines are dated after today (${today}), up to ${late.last}: commands take the last order day as their as-of date, so check them (clientele imports remove ${id} undoes this import)`);
      else {
        const [gap] = await engine.query<{ last: string | null; before: string | null; days: number | null }>(sqlLastDayGap(d));
        if (gap.days !== null && gap.days > 365) notes.push(`warning: the last order day, ${gap.last}, is ${gap.days} days after the one before it (${gap.before}): commands take it as their as-of date; check its lines or pass --as-of`);
      }
    }
    if (updated > 0 && keptFields.length) notes.push(`the ${updated} ${updated === 1 ? 'row that replaces a stored one keeps' : 'rows that replace stored ones keep'} the stored ${keptFields.join(', ')} (the file has no column for them)`);
    // Rows naming customers the store does not have count in no customer's figure (QA session 9, W1): said, with
    // the ids that match a stored customer only when case is ignored (an ERP writes c4 for the shop's C4).
    if (imported > 0 && spec.name in UNKNOWN_CUSTOMER_FIGURES) notes.push(...(await unknownCustomers(engine, spec, id)));
    if (spec.name === 'products' && imported > 0) {
      // Lines are costed by product id: products that few lines are (a shop export with names only) cost little.
      const [m] = await engine.query<{ lines: number; matched: number }>(
        'SELECT count(*) AS lines, count(p.product_id) AS matched FROM order_lines l LEFT JOIN products p ON p.product_id = l.product_id',
      );
      if (m.lines > 0 && m.matched < m.lines) notes.push(`the products match ${m.matched} of ${m.lines} order lines (lines match products by product id); the other lines have no cost from products`);
    }
    // Rows of partly refunded orders load whole with a warning; only the others had a value left empty.
    const leftEmpty = warned - warnCounts.filter((w) => isNoteWarning(w.reason)).reduce((a, w) => a + Number(w.n), 0);
    if (leftEmpty > 0) notes.push(`${leftEmpty} rows loaded with a bad optional value left empty (see: clientele quarantine --warnings --import ${id})`);
    const merged = scan ? scan.multiLine.reduce((a, m) => a + m.lines - 1, 0) : 0;
    return {
      file: p.file,
      importId: id,
      alreadyImportedAs: null,
      replaced: p.replaces,
      format: p.sniffed.format,
      encoding: p.sniffed.encoding,
      delimiter: p.sniffed.delimiter,
      header: p.sniffed.header,
      preset,
      matched,
      unmatched,
      keptAsAttributes: attributeColumns,
      dateFormats,
      rowsRead,
      imported,
      updated,
      quarantined,
      reasons: mergeReasons([...reasons, ...[...rejectReasons].map(([reason, count]) => ({ reason, count }))]),
      warned,
      warnings: warnCounts.map((w) => ({ reason: generalise(w.reason), count: w.n })),
      lines: { data: scan ? scan.dataLines : rowsRead, blank: scan ? scan.blankLines : 0, merged },
      multiLineRecords: scan ? scan.multiLine.slice(0, 100) : [],
      keptApartBy: keptApart,
      checkedApart: lean && scan ? scan.suspectRecords : null,
      derived,
      notes,
    };
  }
}

/** The entities whose rows belong to a customer of the store, and the figures of theirs a warning totals. */
const UNKNOWN_CUSTOMER_FIGURES: Readonly<Record<string, readonly string[]>> = {
  'service-costs': ['cost'],
  payments: ['amount', 'written_off'],
  surveys: [],
  subscriptions: ['recurring_charge'],
  contacts: [],
};

/** The warning on the rows of import `id` whose customer the store does not have (none when every one is known). */
async function unknownCustomers(engine: Engine, spec: EntitySpec, id: number): Promise<string[]> {
  const d = engine.dialect;
  const t = spec.table;
  const figures = UNKNOWN_CUSTOMER_FIGURES[spec.name] ?? [];
  const unknown = `FROM ${t} r WHERE r.import_id = $1 AND r.customer_id IS NOT NULL AND r.customer_id NOT IN (SELECT customer_id FROM customers)`;
  const [u] = await engine.query<Record<string, number | string | null>>(
    `SELECT count(*) AS n, count(DISTINCT r.customer_id) AS ids, min(r.customer_id) AS example${figures.map((f) => `, sum(r.${d.quoteIdent(f)}) AS ${d.quoteIdent(f)}`).join('')} ${unknown}`,
    [id],
  );
  const n = Number(u.n);
  if (n === 0) return [];
  const [c] = await engine.query<{ ids: number; given: string | null; stored: string | null }>(
    `SELECT count(DISTINCT x.customer_id) AS ids, min(x.customer_id) AS given, min(c.customer_id) AS stored
     FROM (SELECT DISTINCT r.customer_id ${unknown}) x JOIN customers c ON lower(c.customer_id) = lower(x.customer_id)`,
    [id],
  );
  const sums = figures.filter((f) => u[f] !== null && Number(u[f]) !== 0).map((f) => `${f} ${formatAmount(Number(u[f]))}`);
  const cased = Number(c.ids) > 0 ? `; ${c.ids} of the ids match a stored customer when case is ignored (${c.given} → ${c.stored}): correct them in the file` : '';
  return [
    `warning: ${n} ${n === 1 ? 'row names' : 'rows name'} ${Number(u.ids)} ${Number(u.ids) === 1 ? 'customer' : 'customers'} the store does not have (e.g. ${u.example}${sums.length ? `; ${sums.join(', ')}` : ''}): they count in no customer's figure until a customer with that id is imported${cased}; to import the file again, remove this import first (clientele imports remove ${id})`,
  ];
}

/** A sum as a report writes it: thousands separated, at most two decimals. */
function formatAmount(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** Lines of import $1 dated after the day $2, and the latest of their days. */
function sqlLinesAfter(d: Dialect): string {
  const day = `CAST(ordered_at AS ${d.type('date')})`;
  return `SELECT count(*) AS n, CAST(max(${day}) AS ${d.type('text')}) AS last FROM order_lines WHERE import_id = $1 AND ${day} > CAST($2 AS ${d.type('date')})`;
}

/** The store's last order day, the distinct day before it, and the days between. */
function sqlLastDayGap(d: Dialect): string {
  const day = `CAST(ordered_at AS ${d.type('date')})`;
  return `WITH last2 AS (SELECT DISTINCT ${day} AS day FROM order_lines ORDER BY day DESC LIMIT 2)
SELECT CAST(max(day) AS ${d.type('text')}) AS last, CAST(min(day) AS ${d.type('text')}) AS before,
  CASE WHEN count(*) = 2 THEN ${d.sqlDaysBetween('min(day)', 'max(day)')} END AS days FROM last2`;
}

/** Records DuckDB's reader itself rejected in the last scan (none are expected: the scan has removed them). */
async function readerRejects(engine: Engine, csv: boolean): Promise<number> {
  if (!csv) return 0;
  try {
    const [{ n }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM reject_errors');
    await engine.run('DELETE FROM reject_errors');
    await engine.run('DELETE FROM reject_scans');
    return n;
  } catch {
    return 0;
  }
}

async function sampleColumn(engine: Engine, source: string, column: string): Promise<string[]> {
  const c = engine.dialect.quoteIdent(column);
  const rows = await engine.query<{ v: string | null }>(`SELECT trim(${c}) AS v FROM ${source} LIMIT ${DATE_SAMPLE}`);
  return rows.flatMap((r) => (r.v === null ? [] : [r.v]));
}

/**
 * The part of an import that changes the store. Keyed entities (replacing stored rows) load in one transaction.
 * Other entities, the bulk ones, write their rows first under an `imports` row marked 'loading', then finish in
 * one transaction; a failure deletes what was written, and a kill is undone when the store is next opened
 * (engine/store.ts, recoverInterruptedImports).
 */
async function load(
  engine: Engine,
  spec: EntitySpec,
  p: Prepared,
  plan: ImportPlan,
  rowsChecked: number,
  bad: readonly BadLine[],
  started: Date,
  overlap: ((id: number) => Promise<void>) | null,
  lean: { readonly copied: number; readonly source: string } | null = null,
) {
  const d = engine.dialect;
  const startedAt = started.toISOString().replace('T', ' ').replace('Z', '');
  const record = (id: number, status: string, counts: { rowsRead: number; imported: number; updated: number; quarantined: number }) =>
    engine.run(
      `INSERT INTO imports (import_id, entity, file, sha256, bytes, format, details, rows_read, imported, updated, quarantined, status, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ${d.sqlNow})`,
      [id, spec.name, p.file, p.sha256, p.sniffed.bytes, p.sniffed.format, JSON.stringify(importDetails(p, plan)), counts.rowsRead, counts.imported, counts.updated, counts.quarantined, status, startedAt],
    );
  const rowsRead = rowsChecked + bad.length;
  const [{ id }] = await engine.query<{ id: number }>('SELECT COALESCE(max(import_id), 0) + 1 AS id FROM imports');

  const finish = async (imported: number, updated: number) => {
    const quarantinedRecords = await engine.run(sqlQuarantineRejected(d, plan), [id, p.file]);
    for (let i = 0; i < bad.length; i += 5000) {
      const part = bad.slice(i, i + 5000).map((b) => ({ line: b.line, reason: b.reason, raw: b.text }));
      await engine.run(sqlQuarantineUnreadable(d), [id, p.file, JSON.stringify(part)]);
    }
    const warned = await engine.run(sqlInsertWarnings(d, plan), [id, p.file]);
    // import-formats: a sheet whose header sits below a title: its quarantine and warning lines are the sheet's rows.
    if (p.lineShift) {
      await engine.run('UPDATE quarantine SET line = line + $2 WHERE import_id = $1', [id, p.lineShift]);
      await engine.run('UPDATE import_warnings SET line = line + $2 WHERE import_id = $1', [id, p.lineShift]);
    }
    const derived = { customers: 0, products: 0 };
    if (spec.name === 'orders') {
      const [c, pr] = sqlDeriveFromOrders(d);
      derived.customers = await engine.run(c, [id]);
      derived.products = await engine.run(pr, [id]);
    }
    // Customers known by an email or a phone: the value in their email or phone field (customer-key.ts). Emails are
    // made surrogates wherever they stand, in a column of other ids too: looked for among the rows loaded.
    if (plan.fileRelations && plan.keysTable && plan.sources.some((x) => x.field.name === 'customer_id' && x.column !== null)) {
      const kind = plan.customerKey ?? ((await engine.query(`SELECT 1 AS one FROM ${spec.table} WHERE import_id = $1 AND customer_id LIKE 'E%' AND length(customer_id) = 17 LIMIT 1`, [id])).length ? 'email' : null);
      if (kind) {
        await engine.run(sqlCustomerKeysInto(d, { ...plan, customerKey: kind }, plan.fileRelations, plan.keysTable));
        await engine.run(sqlCustomerContacts(d, kind, plan.keysTable));
      }
    }
    const quarantined = quarantinedRecords + bad.length;
    if (rowsRead !== imported + quarantined) throw new Error(`importOne: ${rowsRead} read but ${imported} loaded + ${quarantined} quarantined`);
    return { id, imported, updated, quarantined, rowsRead, derived, warned };
  };

  if (spec.key) {
    return engine.transaction(async () => {
      await replaceEarlier(engine, p.replaces);
      const countReplaced = sqlCountReplaced(d, plan);
      const updated = countReplaced ? (await engine.query<{ n: number }>(countReplaced))[0].n : 0;
      const del = sqlDeleteReplaced(d, plan);
      // Fields the file has no column for keep their stored values in the rows it replaces (sql/import.ts keptStoredFields).
      const keep = sqlKeepStoredFields(d, plan);
      let keptStored: string[] = [];
      if (keep) {
        // Which of them the replaced rows held a value in: what the note names.
        const fields = keptStoredFields(plan).filter((f) => f !== 'attributes');
        const key = spec.key!.map((k) => d.quoteIdent(k)).join(', ');
        if (fields.length && updated > 0) {
          const [held] = await engine.query<Record<string, number>>(
            `SELECT ${fields.map((f, i) => `count(${d.quoteIdent(f)}) AS c${i}`).join(', ')} FROM ${spec.table} WHERE (${key}) IN (SELECT (${key}) FROM ${d.quoteIdent(plan.checked)} WHERE __verdict IS NULL)`,
          );
          keptStored = fields.filter((_, i) => Number(held[`c${i}`]) > 0);
        }
        await engine.run(keep);
      }
      if (del) await keepSuperseded(engine, spec, plan.checked, id), await engine.run(del);
      const imported = await engine.run(sqlInsertAccepted(d, plan), [id]);
      const out = await finish(imported, updated);
      await record(id, 'done', out);
      await recordOptions(engine, id, p.optionsKey);
      return { ...out, keptStored };
    });
  }
  await record(id, 'loading', { rowsRead, imported: 0, updated: 0, quarantined: 0 });
  try {
    let imported: number;
    if (lean) {
      // The plain records, from the copy, unfiltered: one that fails a check fails the statement (TRUSTED_MISS).
      let plain: number;
      try {
        plain = await bulkLoad(engine, sqlInsertTrusted(d, { ...plan, source: lean.source }), id);
      } catch (e) {
        if (e instanceof Error && e.message.includes(TRUSTED_MISS)) throw new LeanMiss();
        throw e;
      }
      imported = plain + (await engine.run(sqlInsertCheckedApart(d, plan), [id]));
      if ((await readerRejects(engine, true)) > 0) throw new LeanMiss();
      // Every plain record loaded, every record not loaded an exception already judged, and every record judged
      // apart the very record loaded from the copy (its hash stored equals the one checked): else the exact way.
      const [{ n }] = await engine.query<{ n: number }>(sqlCountRejected(d, plan));
      const [{ m }] = await engine.query<{ m: number }>(sqlCountCheckedApartMismatch(d, plan), [id]);
      if (plain !== lean.copied || imported !== rowsChecked - n || m > 0) throw new LeanMiss();
    } else imported = await bulkLoad(engine, sqlInsertChecked(d, plan), id);
    const rejects = await readerRejects(engine, p.read.format === 'csv');
    if (rejects > 0) throw new Error(`importOne: the engine's reader rejected ${rejects} records the scan had accepted`);
    if (overlap) await overlap(id);
    return await engine.transaction(async () => {
      await replaceEarlier(engine, p.replaces);
      await recordOptions(engine, id, p.optionsKey);
      const out = await finish(imported, 0);
      await engine.run("UPDATE imports SET status = 'done', imported = $2, quarantined = $3, finished_at = " + d.sqlNow + ' WHERE import_id = $1', [id, out.imported, out.quarantined]);
      return { ...out, keptStored: [] as string[] };
    });
  } catch (e) {
    await discardImport(engine, id);
    const msg = e instanceof Error ? e.message : String(e);
    if (/out of memory/i.test(msg)) throw new ImportError('the import ran out of memory (nothing was loaded)', p.file, 'raise --memory-limit (the default is half the RAM), or free memory');
    throw e;
  }
}

/** Runs one bulk insert of order lines (`$1` the import id) with the engine's bulk-load settings (Dialect.sqlBulkLoad). */
async function bulkLoad(engine: Engine, sql: string, id: number): Promise<number> {
  const bulk = engine.dialect.sqlBulkLoad;
  if (bulk) await engine.run(bulk.set);
  try {
    return await engine.run(sql, [id]);
  } finally {
    if (bulk) await engine.run(bulk.reset);
  }
}

/** The lean import met a record its scanner did not foresee: redo the file the exact way (see checkAndLoad). */
class LeanMiss extends Error {
  constructor() {
    super('lean import: a record outside the suspects failed a check');
  }
}

/** True when the store holds rows of this entity other than those of the import being replaced. */
async function holdsOtherLines(engine: Engine, spec: EntitySpec, replaces: number | null): Promise<boolean> {
  const rows = await engine.query<{ one: number }>(`SELECT 1 AS one FROM ${spec.table} WHERE import_id <> $1 LIMIT 1`, [replaces ?? -1]);
  return rows.length > 0;
}

/**
 * What the scanner flags as a suspect, from each mapped field's type and checks (entities.ts) and the order-line
 * rules of sql/import.ts (quantity zero, unit price or amount, negative sale lines when a kind is given).
 */
function leanRules(spec: EntitySpec, columns: readonly string[], columnOf: (f: string) => string | null): SuspectRules {
  const fields = new Uint8Array(columns.length);
  const at = (f: string) => {
    const c = columnOf(f);
    return c === null ? -1 : columns.indexOf(c);
  };
  for (const f of spec.fields) {
    const i = at(f.name);
    if (i < 0) continue;
    let flags = f.required ? SUSPECT.required : 0;
    if (f.type === 'number') flags |= SUSPECT.number;
    else if (f.type === 'integer') flags |= SUSPECT.number | SUSPECT.integer;
    else if (f.type === 'date' || f.type === 'timestamp') flags |= SUSPECT.date;
    else if (f.type === 'boolean') flags |= SUSPECT.any;
    else if (f.type === 'text' && f.name.endsWith('_id')) flags |= SUSPECT.id;
    if (f.min && f.min.value === 0 && !f.min.exclusive) flags |= SUSPECT.negative;
    else if (f.min || f.max !== undefined) flags |= SUSPECT.any;
    fields[i] |= flags;
  }
  const oneOf: number[][] = [];
  if (spec.name === 'orders') {
    const q = at('quantity');
    if (q >= 0) fields[q] |= SUSPECT.zero;
    if (at('kind') >= 0) for (const f of ['quantity', 'amount']) if (at(f) >= 0) fields[at(f)] |= SUSPECT.negative;
    const priced = ['unit_price', 'amount'].map(at).filter((i) => i >= 0);
    if (priced.length) oneOf.push(priced);
  }
  return { fields, oneOf };
}

function importDetails(p: Prepared, plan: ImportPlan) {
  return {
    encoding: p.sniffed.encoding,
    delimiter: p.sniffed.delimiter,
    header: p.sniffed.header,
    preset: p.variant ? p.variant.label : null,
    mapping: Object.fromEntries(plan.sources.filter((s) => s.column !== null).map((s) => [s.field.name, s.column])),
    dateFormats: Object.fromEntries(plan.sources.filter((s) => s.column !== null && (s.field.type === 'date' || s.field.type === 'timestamp')).map((s) => [s.field.name, formatLabel(s.dateFormat)])),
  };
}

/** Reasons quote the bad value and the line; the summary groups them by kind. */
function generalise(reason: string): string {
  return reason.replace(/^"[^"]*"( \(its order's status, on another of its lines; this line has none\))? is/, 'value$1 is').replace(/of line \d+$/, 'of an earlier line');
}

function mergeReasons(list: ReadonlyArray<{ reason: string; count: number }>): Array<{ reason: string; count: number }> {
  const m = new Map<string, number>();
  for (const r of list) m.set(r.reason, (m.get(r.reason) ?? 0) + r.count);
  // Ties by reason: the engine's GROUP BY comes in no set order, and the same file must give the same report.
  return [...m].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
}

function requireColumns(spec: EntitySpec, file: string, columns: readonly string[], columnOf: (f: string) => string | null, generated: string | undefined): void {
  const missing = spec.fields.filter((f) => f.required && f.name !== generated && columnOf(f.name) === null).map((f) => f.name);
  if (spec.name === 'orders' && columnOf('unit_price') === null && columnOf('amount') === null) missing.push('unit_price or amount');
  if (missing.length === 0) return;
  const shown = columns.slice(0, 30).join(', ') + (columns.length > 30 ? ', …' : '');
  throw new ImportError(
    `no column for ${missing.join(', ')} (${spec.name} needs ${missing.length > 1 ? 'them' : 'it'})`,
    file,
    `the file's columns are: ${shown}. Map one with --map ${missing[0].split(' ')[0]}=COLUMN, or use a --preset`,
  );
}

function chooseDateFormat(
  values: readonly string[],
  fixed: string | null | undefined,
  preset: string | undefined,
): { format: string | null; how: DateFormatReport['how']; ambiguousWith?: string } | null {
  if (fixed !== undefined) return { format: fixed, how: 'given' };
  if (preset !== undefined) return { format: preset, how: 'preset' };
  // The first and the last records: day-first dates often show themselves only after the 12th of a month.
  const found = detectDateFormat(values.filter((v) => v !== ''));
  if (!found) return null;
  return { format: found.format, how: 'detected', ...(found.ambiguousWith ? { ambiguousWith: found.ambiguousWith } : {}) };
}

/**
 * Two-digit years read as after today (strptime reads 00–68 as 2000–2068): a birth date is put in the century before
 * (FieldSpec.past); any other date is loaded as read, and this says so, column by column. Only the formats with a
 * two-digit year are tried, on the whole column; nothing is read when no column has one.
 */
async function futureTwoDigitYears(engine: Engine, sources: readonly FieldSource[], relations: readonly string[]): Promise<string[]> {
  const d = engine.dialect;
  const notes: string[] = [];
  const today = new Date().toISOString().slice(0, 10);
  for (const s of sources) {
    if (s.column === null || s.field.past || s.dateFormat === null) continue;
    const yy = s.dateFormat.split(FORMAT_SEPARATOR).filter((f) => f.includes('%y'));
    if (yy.length === 0) continue;
    const parsed = d.sqlParseTimestamp(d.sqlTrimSpace(d.quoteIdent(s.column)), yy.join(FORMAT_SEPARATOR));
    const parts = relations.map((r) => `SELECT ${parsed} AS p FROM ${r}`);
    const [row] = await engine.query<{ n: number | bigint; last: unknown }>(`SELECT count(*) AS n, CAST(CAST(max(p) AS DATE) AS ${d.type('text')}) AS last FROM (${parts.join(' UNION ALL ')}) yy WHERE CAST(p AS DATE) > CAST($1 AS DATE)`, [today]);
    const n = Number(row?.n ?? 0);
    if (n > 0) notes.push(`warning: ${n} values in column "${s.column}" have a two-digit year read as after today (${today}), up to ${String(row.last)} (00–68 are read as 2000–2068): check them`);
  }
  return notes;
}
