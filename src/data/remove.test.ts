import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.js';
import { ImportError, NotFoundError } from '../errors.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempDir, tempStore } from '../test-support/temp.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { importFiles } from './import.js';
import { importOptionsKey, removeImport } from './remove.js';

/**
 * Undo and redo, checked against a fresh store: `imports remove` followed by the same import with a better mapping,
 * and a re-import with other options, must give exactly the figures of a store that only ever saw the better
 * mapping. The file is the first 6,000 lines of Online Retail with two headers no alias knows.
 */
const tmp = tempDir();
afterAll(() => tmp.cleanup());

let orders: string;
beforeAll(() => {
  const lines = readFileSync(sharedData('online_retail', 'online_retail.csv'), 'utf8').split('\n').slice(0, 6001);
  lines[0] = 'InvoiceNo,Artikel,Description,Quantity,InvoiceDate,UnitPrice,Kundennummer,Country';
  orders = tmp.file('shop.csv', lines.join('\n') + '\n');
});

const BETTER = { product_id: 'Artikel', customer_id: 'Kundennummer' };
const config = normalizeValueConfig({ marginRate: 0.35, costPerOrder: 2 });

/** Every per-customer figure and the portfolio, without run ids and reuse flags. */
async function figures(engine: Engine) {
  const value = await computeValue(engine, { config, force: true });
  const { runId: _r, reused: _u, ...portfolio } = value as unknown as Record<string, unknown>;
  const summary = await engine.query('SELECT * EXCLUDE (run_id) FROM customer_summary ORDER BY customer_id');
  const classes = await engine.query('SELECT * EXCLUDE (run_id) FROM customer_value ORDER BY customer_id');
  const facts = await engine.query('SELECT * FROM customer_facts ORDER BY customer_id');
  const customers = await engine.query('SELECT * EXCLUDE (import_id) FROM customers ORDER BY customer_id');
  const products = await engine.query('SELECT * EXCLUDE (import_id) FROM products ORDER BY product_id');
  return settle({ portfolio, summary, classes, facts, customers, products });
}

/**
 * Numbers to 12 significant digits: sums over the same rows in another physical order (a store that has seen an
 * import come and go) differ in the last bits of a double, never in a figure anyone reads.
 */
function settle<T>(x: T): T {
  return JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Number(v.toPrecision(12)) : typeof v === 'bigint' ? Number(v) : v))) as T;
}

async function counts(engine: Engine) {
  const [r] = await engine.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM order_lines) AS lines, (SELECT count(*) FROM customers) AS customers,
            (SELECT count(*) FROM products) AS products, (SELECT count(*) FROM quarantine) AS quarantine, (SELECT count(*) FROM value_runs) AS runs,
            (SELECT count(*) FROM customer_facts) AS facts`,
  );
  return r;
}

describe('imports remove, and importing again with other options', () => {
  let fresh: Awaited<ReturnType<typeof figures>>;
  beforeAll(async () => {
    const s = await tempStore();
    try {
      const r = await importFiles(s.engine, { entity: 'orders', files: [orders], map: BETTER });
      expect(r.imported).toBeGreaterThan(5000);
      fresh = await figures(s.engine);
      // The mapping matters: the better one attributes lines to customers.
      expect(fresh.summary.length).toBeGreaterThan(100);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('remove, then the better mapping: exactly the figures of a fresh store', async () => {
    const s = await tempStore();
    try {
      const first = await importFiles(s.engine, { entity: 'orders', files: [orders] });
      expect(first.files[0].notes.join(' ')).toMatch(/no customer id/);
      await computeValue(s.engine, { config });
      const removed = await removeImport(s.engine, first.importId!);
      expect(removed.deleted.order_lines).toBe(first.imported);
      expect(removed.cleared).toContain('value_runs');
      // Nothing of it is left: no rows, no quarantine, no placeholders, no runs, no facts.
      expect(await counts(s.engine)).toEqual({ imports: 0, lines: 0, customers: 0, products: 0, quarantine: 0, runs: 0, facts: 0 });
      await importFiles(s.engine, { entity: 'orders', files: [orders], map: BETTER });
      expect(await figures(s.engine)).toEqual(fresh);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('the same file with other options replaces its earlier import, in one step; the same options load nothing', async () => {
    const s = await tempStore();
    try {
      const first = await importFiles(s.engine, { entity: 'orders', files: [orders] });
      const again = await importFiles(s.engine, { entity: 'orders', files: [orders], map: {}, encoding: 'auto', delimiter: 'auto', dateFormat: 'auto' });
      expect(again.files[0].alreadyImportedAs).toBe(first.importId);
      expect(again.imported).toBe(0);
      const better = await importFiles(s.engine, { entity: 'orders', files: [orders], map: BETTER });
      expect(better.files[0].replaced).toBe(first.importId);
      expect(better.files[0].notes.join(' ')).toMatch(new RegExp(`replaces import #${first.importId} .*map`));
      expect((await counts(s.engine)).imports).toBe(1);
      expect(await figures(s.engine)).toEqual(fresh);
      // The map in another order is the same options.
      const same = await importFiles(s.engine, { entity: 'orders', files: [orders], map: { customer_id: 'Kundennummer', product_id: 'Artikel' } });
      expect(same.files[0].alreadyImportedAs).toBe(better.importId);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('a replacing import that fails leaves the earlier import in place', async () => {
    const s = await tempStore();
    try {
      const first = await importFiles(s.engine, { entity: 'orders', files: [orders], map: BETTER });
      const before = await counts(s.engine);
      await expect(importFiles(s.engine, { entity: 'orders', files: [orders], map: { ...BETTER, ordered_at: 'Country' } })).rejects.toBeInstanceOf(ImportError);
      expect(await counts(s.engine)).toEqual(before);
      const [{ n }] = await s.engine.query<{ n: number }>('SELECT count(*) AS n FROM imports WHERE import_id = $1', [first.importId]);
      expect(n).toBe(1);
    } finally {
      await s.close();
    }
  }, 120_000);

  it('an unknown import id is a clear not-found error', async () => {
    const s = await tempStore();
    try {
      await expect(removeImport(s.engine, 42)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await s.close();
    }
  });
});

describe('keyed rows an import replaced come back when it is removed', () => {
  it('customers: a second file replaces some; removing it restores the first exactly; placeholders come back', async () => {
    const s = await tempStore();
    try {
      const v1 = tmp.file('c1.csv', 'customer_id,name,country\nA,Ann,France\nB,Bob,Spain\nC,Cy,Italy\n');
      const v2 = tmp.file('c2.csv', 'customer_id,name,country\nB,Bobby,Portugal\nD,Dee,Chile\n');
      const o = tmp.file('o.csv', 'order_id,customer_id,ordered_at,amount,country\n1,A,2024-01-02,10,France\n2,E,2024-01-03,20,Peru\n3,D,2024-01-04,5,Chile\n');
      await importFiles(s.engine, { entity: 'customers', files: [v1] });
      const snapshot = await s.engine.query('SELECT * FROM customers ORDER BY customer_id');
      const second = await importFiles(s.engine, { entity: 'customers', files: [v2] });
      expect(second.updated).toBe(1);
      const r = await removeImport(s.engine, second.importId!);
      expect(r.restored).toBe(1);
      expect(await s.engine.query('SELECT * FROM customers ORDER BY customer_id')).toEqual(snapshot);

      // Orders name D (no such customer: a placeholder) and E; then a customers file replaces the placeholder D.
      await importFiles(s.engine, { entity: 'orders', files: [o] });
      const withPlaceholders = await s.engine.query('SELECT * FROM customers ORDER BY customer_id');
      expect(withPlaceholders.filter((c) => (c as { derived: boolean }).derived).map((c) => (c as { customer_id: string }).customer_id)).toEqual(['D', 'E']);
      const third = await importFiles(s.engine, { entity: 'customers', files: [v2] });
      expect(await s.engine.query('SELECT name FROM customers WHERE customer_id = $1', ['D'])).toEqual([{ name: 'Dee' }]);
      await removeImport(s.engine, third.importId!);
      expect(await s.engine.query('SELECT * FROM customers ORDER BY customer_id')).toEqual(withPlaceholders);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('customers re-imported with another mapping replace their earlier import, and the rows it had replaced stay kept', async () => {
    const s = await tempStore();
    try {
      const o = tmp.file('o2.csv', 'order_id,customer_id,ordered_at,amount\n1,P1,2024-01-02,10\n');
      const c = tmp.file('c3.csv', 'Kunde,Land\nP1,Peru\nP2,Chile\n');
      await importFiles(s.engine, { entity: 'orders', files: [o] });
      const placeholder = await s.engine.query('SELECT * FROM customers ORDER BY customer_id');
      const first = await importFiles(s.engine, { entity: 'customers', files: [c], map: { customer_id: 'Kunde' } });
      expect(await s.engine.query('SELECT customer_id, country FROM customers ORDER BY 1')).toEqual([{ customer_id: 'P1', country: null }, { customer_id: 'P2', country: null }]);
      const better = await importFiles(s.engine, { entity: 'customers', files: [c], map: { customer_id: 'Kunde', country: 'Land' } });
      expect(better.files[0].replaced).toBe(first.importId);
      expect(better.updated).toBe(0);
      expect(await s.engine.query('SELECT customer_id, country, derived FROM customers ORDER BY 1')).toEqual([
        { customer_id: 'P1', country: 'Peru', derived: false },
        { customer_id: 'P2', country: 'Chile', derived: false },
      ]);
      await removeImport(s.engine, better.importId!);
      expect(await s.engine.query('SELECT * FROM customers ORDER BY customer_id')).toEqual(placeholder);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('a chain: removing the middle import hands its kept rows to the later one', async () => {
    const s = await tempStore();
    try {
      const a = tmp.file('k1.csv', 'customer_id,name\nX,one\n');
      const b = tmp.file('k2.csv', 'customer_id,name\nX,two\n');
      const c = tmp.file('k3.csv', 'customer_id,name\nX,three\n');
      await importFiles(s.engine, { entity: 'customers', files: [a] });
      const mid = await importFiles(s.engine, { entity: 'customers', files: [b] });
      const last = await importFiles(s.engine, { entity: 'customers', files: [c] });
      await removeImport(s.engine, mid.importId!);
      expect(await s.engine.query('SELECT name FROM customers')).toEqual([{ name: 'three' }]);
      await removeImport(s.engine, last.importId!);
      expect(await s.engine.query('SELECT name FROM customers')).toEqual([{ name: 'one' }]);
    } finally {
      await s.close();
    }
  }, 60_000);
});

describe('options that make an import "the same"', () => {
  it('drop defaults, sort keys and ignore --append', () => {
    const a = importOptionsKey({ entity: 'orders', files: ['x'], map: { b: 'B', a: 'A' }, encoding: 'auto', delimiter: 'auto', dateFormat: 'auto', append: true, onProgress: () => undefined });
    const b = importOptionsKey({ entity: 'orders', files: ['y'], map: { a: 'A', b: 'B' } });
    expect(a).toBe(b);
    expect(a).toBe('{"map":{"a":"A","b":"B"}}');
    expect(importOptionsKey({ map: {}, preset: undefined })).toBe('{}');
    expect(importOptionsKey({ dateFormat: 'DD/MM/YYYY' })).not.toBe(importOptionsKey({ dateFormat: 'MM/DD/YYYY' }));
  });
});

describe('one store, one company', () => {
  it('refuses a file that shares no customer and no dates with the store, leaving it unchanged; --append loads it', async () => {
    const s = await tempStore();
    try {
      await importFiles(s.engine, { entity: 'orders', files: [orders], map: BETTER });
      const before = await counts(s.engine);
      const other = tmp.file('other.csv', 'order_id,customer_id,ordered_at,amount\n1,Z1,2024-05-01,10\n2,Z2,2024-06-01,20\n');
      const err = await importFiles(s.engine, { entity: 'orders', files: [other] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as ImportError).message).toMatch(/shares no customer_id .*2024-05-01 – 2024-06-01.*2010-12-01/);
      expect((err as ImportError).hint).toMatch(/--append/);
      expect(await counts(s.engine)).toEqual(before);
      const appended = await importFiles(s.engine, { entity: 'orders', files: [other], append: true });
      expect(appended.imported).toBe(2);
      expect(appended.files[0].notes.join(' ')).toMatch(/--append/);
      // A file of the same company (a shared customer, other dates) needs no --append.
      const more = tmp.file('more.csv', 'order_id,customer_id,ordered_at,amount\n9,17850,2012-01-01,10\n');
      expect((await importFiles(s.engine, { entity: 'orders', files: [more] })).imported).toBe(1);
    } finally {
      await s.close();
    }
  }, 120_000);
});
