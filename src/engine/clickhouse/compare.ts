/**
 * Compares per-customer rows computed by two engines: text and dates exactly, numbers within a relative
 * tolerance of max(|a|, |b|, 1) (money that cancels to zero is a sum of doubles in another order on each engine).
 */
export interface RowDifference {
  readonly key: string;
  readonly column: string;
  readonly a: unknown;
  readonly b: unknown;
}

export interface Comparison {
  readonly rows: number;
  readonly values: number;
  /** Keys in one set of rows only. */
  readonly missing: readonly string[];
  readonly differences: readonly RowDifference[];
  /** The largest relative difference among numbers. */
  readonly largestRelative: number;
}

function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'bigint') return Number(v);
  return v ?? null;
}

export function compareRows(a: readonly Record<string, unknown>[], b: readonly Record<string, unknown>[], key: (r: Record<string, unknown>) => string, o: { tolerance?: number; skip?: readonly string[] } = {}): Comparison {
  const tol = o.tolerance ?? 1e-9;
  const skip = new Set(o.skip ?? []);
  const bm = new Map(b.map((r) => [key(r), r]));
  const am = new Map(a.map((r) => [key(r), r]));
  const missing = [...[...am.keys()].filter((k) => !bm.has(k)), ...[...bm.keys()].filter((k) => !am.has(k))];
  const differences: RowDifference[] = [];
  let values = 0;
  let largestRelative = 0;
  for (const [k, ra] of am) {
    const rb = bm.get(k);
    if (!rb) continue;
    for (const col of Object.keys(ra)) {
      if (skip.has(col)) continue;
      const x = plain(ra[col]);
      const y = plain(rb[col]);
      values++;
      if (typeof x === 'number' && typeof y === 'number') {
        const rel = x === y ? 0 : Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1);
        largestRelative = Math.max(largestRelative, Number.isNaN(rel) ? Infinity : rel);
        if (!(rel <= tol)) differences.push({ key: k, column: col, a: x, b: y });
      } else if (x !== y && !(typeof x === 'boolean' || typeof y === 'boolean' ? Boolean(Number(x)) === Boolean(Number(y)) : false)) {
        differences.push({ key: k, column: col, a: x, b: y });
      }
    }
  }
  return { rows: am.size, values, missing, differences, largestRelative };
}
