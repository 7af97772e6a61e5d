import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { runCli } from '../test-support/cli.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempStore } from '../test-support/temp.js';
import { bgnbd } from './bgnbd.js';
import { gammaGammaConditionalExpectedSpend } from './gamma-gamma.js';
import { checkAndSave, fitAndSave, loadClvInput, predictAndSave } from './store.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
  await importFiles(store.engine, { entity: 'orders', files: [sharedData('cdnow', 'CDNOW_sample.txt')], preset: 'cdnow' });
});
afterAll(async () => store.close());

describe('CLV input built in the engine', () => {
  it('reproduces the published CDNOW calibration summary (x, t_x, T, zbar) for all 2,357 customers', async () => {
    const input = await loadClvInput(store.engine, { calibrationEnd: '1997-09-30', timeUnit: 'week' });
    // The published file is keyed by sample id; the store by master id. The sample file pairs them.
    const sampleOf = new Map<string, string>();
    for (const line of readFileSync(sharedData('cdnow', 'CDNOW_sample.txt'), 'utf8').split(/\r?\n/)) {
      const f = line.trim().split(/\s+/);
      if (f.length === 5) sampleOf.set(f[0], String(Number(f[1])));
    }
    const published = new Map<string, { x: number; tx: number; T: number; zbar: number }>();
    const lines = readFileSync(sharedData('cdnow', 'cdnow_customers_summary_with_transactions.csv'), 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
    for (const l of lines) {
      const [id, x, tx, T, zbar] = l.split(',');
      published.set(id, { x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar) });
    }
    expect(input.rows.length).toBe(2357);
    expect(published.size).toBe(2357);
    let checked = 0;
    for (const r of input.rows) {
      const p = published.get(sampleOf.get(r.customerId)!)!;
      expect(r.x).toBe(p.x);
      expect(Math.round(r.tx * 100) / 100).toBeCloseTo(p.tx, 2);
      expect(Math.round(r.T * 100) / 100).toBeCloseTo(p.T, 2);
      expect(Math.abs((r.zbar ?? 0) - p.zbar)).toBeLessThanOrEqual(0.01 + 1e-9);
      checked++;
    }
    expect(checked).toBe(2357);
    expect(input.rows.reduce((a, r) => a + r.x, 0)).toBe(2457);
  });
});

describe('clv fit, predict and check on CDNOW', () => {
  it('clv fit --json gives the published BG/NBD estimates (Fader, Hardie & Lee 2005) within 0.5%', async () => {
    const db = `${store.dir.dir}/cli.duckdb`;
    expect((await runCli(['--db', db, 'import', 'orders', sharedData('cdnow', 'CDNOW_sample.txt'), '--preset', 'cdnow', '--json'])).code).toBe(0);
    const r = await runCli(['--db', db, 'clv', 'fit', '--model', 'bgnbd', '--calibration-end', '1997-09-30', '--time-unit', 'week', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.model).toBe('bgnbd');
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    for (const [k, v] of Object.entries(published)) expect(Math.abs(out.params[k] / v - 1), k).toBeLessThan(0.005);
    expect(Math.abs(out.logLikelihood - -9582.4)).toBeLessThan(0.05);
    expect(out.customers).toBe(2357);
  });

  it('clv check matches the published holdout counts: 1,882 repeat purchases, 4,339 cumulative by week 78', async () => {
    const c = await checkAndSave(store.engine, { model: 'bgnbd', timeUnit: 'week', calibrationEnd: '1997-09-30' });
    expect(c.totals.calibrationRepeat).toBe(2457);
    const [fit] = await store.engine.query<{ c: string; h: string }>('SELECT CAST(calibration_end AS VARCHAR) AS c, CAST(holdout_end AS VARCHAR) AS h FROM clv_fits WHERE fit_id = $1', [c.fit.fitId]);
    expect(fit).toEqual({ c: '1997-09-30', h: '1998-06-30' });
    expect(c.totals.holdoutActual).toBe(1882);
    // Both holdout forecasts, each named (issue #15): the conditional sum Σ E[Y(39) | x, t_x, T] and the
    // unconditional rise of the tracking curve over the holdout, the total of the paper's Figure 2.
    expect(c.totals.holdoutPredictedConditional).toBeCloseTo(1653.4, 1);
    expect(c.totals.holdoutPredicted).toBe(c.totals.holdoutPredictedConditional);
    expect(c.totals.holdoutPredictedUnconditional).toBeCloseTo(1666.7, 1);
    expect(c.totals.holdoutPredictedUnconditional).toBeCloseTo(c.tracking[77].predictedCumulative - c.tracking[38].predictedCumulative, 6);
    expect(c.diagnostics).toEqual([]);
    expect(c.tracking.length).toBe(78);
    expect(c.tracking[38].actualCumulative).toBe(2457);
    expect(c.tracking[77].actualCumulative).toBe(4339);
    // The first holdout weeks: 50, 56, 49, 59, 47 repeat purchases (SOURCE.md).
    const weekly = c.tracking.slice(38, 44).map((p, i, a) => (i === 0 ? null : p.actualCumulative - a[i - 1].actualCumulative)).slice(1);
    expect(weekly).toEqual([50, 56, 49, 59, 47]);
    const zero = c.byFrequency.find((b) => b.x === '0')!;
    expect(zero.customers).toBe(1411);
    expect(zero.actual).toBeCloseTo(334 / 1411, 10);
    // At the calibration end every customer has had exactly T_i weeks: the tracking is Σ_i E[X(T_i)] there.
    const input = await loadClvInput(store.engine, { calibrationEnd: '1997-09-30', timeUnit: 'week' });
    const params = c.fit.params as { r: number; alpha: number; a: number; b: number };
    expect(c.tracking[38].predictedCumulative).toBeCloseTo(input.rows.reduce((a, r) => a + bgnbd.expectedPurchases(params, r.T), 0), 6);
    // The model's forecast is in the right range (the paper's Figure 2 tracks within a few percent).
    expect(Math.abs(c.tracking[77].predictedCumulative / 4339 - 1)).toBeLessThan(0.06);
  });

  it('predicts every customer: P(alive) in [0,1], CLV ≥ 0, and a customer checked by hand', async () => {
    const r = await predictAndSave(store.engine, { model: 'bgnbd', timeUnit: 'week', horizon: 52, discountRate: 0.01, margin: 0.25 });
    expect(r.predictions.length).toBe(2357);
    expect(r.purchaseFit).toMatchObject({ calibrationEnd: '1998-06-30', holdoutEnd: null });
    for (const p of r.predictions) {
      expect(p.pAlive).toBeGreaterThanOrEqual(0);
      expect(p.pAlive).toBeLessThanOrEqual(1);
      expect(p.clv).toBeGreaterThanOrEqual(0);
    }
    const stored = await store.engine.query<{ n: number }>('SELECT count(*) AS n FROM clv_predictions');
    expect(stored[0].n).toBe(2357);
    // By hand: Σ_k (E[Y(k)] − E[Y(k−1)]) / 1.01^k × spend × margin, with the fitted parameters.
    const c = r.predictions.find((p) => p.x >= 5)!;
    const params = r.purchaseFit.params as { r: number; alpha: number; a: number; b: number };
    let discounted = 0;
    for (let k = 1; k <= 52; k++) {
      const step = bgnbd.conditionalExpectedPurchases(params, k, c.x, c.tx, c.T) - bgnbd.conditionalExpectedPurchases(params, k - 1, c.x, c.tx, c.T);
      discounted += step / Math.pow(1.01, k);
    }
    const input = await loadClvInput(store.engine, { timeUnit: 'week' });
    const row = input.rows.find((x) => x.customerId === c.customerId)!;
    const spend = gammaGammaConditionalExpectedSpend(r.spendFit!.params, row.x, row.zbar!);
    expect(c.expectedSpend).toBeCloseTo(spend, 8);
    expect(c.clv).toBeCloseTo(discounted * spend * 0.25, 6);
    expect(c.expectedPurchases).toBeCloseTo(bgnbd.conditionalExpectedPurchases(params, 52, c.x, c.tx, c.T), 10);
    // Stored exactly as computed (the rows travel as JSON text).
    const [saved] = await store.engine.query<Record<string, unknown>>('SELECT * FROM clv_predictions WHERE customer_id = $1', [c.customerId]);
    expect(saved).toMatchObject({ fit_id: r.purchaseFit.fitId, model: 'bgnbd', x: c.x, t_x: c.tx, t: c.T, p_alive: c.pAlive, expected_purchases: c.expectedPurchases, expected_spend: c.expectedSpend, clv: c.clv, horizon: 52, time_unit: 'week', discount_rate: 0.01, margin: 0.25 });
  });

  it('time units scale the rate parameter and leave the shape parameters', async () => {
    const fit = async (timeUnit: 'day' | 'week' | 'month') => fitAndSave(store.engine, await loadClvInput(store.engine, { calibrationEnd: '1997-09-30', timeUnit }), 'bgnbd');
    const [day, week, month] = [await fit('day'), await fit('week'), await fit('month')];
    expect(day.params.alpha / week.params.alpha).toBeCloseTo(7, 2);
    expect(month.params.alpha / week.params.alpha).toBeCloseTo(7 / 30.4375, 3);
    for (const k of ['r', 'a', 'b']) {
      expect(day.params[k] / week.params[k]).toBeCloseTo(1, 3);
      expect(month.params[k] / week.params[k]).toBeCloseTo(1, 3);
    }
    // The likelihood of the same data changes only by the Jacobian of the time scale: x_i · ln(unit ratio) per customer.
    expect(day.logLikelihood - week.logLikelihood).toBeCloseTo(-2457 * Math.log(7), 1);
  });
});

describe('CLV input rules on a small store with returns, cancellations and unattributed lines', () => {
  let small: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    small = await tempStore();
    const csv = [
      'order_id,customer_id,ordered_at,quantity,amount,kind',
      // c1: two lines on the first day are one purchase (15).
      '1,c1,2024-01-01,1,10,sale',
      '2,c1,2024-01-01,1,5,sale',
      // A sale partly returned the same day: a purchase of 15.
      '3,c1,2024-01-03,2,20,sale',
      '4,c1,2024-01-03,-1,-5,return',
      // A sale cancelled the same day: no purchase.
      '5,c1,2024-01-05,1,8,sale',
      '6,c1,2024-01-05,-1,-8,cancel',
      // A return alone: no purchase.
      '7,c1,2024-01-06,-1,-4,return',
      // A free item: a purchase of 0 (as CDNOW's 0.00 lines).
      '8,c1,2024-01-08,1,0,sale',
      '9,c1,2024-01-12,1,30,sale',
      '10,c2,2024-01-02,1,50,sale',
      // c3 first buys after the calibration end; c4 on the calibration end itself.
      '11,c3,2024-01-11,1,10,sale',
      '12,c4,2024-01-10,1,7,sale',
      '13,c4,2024-01-15,1,3,sale',
      // Unattributed.
      '14,,2024-01-04,1,100,sale',
    ].join('\n');
    await importFiles(small.engine, { entity: 'orders', files: [small.dir.file('o.csv', csv)] });
  });
  afterAll(async () => small.close());

  it('merges days, nets returns on the day, drops cancelled days, counts late starters and newcomers', async () => {
    const input = await loadClvInput(small.engine, { calibrationEnd: '2024-01-10', timeUnit: 'day' });
    expect(input.holdoutEnd).toBe('2024-01-15');
    expect(input.lateStarters).toBe(1);
    expect(input.rows).toEqual([
      { customerId: 'c1', x: 2, tx: 7, T: 9, zbar: 7.5, xHoldout: 1 },
      { customerId: 'c2', x: 0, tx: 0, T: 8, zbar: null, xHoldout: 0 },
    ]);
    expect(input.newcomers).toEqual([{ customerId: 'c4', x: 0, tx: 0, T: 0, zbar: null, xHoldout: 1 }]);
  });

  it('converts days to weeks and months (30.4375 days) and defaults the calibration end to the last order day', async () => {
    const month = await loadClvInput(small.engine, { calibrationEnd: '2024-01-10', timeUnit: 'month' });
    expect(month.rows[0]).toMatchObject({ x: 2, tx: 7 / 30.4375, T: 9 / 30.4375 });
    const all = await loadClvInput(small.engine, { timeUnit: 'week' });
    expect(all.calibrationEnd).toBe('2024-01-15');
    expect(all.lateStarters).toBe(0);
    expect(all.rows.find((r) => r.customerId === 'c1')).toEqual({ customerId: 'c1', x: 3, tx: 11 / 7, T: 14 / 7, zbar: 15, xHoldout: 0 });
  });

  it('refuses a calibration end before the first order or not a date', async () => {
    await expect(loadClvInput(small.engine, { calibrationEnd: '2023-12-31', timeUnit: 'day' })).rejects.toThrow(/before the first order/);
    await expect(loadClvInput(small.engine, { calibrationEnd: '10/01/2024', timeUnit: 'day' })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
