import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTITIES } from '../data/entities.js';
import { readCsv } from '../test-support/csv.js';
import { generateDemo, MODEL, type DemoFiles, type DemoResult } from './index.js';

type Table = { header: string[]; rows: string[][]; col: (name: string) => number };
function table(path: string): Table {
  const t = readCsv(path);
  return { ...t, col: (name) => t.header.indexOf(name) };
}

const dir = mkdtempSync(join(tmpdir(), 'clientele-demo-'));
const N = 4000;
let result: DemoResult;
let t: Record<keyof DemoFiles, Table>;

const progress: [number, number][] = [];

beforeAll(async () => {
  result = await generateDemo({ customers: N, seed: 11, outDir: join(dir, 'a'), onProgress: (done, total) => progress.push([done, total]) });
  t = Object.fromEntries(Object.entries(result.files).map(([k, p]) => [k, table(p)])) as Record<keyof DemoFiles, Table>;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generateDemo', () => {
  it('gives byte-identical files for the same seed, and different files for another seed', async () => {
    const opts = { customers: 300, start: '2023-01-01', end: '2023-12-31' };
    const a = await generateDemo({ ...opts, seed: 5, outDir: join(dir, 'd1') });
    const b = await generateDemo({ ...opts, seed: 5, outDir: join(dir, 'd2') });
    const c = await generateDemo({ ...opts, seed: 6, outDir: join(dir, 'd3') });
    for (const k of Object.keys(a.files) as (keyof DemoFiles)[]) {
      expect(readFileSync(b.files[k]).equals(readFileSync(a.files[k])), k).toBe(true);
    }
    expect(readFileSync(c.files.orders).equals(readFileSync(a.files.orders))).toBe(false);
    expect(readFileSync(c.files.customers).equals(readFileSync(a.files.customers))).toBe(false);
  });

  it('returns the number of data rows of each file', () => {
    for (const k of Object.keys(result.files) as (keyof DemoFiles)[]) expect(t[k].rows.length, k).toBe(result.counts[k]);
    expect(result.counts.customers).toBe(N);
    expect(result.counts.leads).toBe(N / 5);
    expect(result.counts.orders).toBeGreaterThan(5 * N);
    expect(progress.at(-1)).toEqual([N, N]);
  });

  it("uses the entities' field names as headers (leads add kept attributes)", () => {
    for (const k of Object.keys(result.files) as (keyof DemoFiles)[]) {
      const names = ENTITIES[k].fields.map((f) => f.name);
      const extra = t[k].header.filter((h) => !names.includes(h));
      expect(extra, k).toEqual(k === 'leads' ? ['industry', 'employees', 'region'] : []);
      for (const f of ENTITIES[k].fields) if (f.required) expect(t[k].header, `${k}.${f.name}`).toContain(f.name);
    }
  });

  it('references only existing customers and products', () => {
    const ids = new Set(t.customers.rows.map((r) => r[0]));
    const products = new Set(t.products.rows.map((r) => r[0]));
    const o = t.orders;
    let guests = 0;
    for (const r of o.rows) {
      const cid = r[o.col('customer_id')];
      if (cid === '') guests++;
      else expect(ids.has(cid)).toBe(true);
      expect(products.has(r[o.col('product_id')])).toBe(true);
    }
    expect(guests / o.rows.length).toBeGreaterThan(0.01);
    expect(guests / o.rows.length).toBeLessThan(0.035);
    for (const k of ['service-costs', 'payments', 'surveys'] as const) for (const r of t[k].rows) expect(ids.has(r[0]), k).toBe(true);
  });

  it('refers customers to earlier customers, about 15% of them, forming chains', () => {
    const c = t.customers;
    const index = new Map(c.rows.map((r, i) => [r[0], i]));
    const ref = c.col('referred_by');
    const signup = c.col('signup_date');
    let referred = 0;
    let chained = 0;
    const referrers = new Set<string>();
    for (const [i, r] of c.rows.entries()) {
      if (r[ref] === '') continue;
      referred++;
      const j = index.get(r[ref]);
      expect(j).toBeDefined();
      expect(j!).toBeLessThan(i);
      expect(c.rows[j!][signup] <= r[signup]).toBe(true);
      expect(r[c.col('channel')]).toBe('referral');
      if (c.rows[j!][ref] !== '') chained++;
      referrers.add(r[ref]);
    }
    expect(Math.abs(referred / N - MODEL.referralShare)).toBeLessThan(0.03);
    expect(chained).toBeGreaterThan(0);
    // Advocacy is concentrated: fewer referrers than referrals.
    expect(referrers.size).toBeLessThan(referred);
    const leads = t.leads;
    const leadIndex = new Map(leads.rows.map((r, i) => [r[0], i]));
    let leadChains = 0;
    for (const [i, r] of leads.rows.entries()) {
      const by = r[leads.col('referred_by')];
      if (by === '') continue;
      if (index.has(by)) expect(c.rows[index.get(by)!][signup] <= r[leads.col('created_at')], by).toBe(true);
      else expect(leadIndex.get(by)!, by).toBeLessThan(i), leadChains++;
    }
    expect(leadChains).toBeGreaterThan(0);
  });

  it('produces repeat purchases consistent with the BG/NBD parameters (Fader, Hardie & Lee 2005, eq. 9)', () => {
    const o = t.orders;
    const first = new Map<string, string>();
    const orders = new Map<string, Set<string>>();
    for (const r of o.rows) {
      const cid = r[o.col('customer_id')];
      if (cid === '' || r[o.col('kind')] !== 'sale') continue;
      const at = r[o.col('ordered_at')];
      if (!first.has(cid) || at < first.get(cid)!) first.set(cid, at);
      (orders.get(cid) ?? orders.set(cid, new Set()).get(cid)!).add(r[o.col('order_id')]);
    }
    // Every customer's first purchase is at signup.
    expect(first.size).toBe(N);
    const signup = t.customers.col('signup_date');
    for (const r of t.customers.rows) expect(first.get(r[0])!.slice(0, 10)).toBe(r[signup]);

    const endMs = Date.parse('2025-01-01T00:00:00Z');
    const { r, alpha, a, b } = MODEL.bgnbd;
    let sumX = 0;
    let sumX2 = 0;
    let sumE = 0;
    let zeros = 0;
    let sumP0 = 0;
    for (const [cid, set] of orders) {
      const x = set.size - 1;
      const T = (endMs - Date.parse(first.get(cid)!.replace(' ', 'T') + 'Z')) / (7 * 86_400_000);
      sumX += x;
      sumX2 += x * x;
      sumE += expectedRepeats(T, r, alpha, a, b);
      if (x === 0) zeros++;
      // Eq. 8 at x = 0: with no repeat there is no dropout, so P(X(T) = 0) = (α/(α+T))^r.
      sumP0 += Math.pow(alpha / (alpha + T), r);
    }
    const mean = sumX / N;
    const sd = Math.sqrt(sumX2 / N - mean * mean);
    const expected = sumE / N;
    expect(Math.abs(mean - expected)).toBeLessThan(4 * (sd / Math.sqrt(N)));
    expect(expected).toBeGreaterThan(2);
    const p0 = sumP0 / N;
    expect(Math.abs(zeros / N - p0)).toBeLessThan(4 * Math.sqrt((p0 * (1 - p0)) / N));
  });

  it('has about 3% returns and 1% cancellations, with negative quantities, and no duplicate rows', () => {
    const o = t.orders;
    const kinds = new Map<string, number>();
    for (const r of o.rows) {
      const k = r[o.col('kind')];
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
      const q = Number(r[o.col('quantity')]);
      expect(k === 'sale' ? q > 0 : q < 0).toBe(true);
      if (k === 'cancel') expect(r[0].startsWith('CSO')).toBe(true);
    }
    const n = o.rows.length;
    expect(kinds.get('return')! / n).toBeGreaterThan(0.02);
    expect(kinds.get('return')! / n).toBeLessThan(0.045);
    expect(kinds.get('cancel')! / n).toBeGreaterThan(0.005);
    expect(kinds.get('cancel')! / n).toBeLessThan(0.02);
    // Tables without a key drop identical rows on import.
    expect(new Set(o.rows.map((r) => r.join(','))).size).toBe(n);
    expect(new Set(t['service-costs'].rows.map((r) => r.join(','))).size).toBe(t['service-costs'].rows.length);
  });

  it('makes profit heavy-tailed: the whale curve peaks above 100%', () => {
    const p = t.products;
    const cost = new Map(
      p.rows.map((r) => {
        const price = Number(r[p.col('list_price')]);
        const unit = r[p.col('unit_cost')];
        return [r[0], unit === '' ? price * (1 - Number(r[p.col('margin_rate')])) : Number(unit)];
      }),
    );
    const profit = new Map(t.customers.rows.map((r) => [r[0], 0]));
    const add = (id: string, x: number) => profit.has(id) && profit.set(id, profit.get(id)! + x);
    const o = t.orders;
    for (const r of o.rows) {
      const q = Number(r[o.col('quantity')]);
      add(r[1], q * Number(r[o.col('unit_price')]) - Number(r[o.col('discount')]) - q * cost.get(r[o.col('product_id')])!);
    }
    for (const r of t['service-costs'].rows) add(r[0], -Number(r[3]));
    for (const r of t.payments.rows) add(r[0], -Number(r[5]));
    const sorted = [...profit.values()].sort((x, y) => y - x);
    const total = sorted.reduce((s, x) => s + x, 0);
    let cum = 0;
    let peak = 0;
    for (const x of sorted) peak = Math.max(peak, (cum += x));
    expect(total).toBeGreaterThan(0);
    expect(peak / total).toBeGreaterThan(1.2);
    expect(sorted.filter((x) => x < 0).length / N).toBeGreaterThan(0.15);
  });

  it('writes payments, surveys and leads with the documented shapes', () => {
    const pay = t.payments;
    const late = pay.rows.filter((r) => r[4] !== '' && r[4] > r[3]).length / pay.rows.length;
    const off = pay.rows.filter((r) => Number(r[5]) > 0).length / pay.rows.length;
    expect(late).toBeGreaterThan(0.05);
    expect(late).toBeLessThan(0.18);
    expect(off).toBeGreaterThan(0.005);
    expect(off).toBeLessThan(0.05);
    for (const r of pay.rows) if (Number(r[5]) > 0) expect(r[4]).toBe('');

    const s = t.surveys;
    expect(Math.abs(s.rows.length / N - MODEL.surveyShare)).toBeLessThan(0.04);
    expect(s.rows.some((r) => /[\u4e00-\u9fff]/.test(r[4]))).toBe(true);
    // Customers with complaints are less satisfied.
    const complainers = new Set(t['service-costs'].rows.filter((r) => r[2] === 'complaint').map((r) => r[0]));
    const mean = (rows: string[][]) => rows.reduce((x, r) => x + Number(r[2]), 0) / rows.length;
    expect(mean(s.rows.filter((r) => complainers.has(r[0])))).toBeLessThan(mean(s.rows.filter((r) => !complainers.has(r[0]))) - 0.3);

    const l = t.leads;
    const closed = l.rows.filter((r) => r[l.col('outcome')] !== '');
    const rate = (f: (r: string[]) => boolean) => closed.filter(f).filter((r) => r[l.col('outcome')] === 'true').length / closed.filter(f).length;
    expect(rate((r) => r[l.col('need')] === 'high')).toBeGreaterThan(rate((r) => r[l.col('need')] === 'low') + 0.2);
    expect(rate((r) => r[l.col('authority')] === 'decision maker')).toBeGreaterThan(rate((r) => r[l.col('authority')] === 'none') + 0.15);
    for (const r of l.rows) expect(r[l.col('outcome')] === '').toBe(['new', 'contacted', 'qualified'].includes(r[l.col('status')]));
  });

  it('ties behaviour to profile: bargain hunters use more discounts, tech fans buy more electronics', () => {
    const c = t.customers;
    const tags = new Map(c.rows.map((r) => [r[0], r[c.col('lifestyle')].split(';')]));
    const category = new Map(t.products.rows.map((r) => [r[0], r[t.products.col('category')]]));
    const o = t.orders;
    const share = (tag: string, has: boolean, hit: (r: string[]) => boolean) => {
      const lines = o.rows.filter((r) => r[o.col('kind')] === 'sale' && r[1] !== '' && tags.get(r[1])![0] !== '' && tags.get(r[1])!.includes(tag) === has);
      return lines.filter(hit).length / lines.length;
    };
    const discounted = (r: string[]) => Number(r[o.col('discount')]) > 0;
    expect(share('bargain-hunter', true, discounted)).toBeGreaterThan(share('bargain-hunter', false, discounted) + 0.1);
    const electronics = (r: string[]) => category.get(r[o.col('product_id')]) === 'Electronics';
    expect(share('tech', true, electronics)).toBeGreaterThan(share('tech', false, electronics) + 0.05);
  });

  it('rejects bad options', async () => {
    await expect(generateDemo({ customers: 0, seed: 1, outDir: join(dir, 'x') })).rejects.toThrow(/customers/);
    await expect(generateDemo({ customers: 10, seed: 1, outDir: join(dir, 'x'), start: '2024-13-01' })).rejects.toThrow(/ISO date/);
    await expect(generateDemo({ customers: 10, seed: 1, outDir: join(dir, 'x'), end: '2024-02-30' })).rejects.toThrow(/ISO date/);
    await expect(generateDemo({ customers: 10, seed: 1.5, outDir: join(dir, 'x') })).rejects.toThrow(/seed/);
    await expect(generateDemo({ customers: 10, seed: 1, outDir: join(dir, 'x'), start: '2024-01-01', end: '2024-01-10' })).rejects.toThrow(/28 days/);
  });
});

/**
 * E[X(t)] of the BG/NBD model (Fader, Hardie & Lee 2005, eq. 9), with ₂F₁ summed as its power series
 * (z = t/(α+t) < 1, so the series converges):
 * E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))].
 */
function expectedRepeats(t: number, r: number, alpha: number, a: number, b: number): number {
  const z = t / (alpha + t);
  const c = a + b - 1;
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000 && Math.abs(term) > 1e-14 * sum; k++) {
    term *= (((r + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
  }
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * sum);
}
