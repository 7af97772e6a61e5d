import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { predictAndSave } from '../clv/store.js';
import { importFiles } from '../data/import.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { churnReport } from './churn.js';

/** Days since 1970 of a YYYYMMDD date. */
const day = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8))) / 86_400_000;

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
  await importFiles(store.engine, { entity: 'orders', files: [sharedData('cdnow', 'CDNOW_sample.txt')], preset: 'cdnow' });
  await predictAndSave(store.engine, { model: 'bgnbd', timeUnit: 'week', horizon: 52, discountRate: 0.002 });
});
afterAll(async () => store.close());

describe('churn on CDNOW (the 2,357-customer sample) with BG/NBD predictions', () => {
  it('lists exactly the customers with P(alive) < 0.5 or silent for two of their gaps, recomputed from the file', async () => {
    const r = await churnReport(store.engine, normalizeValueConfig({}));
    expect(r.asOf).toBe('1998-06-30');
    expect(r.pAlive).toMatchObject({ source: 'model', model: 'bgnbd' });
    // Purchase days per customer (master id), straight from the file.
    const days = new Map<string, Set<number>>();
    for (const line of readFileSync(sharedData('cdnow', 'CDNOW_sample.txt'), 'utf8').split(/\r?\n/)) {
      const f = line.trim().split(/\s+/);
      if (f.length !== 5) continue;
      if (!days.has(f[0])) days.set(f[0], new Set());
      days.get(f[0])!.add(day(f[2]));
    }
    const asOf = day('19980630');
    const own = new Map<string, number | null>();
    for (const [id, ds] of days) {
      const sorted = [...ds].sort((a, b) => a - b);
      own.set(id, sorted.length >= 2 ? Math.max(sorted[sorted.length - 1] - sorted[0], 1) / (sorted.length - 1) : null);
    }
    const gaps = [...own.values()].filter((g): g is number => g !== null).sort((a, b) => a - b);
    const h = (gaps.length - 1) / 2;
    const median = gaps[Math.floor(h)] + (h - Math.floor(h)) * (gaps[Math.ceil(h)] - gaps[Math.floor(h)]);
    expect(r.rules.medianGapDays).toBeCloseTo(median, 9);
    const pAlive = new Map((await store.engine.query<{ customer_id: string; p_alive: number }>('SELECT customer_id, p_alive FROM clv_predictions')).map((p) => [p.customer_id, p.p_alive]));
    const expected = [...days.keys()].filter((id) => {
      const last = Math.max(...days.get(id)!);
      const overdue = (asOf - last) / Math.max(own.get(id) ?? median, 1);
      return pAlive.get(id)! < 0.5 || overdue >= 2;
    });
    expect(r.buyers).toBe(2357);
    expect(r.customers.map((c) => c.customerId).sort()).toEqual(expected.sort());
    // BG/NBD gives P(alive) = 1 to customers with no repeat purchase: only their recency can put them at risk.
    for (const c of r.customers.filter((x) => x.gapAssumed)) expect(c.signals).toEqual(['overdue']);
    console.log(`CDNOW churn: ${r.atRisk} of ${r.buyers} at risk (${r.customers.filter((c) => c.signals.includes('p_alive')).length} by P(alive) < 0.5), revenue at risk ${Math.round(r.valueAtRisk)} a year; annual retention ${(r.economics!.retention * 100).toFixed(1)}%, 5 points less churn: +${(r.economics!.cuts[0].lifetimeProfitChange * 100).toFixed(1)}% lifetime revenue`);
  });

  it('measures retention over two 273-day windows (546 days of history), counted from the file', async () => {
    const r = await churnReport(store.engine, normalizeValueConfig({}));
    const asOf = day('19980630');
    let prior = 0;
    let retained = 0;
    let active = 0;
    const seen = new Map<string, { recent: boolean; prior: boolean }>();
    for (const line of readFileSync(sharedData('cdnow', 'CDNOW_sample.txt'), 'utf8').split(/\r?\n/)) {
      const f = line.trim().split(/\s+/);
      if (f.length !== 5) continue;
      const ago = asOf - day(f[2]);
      const s = seen.get(f[0]) ?? { recent: false, prior: false };
      if (ago >= 0 && ago < 273) s.recent = true;
      if (ago >= 273 && ago < 546) s.prior = true;
      seen.set(f[0], s);
    }
    for (const s of seen.values()) {
      if (s.prior) prior++;
      if (s.prior && s.recent) retained++;
      if (s.recent) active++;
    }
    const e = r.economics!;
    expect([e.windowDays, e.active]).toEqual([273, active]);
    expect(e.windowRetention).toBeCloseTo(retained / prior, 12);
    expect(e.retention).toBeCloseTo((retained / prior) ** (365 / 273), 12);
  });
});
