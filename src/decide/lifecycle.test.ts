import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo, type DemoFiles } from '../demo/index.js';
import { readCsvRecords } from '../test-support/csv.js';
import { tempStore } from '../test-support/temp.js';
import { countRule } from '../segment/index.js';
import { rescreen } from '../target/index.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { lifecycleReport } from './lifecycle.js';

let store: Awaited<ReturnType<typeof tempStore>>;
let files: DemoFiles;
beforeAll(async () => {
  store = await tempStore();
  files = (await generateDemo({ customers: 1500, seed: 4, outDir: join(store.dir.dir, 'demo') })).files;
  await importDemoFiles(store.engine, files);
}, 120_000);
afterAll(async () => store.close());

const days = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const shift = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('relationship life cycle on the demo company', () => {
  it('places every buyer on one stage by the stated rule, recomputed from the order file', async () => {
    const v = await computeValue(store.engine, { config: normalizeValueConfig({}) });
    const r = await lifecycleReport(store.engine, v.asOf);
    const recentFrom = shift(v.asOf, -364);
    const priorFrom = shift(v.asOf, -729);
    const c = new Map<string, { first: string; last: string; orders: Set<string>; recent: number; prior: number }>();
    for (const l of readCsvRecords(files.orders)) {
      const d = l.ordered_at.slice(0, 10);
      if (!l.customer_id || d > v.asOf) continue;
      const e = c.get(l.customer_id) ?? { first: '9999', last: '0000', orders: new Set<string>(), recent: 0, prior: 0 };
      const net = Number(l.quantity) * Number(l.unit_price) - Number(l.discount || 0) * (l.kind === 'sale' ? 1 : -1);
      if (l.kind === 'sale') {
        e.orders.add(l.order_id);
        if (d < e.first) e.first = d;
        if (d > e.last) e.last = d;
      }
      if (d >= recentFrom) e.recent += net;
      else if (d >= priorFrom) e.prior += net;
      c.set(l.customer_id, e);
    }
    const tally = { exploration: 0, formation: 0, stability: 0, decline: 0 };
    for (const e of c.values()) {
      if (e.first === '9999') continue;
      const tenure = days(e.first, v.asOf);
      const recency = days(e.last, v.asOf);
      const n = e.orders.size;
      const gap = n > 1 ? days(e.first, e.last) / (n - 1) : 0;
      const stage =
        tenure < 90 || (n < 2 && tenure <= 365) ? 'exploration'
        : n < 2 || recency > Math.max(90, 3 * gap) || (e.prior > 0 && e.recent < 0.5 * e.prior) ? 'decline'
        : tenure < 365 || e.prior <= 0 || e.recent >= 1.2 * e.prior ? 'formation'
        : 'stability';
      tally[stage]++;
    }
    expect(Object.fromEntries(r.stages.map((x) => [x.stage, x.customers]))).toEqual(tally);
    for (const x of r.stages) expect(x.customers).toBeGreaterThan(0);
    expect(r.stages.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1, 12);
  });

  it('is a segment field and shows in re-screening', async () => {
    const config = normalizeValueConfig({});
    const v = await computeValue(store.engine, { config });
    const r = await lifecycleReport(store.engine, v.asOf);
    for (const x of r.stages) expect(await countRule(store.engine, `lifecycle = "${x.stage}"`, config), x.stage).toBe(x.customers);
    const sc = await rescreen(store.engine, '2024-06-30', '2024-12-31', normalizeValueConfig({}));
    expect(sc.stages!.reduce((a, m) => a + m.customers, 0)).toBe(sc.customers.both);
    expect(sc.stages!.some((m) => m.from === 'formation' && m.to === 'stability')).toBe(true);
  });
});
