import { describe, expect, it } from 'vitest';
import { createRandom } from '../clv/random.js';
import { adjustedRandIndex } from './rand-index.js';
import { nameWithFigures } from './cluster.js';
import { chooseStableK } from './kmeans.js';

const rnd = createRandom(11);
const blob = (n: number, cx: number, cy: number, sd = 0.3) => Array.from({ length: n }, () => Float64Array.from([cx + sd * rnd.normal(), cy + sd * rnd.normal()]));

describe('chooseStableK', () => {
  it('finds four groups, refuses a k whose extra cluster is too small to act on, and finds them stable', () => {
    // Four groups of 100 and a tight group of 10 (2.4% of the points) further out: k = 5 separates it best, but a
    // cluster under 5% of customers is not a segment, so k = 4 is chosen.
    const pts = [...blob(100, 0, 0), ...blob(100, 5, 0), ...blob(100, 0, 5), ...blob(100, 5, 5), ...blob(10, 12, 12, 0.1)];
    const r = chooseStableK(pts, [3, 4, 5, 6, 7, 8], { seed: 2, minShare: 0.05 });
    const score = (k: number) => r.scores.find((x) => x.k === k)!;
    expect(score(5).silhouette).toBeGreaterThan(score(4).silhouette);
    expect(score(5).valid).toBe(false);
    expect(r.k).toBe(4);
    expect(r.structure).toBe('strong');
    expect(r.stability).toBeGreaterThan(0.95);
  });

  it('says there is no clear structure in a uniform cloud', () => {
    const pts = Array.from({ length: 600 }, () => Float64Array.from([rnd.uniform(), rnd.uniform(), rnd.uniform(), rnd.uniform()]));
    const r = chooseStableK(pts, [3, 4, 5, 6, 7, 8], { seed: 1 });
    expect(r.structure).toBe('none');
    expect(r.scores.every((s) => s.silhouette < 0.25)).toBe(true);
  });

  it('measures stability with the adjusted Rand index', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
  });
});

describe('nameWithFigures', () => {
  it('names a cluster by its most distinctive features, with its mean against all buyers', () => {
    // z = (2, −0.6, 0.1) on features with means (30, 100, 5) and sds (10, 50, 1).
    expect(nameWithFigures(['recency_days', 'profit', 'orders'], [2, -0.6, 0.1], [30, 100, 5], [10, 50, 1])).toBe('long silent (recency_days 50 vs 30), low-profit (profit 70 vs 100)');
    expect(nameWithFigures(['profit'], [0.1], [1], [1])).toBe('average on every feature');
  });
});
