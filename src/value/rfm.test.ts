import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from './config.js';
import { computeValue } from './portfolio.js';
import { RFM_SEGMENTS, segmentsOf } from './rfm.js';

describe('RFM grid', () => {
  it('gives each of the 25 R×F cells exactly one named segment', () => {
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(segmentsOf(r, f), `R${r} F${f}`).toHaveLength(1);
    const cells = RFM_SEGMENTS.reduce((n, s) => n + (s.r[1] - s.r[0] + 1) * (s.f[1] - s.f[0] + 1), 0);
    expect(cells).toBe(25);
  });

  it('follows DESIGN.md §3', () => {
    expect([segmentsOf(5, 5), segmentsOf(5, 1), segmentsOf(4, 1), segmentsOf(3, 3), segmentsOf(1, 5), segmentsOf(2, 2), segmentsOf(4, 4)].flat()).toEqual([
      'Champions', 'New', 'Promising', 'Need Attention', "Can't Lose", 'Hibernating', 'Loyal',
    ]);
  });
});

describe('RFM ties', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    store = await tempStore();
    // Ten customers with identical behaviour: every score is decided by the customer id alone.
    const lines = ['order_id,customer_id,ordered_at,quantity,unit_price'];
    for (let i = 0; i < 10; i++) lines.push(`o${i},c${i},2024-05-01,1,10`);
    await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', lines.join('\n') + '\n')] });
  });
  afterAll(async () => store.close());

  it('breaks ties by customer id, the same way on every run', async () => {
    const config = normalizeValueConfig({});
    const read = () => store.engine.query<{ customer_id: string; r: number; f: number; m: number }>('SELECT customer_id, r, f, m FROM customer_value ORDER BY customer_id');
    await computeValue(store.engine, { config });
    const first = await read();
    // ntile(5) over (value, id) on 10 rows: two per tile, ids in order; recency orders by recency DESC then id.
    expect(first.map((x) => x.f)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(first.map((x) => x.m)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(first.map((x) => x.r)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    await computeValue(store.engine, { config, force: true });
    expect(await read()).toEqual(first);
  });
});
