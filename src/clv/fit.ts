/**
 * Maximum-likelihood fitting shared by every model: optimise over log-parameters (so positivity is free),
 * then standard errors from the numeric Hessian by the delta method.
 *
 * With θ = log φ and ℓ the total log-likelihood, Cov(θ) = (−∇²ℓ(θ))⁻¹ at the optimum, and because
 * dφ/dθ = φ, SE(φᵢ) = φᵢ·SE(θᵢ). (The gradient term of the chain rule vanishes at the optimum.)
 */
import { FitError, minimize, numericHessian, invertSpd } from './optimize.js';

/**
 * Why a fit's estimates cannot be read as they stand. `boundary`: the likelihood keeps rising as the parameter goes
 * to 0 or to infinity, so the data do not identify it (its estimate is wherever the optimiser stopped, and every
 * prediction that depends on it is unreliable). `singular-hessian`: the curvature matrix is not positive definite,
 * so there are no standard errors. `limit`: a time or iteration limit ended the search; the estimates are the best
 * point so far.
 */
export type FitDiagnostic =
  | { readonly kind: 'boundary'; readonly parameter: string; readonly toward: 'zero' | 'infinity' }
  | { readonly kind: 'singular-hessian' }
  | { readonly kind: 'limit'; readonly limit: 'time' | 'iterations' };

/** What every `fitXxx` returns. */
export interface FitResult<P> {
  model: string;
  params: P;
  /** Asymptotic standard errors; Infinity for a parameter at a boundary, or for all when the Hessian is singular otherwise. */
  standardErrors: P;
  /** Total log-likelihood at the estimates (same additive constants as the model's `logLikelihood`). */
  logLikelihood: number;
  /** Sum of weights: the number of customers. */
  customers: number;
  /** Distinct rows actually evaluated. */
  rows: number;
  iterations: number;
  converged: boolean;
  method: string;
  fitMs: number;
  /** Empty for a regular interior optimum; see `FitDiagnostic`. */
  diagnostics: FitDiagnostic[];
}

export interface FitOptions<P> {
  /** Starting values; each default is in the model's `fitXxx` TSDoc. */
  initial?: Partial<P>;
  /** BFGS iterations per attempt. Default 500. */
  maxIterations?: number;
  /** Wall-clock limit, ms. Default 60,000; past it the best point so far is returned, marked with a `limit` diagnostic. */
  timeLimitMs?: number;
}

/** A model's likelihood over prepared data, in natural parameters, as the fitter sees it. */
export interface LikelihoodSpec<P, D> {
  model: string;
  names: readonly (keyof P & string)[];
  initial: P;
  total: number;
  rows: number;
  logLikelihood: (params: P, data: D) => number;
  /** d(total ℓ)/d(natural parameter), in `names` order. Optional: central differences otherwise. */
  gradient?: (params: P, data: D) => number[];
  /**
   * ℓ and its gradient in one pass over the rows (issue #16: one tight loop instead of two). When given, every
   * evaluation computes both and the optimiser's gradient call at the same point is free.
   */
  valueAndGradient?: (params: P, data: D) => { value: number; gradient: number[] };
  /**
   * The same customers with their times coarsened (`coarsenRows`), far fewer distinct rows. Big inputs are fitted
   * there first, and the search on the real rows starts from that optimum with its inverse Hessian, so it needs a few
   * passes over every row instead of dozens. The estimates are still the maximum of the real rows' likelihood.
   */
  coarse?: () => D;
}

/** Inputs with at least this many distinct rows start from a fit of their coarsened copy (issue #16). */
export const WARM_START_ROWS = 50_000;

export function fitMaximumLikelihood<P extends Record<string, number>, D>(
  spec: LikelihoodSpec<P, D>,
  data: D,
  options: FitOptions<P> = {},
): FitResult<P> {
  const started = performance.now();
  const { names, total } = spec;
  if (!(total > 0)) throw new FitError(spec.model, 'no customers to fit');
  const toParams = (theta: readonly number[]) => Object.fromEntries(names.map((k, i) => [k, Math.exp(theta[i])])) as P;
  const start = { ...spec.initial, ...options.initial };
  for (const k of names) {
    if (!(start[k] > 0 && Number.isFinite(start[k]))) throw new FitError(spec.model, `initial ${k} must be positive, got ${start[k]}`);
  }
  let theta0 = names.map((k) => Math.log(start[k]));
  const big = spec.rows >= WARM_START_ROWS;
  let initialInverseHessian: number[][] | undefined;
  let warmIterations = 0;
  const limits = {
    model: spec.model,
    ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
  };
  const deadline = performance.now() + (options.timeLimitMs ?? 60_000);
  if (big && spec.coarse) {
    const coarse = spec.coarse();
    const c = objectives(spec, coarse, total);
    const warm = minimize(c.objective, theta0, { gradient: c.gradient, deadline, ...limits });
    if (Number.isFinite(warm.value) && !warm.stoppedBy) {
      theta0 = warm.x;
      initialInverseHessian = invertSpd(numericHessian(c.objective, warm.x, c.gradient)) ?? undefined;
      warmIterations = warm.iterations;
    }
  }
  const { objective, gradient } = objectives(spec, data, total);
  const result = minimize(objective, theta0, {
    gradient,
    deadline,
    ...limits,
    ...(initialInverseHessian ? { initialInverseHessian } : {}),
  });
  result.iterations += warmIterations;
  const params = toParams(result.x);
  // On big inputs the value at the optimum is the optimiser's last evaluation (kept), not one more pass.
  const logLikelihood = big && spec.valueAndGradient ? -objective(result.x) * total : spec.logLikelihood(params, data);
  if (!Number.isFinite(logLikelihood) || names.some((k) => !Number.isFinite(params[k]) || params[k] <= 0)) {
    throw new FitError(spec.model, `estimates are not finite (${JSON.stringify(params)})`);
  }
  const hessian = numericHessian(objective, result.x, gradient, big);
  const inverse = invertSpd(hessian);
  const boundary = boundaryParameters(names, result.x, hessian, total, inverse);
  // With parameters at a boundary the full Hessian is singular; the others still have standard errors, from the
  // curvature with the boundary parameters held where they are.
  const free = names.map((k, i) => i).filter((i) => !boundary.some((b) => b.parameter === names[i]));
  const sub = inverse ? null : invertSpd(free.map((i) => free.map((j) => hessian[i][j])));
  const variance = (i: number): number => {
    if (inverse) return inverse[i][i];
    const at = free.indexOf(i);
    return sub && at >= 0 ? sub[at][at] : Number.NaN;
  };
  const standardErrors = Object.fromEntries(
    names.map((k, i) => [k, variance(i) > 0 ? params[k] * Math.sqrt(variance(i) / total) : Number.POSITIVE_INFINITY]),
  ) as P;
  const diagnostics: FitDiagnostic[] = boundary.map((b) => ({ kind: 'boundary' as const, ...b }));
  if (!inverse) diagnostics.push({ kind: 'singular-hessian' });
  if (result.stoppedBy) diagnostics.push({ kind: 'limit', limit: result.stoppedBy });
  return {
    model: spec.model,
    params,
    standardErrors,
    logLikelihood,
    customers: total,
    rows: spec.rows,
    iterations: result.iterations,
    converged: result.converged,
    method: result.method,
    fitMs: performance.now() - started,
    diagnostics,
  };
}

/** The objective the optimiser minimises (−ℓ per customer, over log-parameters) and its gradient, on `data`. */
function objectives<P extends Record<string, number>, D>(
  spec: LikelihoodSpec<P, D>,
  data: D,
  total: number,
): { objective: (theta: readonly number[]) => number; gradient: ((theta: readonly number[]) => number[]) | undefined } {
  const { names } = spec;
  const toParams = (theta: readonly number[]) => Object.fromEntries(names.map((k, i) => [k, Math.exp(theta[i])])) as P;
  // The mean per customer keeps gradients O(1) whatever the number of customers.
  let cache: { theta: number[]; value: number; gradient: number[] } | null = null;
  const both = (theta: readonly number[]) => {
    if (cache && cache.theta.every((v, i) => v === theta[i])) return cache;
    const p = toParams(theta);
    const r = spec.valueAndGradient!(p, data);
    cache = { theta: [...theta], value: -r.value / total, gradient: r.gradient.map((v, i) => (-v * p[names[i]]) / total) };
    return cache;
  };
  const objective = spec.valueAndGradient ? (theta: readonly number[]) => both(theta).value : (theta: readonly number[]) => -spec.logLikelihood(toParams(theta), data) / total;
  const gradient = spec.valueAndGradient
    ? (theta: readonly number[]) => both(theta).gradient
    : spec.gradient
      ? (theta: readonly number[]) => {
          const p = toParams(theta);
          const g = spec.gradient!(p, data);
          return g.map((v, i) => (-v * p[names[i]]) / total);
        }
      : undefined;
  return { objective, gradient };
}

/**
 * Parameters the likelihood does not pin down because they ran off to 0 or infinity: the log-parameter is far out
 * (|log φ| > 9, a factor of 8,000 from 1 in the data's units) and the total log-likelihood is flat along it — its
 * curvature −∂²ℓ/∂(log φ)² below 1, or, with the other parameters free, a standard error of log φ above 1 (two
 * parameters running off together, like sBG's α and β when everyone renews alike). Interior optima of the
 * published data sets have curvatures in the hundreds or more.
 */
export function boundaryParameters(
  names: readonly string[],
  theta: readonly number[],
  hessian: readonly (readonly number[])[],
  total: number,
  inverse: readonly (readonly number[])[] | null = null,
): Array<{ parameter: string; toward: 'zero' | 'infinity' }> {
  const out: Array<{ parameter: string; toward: 'zero' | 'infinity' }> = [];
  names.forEach((name, i) => {
    const curvature = hessian[i][i] * total;
    const seLog = inverse ? Math.sqrt(Math.max(0, inverse[i][i]) / total) : Number.POSITIVE_INFINITY;
    if (Math.abs(theta[i]) > 9 && (!(curvature >= 1) || !(seLog <= 1))) out.push({ parameter: name, toward: theta[i] < 0 ? 'zero' : 'infinity' });
  });
  return out;
}
