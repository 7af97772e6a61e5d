import { UsageError } from '../errors.js';
import { aliasesFor, INVERTED_NAMES, isOrderTotalName, LAYOUT_ALIASES, ORDER_EMAIL } from './aliases.js';
import { TRADITIONAL_TO_SIMPLIFIED } from './aliases-traditional.js';
import type { EntitySpec } from './entities.js';
import { importText, type ImportTextLanguage } from './import-text.js';
import { unitScale, type UnitScale } from './units.js';

export type MatchSource = 'map' | 'preset' | 'name' | 'alias';

export interface ColumnMatch {
  readonly field: string;
  readonly column: string;
  readonly via: MatchSource;
  /** For `alias`: the dictionary's name (aliases.ts) that the column matched. */
  readonly alias?: string;
  /** A note in brackets set aside to match, e.g. `(元)` in `单价(元)`. */
  readonly ignored?: string;
  /** A number field whose column's unit multiplies its figures (`合同金额(万元)`: × 10,000); units.ts. */
  readonly scale?: UnitScale;
  /** A yes/no field whose column says the opposite (a consent column for `opt_out`): its values are read inverted. */
  readonly inverted?: boolean;
}

/**
 * An unmatched column that looks like a field: `also-names` a field another column took, or is `similar` to one of
 * its names; or what the matcher chose that a reader should know: `email-key` (an order file's customers are known by
 * their email: it has no customer id), `order-total` (an order's total left out as the lines' amount: they are quantity
 * × unit price).
 */
export interface ColumnSuggestion {
  readonly column: string;
  readonly field: string;
  readonly reason: 'also-names' | 'similar' | 'email-key' | 'order-total';
  /** The column that took the field, for `also-names`. */
  readonly took?: string;
}

export interface ColumnMapping {
  readonly matches: readonly ColumnMatch[];
  /** File columns that no field took: kept as attributes where the entity keeps them. */
  readonly unmatched: readonly string[];
  /** Fields no column took. */
  readonly missing: readonly string[];
  /** Nearest fields for unmatched columns, where one is obvious. */
  readonly suggestions: readonly ColumnSuggestion[];
}

const FOLD = new Map(TRADITIONAL_TO_SIMPLIFIED.filter((p) => p[0] !== p[1]).map((p) => [p[0], p[1]] as const));
const HAS_CJK = /[\u3400-\u9fff]/;
let emailKeys: Set<string> | null = null;
/** The order file's email names, normalised (built on first use: normalizeColumnName needs FOLD). */
const isEmailKey = (alias: string) => (emailKeys ??= new Set(ORDER_EMAIL.map((n) => normalizeColumnName(n)))).has(normalizeColumnName(alias));

/**
 * `Customer ID`, `customer_id`, `CustomerID`, `ＣＵＳＴＯＭＥＲ　ＩＤ` and `customer-id` all read as `customerid`;
 * traditional characters read as simplified (客戶編號 as 客户编号). Letters and digits of every script are kept; a
 * `#` reads as "no" (`Cust #` as `Cust No`, `Order#` as `Order No`).
 */
export function normalizeColumnName(name: string): string {
  let s = name.normalize('NFKC').toLowerCase().replaceAll('#', ' no ');
  if (HAS_CJK.test(s)) s = [...s].map((c) => FOLD.get(c) ?? c).join('');
  return s.replace(/[^\p{L}\p{N}]+/gu, '');
}

const NOTE = /\([^()]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕|<[^>]*>|《[^》]*》/g;

/** A name without its units or notes in brackets: `单价(元)`, `金额（RMB）`, `Price [USD]`, `数量【件】`. */
export function withoutNotes(name: string): { readonly base: string; readonly note: string } | null {
  const s = name.normalize('NFKC');
  const notes = s.match(NOTE);
  if (!notes) return null;
  const base = s.replace(NOTE, ' ').trim();
  return normalizeColumnName(base) === '' ? null : { base, note: notes.join(' ') };
}

/** Parses `--map field=Column` options; the column may contain `=`. */
export function parseMapOptions(options: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of options) {
    const i = o.indexOf('=');
    if (i <= 0 || i === o.length - 1) throw new UsageError(`--map ${o}: expected field=Column`, 'for example --map customer_id="Client No"');
    out[o.slice(0, i).trim()] = o.slice(i + 1).trim();
  }
  return out;
}

interface AliasEntry {
  readonly field: string;
  readonly alias: string;
  /** Position in the field's list: lower is preferred. */
  readonly rank: number;
}

/** Every name of every field of an entity, normalised: the dictionary's where it lists the entity, else the spec's own. */
export function aliasIndex(spec: EntitySpec): Map<string, AliasEntry> {
  const index = new Map<string, AliasEntry>();
  for (const f of spec.fields) {
    const names = aliasesFor(spec.name, f.name) ?? f.aliases;
    names.forEach((alias, rank) => {
      const k = normalizeColumnName(alias);
      if (k !== '' && !index.has(k)) index.set(k, { field: f.name, alias, rank });
    });
  }
  return index;
}

const indexes = new WeakMap<EntitySpec, Map<string, AliasEntry>>();
const indexOf = (spec: EntitySpec) => {
  let i = indexes.get(spec);
  if (!i) indexes.set(spec, (i = aliasIndex(spec)));
  return i;
};

/**
 * Matches a file's columns to an entity's fields: explicit `--map` first, then the preset, then exact field
 * names, then the dictionary's names (aliases.ts), first as the column is written, then without a note in
 * brackets. When several columns name one field, the dictionary's order of preference decides. A column serves
 * one field. Costs O(columns + aliases).
 */
export function matchColumns(spec: EntitySpec, columns: readonly string[], explicit: Readonly<Record<string, string>> = {}, preset: Readonly<Record<string, string>> = {}): ColumnMapping {
  const normOf = new Map<string, string>();
  const byNorm = new Map<string, string>();
  for (const c of columns) {
    const n = normalizeColumnName(c);
    normOf.set(c, n);
    if (!byNorm.has(n)) byNorm.set(n, c);
  }
  const taken = new Set<string>();
  const matches: ColumnMatch[] = [];
  const fieldNames = new Set(spec.fields.map((f) => f.name));
  const has = (field: string) => matches.some((m) => m.field === field);

  const take = (m: ColumnMatch) => {
    matches.push(m);
    taken.add(m.column);
  };
  const findColumn = (name: string): string | undefined => (columns.includes(name) ? name : byNorm.get(normalizeColumnName(name)));

  for (const [sourceName, map] of [['map', explicit], ['preset', preset]] as const) {
    for (const [field, column] of Object.entries(map)) {
      if (!fieldNames.has(field)) {
        throw new UsageError(`${sourceName === 'map' ? '--map' : 'preset'}: ${spec.name} has no field "${field}"`, `fields: ${[...fieldNames].join(', ')}`);
      }
      if (has(field)) continue;
      const found = findColumn(column);
      if (!found) {
        if (sourceName === 'preset') continue;
        const shown = columns.slice(0, 30).join(', ') + (columns.length > 30 ? ', …' : '');
        throw new UsageError(`--map ${field}=${column}: the file has no column "${column}"`, `its columns are: ${shown}`);
      }
      take({ field, column: found, via: sourceName });
    }
  }
  for (const f of spec.fields) {
    const c = byNorm.get(normalizeColumnName(f.name));
    if (!has(f.name) && c !== undefined && !taken.has(c)) take({ field: f.name, column: c, via: 'name' });
  }

  // A platform's own names, where its layout shows (aliases.ts LAYOUT_ALIASES): before the dictionary, which they overrule.
  for (const layout of LAYOUT_ALIASES) {
    if (layout.entity !== spec.name || !layout.when.every((w) => byNorm.has(normalizeColumnName(w)))) continue;
    for (const [field, name] of Object.entries(layout.names)) {
      const c = byNorm.get(normalizeColumnName(name));
      if (c !== undefined && !has(field) && !taken.has(c)) take({ field, column: c, via: 'alias', alias: name });
    }
  }

  // The dictionary: per field, the free column with the most preferred name; exact names before names without notes.
  const index = indexOf(spec);
  const notes = new Map<string, { base: string; note: string }>();
  for (const c of columns) {
    const n = withoutNotes(c);
    if (n) notes.set(c, n);
  }
  const keyOf = (c: string, level: 0 | 1) => (level === 0 ? normOf.get(c)! : notes.has(c) ? normalizeColumnName(notes.get(c)!.base) : undefined);
  for (const level of [0, 1] as const) {
    const best = new Map<string, { column: string; entry: AliasEntry }>();
    for (const c of columns) {
      if (taken.has(c)) continue;
      const k = keyOf(c, level);
      const entry = k === undefined ? undefined : index.get(k);
      if (!entry || has(entry.field)) continue;
      const cur = best.get(entry.field);
      if (!cur || entry.rank < cur.entry.rank) best.set(entry.field, { column: c, entry });
    }
    for (const [field, { column, entry }] of best) take({ field, column, via: 'alias', alias: entry.alias, ...(level === 1 ? { ignored: notes.get(column)!.note } : {}) });
  }

  // A required field no name matched (or an order line's customer, order or product, without which its figures
  // are lost): the one free column whose name contains one of the field's names (訂購日期 holds 日期, "Date of
  // Sale" holds "date") serves it, where that is clear, rather than failing the import or losing the field. Its
  // values are then checked like any other (a date column that holds no dates still stops the import).
  const needed = spec.fields.filter((f) => f.required && !has(f.name)).map((f) => f.name);
  if (spec.name === 'orders') {
    if (!has('unit_price') && !has('amount')) needed.push('unit_price', 'amount');
    for (const f of ['customer_id', 'order_id', 'product_id']) if (!has(f)) needed.push(f);
  }
  if (needed.length) {
    const keys = [...index.keys()];
    const found = new Map<string, Array<{ column: string; key: string }>>();
    for (const c of columns.slice(0, SUGGEST_LIMIT)) {
      if (taken.has(c)) continue;
      const near = nearestField(keyOf(c, 1) ?? keyOf(c, 0)!, keys, index);
      if (near && needed.includes(near.field) && near.contained) found.set(near.field, [...(found.get(near.field) ?? []), { column: c, key: near.key }]);
    }
    for (const field of needed) {
      const cs = found.get(field);
      if (has(field) || !cs || cs.length !== 1 || taken.has(cs[0].column)) continue;
      if ((field === 'unit_price' || field === 'amount') && (has('unit_price') || has('amount'))) continue;
      take({ field, column: cs[0].column, via: 'alias', alias: index.get(cs[0].key)!.alias });
    }
  }

  // A figure in 万元 or thousands is read as the amount it stands for, whichever way its column was matched.
  const scaled = matches.map((m) => {
    const f = spec.fields.find((x) => x.name === m.field)!;
    const scale = (f.type === 'number' || f.type === 'integer') && f.max !== 1 ? unitScale(m.column) : null;
    // A consent column says the opposite of opt_out, however it was matched (--map opt_out=marketing_consent too).
    const inverted = f.type === 'boolean' && isInvertedName(spec, m.field, m.column);
    return { ...m, ...(scale ? { scale } : {}), ...(inverted ? { inverted } : {}) };
  });
  matches.splice(0, matches.length, ...scaled);

  const told: ColumnSuggestion[] = [];
  if (spec.name === 'orders') {
    // An order's total (Order Total, Grand Total, 订单金额) repeats on every item row of a multi-item order: where the
    // lines have their own price, a line's amount is quantity × that price, and the total is left out. A total the
    // user mapped (--map, a preset) stays.
    const amount = matches.find((m) => m.field === 'amount');
    const price = matches.find((m) => m.field === 'unit_price');
    if (amount && price && amount.via !== 'map' && amount.via !== 'preset' && isOrderTotalName(keyOf(amount.column, 1) ?? keyOf(amount.column, 0)!)) {
      matches.splice(matches.indexOf(amount), 1);
      taken.delete(amount.column);
      told.push({ column: amount.column, field: 'amount', reason: 'order-total', took: price.column });
    }
    // An order's total the dictionary did not take (WooCommerce's Order Total Amount): said the same way.
    if (price && !matches.some((m) => m.field === 'amount')) {
      for (const c of columns.slice(0, SUGGEST_LIMIT)) {
        if (!taken.has(c) && !told.some((t) => t.column === c) && isOrderTotalName(keyOf(c, 1) ?? keyOf(c, 0)!)) told.push({ column: c, field: 'amount', reason: 'order-total', took: price.column });
      }
    }
    const customer = matches.find((m) => m.field === 'customer_id');
    if (customer?.via === 'alias' && isEmailKey(customer.alias!)) told.push({ column: customer.column, field: 'customer_id', reason: 'email-key' });
  }

  const order = new Map(spec.fields.map((f, i) => [f.name, i]));
  matches.sort((a, b) => order.get(a.field)! - order.get(b.field)!);
  const unmatched = columns.filter((c) => !taken.has(c));
  return {
    matches,
    unmatched,
    missing: spec.fields.filter((f) => !has(f.name)).map((f) => f.name),
    suggestions: [...told, ...suggest(unmatched.filter((c) => !told.some((t) => t.column === c)), matches, index, keyOf)],
  };
}

function isInvertedName(spec: EntitySpec, field: string, column: string): boolean {
  const names = INVERTED_NAMES[spec.name]?.[field];
  if (!names) return false;
  const keys = [normalizeColumnName(column), normalizeColumnName(withoutNotes(column)?.base ?? column)];
  return names.some((n) => keys.includes(normalizeColumnName(n)));
}

/** Suggestions are looked for among the first this many unmatched columns: a 100,000-column header gets no quadratic search. */
const SUGGEST_LIMIT = 200;

function suggest(unmatched: readonly string[], matches: readonly ColumnMatch[], index: Map<string, AliasEntry>, keyOf: (c: string, level: 0 | 1) => string | undefined): ColumnSuggestion[] {
  const out: ColumnSuggestion[] = [];
  const tookBy = new Map(matches.map((m) => [m.field, m.column]));
  const keys = [...index.keys()];
  for (const c of unmatched.slice(0, SUGGEST_LIMIT)) {
    const named = [keyOf(c, 0), keyOf(c, 1)].map((k) => (k === undefined ? undefined : index.get(k))).find((e) => e !== undefined);
    if (named) {
      // A field no column took (an order's total set aside): the name only says what the column may be.
      out.push(tookBy.has(named.field) ? { column: c, field: named.field, reason: 'also-names', took: tookBy.get(named.field) } : { column: c, field: named.field, reason: 'similar' });
      continue;
    }
    const n = keyOf(c, 1) ?? keyOf(c, 0)!;
    const field = nearestField(n, keys, index)?.field;
    if (field) out.push({ column: c, field, reason: 'similar', ...(tookBy.has(field) ? { took: tookBy.get(field) } : {}) });
  }
  return out;
}

/**
 * The one field whose name the column contains (or is a typo of), where that is clear: the longest such name
 * wins, and a tie between two fields suggests nothing. Short names (under 2 Chinese characters or 4 letters)
 * are not used, so `id` or `市` suggest nothing.
 */
function nearestField(n: string, keys: readonly string[], index: Map<string, AliasEntry>): { field: string; key: string; contained: boolean } | null {
  if (n.length < 2) return null;
  let best: { field: string; score: number; key: string; contained: boolean } | null = null;
  let tie = false;
  for (const k of keys) {
    const cjk = HAS_CJK.test(k);
    if (k.length < (cjk ? 2 : 4)) continue;
    let score = 0;
    if (n.includes(k)) score = k.length;
    else if (!cjk && n.length >= 5 && Math.abs(n.length - k.length) <= 1 && editDistanceAtMost1(n, k)) score = k.length - 0.5;
    if (score === 0) continue;
    const field = index.get(k)!.field;
    if (!best || score > best.score) (best = { field, score, key: k, contained: Number.isInteger(score) }), (tie = false);
    else if (score === best.score && field !== best.field) tie = true;
  }
  return best && !tie ? { field: best.field, key: best.key, contained: best.contained } : null;
}

/** One insertion, deletion, substitution or swap of neighbours turns a into b. */
function editDistanceAtMost1(a: string, b: string): boolean {
  if (a === b) return true;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const ra = a.slice(i + 1);
  const rb = b.slice(i + 1);
  if (a.length === b.length) return ra === rb || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const plain = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * How a column matched, for the import report: nothing added when the column is a field's name or a name of the
 * dictionary as written (up to case, spaces and punctuation); otherwise `(--map)`, `(preset)`, or the dictionary
 * name it was read as, e.g. `customer_id ← 客戶編號 (as "客户编号")`, `unit_price ← 单价(元) (as "单价", "(元)" set aside)`.
 */
export function describeMatch(m: ColumnMatch, lang: ImportTextLanguage = 'en'): string {
  const how =
    m.via === 'map'
      ? importText('match_map', {}, lang)
      : m.via === 'preset'
        ? importText('match_preset', {}, lang)
        : m.via === 'name' || (!m.ignored && plain(m.alias!) === plain(m.column))
          ? ''
          : m.ignored && m.ignored !== m.scale?.unit
            ? importText('match_as_note', { alias: m.alias!, note: m.ignored }, lang)
            : importText('match_as', { alias: m.alias! }, lang);
  const inverted = m.inverted ? importText('match_inverted', {}, lang) : '';
  const scale = m.scale ? importText('match_scale', { unit: m.scale.unit, factor: m.scale.factor.toLocaleString('en-US') }, lang) : '';
  return `${m.field} ← ${m.column}${how}${scale}${inverted}`;
}

/** One line per suggestion, for the import report's notes. */
export function describeSuggestion(s: ColumnSuggestion, lang: ImportTextLanguage = 'en'): string {
  const key = ({ 'also-names': 'also_names', similar: 'similar', 'email-key': 'email_key', 'order-total': 'order_total' } as const)[s.reason];
  return importText(key, { column: s.column, field: s.field, took: s.took ?? '' }, lang);
}
