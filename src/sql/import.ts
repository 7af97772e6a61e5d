import type { EntitySpec, FieldSpec } from '../data/entities.js';
import type { Dialect } from './dialect.js';

/** Where each field of the entity comes from in the file. */
export interface FieldSource {
  readonly field: FieldSpec;
  /** The file's column, or null when the file has none. */
  readonly column: string | null;
  /** strftime format for date and timestamp fields; null means ISO; `EXCEL` (data/dates.ts) Excel serial day numbers. */
  readonly dateFormat: string | null;
  /**
   * Number fields: the multiplier the column's unit stands for (`合同金额(万元)` 10,000, `Revenue (in millions)`
   * 1,000,000; data/units.ts); absent or 1 when the figures are as written.
   */
  readonly scale?: number;
  /**
   * Number fields: `comma` when the column (or the file) writes decimals with a comma, so a dot there only groups
   * thousands (`1.500` is 1500, `1,5` is 1.5); otherwise each value is read as the common conventions allow
   * (data/number-style.ts decides from the whole column).
   */
  readonly decimalComma?: boolean;
  /** Boolean fields: the column says the opposite (marketing_consent = yes is opt_out = no). */
  readonly inverted?: boolean;
}

/** Values no business has: they are quarantined (required and figure fields) or dropped with a warning (others). */
export interface PlausibleLimits {
  /** Dates before `minDate` or after `maxDate` (ISO, inclusive) are not plausible. */
  readonly minDate: string;
  readonly maxDate: string;
  /** Numbers with a larger absolute value are not plausible. */
  readonly maxMagnitude: number;
}

export const DEFAULT_LIMITS: PlausibleLimits = { minDate: '1900-01-01', maxDate: '2100-12-31', maxMagnitude: 1e15 };

/** How each record's line in the file is known. */
export type LineSource =
  /** The file was copied with each record's line as the first column, `__line`. */
  | { readonly kind: 'column' }
  /** line = row + first + Σ lines of the shifts (blank lines, multi-line records) with before ≤ row. */
  | { readonly kind: 'computed'; readonly first: number; readonly shifts: ReadonlyArray<{ readonly before: number; readonly lines: number }> };

export interface ImportPlan {
  readonly entity: EntitySpec;
  /** A relation (after FROM) with every column of the file as text, in file order. */
  readonly source: string;
  /** Every column of the file, for the whole-record hash and the original values of rejected rows. */
  readonly fileColumns: readonly string[];
  readonly sources: readonly FieldSource[];
  /** Unmatched columns kept as JSON attributes. */
  readonly attributeColumns: readonly string[];
  readonly line: LineSource;
  /** A field made from the file name and line when the file has no such column. */
  readonly lineKey: { readonly field: string; readonly prefix: string } | null;
  /** Columns with values that start or end with white space; only these are trimmed (trimming costs). */
  readonly padded: ReadonlySet<string>;
  /** Columns with values written as Excel's text formula ="…"; only these are unwrapped. */
  readonly wrapped?: ReadonlySet<string>;
  /** Temp table (line, dup_of, near_of) of the records whose hash repeats, or null when none does. */
  readonly candidates: string | null;
  /** The table the checked rows go to. */
  readonly checked: string;
  /** An earlier import this one replaces (data/remove.ts): its rows do not count as "already in the store". */
  readonly replaces?: number | null;
  readonly limits: PlausibleLimits;
  /**
   * Order lines with a status column and an order id: the temp table (`sqlOrderStatusesInto`) of the orders whose
   * status is written on some of their lines and left empty on others, with the graver status where it is no sale.
   */
  readonly orderStatus?: string | null;
  /** The customer id column holds emails or phones: ids are stored as their surrogate (data/customer-key.ts). */
  readonly customerKey?: 'email' | 'phone' | null;
  /** The relations the file's records are in, and the name for a keys table made after the load (emails among other ids). */
  readonly fileRelations?: readonly string[];
  readonly keysTable?: string;
}

/**
 * What exports write for "no value" in a number, date or flag column: Excel's #N/A, databases' NULL, a dash. Words
 * that say the value is unknown (不详, unknown) are not among them: such a value is kept as a warning (the row loads
 * with the field empty), so the user sees what the file said.
 */
export const NO_VALUE: readonly string[] = ['NULL', 'null', 'Null', 'N/A', 'n/a', 'NA', 'n.a.', 'N.A.', '#N/A', '-', '--', '—', '无', '空', '(null)', 'None', 'none'];

/**
 * The start of a date format in Taiwan's ROC (民國) years (data/dates.ts): `民國%Y年%m月%d日` reads 民國60年3月1日, and
 * 60年3月1日, as 1971-03-01 (year + 1911). The engines' parsers do not know it; `sqlParseRocDates` turns the year first.
 */
export const ROC_FORMAT = '民國';
/** One of a date format's separators between formats (data/dates.ts FORMAT_SEPARATOR, which imports this file). */
const ROC_FORMAT_SEPARATOR = ' | ';

/**
 * Dates whose format (or one of whose formats) is in ROC years: the marker (中華民國, 民國, 民国) set aside, a year of 1–3
 * digits plus 1911, then the year-first format read as usual; a year of 4 digits is the common era's already (an Excel
 * date cell). Formats without the marker go to the engine's parser as they are.
 */
function sqlParseRocDates(d: Dialect, raw: string, format: string, past?: boolean): string {
  const one = (f: string) => {
    if (!f.startsWith(ROC_FORMAT)) return d.sqlParseTimestamp(raw, f === 'ISO' ? null : f, past);
    const common = f.slice(ROC_FORMAT.length);
    let t = raw;
    for (const m of ['中華民國', '中华民国', '民國', '民国']) t = `replace(${t}, ${d.quoteString(m)}, '')`;
    t = d.sqlTrimSpace(t);
    const compact = common.startsWith('%Y%m%d');
    const sep = compact ? '' : common.slice(2, 3);
    // The year: before the first separator, or all but the last 4 digits of a compact 0600301.
    const year = compact ? `left(${t}, length(${t}) - 4)` : d.sqlSplitPart(t, sep, 1);
    const rest = `substr(${t}, length(${year}) + 1)`;
    const shifted = `CAST(TRY_CAST(${year} AS ${d.type('bigint')}) + 1911 AS ${d.type('text')}) || ${rest}`;
    return `CASE WHEN ${d.sqlRegexpFullMatch(year, '[0-9]{1,3}')} THEN ${d.sqlParseTimestamp(shifted, common)} WHEN ${d.sqlRegexpFullMatch(year, '[0-9]{4}')} THEN ${d.sqlParseTimestamp(t, common)} END`;
  };
  const parts = format.split(ROC_FORMAT_SEPARATOR).map(one);
  return parts.length === 1 ? parts[0] : `COALESCE(${parts.join(', ')})`;
}

const RAW = (f: string) => `r__${f}`;
const PARSED = (f: string) => `p__${f}`;
const BAD = (f: string) => `b__${f}`;

/** Fields that give a keyless row its identity, so that an identical row is a duplicate. */
const IDENTITY_FIELDS: Partial<Record<string, readonly string[]>> = {
  orders: ['order_id'],
  payments: ['invoice_id'],
  surveys: ['customer_id'],
};

/**
 * Optional fields that are figures: a bad value quarantines the row (loading it without the value would change a
 * money figure or a score silently). Every other optional field degrades: the row loads with it empty, and the
 * value and reason go to import_warnings.
 */
export const FIGURE_FIELDS: Partial<Record<string, readonly string[]>> = {
  orders: ['quantity', 'unit_price', 'amount', 'discount'],
  payments: ['amount', 'due_date', 'paid_at', 'written_off'],
  'service-costs': ['cost'],
  // Not a survey's satisfaction or nps: each is an answer of its own, so a bad one is left empty with a warning and the
  // row keeps the other (and its comment); a row with neither usable is quarantined (sqlSurveyChecks).
  products: ['unit_cost', 'margin_rate', 'list_price'],
};

/**
 * Satisfaction answered in words on the usual five-point scale, Chinese and English: each word's score (5 best),
 * compared in lower case. Only wording that says satisfaction: a quality scale (excellent … poor) places its words
 * otherwise (fair is 2 there).
 */
export const SATISFACTION_WORDS: Readonly<Record<'1' | '2' | '3' | '4' | '5', readonly string[]>> = {
  '5': ['非常满意', '很满意', '十分满意', '特别满意', '极其满意', '非常滿意', '很滿意', '十分滿意', 'very satisfied', 'extremely satisfied', 'completely satisfied', 'highly satisfied'],
  '4': ['满意', '比较满意', '较满意', '基本满意', '还算满意', '滿意', '比較滿意', '基本滿意', 'satisfied', 'somewhat satisfied', 'fairly satisfied', 'mostly satisfied', 'quite satisfied'],
  '3': ['一般', '中立', '中等', '还行', '还可以', '尚可', '普通', '一般般', '无所谓', '無意見', '无意见', '還可以', 'neutral', 'neither satisfied nor dissatisfied', 'neither satisfied or dissatisfied', 'neither'],
  '2': ['不满意', '不太满意', '比较不满意', '较不满意', '有点不满意', '不滿意', '不太滿意', '比較不滿意', 'dissatisfied', 'unsatisfied', 'somewhat dissatisfied', 'not satisfied', 'fairly dissatisfied'],
  '1': ['非常不满意', '很不满意', '极不满意', '十分不满意', '特别不满意', '非常不滿意', '很不滿意', '極不滿意', 'very dissatisfied', 'very unsatisfied', 'extremely dissatisfied', 'completely dissatisfied', 'highly dissatisfied'],
};

/** A satisfaction column whose name gives its scale: `满意度(1-10)`, `CSAT (0–10)`, `满意度(10分制)`, `satisfaction out of 10`; or 1–5. */
export function satisfactionScaleOfName(column: string): '0-10' | '1-10' | '1-5' | null {
  const n = column.normalize('NFKC').toLowerCase();
  const range = /(?:^|[^0-9.])([01])\s*(?:-|–|—|~|～|to|到|至)\s*(10|5)(?![0-9.])/.exec(n);
  if (range) return range[2] === '5' ? (range[1] === '1' ? '1-5' : null) : range[1] === '0' ? '0-10' : '1-10';
  if (/(?:^|[^0-9])10\s*分制|十分制|out of 10(?![0-9])|\/\s*10(?![0-9])/.test(n)) return '1-10';
  if (/(?:^|[^0-9])5\s*分制|五分制|out of 5(?![0-9])|\/\s*5(?![0-9])/.test(n)) return '1-5';
  return null;
}

/** The start of the reason a rescaled satisfaction column's note gives (a warning on its first answer on the scale, the row loaded as rescaled). */
export const SATISFACTION_RESCALED = 'satisfaction: the column is on a';

/** A warning that is a note on a row that loaded whole (not a value left empty): partly refunded, rescaled satisfaction. */
export function isNoteWarning(reason: string): boolean {
  return reason.endsWith(PARTIAL_REFUND) || reason.includes(SATISFACTION_RESCALED);
}

/**
 * A survey's satisfaction, as `p__satisfaction` is parsed: a number, or a five-point word (SATISFACTION_WORDS); where
 * the whole column is a 1–10 or 0–10 scale, each answer rescaled to 1–5 (1 + (x − 1) × 4/9, or 1 + x × 0.4), so 10
 * stays the best and 1 (or 0) the worst. The whole column decides, never one value: its name says so (`满意度(1-10)`),
 * (then an answer beyond it, 12 or 0 on 1–10, is a bad value), or every answer is a whole number from 0 to 10 and at
 * least 3, and a quarter, of them are above 5. A 9 among answers on 1–5 (or among words, or 4.5) is no such column:
 * it is left empty with a warning, as any bad value is.
 * Also gives `__sat_note`, the note's reason on the column's first answer on the scale (a window over the whole file,
 * as the decision is), which sqlSurveyChecks turns into a warning.
 */
function sqlSurveySatisfaction(d: Dialect, s: FieldSource, raw: string): string[] {
  const n = sqlParsed(d, s, raw);
  const pairs = Object.entries(SATISFACTION_WORDS).flatMap(([score, words]) => words.map((w) => [w, score] as const));
  const word = `CAST(${d.sqlLookup(`lower(${raw})`, pairs)} AS ${d.type('double')})`;
  const named = satisfactionScaleOfName(s.column ?? '');
  const p = d.quoteIdent(PARSED('satisfaction'));
  if (named === '1-5') return [`COALESCE(${n}, ${word}) AS ${p}`, `CAST(NULL AS ${d.type('text')}) AS __sat_note`];
  // Every answer a whole number from 0 to 10 (where only the answers can tell the scale).
  const all = `min(CASE WHEN ${raw} IS NULL THEN 1 WHEN ${n} = floor(${n}) AND ${n} >= 0 AND ${n} <= 10 THEN 1 ELSE 0 END) OVER () = 1`;
  const above = `count(CASE WHEN ${n} > 5 AND ${n} <= 10 THEN 1 END) OVER ()`;
  const answers = `count(${raw}) OVER ()`;
  const bottom = named === '0-10' ? '0' : named === '1-10' ? '1' : `CASE WHEN min(${n}) OVER () = 0 THEN 0 ELSE 1 END`;
  const from =
    named !== null
      ? bottom
      : `CASE WHEN ${all} AND ${above} >= 3 AND 4 * ${above} >= ${answers} THEN ${bottom} END`;
  const rescaled = `round(CASE (${from}) WHEN 0 THEN 1 + ${n} * 0.4 WHEN 1 THEN 1 + (${n} - 1) * 4.0 / 9 END, 4)`;
  const first = `${d.quoteIdent('__line')} = min(CASE WHEN ${n} >= 0 AND ${n} <= 10 THEN ${d.quoteIdent('__line')} END) OVER ()`;
  const why = named !== null ? `'its name says so'` : `'all ' || CAST(${answers} AS ${d.type('text')}) || ' answers are whole numbers from ' || CAST(${bottom} AS ${d.type('text')}) || ' to 10, ' || CAST(${above} AS ${d.type('text')}) || ' of them above 5'`;
  const note = `CASE WHEN (${from}) IS NOT NULL AND ${first} THEN ${d.quoteString(`${SATISFACTION_RESCALED} `)} || CASE (${from}) WHEN 0 THEN '0–10' ELSE '1–10' END || ' scale (' || ${why} || '): every answer was rescaled to 1–5, as ' || CASE (${from}) WHEN 0 THEN '1 + x × 0.4' ELSE '1 + (x − 1) × 4/9' END || ' (10 is 5)' END`;
  return [`CASE WHEN (${from}) IS NOT NULL THEN ${rescaled} ELSE COALESCE(${n}, ${word}) END AS ${p}`, `${note} AS __sat_note`];
}

/**
 * A survey's own checks: a row with neither a usable satisfaction nor a usable nps is quarantined, with the reason of
 * the bad one where one was given; the other rows load, a bad score left empty with a warning (and a rescaled
 * satisfaction column's note on its first answer).
 */
function sqlSurveyChecks(d: Dialect, plan: ImportPlan, hasBad: ReadonlySet<string>): { checks: Check[]; warns: string[] } {
  const q = (f: string) => d.quoteIdent(f);
  const neither = `${q('satisfaction')} IS NULL AND ${q('nps')} IS NULL`;
  const checks: Check[] = ['satisfaction', 'nps'].filter((f) => hasBad.has(f)).map((f) => ({ when: `${neither} AND ${q(BAD(f))} IS NOT NULL`, reason: q(BAD(f)), column: f }));
  checks.push({ when: neither, reason: d.quoteString('needs satisfaction or nps'), column: null });
  const sat = plan.sources.find((s) => s.field.name === 'satisfaction' && s.column !== null);
  const warns = sat ? [`CASE WHEN __sat_note IS NOT NULL THEN ${d.sqlStruct([['c', d.quoteString(sat.column!)], ['f', "'satisfaction'"], ['v', `left(${q(RAW('satisfaction'))}, 200)`], ['r', '__sat_note']])} END`] : [];
  return { checks, warns };
}

/** How duplicates are judged for this entity and file: by key, by the whole record, or not at all. */
export function identityOf(spec: EntitySpec, sources: readonly FieldSource[]): 'key' | 'record' | null {
  if (spec.key) return 'key';
  return sources.some((s) => s.column !== null && IDENTITY_FIELDS[spec.name]?.includes(s.field.name)) ? 'record' : null;
}

function sqlLineExpr(d: Dialect, line: LineSource, rec: string): string {
  if (line.kind === 'column') return `CAST(${d.quoteIdent('__line')} AS ${d.type('bigint')})`;
  if (line.shifts.length === 0) return `(${rec} + ${line.first})`;
  let cum = 0;
  const steps = line.shifts.map((s) => ({ before: s.before, cum: (cum += s.lines) }));
  const cases = steps.reverse().map((s) => `WHEN ${rec} >= ${s.before} THEN ${s.cum}`).join(' ');
  return `(${rec} + ${line.first} + CASE ${cases} ELSE 0 END)`;
}

function sqlParsed(d: Dialect, s: FieldSource, raw: string, plain = false): string {
  const f = s.field;
  switch (f.type) {
    case 'text':
      return raw;
    case 'number':
    case 'integer': {
      // The same text in both paths: a plain value of the lean copy (1.500) reads as the exact path reads it.
      const text = s.decimalComma ? d.sqlDecimalCommaText(raw) : raw;
      let n: string;
      if (plain) n = d.sqlParsePlainNumber(text);
      // A ratio (margin rate) is often written as a percentage: 35% is 0.35; so is a discount (10%), which orderFinal
      // turns into that share of the line's gross amount.
      else if (f.max === 1 || f.rateOfGross) n = `COALESCE(${d.sqlParseNumber(text)}, ${d.sqlParsePercent(text)})`;
      else n = d.sqlParseNumber(text);
      // Rounded to the millionth: 1.1 万 is 11000, not 11000.000000000002.
      return s.scale && s.scale !== 1 ? `round((${n}) * ${s.scale}, 6)` : n;
    }
    case 'date':
    case 'timestamp':
      return s.dateFormat?.includes(ROC_FORMAT) ? sqlParseRocDates(d, raw, s.dateFormat, f.past) : d.sqlParseTimestamp(raw, s.dateFormat, f.past);
    case 'boolean':
      return s.inverted ? `(NOT ${d.sqlParseBoolean(raw)})` : d.sqlParseBoolean(raw);
  }
}

function sqlFinal(d: Dialect, f: FieldSpec, p: string): string {
  switch (f.type) {
    case 'integer':
      return `TRY_CAST(${p} AS ${d.type('bigint')})`;
    case 'date':
      return `CAST(${p} AS ${d.type('date')})`;
    default:
      return p;
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

/** The reason a present value is unusable (type, finite, magnitude, plausible date, range), or NULL. */
function badValue(d: Dialect, src: FieldSource, limits: PlausibleLimits): string {
  const f = src.field;
  const raw = d.quoteIdent(RAW(f.name));
  const p = d.quoteIdent(PARSED(f.name));
  const dateLabel = src.dateFormat === null ? 'ISO 8601' : src.dateFormat === 'EXCEL' ? 'Excel serial day numbers' : src.dateFormat;
  const whens: string[] = [];
  const expect = f.type === 'date' || f.type === 'timestamp' ? ` (expected ${dateLabel})` : '';
  whens.push(`WHEN ${p} IS NULL THEN ${shown(d, raw)} || ${d.quoteString(` is not ${TYPE_WORD[f.type]}${expect}`)}`);
  if (f.type === 'number' || f.type === 'integer') {
    whens.push(`WHEN NOT ${d.sqlIsFinite(p)} THEN ${shown(d, raw)} || ' is not a finite number'`);
    whens.push(`WHEN abs(${p}) > ${limits.maxMagnitude} THEN ${shown(d, raw)} || ${d.quoteString(` is beyond the plausible magnitude ${limits.maxMagnitude.toExponential()}`)}`);
    if (f.type === 'integer') whens.push(`WHEN ${p} <> floor(${p}) THEN ${shown(d, raw)} || ' is not a whole number'`);
  }
  if (f.type === 'date' || f.type === 'timestamp') {
    whens.push(
      `WHEN ${p} < CAST(${d.quoteString(limits.minDate)} AS ${d.type('timestamp')}) OR ${p} >= CAST(${d.quoteString(limits.maxDate)} AS ${d.type('timestamp')}) + INTERVAL 1 DAY THEN ${shown(d, raw)} || ${d.quoteString(` is outside the plausible dates ${limits.minDate}..${limits.maxDate}`)}`,
    );
  }
  if (f.min) {
    const op = f.min.exclusive ? '<=' : '<';
    const word = f.min.exclusive ? `must be more than ${f.min.value}` : f.min.value === 0 ? 'must not be negative' : `must be at least ${f.min.value}`;
    whens.push(`WHEN ${p} ${op} ${f.min.value} THEN ${d.quoteString(`${f.name} ${word}`)}`);
  }
  if (f.max !== undefined) whens.push(`WHEN ${p} > ${f.max} THEN ${d.quoteString(`${f.name} must be at most ${f.max}`)}`);
  return `CASE WHEN ${raw} IS NULL THEN NULL ${whens.join(' ')} END`;
}

const KIND_WORDS: Record<string, readonly string[]> = {
  sale: ['sale', 'sales', 'order', 'purchase', 'buy', '销售', '购买', '订单'],
  return: ['return', 'returned', 'refund', 'refunded', '退货', '退款'],
  cancel: ['cancel', 'cancelled', 'canceled', 'cancellation', 'void', '取消', '作废'],
};

/**
 * An order's status, as shop back offices (Taobao/Tmall 订单状态, JD, Pinduoduo, Shopify, WooCommerce, Magento) write it
 * on each line: the state the whole order ended in, not a line that reverses another. A paid order is a sale (shipped
 * or not); one closed or never paid is no sale at all, and one refunded in full is a sale that came back; neither
 * counts as revenue, so both are set apart (quarantined with that reason, kept with their text) instead of loading as
 * a sale, or as a return or cancellation that would reduce other orders' revenue. Values are compared as
 * `statusKey` writes them: case, `_`/`-`/spaces, full-width punctuation and WooCommerce's `wc-` prefix do not count,
 * and a status of two parts (拼多多's 已发货，待收货, 未发货，退款成功) is its graver part (refunded, then closed, then sale).
 */
export const STATUS_WORDS: Record<'sale' | 'partial' | 'closed' | 'refunded', readonly string[]> = {
  sale: [
    '交易成功', '交易完成', '已完成', '完成', '已签收', '已收货', '买家已收货', '确认收货', '已确认收货', '卖家已发货', '已发货', '等待买家确认收货', '待收货',
    '买家已付款', '已付款', '已支付', '支付成功', '等待卖家发货', '待发货', '已成交', '成交', '交易成功(已评价)', '已評價', '交易成功（已评价）',
    // JD (京东) and Pinduoduo (拼多多): paid, in the warehouse or on the way.
    '等待出库', '等待收货', '等待确认收货', '等待发货', '已出库', '出库完成', '配送中', '派送中', '运输中', '待签收', '待出库', '未发货', '部分发货', '已揽收',
    'completed', 'complete', 'success', 'successful', 'paid', 'shipped', 'delivered', 'fulfilled', 'processing', 'done', 'closed won',
    // Shopify (authorized: the payment is held for capture), Magento.
    'authorized', 'partially paid', 'partially shipped', 'in transit', 'partially fulfilled',
  ],
  // A paid order of which a part was refunded: a sale, whose refund the line does not give (a warning says so).
  partial: ['partially refunded', 'partial refund', '部分退款', '部分退款成功'],
  closed: [
    '交易关闭', '交易關閉', '已关闭', '订单关闭', '已取消', '订单取消', '交易取消', '已作废', '等待买家付款', '待付款', '未付款', '待支付', '未支付', '支付失败', '付款超时', '超时关闭',
    '删除', '已删除', '取消',
    'pending', 'pending payment', 'unpaid', 'awaiting payment', 'failed', 'payment failed', 'expired', 'abandoned', 'voided', 'declined', 'closed lost',
    'cancel', 'cancelled', 'canceled', 'void', 'suspected fraud', 'fraud', 'payment review', 'draft', 'checkout draft',
    // WooCommerce's on-hold is "awaiting payment" (stock taken, payment to confirm); Magento's is held by hand.
    'on hold', 'holded',
  ],
  // Magento's Closed: an order refunded in full by a credit memo.
  refunded: ['退款成功', '已退款', '全额退款', '退款完成', '交易关闭(退款成功)', '退款关闭', 'refunded', 'refund', 'fully refunded', 'returned', 'closed'],
};

/**
 * A status as STATUS_WORDS compares it: lower case, `_`, `-` and runs of spaces as one space, full-width commas,
 * 、 and ; as `,`, no space around a comma, no `wc-` prefix. The SQL side (`sqlStatusKey`) does the same.
 */
export function statusKey(s: string): string {
  let k = s.normalize('NFKC').toLowerCase().replace(/[_\-\s]+/g, ' ').replace(/[、;；]/g, ',').replace(/ ?, ?/g, ',').trim();
  if (k.startsWith('wc ')) k = k.slice(3);
  return k;
}

/** The pairs without a repeated key (the first stays). */
function dedupe(pairs: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]> {
  const m = new Map<string, string>();
  for (const [k, v] of pairs) if (!m.has(k)) m.set(k, v);
  return [...m];
}

function sqlStatusKey(d: Dialect, raw: string): string {
  // Plain replace() calls (one name in both engines); wc- is read by listing each word with its prefix (pairsOfStatus).
  let e = `lower(${raw})`;
  for (const [a, b] of [['_', ' '], ['-', ' '], ['\u3000', ' '], ['，', ','], ['、', ','], ['；', ','], [';', ','], ['  ', ' '], ['  ', ' '], [' ,', ','], [', ', ',']]) e = `replace(${e}, '${a}', '${b}')`;
  return d.sqlTrimSpace(e);
}

/** Each status word by its key, and with `wc ` (WooCommerce's prefix) before the English ones. */
function pairsOfStatus(words: Readonly<Record<string, readonly string[]>>, kindOf: (cls: string) => string): Array<readonly [string, string]> {
  const pairs = new Map<string, string>();
  for (const [cls, list] of Object.entries(words)) {
    for (const w of list) {
      const k = statusKey(w);
      if (!pairs.has(k)) pairs.set(k, kindOf(cls));
      if (/^[a-z]/.test(k) && !pairs.has(`wc ${k}`)) pairs.set(`wc ${k}`, kindOf(cls));
    }
  }
  return [...pairs];
}

/** The reason an unknown status gives, after the value: what it is not, and what to do. */
export const UNKNOWN_STATUS =
  'is not an order status we know (paid, closed or unpaid, refunded) nor a kind (sale, return, cancel): write completed (已完成) in its place for a paid order, cancelled (已取消) for one never paid, refunded (退款成功) for one refunded in full, and import the file again';
/** The warning a partly refunded order's lines load with. */
/** The reasons of orders set apart by their status (the value shown before them); the overlap check reads them back. */
export const CLOSED_ORDER = 'is an order closed or never paid: not a sale';
export const REFUNDED_ORDER = 'is an order refunded in full: not a sale';
/** Between the value and the reason of a line without a status that takes its order's status from another line. */
export const ORDER_STATUS_ELSEWHERE = "(its order's status, on another of its lines; this line has none)";
export const PARTIAL_REFUND = 'is an order refunded in part: its lines load as sales in full (the refunded amount is not on them; import the refund as a return line to take it off)';

/** A kind column whose name says it holds statuses (订单状态, Order Status, status): its cancel and refund words are order states. */
export function isStatusColumn(column: string): boolean {
  return /status|state|状态|狀態/i.test(column);
}

/**
 * The kind a value of the kind column (`raw`, trimmed text, not null) stands for: sale, return, cancel, adjustment,
 * or for an order status `__partial`, `__closed`, `__refunded`; NULL when it is no word we know. In a column named
 * as a status (isStatusColumn) cancel and refund words are order states.
 */
function sqlKindOfValue(d: Dialect, raw: string, kindColumn: string | null): string {
  const status = kindColumn !== null && isStatusColumn(kindColumn);
  // Words only a status says (交易关闭, pending) read as states in any kind column; cancel and refund words do so
  // only in a column named as a status (in a kind column they are lines that reverse a sale).
  const statusOnly = (words: readonly string[]) => (status ? words : words.filter((w) => !Object.values(KIND_WORDS).some((k) => k.includes(w))));
  const pairs = new Map<string, string>();
  const add = (words: readonly string[], k: string) => words.forEach((w) => pairs.has(w.toLowerCase()) || pairs.set(w.toLowerCase(), k));
  const CLASS_KIND: Record<string, string> = { sale: 'sale', partial: '__partial', closed: '__closed', refunded: '__refunded' };
  add(statusOnly(STATUS_WORDS.sale), 'sale');
  add(statusOnly(STATUS_WORDS.partial), '__partial');
  add(statusOnly(STATUS_WORDS.closed), '__closed');
  add(statusOnly(STATUS_WORDS.refunded), '__refunded');
  for (const [k, words] of Object.entries(KIND_WORDS)) add(words, k);
  // The words as written first (one lookup, the common case); only values it misses are keyed (statusKey) and looked
  // up again, among the status words (in a status column) or the kind words.
  const keyed = status
    ? pairsOfStatus({ ...STATUS_WORDS, sale: [...STATUS_WORDS.sale, ...KIND_WORDS.sale] }, (c) => CLASS_KIND[c])
    : [...pairs].map(([k, v]) => [statusKey(k), v] as const);
  const key = sqlStatusKey(d, raw);
  let out = `COALESCE(${d.sqlLookup(`lower(${raw})`, [...pairs])}, ${d.sqlLookup(key, dedupe(keyed))}`;
  if (status) {
    // Two parts (拼多多's 已发货，待收货, 未发货，退款成功): each part known, the graver one decides.
    const part = (n: number) => d.sqlLookup(d.sqlSplitPart(key, ',', n), dedupe(keyed));
    const [a, b] = [part(1), part(2)];
    const either = (k: string) => `${a} = '${k}' OR ${b} = '${k}'`;
    out += `, CASE WHEN ${d.sqlSplitPart(key, ',', 3)} = '' AND ${a} IS NOT NULL AND ${b} IS NOT NULL THEN CASE WHEN ${either('__refunded')} THEN '__refunded' WHEN ${either('__closed')} THEN '__closed' WHEN ${either('__partial')} THEN '__partial' ELSE 'sale' END END`;
  }
  return out + ')';
}

/**
 * Order lines: kind, signs, amount and unit price made consistent.
 * - With no kind column, a negative line is a cancellation when its order id starts with C (Online Retail's
 *   convention), a zero-value stock adjustment when it has no price, and a return otherwise.
 * - Returns and cancellations carry negative quantity and amount; they reduce revenue, never vanish.
 * - With no quantity, a line is one unit; with no order id, one customer's lines on one day form one order.
 */
function orderDerivations(d: Dialect, has: (f: string) => boolean, kindColumn: string | null, maxMagnitude: number, inherit: boolean): { select: string[]; checks: Check[]; warns: string[] } {
  const q = (f: string) => d.quoteIdent(f);
  const qty0 = has('quantity') ? `COALESCE(${q('quantity')}, 1)` : '1';
  const negative = `(${qty0} < 0 OR COALESCE(${q('amount')}, 0) < 0)`;
  const status = kindColumn !== null && isStatusColumn(kindColumn);
  const kindFromColumn = `ELSE ${sqlKindOfValue(d, q('kind'), kindColumn)}`;
  const derivedKind = `CASE WHEN NOT ${negative} THEN 'sale'
      WHEN upper(${q('order_id')}) LIKE 'C%' THEN 'cancel'
      WHEN COALESCE(${q('unit_price')}, abs(${q('amount')}), 0) = 0 THEN 'adjustment'
      ELSE 'return' END`;
  // A line with no status in an export that writes an order's status on its first line only (Shopify): the status
  // its order has on its other lines, where that one is not a sale (the plan's orderStatus table, `__os_*`).
  const blankKind = inherit ? `CASE __os_k WHEN '__closed' THEN '__closed_of' WHEN '__refunded' THEN '__refunded_of' WHEN '__unknown' THEN '__unknown_of' ELSE ${derivedKind} END` : derivedKind;
  const kind = has('kind') ? `CASE WHEN ${q('kind')} IS NULL THEN ${blankKind} ${kindFromColumn} END` : derivedKind;
  const select = [
    `${kind} AS __kind`,
    `abs(${qty0}) AS __qty_abs`,
  ];
  const checks: Check[] = [];
  if (has('kind')) {
    checks.push({ when: `__kind IS NULL`, reason: `${shown(d, q('kind'))} || ${d.quoteString(status ? ` ${UNKNOWN_STATUS}` : ' is not a kind (sale, return, cancel)')}`, column: 'kind' });
    checks.push({ when: `__kind = '__closed'`, reason: `${shown(d, q('kind'))} || ${d.quoteString(` ${CLOSED_ORDER}`)}`, column: 'kind' });
    checks.push({ when: `__kind = '__refunded'`, reason: `${shown(d, q('kind'))} || ${d.quoteString(` ${REFUNDED_ORDER}`)}`, column: 'kind' });
    if (inherit) {
      const of = (code: string, words: string) => ({ when: `__kind = '${code}'`, reason: `${shown(d, '__os_v')} || ${d.quoteString(` ${ORDER_STATUS_ELSEWHERE} ${words}`)}`, column: 'kind' });
      checks.push(of('__closed_of', CLOSED_ORDER), of('__refunded_of', REFUNDED_ORDER), of('__unknown_of', UNKNOWN_STATUS));
    }
  }
  checks.push({ when: `${qty0} = 0`, reason: d.quoteString('quantity is zero'), column: 'quantity' });
  checks.push({ when: `${q('unit_price')} IS NULL AND ${q('amount')} IS NULL`, reason: d.quoteString('needs unit_price or amount'), column: null });
  // The amount derived from quantity × unit price is held to the same limit as one read from the file: each factor
  // can be plausible and their product not (QA finding 7: 1e15 × 1e15 was stored as an amount of 1e30).
  if (has('quantity')) checks.push({ when: `${q('amount')} IS NULL AND abs(${qty0} * ${q('unit_price')}) > ${maxMagnitude}`, reason: d.quoteString(`quantity × unit_price is beyond the plausible magnitude ${maxMagnitude.toExponential()}`), column: 'unit_price' });
  if (has('kind')) checks.push({ when: `__kind IN ('sale', '__partial') AND ${negative}`, reason: d.quoteString('a sale line with a negative quantity or amount'), column: 'quantity' });
  // A partly refunded order loads as a sale in full, and says so: the refunded part is not on its lines.
  const warns = has('kind') ? [`CASE WHEN __kind = '__partial' THEN ${d.sqlStruct([['c', d.quoteString(kindColumn!)], ['f', "'kind'"], ['v', `left(${q('kind')}, 200)`], ['r', `${shown(d, q('kind'))} || ${d.quoteString(` ${PARTIAL_REFUND}`)}`]])} END`] : [];
  return { select, checks, warns };
}

/** The final value of each order-line field, after derivations. */
function orderFinal(d: Dialect): Record<string, string> {
  const q = (f: string) => d.quoteIdent(f);
  const sign = `(CASE WHEN __kind IN ('sale', '__partial') THEN 1 ELSE -1 END)`;
  const price = `COALESCE(${q('unit_price')}, abs(${q('amount')}) / __qty_abs)`;
  return {
    order_id: `COALESCE(${q('order_id')}, ${q('customer_id')} || '@' || CAST(CAST(${q('ordered_at')} AS ${d.type('date')}) AS ${d.type('text')}))`,
    quantity: `${sign} * __qty_abs`,
    unit_price: price,
    amount: `${sign} * COALESCE(abs(${q('amount')}), __qty_abs * ${q('unit_price')})`,
    // A discount written as a rate (10%: read as 0.1) is that share of the line's gross amount, to the millionth.
    discount: `CASE WHEN ${q(RAW('discount'))} IS NOT NULL AND ${d.sqlContains(q(RAW('discount')), "'%'")} THEN round(${q('discount')} * COALESCE(abs(${q('amount')}), __qty_abs * ${q('unit_price')}), 6) ELSE ${q('discount')} END`,
    kind: `CASE WHEN __kind = '__partial' THEN 'sale' ELSE __kind END`,
  };
}

/** The checked rows into the plan's temporary table (keyed entities, whose duplicates are settled afterwards). */
export function sqlCheckInto(d: Dialect, plan: ImportPlan): string {
  return `CREATE TEMP TABLE ${d.quoteIdent(plan.checked)} AS\n${sqlCheckRecords(d, plan)}`;
}

/**
 * Bulk entities, pass 1 of 2: only the exceptions (rows that fail, rows with warnings, rows of near-duplicate groups)
 * into the plan's temporary table, which stays small. Pass 2 (`sqlInsertChecked`) loads the rest straight from the
 * file: nothing of the accepted rows is kept in between.
 */
export function sqlExceptionsInto(d: Dialect, plan: ImportPlan): string {
  return `CREATE TEMP TABLE ${d.quoteIdent(plan.checked)} AS
SELECT * FROM (${sqlCheckRecords(d, plan)}) checked_rows
WHERE __verdict IS NOT NULL OR __warn IS NOT NULL OR __cand`;
}

/**
 * Whole-record duplicates were judged on the scanner's 64-bit hash; this checks each against the engine's own hash
 * of the record it names, and lets it load if they differ (a hash collision), so equality rests on two hashes.
 */
export function sqlVerifyRecordDuplicates(d: Dialect, plan: ImportPlan): string | null {
  if (!plan.candidates || identityOf(plan.entity, plan.sources) !== 'record') return null;
  const t = d.quoteIdent(plan.checked);
  return `UPDATE ${t} SET __verdict = NULL, __verdict_column = NULL
WHERE __dup_of IS NOT NULL AND __verdict LIKE 'duplicate of line %'
  AND __hash IS DISTINCT FROM (SELECT f.__hash FROM ${t} f WHERE f.__line = ${t}.__dup_of)`;
}

/**
 * Bulk entities, pass 2 of 2: the accepted rows, typed again as they stream from the file; the rows pass 1 rejected
 * are left out by their line (a small anti-join), so no check is evaluated twice. `$1` import id.
 */
export function sqlInsertChecked(d: Dialect, plan: ImportPlan): string {
  const t = d.quoteIdent(plan.checked);
  const rejected = `SELECT __line FROM ${t} WHERE __verdict IS NOT NULL`;
  // A record that fails here, or has a bad optional value, without being in the exceptions table is not loaded
  // (the lean import then counts it missing and starts again the exact way; with every record checked it cannot happen).
  return insertFrom(d, plan, `(${sqlCheckRecords(d, plan, true)}) checked_rows`, `__verdict IS NULL AND (__warn IS NULL OR __line IN (SELECT __line FROM ${t})) AND __line NOT IN (${rejected})`);
}

/** The message with which `sqlInsertTrusted` fails when a record it was given is not plain after all. */
export const TRUSTED_MISS = 'clientele lean import: a record set as plain failed a check';

/**
 * The lean import's load of the records its scanner found plain (order lines into a store without others, see
 * data/import.ts): typed and derived exactly as `sqlInsertChecked` does, without the filter. A record that would
 * fail a check, or load with a warning, makes the statement fail with `TRUSTED_MISS` instead (nothing is written),
 * and the import starts again the exact way. Filtering every record on its verdict cost a sixth of the import.
 * `$1` import id.
 */
export function sqlInsertTrusted(d: Dialect, plan: ImportPlan): string {
  const id = d.sqlRaiseIf('__verdict IS NOT NULL OR __warn IS NOT NULL', TRUSTED_MISS, '$1');
  return insertFrom(d, plan, `(${sqlCheckRecords(d, plan, true, true)}) checked_rows`, 'TRUE', id);
}

/**
 * The lean import's load of the records checked apart (in the plan's checked table, every one kept) that passed and
 * are not loaded already: the first record of a repeated group was loaded with the plain ones. `$1` import id.
 * The lines already loaded are found by probing the import's stored lines against the (small) checked table: a
 * `NOT IN` over every stored line number built a hash table of all of them (about 5 GB at 100M lines).
 */
export function sqlInsertCheckedApart(d: Dialect, plan: ImportPlan): string {
  const checked = d.quoteIdent(plan.checked);
  const loaded = `SELECT line_no FROM ${plan.entity.table} WHERE import_id = $1 AND line_no IN (SELECT __line FROM ${checked} WHERE __line IS NOT NULL)`;
  return insertFrom(d, plan, checked, `__verdict IS NULL AND __line NOT IN (${loaded})`);
}

/** Records the exceptions table rejects. */
export function sqlCountRejected(d: Dialect, plan: ImportPlan): string {
  return `SELECT count(*) AS n FROM ${d.quoteIdent(plan.checked)} WHERE __verdict IS NOT NULL`;
}

/**
 * Lines checked apart whose loaded row has another hash than the text checked: the lean scanner wrote the first
 * record of a duplicate group with a later record's text (equal 64-bit hashes), and this proves them equal. `$1`
 * import id; order lines only (they keep their line).
 */
export function sqlCountCheckedApartMismatch(d: Dialect, plan: ImportPlan): string {
  return `SELECT count(*) AS m FROM ${plan.entity.table} o JOIN ${d.quoteIdent(plan.checked)} c ON c.__line = o.line_no
WHERE o.import_id = $1 AND o.row_hash IS NOT NULL AND o.row_hash <> c.__hash`;
}

/** A column's text as the checks read it (`ref` the column in the relation): unwrapped, trimmed, empty as NULL. */
function sqlTextValue(d: Dialect, plan: ImportPlan, column: string, ref: string): string {
  let e = ref;
  if (plan.wrapped?.has(column)) e = d.sqlUnwrapFormula(e);
  if (plan.padded.has(column)) e = d.sqlTrimSpace(e);
  return `NULLIF(${e}, '')`;
}

/**
 * Whether order lines take a blank status from their order's other lines: a status column (isStatusColumn) and an
 * order id column. Shopify writes an order's Financial Status on its first line only (QA session 8, F1).
 */
export function inheritsOrderStatus(plan: Pick<ImportPlan, 'entity' | 'sources'>): boolean {
  const col = (f: string) => plan.sources.find((s) => s.field.name === f)?.column ?? null;
  const kind = col('kind');
  return plan.entity.name === 'orders' && kind !== null && isStatusColumn(kind) && col('order_id') !== null;
}

/**
 * The orders of the file that have lines with a status and lines without one, where the graver status is not a
 * sale: refunded in full (4), then closed or unpaid (3), then unknown (2). One row per order: `__os_key` the order id
 * as the checks read it, `__os_k` the class, `__os_v` the status as written. One grouping of the order ids over
 * `relations` (the file's records, as for sqlCheckRecords), made only for files inheritsOrderStatus says need it.
 */
export function sqlOrderStatusesInto(d: Dialect, plan: ImportPlan, relations: readonly string[], table: string): string {
  const q = (f: string) => d.quoteIdent(f);
  const col = (f: string) => plan.sources.find((s) => s.field.name === f)!.column!;
  const [oc, kc] = [col('order_id'), col('kind')];
  const text = d.type('text');
  const rows = relations.map((r) => `SELECT ${d.sqlWholeNumberId(sqlTextValue(d, plan, oc, q(oc)))} AS k, ${sqlTextValue(d, plan, kc, q(kc))} AS v FROM ${r}`).join('\nUNION ALL\n');
  const cls = sqlKindOfValue(d, 'v', kc);
  const rank = `CASE WHEN v IS NULL THEN 0 ELSE CASE COALESCE(${cls}, '__unknown') WHEN '__refunded' THEN 4 WHEN '__closed' THEN 3 WHEN '__unknown' THEN 2 ELSE 1 END END`;
  // The rank and the status as written in one text, so that one max() gives both (ranks are single digits).
  return `CREATE TEMP TABLE ${q(table)} AS
SELECT k AS __os_key, CASE substr(top, 1, 1) WHEN '4' THEN '__refunded' WHEN '3' THEN '__closed' ELSE '__unknown' END AS __os_k, substr(top, 2) AS __os_v
FROM (
  SELECT k, max(CAST(r AS ${text}) || COALESCE(v, '')) AS top, min(r) AS least
  FROM (SELECT k, v, ${rank} AS r FROM (${rows}) x) y
  WHERE k IS NOT NULL GROUP BY k
) g
WHERE least = 0 AND top >= '2'`;
}

/**
 * The surrogates of a file whose customers are known by an email or a phone (plan.customerKey), with the value each
 * stands for (the email in lower case, the phone as written): `k`, `v`. Read from `relations` as the checks read the
 * column, so the customers made or named by the import get their email or phone (sqlCustomerContacts).
 */
export function sqlCustomerKeysInto(d: Dialect, plan: ImportPlan, relations: readonly string[], table: string): string {
  const col = plan.sources.find((s) => s.field.name === 'customer_id')!.column!;
  const kind = plan.customerKey!;
  const raw = d.sqlWholeNumberId(sqlTextValue(d, plan, col, d.quoteIdent(col)));
  const value = kind === 'email' ? `lower(${d.sqlTrimSpace('r')})` : d.sqlTrimSpace('r');
  const rows = relations.map((r) => `SELECT ${raw} AS r FROM ${r}`).join('\nUNION ALL\n');
  const which = kind === 'email' ? d.sqlContains('r', "'@'") : 'r IS NOT NULL';
  return `CREATE TEMP TABLE ${d.quoteIdent(table)} AS SELECT ${d.sqlPseudonym('r', kind)} AS k, min(${value}) AS v FROM (${rows}) x WHERE ${which} GROUP BY 1`;
}

/** Fills the email (or phone) of the customers whose id is a surrogate of the keys table, where it is empty. */
export function sqlCustomerContacts(d: Dialect, kind: 'email' | 'phone', table: string): string {
  const t = d.quoteIdent(table);
  return `UPDATE customers SET ${kind} = (SELECT v FROM ${t} WHERE ${t}.k = customers.customer_id) WHERE ${kind} IS NULL AND customer_id IN (SELECT k FROM ${t})`;
}

/**
 * The one pass over the file: reads it, types, checks and flags every record in one streaming query
 * (typed fields; the original text only for rows that fail or whose hash repeats).
 * Columns: the entity's fields as they will be stored, `attributes`, `__line`, `__hash` (the whole source record),
 * `__dup_of`/`__near_of` (from the candidates), `__verdict` (NULL = load, else the reason) with `__verdict_column`,
 * `__warn` (bad optional values: list of {c, f, v, r}) and `__raw`. `plain`: the records are the lean import's plain
 * ones (sqlInsertTrusted), so what only odd values need is left out.
 */
export function sqlCheckRecords(d: Dialect, plan: ImportPlan, forInsert = false, plain = false): string {
  const q = (f: string) => d.quoteIdent(f);
  const spec = plan.entity;
  const has = (f: string) => plan.sources.some((s) => s.field.name === f && s.column !== null);
  const inherit = !!plan.orderStatus && inheritsOrderStatus(plan);
  // File columns are renamed f__<i> so that no name in a user's file can clash with the names used below.
  const fc = (c: string) => {
    const i = plan.fileColumns.indexOf(c);
    if (i < 0) throw new Error(`sqlCheckRecords: no column ${c} in the file`);
    return q(`f__${i}`);
  };
  const trimmed = (c: string) => sqlTextValue(d, plan, c, fc(c));
  const rawOf = (s: FieldSource) => {
    if (s.column !== null && s.field.type !== 'text' && !plain) {
      // A number, date or flag that exports write as "no value" is empty, not a bad value (NaN stays bad). Not
      // looked for in `plain` records (the lean copy): a marker is never a plain value, so the scanner set it apart;
      // nor are numbers there read in any other way than as plain decimals (sqlParsePlainNumber).
      const t = trimmed(s.column);
      return `CASE WHEN ${t} IN (${NO_VALUE.map((v) => d.quoteString(v)).join(', ')}) THEN NULL ELSE ${t} END`;
    }
    // Ids that went through a spreadsheet or pandas come as 17850.0 in one file and 17850 in another: one id. Not
    // in `plain` records: the scanner set apart every id the rewrite could change (SUSPECT.id); the rewrite's tests
    // on every id of every line were a tenth of the trusted INSERT (online_retail, three id columns).
    // Phones too (customers, leads: never a lean import): Shopify writes '+15550000001, a spreadsheet 1.3800138E+10.
    if (s.column !== null && s.field.type === 'text' && (s.field.name.endsWith('_id') || s.field.name === 'phone') && !plain) return d.sqlWholeNumberId(trimmed(s.column));
    if (s.column !== null) return trimmed(s.column);
    if (plan.lineKey?.field === s.field.name) return `${d.quoteString(plan.lineKey.prefix + ':')} || CAST(__line AS ${d.type('text')})`;
    return `CAST(NULL AS ${d.type('text')})`;
  };
  const present = plan.sources.filter((s) => s.column !== null || plan.lineKey?.field === s.field.name);
  const rawCols = plan.sources.map((s) => `${rawOf(s)} AS ${q(RAW(s.field.name))}`);
  const parsedCols = present
    .filter((s) => s.field.type !== 'text')
    .flatMap((s) => (spec.name === 'surveys' && s.field.name === 'satisfaction' && s.column !== null ? sqlSurveySatisfaction(d, s, q(RAW(s.field.name))) : [`${sqlParsed(d, s, q(RAW(s.field.name)), plain)} AS ${q(PARSED(s.field.name))}`]));
  const badCols = present.filter((s) => s.field.type !== 'text' || s.field.min || s.field.max !== undefined).map((s) => `${badValue(d, s, plan.limits)} AS ${q(BAD(s.field.name))}`);
  const hasBad = new Set(present.filter((s) => s.field.type !== 'text' || s.field.min || s.field.max !== undefined).map((s) => s.field.name));
  const typedCols = plan.sources.map((s) => {
    const f = s.field;
    if (!present.includes(s)) return `CAST(NULL AS ${d.type(sqlTypeOf(f))}) AS ${q(f.name)}`;
    if (f.type === 'text' && f.name === 'customer_id' && plan.customerKey === 'phone') return `${d.sqlPseudonym(q(RAW(f.name)), 'phone')} AS ${q(f.name)}`;
    // An email is never an id as it is, however few of the column's values are emails (QA session 9b, F1).
    if (f.type === 'text' && f.name === 'customer_id' && s.column !== null) return `CASE WHEN ${d.sqlContains(q(RAW(f.name)), "'@'")} THEN ${d.sqlPseudonym(q(RAW(f.name)), 'email')} ELSE ${q(RAW(f.name))} END AS ${q(f.name)}`;
    if (f.type === 'text') return `${q(RAW(f.name))} AS ${q(f.name)}`;
    return `CASE WHEN ${q(BAD(f.name))} IS NULL THEN ${sqlFinal(d, f, q(PARSED(f.name)))} END AS ${q(f.name)}`;
  });
  // Typed even when the file has no column to keep: a replaced row's stored attributes are copied in (keptStoredFields).
  const attrs = spec.keepsAttributes ? [`CAST(${d.sqlJsonObject(plan.attributeColumns.map((c) => [c, trimmed(c)] as const))} AS ${d.type('json')}) AS attributes`] : [];

  // Required fields and figures reject the row; other optional fields degrade to empty with a warning.
  const figures = new Set(FIGURE_FIELDS[spec.name] ?? []);
  const checks: Check[] = [];
  const warns: string[] = [];
  for (const s of plan.sources) {
    const f = s.field;
    if (f.required && !(plan.lineKey?.field === f.name)) checks.push({ when: `${q(RAW(f.name))} IS NULL`, reason: d.quoteString(`missing ${f.name}`), column: s.column });
    if (!hasBad.has(f.name)) continue;
    const bad = q(BAD(f.name));
    if (f.required || figures.has(f.name)) checks.push({ when: `${bad} IS NOT NULL`, reason: bad, column: s.column });
    else warns.push(`CASE WHEN ${bad} IS NOT NULL THEN ${d.sqlStruct([['c', d.quoteString(s.column ?? f.name)], ['f', d.quoteString(f.name)], ['v', `left(${q(RAW(f.name))}, 200)`], ['r', bad]])} END`);
  }
  let derivedSelect: string[] = [];
  let final: Record<string, string> = {};
  if (spec.name === 'orders') {
    const o = orderDerivations(d, has, plan.sources.find((s) => s.field.name === 'kind')?.column ?? null, plan.limits.maxMagnitude, inherit);
    derivedSelect = o.select;
    checks.push(...o.checks);
    warns.push(...o.warns);
    final = orderFinal(d);
  }
  if (spec.name === 'payments') checks.push({ when: `${q('written_off')} > abs(${q('amount')})`, reason: d.quoteString('written_off is more than the amount'), column: 'written_off' });
  if (spec.name === 'surveys') {
    const sv = sqlSurveyChecks(d, plan, hasBad);
    checks.push(...sv.checks);
    warns.push(...sv.warns);
  }

  // Entity checks name fields; the quarantine names the user's column.
  const colOf = (c: string | null) => plan.sources.find((s) => s.field.name === c)?.column ?? c;
  // Each check is evaluated once: the first that fails gives its number, and reason and column are looked up by it.
  const failing = checks.length ? `CASE ${checks.map((c, i) => `WHEN ${c.when} THEN ${i + 1}`).join(' ')} END` : 'NULL';
  const reason = checks.length ? `CASE __fail ${checks.map((c, i) => `WHEN ${i + 1} THEN ${c.reason}`).join(' ')} END` : 'NULL';
  const column = checks.length ? `CASE __fail ${checks.map((c, i) => `WHEN ${i + 1} THEN ${c.column === null ? 'NULL' : d.quoteString(colOf(c.column)!)}`).join(' ')} END` : 'NULL';
  const outFields = spec.fields.map((f) => `${final[f.name] ?? q(f.name)} AS ${q(f.name)}`);

  const identity = identityOf(spec, plan.sources);
  const fileCols = plan.fileColumns.map((c) => fc(c));
  const hash = d.sqlHash(fileCols.length ? fileCols : ['NULL']);
  const inStore = identity === 'record' && !forInsert ? `__hash IN (SELECT row_hash FROM ${spec.table} WHERE row_hash IS NOT NULL${plan.replaces != null ? ` AND import_id <> ${Math.trunc(plan.replaces)}` : ''})` : 'FALSE';
  const rawJson = d.sqlJsonObject(plan.fileColumns.map((c) => [c, fc(c)] as const));
  const rec = '__rec';
  const renamed = plan.fileColumns.map((c) => `${q(c)} AS ${fc(c)}`).join(', ');
  // Lines carried in a column need no numbering: the engine's row number is a single-threaded window, and an unused
  // one is not pruned (the whole read would run on one core).
  const numbered =
    plan.line.kind === 'column'
      ? `SELECT ${renamed}, ${sqlLineExpr(d, plan.line, rec)} AS __line FROM ${plan.source} numbered_src`
      : `SELECT ${renamed}, ${sqlLineExpr(d, plan.line, rec)} AS __line FROM (SELECT *, ${d.sqlRowNumber} AS ${rec} FROM ${plan.source}) numbered_src`;
  // The insert pass needs no candidates: every row they could reject is already in the exceptions table.
  const cand = plan.candidates && !forInsert
    ? `SELECT s.*, c.dup_of AS __dup_of, c.near_of AS __near_of, c.line IS NOT NULL AS __cand FROM (${numbered}) s LEFT JOIN ${q(plan.candidates)} c ON c.line = s.__line`
    : `SELECT *, CAST(NULL AS ${d.type('bigint')}) AS __dup_of, CAST(NULL AS ${d.type('bigint')}) AS __near_of, FALSE AS __cand FROM (${numbered}) s`;

  // Whole-record duplicates are settled here: records equal in every column get equal verdicts, so a later copy of
  // a record is its duplicate whatever the first one's fate. Key duplicates (different records) are settled after.
  const dup = identity === 'record' && !forInsert ? `WHEN __dup_of IS NOT NULL THEN 'duplicate of line ' || CAST(__dup_of AS ${d.type('text')}) ` : '';
  return `WITH src AS (
  ${cand}
), raw AS (
  SELECT *, ${hash} AS __hash,
    ${[...rawCols, ...attrs].join(',\n    ')}
  FROM src
), parsed AS (
  SELECT *${parsedCols.length ? ', ' + parsedCols.join(', ') : ''} FROM raw
), judged AS (
  SELECT *${badCols.length ? ', ' + badCols.join(', ') : ''} FROM parsed
), typed AS (
  SELECT *, ${typedCols.join(', ')} FROM judged
), derived AS (
  SELECT *${derivedSelect.length ? ', ' + derivedSelect.join(', ') : ''} FROM ${inherit ? `(SELECT typed.*, os.__os_k, os.__os_v FROM typed LEFT JOIN ${q(plan.orderStatus!)} os ON os.__os_key = typed.${q('order_id')}) typed` : 'typed'}
), failing AS (
  SELECT *, ${failing} AS __fail FROM derived
), flagged AS (
  SELECT *, ${reason} AS __reason, ${column} AS __column, ${d.sqlNonNullList(warns, ['c', 'f', 'v', 'r'])} AS __warn FROM failing
)
SELECT __line, ${outFields.join(', ')}${spec.keepsAttributes ? ', attributes' : ''}, __hash, __dup_of, __near_of, __cand,
  CASE WHEN __reason IS NOT NULL THEN __reason ${dup}WHEN ${inStore} THEN 'already in the store (identical line imported before)' END AS __verdict,
  CASE WHEN __reason IS NOT NULL THEN __column END AS __verdict_column,
  __warn,
  CASE WHEN __reason IS NOT NULL OR __cand THEN CAST(${rawJson} AS ${d.type('text')}) END AS __raw
FROM flagged`;
}

/**
 * Settles duplicates on the candidate rows only (those whose hash repeats in the file): the first record of a group
 * that passed its checks stays, later ones are quarantined as its duplicates. Groups are the scanner's hash groups
 * split by the engine's own hash of the record (or the key's values), so two different records never merge.
 */
export function sqlSettleDuplicates(d: Dialect, plan: ImportPlan): string | null {
  if (!plan.candidates) return null;
  const spec = plan.entity;
  const identity = identityOf(spec, plan.sources);
  if (identity !== 'key') return null;
  const q = (f: string) => d.quoteIdent(f);
  const id = identity === 'key' ? d.sqlHash(spec.key!.map((k) => q(k))) : '__hash';
  const what = identity === 'key' ? `${spec.key!.join(', ')} ` : '';
  const t = q(plan.checked);
  return `UPDATE ${t} SET __verdict = ${d.quoteString(`duplicate ${what}of line `)} || CAST(g.first AS ${d.type('text')}), __verdict_column = NULL
FROM (
  SELECT COALESCE(__dup_of, __line) AS grp, ${id} AS id, min(__line) FILTER (WHERE __verdict IS NULL) AS first
  FROM ${t} WHERE __cand GROUP BY 1, 2
) g
WHERE ${t}.__cand AND COALESCE(${t}.__dup_of, ${t}.__line) = g.grp AND ${identity === 'key' ? d.sqlHash(spec.key!.map((k) => `${t}.${q(k)}`)) : `${t}.__hash`} = g.id
  AND ${t}.__verdict IS NULL AND ${t}.__line > g.first`;
}

/**
 * Keyed entities whose customer ids were made surrogates (emails, phones): two records whose ids differ as written
 * (A@X.com, a@x.com) share one surrogate, which the scanner's hash of the written key cannot see. The later ones are
 * duplicates of the first, settled over every checked row (the checked table of a keyed entity holds them all).
 */
export function sqlSettleSurrogateDuplicates(d: Dialect, plan: ImportPlan): string | null {
  const spec = plan.entity;
  if (!spec.key?.includes('customer_id') || !plan.sources.some((x) => x.field.name === 'customer_id' && x.column !== null)) return null;
  const q = (f: string) => d.quoteIdent(f);
  const t = q(plan.checked);
  const key = spec.key.map((k) => q(k));
  const on = spec.key.map((k) => `g.${q(k)} = ${t}.${q(k)}`).join(' AND ');
  return `UPDATE ${t} SET __verdict = ${d.quoteString(`duplicate ${spec.key.join(', ')} of line `)} || CAST(g.first AS ${d.type('text')}), __verdict_column = NULL
FROM (SELECT ${key.join(', ')}, min(__line) AS first FROM ${t} WHERE __verdict IS NULL GROUP BY ${key.join(', ')} HAVING count(*) > 1) g
WHERE ${on} AND ${t}.__verdict IS NULL AND ${t}.__line > g.first AND (${t}.${q('customer_id')} LIKE 'E%' OR ${t}.${q('customer_id')} LIKE 'P%')`;
}

/** Unmatched columns that kept records apart which are equal on every matched column: column, groups, lines. */
export function sqlKeptApartBy(d: Dialect, plan: ImportPlan, unmatched: readonly string[]): string | null {
  if (!plan.candidates || unmatched.length === 0) return null;
  const t = d.quoteIdent(plan.checked);
  const per = unmatched.map(
    (u) => `SELECT ${d.quoteString(u)} AS col, count(*) AS groups, sum(n) AS lines FROM (
    SELECT c.__near_of, count(*) AS n FROM ${t} c JOIN groups g ON g.grp = c.__near_of
    GROUP BY 1 HAVING count(DISTINCT COALESCE(${d.sqlJsonPathText('c.__raw', d.quoteString(`$."${u.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`))}, '')) > 1) x`,
  );
  return `WITH groups AS (
  SELECT __near_of AS grp FROM ${t} WHERE __near_of IS NOT NULL GROUP BY 1 HAVING count(DISTINCT __hash) > 1
)
SELECT col, groups, lines FROM (${per.join('\nUNION ALL\n')}) y WHERE groups > 0 ORDER BY lines DESC, col`;
}

function sqlTypeOf(f: FieldSpec) {
  return ({ text: 'text', number: 'double', integer: 'bigint', date: 'date', timestamp: 'timestamp', boolean: 'boolean' } as const)[f.type];
}

/** Inserts the records that passed. `$1` is the import id. */
export function sqlInsertAccepted(d: Dialect, plan: ImportPlan): string {
  return insertFrom(d, plan, d.quoteIdent(plan.checked), '__verdict IS NULL');
}

function insertFrom(d: Dialect, plan: ImportPlan, from: string, where: string, importId = '$1'): string {
  const q = (f: string) => d.quoteIdent(f);
  const spec = plan.entity;
  const cols = spec.fields.map((f) => q(f.name));
  const vals = [...cols];
  if (spec.keepsAttributes) cols.push('attributes'), vals.push('attributes');
  if (!spec.key) cols.push('row_hash'), vals.push(identityOf(spec, plan.sources) === 'record' ? '__hash' : 'NULL');
  if (spec.name === 'orders') cols.push('line_no'), vals.push('__line');
  cols.push('import_id'), vals.push(importId);
  return `INSERT INTO ${spec.table} (${cols.join(', ')}) SELECT ${vals.join(', ')} FROM ${from} WHERE ${where}`;
}

/** Removes stored rows that this import's accepted rows replace (keyed entities only). */
export function sqlDeleteReplaced(d: Dialect, plan: ImportPlan): string | null {
  const spec = plan.entity;
  if (!spec.key) return null;
  const key = spec.key.map((k) => d.quoteIdent(k)).join(', ');
  return `DELETE FROM ${spec.table} WHERE (${key}) IN (SELECT (${key}) FROM ${d.quoteIdent(plan.checked)} WHERE __verdict IS NULL)`;
}

/**
 * The fields a keyed file does not have (no column, not made from the file's name), which its rows take from the stored
 * rows they replace: a finance file of customer ids and incomes updates incomes, it does not erase emails (QA session
 * 9, D2). An empty value in a column the file has still clears the field. Attributes: the stored ones where the file
 * has no column to keep as one.
 */
export function keptStoredFields(plan: ImportPlan): string[] {
  const spec = plan.entity;
  if (!spec.key) return [];
  const kept = plan.sources.filter((s) => s.column === null && plan.lineKey?.field !== s.field.name && !spec.key!.includes(s.field.name)).map((s) => s.field.name);
  if (spec.keepsAttributes && plan.attributeColumns.length === 0) kept.push('attributes');
  return kept;
}

/** Copies the kept fields (keptStoredFields) of the stored rows into the checked rows that replace them; null when none. */
export function sqlKeepStoredFields(d: Dialect, plan: ImportPlan): string | null {
  const spec = plan.entity;
  const kept = keptStoredFields(plan);
  if (!spec.key || kept.length === 0) return null;
  const t = d.quoteIdent(plan.checked);
  const on = spec.key.map((k) => `s.${d.quoteIdent(k)} = ${t}.${d.quoteIdent(k)}`).join(' AND ');
  return `UPDATE ${t} SET ${kept.map((f) => `${d.quoteIdent(f)} = s.${d.quoteIdent(f)}`).join(', ')} FROM ${spec.table} s WHERE ${on} AND ${t}.__verdict IS NULL`;
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
export function sqlQuarantineRejected(d: Dialect, plan: ImportPlan): string {
  return `INSERT INTO quarantine (import_id, file, line, column_name, reason, raw)
SELECT $1, $2, __line, __verdict_column, __verdict, __raw
FROM ${d.quoteIdent(plan.checked)} WHERE __verdict IS NOT NULL ORDER BY __line`;
}

/** Records the bad optional values of the rows that loaded. `$1` import id, `$2` file. */
export function sqlInsertWarnings(d: Dialect, plan: ImportPlan): string {
  return `INSERT INTO import_warnings (import_id, file, line, column_name, field, value, reason)
SELECT $1, $2, __line, w.c, w.f, w.v, w.r FROM (SELECT __line, unnest(__warn) AS w FROM ${d.quoteIdent(plan.checked)} WHERE __warn IS NOT NULL AND __verdict IS NULL) x
ORDER BY __line`;
}

/** Quarantines records the scanner could not read: `$1` import id, `$2` file, `$3` JSON array of {line, reason, raw}. */
export function sqlQuarantineUnreadable(d: Dialect): string {
  return `INSERT INTO quarantine (import_id, file, line, column_name, reason, raw)
SELECT $1, $2, line, NULL, reason, raw FROM ${d.sqlJsonRows('$3', [['line', 'bigint'], ['reason', 'text'], ['raw', 'text']])} ORDER BY line`;
}

/** The candidates file the scanner wrote (line, dup_of, near_of), one row per line. */
export function sqlLoadCandidates(d: Dialect, table: string, path: string): string {
  return `CREATE TEMP TABLE ${d.quoteIdent(table)} AS
SELECT CAST(line AS ${d.type('bigint')}) AS line, max(CAST(dup_of AS ${d.type('bigint')})) AS dup_of, max(CAST(near_of AS ${d.type('bigint')})) AS near_of
FROM ${d.sqlReadFile({ format: 'csv', path, delimiter: ',', header: false, columnNames: ['line', 'dup_of', 'near_of'] })}
GROUP BY line`;
}

/** Candidates for sources the scanner does not read (Parquet, JSON lines): records whose hash repeats. */
export function sqlCandidatesFromSource(d: Dialect, table: string, source: string, columns: readonly string[], keyColumns: readonly string[] | null): string {
  const q = (c: string) => d.quoteIdent(c);
  const id = d.sqlHash((keyColumns ?? columns).map((c) => (keyColumns ? `NULLIF(trim(${q(c)}), '')` : q(c))));
  return `CREATE TEMP TABLE ${q(table)} AS
WITH h AS (SELECT ${d.sqlRowNumber} + 1 AS line, ${id} AS id FROM ${source}),
rep AS (SELECT id, min(line) AS first FROM h GROUP BY id HAVING count(*) > 1)
SELECT h.line, CASE WHEN h.line > rep.first THEN rep.first END AS dup_of, CAST(NULL AS ${d.type('bigint')}) AS near_of FROM h JOIN rep USING (id)`;
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
