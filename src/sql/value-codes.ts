/**
 * A value run stores its per-customer classes (RFM segment, long-term source, the three matrix cells) as small
 * integer codes in `customer_value_rows`; the `customer_value` view names them, so every reader sees the text it
 * always saw. Codes cost a byte a customer where text cost a string (issue 16: about a tenth of what a run wrote).
 *
 * Append only: a code never changes meaning. A new name needs a new code AND a migration that recreates the view
 * (`sqlCustomerValueView`) with it; until then the view shows NULL for it.
 */

/** RFM segments (src/value/rfm.ts names them; 'No Purchase' and 'Lost' are the two outside the R×F grid). */
export const SEGMENT_CODES = [
  'No Purchase', 'Lost', 'Champions', 'Loyal', 'Potential Loyalist', 'New', 'Promising', 'Need Attention',
  'About to Sleep', 'At Risk', "Can't Lose", 'Hibernating',
] as const;

export const LONG_TERM_SOURCE_CODES = ['proxy', 'clv_predictions'] as const;

/** Current × long-term value. */
export const QUADRANT_CODES = ['I', 'II', 'III', 'IV'] as const;

/** Value × loyalty. */
export const VALUE_LOYALTY_CODES = ['core', 'at_risk_of_leaving', 'active_small', 'small_price_sensitive'] as const;

/** Satisfaction × loyalty. */
export const SATISFACTION_LOYALTY_CODES = ['apostle', 'mercenary', 'hostage', 'defector'] as const;

const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The code of `name` in `codes`, as SQL text; a name without a code is a bug. */
export function sqlCode(codes: readonly string[], name: string): string {
  const i = codes.indexOf(name);
  if (i < 0) throw new Error(`sqlCode requires a name with a code, got ${JSON.stringify(name)}`);
  return String(i);
}

/** `expr` (a code) as its name; NULL for NULL or an unknown code. */
export function sqlDecode(expr: string, codes: readonly string[]): string {
  return `CASE ${expr} ${codes.map((n, i) => `WHEN ${i} THEN ${quote(n)}`).join(' ')} END`;
}

/** `expr` (a name) as its code; NULL for NULL or a name without a code (used once, to move stored runs over). */
export function sqlEncode(expr: string, codes: readonly string[]): string {
  return `CASE ${expr} ${codes.map((n, i) => `WHEN ${quote(n)} THEN ${i}`).join(' ')} END`;
}

/** The coded columns of customer_value_rows and their codes. */
export const CODED_COLUMNS = {
  segment: SEGMENT_CODES,
  long_term_source: LONG_TERM_SOURCE_CODES,
  value_quadrant: QUADRANT_CODES,
  value_loyalty: VALUE_LOYALTY_CODES,
  satisfaction_loyalty: SATISFACTION_LOYALTY_CODES,
} as const satisfies Record<string, readonly string[]>;

/** The columns of customer_value (the view), in order; those in CODED_COLUMNS are codes in customer_value_rows. */
export const CUSTOMER_VALUE_COLUMNS = [
  'customer_id', 'r', 'f', 'm', 'segment', 'current_value', 'p_alive', 'long_term_value', 'long_term_source', 'loyalty',
  'satisfaction_score', 'value_quadrant', 'value_loyalty', 'satisfaction_loyalty', 'good_score', 'flag_loss_making',
  'flag_costs_more_than_brings', 'flag_bad_debt', 'flag_chronic_late', 'flag_off_strategy', 'run_id',
] as const;

const coded = (c: string): readonly string[] | undefined => (CODED_COLUMNS as Record<string, readonly string[]>)[c];

/** The `customer_value` view: the stored rows with their codes named. */
export function sqlCustomerValueView(): string {
  return `CREATE VIEW customer_value AS SELECT ${CUSTOMER_VALUE_COLUMNS.map((c) => {
    const codes = coded(c);
    return codes ? `${sqlDecode(c, codes)} AS ${c}` : c;
  }).join(', ')} FROM customer_value_rows`;
}

/** customer_value rows (text classes) as customer_value_rows rows (codes): what migration 21 moves. */
export function sqlCustomerValueRowsFrom(table: string): string {
  return `SELECT ${CUSTOMER_VALUE_COLUMNS.map((c) => {
    const codes = coded(c);
    return codes ? `${sqlEncode(c, codes)} AS ${c}` : c;
  }).join(', ')} FROM ${table}`;
}
