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
});
