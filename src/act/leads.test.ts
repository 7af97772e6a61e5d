import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { campaignExport, loadLeadContacts } from './contacts.js';
import { SCORE_EXTRA_HEADERS, scoreItems, scoreLeads } from './leads.js';
import { calibrationError } from './metrics.js';

/**
 * 100 known leads: tier b (40) all won, tier a (60) all lost, so tier separates them perfectly and the held-out
 * AUC is 1 whatever the split. `status` restates the outcome and `call_secs` (like Bank Marketing's duration) is
 * known only afterwards: neither may become a feature. Two open leads, one per tier; the b lead opted out.
 */
let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
  const lines = ['lead_id,name,email,tier,call_secs,status,outcome,unsubscribed'];
  for (let i = 0; i < 100; i++) {
    const won = i < 40;
    lines.push(`K${String(i).padStart(3, '0')},Known ${i},k${i}@example.com,${won ? 'b' : 'a'},${won ? 300 : 20},${won ? 'won' : 'lost'},${won},no`);
  }
  lines.push('OPEN-A,Open A,a@example.com,a,,new,,no', 'OPEN-B,Open B,b@example.com,b,,new,,yes');
  await importFiles(store.engine, { entity: 'leads', files: [store.dir.file('leads.csv', lines.join('\n') + '\n')] });
});
afterAll(async () => store.close());

describe('scoreLeads on hand-built leads', () => {
  it('splits by outcome, learns the tier, never status or the excluded column, and stores the open scores', async () => {
    const r = await scoreLeads(store.engine, { holdout: 0.25, seed: 3, exclude: ['call_secs'], lambda: 1 });
    expect([r.known, r.open]).toEqual([100, 2]);
    // Stratified: round(40 × 0.25) = 10 won and round(60 × 0.25) = 15 lost held out.
    expect([r.train, r.test]).toEqual([75, 25]);
    expect(r.positiveRate).toBe(0.4);
    expect(r.auc).toBe(1);
    // Features: tier=b only (a, the most common level, is the reference; unsubscribed has one level, no column).
    expect(r.features).toBe(1);
    expect(r.topFactors.map((f) => f.feature)).toEqual(['tier=b']);
    expect(r.topFactors[0].coefficient).toBeGreaterThan(0);
    expect(r.scored.map((s) => s.leadId)).toEqual(['OPEN-B', 'OPEN-A']);
    // The a lead's tier=b value is 0: nothing to explain. The b lead's factor is the coefficient × 1.
    expect(r.scored[0].factors).toEqual([`tier=b +${r.topFactors[0].coefficient.toFixed(2)}`]);
    expect(r.scored[1].factors).toEqual([]);
    // The factor is the lead's term in the log-odds: logit(p_b) − logit(p_a), the two leads differing only in tier.
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(r.scored[0].factors[0]).toBe(`tier=b +${(logit(r.scored[0].score) - logit(r.scored[1].score)).toFixed(2)}`);
    const stored = await store.engine.query<{ lead_id: string; factors: string }>('SELECT lead_id, factors FROM lead_scores ORDER BY lead_id');
    expect(stored.map((s) => s.lead_id)).toEqual(['OPEN-A', 'OPEN-B']);
    expect(r.calibrationSummary.observed).toBe(10 / 25);
    expect(r.calibrationSummary.error).toBeCloseTo(calibrationError(r.calibration), 12);
  });

  it('exports the open leads best first, leaving out the one whose file says unsubscribed', async () => {
    const r = await scoreLeads(store.engine, { holdout: 0.25, seed: 3, exclude: ['call_secs'], lambda: 1 });
    const x = campaignExport(scoreItems(r), await loadLeadContacts(store.engine), SCORE_EXTRA_HEADERS, 'leads');
    expect(x.headers).toEqual(['lead_id', 'name', 'email', 'phone', 'company', 'reason', 'offer', 'score', 'rank', 'top_factors']);
    expect(x.rows.map((row) => [row[0], row[1], row[2], row[6], row[8]])).toEqual([['OPEN-A', 'Open A', 'a@example.com', 'contact, priority 2 of 2', 2]]);
    expect([x.optedOut, x.optedOutCustomers]).toEqual([1, 1]);
  });

  it('needs five won and five lost leads', async () => {
    const s = await tempStore();
    try {
      await importFiles(s.engine, { entity: 'leads', files: [s.dir.file('l.csv', 'lead_id,tier,outcome\n1,a,true\n2,b,false\n')] });
      await expect(scoreLeads(s.engine, { holdout: 0.25, seed: 1, exclude: [], lambda: 1 })).rejects.toThrow(/at least 5 won and 5 lost/);
    } finally {
      await s.close();
    }
  });
});

describe('calibrationError', () => {
  it('is the count-weighted mean gap between predicted and observed rates', () => {
    // (2·|0.1 − 0| + 3·|0.6 − 1|) / 5 = (0.2 + 1.2) / 5 = 0.28
    expect(calibrationError([{ n: 2, predicted: 0.1, observed: 0 }, { n: 3, predicted: 0.6, observed: 1 }])).toBeCloseTo(0.28, 12);
    expect(calibrationError([])).toBe(0);
  });
});
