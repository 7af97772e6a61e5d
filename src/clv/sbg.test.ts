import { describe, expect, it } from 'vitest';
import { fitGeometric, fitSbg, geometricDerl, geometricSurvival, sbgChurnProbability, sbgCohortRows, sbgDerl, sbgGradient, sbgLogLikelihood, sbgRetentionRate, sbgSurvival } from './sbg.js';

// Fader & Hardie (2007), "How to Project Customer Retention", J. Interactive Marketing 21(1): % of a 1,000-customer
// cohort still active at the start of years 0–12; the models are fitted on years 0–7, years 8–12 are the holdout.
const REGULAR = [100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1, 22.3, 20.7, 19.4, 18.3, 17.3];
const HIGH_END = [100, 86.9, 74.3, 65.3, 59.3, 55.1, 51.7, 49.1, 46.8, 44.5, 42.7, 40.9, 39.4];
const cohort = (pct: number[]) => pct.slice(0, 8).map((p) => Math.round(p * 10));
const within = (got: number, want: number, tol: number) => expect(Math.abs(got / want - 1)).toBeLessThan(tol);

describe.each([
  ['regular', REGULAR, 0.704, 1.182],
  ['high end', HIGH_END, 0.668, 3.806],
])('sBG on the paper’s %s customers', (_name, pct, alpha, beta) => {
  const fit = fitSbg(sbgCohortRows(cohort(pct)));

  it('recovers the published α and β within 0.5%', () => {
    expect(fit.converged).toBe(true);
    within(fit.params.alpha, alpha, 0.005);
    within(fit.params.beta, beta, 0.005);
    expect(fit.customers).toBe(1000);
    expect(fit.diagnostics).toEqual([]);
  });

  it('projects years 8–12 within 2 percentage points of the actual figures', () => {
    for (let t = 8; t <= 12; t++) expect(Math.abs(100 * sbgSurvival(fit.params, t) - pct[t])).toBeLessThan(2);
  });
});

describe('sBG functions', () => {
  const p = { alpha: 0.704, beta: 1.182 };

  it('agrees with the paper’s recursion for P(T = t) and S(t)', () => {
    // P(T = 1) = α/(α+β); P(T = t) = (β+t−2)/(α+β+t−1) · P(T = t−1); S(t) = S(t−1) − P(T = t).
    let prob = p.alpha / (p.alpha + p.beta);
    let surv = 1 - prob;
    expect(sbgChurnProbability(p, 1)).toBeCloseTo(prob, 14);
    for (let t = 2; t <= 30; t++) {
      prob *= (p.beta + t - 2) / (p.alpha + p.beta + t - 1);
      surv -= prob;
      expect(sbgChurnProbability(p, t) / prob - 1).toBeLessThan(1e-12);
      expect(Math.abs(sbgSurvival(p, t) / surv - 1)).toBeLessThan(1e-10);
      expect(Math.abs(sbgRetentionRate(p, t) - sbgSurvival(p, t) / sbgSurvival(p, t - 1))).toBeLessThan(1e-12);
    }
  });

  it('computes DERL as the discounted sum of survival (Fader & Hardie 2010)', () => {
    for (const n of [1, 2, 5, 12]) {
      for (const d of [0.1, 0.01]) {
        let direct = 0;
        for (let t = n; t < n + 200_000; t++) direct += (sbgSurvival(p, t) / sbgSurvival(p, n - 1)) * (1 + d) ** -(t - n);
        expect(Math.abs(sbgDerl(p, n, d) / direct - 1)).toBeLessThan(1e-6);
      }
    }
    expect(sbgDerl({ alpha: 3, beta: 2 }, 4, 0)).toBeCloseTo((2 + 3) / 2, 12);
    expect(sbgDerl(p, 3, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('has an analytic gradient that matches central differences', () => {
    const rows = sbgCohortRows(cohort(REGULAR));
    const g = sbgGradient(p, rows);
    const h = 1e-6;
    const da = (sbgLogLikelihood({ ...p, alpha: p.alpha + h }, rows) - sbgLogLikelihood({ ...p, alpha: p.alpha - h }, rows)) / (2 * h);
    const db = (sbgLogLikelihood({ ...p, beta: p.beta + h }, rows) - sbgLogLikelihood({ ...p, beta: p.beta - h }, rows)) / (2 * h);
    expect(g[0]).toBeCloseTo(da, 4);
    expect(g[1]).toBeCloseTo(db, 4);
  });

  it('fits individual tenures as well as cohort counts (the same likelihood)', () => {
    const rows = sbgCohortRows(cohort(HIGH_END));
    const individual = rows.flatMap((r) => Array.from({ length: r.weight ?? 1 }, () => ({ periods: r.periods, churned: r.churned })));
    expect(sbgLogLikelihood(p, individual)).toBeCloseTo(sbgLogLikelihood(p, rows), 8);
  });

  it('rejects impossible rows with a reason', () => {
    expect(() => sbgLogLikelihood(p, [{ periods: 0, churned: true }])).toThrow(/at least 1/);
    expect(() => sbgCohortRows([100, 120])).toThrow(/cannot rise/);
  });
});

describe('the geometric limit (one churn probability θ for all)', () => {
  // A homogeneous cohort at its expected counts: 10,000 customers, θ = 0.08 per period, followed for 10 periods.
  const theta = 0.08;
  const active = Array.from({ length: 11 }, (_, t) => 10_000 * (1 - theta) ** t);
  const rows = sbgCohortRows(active);

  it('estimates θ exactly from expected counts, with the standard error of the closed form', () => {
    const g = fitGeometric(rows);
    expect(g.theta).toBeCloseTo(theta, 12);
    expect(g.lost).toBeCloseTo(10_000 * (1 - (1 - theta) ** 10), 6);
    // Information L/θ² + E/(1 − θ)², at the estimate, written out again.
    const info = g.lost / theta ** 2 + g.renewals / (1 - theta) ** 2;
    expect(g.standardError).toBeCloseTo(1 / Math.sqrt(info), 12);
    // The sBG's log-likelihood far out on the ridge (log-beta of large arguments: agreement to 1e-5 relative).
    expect(Math.abs(g.logLikelihood / sbgLogLikelihood({ alpha: theta * 1e9, beta: (1 - theta) * 1e9 }, rows) - 1)).toBeLessThan(1e-5);
  });

  it('is where an sBG fit goes on such a cohort: β runs to infinity with α/(α + β) → θ', () => {
    const f = fitSbg(rows);
    expect(f.diagnostics.some((d) => d.kind === 'boundary' && d.parameter === 'beta' && d.toward === 'infinity')).toBe(true);
    expect(f.params.alpha / (f.params.alpha + f.params.beta)).toBeCloseTo(theta, 3);
  });

  it('gives DERL by its closed form, equal to a direct sum and to the sBG’s as α, β → ∞', () => {
    const d = 0.01;
    let direct = 0;
    for (let k = 0; k < 20_000; k++) direct += (1 - theta) ** (k + 1) / (1 + d) ** k;
    expect(geometricDerl(theta, d)).toBeCloseTo(direct, 9);
    for (const n of [1, 5, 40]) expect(Math.abs(sbgDerl({ alpha: theta * 1e7, beta: (1 - theta) * 1e7 }, n, d) / geometricDerl(theta, d) - 1)).toBeLessThan(1e-4);
    expect(geometricSurvival(theta, 3)).toBeCloseTo((1 - theta) ** 3, 14);
    expect(() => geometricDerl(0, d)).toThrow(/between 0 and 1/);
    expect(() => fitGeometric([{ periods: 3, churned: false }])).toThrow(/customers lost/);
  });
});
