import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Engine, StageResult } from '../engine/engine.js';
import { discardImport } from '../engine/store.js';
import { ImportError, UsageError } from '../errors.js';
import type { ReadSpec } from '../sql/dialect.js';
import {
  sqlCheckRecords,
  sqlCountReplaced,
  sqlDeleteReplaced,
  sqlDeriveFromOrders,
  sqlInsertAccepted,
  sqlQuarantineRejected,
  sqlPaddedColumns,
  sqlVerdictCounts,
  type FieldSource,
  type ImportPlan,
} from '../sql/import.js';
import { ENTITIES, type EntityName, type EntitySpec } from './entities.js';
import { refreshFacts, type FactsRefresh } from './facts.js';
import { refuseUnrelated } from './overlap.js';
import { describeOptionsChange, findEarlierImport, importOptionsKey, keepSuperseded, recordOptions, replaceEarlier } from './remove.js';
import { detectDateFormat, formatLabel, parseDateFormatOption } from './dates.js';
import { describeSuggestion, matchColumns, type ColumnMatch } from './mapping.js';
import { findPreset, PRESETS, presetVariant, type PresetVariant } from './presets.js';
import { sniffFile, type Delimiter, type Encoding, type Sniffed } from './sniff.js';
import { reshapeFile } from './reshape.js';
import { convertInputs } from './inputs.js';
import { dateFormatOption } from './import-options.js';
import { hashFile, transcodeToCsv } from './transcode.js';

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
  readonly onProgress?: (e: ImportProgress) => void;
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

  const work = await mkdtemp(join(tmpdir(), 'clientele-import-'));
  try {
    const prepared: Prepared[] = [];
    // import-formats: workbooks (one CSV per sheet) and JSON arrays (JSON lines) are converted first; `label` names them.
    const inputs = await convertInputs(options.files.map((f) => resolve(f)), work, { sheet: options.sheet, dateFormat: fixedFormat, spec, map: options.map, preset: preset !== undefined });
    for (const input of inputs) {
      const p = await prepare(engine, spec, input.path, options, preset?.delimiter, preset ? (n) => presetVariant(preset, n) : null, work, progress);
      prepared.push({ ...p, file: input.label, note: [input.note, p.note].filter((n) => n !== undefined).join('; ') || undefined, lineShift: input.lineShift });
    }

    const reports: FileImportReport[] = [];
    for (const [i, p] of prepared.entries()) {
      reports.push(p.previous !== null ? skipped(p, preset?.name ?? null) : await importOne(engine, spec, p, i, options, fixedFormat, preset?.name ?? null, progress));
    }
    {
      const sum = (k: 'rowsRead' | 'imported' | 'updated' | 'quarantined') => reports.reduce((a, r) => a + r[k], 0);
      const ids = reports.map((r) => r.importId).filter((x): x is number => x !== null);
      const loaded = reports.filter((r) => r.importId !== null && r.alreadyImportedAs === null && r.imported + r.updated > 0);
      let facts: FactsRefresh = { mode: 'none', customers: 0 };
      if (FACT_ENTITIES.has(spec.name) && loaded.length) {
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
  let sniffed = await sniffFile(file, { encoding: options.encoding ?? 'auto', delimiter });
  const variant = pickVariant ? pickVariant(sniffed.firstRow.length) : null;
  if (variant && sniffed.format === 'csv' && sniffed.header !== variant.header) sniffed = { ...sniffed, header: variant.header };
  const sha256 = await hashFile(file, (n) => progress({ file, phase: 'hash', fraction: n / sniffed.bytes }));
  const optionsKey = importOptionsKey(options as unknown as Record<string, unknown>);
  const earlier = await findEarlierImport(engine, spec.name, sha256, optionsKey);
  const previous = earlier.same;
  const again = { replaces: earlier.replaces, optionsKey, replaceNote: earlier.replaces === null ? null : `replaces import #${earlier.replaces} of the same file (other options: ${describeOptionsChange(earlier.earlierOptions!, optionsKey)}), which was removed` };

  let read: ReadSpec;
  if (sniffed.format !== 'csv') read = { format: sniffed.format, path: file };
  else {
    let path = file;
    const whitespace = sniffed.delimiter === 'whitespace';
    if (previous === null && (whitespace || sniffed.encoding !== 'utf8' || sniffed.bom)) {
      path = join(work, `${basename(file)}.utf8.csv`);
      await transcodeToCsv(file, path, { encoding: sniffed.encoding, bom: sniffed.bom, whitespace }, (n) => progress({ file, phase: 'convert', fraction: n / sniffed.bytes }));
    }
    if (variant?.reshape && previous === null) {
      const reshaped = join(work, `${basename(file)}.reshaped.csv`);
      const note = await reshapeFile(variant.reshape, file, reshaped, sniffed.delimiter === 'whitespace' ? ' ' : sniffed.delimiter);
      const header = ['order_id', 'customer_id', 'ordered_at', 'category', 'amount', 'channel'];
      return { file, sniffed, sha256, read: { format: 'csv', path: reshaped, delimiter: ',', header: true, columnNames: header }, variant, previous, ...again, note };
    }
    const columnNames = sniffed.header ? uniqueNames(sniffed.firstRow) : (variant?.columnNames ?? sniffed.firstRow.map((_, i) => `column${i + 1}`));
    read = { format: 'csv', path, delimiter: whitespace ? ',' : sniffed.delimiter, header: sniffed.header, columnNames };
  }
  return { file, sniffed, sha256, read, variant, previous, ...again };
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
): Promise<FileImportReport> {
  const d = engine.dialect;
  const stage = `__stage_${index}`;
  const started = new Date();
  const notes: string[] = [];
  const temps = [stage, `${stage}_checked`, `${stage}_checked_typed`, `${stage}_rejects`];
  const dropTemps = async () => {
    for (const t of temps) await engine.run(`DROP TABLE IF EXISTS ${d.quoteIdent(t)}`);
  };
  await dropTemps();
  try {
    return await checkAndLoad();
  } finally {
    await dropTemps();
  }

  async function checkAndLoad(): Promise<FileImportReport> {
  let staged;
  try {
    staged = await engine.stageFile(p.read, stage, (x) => progress({ file: p.file, phase: 'read', fraction: x.fraction }));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new ImportError(`the file cannot be read as ${p.sniffed.format.toUpperCase()}: ${msg.replace(/^.*Error: /, '').split('\n')[0]}`, p.file, 'check the format; for CSV try --delimiter and --encoding');
  }

  const mapping = matchColumns(spec, staged.columns, options.map ?? {}, p.variant?.map ?? {});
  const lineKey = p.variant?.lineKey && !mapping.matches.some((m) => m.field === p.variant!.lineKey) ? { field: p.variant.lineKey, prefix: basename(p.file) } : null;
  const columnOf = (f: string) => mapping.matches.find((m) => m.field === f)?.column ?? null;
  requireColumns(spec, p.file, staged.columns, columnOf, lineKey?.field);

  const dateFormats: DateFormatReport[] = [];
  if (p.note) notes.push(p.note);
  for (const s of mapping.suggestions) notes.push(describeSuggestion(s)); // import-formats: unmatched columns that look like a field
  const dropped = new Set<string>();
  const sources: FieldSource[] = [];
  for (const f of spec.fields) {
    let column = columnOf(f.name);
    let dateFormat: string | null = null;
    if (column !== null && (f.type === 'date' || f.type === 'timestamp')) {
      const chosen = await chooseDateFormat(engine, stage, column, fixedFormat, p.variant?.dateFormats?.[f.name]);
      if (chosen === null) {
        if (f.required) throw new ImportError(`column "${column}" (${f.name}) does not hold dates in a format we recognise`, p.file, 'pass --date-format, for example --date-format "DD/MM/YYYY HH:MM"', undefined, column);
        notes.push(`column "${column}" did not look like dates, so it was not used as ${f.name} (kept as an attribute where possible)`);
        dropped.add(column);
        column = null;
      } else {
        dateFormat = chosen.format;
        dateFormats.push({ field: f.name, column, format: formatLabel(chosen.format), how: chosen.how, ...(chosen.ambiguousWith ? { ambiguousWith: chosen.ambiguousWith } : {}) });
        if (chosen.ambiguousWith) notes.push(`dates in "${column}" also read as ${chosen.ambiguousWith}; ${formatLabel(chosen.format)} was assumed (pass --date-format to choose)`);
      }
    }
    sources.push({ field: f, column, dateFormat });
  }
  const matched = mapping.matches.filter((m) => !dropped.has(m.column));
  const unmatched = [...mapping.unmatched, ...dropped];
  const attributeColumns = spec.keepsAttributes ? unmatched : [];
  if (!spec.keepsAttributes && unmatched.length) notes.push(`columns not used: ${unmatched.join(', ')}`);

  const lineOffset = p.read.format === 'csv' && p.sniffed.header ? 2 : 1;
  let rejectsTable: string | null = null;
  if (staged.rejects.length) {
    rejectsTable = `${stage}_rejects`;
    await engine.run(`CREATE TEMP TABLE ${d.quoteIdent(rejectsTable)} (acc_before ${d.type('bigint')})`);
    for (const [j, r] of staged.rejects.entries()) await engine.run(`INSERT INTO ${d.quoteIdent(rejectsTable)} VALUES ($1)`, [r.line - lineOffset - j]);
  }
  const used = [...new Set([...sources.flatMap((s) => (s.column === null ? [] : [s.column])), ...attributeColumns])];
  const [paddedRow] = used.length ? await engine.query<Record<string, boolean | null>>(sqlPaddedColumns(d, stage, used)) : [{}];
  const padded = new Set(used.filter((_, i) => paddedRow[`c${i}`] === true));
  const plan: ImportPlan = { entity: spec, stage, sources, attributeColumns, lineOffset: lineOffset + (p.lineShift ?? 0), rejects: rejectsTable, lineKey, padded, checked: `${stage}_checked`, replaces: p.replaces };

  progress({ file: p.file, phase: 'check', fraction: null });
  for (const sql of sqlCheckRecords(d, plan)) await engine.run(sql);
  const verdicts = await engine.query<{ reason: string | null; n: number }>(sqlVerdictCounts(d, plan));
  const appended = await refuseUnrelated(engine, spec, plan.checked, { append: options.append, replaces: p.replaces, file: p.file, store: engine.location });
  if (appended) notes.push(appended);
  if (p.replaceNote) notes.push(p.replaceNote);
  // Staging and checks ran outside the transaction (temporary tables only; DuckDB fills them faster there).
  progress({ file: p.file, phase: 'load', fraction: null });
  const loaded = await load(engine, spec, p, plan, staged, started);
  const { id, imported, updated, quarantined, rowsRead, derived } = loaded;
  const reasons = verdicts.filter((v) => v.reason !== null).map((v) => ({ reason: generalise(v.reason!), count: v.n }));
  const rejectReasons = new Map<string, number>();
  for (const r of staged.rejects) {
    const k = `unreadable record: ${r.reason.split(':')[0]}`;
    rejectReasons.set(k, (rejectReasons.get(k) ?? 0) + 1);
  }
  if (spec.name === 'orders') {
    const guest = await engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines WHERE import_id = $1 AND customer_id IS NULL', [id]);
    if (guest[0].n > 0) notes.push(`${guest[0].n} lines have no customer id: loaded as unattributed sales (they count in totals, not in any customer's figures)`);
  }
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
    derived,
    notes,
  };
  }
}

/**
 * The part of an import that changes the store. Keyed entities (replacing stored rows) load in one transaction.
 * Other entities, the bulk ones, write their rows first under an `imports` row marked 'loading', then finish in
 * one transaction; a failure deletes what was written, and a kill is undone when the store is next opened
 * (engine/store.ts, recoverInterruptedImports).
 */
async function load(engine: Engine, spec: EntitySpec, p: Prepared, plan: ImportPlan, staged: StageResult, started: Date) {
  const d = engine.dialect;
  const startedAt = started.toISOString().replace('T', ' ').replace('Z', '');
  const record = (id: number, status: string, counts: { rowsRead: number; imported: number; updated: number; quarantined: number }) =>
    engine.run(
      `INSERT INTO imports (import_id, entity, file, sha256, bytes, format, details, rows_read, imported, updated, quarantined, status, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, ${d.sqlNow})`,
      [id, spec.name, p.file, p.sha256, p.sniffed.bytes, p.sniffed.format, JSON.stringify(importDetails(p, plan)), counts.rowsRead, counts.imported, counts.updated, counts.quarantined, status, startedAt],
    );
  const rowsRead = staged.rows + staged.rejects.length;
  const [{ id }] = await engine.query<{ id: number }>('SELECT COALESCE(max(import_id), 0) + 1 AS id FROM imports');

  const finish = async (imported: number, updated: number) => {
    const quarantinedRecords = await engine.run(sqlQuarantineRejected(d, plan, staged.columns), [id, p.file]);
    for (const r of staged.rejects) {
      await engine.run('INSERT INTO quarantine (import_id, file, line, column_name, reason, raw) VALUES ($1, $2, $3, NULL, $4, $5)', [id, p.file, r.line + (p.lineShift ?? 0), `unreadable record: ${r.reason}`, r.text]);
    }
    const derived = { customers: 0, products: 0 };
    if (spec.name === 'orders') {
      const [c, pr] = sqlDeriveFromOrders(d);
      derived.customers = await engine.run(c, [id]);
      derived.products = await engine.run(pr, [id]);
    }
    const quarantined = quarantinedRecords + staged.rejects.length;
    if (rowsRead !== imported + quarantined) throw new Error(`importOne: ${rowsRead} read but ${imported} loaded + ${quarantined} quarantined`);
    return { id, imported, updated, quarantined, rowsRead, derived };
  };

  if (spec.key) {
    return engine.transaction(async () => {
      await replaceEarlier(engine, p.replaces);
      const countReplaced = sqlCountReplaced(d, plan);
      const updated = countReplaced ? (await engine.query<{ n: number }>(countReplaced))[0].n : 0;
      const del = sqlDeleteReplaced(d, plan);
      if (del) await keepSuperseded(engine, spec, plan.checked, id), await engine.run(del);
      const imported = await engine.run(sqlInsertAccepted(d, plan), [id]);
      const out = await finish(imported, updated);
      await record(id, 'done', out);
      await recordOptions(engine, id, p.optionsKey);
      return out;
    });
  }
  await record(id, 'loading', { rowsRead, imported: 0, updated: 0, quarantined: 0 });
  try {
    const imported = await engine.run(sqlInsertAccepted(d, plan), [id]);
    return await engine.transaction(async () => {
      await replaceEarlier(engine, p.replaces);
      await recordOptions(engine, id, p.optionsKey);
      const out = await finish(imported, 0);
      await engine.run("UPDATE imports SET status = 'done', imported = $2, quarantined = $3, finished_at = " + d.sqlNow + ' WHERE import_id = $1', [id, out.imported, out.quarantined]);
      return out;
    });
  } catch (e) {
    await discardImport(engine, id);
    throw e;
  }
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
  return reason.replace(/^"[^"]*" is/, 'value is').replace(/of line \d+$/, 'of an earlier line');
}

function mergeReasons(list: ReadonlyArray<{ reason: string; count: number }>): Array<{ reason: string; count: number }> {
  const m = new Map<string, number>();
  for (const r of list) m.set(r.reason, (m.get(r.reason) ?? 0) + r.count);
  return [...m].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
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

async function chooseDateFormat(
  engine: Engine,
  stage: string,
  column: string,
  fixed: string | null | undefined,
  preset: string | undefined,
): Promise<{ format: string | null; how: DateFormatReport['how']; ambiguousWith?: string } | null> {
  if (fixed !== undefined) return { format: fixed, how: 'given' };
  if (preset !== undefined) return { format: preset, how: 'preset' };
  const d = engine.dialect;
  const c = d.quoteIdent(column);
  // The first and the last rows: day-first dates often show themselves only after the 12th of a month.
  const rows = await engine.query<{ v: string | null }>(
    `SELECT trim(${c}) AS v FROM ${d.quoteIdent(stage)} WHERE rowid < ${DATE_SAMPLE} OR rowid >= (SELECT count(*) FROM ${d.quoteIdent(stage)}) - ${DATE_SAMPLE}`,
  );
  const found = detectDateFormat(rows.flatMap((r) => (r.v === null ? [] : [r.v])));
  if (!found) return null;
  return { format: found.format, how: 'detected', ...(found.ambiguousWith ? { ambiguousWith: found.ambiguousWith } : {}) };
}
