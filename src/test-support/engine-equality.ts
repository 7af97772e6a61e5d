/** Row and value equality between engines for the ClickHouse tests: numbers within 1e-9 relative. */
import { expect } from 'vitest';

export type Rows = Map<string, Record<string, unknown>>;

export const byCustomer = (r: Record<string, unknown>) => String(r.customer_id);
export const byCategory = (r: Record<string, unknown>) => `${String(r.customer_id)}|${String(r.category)}`;

/** Rows keyed by customer (and category); dates as YYYY-MM-DD, so both engines' values compare as plain data. */
export function keyed(rows: readonly Record<string, unknown>[], key: (r: Record<string, unknown>) => string): Rows {
  const out: Rows = new Map();
  for (const r of rows) {
    const plain = Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : v]));
    out.set(key(plain), plain);
  }
  return out;
}

/**
 * Every column of every row equal: text and dates exactly, numbers within 1e-9 relative. The relative error is
 * taken against max(|a|, |b|, 1): money that cancels to zero (a fully returned order) is a sum of doubles in a
 * different order on each engine, so "zero" may be 1e-13 on one and 0 on the other.
 */
export function expectSameRows(name: string, got: Rows, want: Rows, skip: readonly string[] = []): number {
  expect([...got.keys()].sort(), `${name}: the same customers`).toEqual([...want.keys()].sort());
  let compared = 0;
  for (const [k, w] of want) {
    const g = got.get(k)!;
    for (const col of Object.keys(w)) {
      if (skip.includes(col)) continue;
      const a = g[col];
      const b = w[col];
      const where = `${name} ${k} ${col}: ${String(a)} vs ${String(b)}`;
      if (typeof b === 'number' || typeof a === 'number') {
        const x = Number(a);
        const y = Number(b);
        expect(Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y), 1), where).toBe(true);
      } else if (typeof b === 'boolean' || typeof a === 'boolean') {
        expect(Boolean(Number(a)) === Boolean(Number(b)), where).toBe(true);
      } else {
        expect(a ?? null, where).toEqual(b ?? null);
      }
      compared++;
    }
  }
  return compared;
}

/** Deep equality of two JSON-like values, numbers within 1e-9 relative (as in expectSameRows). */
export function expectSameValues(path: string, a: unknown, b: unknown): void {
  if (typeof a === 'number' && typeof b === 'number') {
    expect(a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b), 1), `${path}: ${a} vs ${b}`).toBe(true);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, `${path}.length`).toBe(b.length);
    a.forEach((x, i) => expectSameValues(`${path}[${i}]`, x, b[i]));
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a).sort(), `${path} keys`).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(a)) expectSameValues(`${path}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
  } else {
    expect(a, path).toEqual(b);
  }
}


