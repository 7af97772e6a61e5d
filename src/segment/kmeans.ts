/**
 * k-means (Lloyd's algorithm with k-means++ seeding, Arthur & Vassilvitskii 2007) on standardised features, and
 * the silhouette (Rousseeuw 1987) to choose k. Seeded: the same data, k and seed give the same clusters.
 */
import { createRandom } from '../clv/random.js';

export interface KMeansResult {
  readonly k: number;
  /** Cluster of each point, 0..k−1, numbered by cluster size, largest first (so labels are stable). */
  readonly labels: Int32Array;
  readonly centroids: readonly Float64Array[];
  readonly inertia: number;
  readonly iterations: number;
}

function dist2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const d = a[j] - b[j];
    s += d * d;
  }
  return s;
}

function nearest(p: ArrayLike<number>, centroids: readonly Float64Array[]): [number, number] {
  let best = 0;
  let bd = Infinity;
  for (let c = 0; c < centroids.length; c++) {
    const d = dist2(p, centroids[c]);
    if (d < bd) (bd = d), (best = c);
  }
  return [best, bd];
}

/** One run: k-means++ seeding, then Lloyd iterations until no point moves. O(n·k·d) per iteration. */
function runOnce(points: readonly Float64Array[], k: number, uniform: () => number, maxIter: number): KMeansResult {
  const n = points.length;
  const dim = points[0].length;
  const centroids: Float64Array[] = [Float64Array.from(points[Math.floor(uniform() * n)])];
  const d2 = new Float64Array(n).fill(Infinity);
  while (centroids.length < k) {
    let total = 0;
    const last = centroids[centroids.length - 1];
    for (let i = 0; i < n; i++) {
      d2[i] = Math.min(d2[i], dist2(points[i], last));
      total += d2[i];
    }
    let r = uniform() * total;
    let pick = n - 1;
    for (let i = 0; i < n; i++) {
      r -= d2[i];
      if (r <= 0) {
        pick = i;
        break;
      }
    }
    centroids.push(Float64Array.from(points[pick]));
  }
  const labels = new Int32Array(n).fill(-1);
  let iterations = 0;
  for (; iterations < maxIter; iterations++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const [c] = nearest(points[i], centroids);
      if (labels[i] !== c) (labels[i] = c), moved++;
    }
    if (moved === 0) break;
    const sums = Array.from({ length: k }, () => new Float64Array(dim));
    const counts = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let j = 0; j < dim; j++) sums[labels[i]][j] += points[i][j];
    }
    for (let c = 0; c < k; c++) if (counts[c] > 0) for (let j = 0; j < dim; j++) centroids[c][j] = sums[c][j] / counts[c];
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += dist2(points[i], centroids[labels[i]]);
  return { k, labels, centroids, inertia, iterations };
}

/** Best of `restarts` seeded runs (lowest inertia); clusters renumbered by size, largest first. */
export function kmeans(points: readonly Float64Array[], k: number, options: { seed?: number; restarts?: number; maxIter?: number } = {}): KMeansResult {
  if (points.length < k) throw new RangeError(`kmeans requires at least k = ${k} points, got ${points.length}`);
  const rng = createRandom(options.seed ?? 1);
  const uniform = () => rng.uniform();
  let best: KMeansResult | null = null;
  for (let r = 0; r < (options.restarts ?? 4); r++) {
    const run = runOnce(points, k, uniform, options.maxIter ?? 100);
    if (!best || run.inertia < best.inertia) best = run;
  }
  const sizes = Array.from({ length: k }, (_, c) => [c, 0] as [number, number]);
  for (const l of best!.labels) sizes[l][1]++;
  const order = sizes.sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c]) => c);
  const rename = new Int32Array(k);
  order.forEach((c, i) => (rename[c] = i));
  return { ...best!, labels: best!.labels.map((l) => rename[l]), centroids: order.map((c) => best!.centroids[c]) };
}

/** Mean silhouette: for each point, (b − a) / max(a, b), a = mean distance within its cluster, b = to the nearest other. O(n²). */
export function silhouette(points: readonly Float64Array[], labels: ArrayLike<number>, k: number): number {
  const n = points.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Float64Array(k);
    const cnt = new Int32Array(k);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      sum[labels[j]] += Math.sqrt(dist2(points[i], points[j]));
      cnt[labels[j]]++;
    }
    const own = labels[i];
    if (cnt[own] === 0) continue; // a singleton scores 0
    const a = sum[own] / cnt[own];
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && cnt[c] > 0) b = Math.min(b, sum[c] / cnt[c]);
    total += b === Infinity ? 0 : (b - a) / Math.max(a, b);
  }
  return total / n;
}

/** Standardises columns to z-scores; missing values (NaN) become the column's median first. */
export function standardise(rows: readonly (readonly (number | null)[])[]): { points: Float64Array[]; means: number[]; sds: number[]; medians: number[]; imputed: number[] } {
  const dim = rows[0]?.length ?? 0;
  const medians: number[] = [];
  const imputed: number[] = [];
  for (let j = 0; j < dim; j++) {
    const vals = rows.map((r) => r[j]).filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
    medians.push(vals.length ? vals[Math.floor((vals.length - 1) / 2)] : 0);
    imputed.push(rows.length - vals.length);
  }
  const filled = rows.map((r) => r.map((v, j) => (v === null || !Number.isFinite(v) ? medians[j] : v)));
  const means = Array.from({ length: dim }, (_, j) => filled.reduce((a, r) => a + r[j], 0) / Math.max(1, filled.length));
  const sds = Array.from({ length: dim }, (_, j) => Math.sqrt(filled.reduce((a, r) => a + (r[j] - means[j]) ** 2, 0) / Math.max(1, filled.length)) || 1);
  return { points: filled.map((r) => Float64Array.from(r, (v, j) => (v - means[j]) / sds[j])), means, sds, medians, imputed };
}

/** k from `ks` with the highest silhouette on a seeded sample of at most `sample` points. */
export function chooseK(points: readonly Float64Array[], ks: readonly number[], options: { seed?: number; sample?: number } = {}): { k: number; scores: Array<{ k: number; silhouette: number }> } {
  const rng = createRandom((options.seed ?? 1) + 7);
  const m = Math.min(points.length, options.sample ?? 2000);
  const idx = Array.from({ length: points.length }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.uniform() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const sample = idx.slice(0, m).map((i) => points[i]);
  const scores = ks.filter((k) => k < m).map((k) => ({ k, silhouette: silhouette(sample, kmeans(sample, k, { seed: options.seed ?? 1, restarts: 3 }).labels, k) }));
  const best = scores.reduce((a, b) => (b.silhouette > a.silhouette + 1e-12 ? b : a));
  return { k: best.k, scores };
}
