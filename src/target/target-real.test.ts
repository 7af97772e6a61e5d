import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDemoFiles } from '../cli/commands/demo.js';
import { importFiles } from '../data/import.js';
import { generateDemo } from '../demo/index.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { normalizeCompany } from './company.js';
import { loadSegmentFigures, scoreTargets } from './target.js';

const config = normalizeValueConfig({});

async function recommendations(setup: (s: Awaited<ReturnType<typeof tempStore>>) => Promise<void>) {
  const store = await tempStore();
  try {
    await setup(store);
    const company = normalizeCompany({ priceTier: 'mid', serviceCapacity: 'medium' });
    const { rows } = await loadSegmentFigures(store.engine, 'rfm', company, config);
    return { rows, scored: scoreTargets(rows, company) };
  } finally {
    await store.close();
  }
}

describe('target on real and demo data', () => {
  it('recommends targets for customer_personality, with reasons that cite its figures', async () => {
    const { rows, scored } = await recommendations(async (s) => {
      const file = sharedData('customer_personality', 'marketing_campaign.csv');
      await importFiles(s.engine, { entity: 'customers', files: [file], preset: 'customer-personality' });
      const r = await importFiles(s.engine, { entity: 'orders', files: [file], preset: 'customer-personality-spend' });
      expect(r).toMatchObject({ rowsRead: 2240 * 6, quarantined: 0 });
    });
    // Every buyer is in exactly one RFM segment, and their spend adds up to the file's Mnt* total.
    expect(rows.reduce((a, r) => a + r.customers, 0)).toBe(2240);
    const rec = scored.filter((s) => s.recommended);
    expect(rec.length).toBeGreaterThan(0);
    for (const s of rec) {
      expect(s.strategy).not.toBeNull();
      expect(s.reasons[0]).toMatch(new RegExp(`^${s.customers.toLocaleString('en-US')} customers .* profit [\\d,-]+`));
    }
  });

  it('recommends targets for the demo company, with reasons that cite its figures', async () => {
    const { scored } = await recommendations(async (s) => {
      const demo = await generateDemo({ customers: 1200, seed: 5, outDir: join(s.dir.dir, 'demo') });
      await importDemoFiles(s.engine, demo.files);
    });
    const rec = scored.filter((s) => s.recommended);
    expect(rec.length).toBeGreaterThan(0);
    expect(rec.every((s) => s.profit >= 0 && s.attractiveness >= 50 && s.fit >= 50)).toBe(true);
    expect(rec[0].reasons.join(' ')).toMatch(/\d+ customers \(\d+% of buyers\), profit [\d,]+/);
  });
});
