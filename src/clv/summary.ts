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
 * The rows are copied into typed arrays and their indices sorted by (x, t_x, T) (issue #16: no string keys), so
 * a million raw customers group in a fraction of a second; distinct rows come out in that order.
 * @example compressRows([{x: 0, tx: 0, T: 39}, {x: 0, tx: 0, T: 39}]).size // 1, with weight 2
 */
export function compressRows(input: RfmInput): CompressedRows {
  if (isCompressed(input)) return input;
  const n = isColumns(input) ? input.x.length : input.length;
  const X = new Float64Array(n);
  const TX = new Float64Array(n);
  const TT = new Float64Array(n);
  const W = new Float64Array(n);
  if (isColumns(input)) {
    for (let i = 0; i < n; i++) {
      X[i] = input.x[i];
      TX[i] = input.tx[i];
      TT[i] = input.T[i];
      W[i] = input.weight ? input.weight[i] : 1;
    }
  } else {
    const rows = input as readonly RfmRow[];
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      X[i] = r.x;
      TX[i] = r.tx;
      TT[i] = r.T;
      W[i] = r.weight ?? 1;
    }
  }
  let kept = 0;
  let total = 0;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const reason = invalidRowReason(X[i], TX[i], TT[i], W[i]);
    if (reason) throw new RangeError(`compressRows: row ${i}: ${reason}`);
    if (W[i] === 0) continue;
    total += W[i];
    order[kept++] = i;
  }
  const idx = order.subarray(0, kept).sort((a, b) => X[a] - X[b] || TX[a] - TX[b] || TT[a] - TT[b]);
  const x = new Float64Array(kept);
  const tx = new Float64Array(kept);
  const T = new Float64Array(kept);
  const weight = new Float64Array(kept);
  const xIndex = new Int32Array(kept);
  const xValues: number[] = [];
  let size = 0;
  for (let k = 0; k < kept; k++) {
    const i = idx[k];
    if (size > 0 && X[i] === x[size - 1] && TX[i] === tx[size - 1] && TT[i] === T[size - 1]) {
      weight[size - 1] += W[i];
      continue;
    }
    if (xValues.length === 0 || xValues[xValues.length - 1] !== X[i]) xValues.push(X[i]);
    x[size] = X[i];
    tx[size] = TX[i];
    T[size] = TT[i];
    weight[size] = W[i];
    xIndex[size] = xValues.length - 1;
    size++;
  }
  return {
    kind: 'compressed',
    x: x.slice(0, size),
    tx: tx.slice(0, size),
    T: T.slice(0, size),
    weight: weight.slice(0, size),
    xValues: Float64Array.from(xValues),
    xIndex: xIndex.slice(0, size),
    size,
    total,
  };
}
