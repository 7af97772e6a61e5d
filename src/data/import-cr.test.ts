/**
 * Carriage returns inside records. A CRLF file (Excel's) whose record holds a quoted line break was copied by the
 * scanner with LF line ends and that CRLF inside the quotes, and the engine's reader, guessing the line end, failed
 * on the copy with a raw "Error when sniffing file"; a CR inside an unquoted value did the same. The first loads with
 * its value as written; the second is quarantined with its reason, every line accounted for, on both import paths.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempStore } from '../test-support/temp.js';
import { importFiles } from './import.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.close());

const head = 'InvoiceNo,CustomerID,InvoiceDate,Description,Quantity,UnitPrice';

describe('carriage returns inside records', () => {
  for (const lean of [true, false]) {
    it(`loads a quoted CRLF line break in a CRLF file (${lean ? 'lean' : 'exact'} import)`, async () => {
      const file = store.dir.file('crlf.csv', `${head}\r\n1001,K1,2023-01-05,"two\r\nlines",2,3.50\r\n1002,K2,2023-01-06,plain,1,4.00\r\n1003,K1,2023-01-07,"a ""quoted""\r\n\r\nthird",1,1\r\n`);
      const r = await importFiles(store.engine, { entity: 'orders', files: [file], lean });
      expect([r.imported, r.quarantined]).toEqual([3, 0]);
      const rows = await store.engine.query<{ line_no: number; product_name: string }>('SELECT line_no, product_name FROM order_lines ORDER BY line_no');
      expect(rows.map((x) => [Number(x.line_no), x.product_name])).toEqual([
        [2, 'two\r\nlines'],
        [4, 'plain'],
        [5, 'a "quoted"\r\n\r\nthird'],
      ]);
    });

    it(`quarantines a CR inside an unquoted value, with its line and reason (${lean ? 'lean' : 'exact'} import)`, async () => {
      const file = store.dir.file('cr.csv', `${head}\n1001,K\r1,2023-01-05,tea,2,3.50\n1002,K2,2023-01-06,cup,1,4.00\n1003,K3,2023-01-07,pot\r,1,9\n`);
      const r = await importFiles(store.engine, { entity: 'orders', files: [file], lean });
      expect([r.imported, r.quarantined]).toEqual([1, 2]);
      const q = await store.engine.query<{ line: number; reason: string }>('SELECT line, reason FROM quarantine ORDER BY line');
      expect(q.map((x) => Number(x.line))).toEqual([2, 4]);
      for (const x of q) expect(x.reason).toMatch(/carriage return inside an unquoted value/);
      const [{ line_no }] = await store.engine.query<{ line_no: number }>('SELECT line_no FROM order_lines');
      expect(Number(line_no)).toBe(3);
    });
  }
});
