/**
 * The scanner's table of record hashes (HashFirst): the first line of each 64-bit hash, whatever the table's size,
 * checked against a JavaScript Map of the same hashes; and its size, which is what a 100M-line import's memory
 * depends on (12 bytes a slot).
 */
import { describe, expect, it } from 'vitest';
import { translateCore } from '../cli/i18n/index.js';
import { ImportError } from '../errors.js';
import { HashFirst } from './scan.js';

/** A small deterministic generator (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) | 0;
  };
}

function check(table: HashFirst, records: number, distinct: number, seed: number): void {
  const next = random(seed);
  const keys = Array.from({ length: distinct }, () => [next(), next()] as const);
  const firsts = new Map<string, number>();
  for (let line = 1; line <= records; line++) {
    // Every third record repeats an earlier key; the rest are new ones in order.
    const k = line % 3 === 0 ? keys[(next() >>> 0) % Math.min(distinct, Math.max(1, firsts.size))] : keys[firsts.size % distinct];
    const key = `${k[0]}:${k[1]}`;
    const got = table.get(k[0], k[1], line);
    const want = firsts.get(key);
    if (want === undefined) {
      expect(got).toBe(0);
      firsts.set(key, line);
    } else {
      expect(Math.abs(got)).toBe(want);
      if (got > 0) table.mark(k[0], k[1]);
      expect(table.get(k[0], k[1], line)).toBe(-want);
    }
  }
}

describe('the scanner table of record hashes', () => {
  it('finds the first line of every hash as a Map does, in a table sized right', () => {
    const t = new HashFirst(30_000);
    check(t, 30_000, 30_000, 1);
    // 30,000 records, a third of them repeats: the table was not grown.
    expect(t.slotCount).toBe(40_000);
  });

  it('grows by half when far more records come than expected, losing none', () => {
    const t = new HashFirst(10);
    check(t, 60_000, 60_000, 2);
    expect(t.slotCount).toBeGreaterThan(40_000 / 0.8);
    expect(t.slotCount).toBeLessThan((1.5 * 40_000) / 0.8 + 1);
  });

  it('takes a better estimate while nearly empty, and keeps what it holds', () => {
    const t = new HashFirst(100);
    expect(t.get(5, 6, 1)).toBe(0);
    t.reserve(1_000_000);
    expect(t.slotCount).toBe(Math.ceil(1_000_000 / 0.75));
    expect(t.get(5, 6, 2)).toBe(1);
    // A slot count that is no power of two: 1.33M slots, 16 MB, where powers of two would take 2^21 (25 MB).
    expect(t.slotCount & (t.slotCount - 1)).not.toBe(0);
    t.release();
    expect(t.slotCount).toBe(0);
  });

  it('tells two hashes apart that share either half', () => {
    const t = new HashFirst(100);
    expect(t.get(1, 2, 1)).toBe(0);
    expect(t.get(1, 3, 2)).toBe(0);
    expect(t.get(4, 2, 3)).toBe(0);
    expect([t.get(1, 2, 9), t.get(1, 3, 9), t.get(4, 2, 9)]).toEqual([1, 2, 3]);
  });

  it('refuses a line number past what a slot holds, in both languages', () => {
    const t = new HashFirst(100, 'big.csv');
    let err: unknown;
    try {
      t.get(7, 8, 2 ** 31);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ImportError);
    const e = err as ImportError;
    expect(e.message).toBe('the file has more than 2147483647 lines');
    expect(e.file).toBe('big.csv');
    expect(translateCore(e.message, 'zh-CN')).toBe('此文件超过 2147483647 行');
    expect(translateCore(e.hint ?? '', 'zh-CN')).toContain('--append');
    expect(translateCore(e.hint ?? '', 'zh-CN')).not.toMatch(/split/);
  });
});
