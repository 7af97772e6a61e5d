import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { latestScreening, rescreen } from './migrate.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
  // A buys in January only; B in January and again in June; C first buys in June.
  const csv = 'order_id,customer_id,ordered_at,amount\n1,A,2024-01-05,100\n2,B,2024-01-06,50\n3,B,2024-06-10,400\n4,C,2024-06-20,30\n';
  await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', csv)] });
});
afterAll(async () => store.close());

describe('rescreen', () => {
  it('counts who stayed, who is new, and who rose or fell, by hand', async () => {
    const r = await rescreen(store.engine, '2024-02-01', '2024-06-30', normalizeValueConfig({}));
    expect(r.customers).toEqual({ both: 2, new: 1, gone: 0 });
    // Profit equals net revenue here (no costs): B rose from 50 to 450; A stayed at 100.
    expect(r.risers.map((x) => [x.customerId, x.from, x.to, x.change])).toEqual([['B', 50, 450, 400]]);
    expect(r.fallers).toEqual([]);
    expect(r.segments.reduce((a, m) => a + m.customers, 0)).toBe(2);
    expect(r.tiers.reduce((a, m) => a + m.customers, 0)).toBe(2);
    expect((await latestScreening(store.engine))?.to).toBe('2024-06-30');
    await expect(rescreen(store.engine, '2024-06-30', '2024-02-01', normalizeValueConfig({}))).rejects.toThrow(/must be before/);
  });
});
