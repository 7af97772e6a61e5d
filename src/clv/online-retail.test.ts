/**
 * Online Retail (UCI), the CLV input and the purchase models on it (issue #15):
 * - (x, t_x, T) recomputed from the raw file with exact money (prices as whole thousandths, integer sums): a sale
 *   cancelled the same day nets to exactly 0 and is no purchase day; a floating-point sum gives 9 customers an
 *   extra repeat purchase;
 * - BG/NBD, MBG/NBD and Pareto/NBD reach the no-dropout boundary here and say so; Pareto/NBD fits in seconds, and at
 *   that boundary its log-likelihood is the NBD's, computed independently below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { readCsv } from '../test-support/csv.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempStore } from '../test-support/temp.js';
import { dropoutUnidentified, explainDiagnostics } from './diagnostics.js';
import { lgamma } from './special.js';
import { fitAndSave, loadClvInput, predictAndSave, type ClvInput } from './store.js';

const file = sharedData('online_retail', 'online_retail.csv');
let store: Awaited<ReturnType<typeof tempStore>>;
let input: ClvInput;

beforeAll(async () => {
  store = await tempStore();
  await importFiles(store.engine, { entity: 'orders', files: [file], preset: 'online-retail' });
  input = await loadClvInput(store.engine, { timeUnit: 'day' });
}, 120_000);
afterAll(async () => store.close());

/** "2.55" → 2550 thousandths, exactly (Online Retail prices have at most 3 decimals). */
function thousandths(price: string): number {
  const [whole, frac = ''] = price.trim().split('.');
  if (frac.length > 3) throw new Error(`price ${price} has more than 3 decimals`);
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 1000 + Number(frac.padEnd(3, '0')));
}

/** Per customer: purchase days (a sale that day, and a positive net or no negative line), by exact or float sums. */
let raw: ReturnType<typeof readCsv> | undefined;
function independent(exact: boolean): Map<string, { x: number; first: string; last: string }> {
  raw ??= readCsv(file);
  const { header, rows } = raw;
  const col = (n: string) => header.indexOf(n);
  const [inv, qty, date, price, cust] = ['InvoiceNo', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'].map(col);
  const seen = new Set<string>();
  const days = new Map<string, { sale: boolean; net: number; min: number }>();
  for (const r of rows) {
    const key = r.join('\u0000');
    if (seen.has(key)) continue; // exact duplicate records are quarantined by the importer
    seen.add(key);
    const id = r[cust].trim();
    const q = Number(r[qty]);
    if (id === '' || q === 0 || r[price].trim().startsWith('-')) continue;
    const amount = exact ? q * thousandths(r[price]) : q * Number(r[price]);
    const k = `${id}|${r[date].slice(0, 10)}`;
    const d = days.get(k) ?? { sale: false, net: 0, min: Number.POSITIVE_INFINITY };
    d.sale ||= q > 0 && !r[inv].toUpperCase().startsWith('C');
    d.net += amount;
    d.min = Math.min(d.min, amount);
    days.set(k, d);
  }
  const out = new Map<string, { x: number; first: string; last: string }>();
  for (const [k, d] of days) {
    if (!(d.sale && (d.net > 0 || d.min >= 0))) continue;
    const [id, day] = k.split('|');
    const c = out.get(id);
    if (!c) out.set(id, { x: 0, first: day, last: day });
    else {
      c.x++;
      if (day < c.first) c.first = day;
      if (day > c.last) c.last = day;
    }
  }
  return out;
}

const dayDiff = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

describe('CLV input on Online Retail, with exact money', () => {
  it('matches (x, t_x, T) recomputed from the raw file with exact sums, for every customer', () => {
    const want = independent(true);
    const got = [...input.rows, ...input.newcomers];
    expect(got.length).toBe(want.size);
    for (const r of got) {
      const w = want.get(r.customerId);
      expect(w, r.customerId).toBeDefined();
      expect([r.customerId, r.x, r.tx, r.T]).toEqual([r.customerId, w!.x, dayDiff(w!.first, w!.last), dayDiff(w!.first, input.calibrationEnd)]);
    }
  });

  it('no longer gives 9 customers a purchase day made of a sale cancelled the same day (a float sum does)', () => {
    const exact = independent(true);
    const float = independent(false);
    const extra = [...float].filter(([id, f]) => f.x !== exact.get(id)?.x).map(([id]) => id);
    expect(extra.length).toBe(9);
    const byId = new Map([...input.rows, ...input.newcomers].map((r) => [r.customerId, r]));
    for (const id of extra) expect(byId.get(id)!.x).toBe(exact.get(id)!.x);
  });
});

describe('purchase models on Online Retail (weeks)', () => {
  let weeks: ClvInput;
  beforeAll(async () => {
    weeks = await loadClvInput(store.engine, { timeUnit: 'week' });
  });

  it.each(['bgnbd', 'mbgnbd'] as const)('%s reports the dropout boundary, in words, and is stored with it', async (model) => {
    const fit = await fitAndSave(store.engine, weeks, model);
    expect(fit.diagnostics).toContainEqual({ kind: 'boundary', parameter: 'a', toward: 'zero' });
    expect(dropoutUnidentified(model, fit.diagnostics)).toBe(true);
    const words = explainDiagnostics(model, fit.diagnostics)[0];
    expect(words.meaning.en).toMatch(/no dropout.*P\(alive\)/);
    expect(words.meaning.zh).toMatch(/流失/);
    expect(words.tryInstead.en).toMatch(/churn --learn/);
    const [row] = await store.engine.query<{ d: string }>('SELECT CAST(diagnostics AS VARCHAR) AS d FROM clv_fits WHERE fit_id = $1', [fit.fitId]);
    expect(JSON.parse(row.d)).toEqual(fit.diagnostics);
  });

  it('predict refuses a boundary fit unless asked, so value and churn never use it silently; Gamma-Gamma rules counted', async () => {
    await expect(predictAndSave(store.engine, { model: 'bgnbd', timeUnit: 'week', horizon: 52, discountRate: 0.002, margin: 0.3 })).rejects.toThrow(/boundary, so no predictions were saved/);
    const [{ n }] = await store.engine.query<{ n: number }>('SELECT count(*) AS n FROM clv_predictions');
    expect(Number(n)).toBe(0);
    const r = await predictAndSave(store.engine, { model: 'bgnbd', timeUnit: 'week', horizon: 52, discountRate: 0.002, margin: 0.3, acceptBoundary: true });
    expect(dropoutUnidentified('bgnbd', r.diagnostics)).toBe(true);
    // Spend: repeat buyers with a positive mean are fitted; zero / negative means and one-time buyers are counted.
    const all = [...weeks.rows, ...weeks.newcomers];
    expect(r.spend.fitted).toBe(all.filter((c) => c.x > 0 && c.zbar !== null && c.zbar > 0).length);
    expect(r.spend.zeroMeanSpend + r.spend.negativeMeanSpend).toBe(all.filter((c) => c.x > 0 && !(c.zbar !== null && c.zbar > 0)).length);
    expect(r.spend.oneTimeBuyers).toBe(all.filter((c) => c.x === 0).length);
    expect(r.spend.rule.en).toMatch(/0 or negative/);
  }, 60_000);

  it('Pareto/NBD fits in under 30 s, at the same boundary, with the NBD log-likelihood there', async () => {
    const started = performance.now();
    const fit = await fitAndSave(store.engine, weeks, 'pareto-nbd');
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(dropoutUnidentified('pareto-nbd', fit.diagnostics)).toBe(true);
    // With no dropout the Pareto/NBD is the NBD: ℓ = Σ lnΓ(r+x) − lnΓ(r) + r ln α − (r+x) ln(α+T), computed here.
    const { r, alpha } = fit.params;
    let nbd = 0;
    for (const c of weeks.rows) nbd += lgamma(r + c.x) - lgamma(r) + r * Math.log(alpha) - (r + c.x) * Math.log(alpha + c.T);
    expect(Math.abs(fit.logLikelihood / nbd - 1)).toBeLessThan(1e-6);
    // …and it is the best the data allow among no-dropout fits: the BG/NBD's boundary optimum is the same to 1e-6.
    const bg = await fitAndSave(store.engine, weeks, 'bgnbd');
    expect(Math.abs(fit.logLikelihood / bg.logLikelihood - 1)).toBeLessThan(1e-6);
  }, 60_000);

  it('Pareto/NBD reaches the maximum, checked by a likelihood and a maximiser written here (issue #15: not −37,345.30)', async () => {
    const fit = await fitAndSave(store.engine, weeks, 'pareto-nbd');
    // Distinct rows with counts.
    const counts = new Map<string, number>();
    for (const c of weeks.rows) counts.set(`${c.x}|${c.tx}|${c.T}`, (counts.get(`${c.x}|${c.tx}|${c.T}`) ?? 0) + 1);
    const data = [...counts].map(([k, n]) => [...k.split('|').map(Number), n]);
    const lnGamma = (z: number) => lgamma(z);
    /**
     * ln L summed over customers, from the definition: alive term in closed form, plus s·∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ
     * by composite Simpson in u = ln(min(α, β) + τ), with more intervals where the integrand falls faster.
     */
    const ll = (r: number, alpha: number, s: number, beta: number) => {
      const m = Math.min(alpha, beta);
      let total = 0;
      for (const [x, tx, T, n] of data) {
        const g = (tau: number) => -(r + x) * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau);
        const top = g(tx);
        let integral = 0;
        if (tx < T) {
          const [u0, u1] = [Math.log(m + tx), Math.log(m + T)];
          const steps = 2 * Math.min(1000, Math.ceil(6 + 10 * (r + x + s + 1) * (u1 - u0)));
          const h = (u1 - u0) / steps;
          for (let j = 0; j <= steps; j++) {
            const u = u0 + j * h;
            const tau = Math.exp(u) - m;
            const f = Math.exp(g(tau) - top + u); // dτ = e^u du
            integral += (j === 0 || j === steps ? 1 : j % 2 ? 4 : 2) * f;
          }
          integral *= h / 3;
        }
        const alive = Math.exp(-(r + x) * Math.log(alpha + T) - s * Math.log(beta + T) - top);
        total += n * (lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta) + top + Math.log(alive + s * integral));
      }
      return total;
    };
    // Nelder–Mead over log-parameters, written here.
    const maximise = (f: (p: number[]) => number, start: number[], evaluations: number) => {
      let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + 0.7 : v)))];
      let values = simplex.map((p) => -f(p));
      for (let k = 0; k < evaluations; k++) {
        const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
        simplex = order.map((i) => simplex[i]);
        values = order.map((i) => values[i]);
        const n = start.length;
        const centre = start.map((_, j) => simplex.slice(0, n).reduce((a, p) => a + p[j], 0) / n);
        const along = (t: number) => centre.map((c, j) => c + t * (simplex[n][j] - c));
        const tryAt = (t: number) => {
          const p = along(t);
          const v = -f(p);
          return { p, v: Number.isFinite(v) ? v : Infinity };
        };
        const refl = tryAt(-1);
        if (refl.v < values[0]) {
          const exp = tryAt(-2);
          [simplex[n], values[n]] = exp.v < refl.v ? [exp.p, exp.v] : [refl.p, refl.v];
        } else if (refl.v < values[n - 1]) [simplex[n], values[n]] = [refl.p, refl.v];
        else {
          const con = tryAt(refl.v < values[n] ? -0.5 : 0.5);
          if (con.v < Math.min(refl.v, values[n])) [simplex[n], values[n]] = [con.p, con.v];
          else
            for (let i = 1; i <= n; i++) {
              simplex[i] = simplex[i].map((v, j) => (v + simplex[0][j]) / 2);
              values[i] = -f(simplex[i]);
            }
        }
      }
      const best = values.indexOf(Math.min(...values));
      return { at: simplex[best].map(Math.exp), value: -values[best] };
    };
    // The NBD (no dropout), maximised here: the boundary value.
    const nbd = maximise(([lr, la]) => {
      const [r, alpha] = [Math.exp(lr), Math.exp(la)];
      let t = 0;
      for (const [x, , T, n] of data) t += n * (lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha) - (r + x) * Math.log(alpha + T));
      return t;
    }, [0, 2], 400);
    expect(Math.abs(fit.logLikelihood / nbd.value - 1)).toBeLessThan(1e-8);
    expect(fit.logLikelihood).toBeCloseTo(-37_335.37, 2);
    // Our likelihood at our estimates, computed the independent way.
    const { r, alpha, s, beta } = fit.params;
    expect(Math.abs(ll(r, alpha, s, beta) / fit.logLikelihood - 1)).toBeLessThan(1e-9);
    // No interior point found by the maximiser here, from the usual starts (everything 1 as in the reference library,
    // CDNOW's optimum), beats the boundary: both run to it (s → 0, β large; a third start, slow dropout, did too).
    const full = (p: number[]) => ll(...(p.map(Math.exp) as [number, number, number, number]));
    for (const start of [[0, 0, 0, 0], [Math.log(0.55), Math.log(10.6), Math.log(0.6), Math.log(11.7)]]) {
      const found = maximise(full, start, 200);
      expect(found.value, JSON.stringify(found.at)).toBeLessThan(fit.logLikelihood + 1e-6 * Math.abs(fit.logLikelihood));
      expect(found.at[2], 's').toBeLessThan(1e-3);
    }
    // The issue's −37,345.30 lies 9.9 below this maximum: not the maximum of this summary (see docs/clv-fits.md).
    expect(fit.logLikelihood - -37_345.3).toBeGreaterThan(9);
  }, 240_000);
});

