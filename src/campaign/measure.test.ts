import { describe, expect, it } from 'vitest';
import { assignHoldout } from './holdout.js';
import { difference, measure, type Outcome } from './measure.js';

const o = (treated: boolean, responded: boolean, revenue = 0, stratum = 's'): Outcome => ({ customerId: `${treated}${Math.random()}`, stratum, treated, responded, revenue, profit: revenue / 2 });

describe('measure', () => {
  it('computes the difference and Welch interval by hand', () => {
    // Treated 2, 4, 6 (mean 4, s² 4); control 1, 3 (mean 2, s² 2): se = √(4/3 + 2/2) = √(7/3).
    const d = difference([2, 4, 6], [1, 3]);
    expect(d.lift).toBe(2);
    expect(d.se).toBeCloseTo(Math.sqrt(7 / 3), 12);
    expect(d.low).toBeCloseTo(2 - 1.959963984540054 * Math.sqrt(7 / 3), 12);
  });

  it('says "need about N more customers" from the power formula when the lift is not yet significant', () => {
    // 100 treated at 30%, 100 control at 20%: se = √(.3·.7·100/99/100 + .2·.8·100/99/100); N = ((1.96 + 0.84)·se/0.1)² · 200 − 200.
    const xs = [...Array.from({ length: 100 }, (_, i) => o(true, i < 30)), ...Array.from({ length: 100 }, (_, i) => o(false, i < 20))];
    const m = measure(xs);
    const se = Math.sqrt((0.3 * 0.7) / 99 + (0.2 * 0.8) / 99);
    expect(m.responseRate.se).toBeCloseTo(se, 12);
    expect(m.verdict).toBe('not-yet');
    expect(m.needMore).toBe(Math.ceil((((1.959963984540054 + 0.8416212335729143) * se) / 0.1) ** 2 * 200 - 200));
    expect(m.message).toMatch(/^no measurable effect yet: need about [\d,]+ more customers/);
    // Ten times as many with the same rates: significant.
    const big = measure(Array.from({ length: 10 }, () => xs).flat());
    expect(big.verdict).toBe('effect');
    expect(measure([o(true, false), o(true, false), o(false, true), o(false, false)]).verdict).toBe('none');
    expect(measure([o(true, true), o(false, false)]).verdict).toBe('too-small');
  });
});

describe('assignHoldout', () => {
  const members = Array.from({ length: 1000 }, (_, i) => ({ customerId: `C${i}`, stratum: i % 3 === 0 ? 'a' : 'b' }));
  it('holds out round(n·h) in every stratum, the same way for the same seed', () => {
    const a = assignHoldout(members, 0.1, 5);
    expect(a.filter((x) => x.stratum === 'a' && !x.treated).length).toBe(Math.round(334 * 0.1));
    expect(a.filter((x) => x.stratum === 'b' && !x.treated).length).toBe(Math.round(666 * 0.1));
    expect(assignHoldout([...members].reverse(), 0.1, 5)).toEqual(a);
    expect(assignHoldout(members, 0.1, 6)).not.toEqual(a);
    expect(() => assignHoldout(members, 0, 1)).toThrow(/holdout must be between 0 and 1/);
  });
});
