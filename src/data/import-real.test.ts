import { readFileSync, writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempStore } from '../test-support/temp.js';
import { importFiles } from './import.js';
import { splitCsvLine } from './sniff.js';

let store: Awaited<ReturnType<typeof tempStore>>;
let engine: Engine;
beforeAll(async () => {
  store = await tempStore();
  engine = store.engine;
});
afterAll(async () => store.close());

const one = async <T>(sql: string) => (await engine.query<T>(sql))[0];

describe('the shared real data sets import with their presets, and the counts reconcile', () => {
  it('online_retail: 541,909 rows read; duplicates and the bad-debt adjustments quarantined, the rest checked independently', async () => {
    const file = sharedData('online_retail', 'online_retail.csv');
    const r = await importFiles(engine, { entity: 'orders', files: [file], preset: 'online-retail' });

    // An independent reading of the file, in plain JavaScript.
    const lines = readFileSync(file, 'utf8').split('\n').slice(1).filter((l) => l !== '');
    const seen = new Set<string>();
    let dups = 0;
    let negPrice = 0;
    let cancels = 0;
    let revenue = 0;
    const customers = new Set<string>();
    for (const l of lines) {
      const f = splitCsvLine(l, ',');
      const price = Number(f[5]);
      if (price < 0) {
        negPrice++;
        continue;
      }
      if (seen.has(l)) {
        dups++;
        continue;
      }
      seen.add(l);
      if (f[0].startsWith('C')) cancels++;
      revenue += Number(f[3]) * price;
      if (f[6] !== '') customers.add(f[6]);
    }
    expect(lines.length).toBe(541_909);
    expect(r.rowsRead).toBe(541_909);
    expect(r.imported + r.quarantined).toBe(541_909);
    expect(r.quarantined).toBe(dups + negPrice);
    expect(dups).toBe(5_268); // the published count of exact duplicate rows
    expect(negPrice).toBe(2);
    const stored = await one<{ n: number; cancels: number; revenue: number; customers: number; guests: number }>(
      "SELECT count(*) AS n, count(*) FILTER (WHERE kind = 'cancel') AS cancels, sum(amount) AS revenue, count(DISTINCT customer_id) AS customers, count(*) FILTER (WHERE customer_id IS NULL) AS guests FROM order_lines",
    );
    expect(stored.n).toBe(r.imported);
    expect(stored.cancels).toBe(cancels);
    expect(stored.revenue).toBeCloseTo(revenue, 2);
    expect(stored.customers).toBe(customers.size);
    expect(stored.customers).toBe(4_372);
    expect(stored.guests).toBeGreaterThan(130_000);
  });

  it('CDNOW master: 69,659 lines, 23,570 customers, $2,500,315.63', async () => {
    const r = await importFiles(engine, { entity: 'orders', files: [sharedData('cdnow', 'CDNOW_master.txt')], preset: 'cdnow' });
    expect(r).toMatchObject({ rowsRead: 69_659, imported: 69_659, quarantined: 0 });
    const s = await one<{ n: number; c: number; total: number; first: string; last: string }>(
      `SELECT count(*) AS n, count(DISTINCT customer_id) AS c, sum(amount) AS total, CAST(min(ordered_at) AS VARCHAR) AS first, CAST(max(ordered_at) AS VARCHAR) AS last FROM order_lines WHERE import_id = ${r.importId}`,
    );
    expect(s).toMatchObject({ n: 69_659, c: 23_570, first: '1997-01-01 00:00:00', last: '1998-06-30 00:00:00' });
    expect(s.total).toBeCloseTo(2_500_315.63, 2);
  });

  it('CDNOW sample (no header): 6,919 lines, 2,357 customers, $244,091.94, 6,696 customer-days', async () => {
    const r = await importFiles(engine, { entity: 'orders', files: [sharedData('cdnow', 'CDNOW_sample.txt')], preset: 'cdnow' });
    // The sample's lines are the master's too: identical lines are not duplicates here (no order id), so all load.
    expect(r).toMatchObject({ rowsRead: 6_919, imported: 6_919, quarantined: 0 });
    const s = await one<{ n: number; c: number; total: number; days: number }>(
      `SELECT count(*) AS n, count(DISTINCT customer_id) AS c, sum(amount) AS total, count(DISTINCT order_id) AS days FROM order_lines WHERE import_id = ${r.importId}`,
    );
    expect(s).toMatchObject({ n: 6_919, c: 2_357, days: 6_696 });
    expect(s.total).toBeCloseTo(244_091.94, 2);
  });

  it('customer_personality: 2,240 customers, demographics mapped, the rest kept as attributes', async () => {
    const r = await importFiles(engine, { entity: 'customers', files: [sharedData('customer_personality', 'marketing_campaign.csv')], preset: 'customer-personality' });
    // Year_Birth is optional: the rows whose year is before 1900 load with it empty, and the value goes to the warnings
    // (issue #13.7: one bad optional field no longer quarantines the customer and orphans their orders).
    const file = readFileSync(sharedData('customer_personality', 'marketing_campaign.csv'), 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '');
    const before1900 = file.filter((l) => Number(l.split('\t')[1]) < 1900).length;
    expect(before1900).toBe(2); // 1893 and 1899
    expect(r).toMatchObject({ rowsRead: 2_240, imported: 2_240, quarantined: 0 });
    expect(r.files[0].warned).toBe(before1900);
    const w = await engine.query<{ value: string; reason: string }>(`SELECT value, reason FROM import_warnings WHERE import_id = ${r.importId} ORDER BY line`);
    expect(w.map((x) => x.reason)).toEqual(Array(before1900).fill('birth_year must be at least 1900'));
    expect((await one<{ n: number }>("SELECT count(*) AS n FROM customers WHERE birth_year IS NULL AND NOT derived")).n).toBe(before1900);
    const s = await one<{ incomes: number; first: string; last: string; kids: string }>(
      "SELECT count(income) AS incomes, CAST(min(signup_date) AS VARCHAR) AS first, CAST(max(signup_date) AS VARCHAR) AS last, json_extract_string(any_value(attributes) FILTER (WHERE customer_id = '5524'), '$.MntWines') AS kids FROM customers WHERE NOT derived",
    );
    expect(s.first).toBe('2012-07-30');
    expect(s.last).toBe('2014-06-29');
    expect(s.kids).toBe('635');
    expect(r.files[0].keptAsAttributes).toContain('Response');
  });

  it('bank_marketing: both files, 45,211 and 41,188 prospects with their outcome', async () => {
    const full = await importFiles(engine, { entity: 'leads', files: [sharedData('bank_marketing', 'bank-full.csv')], preset: 'bank-marketing' });
    expect(full).toMatchObject({ rowsRead: 45_211, imported: 45_211, quarantined: 0 });
    const add = await importFiles(engine, { entity: 'leads', files: [sharedData('bank_marketing', 'bank-additional-full.csv')], preset: 'bank-marketing' });
    expect(add).toMatchObject({ rowsRead: 41_188, imported: 41_188, quarantined: 0 });
    const s = await one<{ yes: number; n: number }>("SELECT count(*) FILTER (WHERE outcome) AS yes, count(*) AS n FROM leads WHERE lead_id LIKE 'bank-additional-full.csv:%'");
    expect(s).toEqual({ yes: 4_640, n: 41_188 });
    const y = await one<{ yes: number }>("SELECT count(*) FILTER (WHERE outcome) AS yes FROM leads WHERE lead_id LIKE 'bank-full.csv:%'");
    expect(y.yes).toBe(5_289);
  });

  it('a GB18030 shop export (first 60,000 lines, Chinese headers, ";"): whole-record duplicates only, 59,387 + 613, revenue checked independently', async () => {
    const lines = readFileSync(sharedData('online_retail', 'online_retail.csv'), 'utf8').split('\n').slice(1, 60_001);
    const rows = lines.map((l) => {
      const f = splitCsvLine(l, ',');
      f[4] = f[4].slice(0, 16).replaceAll('-', '/'); // YYYY/MM/DD HH:mm
      return f.map((v) => (v.includes(';') || v.includes('"') ? `"${v.replaceAll('"', '""')}"` : v)).join(';');
    });
    const text = '发票号;商品编码;商品描述;数量;日期;单价;客户编号;国家\n' + rows.join('\n') + '\n';
    const path = `${store.dir.dir}/shop.csv`;
    writeFileSync(path, iconv.encode(text, 'gb18030'));
    const fresh = await tempStore();
    try {
      const r = await importFiles(fresh.engine, { entity: 'orders', files: [path] });
      // Independently: a line is a duplicate only when the whole line repeats; revenue is quantity × price of the rest.
      const seen = new Set<string>();
      let revenue = 0;
      for (const l of rows) {
        if (seen.has(l)) continue;
        seen.add(l);
        const f = splitCsvLine(l, ';');
        revenue += Number(f[3]) * Number(f[5]);
      }
      expect(r).toMatchObject({ rowsRead: 60_000, imported: seen.size, quarantined: 60_000 - seen.size });
      expect(seen.size).toBe(59_387);
      expect(r.files[0].encoding).toBe('gb18030');
      // Without 商品编码 matched, those columns are what keeps different products on one invoice apart, and it says so.
      if (r.files[0].unmatched.includes('商品编码')) expect(r.files[0].keptApartBy.map((k) => k.column)).toContain('商品编码');
      const [{ net }] = await fresh.engine.query<{ net: number }>('SELECT sum(amount) AS net FROM order_lines');
      expect(net).toBeCloseTo(revenue, 2);
    } finally {
      await fresh.close();
    }
  });
});
