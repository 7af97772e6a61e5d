/**
 * The scale bench's generated order lines: copies of online_retail.csv with customers and invoices offset per
 * copy, the last copy cut at the size asked for. Checked against the raw file read here in plain JavaScript.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvFields } from '../test-support/csv.js';
import { sharedData } from '../test-support/shared-data.js';
import { parseClickHouseUrl } from '../engine/clickhouse/url.js';
import { clusterStoreUrl, generateLines, parseSize, processCpuS } from './scale-bench.js';

const dir = mkdtempSync(join(tmpdir(), 'clientele-scale-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scale bench', () => {
  it('reads sizes like 1M, 500K and 100M', () => {
    expect([parseSize('1M'), parseSize('500K'), parseSize('100M'), parseSize('2500')]).toEqual([1_000_000, 500_000, 100_000_000, 2500]);
    expect(() => parseSize('ten')).toThrow(/--sizes/);
    expect(() => parseSize('0')).toThrow(/whole number/);
  });

  it("reads a process's CPU time from /proc as Node's own clock counts it", () => {
    const a = processCpuS(process.pid);
    const u0 = process.cpuUsage();
    let x = 0;
    for (const t = Date.now(); Date.now() - t < 300; ) x += Math.sqrt(x + 1);
    const used = process.cpuUsage(u0);
    const b = processCpuS(process.pid);
    expect(x).toBeGreaterThan(0);
    // /proc counts in clock ticks (10 ms); other threads of this process may add a little.
    expect(b - a).toBeGreaterThan((used.user + used.system) / 1e6 - 0.05);
    expect(b - a).toBeLessThan((used.user + used.system) / 1e6 + 0.3);
    expect(processCpuS(2 ** 30)).toBeNaN();
  });

  it("points the steps at a size's own database on the cluster, with the companion store in the size's folder", () => {
    const url = clusterStoreUrl('clickhouse://default@127.0.0.1:18123/default?cluster=clientele&shards=127.0.0.1:18124,127.0.0.1:18125', 'clientele_scale_1000000', '/tmp/x y/store.duckdb');
    const t = parseClickHouseUrl(url, {});
    expect(t.database).toBe('clientele_scale_1000000');
    expect(t.shards).toEqual(['http://127.0.0.1:18123', 'http://127.0.0.1:18124', 'http://127.0.0.1:18125']);
    expect(t.cluster).toBe('clientele');
    expect(new URL(url.replace(/^clickhouse/, 'http')).searchParams.get('store')).toBe('/tmp/x y/store.duckdb');
  });

  it('writes whole copies with new customers and invoices, then the first lines of one more', async () => {
    const source = sharedData('online_retail', 'online_retail.csv');
    const raw = readFileSync(source, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.length > 0).map(csvFields);
    const out = join(dir, 'lines.csv');
    const size = raw.length + 1000;
    await generateLines(source, out, size);
    const got = readFileSync(out, 'utf8').split(/\r?\n/).slice(1).filter((l) => l.length > 0).map(csvFields);
    expect(got.length).toBe(size);
    // Copy 0 is the file itself (dates in the same notation); copy 1's first 1,000 lines are offset.
    const byInvoice = (rows: string[][]) => rows.map((r) => `${r[0]}|${r[1]}|${r[3]}|${r[4]}|${Number(r[5])}|${r[6] === '' ? '' : Number(r[6])}`).sort();
    expect(byInvoice(got.filter((r) => !/^[A-Za-z]*1\d{6}$/.test(r[0])))).toEqual(byInvoice(raw));
    const copy1 = got.filter((r) => /^[A-Za-z]*1\d{6}$/.test(r[0]));
    expect(copy1.length).toBe(1000);
    const firstRaw = raw.slice(0, 1000);
    const shifted = firstRaw.map((r) => {
      const [, prefix, digits] = /^([A-Za-z]*)(\d+)$/.exec(r[0])!;
      return [`${prefix}${1_000_000 + Number(digits)}`, r[1], r[2], r[3], r[4], r[5], r[6] === '' ? '' : String(Number(r[6]) + 100_000), r[7]];
    });
    expect(byInvoice(copy1)).toEqual(byInvoice(shifted));
  });
});
