/** The demo company's catalogue: ~200 products in 8 categories, high- and low-margin. */
import { csvField, money, pad } from './csv.js';
import type { Rng } from './random.js';
import { CATEGORIES } from './vocab.js';

export interface Product {
  readonly id: string;
  readonly category: number;
  readonly listPrice: number;
  readonly listCents: number;
  /** CSV row. */
  readonly row: string;
}

export interface Catalogue {
  readonly products: readonly Product[];
  /** Per category: product indices sorted by list price, and their log prices for a binary search. */
  readonly byCategory: readonly { readonly index: Int32Array; readonly logPrice: Float64Array }[];
}

export const PRODUCT_HEADER = ['product_id', 'name', 'category', 'unit_cost', 'list_price', 'margin_rate'] as const;

/** Grows mildly with the customer base: 175 at 100 customers, 250 at 100,000, 300 at 10 million. */
export function productCount(customers: number): number {
  return Math.round(125 + 25 * Math.log10(Math.max(10, customers)));
}

export function makeCatalogue(rng: Rng, count: number): Catalogue {
  const totalWeight = CATEGORIES.reduce((s, c) => s + c.weight, 0);
  const products: Product[] = [];
  CATEGORIES.forEach((cat, ci) => {
    const n = Math.max(5, Math.round((count * cat.weight) / totalWeight));
    for (let k = 0; k < n; k++) {
      const id = `P${pad(products.length + 1, 4)}`;
      const listPrice = Math.max(0.5, Math.round(cat.price * rng.lognormal(0, 0.8) * 100) / 100) - (rng.bernoulli(0.5) ? 0.01 : 0);
      // A few loss leaders in the low-margin categories make some baskets unprofitable.
      const lossLeader = cat.margin < 0.15 && rng.bernoulli(0.08);
      const margin = lossLeader ? -rng.between(0.02, 0.1) : Math.min(0.9, Math.max(0.02, cat.margin + rng.normal(0, 0.06)));
      const onlyMargin = rng.bernoulli(0.08);
      const name = `${rng.pick(cat.nouns)} ${String.fromCharCode(65 + rng.int(26))}${k + 1}`;
      const cost = onlyMargin ? '' : money(listPrice * (1 - margin));
      const marginText = onlyMargin ? margin.toFixed(3) : '';
      const listPriceText = money(listPrice);
      products.push({
        id,
        category: ci,
        listPrice,
        listCents: Math.round(listPrice * 100),
        row: `${id},${csvField(name)},${csvField(cat.name)},${cost},${listPriceText},${marginText}`,
      });
    }
  });
  const byCategory = CATEGORIES.map((_, ci) => {
    const idx = products.map((p, i) => [p, i] as const).filter(([p]) => p.category === ci);
    idx.sort((x, y) => x[0].listPrice - y[0].listPrice || x[1] - y[1]);
    return { index: Int32Array.from(idx.map(([, i]) => i)), logPrice: Float64Array.from(idx.map(([p]) => Math.log(p.listPrice))) };
  });
  return { products, byCategory };
}

/** The product of a category whose price is nearest above `logTarget` (clamped to the range). */
export function productNear(cat: Catalogue['byCategory'][number], logTarget: number): number {
  const lp = cat.logPrice;
  let lo = 0;
  let hi = lp.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lp[mid] < logTarget) lo = mid + 1;
    else hi = mid;
  }
  return cat.index[lo];
}
