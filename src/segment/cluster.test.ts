import { describe, expect, it } from 'vitest';
import { createRandom } from '../clv/random.js';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { clusterCustomers, describeCentroid, nearestCentroid, resolveFeatures, showSegment } from './index.js';

/** Orders for three kinds of buyer: frequent big spenders, regular mid spenders, one-off small buyers. */
function orders(prefix: string, perKind: number, seed: number): string {
  const rng = createRandom(seed);
  const lines = ['order_id,customer_id,ordered_at,amount'];
  const kinds: Array<[string, number, number]> = [['big', 12, 400], ['mid', 5, 120], ['small', 1, 15]];
  for (const [kind, n, amount] of kinds) {
    for (let c = 0; c < perKind; c++) {
      for (let o = 0; o < n; o++) {
        const day = 1 + Math.floor(rng.uniform() * 27);
        lines.push(`${prefix}${kind}${c}-${o},${prefix}${kind}${c},2024-${String(1 + (o % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')},${(amount * (0.8 + 0.4 * rng.uniform())).toFixed(2)}`);
      }
    }
  }
  return lines.join('\n') + '\n';
}

describe('cluster members stored by the engine', () => {
  it('match the nearest centroid computed in TypeScript, before and after new data', async () => {
    const store = await tempStore();
    try {
      await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('a.csv', orders('', 40, 1))] });
      const config = normalizeValueConfig({});
      const r = await clusterCustomers(store.engine, { features: 'orders,revenue', k: 3, seed: 2, prefix: 'kind', config });
      expect(r.clusters.map((c) => c.members)).toEqual([40, 40, 40]);
      for (const c of r.clusters) {
        const ids = await store.engine.query<{ customer_id: string }>('SELECT customer_id FROM segment_members WHERE name = $1', [c.name]);
        expect(new Set(ids.map((m) => m.customer_id.replace(/\d+$/, ''))).size, c.name).toBe(1);
        expect(c.description).toBe(describeCentroid(r.features, r.features.map((f) => c.zScores[f])));
      }

      // New buyers arrive: each segment is recomputed from the stored centroids, as TypeScript would assign them.
      await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('b.csv', orders('new', 10, 3))] });
      const [seg] = await store.engine.query<{ definition: string }>(`SELECT CAST(definition AS VARCHAR) AS definition FROM segments WHERE name = 'kind-1'`);
      const def = JSON.parse(seg.definition) as { means: number[]; sds: number[]; all: number[][] };
      const infos = [];
      for (const c of r.clusters) infos.push(await showSegment(store.engine, c.name, config)); // the value run is recomputed first
      const rows = await store.engine.query<{ customer_id: string; orders: number; net_revenue: number }>('SELECT customer_id, orders, net_revenue FROM customer_summary WHERE first_purchase IS NOT NULL');
      let total = 0;
      for (const [i, c] of r.clusters.entries()) {
        const info = infos[i];
        const expected = rows
          .filter((row) => nearestCentroid([(row.orders - def.means[0]) / def.sds[0], (row.net_revenue - def.means[1]) / def.sds[1]], def.all.map((x) => Float64Array.from(x))) === i)
          .map((row) => row.customer_id)
          .sort();
        const got = (await store.engine.query<{ customer_id: string }>('SELECT customer_id FROM segment_members WHERE name = $1 ORDER BY 1', [c.name])).map((m) => m.customer_id);
        expect(got, c.name).toEqual(expected);
        expect(info.members).toBe(expected.length);
        total += info.members;
      }
      expect(total).toBe(150);
    } finally {
      await store.close();
    }
  });
});

describe('cluster features', () => {
  it('takes catalogue numbers and imported attributes, and refuses the rest', () => {
    expect(resolveFeatures('rfm, Profit ,attributes.Kidhome,profit')).toEqual(['rfm.r', 'rfm.f', 'rfm.m', 'profit', 'attributes.Kidhome']);
    expect(() => resolveFeatures('country')).toThrow(/country is not a numeric field/);
    expect(() => resolveFeatures('__proto__')).toThrow(/not a numeric field/);
    expect(() => resolveFeatures('attributes.a;b')).toThrow(/not a numeric field/);
    expect(() => resolveFeatures(' , ')).toThrow(/at least one feature/);
    expect(describeCentroid(['age', 'rfm.f', 'margin', 'attributes.Kidhome'], [-1.2, 0.9, -0.6, 0.1])).toBe('young, high-frequency, low-margin');
    expect(describeCentroid(['attributes.Kidhome'], [2])).toBe('high Kidhome');
  });

  it('clusters on an imported attribute, filling its gaps with the median and saying so', async () => {
    const store = await tempStore();
    try {
      const cust = ['customer_id,Kidhome', ...Array.from({ length: 40 }, (_, i) => `c${i},${i < 20 ? 0 : i === 39 ? '' : 3}`)];
      await importFiles(store.engine, { entity: 'customers', files: [store.dir.file('c.csv', cust.join('\n') + '\n')] });
      const lines = ['order_id,customer_id,ordered_at,amount', ...Array.from({ length: 40 }, (_, i) => `o${i},c${i},2024-05-01,${10 + i}`)];
      await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', lines.join('\n') + '\n')] });
      const r = await clusterCustomers(store.engine, { features: 'attributes.Kidhome', k: 2, seed: 1, prefix: 'kids', config: normalizeValueConfig({}) });
      expect(r.imputed).toEqual({ 'attributes.Kidhome': 1 });
      // The median of 20 zeros and 19 threes is 0: the customer without a value joins the zeros.
      expect(r.clusters.map((c) => c.members)).toEqual([21, 19]);
      expect(r.clusters[0].means['attributes.Kidhome']).toBeCloseTo(0, 12);
      expect(r.clusters[1].means['attributes.Kidhome']).toBeCloseTo(3, 12);
      expect(r.clusters.map((c) => c.description)).toEqual(['low Kidhome', 'high Kidhome']);
    } finally {
      await store.close();
    }
  });
});
