/**
 * L2-regularised logistic regression fitted by Newton–Raphson (iteratively reweighted least squares):
 * maximise Σ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] − (λ/2)‖β‖², pᵢ = σ(β₀ + xᵢ·β), the intercept not penalised.
 * Each step solves (XᵀWX + λI) Δ = Xᵀ(y − p) − λβ by Cholesky. Deterministic; converges in a few steps.
 */

export interface LogisticModel {
  readonly intercept: number;
  readonly coefficients: Float64Array;
  readonly iterations: number;
  readonly logLikelihood: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

function cholSolve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const l = a.map((r) => Float64Array.from(r));
  for (let j = 0; j < n; j++) {
    let d = l[j][j];
    for (let k = 0; k < j; k++) d -= l[j][k] * l[j][k];
    if (!(d > 0)) throw new RangeError('logistic: the system is not positive definite (use a larger λ)');
    l[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = l[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      l[i][j] = s / l[j][j];
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** Fits on rows of features `x` (already standardised or one-hot) and outcomes `y`. */
export function fitLogistic(x: readonly Float64Array[], y: readonly boolean[], lambda = 1, maxIter = 50): LogisticModel {
  const n = x.length;
  const p = (x[0]?.length ?? 0) + 1; // column 0 is the intercept
  let beta = new Float64Array(p);
  let ll = -Infinity;
  let it = 0;
  for (; it < maxIter; it++) {
    const h = Array.from({ length: p }, () => new Float64Array(p));
    const g = new Float64Array(p);
    ll = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      let z = beta[0];
      for (let j = 1; j < p; j++) z += beta[j] * xi[j - 1];
      const pi = sigmoid(z);
      ll += y[i] ? Math.log(Math.max(pi, 1e-300)) : Math.log(Math.max(1 - pi, 1e-300));
      const w = pi * (1 - pi);
      const r = (y[i] ? 1 : 0) - pi;
      g[0] += r;
      h[0][0] += w;
      for (let j = 1; j < p; j++) {
        const xj = xi[j - 1];
        if (xj === 0) continue;
        g[j] += r * xj;
        h[0][j] += w * xj;
        for (let k = 1; k <= j; k++) h[j][k] += w * xj * xi[k - 1];
      }
    }
    for (let j = 1; j < p; j++) {
      h[j][j] += lambda;
      g[j] -= lambda * beta[j];
      ll -= (lambda / 2) * beta[j] * beta[j];
      for (let k = 1; k < j; k++) h[k][j] = h[j][k];
      h[j][0] = h[0][j];
    }
    const step = cholSolve(h, g);
    beta = beta.map((b, j) => b + step[j]);
    if (step.reduce((a, s) => Math.max(a, Math.abs(s)), 0) < 1e-8) {
      it++;
      break;
    }
  }
  return { intercept: beta[0], coefficients: beta.slice(1), iterations: it, logLikelihood: ll };
}

export function predictLogistic(m: LogisticModel, x: Float64Array): number {
  let z = m.intercept;
  for (let j = 0; j < x.length; j++) z += m.coefficients[j] * x[j];
  return sigmoid(z);
}
