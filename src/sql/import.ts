import type { EntitySpec, FieldSpec } from '../data/entities.js';
import type { Dialect } from './dialect.js';

/** Where each field of the entity comes from in the staged file. */
export interface FieldSource {
  readonly field: FieldSpec;
  /** The staged column, or null when the file has none. */
  readonly column: string | null;
  /** strftime format for date and timestamp fields; null means ISO. */
  readonly dateFormat: string | null;
}

export interface ImportPlan {
  readonly entity: EntitySpec;
  /** Staged table: every column text, in file order (rowid is the record's place). */
  readonly stage: string;
  readonly sources: readonly FieldSource[];
  /** Unmatched columns kept as JSON attributes. */
  readonly attributeColumns: readonly string[];
  /** line = __rec + lineOffset (+ records the reader rejected before it). */
  readonly lineOffset: number;
  /** Temp table with `acc_before` per rejected record, when the reader rejected any. */
  readonly rejects: string | null;
  /** A field made from the file name and line when the file has no such column. */
  readonly lineKey: { readonly field: string; readonly prefix: string } | null;
  /** Columns with values that start or end with white space; only these are trimmed (trimming costs). */
  readonly padded: ReadonlySet<string>;
  /** The table the checked rows go to. */
  readonly checked: string;
  /** An earlier import this one replaces (data/remove.ts): its rows do not count as "already in the store". */
  readonly replaces?: number | null;
}

const RAW = (f: string) => `r__${f}`;

/** Fields that give a keyless row its identity, so that an identical row is a duplicate. */
const IDENTITY_FIELDS: Partial<Record<string, readonly string[]>> = {
  orders: ['order_id'],
  payments: ['invoice_id'],
  surveys: ['customer_id'],
};

/** The record's line in the file, from its place among the records the reader accepted. */
export function sqlLineOf(d: Dialect, plan: ImportPlan, recExpr: string): string {
  const base = `(${recExpr} + ${plan.lineOffset})`;
  if (!plan.rejects) return base;
  return `(${base} + (SELECT count(*) FROM ${d.quoteIdent(plan.rejects)} WHERE acc_before <= ${recExpr}))`;
}

function sqlTyped(d: Dialect, f: FieldSpec, raw: string, dateFormat: string | null): string {
  switch (f.type) {
    case 'text':
      return raw;
    case 'number':
      return d.sqlParseNumber(raw);
    case 'integer': {
      const n = d.sqlParseNumber(raw);
      return `CASE WHEN ${n} = floor(${n}) THEN CAST(${n} AS ${d.type('bigint')}) END`;
    }
    case 'date':
      return `CAST(${d.sqlParseTimestamp(raw, dateFormat)} AS ${d.type('date')})`;
    case 'timestamp':
      return d.sqlParseTimestamp(raw, dateFormat);
    case 'boolean':
      return d.sqlParseBoolean(raw);
  }
}

const TYPE_WORD: Record<FieldSpec['type'], string> = {
  text: 'text',
  number: 'a number',
  integer: 'a whole number',
  date: 'a date',
  timestamp: 'a date',
  boolean: 'yes/no',
};

interface Check {
  readonly when: string;
  readonly reason: string;
  readonly column: string | null;
}

function shown(d: Dialect, raw: string): string {
  return `'"' || left(${raw}, 40) || '"'`;
}

/** Per-field checks in order: required, type, range. Reasons are SQL text expressions. */
function fieldChecks(d: Dialect, src: FieldSource, dateLabel: string): Check[] {
  const f = src.field;
  const q = d.quoteIdent(f.name);
  const raw = f.type === 'text' ? q : d.quoteIdent(RAW(f.name));
  const col = src.column;
  const checks: Check[] = [];
  if (f.required) checks.push({ when: `${raw} IS NULL`, reason: d.quoteString(`missing ${f.name}`), column: col });
  if (col === null) return checks;
  if (f.type !== 'text') {
    const expect = f.type === 'date' || f.type === 'timestamp' ? ` (expected ${dateLabel})` : '';
    checks.push({ when: `${raw} IS NOT NULL AND ${q} IS NULL`, reason: `${shown(d, raw)} || ${d.quoteString(` is not ${TYPE_WORD[f.type]}${expect}`)}`, column: col });
  }
  if (f.min) {
    const op = f.min.exclusive ? '<=' : '<';
    const word = f.min.exclusive ? `must be more than ${f.min.value}` : f.min.value === 0 ? 'must not be negative' : `must be at least ${f.min.value}`;
    checks.push({ when: `${q} ${op} ${f.min.value}`, reason: d.quoteString(`${f.name} ${word}`), column: col });
  }
  if (f.max !== undefined) checks.push({ when: `${q} > ${f.max}`, reason: d.quoteString(`${f.name} must be at most ${f.max}`), column: col });
  return checks;
}

const KIND_WORDS: Record<string, readonly string[]> = {
  sale: ['sale', 'sales', 'order', 'purchase', 'buy', '销售', '购买', '订单'],
  return: ['return', 'returned', 'refund', 'refunded', '退货', '退款'],
  cancel: ['cancel', 'cancelled', 'canceled', 'cancellation', 'void', '取消', '作废'],
};

/**
 * Order lines: kind, signs, amount and unit price made consistent.
 * - With no kind column, a negative line is a cancellation when its order id starts with C (Online Retail's
 *   convention), a zero-value stock adjustment when it has no price, and a return otherwise.
 * - Returns and cancellations carry negative quantity and amount; they reduce revenue, never vanish.
 * - With no quantity, a line is one unit; with no order id, one customer's lines on one day form one order.
 */
function orderDerivations(d: Dialect, has: (f: string) => boolean): { select: string[]; checks: Check[] } {
  const q = (f: string) => d.quoteIdent(f);
  const rawKind = `lower(${q('kind')})`;
  const qty0 = has('quantity') ? `COALESCE(${q('quantity')}, 1)` : '1';
  const negative = `(${qty0} < 0 OR COALESCE(${q('amount')}, 0) < 0)`;
  const kindFromColumn = Object.entries(KIND_WORDS)
    .map(([k, words]) => `WHEN ${rawKind} IN (${words.map((w) => d.quoteString(w)).join(', ')}) THEN '${k}'`)
    .join(' ');
  const derivedKind = `CASE WHEN NOT ${negative} THEN 'sale'
      WHEN upper(${q('order_id')}) LIKE 'C%' THEN 'cancel'
      WHEN COALESCE(${q('unit_price')}, abs(${q('amount')}), 0) = 0 THEN 'adjustment'
      ELSE 'return' END`;
  const kind = has('kind') ? `CASE WHEN ${q('kind')} IS NULL THEN ${derivedKind} ${kindFromColumn} END` : derivedKind;
  const select = [
    `${kind} AS __kind`,
    `abs(${qty0}) AS __qty_abs`,
  ];
  const checks: Check[] = [];
  if (has('kind')) checks.push({ when: `__kind IS NULL`, reason: `${shown(d, q('kind'))} || ' is not a kind (sale, return, cancel)'`, column: 'kind' });
  checks.push({ when: `${qty0} = 0`, reason: d.quoteString('quantity is zero'), column: 'quantity' });
  checks.push({ when: `${q('unit_price')} IS NULL AND ${q('amount')} IS NULL`, reason: d.quoteString('needs unit_price or amount'), column: null });
  if (has('kind')) checks.push({ when: `__kind = 'sale' AND ${negative}`, reason: d.quoteString('a sale line with a negative quantity or amount'), column: 'quantity' });
  return { select, checks };
}

/** The final value of each order-line field, after derivations. */
function orderFinal(d: Dialect): Record<string, string> {
  const q = (f: string) => d.quoteIdent(f);
  const sign = `(CASE WHEN __kind IN ('sale') THEN 1 ELSE -1 END)`;
  const price = `COALESCE(${q('unit_price')}, abs(${q('amount')}) / __qty_abs)`;
  return {
    order_id: `COALESCE(${q('order_id')}, ${q('customer_id')} || '@' || CAST(CAST(${q('ordered_at')} AS ${d.type('date')}) AS ${d.type('text')}))`,
    quantity: `${sign} * __qty_abs`,
    unit_price: price,
    amount: `${sign} * COALESCE(abs(${q('amount')}), __qty_abs * ${q('unit_price')})`,
    kind: '__kind',
  };
}

/**
 * Statements that type, check and de-duplicate every staged record. The result has one row per record:
 * the entity's fields as they will be stored, `__line`, `__hash`, and `__verdict` (NULL = load, else the reason)
 * with `__column`.
 */
export function sqlCheckRecords(d: Dialect, plan: ImportPlan): string[] {
  const q = (f: string) => d.quoteIdent(f);
  const spec = plan.entity;
  const has = (f: string) => plan.sources.some((s) => s.field.name === f && s.column !== null);
  const rawOf = (s: FieldSource) => {
    if (s.column !== null) return plan.padded.has(s.column) ? `NULLIF(trim(${q(s.column)}), '')` : `NULLIF(${q(s.column)}, '')`;
    if (plan.lineKey?.field === s.field.name) return `${d.quoteString(plan.lineKey.prefix + ':')} || CAST(${sqlLineOf(d, plan, '__rec')} AS ${d.type('text')})`;
    return 'NULL';
  };
  const rawCols = plan.sources.map((s) => `${rawOf(s)} AS ${q(RAW(s.field.name))}`);
  const typedCols = plan.sources.map((s) => {
    const raw = q(RAW(s.field.name));
    return `${s.column === null && !(plan.lineKey?.field === s.field.name) ? `CAST(NULL AS ${d.type(sqlTypeOf(s.field))})` : sqlTyped(d, s.field, raw, s.dateFormat)} AS ${q(s.field.name)}`;
  });
  // Text fields are their raw value; only other types keep the raw text beside the typed value, for messages.
  const rawKept = plan.sources.filter((s) => s.field.type !== 'text').map((s) => q(RAW(s.field.name)));
  const attrs = spec.keepsAttributes ? [`${d.sqlJsonObject(plan.attributeColumns.map((c) => [c, plan.padded.has(c) ? `NULLIF(trim(${q(c)}), '')` : `NULLIF(${q(c)}, '')`] as const))} AS attributes`] : [];

  const checks: Check[] = plan.sources.flatMap((s) => fieldChecks(d, s, s.dateFormat === null ? 'ISO 8601' : s.dateFormat));
  let derivedSelect: string[] = [];
  let final: Record<string, string> = {};
  if (spec.name === 'orders') {
    const o = orderDerivations(d, has);
    derivedSelect = o.select;
    checks.push(...o.checks);
    final = orderFinal(d);
  }
  if (spec.name === 'payments') checks.push({ when: `${q('written_off')} > abs(${q('amount')})`, reason: d.quoteString('written_off is more than the amount'), column: 'written_off' });
  if (spec.name === 'surveys') checks.push({ when: `${q('satisfaction')} IS NULL AND ${q('nps')} IS NULL`, reason: d.quoteString('needs satisfaction or nps'), column: null });

  // Entity checks name fields; the quarantine names the user's column.
  const colOf = (c: string | null) => plan.sources.find((s) => s.field.name === c)?.column ?? c;
  const reason = checks.length ? `CASE ${checks.map((c) => `WHEN ${c.when} THEN ${c.reason}`).join(' ')} END` : 'NULL';
  const column = checks.length ? `CASE ${checks.map((c) => `WHEN ${c.when} THEN ${c.column === null ? 'NULL' : d.quoteString(colOf(c.column)!)}`).join(' ')} END` : 'NULL';

  const outFields = spec.fields.map((f) => `${final[f.name] ?? q(f.name)} AS ${q(f.name)}`);
  const keyExprs = (spec.key ?? spec.fields.map((f) => f.name)).map((k) => q(k));
  // Identical rows are duplicates only where a row names itself (an order id, an invoice); without one, two equal
  // rows are two events (CDNOW has 255 same-day repeat purchases of equal value), and both are kept.
  const identified = spec.key !== undefined || plan.sources.some((s) => s.column !== null && IDENTITY_FIELDS[spec.name]?.includes(s.field.name));
  const hash = identified ? d.sqlHash(keyExprs) : 'NULL';
  const line = sqlLineOf(d, plan, '__rec');
  // The first valid record of each repeated hash; a grouped join is cheaper than a window over every record.
  const ranked = identified
    ? `SELECT h.*, d.__first FROM hashed h LEFT JOIN (
    SELECT __hash AS __dup_hash, min(__rec) AS __first FROM hashed WHERE __reason IS NULL GROUP BY __hash HAVING count(*) > 1
  ) d ON d.__dup_hash = h.__hash`
    : 'SELECT *, __rec AS __first FROM hashed';
  const inStore = spec.key || !identified ? 'FALSE' : `__hash IN (SELECT row_hash FROM ${spec.table} WHERE row_hash IS NOT NULL${plan.replaces != null ? ` AND import_id <> ${Math.trunc(plan.replaces)}` : ''})`;

  const typedTable = q(`${plan.checked}_typed`);
  // Typed values are materialised once: the checks below refer to each several times.
  const typedSql = `CREATE TEMP TABLE ${typedTable} AS
WITH raw AS (
  SELECT rowid AS __rec, ${[...rawCols, ...attrs].join(',\n    ')}
  FROM ${q(plan.stage)}
)
SELECT __rec${spec.keepsAttributes ? ', attributes' : ''}, ${[...rawKept, ...typedCols].join(',\n    ')}
FROM raw`;
  const checkedSql = `CREATE TEMP TABLE ${q(plan.checked)} AS
WITH derived AS (
  SELECT *${derivedSelect.length ? ', ' + derivedSelect.join(', ') : ''}
  FROM ${typedTable}
), flagged AS (
  SELECT *, ${reason} AS __reason, ${column} AS __column
  FROM derived
), checked AS (
  SELECT __rec, ${outFields.join(', ')}${spec.keepsAttributes ? ', attributes' : ''}, __reason, __column
  FROM flagged
), hashed AS (
  SELECT *, ${hash} AS __hash FROM checked
), ranked AS (
  ${ranked}
)
SELECT *, ${line} AS __line,
  CASE WHEN __reason IS NOT NULL THEN __reason
    WHEN __first IS NOT NULL AND __first < __rec THEN 'duplicate ${spec.key ? `${spec.key.join(', ')} ` : ''}of line ' || CAST(${sqlLineOf(d, plan, '__first')} AS ${d.type('text')})
    WHEN ${inStore} THEN 'already in the store (identical line imported before)'
  END AS __verdict,
  CASE WHEN __reason IS NOT NULL THEN __column END AS __verdict_column
FROM ranked
ORDER BY __rec`;
  return [typedSql, checkedSql, `DROP TABLE ${typedTable}`];
}

function sqlTypeOf(f: FieldSpec) {
  return ({ text: 'text', number: 'double', integer: 'bigint', date: 'date', timestamp: 'timestamp', boolean: 'boolean' } as const)[f.type];
}

/** Inserts the records that passed. `$1` is the import id. */
export function sqlInsertAccepted(d: Dialect, plan: ImportPlan): string {
  const q = (f: string) => d.quoteIdent(f);
  const spec = plan.entity;
  const cols = spec.fields.map((f) => q(f.name));
  const vals = [...cols];
  if (spec.keepsAttributes) cols.push('attributes'), vals.push('attributes');
  if (!spec.key) cols.push('row_hash'), vals.push('__hash');
  if (spec.name === 'orders') cols.push('line_no'), vals.push('__line');
  cols.push('import_id'), vals.push('$1');
  return `INSERT INTO ${spec.table} (${cols.join(', ')}) SELECT ${vals.join(', ')} FROM ${q(plan.checked)} WHERE __verdict IS NULL`;
}

/** Removes stored rows that this import's accepted rows replace (keyed entities only). */
export function sqlDeleteReplaced(d: Dialect, plan: ImportPlan): string | null {
  const spec = plan.entity;
  if (!spec.key) return null;
  const key = spec.key.map((k) => d.quoteIdent(k)).join(', ');
  return `DELETE FROM ${spec.table} WHERE (${key}) IN (SELECT (${key}) FROM ${d.quoteIdent(plan.checked)} WHERE __verdict IS NULL)`;
}

/** Counts stored rows that will be replaced; placeholder customers and products made from order lines do not count. */
export function sqlCountReplaced(d: Dialect, plan: ImportPlan): string | null {
  const spec = plan.entity;
  if (!spec.key) return null;
  const key = spec.key.map((k) => d.quoteIdent(k)).join(', ');
  const notDerived = spec.name === 'customers' || spec.name === 'products' ? 'NOT derived AND ' : '';
  return `SELECT count(*) AS n FROM ${spec.table} WHERE ${notDerived}(${key}) IN (SELECT (${key}) FROM ${d.quoteIdent(plan.checked)} WHERE __verdict IS NULL)`;
}

/** Quarantines the records that failed, with their original text. `$1` import id, `$2` file. */
export function sqlQuarantineRejected(d: Dialect, plan: ImportPlan, fileColumns: readonly string[]): string {
  const q = (f: string) => d.quoteIdent(f);
  const raw = d.sqlJsonObject(fileColumns.map((c) => [c, `s.${q(c)}`] as const));
  return `INSERT INTO quarantine (import_id, file, line, column_name, reason, raw)
SELECT $1, $2, c.__line, c.__verdict_column, c.__verdict, CAST(${raw} AS ${d.type('text')})
FROM ${q(plan.checked)} c JOIN ${q(plan.stage)} s ON s.rowid = c.__rec
WHERE c.__verdict IS NOT NULL ORDER BY c.__rec`;
}

/** One row: for each column, whether any value is padded with white space. */
export function sqlPaddedColumns(d: Dialect, stage: string, columns: readonly string[]): string {
  return `SELECT ${columns.map((c, i) => `bool_or(${d.sqlIsPadded(d.quoteIdent(c))}) AS c${i}`).join(', ')} FROM ${d.quoteIdent(stage)}`;
}

/** Tallies of the verdicts, for the import summary. */
export function sqlVerdictCounts(d: Dialect, plan: ImportPlan): string {
  return `SELECT __verdict AS reason, count(*) AS n FROM ${d.quoteIdent(plan.checked)} GROUP BY __verdict ORDER BY n DESC`;
}

/** Placeholder customers and products for ids that order lines name but the store lacks. `$1` import id. */
export function sqlDeriveFromOrders(d: Dialect): string[] {
  return [
    `INSERT INTO customers (customer_id, country, derived, import_id)
     SELECT customer_id, ${d.sqlArgMax('country', 'ordered_at')}, TRUE, $1 FROM order_lines
     WHERE import_id = $1 AND customer_id IS NOT NULL AND customer_id NOT IN (SELECT customer_id FROM customers)
     GROUP BY customer_id`,
    `INSERT INTO products (product_id, name, category, derived, import_id)
     SELECT product_id, ${d.sqlArgMax('product_name', 'ordered_at')}, ${d.sqlArgMax('category', 'ordered_at')}, TRUE, $1 FROM order_lines
     WHERE import_id = $1 AND product_id IS NOT NULL AND product_id NOT IN (SELECT product_id FROM products)
     GROUP BY product_id`,
  ];
}
