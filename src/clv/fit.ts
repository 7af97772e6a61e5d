/**
 * Maximum-likelihood fitting shared by every model: optimise over log-parameters (so positivity is free),
 * then standard errors from the numeric Hessian by the delta method.
 *
 * With θ = log φ and ℓ the total log-likelihood, Cov(θ) = (−∇²ℓ(θ))⁻¹ at the optimum, and because
 * dφ/dθ = φ, SE(φᵢ) = φᵢ·SE(θᵢ). (The gradient term of the chain rule vanishes at the optimum.)
 */
import { FitError, minimize, numericHessian, invertSpd } from './optimize.js';

/** What every `fitXxx` returns. */
export interface FitResult<P> {
  model: string;
  params: P;
  /** Asymptotic standard errors; Infinity when the Hessian is not positive definite. */
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
}

export interface FitOptions<P> {
  /** Starting values; each default is in the model's `fitXxx` TSDoc. */
  initial?: Partial<P>;
  /** BFGS iterations per attempt. Default 500. */
  maxIterations?: number;
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
}

export function fitMaximumLikelihood<P extends Record<string, number>, D>(
  spec: LikelihoodSpec<P, D>,
  data: D,
  options: FitOptions<P> = {},
): FitResult<P> {
  const started = performance.now();
  const { names, total } = spec;
  if (!(total > 0)) throw new FitError(spec.model, 'no customers to fit');
  const toParams = (theta: readonly number[]) => Object.fromEntries(names.map((k, i) => [k, Math.exp(theta[i])])) as P;
  // The mean per customer keeps gradients O(1) whatever the number of customers.
  const objective = (theta: readonly number[]) => -spec.logLikelihood(toParams(theta), data) / total;
  const gradient = spec.gradient
    ? (theta: readonly number[]) => {
        const p = toParams(theta);
        const g = spec.gradient!(p, data);
        return g.map((v, i) => (-v * p[names[i]]) / total);
      }
    : undefined;
  const start = { ...spec.initial, ...options.initial };
  for (const k of names) {
    if (!(start[k] > 0 && Number.isFinite(start[k]))) throw new FitError(spec.model, `initial ${k} must be positive, got ${start[k]}`);
  }
  const theta0 = names.map((k) => Math.log(start[k]));
  const result = minimize(objective, theta0, { gradient, maxIterations: options.maxIterations, model: spec.model });
  const params = toParams(result.x);
  const logLikelihood = spec.logLikelihood(params, data);
  if (!Number.isFinite(logLikelihood) || names.some((k) => !Number.isFinite(params[k]) || params[k] <= 0)) {
    throw new FitError(spec.model, `estimates are not finite (${JSON.stringify(params)})`);
  }
  const hessian = numericHessian(objective, result.x, gradient);
  const inverse = invertSpd(hessian);
  const standardErrors = Object.fromEntries(
    names.map((k, i) => [k, inverse && inverse[i][i] > 0 ? params[k] * Math.sqrt(inverse[i][i] / total) : Number.POSITIVE_INFINITY]),
  ) as P;
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
  };
}
