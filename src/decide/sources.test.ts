import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo, type DemoFiles } from '../demo/index.js';
import { readCsvRecords } from '../test-support/csv.js';
import { tempStore } from '../test-support/temp.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { combineSources, sourcesReport } from './sources.js';

describe('combineSources', () => {
  it('puts lead sources and channels of one name on one line and ranks by value per lead', () => {
    const r = combineSources(
      [{ source: 'ads', leads: 10, closed: 8, won: 2 }, { source: 'referral', leads: 5, closed: 4, won: 2 }],
      [{ channel: 'ads', customers: 100, mature: 50, profit12: 1000, meanClv: 200 }, { channel: 'referral', customers: 10, mature: 10, profit12: 300, meanClv: 150 }],
      new Map([['ads', 5000]]),
    );
    // ads: conversion 0.25, cost 50 per customer → 0.25 · (200 − 50) = 37.5; referral: 0.5 · 150 = 75.
    expect(r.lines.map((l) => [l.source, l.conversion, l.profit12, l.costPerCustomer, l.valuePerLead])).toEqual([['ads', 0.25, 20, 50, 37.5], ['referral', 0.5, 30, null, 75]]);
    expect(r.best).toBe('referral');
  });

  it('never names the unknown source as the place for the next budget', () => {
    // A shop export: every customer without a channel, no leads at all: nothing to recommend.
    const shop = combineSources([], [{ channel: '(unknown)', customers: 41, mature: 41, profit12: 318_474, meanClv: 7767.66 }]);
    expect(shop.lines.map((l) => l.source)).toEqual(['(unknown)']);
    expect(shop.best).toBeNull();
    // Unknown leads that convert best, and unknown customers worth the most: the best known source is named.
    const mixed = combineSources(
      [{ source: '(unknown)', leads: 10, closed: 10, won: 9 }, { source: 'ads', leads: 10, closed: 10, won: 1 }],
      [{ channel: '(unknown)', customers: 5, mature: 5, profit12: 5000, meanClv: 900 }, { channel: 'ads', customers: 5, mature: 5, profit12: 50, meanClv: 100 }],
    );
    expect(mixed.best).toBe('ads');
  });
});

describe('sources on the demo company', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  let files: DemoFiles;
  beforeAll(async () => {
    store = await tempStore();
    files = (await generateDemo({ customers: 1500, seed: 9, outDir: join(store.dir.dir, 'demo') })).files;
    await importDemoFiles(store.engine, files);
  }, 120_000);
  afterAll(async () => store.close());

  it('recomputes conversion and the first-12-month profit per channel from the files', async () => {
    const v = await computeValue(store.engine, { config: normalizeValueConfig({}) });
    const r = await sourcesReport(store.engine, v.asOf, null);
    const leads = readCsvRecords(files.leads);
    for (const l of r.lines.filter((x) => x.leads !== null)) {
      const mine = leads.filter((x) => x.source === l.source);
      expect(l.leads).toBe(mine.length);
      expect(l.won).toBe(mine.filter((x) => x.outcome === 'true').length);
      expect(l.closed).toBe(mine.filter((x) => x.outcome !== '').length);
    }
    const products = new Map(readCsvRecords(files.products).map((p) => [p.product_id, p]));
    const first = new Map<string, string>();
    const lines = readCsvRecords(files.orders).filter((l) => l.customer_id && l.ordered_at.slice(0, 10) <= v.asOf);
    for (const l of lines) if (l.kind === 'sale' && (!first.has(l.customer_id) || l.ordered_at.slice(0, 10) < first.get(l.customer_id)!)) first.set(l.customer_id, l.ordered_at.slice(0, 10));
    const plus = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const cutoff = plus(v.asOf, -365);
    const margin = new Map<string, number>();
    for (const l of lines) {
      const f = first.get(l.customer_id);
      const d = l.ordered_at.slice(0, 10);
      if (!f || f > cutoff || d < f || d >= plus(f, 365)) continue;
      const qty = Number(l.quantity);
      const net = qty * Number(l.unit_price) - Number(l.discount || 0) * (l.kind === 'sale' ? 1 : -1);
      const p = products.get(l.product_id);
      const cogs = p?.unit_cost ? qty * Number(p.unit_cost) : p?.margin_rate ? net * (1 - Number(p.margin_rate)) : 0;
      margin.set(l.customer_id, (margin.get(l.customer_id) ?? 0) + net - cogs);
    }
    for (const s of readCsvRecords(files['service-costs'])) {
      const f = first.get(s.customer_id);
      if (f && f <= cutoff && s.at >= f && s.at < plus(f, 365)) margin.set(s.customer_id, (margin.get(s.customer_id) ?? 0) - Number(s.cost));
    }
    const customers = readCsvRecords(files.customers);
    for (const l of r.lines.filter((x) => x.customers !== null)) {
      const mature = customers.filter((c) => (c.channel || '(unknown)') === l.source && first.has(c.customer_id) && first.get(c.customer_id)! <= cutoff);
      expect(l.mature, l.source).toBe(mature.length);
      expect(l.profit12!, l.source).toBeCloseTo(mature.reduce((a, c) => a + (margin.get(c.customer_id) ?? 0), 0) / mature.length, 6);
    }
  });
});
