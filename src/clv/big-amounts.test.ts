/**
 * Amounts the import accepts (its limit is 1e15 a value) must not break the lifetime value input: money is summed in
 * exact millionths, which a 64-bit integer holds only up to 9.2e12 (QA finding: an amount of 1e13 made `clv fit`
 * fail with the engine's INT64 conversion error).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { sqlClvCustomers } from '../sql/clv.js';
import { runCli } from '../test-support/cli.js';
import { tempStore } from '../test-support/temp.js';

let store: Awaited<ReturnType<typeof tempStore>>;
let closed = false;

beforeAll(async () => {
  store = await tempStore();
  // K1 buys 1e13 on its first day and then 7 and 3e12 + 0.25 on two more days; K2 and K3 once each.
  const file = store.dir.file(
    'big.csv',
    'InvoiceNo,CustomerID,InvoiceDate,Amount\n1,K1,2023-01-01,10000000000000\n2,K2,2023-01-02,5\n3,K3,2023-01-03,7\n4,K1,2023-02-03,7\n5,K1,2023-03-03,3000000000000.25\n6,K1,2023-03-03,9000000000000\n',
  );
  const r = await importFiles(store.engine, { entity: 'orders', files: [file] });
  expect(r.imported).toBe(6);
});
afterAll(async () => {
  if (closed) store.dir.cleanup();
  else await store.close();
});

describe('lifetime value input with amounts beyond 9.2e12', () => {
  it('sums them exactly: the mean repeat spend is the plain average of the repeat days', async () => {
    const rows = await store.engine.query<{ customer_id: string; x: number; zbar: number | null }>(sqlClvCustomers(store.engine.dialect), ['2023-03-03', '2023-03-03']);
    const k1 = rows.find((r) => r.customer_id === 'K1')!;
    expect(Number(k1.x)).toBe(2);
    // Repeat days: 7 and 3e12 + 0.25 + 9e12 = 12,000,000,000,000.25; mean over two days.
    expect(k1.zbar).toBeCloseTo((7 + 12_000_000_000_000.25) / 2, 2);
  });

  it('lets clv fit run on them', async () => {
    await store.engine.close();
    closed = true;
    const r = await runCli(['--db', store.path, 'clv', 'fit', '--model', 'bgnbd', '--json']);
    expect(r.stderr).not.toMatch(/INT64|out of range|Conversion Error/);
    expect(r.code).toBe(0);
  });
});

describe('an amount derived from quantity × unit price', () => {
  for (const lean of [true, false]) {
    it(`is held to the import's magnitude limit like one read from the file (${lean ? 'lean' : 'exact'} import)`, async () => {
      const s = await tempStore();
      try {
        const file = s.dir.file('mul.csv', 'InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n1,K1,2023-01-01,999999999999999,999999999999999\n2,K2,2023-01-02,2,3.5\n3,K3,2023-01-03,100000,100000\n');
        const r = await importFiles(s.engine, { entity: 'orders', files: [file], lean });
        expect([r.imported, r.quarantined]).toEqual([2, 1]);
        const [q] = await s.engine.query<{ line: number; reason: string }>('SELECT line, reason FROM quarantine');
        expect(Number(q.line)).toBe(2);
        expect(q.reason).toBe('quantity × unit_price is beyond the plausible magnitude 1e+15');
        const [{ m }] = await s.engine.query<{ m: number }>('SELECT max(abs(amount)) AS m FROM order_lines');
        expect(m).toBe(1e10);
      } finally {
        await s.close();
      }
    });
  }
});
