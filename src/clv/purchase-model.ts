/**
 * The contract every purchase-count model (BG/NBD, Pareto/NBD, MBG/NBD) meets, so CLV and the shared
 * contract tests can treat them alike. Time is in the unit of the fitted data (e.g. weeks).
 */
import type { FitOptions, FitResult } from './fit.js';
import { compressRows, type RfmInput } from './summary.js';

export type PurchaseModelName = 'bgnbd' | 'pareto-nbd' | 'mbgnbd';

export interface PurchaseModel<P> {
  name: PurchaseModelName;
  paramNames: readonly (keyof P & string)[];
  /** Total (weighted) log-likelihood. */
  logLikelihood(params: P, rows: RfmInput): number;
  fit(rows: RfmInput, options?: FitOptions<P>): FitResult<P>;
  /** P(customer still active at T | x, t_x, T). */
  pAlive(params: P, x: number, tx: number, T: number): number;
  /** E[X(t)]: purchases in (0, t] by a customer drawn at random, from their first purchase. */
  expectedPurchases(params: P, t: number): number;
  /** E[Y(t) | x, t_x, T]: purchases in (T, T + t] for a customer with that history. */
  conditionalExpectedPurchases(params: P, t: number, x: number, tx: number, T: number): number;
  /** P(X(t) = n) for a customer drawn at random. */
  probabilityOfPurchases(params: P, n: number, t: number): number;
}

/** Apply a per-customer prediction to every row, computing each distinct (x, t_x, T) once. */
function perRow(rows: RfmInput, predict: (x: number, tx: number, T: number) => number): Float64Array {
  const d = compressRows(rows);
  const values = new Map<string, number>();
  for (let i = 0; i < d.size; i++) values.set(`${d.x[i]}|${d.tx[i]}|${d.T[i]}`, predict(d.x[i], d.tx[i], d.T[i]));
  if ('kind' in rows) return Float64Array.from(values.values());
  const cols = Array.isArray(rows) ? null : (rows as { x: ArrayLike<number>; tx: ArrayLike<number>; T: ArrayLike<number> });
  const list = rows as readonly { x: number; tx: number; T: number }[];
  const n = cols ? cols.x.length : list.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const key = cols ? `${cols.x[i]}|${cols.tx[i]}|${cols.T[i]}` : `${list[i].x}|${list[i].tx}|${list[i].T}`;
    out[i] = values.get(key) as number;
  }
  return out;
}

/** P(alive) for each input row, in input order (distinct rows, for compressed input). */
export function pAliveBatch<P>(model: PurchaseModel<P>, params: P, rows: RfmInput): Float64Array {
  return perRow(rows, (x, tx, T) => model.pAlive(params, x, tx, T));
}

/** E[Y(t) | x, t_x, T] for each input row, in input order (distinct rows, for compressed input). */
export function conditionalExpectedPurchasesBatch<P>(model: PurchaseModel<P>, params: P, t: number, rows: RfmInput): Float64Array {
  return perRow(rows, (x, tx, T) => model.conditionalExpectedPurchases(params, t, x, tx, T));
}
