import { AM_WORDS, PM_WORDS } from '../../data/dates.js';
import type { Dialect, ReadSpec, SqlType } from '../dialect.js';
import { COUNT_UNITS, CURRENCY, FULL_WIDTH, SPACED_CODE } from '../number-text.js';

const TYPES: Record<SqlType, string> = {
  text: 'VARCHAR',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  integer: 'INTEGER',
  // Small codes (0..255): a value run's segment and matrix cells (src/sql/value-codes.ts).
  tinyint: 'UTINYINT',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
};

function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function sqlReadFile(spec: ReadSpec): string {
  const path = quoteString(spec.path);
  switch (spec.format) {
    case 'csv': {
      const opts = [
        `delim=${quoteString(spec.delimiter)}`,
        `quote='"'`,
        `escape='"'`,
        `header=${spec.header}`,
        'all_varchar=true',
        // Rejected records (wrong column count, bad UTF-8, over-long lines) land in reject_errors with their line.
        'store_rejects=true',
        // Every option is given, so the sniffer decides nothing; it is on for its row estimate, which join
        // planning needs (without it a read_csv counts as ~42 rows, and joins would build their hash table on the file),
        // unless the read is joined to nothing (CsvReadSpec.sniff).
        `auto_detect=${spec.sniff !== false}`,
        // 8 MB: a line longer than this is quarantined, not fatal.
        'max_line_size=8388608',
        // The reader's buffer is left at its default, 16 lines of max_line_size (128 MB, or the file's size when
        // smaller): a 16 MB buffer kept memory lower but read a 50 MB file 30% slower (545 → 800 ms wall).
      ];
      if (spec.columnNames) {
        opts.push(`columns={${spec.columnNames.map((c) => `${quoteString(c)}: 'VARCHAR'`).join(', ')}}`);
      }
      // DuckDB takes the two characters \n here (an actual line feed is refused).
      if (spec.lfOnly) opts.push(`new_line='\\n'`);
      return `read_csv(${path}, ${opts.join(', ')})`;
    }
    case 'parquet':
      return `(SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${path}))`;
    case 'json':
      // Given its columns, the reader types each as text itself: casting what it inferred would keep the quotes of
      // the strings in a column that mixes "3" and 3 (it infers JSON there).
      if (spec.columnNames) return `read_json(${path}, format='newline_delimited', columns={${spec.columnNames.map((c) => `${quoteString(c)}: 'VARCHAR'`).join(', ')}})`;
      return `(SELECT COLUMNS(*)::VARCHAR FROM read_json(${path}, format='newline_delimited', sample_size=-1))`;
  }
}

/**
 * Text to a double. Plain numbers take the fast path; the regex fallbacks run only where the cast failed: 1,299.00
 * and 1,5 (a decimal comma), the European groupings 1.299,00, 1.299.000, 1 299,50 and 1'299.25, currency signs.
 */
function parseNumberCore(e: string): string {
  const t = e;
  // Full-width digits and signs (typed with a Chinese IME) as ASCII; then currency signs and codes, before or after
  // the number (€1.000,00, 1.000,00 €, EUR 2.000,00, US$ 5,00, R$ 1.234,56, 10,00 zł), and the units counts are
  // written with (2件, 3 pcs), are set aside: a sign before a leading currency is kept (-€12).
  const ascii = `translate(${t}, ${quoteString(FULL_WIDTH[0])}, ${quoteString(FULL_WIDTH[1])})`;
  const noCurrency = `regexp_replace(regexp_replace(${ascii}, '^(-?)\\s*((${CURRENCY})\\s*|${SPACED_CODE}\\s+)', '\\1'), '(\\s*(${CURRENCY}|${COUNT_UNITS})|\\s+${SPACED_CODE})$', '')`;
  return `COALESCE(TRY_CAST(${t} AS DOUBLE), CASE
    WHEN regexp_full_match(${noCurrency}, '-?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]+)?') THEN TRY_CAST(replace(${noCurrency}, ',', '') AS DOUBLE)
    WHEN regexp_full_match(${noCurrency}, '-?[0-9]+,[0-9]+') THEN TRY_CAST(replace(${noCurrency}, ',', '.') AS DOUBLE)
    WHEN regexp_full_match(${noCurrency}, '-?[0-9]{1,3}(\\.[0-9]{3})+,[0-9]+|-?[0-9]{1,3}(\\.[0-9]{3}){2,}') THEN TRY_CAST(replace(replace(${noCurrency}, '.', ''), ',', '.') AS DOUBLE)
    WHEN regexp_full_match(${noCurrency}, '-?[0-9]{1,3}([ \u00a0\u202f''][0-9]{3})+([.,][0-9]+)?') THEN TRY_CAST(replace(regexp_replace(${noCurrency}, '[ \u00a0\u202f'']', '', 'g'), ',', '.') AS DOUBLE)
    ELSE TRY_CAST(${noCurrency} AS DOUBLE) END)`;
}

/** A UTC offset or zone after a time, with the space before it (data/dates.ts OFFSET). */
const OFFSET_RE = '\\s*(Z|(UTC|GMT)([+-][0-9]{1,2}(:?[0-9]{2})?)?|[+-][0-9]{2}(:?[0-9]{2})?)';

/**
 * A value as a strftime format reads it: with %z (or %Z) the offset is set aside, as the ISO cast does (strptime's
 * %z would give the instant in UTC: the same shop's lines would read 8 hours apart in two formats); with %p the
 * Chinese words for the half of the day read as AM and PM (上午 03:15, 下午 3:15, before or after the time).
 */
function timeText(e: string, format: string): string {
  let t = e;
  if (/%[zZ]/.test(format)) t = `regexp_replace(${t}, '${OFFSET_RE}$', '')`;
  if (format.includes('%p')) {
    const words = (w: readonly string[]) => w.join('|');
    t = `trim(regexp_replace(regexp_replace(${t}, '\\s*(${words(PM_WORDS)})\\s*', ' PM ', 'g'), '\\s*(${words(AM_WORDS)})\\s*', ' AM ', 'g'))`;
  }
  return t;
}

/** DuckDB, the embedded default. */
export const duckdbDialect: Dialect = {
  name: 'duckdb',
  capabilities: { windowFunctions: true, upserts: true, transactions: true, serverParameters: true },
  quoteIdent,
  quoteString,
  type: (t) => TYPES[t],
  sqlReadFile,
  sqlParseNumber(e) {
    // Negative amounts as accounting reports and SAP write them, (12.50) and 12.50-, are the number inside, negated.
    const inner = `regexp_replace(${e}, '^\\(\\s*(.+?)\\s*\\)$|^(.+)-$', '\\1\\2')`;
    return `COALESCE(${parseNumberCore(e)}, CASE WHEN regexp_full_match(${e}, '\\(\\s*[^()]*[0-9][^()]*\\)|[^-]*[0-9][^-]*-') THEN -(${parseNumberCore(inner)}) END)`;
  },
  sqlParsePlainNumber: (e) => `TRY_CAST(${e} AS DOUBLE)`,
  sqlParsePercent: (e) => `CASE WHEN regexp_full_match(${e}, '.*[0-9]\\s*%') THEN (${parseNumberCore(`regexp_replace(${e}, '\\s*%$', '')`)}) / 100 END`,
  sqlWholeNumberId: (e) => {
    // Full-width digits (typed with a Chinese IME) first; then 17850.0, and 1.7850E+04 where it is a whole number
    // (15 digits at most: a double holds them exactly). Excel's and Shopify's text marker before a number
    // ('7000000001, '00123) is no part of the id; its zeros are (translate and the anchored replace leave other text
    // as it is). The cheap tests first (bytes ≠ characters, a leading ', a trailing 0, an E).
    const t = `CASE WHEN strlen(${e}) <> length(${e}) OR starts_with(${e}, '''') THEN translate(regexp_replace(${e}, '^''([0-9０-９+])', '\\1'), '０１２３４５６７８９', '0123456789') ELSE ${e} END`;
    // The value is named once (a lambda over a one-element list) rather than written out at each of its nine uses:
    // with QA session 8's id shapes a file's check statement had grown 3× and took twice as long to plan.
    const x = 'TRY_CAST(v AS DOUBLE)';
    return `list_transform([${t}], v -> CASE WHEN ends_with(v, '0') AND regexp_full_match(v, '[0-9]+\\.0+') THEN regexp_replace(v, '\\.0+$', '')
      WHEN (contains(v, 'E') OR contains(v, 'e')) AND regexp_full_match(v, '[0-9](\\.[0-9]+)?[eE]\\+?[0-9]{1,2}') AND ${x} = floor(${x}) AND ${x} < 1e15 THEN CAST(CAST(${x} AS BIGINT) AS VARCHAR)
      ELSE v END)[1]`;
  },
  // A MAP literal: an IN list of a hundred words, referenced by several checks, made planning the import take minutes.
  sqlSplitPart: (e, sep, n) => `split_part(${e}, ${quoteString(sep)}, ${Math.trunc(n)})`,
  sqlLookup: (e, pairs) => `(MAP {${pairs.map(([k, v]) => `${quoteString(k)}: ${quoteString(v)}`).join(', ')}})[${e}]`,
  sqlDecimalCommaText: (e) =>
    `CASE WHEN regexp_full_match(${e}, '[^.,0-9]*[0-9]{1,3}(\\.[0-9]{3})+(,[0-9]+)?[^.,0-9]*|[^.,0-9]*[0-9]+,[0-9]+[^.,0-9]*') THEN replace(replace(${e}, '.', ''), ',', '.') ELSE ${e} END`,
  sqlTrimSpace: (e) => `trim(${e}, ' \t\u00a0\u3000')`,
  sqlUnwrapFormula: (e) => `regexp_replace(${e}, '^="(.*)"$', '\\1')`,
  sqlPseudonym: (e, kind) => (kind === 'email' ? `'E' || left(md5(lower(trim(${e}))), 16)` : `'P' || left(md5(regexp_replace(regexp_replace(regexp_replace(${e}, '[^0-9]', '', 'g'), '^00', ''), '^86(1[0-9]{10})$', '\\1')), 16)`),
  sqlParseTimestamp(e, format, past) {
    // Excel's serial day numbers (1900 date system: day 1 is 1900-01-01, and Excel counts a 29 February 1900 that
    // never was, so from day 61 on, day 0 is 1899-12-30); the fraction is the time of day, to the millisecond.
    const parse = (f: string) => `try_strptime(${timeText(e, f)}, ${quoteString(f.replace(/\s*%[zZ]/g, ''))})`;
    const one = (f: string) =>
      f === 'ISO'
        ? // The cast keeps the time of 14:03:22+08:00 as written and sets the offset aside; an offset after a space
          // (Shopify's 14:03:22 +0800) or GMT it refuses, so they are set aside the same way (tried only where the cast failed).
          `COALESCE(TRY_CAST(${e} AS TIMESTAMP), TRY_CAST(regexp_replace(${e}, '([0-9]:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?)${OFFSET_RE}$', '\\1') AS TIMESTAMP))`
        : f === 'EXCEL'
          ? `CASE WHEN regexp_full_match(${e}, '[0-9]{1,6}(\\.[0-9]+)?') AND TRY_CAST(${e} AS DOUBLE) >= 61 THEN TIMESTAMP '1899-12-30' + to_milliseconds(CAST(round(TRY_CAST(${e} AS DOUBLE) * 86400000) AS BIGINT)) END`
          : past && f.includes('%y')
            ? // strptime reads 00–68 as 2000–2068: a birth date written 15/03/58 is 1958, never 2058.
              `CASE WHEN CAST(${parse(f)} AS DATE) > current_date THEN ${parse(f)} - INTERVAL 100 YEAR ELSE ${parse(f)} END`
            : parse(f);
    // Several formats (data/dates.ts FORMAT_SEPARATOR): the first that reads the value; ISO stands for the cast.
    if (format !== null && format.includes(' | ')) return `COALESCE(${format.split(' | ').map(one).join(', ')})`;
    return one(format ?? 'ISO');
  },
  sqlParseBoolean(e) {
    // 1.0 and 0.0: a flag column that went through pandas with a blank in it.
    return `CASE WHEN lower(${e}) IN ('true','t','yes','y','1','1.0','是','on','√','✓','✔') THEN TRUE
      WHEN lower(${e}) IN ('false','f','no','n','0','0.0','否','off','×','✗','✘') THEN FALSE END`;
  },
  sqlJsonObject(pairs) {
    if (pairs.length === 0) return 'NULL';
    // A map keeps only the keys that have a value; empty cells carry no information.
    const entries = pairs.map(([k, v]) => `{'k': ${quoteString(k)}, 'v': ${v}}`).join(', ');
    return `to_json(map_from_entries(list_filter([${entries}], x -> x.v IS NOT NULL)))`;
  },
  sqlIsPadded: (e) => `(starts_with(${e}, ' ') OR ends_with(${e}, ' ') OR starts_with(${e}, chr(9)) OR ends_with(${e}, chr(9)))`,
  sqlRegexpFullMatch: (e, pattern) => `regexp_full_match(${e}, ${quoteString(pattern)})`,
  // hash() is unsigned 64-bit; 63 bits fit BIGINT everywhere.
  sqlRaiseIf: (condition, message, value) => `CASE WHEN ${condition} THEN error(${quoteString(message)}) ELSE ${value} END`,
  sqlHash: (exprs) => `CAST(hash(${exprs.join(", ")}) & 9223372036854775807 AS BIGINT)`,
  sqlJsonText: (e, key) => `json_extract_string(${e}, ${quoteString('$.' + key)})`,
  sqlDaysBetween: (a, b) => `date_diff('day', CAST(${a} AS DATE), CAST(${b} AS DATE))`,
  sqlJsonPathText: (e, path) => `json_extract_string(${e}, ${path})`,
  sqlContains: (h, n) => `(strpos(lower(${h}), lower(${n})) > 0)`,
  // date_sub counts complete years (a birthday on 29 February is reached on 28 February), unlike date_diff.
  sqlYearsBetween: (a, b) => `date_sub('year', CAST(${a} AS DATE), CAST(${b} AS DATE))`,
  // One JSON parameter instead of a VALUES list: binding 14 × 500 parameters per statement cost seconds for 20k rows.
  sqlJsonRows: (param, columns) =>
    `(SELECT ${columns.map(([c, t]) => `CAST(json_extract_string(j, ${quoteString('$.' + c)}) AS ${TYPES[t]}) AS ${quoteIdent(c)}`).join(', ')}
FROM (SELECT unnest(from_json(${param}, '["JSON"]')) AS j) json_rows)`,
  sqlArgMax: (v, by) => `arg_max(${v}, ${by})`,
  sqlQuantile: (v, q) => `quantile_cont(${v}, ${Number(q)})`,
  // FILTER is faster here than a CASE inside DISTINCT (the filtered rows never reach the distinct hash set).
  sqlCountDistinctWhere: (e, c) => `count(DISTINCT ${e}) FILTER (WHERE ${c})`,
  // A row value compares field by field, so arg_min over it breaks ties deterministically.
  sqlArgMinBy: (v, by) => `arg_min(${v}, (${by.join(', ')}))`,
  sqlExactSum: (e) => `CAST(sum(CAST(${e} AS DECIMAL(38, 18))) AS DOUBLE)`,
  sqlExp: (e) => `exp(${e})`,
  sqlIntDiv: (a, b) => `((${a}) // (${b}))`,
  sqlIsFinite: (e) => `isfinite(${e})`,
  // A file store spills to <store>.tmp beyond the limit instead of failing.
  sqlMemoryLimit: (bytes) => `SET memory_limit = '${Math.max(64, Math.floor(bytes / (1024 * 1024)))}MiB'`,
  sqlResetMemoryLimit: 'RESET memory_limit',
  // Not needed: read_csv is given its row estimate (see sqlReadFile), and a global setting would reach other readers.
  sqlBuildOnRight: null,
  // FSST is tried on every string segment written and rarely chosen for order lines (ids, short names and countries
  // go to dictionary compression): importing online_retail.csv wrote the same 15.2 MB without it, its INSERT 8% faster
  // (median of 5: 579 → 533 ms).
  sqlBulkLoad: { set: "SET disabled_compression_methods = 'fsst'", reset: 'RESET disabled_compression_methods' },
  // ROW_NUMBER() OVER () with no partition or order runs as DuckDB's streaming window: file order, no sort.
  sqlRowNumber: '(row_number() OVER () - 1)',
  sqlNonNullList: (items, empty) => (items.length === 0 ? `CAST(NULL AS STRUCT(${empty.map((k) => `${quoteIdent(k)} VARCHAR`).join(', ')})[])` : `NULLIF(list_filter([${items.join(', ')}], x -> x IS NOT NULL), [])`),
  sqlStruct: (pairs) => `{${pairs.map(([k, v]) => `${quoteString(k)}: ${v}`).join(', ')}}`,
  sqlNow: `(now() AT TIME ZONE 'UTC')`,
  // DuckDB may inline a CTE at every reference; the recommender's self-joins read theirs four times.
  sqlCteMaterialized: 'MATERIALIZED',
  // A global setting in DuckDB: it applies to what this instance writes until reset (analysing each column for
  // ALP, FSST, dictionary … cost the value run about as much CPU as the bare GROUP BY over 10M lines).
  sqlWriteUncompressed: { set: "SET force_compression = 'uncompressed'", reset: 'RESET force_compression' },
};
