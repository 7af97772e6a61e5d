import { describe, expect, it } from 'vitest';
import { bfgs, FitError, invertSpd, minimize, nelderMead, numericHessian } from './optimize.js';

const rosenbrock = (v: readonly number[]) => (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2;

describe('minimize', () => {
  it('BFGS finds the Rosenbrock minimum', () => {
    const r = bfgs(rosenbrock, [-1.2, 1], { gradientTolerance: 1e-9 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it('Nelder–Mead finds it too', () => {
    const r = nelderMead(rosenbrock, [-1.2, 1], 20_000);
    expect(r.x[0]).toBeCloseTo(1, 3);
  });

  it('falls back to Nelder–Mead when the gradient is useless', () => {
    const f = (v: readonly number[]) => Math.abs(v[0] - 3) + Math.abs(v[1] + 1); // kinked: BFGS stalls at the kink
    const r = minimize(f, [0, 0], { gradient: () => [Number.NaN, Number.NaN] });
    expect(r.method).toBe('nelder-mead+bfgs');
    expect(r.x[0]).toBeCloseTo(3, 4);
    expect(Number.isFinite(r.value)).toBe(true);
  });

  it('treats non-finite regions as walls', () => {
    const f = (v: readonly number[]) => (v[0] <= 0 ? Number.NaN : (Math.log(v[0]) - 1) ** 2 + v[1] ** 2);
    const r = minimize(f, [0.5, 2]);
    expect(r.x[0]).toBeCloseTo(Math.E, 4);
  });

  it('throws FitError, never NaN, when nothing is finite', () => {
    expect(() => minimize(() => Number.NaN, [1, 2], { model: 'test-model' })).toThrow(FitError);
    try {
      minimize(() => Number.POSITIVE_INFINITY, [1], { model: 'test-model' });
    } catch (e) {
      expect((e as FitError).model).toBe('test-model');
      expect((e as FitError).reason).toMatch(/not finite/);
    }
  });
});

describe('Hessian and inverse', () => {
  it('recovers a quadratic’s Hessian and inverts it', () => {
    const f = (v: readonly number[]) => 2 * v[0] ** 2 + v[0] * v[1] + 3 * v[1] ** 2;
    const h = numericHessian(f, [0.3, -0.2]);
    expect(h[0][0]).toBeCloseTo(4, 5);
    expect(h[0][1]).toBeCloseTo(1, 5);
    expect(h[1][1]).toBeCloseTo(6, 5);
    const inv = invertSpd(h)!;
    expect(inv[0][0]).toBeCloseTo(6 / 23, 5);
    expect(inv[0][1]).toBeCloseTo(-1 / 23, 5);
    expect(invertSpd([[1, 2], [2, 1]])).toBeNull();
  });
});
