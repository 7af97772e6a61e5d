/** The import route refuses a bad option with a 400 that says what is allowed (never a 500), and reads workbooks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, excelSerial } from '../test-support/xlsx.js';
import { fixture, rowCounts, type Fixture } from './test-fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await fixture(50);
}, 120_000);
afterAll(async () => f?.close());

const post = (query: string, body: string | Uint8Array) =>
  fetch(`${f.server.url}/api/imports?${query}`, { method: 'POST', headers: { authorization: `Bearer ${f.tokens.analyst}`, 'content-type': 'application/octet-stream' }, body });

describe('POST /api/imports options', () => {
  it.each([
    // Named by the query parameter the client sent, not by the CLI option.
    ['dateFormat=%25Q%25Q', 'dateFormat=%Q%Q: "%Q" is not a part of a date'],
    [`dateFormat=${encodeURIComponent('YYYY年MM月')}`, 'dateFormat=YYYY年MM月: a date needs DD too'],
    ['encoding=ebcdic', 'encoding=ebcdic: not an encoding the importer reads'],
    ['sheet=Orders', 'sheet=Orders: x.csv is not an Excel workbook (.xlsx)'],
  ])('%s is a 400 with a clear message, and the store is unchanged', async (query, message) => {
    const before = await rowCounts(f.engine);
    const res = await post(`entity=customers&filename=x.csv&${query}`, 'customer_id\nQ1\n');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; hint?: string } };
    expect(body.error.message).toBe(message);
    expect(body.error.hint).toBeTruthy();
    expect(await rowCounts(f.engine)).toEqual(before);
  });

  it('imports an uploaded workbook, naming the sheet as the client named the file', async () => {
    const book = buildXlsx([{ name: '客户', rows: [['客户编号', '注册日期'], ['XL-1', { serial: excelSerial(new Date(Date.UTC(2022, 4, 17))), format: 'date' }]] }]);
    const res = await post('entity=customers&filename=book.xlsx', book);
    expect(res.status).toBe(200);
    const r = (await res.json()) as { imported: number; files: Array<{ file: string }> };
    expect(r.imported).toBe(1);
    expect(r.files[0].file).toBe('book.xlsx [客户]');
    const [c] = await f.engine.query<{ d: string }>("SELECT CAST(signup_date AS VARCHAR) AS d FROM customers WHERE customer_id = 'XL-1'");
    expect(c.d).toBe('2022-05-17');
  });
});
