/**
 * Matrix thresholds all given as fixed values (found while speeding up the value run): the run stores one row per
 * customer, and each customer's cells follow the thresholds as computed here from its stored values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { computeValue, normalizeValueConfig } from './index.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
  const lines = ['order_id,customer_id,ordered_at,amount'];
  for (let i = 0; i < 40; i++) lines.push(`O${i},C${i % 7},2024-0${1 + (i % 9)}-1${i % 10},${10 + 7 * (i % 11)}`);
  await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', lines.join('\n') + '\n')] });
}, 60_000);
afterAll(async () => store.close());

describe('value run with every matrix threshold a fixed value', () => {
  it('stores each customer once, in the cells its values give', async () => {
    const config = normalizeValueConfig({ thresholds: { currentValue: 100, longTermValue: { value: 150 }, loyalty: 0.5, satisfaction: 4 } });
    await computeValue(store.engine, { config, force: true });
    const rows = await store.engine.query<{ customer_id: string; current_value: number; long_term_value: number; loyalty: number; value_quadrant: string; value_loyalty: string }>(
      'SELECT customer_id, current_value, long_term_value, loyalty, value_quadrant, value_loyalty FROM customer_value',
    );
    expect(rows.length).toBe(7);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(7);
    for (const r of rows) {
      const hiCur = Number(r.current_value) >= 100;
      const hiLtv = Number(r.long_term_value) >= 150;
      const hiLoy = Number(r.loyalty) >= 0.5;
      expect(r.value_quadrant).toBe(hiCur && hiLtv ? 'IV' : hiCur ? 'III' : hiLtv ? 'II' : 'I');
      expect(r.value_loyalty).toBe(hiCur && hiLoy ? 'core' : hiCur ? 'at_risk_of_leaving' : hiLoy ? 'active_small' : 'small_price_sensitive');
    }
  }, 60_000);
});
