import type { Dialect, ReadSpec, SqlType } from '../dialect.js';
import { COUNT_UNITS, CURRENCY, FULL_WIDTH, SPACED_CODE } from '../number-text.js';

/**
 * ClickHouse, the engine for more than one machine. Everything here runs on Debian 12's ClickHouse 18.16 and on
 * current ClickHouse; where the two differ, the comment says so (search "18.16").
 *
 * - 18.16 has no server-side query parameters (`{name:Type}` fails: "Unknown setting param_…"), so the engine
 *   writes bound values into the text with `quoteLiteral` (below), outside every string, identifier and comment.
 * - 18.16 has no window functions, no Bool type (booleans are UInt8 0/1, no TRUE/FALSE keywords), no TRY_CAST,
 *   no JSONExtract* (only the flat `visitParamExtract*`), no DateTime64 (seconds only), no lightweight DELETE
 *   (the engine turns `DELETE`/`UPDATE` into `ALTER TABLE … DELETE/UPDATE` mutations and waits for them),
 *   no `EXCHANGE TABLES` (a swap is one `RENAME TABLE a TO b, c TO d`).
 */

const TYPES: Record<SqlType, string> = {
  text: 'String',
  double: 'Float64',
  bigint: 'Int64',
  integer: 'Int32',
  tinyint: 'UInt8',
  // 18.16 has no Bool; current versions have one, but UInt8 0/1 reads the same on both.
  boolean: 'UInt8',
  date: 'Date',
  // 18.16 has no DateTime64: timestamps keep whole seconds.
  timestamp: 'DateTime',
  json: 'String',
};

/**
 * A ClickHouse string literal. In ClickHouse a backslash escapes the next character inside '…' (unlike standard
 * SQL), so both the backslash and the quote are escaped; NUL is written as \x00 so the text stays printable.
 */
export function quoteString(value: string): string {
  return `'${value.replace(/[\\'\0]/g, (c) => (c === '\0' ? '\\x00' : `\\${c}`))}'`;
}

export function quoteIdent(name: string): string {
  return `\`${name.replace(/[\\`]/g, (c) => `\\${c}`)}\``;
}

/** The literal a bound value becomes (client-side binding, see the header). Negative numbers are parenthesised so `a-$1` never becomes a comment (`a--1`). */
export function quoteLiteral(v: string | number | boolean | null | Date): string {
  if (v === null) return 'NULL';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (v === Infinity) return 'inf';
    if (v === -Infinity) return '(-inf)';
    const s = String(v);
    return v < 0 || Object.is(v, -0) ? `(${s})` : s;
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new Error('quoteLiteral: an invalid Date');
    return `toDateTime(${quoteString(v.toISOString().slice(0, 19).replace('T', ' '))}, 'UTC')`;
  }
  if (typeof v === 'string') return quoteString(v);
  throw new Error(`quoteLiteral: cannot bind a ${typeof v}`);
}

/**
 * Replaces `$1`, `$2`, … by the literals of `params`, skipping string literals, quoted identifiers and comments,
 * so a `$1` inside user text or a name is left alone. Every parameter must be used at least once and every
 * placeholder must have a value, as with a server that binds them. The keywords TRUE and FALSE (which 18.16 does
 * not know; current versions read them as Bool) become 1 and 0, so shared SQL that writes `COALESCE(x, FALSE)`
 * runs on both.
 */
export function bindParameters(sql: string, params: readonly (string | number | boolean | null | Date)[]): string {
  if (params.length === 0 && !/\$|true|false/i.test(sql)) return sql;
  let out = '';
  let i = 0;
  const used = new Set<number>();
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === '`') {
      // A quoted run: backslash escapes the next character, and a doubled quote is one quote.
      let j = i + 1;
      while (j < n) {
        if (sql[j] === '\\') j += 2;
        else if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      if (j >= n) throw new Error('bindParameters: an unterminated quote in the statement');
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      const end = j < 0 ? n : j;
      out += sql.slice(i, end);
      i = end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const j = sql.indexOf('*/', i + 2);
      if (j < 0) throw new Error('bindParameters: an unterminated comment in the statement');
      out += sql.slice(i, j + 2);
      i = j + 2;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      const word = sql.slice(i, j);
      const upper = word.toUpperCase();
      // A column named true (t.true) stays a name.
      if ((upper === 'TRUE' || upper === 'FALSE') && sql[i - 1] !== '.') out += upper === 'TRUE' ? '1' : '0';
      else out += word;
      i = j;
    } else if (c === '$' && /[0-9]/.test(sql[i + 1] ?? '')) {
      let j = i + 1;
      while (j < n && /[0-9]/.test(sql[j])) j++;
      const k = Number(sql.slice(i + 1, j));
      if (k < 1 || k > params.length) throw new Error(`bindParameters: the statement uses $${k}, but ${params.length} value(s) were given`);
      used.add(k);
      out += quoteLiteral(params[k - 1]);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  if (used.size !== params.length) {
    const unused = params.map((_, k) => k + 1).filter((k) => !used.has(k));
    throw new Error(`bindParameters: value(s) ${unused.map((k) => `$${k}`).join(', ')} given but not used`);
  }
  return out;
}

function unsupported(what: string): never {
  throw new Error(`ClickHouse dialect: ${what} is not available; files are read and typed by the embedded engine before their rows reach ClickHouse (docs/clickhouse.md)`);
}

/** Text to a Float64, as the DuckDB dialect's parseNumberCore reads it. */
function parseNumberCore(e: string): string {
  // replaceAll, not translate (18.16 has none).
  const ascii = [...FULL_WIDTH[0]].reduce((acc, c, i) => `replaceAll(${acc}, ${quoteString(c)}, ${quoteString(FULL_WIDTH[1][i])})`, e);
  const lead = `replaceRegexpOne(${ascii}, ${quoteString(`^(-?)\\s*((${CURRENCY})\\s*|${SPACED_CODE}\\s+)`)}, '\\\\1')`;
  const noCurrency = `replaceRegexpOne(${lead}, ${quoteString(`(\\s*(${CURRENCY}|${COUNT_UNITS})|\\s+${SPACED_CODE})$`)}, '')`;
  return `COALESCE(toFloat64OrNull(${e}), multiIf(
    match(${noCurrency}, ${quoteString('^-?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?$')}), toFloat64OrNull(replaceAll(${noCurrency}, ',', '')),
    match(${noCurrency}, ${quoteString('^-?[0-9]+,[0-9]+$')}), toFloat64OrNull(replaceAll(${noCurrency}, ',', '.')),
    match(${noCurrency}, ${quoteString('^(-?[0-9]{1,3}(\\.[0-9]{3})+,[0-9]+|-?[0-9]{1,3}(\\.[0-9]{3}){2,})$')}), toFloat64OrNull(replaceAll(replaceAll(${noCurrency}, '.', ''), ',', '.')),
    match(${noCurrency}, ${quoteString("^-?[0-9]{1,3}([ \u00a0\u202f'][0-9]{3})+([.,][0-9]+)?$")}), toFloat64OrNull(replaceAll(replaceRegexpAll(${noCurrency}, ${quoteString("[ \u00a0\u202f']")}, ''), ',', '.')),
    toFloat64OrNull(${noCurrency})))`;
}

/** R type 7 quantile from the sorted values: exact on every version (18.16's `quantile` samples, and `quantileExactInclusive` came later). */
function quantileType7(v: string, q: number): string {
  const arr = `arraySort(groupArray(toFloat64(${v})))`;
  const h = `((length(${arr}) - 1) * ${Number(q)})`;
  return `if(length(${arr}) = 0, NULL, arrayElement(${arr}, toUInt64(floor(${h})) + 1) + (${h} - floor(${h})) * (arrayElement(${arr}, least(toUInt64(floor(${h})) + 2, length(${arr}))) - arrayElement(${arr}, toUInt64(floor(${h})) + 1)))`;
}

function nullable(t: SqlType): string {
  return `Nullable(${TYPES[t]})`;
}

export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  capabilities: { windowFunctions: false, upserts: false, transactions: false, serverParameters: false },
  quoteIdent,
  quoteString,
  // Columns default to NULL-able, as in DuckDB; key columns are declared without Nullable where tables are made.
  type: nullable,
  sqlReadFile: (_spec: ReadSpec) => unsupported('reading a file in SQL'),
  sqlIsPadded: (e) => `(startsWith(${e}, ' ') OR endsWith(${e}, ' ') OR startsWith(${e}, '\\t') OR endsWith(${e}, '\\t'))`,
  sqlParseNumber(e) {
    // (12.50) and 12.50-: the number inside, negated (as the DuckDB dialect).
    const inner = `replaceRegexpOne(${e}, ${quoteString('^\\(\\s*(.+?)\\s*\\)$|^(.+)-$')}, '\\\\1\\\\2')`;
    // multiIf, not if: 18.16's if refuses a Nullable condition.
    return `COALESCE(${parseNumberCore(e)}, multiIf(match(${e}, ${quoteString('^(\\(\\s*[^()]*[0-9][^()]*\\)|[^-]*[0-9][^-]*-)$')}), -(${parseNumberCore(inner)}), NULL))`;
  },
  sqlParsePlainNumber: (e) => `toFloat64OrNull(${e})`,
  sqlParsePercent: (e) => `multiIf(match(${e}, ${quoteString('^.*[0-9]\\s*%$')}), (${parseNumberCore(`replaceRegexpOne(${e}, ${quoteString('\\s*%$')}, '')`)}) / 100, NULL)`,
  sqlWholeNumberId: (e) => {
    // As the DuckDB dialect: full-width digits, 17850.0, and 1.7850E+04 where it is a whole number.
    // replaceAll, not translate (18.16 has none): ten nested replacements.
    // Excel's and Shopify's text marker before a number ('7000000001) is no part of the id; its zeros are.
    const u = `replaceRegexpOne(${e}, ${quoteString("^'([0-9０-９+])")}, '\\\\1')`;
    const t = [...'０１２３４５６７８９'].reduce((acc, c, i) => `replaceAll(${acc}, ${quoteString(c)}, '${i}')`, u);
    const x = `toFloat64OrNull(${t})`;
    return `multiIf(match(${t}, ${quoteString('^[0-9]+\\.0+$')}), replaceRegexpOne(${t}, ${quoteString('\\.0+$')}, ''),
      match(${t}, ${quoteString('^[0-9](\\.[0-9]+)?[eE]\\+?[0-9]{1,2}$')}) AND ${x} = floor(${x}) AND ${x} < 1e15, toString(toInt64(${x})), ${t})`;
  },
  // Out of range, an array gives its type's default: ''. ifNull: an array cannot be Nullable (18.16 refuses it).
  sqlSplitPart: (e, sep, n) => `splitByChar(${quoteString(sep)}, ifNull(${e}, ''))[${Math.trunc(n)}]`,
  sqlLookup: (e, pairs) => `transform(${e}, [${pairs.map(([k]) => quoteString(k)).join(', ')}], [${pairs.map(([, v]) => quoteString(v)).join(', ')}], NULL)`,
  sqlDecimalCommaText: (e) =>
    `multiIf(match(${e}, ${quoteString('^([^.,0-9]*[0-9]{1,3}(\\.[0-9]{3})+(,[0-9]+)?[^.,0-9]*|[^.,0-9]*[0-9]+,[0-9]+[^.,0-9]*)$')}), replaceAll(replaceAll(${e}, '.', ''), ',', '.'), ${e})`,
  sqlTrimSpace: (e) => `replaceRegexpAll(${e}, ${quoteString('^[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+$')}, '')`,
  sqlUnwrapFormula: (e) => `replaceRegexpOne(${e}, ${quoteString('^="(.*)"$')}, '\\\\1')`,
  sqlPseudonym: (e, kind) =>
    kind === 'email' ? `concat('E', substring(lower(hex(MD5(lower(trim(${e}))))), 1, 16))` : `concat('P', substring(lower(hex(MD5(replaceRegexpOne(replaceRegexpOne(replaceRegexpAll(${e}, '[^0-9]', ''), '^00', ''), '^86(1[0-9]{10})$', '\\\\1')))), 1, 16))`,
  sqlParseTimestamp(e, format) {
    // 18.16 has no parse-by-format function (current versions have parseDateTime); formatted text is parsed by the embedded engine.
    if (format !== null) unsupported('parsing a timestamp by a format');
    return `parseDateTimeBestEffortOrNull(${e})`;
  },
  sqlParseBoolean(e) {
    return `multiIf(lowerUTF8(${e}) IN ('true','t','yes','y','1','是','on'), 1, lowerUTF8(${e}) IN ('false','f','no','n','0','否','off'), 0, NULL)`;
  },
  sqlJsonObject: () => unsupported('building JSON objects in SQL'),
  sqlRegexpFullMatch: (e, pattern) => `match(${e}, ${quoteString(`^(?:${pattern})$`)})`,
  // sipHash64 is the same function on every version and every shard; 63 bits fit Int64.
  // No lazy CASE branches on 18.16: throwIf is evaluated for every row, and fails on the first that meets the condition.
  sqlRaiseIf: (condition, message, value) => `if(throwIf(${condition}, ${quoteString(message)}) = 0, ${value}, ${value})`,
  sqlHash: (exprs) => `toInt64(bitAnd(sipHash64(${exprs.join(', ')}), 9223372036854775807))`,
  // 18.16 has only the flat visitParam extractors (current versions also have JSONExtractString); Clientele's JSON columns are flat objects.
  sqlJsonText: (e, key) => `nullIf(visitParamExtractString(${e}, ${quoteString(key)}), '')`,
  sqlDaysBetween: (a, b) => `dateDiff('day', toDate(${a}), toDate(${b}))`,
  sqlCountDistinctWhere: (e, c) => `uniqExactIf(${e}, (${c}) AND isNotNull(${e}))`,
  sqlArgMax: (v, by) => `argMax(${v}, ${by})`,
  sqlQuantile: (v, q) => quantileType7(v, q),
  sqlArgMinBy: (v, by) => `argMin(${v}, tuple(${by.join(', ')}))`,
  sqlExactSum: (e) => `toFloat64(sum(toDecimal128(${e}, 18)))`,
  sqlExp: (e) => `exp(${e})`,
  sqlIntDiv: (a, b) => `intDiv(${a}, ${b})`,
  // The path parameter is bound as a literal ('$.key'); the key after '$.' is a constant, as visitParam needs.
  sqlJsonPathText: (e, path) => `nullIf(visitParamExtractString(${e}, substring(${path}, 3)), '')`,
  sqlContains: (h, n) => `(positionCaseInsensitiveUTF8(${h}, ${n}) > 0)`,
  sqlYearsBetween: (a, b) => {
    // Completed years: the year difference, less one when b's month-day comes before a's; a 29 February birthday is reached on 28 February in a year without one (as DuckDB's date_sub).
    const A = `toDate(${a})`;
    const B = `toDate(${b})`;
    const yb = `toYear(${B})`;
    const leap = `((${yb} % 4 = 0 AND ${yb} % 100 != 0) OR ${yb} % 400 = 0)`;
    const mdA = `if(toMonth(${A}) = 2 AND toDayOfMonth(${A}) = 29 AND NOT ${leap}, 228, toMonth(${A}) * 100 + toDayOfMonth(${A}))`;
    return `(toYear(${B}) - toYear(${A}) - if(toMonth(${B}) * 100 + toDayOfMonth(${B}) < ${mdA}, 1, 0))`;
  },
  sqlJsonRows: () => unsupported('rows from a JSON parameter (the engine inserts computed rows with the client instead)'),
  sqlBuildOnRight: null,
  sqlBulkLoad: null,
  // Memory is capped per query by the engine's max_memory_usage setting, not by a statement.
  sqlMemoryLimit: () => null,
  sqlResetMemoryLimit: null,
  sqlIsFinite: (e) => `isFinite(${e})`,
  // Read single-threaded (max_threads = 1) from a Log table, blocks come in insertion order.
  sqlRowNumber: 'rowNumberInAllBlocks()',
  sqlNonNullList: (items) => (items.length === 0 ? 'NULL' : `arrayFilter(x -> isNotNull(x), [${items.join(', ')}])`),
  sqlStruct: (pairs) => `tuple(${pairs.map(([, v]) => v).join(', ')})`,
  sqlNow: `toDateTime(now(), 'UTC')`,
  // ClickHouse computes a WITH subquery at each use; nothing to ask.
  sqlCteMaterialized: '',
};
