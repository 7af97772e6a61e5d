import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { campaignExport, loadContacts } from './contacts.js';
import { describeUpgrade, recommend } from './recommend.js';
import { hitRate } from './recommend-eval.js';

/**
 * Six customers. A and B go together (bought by c1, c2, c3); C is bought by everyone but c6 (popular, no lift
 * with A); D only by c4 and c5. For c4 (owns B, C, D): A's lift with B is 6·3/(3·4) = 1.5 and P(A|B) = 3/4.
 */
const baskets: Record<string, string[]> = { c1: ['A', 'B', 'C'], c2: ['A', 'B', 'C'], c3: ['A', 'B', 'C'], c4: ['B', 'C', 'D'], c5: ['C', 'D'], c6: ['E'] };

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
  const lines = ['order_id,customer_id,ordered_at,product_id,quantity,unit_price'];
  let n = 0;
  for (const [c, ps] of Object.entries(baskets)) for (const p of ps) lines.push(`O${++n},${c},2024-01-0${1 + (n % 9)},${p},1,10`);
  // Upsell: c1 buys E in 1s over four orders; other buyers take 10s (at a lower unit price).
  for (let i = 0; i < 4; i++) lines.push(`U${i},c1,2024-02-0${i + 1},E,1,10`);
  for (const c of ['c2', 'c3', 'c4', 'c5', 'c6']) lines.push(`V${c},${c},2024-03-01,E,10,8`);
  const orders = store.dir.file('orders.csv', lines.join('\n') + '\n');
  const customers = store.dir.file('customers.csv', 'customer_id,name,email,opt_out\nc1,One,one@example.com,false\nc4,Four,four@example.com,true\n');
  await importFiles(store.engine, { entity: 'customers', files: [customers] });
  await importFiles(store.engine, { entity: 'orders', files: [orders] });
});
afterAll(async () => store.close());

describe('cross-sell by co-occurrence', () => {
  it('recommends products with lift > 1 and enough support, never what the customer owns', async () => {
    const r = await recommend(store.engine, { customer: 'c4', minSupport: 2, excludeProducts: [], top: 5 });
    // A (with B: lift 1.5, P(A|B) = 3/4; with C: lift 6·3/(3·5) = 1.2, P(A|C) = 3/5) → 0.75 + 0.6.
    expect(r.crossSell.map((c) => [c.productId, Number(c.score.toFixed(6)), c.because.productId])).toEqual([['A', 1.35, 'B']]);
    // c5 owns C and D: D→B has support 1 only, C→A lift 1.2 → A; C→B: co 4, lift 6·4/(4·5) = 1.2, P(B|C) = 4/5.
    const r5 = await recommend(store.engine, { customer: 'c5', minSupport: 2, excludeProducts: [], top: 5 });
    expect(r5.crossSell.map((c) => [c.productId, Number(c.score.toFixed(6))])).toEqual([['B', 0.8], ['A', 0.6]]);
    // A higher minimum support removes the pairs.
    expect((await recommend(store.engine, { customer: 'c5', minSupport: 4, excludeProducts: [], top: 5 })).crossSell.map((c) => c.productId)).toEqual(['B']);
  });

  it('leaves excluded products (service lines) out', async () => {
    const r = await recommend(store.engine, { customer: 'c5', minSupport: 2, excludeProducts: ['b'] });
    expect(r.crossSell.map((c) => c.productId)).toEqual(['A']);
  });

  it('offers a volume upgrade to a repeat small buyer, with the unit price at the larger quantity', async () => {
    const r = await recommend(store.engine, { customer: 'c1', minSupport: 2, excludeProducts: [] });
    expect(r.upsell).toHaveLength(1);
    const u = r.upsell[0];
    expect([u.productId, u.orders, u.typicalQuantity, u.suggestedQuantity, u.unitPrice, u.bigUnitPrice]).toEqual(['E', 4, 1, 10, 10, 8]);
    expect(describeUpgrade(u).offer).toBe('E (E) in quantities of 10, at 8.00 a unit instead of 10.00');
  });

  it('exports with contact fields and leaves opted-out customers out', async () => {
    const r = await recommend(store.engine, { minSupport: 2, excludeProducts: [] });
    const contacts = await loadContacts(store.engine);
    const x = campaignExport(r.crossSell.map((c) => ({ customerId: c.customerId, reason: 'r', offer: c.productId })), contacts);
    expect(x.rows.some((row) => row[0] === 'c4')).toBe(false);
    expect(x.optedOutCustomers).toBe(1);
    expect(x.rows.find((row) => row[0] === 'c1')?.slice(0, 3)).toEqual(['c1', 'One', 'one@example.com']);
  });
});

describe('hitRate', () => {
  it('counts customers with at least one recommended product among their new purchases', () => {
    const truth = new Map([['a', new Set(['x'])], ['b', new Set(['y'])], ['c', new Set(['z'])], ['d', new Set(['w'])]]);
    const recs = [{ customerId: 'a', productId: 'x' }, { customerId: 'a', productId: 'q' }, { customerId: 'b', productId: 'q' }, { customerId: 'c', productId: 'z' }, { customerId: 'e', productId: 'x' }];
    expect(hitRate(recs, truth)).toBe(2 / 4);
  });
});
