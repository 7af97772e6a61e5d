/**
 * Products with costs that no order line is one of (a shop export whose lines carry only a product name) give no cost
 * of goods: the value run must keep calling the figures revenue, not profit (QA finding 6).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from './config.js';
import { computeValue } from './portfolio.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.close());

const config = normalizeValueConfig({});
const products = 'product_id,name,unit_cost\nP1,Tea,4\nP2,Cup,12.5\n';

describe('products that no order line matches', () => {
  it('leave the run on revenue, and say why', async () => {
    const orders = 'order_id,customer_id,ordered_at,product_name,quantity,unit_price\nA,C1,2024-01-02,Tea,2,10\nB,C2,2024-01-03,Cup,1,30\nC,C1,2024-02-03,Tea,1,10\n';
    await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', orders)] });
    const p = await importFiles(store.engine, { entity: 'products', files: [store.dir.file('p.csv', products)] });
    expect(p.files[0].notes).toContain('the products match 0 of 3 order lines (lines match products by product id); the other lines have no cost from products');
    const v = await computeValue(store.engine, { config, force: true });
    expect(v.sources.costOfGoods).toBe('none');
    expect(v.basis).toBe('revenue');
    expect(v.profit.available).toBe(false);
    expect(v.assumed.notes.join('\n')).toMatch(/no order line is one of them/);
  });

  it('count when the lines are theirs: profit = revenue − the lines\' costs', async () => {
    const orders = 'order_id,customer_id,ordered_at,product_id,quantity,unit_price\nA,C1,2024-01-02,P1,2,10\nB,C2,2024-01-03,P2,1,30\nC,C1,2024-02-03,P1,1,10\n';
    await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', orders)] });
    await importFiles(store.engine, { entity: 'products', files: [store.dir.file('p.csv', products)] });
    const v = await computeValue(store.engine, { config, force: true });
    expect(v.sources.costOfGoods).toBe('products');
    expect(v.basis).toBe('profit');
    // Revenue 20 + 30 + 10 = 60; cost 3 × 4 + 12.5 = 24.5.
    expect(v.profit.profit).toBeCloseTo(60 - 24.5, 9);
  });
});
