import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../engine/store.js';
import { runCli } from '../../test-support/cli.js';
import { sharedData } from '../../test-support/shared-data.js';
import { tempDir } from '../../test-support/temp.js';
import { EXIT } from '../main.js';

// The built CLI on a store with the CDNOW sample (npm test builds first).
const dir = tempDir();
const db = `${dir.dir}/cdnow.duckdb`;
const clv = (...args: string[]) => runCli(['--db', db, 'clv', ...args]);
const json = async (...args: string[]) => {
  const r = await clv(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};

beforeAll(async () => {
  expect((await runCli(['--db', db, 'import', 'orders', sharedData('cdnow', 'CDNOW_sample.txt'), '--preset', 'cdnow', '--json'])).code).toBe(0);
});
afterAll(() => dir.cleanup());

describe('clientele clv on CDNOW', () => {
  it('fit --model gamma-gamma gives the published p, q, γ (Fader & Hardie 2013) within 1%, named as in the paper', async () => {
    const out = await json('fit', '--model', 'gamma-gamma', '--calibration-end', '1997-09-30');
    expect(Object.keys(out.params)).toEqual(['p', 'q', 'gamma']);
    for (const [k, v] of Object.entries({ p: 6.25, q: 3.74, gamma: 15.44 })) expect(Math.abs(out.params[k] / v - 1), k).toBeLessThan(0.01);
    expect(out.customers).toBe(946);
    expect(out).toMatchObject({ model: 'gamma-gamma', timeUnit: 'week', calibrationEnd: '1997-09-30' });
  });

  it('fit names Pareto/NBD and MBG/NBD parameters as in the papers', async () => {
    expect(Object.keys((await json('fit', '--model', 'pareto-nbd', '--calibration-end', '1997-09-30')).params)).toEqual(['r', 'alpha', 's', 'beta']);
    expect(Object.keys((await json('fit', '--model', 'mbgnbd', '--calibration-end', '1997-09-30')).params)).toEqual(['r', 'alpha', 'a', 'b']);
  });

  it('check --json gives chartable arrays: 1,882 holdout repeat purchases, 4,339 cumulative by week 78', async () => {
    const out = await json('check', '--calibration-end', '1997-09-30');
    expect(out.totals.holdoutActual).toBe(1882);
    expect(out.tracking).toHaveLength(78);
    expect(out.tracking[77]).toMatchObject({ period: 78, actualCumulative: 4339, holdout: true });
    expect(out.byFrequency.map((b: { x: string }) => b.x)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(out.byFrequency.reduce((a: number, b: { customers: number }) => a + b.customers, 0)).toBe(2357);
    expect(out.lateStartersExcluded).toBe(0);
  });

  it('check defaults the calibration end to halfway between the first and the last order day', async () => {
    // 1997-01-01 … 1998-06-30 is 545 days; halfway is day 272, 1997-09-30.
    expect((await json('check')).calibrationEnd).toBe('1997-09-30');
  });

  it('predict writes every customer to clv_predictions and a CSV, with the margin flagged as assumed', async () => {
    const csv = `${dir.dir}/p.csv`;
    const out = await json('predict', '--horizon', '52', '--discount-rate', '0.002', '--out', csv);
    expect(out.margin).toEqual({ margin: 0.3, source: 'assumed' });
    expect(out.customers).toBe(2357);
    expect(out.top).toHaveLength(10);
    expect(out.top[0].clv).toBeGreaterThanOrEqual(out.top[9].clv);
    const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('\uFEFFcustomer_id,x,t_x,T,p_alive,expected_purchases,expected_spend,clv');
    expect(lines).toHaveLength(2358);
    const text = await clv('predict', '--horizon', '52', '--discount-rate', '0.002');
    expect(text.stdout).toMatch(/30\.0% \(ASSUMED/);
    const engine = await openStore(db);
    try {
      const [s] = await engine.query<{ n: number; clv: number; bad: number }>(
        'SELECT count(*) AS n, sum(clv) AS clv, count(*) FILTER (WHERE p_alive < 0 OR p_alive > 1 OR clv < 0) AS bad FROM clv_predictions',
      );
      expect(s).toMatchObject({ n: 2357, bad: 0 });
      expect(s.clv).toBeCloseTo(out.totalClv, 4);
    } finally {
      await engine.close();
    }
  });

  it('refuses a bad model, unit, date or horizon with the usage exit code', async () => {
    expect((await clv('fit', '--model', 'magic')).code).toBe(EXIT.usage);
    expect((await clv('fit', '--time-unit', 'year')).code).toBe(EXIT.usage);
    expect((await clv('fit', '--calibration-end', '30/09/1997')).code).toBe(EXIT.usage);
    expect((await clv('predict', '--horizon', '0', '--discount-rate', '0')).code).toBe(EXIT.usage);
    expect((await clv('check', '--calibration-end', '1998-06-30')).code).toBe(EXIT.usage);
  });
});
