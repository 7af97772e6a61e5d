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
 * The rows are copied into typed arrays and their indices radix-sorted by (x, t_x, T) (`sortByColumns`; issue #16:
 * no string keys, no comparator), so a million raw customers group in about 0.1 s; distinct rows come out in that order.
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
    X.set(input.x);
    TX.set(input.tx);
    TT.set(input.T);
    if (input.weight) W.set(input.weight);
    else W.fill(1);
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
    const x = X[i];
    const tx = TX[i];
    const T = TT[i];
    const w = W[i];
    // The common case in one expression; anything else (NaN included) gets its reason.
    if (!(x >= 0 && x === Math.floor(x) && x < Infinity && T > 0 && T < Infinity && tx >= 0 && tx <= T && (x !== 0 || tx === 0) && w >= 0 && w < Infinity)) {
      const reason = invalidRowReason(x, tx, T, w);
      if (reason) throw new RangeError(`compressRows: row ${i}: ${reason}`);
    }
    if (x === 0) X[i] = 0; // −0 and +0 are one value (and one bit pattern for the sort)
    if (tx === 0) TX[i] = 0;
    if (w === 0) continue;
    total += W[i];
    order[kept++] = i;
  }
  const idx = sortByColumns(order.subarray(0, kept), [X, TX, TT]);
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

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Sort `idx` by the columns, most significant first: a stable least-significant-digit radix sort on 16-bit digits
 * of each value's IEEE-754 bits (for doubles ≥ 0, +0 not −0, the bits as an unsigned integer order like the
 * values). Digits every row shares are skipped, so small integer columns cost two passes, not four. O(n) per pass,
 * no comparator calls: 1M rows sort in about 0.1 s instead of 1.4 s with `Array.prototype.sort`'s comparator.
 * Returns the sorted indices (possibly in a new array).
 */
export function sortByColumns(idx: Uint32Array, columns: readonly Float64Array[]): Uint32Array {
  const n = idx.length;
  if (!LITTLE_ENDIAN) return idx.sort((a, b) => columns.reduce((c, col) => c || col[a] - col[b], 0));
  // The digits travel with the indices, so every pass reads its arrays in order (a gather per column, not per pass).
  let from: Uint32Array = idx;
  let to: Uint32Array = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  const count = new Uint32Array(65_536);
  for (let c = columns.length - 1; c >= 0; c--) {
    const bits = new Uint32Array(columns[c].buffer, columns[c].byteOffset, columns[c].length * 2);
    for (let k = 0; k < n; k++) {
      const i = from[k];
      lo[k] = bits[2 * i];
      hi[k] = bits[2 * i + 1];
    }
    // Low 32 bits first, then the high 32 (sign, exponent, top of the mantissa); the low 16 bits of each first.
    for (let pass = 0; pass < 4; pass++) {
      const word = pass < 2 ? lo : hi;
      const shift = pass % 2 === 0 ? 0 : 16;
      count.fill(0);
      for (let k = 0; k < n; k++) count[(word[k] >>> shift) & 0xffff]++;
      if (n === 0 || count[(word[0] >>> shift) & 0xffff] === n) continue; // every row has this digit
      let sum = 0;
      for (let d = 0; d < 65_536; d++) {
        const c0 = count[d];
        count[d] = sum;
        sum += c0;
      }
      for (let k = 0; k < n; k++) {
        const at = count[(word[k] >>> shift) & 0xffff]++;
        to[at] = from[k];
        lo2[at] = lo[k];
        hi2[at] = hi[k];
      }
      [from, to] = [to, from];
      [lo, lo2] = [lo2, lo];
      [hi, hi2] = [hi2, hi];
    }
  }
  return from;
}

/**
 * The same customers on a coarse time grid: t_x and T rounded to multiples of max T / `cells` (T at least one
 * step, t_x at most T), then grouped. Only a starting point for fits of big inputs (`LikelihoodSpec.coarse`): its
 * optimum is near the real one (rounding moves estimates by a few percent), never reported as a fit.
 */
export function coarsenRows(d: CompressedRows, cells = 64): CompressedRows {
  let maxT = 0;
  let maxX = 0;
  for (let i = 0; i < d.size; i++) {
    if (d.T[i] > maxT) maxT = d.T[i];
    if (d.x[i] > maxX) maxX = d.x[i];
  }
  const step = maxT / cells;
  const span = cells + 2;
  const tx = new Float64Array(d.size);
  const T = new Float64Array(d.size);
  const key = new Float64Array(d.size);
  for (let i = 0; i < d.size; i++) {
    const tCell = Math.max(1, Math.round(d.T[i] / step));
    const txCell = d.x[i] === 0 ? 0 : Math.min(Math.round(d.tx[i] / step), tCell);
    T[i] = tCell * step;
    tx[i] = txCell * step;
    key[i] = (d.x[i] * span + txCell) * span + tCell;
  }
  // One integer key per row (exact below 2^53), so the grouping sort is one short radix sort, not three columns.
  if (maxX * span * span >= 2 ** 52) return compressRows({ x: d.x, tx, T, weight: d.weight });
  const idx = new Uint32Array(d.size);
  for (let i = 0; i < d.size; i++) idx[i] = i;
  const order = sortByColumns(idx, [key]);
  const x = new Float64Array(d.size);
  const w = new Float64Array(d.size);
  const cx = new Float64Array(d.size);
  const cT = new Float64Array(d.size);
  let size = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (size > 0 && key[i] === key[order[k - 1]]) {
      w[size - 1] += d.weight[i];
      continue;
    }
    x[size] = d.x[i];
    cx[size] = tx[i];
    cT[size] = T[i];
    w[size] = d.weight[i];
    size++;
  }
  return compressRows({ x: x.subarray(0, size), tx: cx.subarray(0, size), T: cT.subarray(0, size), weight: w.subarray(0, size) });
}
