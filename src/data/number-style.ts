/**
 * Which way a file writes its decimals, decided per column from the whole column's evidence, never per value:
 * `1.500` is 1.5 in a file that writes `2.50`, and 1,500 in one that writes `2,50` (German and French exports
 * group thousands with a dot). A value alone cannot say; the column, or the file, can.
 */
import type { Engine } from '../engine/engine.js';

/** Values that can only be written with decimal commas (`2,50`, `1.250,00`, `1.299.000`, `0,1234`). */
const COMMA = ['[0-9],[0-9]{1,2}([^0-9]|$)', '[0-9],[0-9]{4,}', '[0-9]\\.[0-9]{3},[0-9]', '[0-9]{4,},[0-9]', '[0-9]\\.[0-9]{3}\\.[0-9]{3}'];
/** Values that can only be written with decimal points (`2.50`, `1,250.00`, `1,299,000`, `0.1234`). */
const DOT = ['[0-9]\\.[0-9]{1,2}([^0-9]|$)', '[0-9]\\.[0-9]{4,}', '[0-9],[0-9]{3}\\.[0-9]', '[0-9]{4,}\\.[0-9]', '[0-9],[0-9]{3},[0-9]{3}'];
/** Values a dot groups or ends (`1.500`, `12.000`): 1.5 or 1500, as the column decides. */
const AMBIGUOUS = '[^0-9.,]*[0-9]{1,3}(\\.[0-9]{3})+[^0-9.,]*';

const any = (patterns: readonly string[]) => `.*(${patterns.join('|')}).*`;
const COMMA_RE = new RegExp(`^${any(COMMA)}$`, 's');
const DOT_RE = new RegExp(`^${any(DOT)}$`, 's');
const AMBIGUOUS_RE = new RegExp(`^${AMBIGUOUS}$`);

export interface ColumnEvidence {
  readonly comma: number;
  readonly dot: number;
  /** Values like `1.500`, whose reading the decision changes. */
  readonly ambiguous: number;
}

export interface NumberStyles {
  /** Columns read with decimal commas (a dot there groups thousands). */
  readonly decimalComma: ReadonlySet<string>;
  /** Notes for the import report. */
  readonly notes: readonly string[];
}

/** The evidence of some values of a column (a sample). */
export function evidenceOf(values: readonly string[]): ColumnEvidence {
  let comma = 0;
  let dot = 0;
  let ambiguous = 0;
  for (const raw of values) {
    const v = raw.trim();
    if (v === '') continue;
    if (COMMA_RE.test(v)) comma++;
    if (DOT_RE.test(v)) dot++;
    if (AMBIGUOUS_RE.test(v)) ambiguous++;
  }
  return { comma, dot, ambiguous };
}

/**
 * The decision: a column with decimal commas and no decimal points is read with decimal commas; so is a column with
 * neither (whole numbers, `1.500`) in a file whose number columns write decimal commas and none decimal points. A
 * column with both follows the way most of its decimals are written (a tie: commas, as in a column that writes `2,50`
 * `1.500` is 1500), and the report warns when that decides a value like `1.500`. Either way a value only one way can
 * read (`2.5`, `2,50`, `1,250.00`) keeps its reading: the decision settles `1.500` (and `1,500`).
 */
export function decideStyles(evidence: ReadonlyMap<string, ColumnEvidence>): NumberStyles {
  const decimalComma = new Set<string>();
  const notes: string[] = [];
  const all = [...evidence.values()];
  const fileComma = all.some((e) => e.comma > 0) && !all.some((e) => e.dot > 0);
  for (const [column, e] of evidence) {
    // One stray 2.5 among decimal commas must not turn a column's 1.000 into 1 (QA session 8, finding 9).
    const comma = (e.comma > 0 && e.comma >= e.dot) || (e.comma === 0 && e.dot === 0 && fileComma);
    if (comma && e.dot > 0) {
      decimalComma.add(column);
      if (e.ambiguous > 0) notes.push(`warning: column "${column}" writes decimals both with a comma (${e.comma} values) and with a point (${e.dot} values): read with decimal commas, as most of them are written; ${e.ambiguous} values like 1.500 were read as thousands (1500); check them`);
    } else if (comma) {
      decimalComma.add(column);
      if (e.ambiguous > 0) notes.push(`column "${column}" was read with decimal commas, as the ${e.comma > 0 ? 'column' : 'file'} writes its decimals (2,50): ${e.ambiguous} values like 1.500 were read as thousands (1500)`);
    } else if (e.comma > 0 && e.dot > 0 && e.ambiguous > 0) {
      notes.push(`warning: column "${column}" writes decimals both with a point (${e.dot} values) and with a comma (${e.comma} values): read with decimal points, as most of them are written; ${e.ambiguous} values like 1.500 were read with a decimal point (1.5); check them`);
    }
  }
  return { decimalComma, notes };
}

/**
 * The number columns' styles for an import. The sample (the file's first and last records) decides when it shows no
 * decimal comma and no value like `1.500` (the common case: nothing would change, and the file is not read again);
 * otherwise the whole column is counted, over every relation the records are in (`relations`: a FROM item each).
 */
export async function numberStyles(engine: Engine, columns: readonly string[], sample: (column: string) => readonly string[], relations: readonly string[]): Promise<NumberStyles> {
  if (columns.length === 0) return { decimalComma: new Set(), notes: [] };
  const fromSample = new Map(columns.map((c) => [c, evidenceOf(sample(c))] as const));
  if (![...fromSample.values()].some((e) => e.comma > 0 || e.ambiguous > 0)) return { decimalComma: new Set(), notes: [] };
  if (relations.length === 0) return decideStyles(fromSample);
  const d = engine.dialect;
  const counts = columns.flatMap((c, i) => {
    const v = d.sqlTrimSpace(d.quoteIdent(c));
    const n = (pattern: string) => `sum(CASE WHEN ${d.sqlRegexpFullMatch(v, pattern)} THEN 1 ELSE 0 END)`;
    return [`${n(any(COMMA))} AS c${i}`, `${n(any(DOT))} AS d${i}`, `${n(AMBIGUOUS)} AS a${i}`];
  });
  const sums = columns.flatMap((_, i) => [`sum(c${i}) AS c${i}`, `sum(d${i}) AS d${i}`, `sum(a${i}) AS a${i}`]);
  const parts = relations.map((r) => `SELECT ${counts.join(', ')} FROM ${r}`);
  const [row] = await engine.query<Record<string, number | bigint | null>>(`SELECT ${sums.join(', ')} FROM (${parts.join(' UNION ALL ')}) per_relation`);
  const num = (k: string) => Number(row?.[k] ?? 0);
  return decideStyles(new Map(columns.map((c, i) => [c, { comma: num(`c${i}`), dot: num(`d${i}`), ambiguous: num(`a${i}`) }] as const)));
}
