import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo, type DemoFiles } from '../demo/index.js';
import { readCsvRecords } from '../test-support/csv.js';
import { tempStore } from '../test-support/temp.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { funnelOf, stageFunnels } from './stages.js';

describe('funnelOf', () => {
  it('names the biggest drop and the action that fits', () => {
    // 100 aware → 40 recognise (40%) → 30 trust (75%) → of 30 buyers 24 satisfied (80%): the drop is into 认可.
    const f = funnelOf('all', 'all', [100, 40, 30, 24], 30);
    expect(f.rates).toEqual([0.4, 0.75, 0.8]);
    expect(f.biggestDrop).toEqual({ into: 'recognition', zh: '认可', rate: 0.4, lost: 60, action: 'show the value' });
    expect(funnelOf('source', 'x', [10, 10, 10, 2], 10).biggestDrop).toMatchObject({ into: 'satisfaction', action: 'serve well', lost: 8 });
    expect(funnelOf('source', 'leads', [10, 5, 5, 0], 0).rates[2]).toBeNull();
  });
});

describe('purchase stages on the demo company', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  let files: DemoFiles;
  beforeAll(async () => {
    store = await tempStore();
    files = (await generateDemo({ customers: 1500, seed: 8, outDir: join(store.dir.dir, 'demo') })).files;
    await importDemoFiles(store.engine, files);
    await computeValue(store.engine, { config: normalizeValueConfig({}) });
  }, 120_000);
  afterAll(async () => store.close());

  it('recomputes the overall funnel from the files', async () => {
    const r = await stageFunnels(store.engine);
    const leads = readCsvRecords(files.leads);
    const orders = new Map<string, Set<string>>();
    for (const l of readCsvRecords(files.orders)) if (l.customer_id && l.kind === 'sale') orders.set(l.customer_id, (orders.get(l.customer_id) ?? new Set()).add(l.order_id));
    const sat = new Map<string, number[]>();
    for (const s of readCsvRecords(files.surveys)) if (s.satisfaction) sat.set(s.customer_id, [...(sat.get(s.customer_id) ?? []), Number(s.satisfaction)]);
    const buyers = [...orders.keys()];
    const satisfied = buyers.filter((id) => {
      const xs = sat.get(id);
      const mean = xs ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
      return (mean !== null && mean >= 4) || (orders.get(id)!.size >= 2 && (mean === null || mean >= 3));
    }).length;
    const recognisedLeads = leads.filter((l) => l.status === 'qualified' || l.status === 'won' || l.outcome === 'true').length;
    const wonLeads = leads.filter((l) => l.status === 'won' || l.outcome === 'true').length;
    expect(r.all!.counts).toEqual([leads.length + buyers.length, recognisedLeads + buyers.length, wonLeads + buyers.length, satisfied]);
    expect(r.all!.buyers).toBe(buyers.length);
    expect(r.bySegment.reduce((a, f) => a + f.counts[0], 0)).toBe(r.all!.counts[0]);
    expect(r.bySource.reduce((a, f) => a + f.counts[3], 0)).toBe(satisfied);
  });
});
