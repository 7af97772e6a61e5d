/**
 * Adjusted Rand index (Hubert & Arabie 1985) of two labellings of the same points: 1 when they agree up to the
 * names of the clusters, about 0 for chance agreement. O(n + k₁·k₂).
 *
 * ARI = (Σᵢⱼ C(nᵢⱼ,2) − Σᵢ C(aᵢ,2)·Σⱼ C(bⱼ,2)/C(n,2)) / (½[Σᵢ C(aᵢ,2) + Σⱼ C(bⱼ,2)] − Σᵢ C(aᵢ,2)·Σⱼ C(bⱼ,2)/C(n,2))
 *
 * @example adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]) // 4/7
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`adjustedRandIndex requires labellings of equal length, got ${a.length} and ${b.length}`);
  const n = a.length;
  const pairs = (x: number) => (x * (x - 1)) / 2;
  const cells = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}|${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const v of cells.values()) index += pairs(v);
  let sa = 0;
  for (const v of rows.values()) sa += pairs(v);
  let sb = 0;
  for (const v of cols.values()) sb += pairs(v);
  const expected = n < 2 ? 0 : (sa * sb) / pairs(n);
  const max = (sa + sb) / 2;
  // Both labellings put everything together (or apart): they agree perfectly.
  return max === expected ? 1 : (index - expected) / (max - expected);
}
