import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempStore } from '../test-support/temp.js';
import { scoreLeads } from './leads.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
  await importFiles(store.engine, { entity: 'leads', files: [sharedData('bank_marketing', 'bank-additional-full.csv')], preset: 'bank-marketing' });
});
afterAll(async () => store.close());

describe('lead scoring on UCI Bank Marketing (bank-additional-full)', () => {
  it('reaches a held-out AUC of at least 0.78 without the duration column', async () => {
    const r = await scoreLeads(store.engine, { holdout: 0.25, seed: 1, exclude: ['duration'], lambda: 1 });
    expect(r.known).toBe(41_188);
    expect(r.test).toBe(Math.round(4640 * 0.25) + Math.round(36548 * 0.25));
    expect(r.positiveRate).toBeCloseTo(4640 / 41188, 10);
    expect(r.excluded).toEqual(['duration']);
    expect(r.topFactors.some((f) => f.feature.startsWith('duration'))).toBe(false);
    expect(r.auc).toBeGreaterThanOrEqual(0.78);
    // Calibrated: the top decile's predicted and observed rates agree within a few points.
    const top = r.calibration[r.calibration.length - 1];
    expect(Math.abs(top.predicted - top.observed)).toBeLessThan(0.06);
    expect(r.calibrationSummary.error).toBeLessThan(0.02);
    console.log(`bank-additional-full held-out AUC ${r.auc.toFixed(4)}, Brier ${r.brier.toFixed(4)}, calibration error ${r.calibrationSummary.error.toFixed(4)} (mean predicted ${r.calibrationSummary.meanPredicted.toFixed(4)}, observed ${r.calibrationSummary.observed.toFixed(4)}), ${r.features} features`);
  });
});
