import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './bgnbd.js';
import { loadCdnowRfm } from './cdnow-fixture.js';
import { fitMbgNbd, mbgnbdConditionalExpectedPurchases, mbgnbdLogLikelihood, mbgnbdPAlive } from './mbgnbd.js';

describe('MBG/NBD', () => {
  it('fits CDNOW about as well as BG/NBD (no published CDNOW estimate to compare with)', () => {
    // Recorded from this implementation: r 0.525, α 6.18, a 0.891, b 1.61, ℓ −9582.13 (BG/NBD: −9582.43).
    const rows = loadCdnowRfm();
    const m = fitMbgNbd(rows);
    const bg = fitBgNbd(rows);
    expect(m.converged).toBe(true);
    expect(Math.abs(m.logLikelihood - bg.logLikelihood)).toBeLessThan(2);
    expect(m.params.r).toBeCloseTo(0.525, 2);
    expect(m.params.b).toBeCloseTo(1.614, 2);
  });

  it('customers with no repeat purchase may be inactive (unlike BG/NBD)', () => {
    const p = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
    const alive = mbgnbdPAlive(p, 0, 0, 39);
    expect(alive).toBeGreaterThan(0);
    expect(alive).toBeLessThan(1);
    expect(mbgnbdPAlive(p, 0, 0, 80)).toBeLessThan(alive);
  });

  it('likelihood matches its closed form for a single row', () => {
    const p = { r: 2, alpha: 3, a: 2, b: 3 };
    // L = Γ(r+x)αʳ/Γ(r) · B(a, b+x+1)/B(a, b) · [(α+T)^−(r+x) + a/(b+x)(α+t_x)^−(r+x)], x=1, t_x=2, T=5:
    // Γ(3)/Γ(2) = 2, B(2, 5)/B(2, 3) = (1/30)/(1/12) = 0.4.
    const want = 2 * 9 * 0.4 * (8 ** -3 + (2 / 4) * 5 ** -3);
    expect(mbgnbdLogLikelihood(p, [{ x: 1, tx: 2, T: 5 }])).toBeCloseTo(Math.log(want), 12);
    expect(mbgnbdConditionalExpectedPurchases(p, 10, 1, 2, 5)).toBeGreaterThan(0);
  });
});
