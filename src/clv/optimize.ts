/**
 * Unconstrained minimisation for maximum-likelihood fits: BFGS with a backtracking (Armijo) line search,
 * Nelder–Mead as the fallback, and a numeric Hessian for standard errors.
 *
 * The objective may return NaN or ±Infinity for parameters it cannot evaluate; these are treated as
 * +Infinity (the line search backs off). `minimize` never returns a non-finite value: it throws `FitError`.
 */
import { ClienteleError } from '../errors.js';

/** A model fit that could not produce finite estimates. `reason` says which step failed. */
export class FitError extends ClienteleError {
  constructor(
    readonly model: string,
    readonly reason: string,
  ) {
    super(`${model}: fit failed: ${reason}`, 'check that the input has customers with repeat purchases and T > 0');
  }
}

export type Objective = (x: readonly number[]) => number;
export type Gradient = (x: readonly number[]) => number[];

export interface MinimizeOptions {
  /** Analytic gradient; default: central differences with step 6e-6·max(1, |xᵢ|). */
  gradient?: Gradient;
  /** Stop when max |gradient| is below this. Default 1e-7 (suits a per-customer mean log-likelihood). */
  gradientTolerance?: number;
  /** BFGS iterations per attempt. Default 500. */
  maxIterations?: number;
  /** Name used in `FitError`. Default 'minimize'. */
  model?: string;
  /** Wall-clock limit for the whole minimisation, ms. Default 60,000: past it, the best point so far is returned with `stoppedBy: 'time'`. */
  timeLimitMs?: number;
  /** Absolute deadline (performance.now()); set by `minimize` from `timeLimitMs`. */
  deadline?: number;
  /**
   * BFGS's starting inverse Hessian (e.g. from a fit of coarsened data near the optimum); default the identity,
   * rescaled after the first step.
   */
  initialInverseHessian?: readonly (readonly number[])[];
}

export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
  method: 'bfgs' | 'nelder-mead+bfgs';
  /** Set when a limit, not convergence, ended the search: the result is the best point so far. */
  stoppedBy?: 'time' | 'iterations';
}

const finiteOr = (v: number) => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);

/** Central-difference gradient. */
export function numericGradient(f: Objective, x: readonly number[], step = 6e-6): number[] {
  const g = new Array<number>(x.length);
  const xp = [...x];
  for (let i = 0; i < x.length; i++) {
    const h = step * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + h;
    const up = f(xp);
    xp[i] = x[i] - h;
    const down = f(xp);
    xp[i] = x[i];
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/**
 * Hessian by central differences of the gradient (analytic or numeric), symmetrised. `forward`: one-sided
 * differences from the gradient at x, half the gradient evaluations (for big inputs, where each costs a pass over
 * every row; the O(step) error, about 1e-4 relative, is far below what standard errors need).
 */
export function numericHessian(f: Objective, x: readonly number[], gradient?: Gradient, forward = false): number[][] {
  const n = x.length;
  const grad = gradient ?? ((p: readonly number[]) => numericGradient(f, p, 1e-4));
  const h = new Array<number[]>(n);
  const xp = [...x];
  const at = forward ? grad(x) : null;
  for (let i = 0; i < n; i++) {
    const step = 1e-4 * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + step;
    const up = grad(xp);
    xp[i] = x[i] - step;
    const down = at ?? grad(xp);
    xp[i] = x[i];
    h[i] = up.map((u, j) => (u - down[j]) / (at ? step : 2 * step));
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) h[i][j] = h[j][i] = (h[i][j] + h[j][i]) / 2;
  }
  return h;
}

/** Inverse of a symmetric positive-definite matrix by Cholesky; null when it is not positive definite. */
export function invertSpd(m: readonly (readonly number[])[]): number[][] | null {
  const n = m.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  // inv = L⁻ᵀ L⁻¹, column by column.
  const inv = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let col = 0; col < n; col++) {
    const y = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
      y[i] = s / l[i][i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < n; k++) s -= l[k][i] * inv[k][col];
      inv[i][col] = s / l[i][i];
    }
  }
  return inv;
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
const maxAbs = (a: readonly number[]) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** BFGS on the inverse Hessian with an Armijo backtracking line search; steps are capped at 5 per coordinate. */
export function bfgs(f: Objective, x0: readonly number[], options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const gtol = options.gradientTolerance ?? 1e-7;
  const maxIter = options.maxIterations ?? 500;
  const grad = options.gradient ?? ((p: readonly number[]) => numericGradient(f, p));
  let x = [...x0];
  let fx = finiteOr(f(x));
  let g = grad(x);
  const identity = (): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const given = options.initialInverseHessian;
  let hinv = given ? given.map((row) => [...row]) : identity();
  let failures = 0;
  let iter = 0;
  let outOfTime = false;
  for (; iter < maxIter; iter++) {
    if (!g.every(Number.isFinite) || !Number.isFinite(fx)) break;
    if (options.deadline !== undefined && performance.now() > options.deadline) {
      outOfTime = true;
      break;
    }
    if (maxAbs(g) < gtol) return { x, value: fx, iterations: iter, converged: true, method: 'bfgs' };
    let d = hinv.map((row) => -dot(row, g));
    let slope = dot(d, g);
    // Newton decrement: once the predicted remaining decrease is below the objective's rounding noise,
    // further steps cannot be told apart from noise (large samples sum many terms).
    if (iter >= 3 && -slope < 1e-12 * (1 + Math.abs(fx)) && maxAbs(g) < 1e-3) {
      return { x, value: fx, iterations: iter, converged: true, method: 'bfgs' };
    }
    if (!(slope < 0)) {
      hinv = identity();
      d = g.map((v) => -v);
      slope = dot(d, g);
    }
    const cap = 5 / Math.max(maxAbs(d), 1e-300);
    let step = Math.min(1, cap);
    let xn: number[] = x;
    let fn = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 60; k++) {
      xn = x.map((v, i) => v + step * d[i]);
      fn = finiteOr(f(xn));
      if (fn <= fx + 1e-4 * step * slope) break;
      step *= k < 2 ? 0.5 : 0.2;
    }
    if (!(fn <= fx + 1e-4 * step * slope)) {
      // No progress along this direction: restart from steepest descent once, then give up.
      if (++failures > 1) break;
      hinv = identity();
      continue;
    }
    failures = 0;
    const gn = grad(xn);
    const s = xn.map((v, i) => v - x[i]);
    const y = gn.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (iter === 0 && !given) {
        const scale = sy / dot(y, y);
        hinv = hinv.map((row) => row.map((v) => v * scale));
      }
      const hy = hinv.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      const rho = 1 / sy;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          hinv[i][j] += rho * ((1 + rho * yhy) * s[i] * s[j] - hy[i] * s[j] - s[i] * hy[j]);
        }
      }
    }
    x = xn;
    fx = fn;
    g = gn;
  }
  const converged = g.every(Number.isFinite) && maxAbs(g) < gtol * 100;
  const stoppedBy = converged ? undefined : outOfTime ? ('time' as const) : iter >= maxIter ? ('iterations' as const) : undefined;
  return { x, value: fx, iterations: iter, converged, method: 'bfgs', ...(stoppedBy ? { stoppedBy } : {}) };
}

/** Nelder–Mead simplex (standard coefficients 1, 2, 0.5, 0.5) with an initial simplex of ±0.5 per coordinate. */
export function nelderMead(f: Objective, x0: readonly number[], maxEvaluations = 4000, deadline = Number.POSITIVE_INFINITY): { x: number[]; value: number; evaluations: number; outOfTime: boolean } {
  const n = x0.length;
  let evaluations = 0;
  const ev = (p: number[]) => {
    evaluations++;
    return finiteOr(f(p));
  };
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + 0.5 : v)))];
  let values = simplex.map(ev);
  let outOfTime = false;
  while (evaluations < maxEvaluations) {
    if (performance.now() > deadline) {
      outOfTime = true;
      break;
    }
    const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[n] - values[0]) < 1e-12 * (1 + Math.abs(values[0])) && Number.isFinite(values[0])) break;
    const centroid = x0.map((_, j) => simplex.slice(0, n).reduce((s, p) => s + p[j], 0) / n);
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n][j] - c));
    const xr = along(-1);
    const fr = ev(xr);
    if (fr < values[0]) {
      const xe = along(-2);
      const fe = ev(xe);
      [simplex[n], values[n]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [xr, fr];
    } else {
      const xc = along(fr < values[n] ? -0.5 : 0.5);
      const fc = ev(xc);
      if (fc < Math.min(fr, values[n])) [simplex[n], values[n]] = [xc, fc];
      else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
          values[i] = ev(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: simplex[best], value: values[best], evaluations, outOfTime };
}

/**
 * Minimise f from x0: BFGS first; if it fails to converge or ends non-finite, Nelder–Mead from the best
 * point so far, then BFGS again to polish. Throws `FitError` when no finite minimum is found.
 */
export function minimize(f: Objective, x0: readonly number[], options: MinimizeOptions = {}): MinimizeResult {
  const model = options.model ?? 'minimize';
  const deadline = options.deadline ?? performance.now() + (options.timeLimitMs ?? 60_000);
  const opts = { ...options, deadline };
  let first: MinimizeResult | undefined;
  try {
    first = bfgs(f, x0, opts);
    if (first.converged && Number.isFinite(first.value)) return first;
    if (first.stoppedBy === 'time' && Number.isFinite(first.value)) return first;
  } catch {
    first = undefined; // a throwing objective is treated like a non-finite one
  }
  const start = first && Number.isFinite(first.value) ? first.x : [...x0];
  const nm = nelderMead(f, start, 4000, deadline);
  if (!Number.isFinite(nm.value)) throw new FitError(model, 'the log-likelihood is not finite anywhere the optimiser looked');
  const polished = bfgs(f, nm.x, opts);
  const best = Number.isFinite(polished.value) && polished.value <= nm.value ? polished : { ...polished, x: nm.x, value: nm.value, converged: false };
  const stoppedBy = best.converged ? undefined : nm.outOfTime || polished.stoppedBy === 'time' ? ('time' as const) : ('iterations' as const);
  const { stoppedBy: _ignored, ...rest } = best;
  return { ...rest, iterations: (first?.iterations ?? 0) + nm.evaluations + polished.iterations, method: 'nelder-mead+bfgs', ...(stoppedBy ? { stoppedBy } : {}) };
}
