/**
 * k-means (Lloyd's algorithm with k-means++ seeding, Arthur & Vassilvitskii 2007) on standardised features, and
 * the silhouette (Rousseeuw 1987) to choose k. Seeded: the same data, k and seed give the same clusters.
 */
import { createRandom } from '../clv/random.js';
import { adjustedRandIndex } from './rand-index.js';

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

/** Index of the centroid nearest to `p` (the first, on ties). */
export function nearestCentroid(p: ArrayLike<number>, centroids: readonly Float64Array[]): number {
  let best = 0;
  let bd = Infinity;
  for (let c = 0; c < centroids.length; c++) {
    const d = dist2(p, centroids[c]);
    if (d < bd) (bd = d), (best = c);
  }
  return best;
}

/** Points in one row-major array: Lloyd's loops then read contiguous memory. */
interface Flat {
  readonly n: number;
  readonly dim: number;
  readonly x: Float64Array;
}

function flatten(points: readonly Float64Array[]): Flat {
  const n = points.length;
  const dim = points[0].length;
  const x = new Float64Array(n * dim);
  points.forEach((p, i) => x.set(p, i * dim));
  return { n, dim, x };
}

/** Squared distance from point i to centroid c (centroids row-major too), summed in the order dist2 sums. */
function d2At(f: Flat, i: number, cs: Float64Array, c: number): number {
  let s = 0;
  const a = i * f.dim;
  const b = c * f.dim;
  for (let j = 0; j < f.dim; j++) {
    const d = f.x[a + j] - cs[b + j];
    s += d * d;
  }
  return s;
}

/**
 * One run: k-means++ seeding, then Lloyd iterations until no point moves or the centroids shift less than `tol`
 * in all (the sum of squared shifts, as scikit-learn stops). O(n·k·d) per iteration.
 */
function runOnce(f: Flat, k: number, uniform: () => number, maxIter: number, tol: number): KMeansResult {
  const { n, dim, x } = f;
  const cs = new Float64Array(k * dim);
  const first = Math.floor(uniform() * n);
  cs.set(x.subarray(first * dim, first * dim + dim), 0);
  const d2 = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = d2At(f, i, cs, c - 1);
      if (d < d2[i]) d2[i] = d;
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
    cs.set(x.subarray(pick * dim, pick * dim + dim), c * dim);
  }
  const labels = new Int32Array(n).fill(-1);
  const assign = (): number => {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bd = Infinity;
      for (let c = 0; c < k; c++) {
        const d = d2At(f, i, cs, c);
        if (d < bd) (bd = d), (best = c);
      }
      if (labels[i] !== best) (labels[i] = best), moved++;
    }
    return moved;
  };
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  let iterations = 0;
  while (iterations < maxIter && assign() > 0) {
    iterations++;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const l = labels[i];
      counts[l]++;
      for (let j = 0; j < dim; j++) sums[l * dim + j] += x[i * dim + j];
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue; // an empty cluster keeps its centroid
      for (let j = 0; j < dim; j++) {
        const m = sums[c * dim + j] / counts[c];
        shift += (m - cs[c * dim + j]) ** 2;
        cs[c * dim + j] = m;
      }
    }
    if (shift <= tol) {
      assign(); // labels follow the final centroids: each point's nearest, as any later assignment finds
      break;
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += d2At(f, i, cs, labels[i]);
  const centroids = Array.from({ length: k }, (_, c) => cs.slice(c * dim, c * dim + dim));
  return { k, labels, centroids, inertia, iterations };
}

/** Best of `restarts` (default 4) seeded runs (lowest inertia); clusters renumbered by size, largest first. `tol` 0 runs until no point moves. */
export function kmeans(points: readonly Float64Array[], k: number, options: { seed?: number; restarts?: number; maxIter?: number; tol?: number } = {}): KMeansResult {
  if (points.length < k) throw new RangeError(`kmeans requires at least k = ${k} points, got ${points.length}`);
  const rng = createRandom(options.seed ?? 1);
  const uniform = () => rng.uniform();
  const f = flatten(points);
  // scikit-learn's tolerance: 1e-4 of the mean variance of the features.
  let variance = 0;
  for (let j = 0; j < f.dim; j++) {
    let m = 0;
    for (let i = 0; i < f.n; i++) m += f.x[i * f.dim + j];
    m /= f.n;
    for (let i = 0; i < f.n; i++) variance += (f.x[i * f.dim + j] - m) ** 2 / f.n;
  }
  const tol = (options.tol ?? 1e-4) * (variance / f.dim);
  let best: KMeansResult | null = null;
  for (let r = 0; r < (options.restarts ?? 4); r++) {
    const run = runOnce(f, k, uniform, options.maxIter ?? 300, tol);
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
  return silhouettes(points, [{ labels, k }])[0];
}

/**
 * Mean silhouettes of several labellings of the same points, in one pass: each distance is computed once and
 * serves every labelling (choosing k compares seven). A singleton cluster's point scores 0. O(n² · (d + m)).
 */
export function silhouettes(points: readonly Float64Array[], labellings: ReadonlyArray<{ labels: ArrayLike<number>; k: number }>): number[] {
  const n = points.length;
  const totals = new Float64Array(labellings.length);
  const dist = new Float64Array(n);
  const sums = labellings.map((l) => new Float64Array(l.k));
  const counts = labellings.map((l) => new Int32Array(l.k));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) dist[j] = i === j ? 0 : Math.sqrt(dist2(points[i], points[j]));
    labellings.forEach(({ labels, k }, m) => {
      const sum = sums[m].fill(0);
      const cnt = counts[m].fill(0);
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        sum[labels[j]] += dist[j];
        cnt[labels[j]]++;
      }
      const own = labels[i];
      if (cnt[own] === 0) return;
      const a = sum[own] / cnt[own];
      let b = Infinity;
      for (let c = 0; c < k; c++) if (c !== own && cnt[c] > 0) b = Math.min(b, sum[c] / cnt[c]);
      if (b !== Infinity) totals[m] += (b - a) / Math.max(a, b);
    });
  }
  return Array.from(totals, (t) => t / n);
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

/** k from `ks` with the highest silhouette on a seeded sample of at most `sample` points (default 5,000). */
export function chooseK(points: readonly Float64Array[], ks: readonly number[], options: { seed?: number; sample?: number } = {}): { k: number; scores: Array<{ k: number; silhouette: number }> } {
  const rng = createRandom((options.seed ?? 1) + 7);
  const m = Math.min(points.length, options.sample ?? 5000);
  const idx = Array.from({ length: points.length }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.uniform() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const sample = idx.slice(0, m).map((i) => points[i]);
  const fits = ks.filter((k) => k < m).map((k) => ({ k, labels: kmeans(sample, k, { seed: options.seed ?? 1, restarts: 3 }).labels }));
  const values = silhouettes(sample, fits);
  const scores = fits.map(({ k }, i) => ({ k, silhouette: values[i] }));
  const best = scores.reduce((a, b) => (b.silhouette > a.silhouette + 1e-12 ? b : a));
  return { k: best.k, scores };
}

export interface KChoice {
  readonly k: number;
  readonly scores: Array<{ k: number; silhouette: number; smallestShare: number; valid: boolean }>;
  /** Mean adjusted Rand index between the chosen fit and fits from three other seeds (1 = the same clusters). */
  readonly stability: number;
  /** Kaufman & Rousseeuw (1990): silhouette ≥ 0.5 strong, ≥ 0.25 reasonable, below that no substantial structure. */
  readonly structure: 'strong' | 'reasonable' | 'none';
}

/**
 * k from `ks` (the issue asks 3..8) by silhouette on a seeded sample, among the k whose smallest cluster holds at
 * least `minShare` of the sample (default 5%: clusters too small to act on are not segments); then the stability of
 * that k: the mean adjusted Rand index of fits from seeds seed+1..seed+3 against the chosen fit on the same sample.
 */
export function chooseStableK(points: readonly Float64Array[], ks: readonly number[], options: { seed?: number; sample?: number; minShare?: number } = {}): KChoice {
  const seed = options.seed ?? 1;
  const rng = createRandom(seed + 7);
  const m = Math.min(points.length, options.sample ?? 5000);
  const idx = Array.from({ length: points.length }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.uniform() * (idx.length - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  const sample = idx.slice(0, m).map((i) => points[i]);
  const fits = ks.filter((k) => k < m).map((k) => ({ k, labels: kmeans(sample, k, { seed, restarts: 3 }).labels }));
  if (!fits.length) throw new RangeError(`chooseStableK requires more points than the smallest k (${Math.min(...ks)}), got ${m}`);
  const values = silhouettes(sample, fits);
  const minShare = options.minShare ?? 0.05;
  const scores = fits.map(({ k, labels }, i) => {
    const sizes = new Array<number>(k).fill(0);
    for (const l of labels) sizes[l]++;
    const smallestShare = Math.min(...sizes) / m;
    return { k, silhouette: values[i], smallestShare, valid: smallestShare >= minShare };
  });
  const pool = scores.some((s) => s.valid) ? scores.filter((s) => s.valid) : scores;
  const best = pool.reduce((a, b) => (b.silhouette > a.silhouette + 1e-12 ? b : a));
  const chosen = fits.find((f) => f.k === best.k)!.labels;
  const aris = [1, 2, 3].map((d) => adjustedRandIndex(chosen, kmeans(sample, best.k, { seed: seed + d, restarts: 3 }).labels));
  return { k: best.k, scores, stability: aris.reduce((a, b) => a + b, 0) / aris.length, structure: best.silhouette >= 0.5 ? 'strong' : best.silhouette >= 0.25 ? 'reasonable' : 'none' };
}
