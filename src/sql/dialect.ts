/**
 * What a SQL engine must be able to say. Generated SQL calls these instead of writing engine-specific text,
 * so a second engine (ClickHouse) is a second implementation of this interface, not a hunt for `if`s.
 */

/** How the engine reads a delimited text file, once the importer has sniffed it. */
export interface CsvReadSpec {
  readonly path: string;
  /** A single character; whitespace-separated files are rewritten to CSV before they get here. */
  readonly delimiter: string;
  readonly header: boolean;
  /** Column names when the file has no header. */
  readonly columnNames?: readonly string[];
  /**
   * Records end at LF alone: the import's own copies, whose quoted values may hold a CRLF from the user's file (the
   * reader's sniffer, left to guess, failed on such a copy).
   */
  readonly lfOnly?: boolean;
  /**
   * False: the reader's sniffer is left off. With every option given it decides nothing and only estimates the rows
   * for join planning, at about 40 ms CPU on a 50 MB file: a read no join is planned on (the lean import's INSERT of
   * its copy) does without it.
   */
  readonly sniff?: boolean;
}

export type ReadSpec =
  | ({ readonly format: 'csv' } & CsvReadSpec)
  | { readonly format: 'parquet'; readonly path: string }
  /** `columnNames`: read each as text (a JSON string without its quotes, a number as written, an object as JSON). */
  | { readonly format: 'json'; readonly path: string; readonly columnNames?: readonly string[] };

export type SqlType = 'text' | 'double' | 'bigint' | 'integer' | 'tinyint' | 'boolean' | 'date' | 'timestamp' | 'json';

/** Where engines differ in what they can do at all; code that needs one checks the flag instead of the engine's name. */
export interface DialectCapabilities {
  /** `row_number() OVER (…)`, `ntile`, … (ClickHouse 18.16 has none; ClickHouse ≥ 21.3 has them). */
  readonly windowFunctions: boolean;
  /** `INSERT … ON CONFLICT DO UPDATE` (ClickHouse: none; replace by a newer row in a ReplacingMergeTree, or rewrite the table). */
  readonly upserts: boolean;
  /** `Engine.transaction` commits all or nothing. Without it, atomic writes go through a staging table and a rename. */
  readonly transactions: boolean;
  /** The server binds `$n` parameters itself; otherwise the engine writes them into the text with `quoteLiteral`. */
  readonly serverParameters: boolean;
}

export interface Dialect {
  readonly name: string;
  readonly capabilities: DialectCapabilities;
  quoteIdent(name: string): string;
  /** A string literal; used only for values the program chose (formats, file paths), never for user data. */
  quoteString(value: string): string;
  type(t: SqlType): string;
  /** A relation with every column of the file as text, in file order. */
  sqlReadFile(spec: ReadSpec): string;
  /** True when text starts or ends with a space or tab. */
  sqlIsPadded(textExpr: string): string;
  /** The parse functions below take trimmed text. The text → number conversion users expect: `1,234.50`, `£3.20`, `2,5` (decimal comma); NULL when it is not a number. */
  sqlParseNumber(textExpr: string): string;
  /**
   * text → timestamp by a strftime-style format, or ISO when `format` is null; NULL when it does not parse. `past`:
   * the date cannot be after today (a birth date), so a two-digit year that would put it there is of the century before.
   */
  sqlParseTimestamp(textExpr: string, format: string | null, past?: boolean): string;
  /** true/false/yes/no/1/0/是/否 → boolean, NULL otherwise. */
  sqlParseBoolean(textExpr: string): string;
  /** A JSON object text from (key, text expression) pairs; NULL values are left out. */
  sqlJsonObject(pairs: ReadonlyArray<readonly [string, string]>): string;
  /** Full-string regular-expression match. */
  sqlRegexpFullMatch(textExpr: string, pattern: string): string;
  /** A stable 64-bit hash of the expressions, for duplicate detection. */
  sqlHash(exprs: readonly string[]): string;
  /**
   * An id a spreadsheet or pandas wrote as a decimal (`17850.0`), in exponent form (`1.7850E+04`, where that is a
   * whole number) or in full-width digits (`１７８５０`) as the whole number it is (`17850`), without the text marker `'`
   * Excel and Shopify write before a number (`'7000000001`, `'00123` → `00123`); other text as it is.
   */
  sqlWholeNumberId(textExpr: string): string;
  /** The value paired with `textExpr` among the (key, value) string pairs, NULL when none is: one lookup, however many pairs. */
  sqlLookup(textExpr: string, pairs: ReadonlyArray<readonly [string, string]>): string;
  /** The `n`-th (from 1) part of the text split at the one-character `separator`; '' when there are fewer parts. */
  sqlSplitPart(textExpr: string, separator: string, n: number): string;
  /** Number text written with decimal commas (`1.250,50`, `1.500`, `2,5`) with decimal points instead (`1250.50`, `1500`, `2.5`); other text as it is. */
  sqlDecimalCommaText(textExpr: string): string;
  /** Text without spaces, tabs, no-break spaces (U+00A0) or ideographic spaces (U+3000) at either end. */
  sqlTrimSpace(textExpr: string): string;
  /** Text without Excel's text-formula wrapper: `="0123"` → `0123`; other text as it is. */
  sqlUnwrapFormula(textExpr: string): string;
  /**
   * A stable surrogate for a customer known by an email or a phone (data/customer-key.ts): `E`/`P` and the first 16
   * hex digits of the MD5 of the value normalised (an email in lower case; a phone's digits, without a leading 00,
   * and without China's 86 before a mobile number's 11 digits). Equal on every
   * engine and version, so files imported at different times join.
   */
  sqlPseudonym(textExpr: string, kind: 'email' | 'phone'): string;
  /** A percentage's text (`35%`, `12,5 %`) to its ratio (0.35, 0.125); NULL for anything else. */
  sqlParsePercent(textExpr: string): string;
  /** A plain decimal's text to a double, NULL when it is not one (no thousands separators, currency or signs after). */
  sqlParsePlainNumber(textExpr: string): string;
  /** `value`, unless `condition` holds for a row: then the statement fails with `message`. */
  sqlRaiseIf(condition: string, message: string, value: string): string;
  /** Text of a JSON value at a key. */
  sqlJsonText(jsonExpr: string, key: string): string;
  /** Whole days between two dates/timestamps (b − a). */
  sqlDaysBetween(a: string, b: string): string;
  /** Distinct non-NULL values of `expr` among the group's rows where `condition` holds (an aggregate). */
  sqlCountDistinctWhere(expr: string, condition: string): string;
  /** The value of `valueExpr` on the row where `byExpr` is largest (an aggregate). */
  sqlArgMax(valueExpr: string, byExpr: string): string;
  /** The continuous `q`-quantile (0..1) of `valueExpr` over a group (an aggregate, interpolating like R type 7). */
  sqlQuantile(valueExpr: string, q: number): string;
  /** Distinct non-NULL values of `expr` among the group's rows where `condition` holds (an aggregate). */
  sqlCountDistinctWhere(expr: string, condition: string): string;
  /** The value of `valueExpr` on the row where the tuple `byExprs` is smallest (an aggregate; ties broken by the later expressions). */
  sqlArgMinBy(valueExpr: string, byExprs: readonly string[]): string;
  /**
   * A sum of doubles (below 10^20) that does not depend on the order the rows arrive in, to the last bit: each value
   * rounded to 18 decimals and added exactly as a decimal, the total back as a double. A plain sum's last bits follow
   * the order (and a compensated one's too), so ranks by it could differ between engines or runs.
   */
  sqlExactSum(expr: string): string;
  /** e raised to `expr`. */
  sqlExp(expr: string): string;
  /** Integer division of two integers, truncated toward zero (the operands are never negative where it is used). */
  sqlIntDiv(a: string, b: string): string;
  /** Text of a JSON value at a path given as a parameter (`$.key`): keys from users stay out of the SQL text. */
  sqlJsonPathText(jsonExpr: string, pathParam: string): string;
  /** Case-insensitive substring test. */
  sqlContains(haystack: string, needle: string): string;
  /** Whole years from date a to date b (completed birthdays: an age), as an integer. */
  sqlYearsBetween(a: string, b: string): string;
  /**
   * A relation (usable after FROM) with the typed `columns` of each object in a JSON array given as one text
   * parameter (`$1`): bulk inserts of computed rows without thousands of bound parameters. Missing keys are NULL.
   */
  sqlJsonRows(param: string, columns: ReadonlyArray<readonly [string, SqlType]>): string;
  /**
   * Statements around an import that make hash joins build on the side written on the right (the small table of
   * candidates or exceptions), never on the file: a file read has no row estimate, so a cost-based flip would hold
   * the whole file in memory. Null when the engine needs no hint.
   */
  readonly sqlBuildOnRight: { readonly set: string; readonly reset: string } | null;
  /**
   * Statements around a bulk load of order lines that make the engine write it faster at no cost in size on such
   * data, or null. DuckDB: FSST string compression is left out (see the DuckDB dialect).
   */
  readonly sqlBulkLoad: { readonly set: string; readonly reset: string } | null;
  /** Statement that caps the engine's memory (it spills to disk beyond), and the one that restores the default; null when the engine cannot. */
  sqlMemoryLimit(bytes: number): string | null;
  readonly sqlResetMemoryLimit: string | null;
  /** True when a double is neither NaN nor ±infinity. */
  sqlIsFinite(doubleExpr: string): string;
  /** 0-based place of each row in the order the relation yields them, computed while streaming (no sort). */
  readonly sqlRowNumber: string;
  /** A list of the non-NULL `items` (each a struct built by `sqlStruct` with text fields `keys`), NULL when none is set. */
  sqlNonNullList(items: readonly string[], keys: readonly string[]): string;
  /** A struct (record) value from (name, expression) pairs. */
  sqlStruct(pairs: ReadonlyArray<readonly [string, string]>): string;
  /** Current timestamp in UTC. */
  readonly sqlNow: string;
  /** Keyword after `name AS` in a WITH clause that makes the engine compute a CTE used several times once ('' when it cannot be asked). */
  readonly sqlCteMaterialized: string;
  /**
   * Statements around a write of derived rows that are rewritten whole on every run (the value run's tables): store
   * them without compression, which costs more CPU to find than it saves on tables read a few times. Absent or null
   * when the engine has no such switch.
   */
  readonly sqlWriteUncompressed?: { readonly set: string; readonly reset: string } | null;
}
