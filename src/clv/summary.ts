/**
 * Per-customer summaries (x, t_x, T) and their compression into distinct weighted rows.
 *
 * Likelihoods only depend on (x, t_x, T), so identical rows are fitted once with a weight: a million
 * customers on a weekly grid collapse to a few thousand rows. O(n) time, O(distinct) memory.
 */

/** One customer (or `weight` identical customers): x repeat purchases, the last at t_x, observed for T. */
export interface RfmRow {
  x: number;
  tx: number;
  T: number;
  /** How many customers share this row. Default 1. */
  weight?: number;
}

/** The same data as parallel columns (as a simulator or a columnar query returns it). */
export interface RfmColumns {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
  weight?: ArrayLike<number>;
}

/** Distinct rows with weights; `xIndex` points each row at `xValues`, so per-x terms are computed once. */
export interface CompressedRows {
  readonly kind: 'compressed';
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  xValues: Float64Array;
  xIndex: Int32Array;
  /** Number of distinct rows. */
  size: number;
  /** Sum of weights: the number of customers. */
  total: number;
}

export type RfmInput = readonly RfmRow[] | RfmColumns | CompressedRows;

/** Why a row cannot enter a likelihood, or null when it can. */
export function invalidRowReason(x: number, tx: number, T: number, weight: number): string | null {
  if (!(Number.isInteger(x) && x >= 0)) return `x must be a non-negative integer, got ${x}`;
  if (!(T > 0 && Number.isFinite(T))) return `T must be positive and finite, got ${T}`;
  if (!(tx >= 0 && tx <= T)) return `t_x must lie in [0, T], got t_x=${tx}, T=${T}`;
  if (x === 0 && tx !== 0) return `t_x must be 0 when x = 0, got ${tx}`;
  if (!(weight >= 0 && Number.isFinite(weight))) return `weight must be non-negative and finite, got ${weight}`;
  return null;
}

export function isCompressed(input: RfmInput): input is CompressedRows {
  return (input as CompressedRows).kind === 'compressed';
}

function isColumns(input: RfmInput): input is RfmColumns {
  return !Array.isArray(input) && !isCompressed(input);
}

/**
 * Group identical (x, t_x, T) rows, summing weights. Throws `RangeError` naming the first invalid row.
 * @example compressRows([{x: 0, tx: 0, T: 39}, {x: 0, tx: 0, T: 39}]).size // 1, with weight 2
 */
export function compressRows(input: RfmInput): CompressedRows {
  if (isCompressed(input)) return input;
  const n = isColumns(input) ? input.x.length : input.length;
  const get = isColumns(input)
    ? (i: number) => [input.x[i], input.tx[i], input.T[i], input.weight ? input.weight[i] : 1] as const
    : (i: number) => {
        const r = (input as readonly RfmRow[])[i];
        return [r.x, r.tx, r.T, r.weight ?? 1] as const;
      };
  const index = new Map<string, number>();
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ws: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const [x, tx, T, w] = get(i);
    const reason = invalidRowReason(x, tx, T, w);
    if (reason) throw new RangeError(`compressRows: row ${i}: ${reason}`);
    if (w === 0) continue;
    total += w;
    const key = `${x}|${tx}|${T}`;
    const at = index.get(key);
    if (at !== undefined) ws[at] += w;
    else {
      index.set(key, xs.length);
      xs.push(x);
      txs.push(tx);
      Ts.push(T);
      ws.push(w);
    }
  }
  const xValues = [...new Set(xs)].sort((a, b) => a - b);
  const position = new Map(xValues.map((v, i) => [v, i]));
  return {
    kind: 'compressed',
    x: Float64Array.from(xs),
    tx: Float64Array.from(txs),
    T: Float64Array.from(Ts),
    weight: Float64Array.from(ws),
    xValues: Float64Array.from(xValues),
    xIndex: Int32Array.from(xs, (x) => position.get(x) as number),
    size: xs.length,
    total,
  };
}
