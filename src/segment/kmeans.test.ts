import { describe, expect, it } from 'vitest';
import { createRandom } from '../clv/random.js';
import { chooseK, kmeans, silhouette, standardise } from './kmeans.js';
import { adjustedRandIndex } from './rand-index.js';

function blobs(centres: number[][], perBlob: number, sd: number, seed: number): { points: Float64Array[]; truth: number[] } {
  const rng = createRandom(seed);
  const points: Float64Array[] = [];
  const truth: number[] = [];
  centres.forEach((c, b) => {
    for (let i = 0; i < perBlob; i++) {
      points.push(Float64Array.from(c, (x) => x + sd * rng.normal()));
      truth.push(b);
    }
  });
  return { points, truth };
}

describe('k-means', () => {
  it('recovers well-separated Gaussian blobs exactly (up to the labels)', () => {
    const { points, truth } = blobs([[0, 0], [10, 0], [0, 10], [10, 10]], 200, 1, 3);
    const r = kmeans(points, 4, { seed: 5 });
    // Each true blob maps to exactly one cluster, and no cluster takes points of two blobs.
    const pairs = new Set(truth.map((t, i) => `${t}->${r.labels[i]}`));
    expect(pairs.size).toBe(4);
    expect(new Set([...pairs].map((p) => p.split('->')[1])).size).toBe(4);
  });

  it('is deterministic for a seed, and numbers clusters by size', () => {
    const { points } = blobs([[0, 0], [6, 6], [12, 0]], 150, 1.5, 9);
    const a = kmeans(points, 3, { seed: 42 });
    const b = kmeans(points, 3, { seed: 42 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.inertia).toBe(b.inertia);
    const sizes = [0, 1, 2].map((c) => a.labels.filter((l) => l === c).length);
    expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
  });

  it('chooses k = 3 for three blobs by the silhouette', () => {
    const { points } = blobs([[0, 0], [8, 0], [4, 8]], 120, 1, 11);
    const { k, scores } = chooseK(points, [2, 3, 4, 5, 6], { seed: 1 });
    expect(k).toBe(3);
    expect(scores.length).toBe(5);
  });

  it('computes the silhouette of a tiny case by hand', () => {
    // Points 0, 1 in cluster 0 and 4 in cluster 1 (one dimension).
    const pts = [0, 1, 4].map((x) => Float64Array.of(x));
    // s(0) = (4 − 1)/4 = 0.75; s(1) = (3 − 1)/3 = 2/3; s(4) is a singleton: 0.
    expect(silhouette(pts, [0, 0, 1], 2)).toBeCloseTo((0.75 + 2 / 3 + 0) / 3, 12);
  });

  it('standardises to z-scores and imputes the median', () => {
    const s = standardise([[1, 10], [2, null], [3, 30]]);
    expect(s.medians).toEqual([2, 10]);
    expect(s.imputed).toEqual([0, 1]);
    expect(s.means[0]).toBeCloseTo(2, 12);
    expect(Array.from(s.points[0])[0]).toBeCloseTo(-1 / Math.sqrt(2 / 3), 12);
  });
});

describe('adjusted Rand index', () => {
  it('matches hand-computed values', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
  });

  it('k-means recovers overlapping Gaussian blobs with ARI ≥ 0.9, the same for every seed', () => {
    // Three blobs in 3 dimensions, centres 6 apart with sd 1.2: some overlap, so recovery is not trivially exact.
    const { points, truth } = blobs([[0, 0, 0], [6, 0, 0], [3, 5.2, 0]], 400, 1.2, 21);
    const aris = [1, 2, 3].map((seed) => adjustedRandIndex(truth, kmeans(points, 3, { seed }).labels));
    for (const ari of aris) expect(ari).toBeGreaterThanOrEqual(0.9);
    expect(new Set(aris.map((x) => x.toFixed(10))).size).toBe(1);
  });
});
