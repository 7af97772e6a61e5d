import { describe, expect, it } from 'vitest';
import { describeContribution, fitLookalike, levelsOf, scoreProfile, type Profile } from './lookalike-model.js';

const logit = (p: number) => Math.log(p / (1 - p));

/** 4 best customers (red, red, red, blue) and 6 others (red, blue ×4, unknown). */
const rows: Array<{ profile: Profile; best: boolean }> = [
  ...['red', 'Red', 'red', 'blue'].map((colour) => ({ profile: { colour, size: 'L' }, best: true })),
  ...['red', 'blue', 'blue', 'blue', 'blue'].map((colour) => ({ profile: { colour, size: 'L' }, best: false })),
  { profile: { size: 'L' }, best: false },
];

describe('fitLookalike (weights of evidence, shrunk by m = 10)', () => {
  const m = fitLookalike(rows, [{ name: 'colour', kind: 'category' }, { name: 'size', kind: 'category' }, { name: 'shape', kind: 'category' }]);

  it('weighs each value by logit of its shrunk share of best customers against the attribute’s share', () => {
    // colour known for 4 best and 5 others: π_a = 4/9. red: 3 best of 4; blue: 1 of 5.
    const pa = 4 / 9;
    const red = logit((3 + 10 * pa) / (4 + 10)) - logit(pa);
    const blue = logit((1 + 10 * pa) / (5 + 10)) - logit(pa);
    expect(m.prior).toBe(0.4);
    // size has one value and shape none: neither can tell anyone apart.
    expect(m.features.map((f) => f.name)).toEqual(['colour']);
    const [f] = m.features;
    expect(f.known).toEqual({ best: 4, other: 5 });
    expect(f.levels.map((l) => [l.level, l.label, l.best, l.other])).toEqual([['red', 'red', 3, 1], ['blue', 'blue', 1, 4]]);
    expect(f.levels[0].weight).toBeCloseTo(red, 12);
    expect(f.levels[1].weight).toBeCloseTo(blue, 12);
    expect(red).toBeCloseTo(0.3503, 4); // logit(0.53175) + ln(5/4) = 0.12717 + 0.22314
    // IV = (3/4 − 1/5)·w(red) + (1/4 − 4/5)·w(blue)
    expect(f.iv).toBeCloseTo(0.55 * red - 0.55 * blue, 12);
  });

  it('scores a profile by logit(π) + Σ w, and explains it by its terms', () => {
    const s = scoreProfile(m, { colour: 'RED ' });
    const z = logit(0.4) + m.features[0].levels[0].weight;
    expect(s.logOdds).toBeCloseTo(z, 12);
    expect(s.similarity).toBeCloseTo(1 / (1 + Math.exp(-z)), 12);
    expect(s.lift).toBeCloseTo(s.similarity / 0.4, 12);
    expect(s.contributions.map(describeContribution)).toEqual(['colour = red +0.35']);
    // An unknown or never-seen value adds nothing: the similarity is the share of best customers.
    expect(scoreProfile(m, { colour: 'green' }).similarity).toBeCloseTo(0.4, 12);
    expect(scoreProfile(m, {}).contributions).toEqual([]);
  });

  it('needs both kinds of customer', () => {
    expect(() => fitLookalike(rows.filter((r) => r.best), [{ name: 'colour', kind: 'category' }])).toThrow(/at least one best and one other/);
  });
});

describe('levelsOf', () => {
  it('bins numbers at quintiles (R type 7), keeps few values as they are, splits tags', () => {
    const nums = rows.map((_, i) => ({ profile: { n: i + 1, k: i % 3 }, best: i < 4 }));
    const m = fitLookalike(nums, [{ name: 'n', kind: 'number' }, { name: 'k', kind: 'number' }]);
    const n = m.features.find((f) => f.name === 'n')!;
    // 1…10: quantiles at 1 + 9q → 2.8, 4.6, 6.4, 8.2.
    expect(n.edges!.map((e) => Number(e.toFixed(9)))).toEqual([2.8, 4.6, 6.4, 8.2]);
    expect(levelsOf(n, 3)).toEqual([{ key: '2.8–4.6', label: '2.8–4.6' }]);
    expect(levelsOf(n, '9')).toEqual([{ key: '> 8.2', label: '> 8.2' }]);
    expect(levelsOf(n, 2.8)).toEqual([{ key: '≤ 2.8', label: '≤ 2.8' }]);
    expect(m.features.find((f) => f.name === 'k')!.edges).toBeNull();
    expect(levelsOf({ kind: 'tags', edges: null }, 'Travel; reading;travel')).toEqual([{ key: 'travel', label: 'Travel' }, { key: 'reading', label: 'reading' }]);
    expect(levelsOf({ kind: 'number', edges: null }, 'n/a')).toBeNull();
  });
});
