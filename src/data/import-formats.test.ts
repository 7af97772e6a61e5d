import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempStore } from '../test-support/temp.js';
import { buildXlsx, excelSerial, type XlsxCell } from '../test-support/xlsx.js';
import { importFiles } from './import.js';
import { FileRefusal, OptionRefusal, type RefusalCode } from './refusals.js';

let store: Awaited<ReturnType<typeof tempStore>>;
const files = tempDir('clientele-formats-');
beforeAll(async () => {
  store = await tempStore();
});
afterAll(async () => {
  await store.close();
  files.cleanup();
});

const q = <T>(sql: string, params: ReadonlyArray<string | number> = []) => store.engine.query<T>(sql, params);
const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));
const dateCell = (d: Date, date1904 = false): XlsxCell => ({ serial: excelSerial(d, date1904), format: d.getUTCHours() || d.getUTCMinutes() ? 'datetime' : 'date' });

async function refused(run: () => Promise<unknown>): Promise<OptionRefusal | FileRefusal> {
  const before = await q<{ n: number }>('SELECT count(*) AS n FROM imports');
  const e = await run().then(
    () => null,
    (x: unknown) => x,
  );
  expect(e, 'expected a refusal').toBeTruthy();
  expect((await q<{ n: number }>('SELECT count(*) AS n FROM imports'))[0].n, 'the store is unchanged').toBe(before[0].n);
  return e as OptionRefusal | FileRefusal;
}

// Every case is a made-up company of its own in one test store: --append says so (one store, one company).
describe('Excel workbooks (.xlsx)', () => {
  // Two sheets of orders; the first has a title row above its header and a line with no date on sheet row 5.
  const first = [
    ['订单编号', '客户编号', '下单时间', '商品编码', '数量', '单价(元)'],
    ['X1', 'K1', dateCell(at(2024, 1, 31, 8, 5)), 'P1', 2, 0.1],
    ['X1', 'K1', dateCell(at(2024, 1, 31, 8, 5)), 'P2', 1, 19.99],
    ['X2', 'K2', null, 'P1', 1, 5],
    ['X3', 'K2', dateCell(at(2024, 2, 29)), 'P3', 3, 2.5],
  ] as XlsxCell[][];
  const second = [
    ['订单编号', '客户编号', '下单时间', '商品编码', '数量', '单价(元)'],
    ['Y1', 'K3', dateCell(at(2024, 7, 1, 23, 59)), 'P1', 4, 1.25],
  ] as XlsxCell[][];
  const book = () => files.file('orders.xlsx', Buffer.from(buildXlsx([{ name: '上半年', firstRow: 1, rows: [['2024年订单报表'], [], ...first] }, { name: '下半年', rows: second }])));

  it('imports every sheet with no options: date cells right, numbers exact, quarantine lines name the sheet and row', async () => {
    const path = book();
    const r = await importFiles(store.engine, { entity: 'orders', files: [path], append: true });
    expect(r.files.map((f) => [f.file, f.rowsRead, f.imported, f.quarantined])).toEqual([
      [`${path} [上半年]`, 4, 3, 1],
      [`${path} [下半年]`, 1, 1, 0],
    ]);
    expect(r.files[0].notes.join('\n')).toMatch(/header on row 3.*quarantine lines are the sheet's row numbers/);
    const lines = await q<{ order_id: string; ordered_at: string; unit_price: number; quantity: number }>(
      `SELECT order_id, strftime(ordered_at, '%Y-%m-%d %H:%M:%S') AS ordered_at, unit_price, quantity FROM order_lines WHERE import_id IN (${r.importIds.join(',')}) ORDER BY order_id, product_id`,
    );
    expect(lines).toEqual([
      { order_id: 'X1', ordered_at: '2024-01-31 08:05:00', unit_price: 0.1, quantity: 2 },
      { order_id: 'X1', ordered_at: '2024-01-31 08:05:00', unit_price: 19.99, quantity: 1 },
      { order_id: 'X3', ordered_at: '2024-02-29 00:00:00', unit_price: 2.5, quantity: 3 },
      { order_id: 'Y1', ordered_at: '2024-07-01 23:59:00', unit_price: 1.25, quantity: 4 },
    ]);
    // The line with no date is on sheet row 6 (title row 1, empty row 2, header row 3).
    const [bad] = await q<{ file: string; line: number; raw: string }>('SELECT file, line, raw FROM quarantine WHERE import_id = $1', [r.importIds[0]]);
    expect(bad.file).toBe(`${path} [上半年]`);
    expect(bad.line).toBe(6);
    expect(bad.raw).toContain('X2');
  });

  it('takes the header under a row of group titles (merged cells: 基本信息 over 客户编号, 姓名, 性别), QA session 9, D4', async () => {
    const people = [1, 2, 3, 4, 5].map((i) => [`M00${i}`, `客${i}`, '男', `1390000000${i}`, `m${i}@x.cn`, i * 10000]);
    const path = files.file('grouped.xlsx', Buffer.from(buildXlsx([{ name: '客户清单', rows: [['基本信息', null, null, '联系方式', null, '消费'], ['客户编号', '姓名', '性别', '手机', '邮箱', '年收入'], ...people] }])));
    const r = await importFiles(store.engine, { entity: 'customers', files: [path], append: true });
    const f = r.files[0];
    expect([f.rowsRead, f.imported, f.quarantined]).toEqual([5, 5, 0]);
    expect(f.notes.join('\n')).toContain('its header on row 2');
    const got = await store.engine.query<{ customer_id: string; phone: string; email: string; income: number }>("SELECT customer_id, phone, email, income FROM customers WHERE customer_id LIKE 'M00%' ORDER BY 1");
    expect(got).toEqual(people.map((p) => ({ customer_id: p[0], phone: p[3], email: p[4], income: p[5] })));
  });

  it('leaves out a sheet that cannot hold the entity (a notes sheet), saying so, when another sheet can', async () => {
    const path = files.file('with-notes.xlsx', Buffer.from(buildXlsx([{ name: '说明', rows: [['字段', '含义'], ['会员ID', '会员编号']] }, { name: '客户', rows: [['会员ID', '城市'], ['N1', '上海']] }])));
    const r = await importFiles(store.engine, { entity: 'customers', files: [path], append: true });
    expect(r.files.map((f) => f.file)).toEqual([`${path} [客户]`]);
    expect(r.files[0].notes.join('\n')).toContain('sheet "说明" was not imported: it has no column for customer_id');
    // Named with --sheet, the same sheet is imported, and refused for what it lacks.
    await expect(importFiles(store.engine, { entity: 'customers', files: [path], append: true, sheet: '说明' })).rejects.toThrow(/no column for customer_id/);
  });

  it('imports only the sheet named by --sheet, and refuses an unknown sheet with the list', async () => {
    const path = files.file('orders-b.xlsx', Buffer.from(buildXlsx([{ name: 'A', rows: [['order id', 'date', 'amount'], ['Z1', dateCell(at(2023, 3, 4)), 10]] }, { name: 'B', rows: second }])));
    const r = await importFiles(store.engine, { entity: 'orders', files: [path], append: true, sheet: 'b' });
    expect(r.files.map((f) => f.file)).toEqual([`${path} [B]`]);
    const e = await refused(() => importFiles(store.engine, { entity: 'orders', files: [path], append: true, sheet: 'C' }));
    expect(e).toBeInstanceOf(OptionRefusal);
    expect([e.code, e.message, e.hint]).toEqual(['sheet_unknown', 'the workbook has no sheet "C"', 'its sheets are: A, B']);
  });

  it('reads the 1904 date system, and writes date cells in the --date-format given', async () => {
    const path = files.file('mac.xlsx', Buffer.from(buildXlsx([{ name: 'S', rows: [['customer id', 'signup date', 'birth date'], ['M1', dateCell(at(2019, 12, 31), true), '07/03/1990']] }], { date1904: true })));
    const r = await importFiles(store.engine, { entity: 'customers', files: [path], append: true, dateFormat: 'DD/MM/YYYY' });
    expect(r).toMatchObject({ imported: 1, quarantined: 0 });
    const [c] = await q<{ s: string; b: string }>("SELECT CAST(signup_date AS VARCHAR) AS s, CAST(birth_date AS VARCHAR) AS b FROM customers WHERE customer_id = 'M1'");
    expect(c).toEqual({ s: '2019-12-31', b: '1990-03-07' });
  });

  it('reads plain numbers in a date column as Excel serials (45322 is 2024-01-31, Excel\'s own count), and only there', async () => {
    const path = files.file('serials.xlsx', Buffer.from(buildXlsx([{ name: 'S', rows: [['单号', '会员ID', '下单时间', '数量', '实付金额'], ['S1', 'K5', 45322, 45322, 3], ['S2', 'K5', 45322.5, 2, 4], ['S3', 'K5', '2024-02-01', 1, 5]] }])));
    const r = await importFiles(store.engine, { entity: 'orders', files: [path], append: true });
    expect(r).toMatchObject({ imported: 3, quarantined: 0 });
    expect(r.files[0].notes.join('\n')).toContain('plain numbers in 下单时间 read as Excel date serials');
    const rows = await q<{ id: string; at: string; qty: number }>(`SELECT order_id AS id, strftime(ordered_at, '%Y-%m-%d %H:%M') AS at, quantity AS qty FROM order_lines WHERE import_id = ${r.importId} ORDER BY order_id`);
    expect(rows).toEqual([
      { id: 'S1', at: '2024-01-31 00:00', qty: 45322 },
      { id: 'S2', at: '2024-01-31 12:00', qty: 2 },
      { id: 'S3', at: '2024-02-01 00:00', qty: 1 },
    ]);
  });

  it('refuses an old .xls, a damaged workbook, an empty one, and --sheet on a CSV, clearly', async () => {
    const xls = files.file('old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]));
    const cases: Array<[string, RefusalCode, RegExp, { sheet?: string }?]> = [
      [xls, 'xls_legacy', /Excel 97–2003 workbook \(\.xls\)/],
      [files.file('cut.xlsx', Buffer.from(buildXlsx([{ name: 'S', rows: second }])).subarray(0, 300)), 'xlsx_unreadable', /cannot be read as an Excel workbook/],
      [files.file('empty.xlsx', Buffer.from(buildXlsx([{ name: 'S', rows: [] }]))), 'xlsx_empty', /every sheet is empty/],
      [files.file('plain.csv', 'customer_id\nA\n'), 'sheet_not_xlsx', /plain\.csv is not an Excel workbook/, { sheet: 'S' }],
    ];
    for (const [path, code, message, o] of cases) {
      const e = await refused(() => importFiles(store.engine, { entity: 'customers', files: [path], append: true, ...(o ?? {}) }));
      expect([e.code, e.message], path).toEqual([code, expect.stringMatching(message)]);
    }
  });
});

describe('JSON arrays', () => {
  it('imports an array of objects like JSON lines: numbers keep their digits, quarantine lines are element numbers', async () => {
    const text = `[
  {"order_id": 1234567890123456789, "customer_id": "J1", "ordered_at": "2024-05-01", "amount": 10.5},
  {"order_id": 2, "customer_id": "J1", "ordered_at": "2024-05-02",
   "amount": 7, "note": "a, \\"quoted\\" ] } text"},
  {"order_id": 3, "customer_id": "J2", "ordered_at": "not a date", "amount": 1},
  {"order_id": 4, "customer_id": "J2", "ordered_at": "2024-05-04", "amount": 2.25}
]
`;
    const path = files.file('orders.json', text);
    const r = await importFiles(store.engine, { entity: 'orders', files: [path], append: true });
    expect(r).toMatchObject({ rowsRead: 4, imported: 3, quarantined: 1 });
    const ids = await q<{ order_id: string; amount: number }>(`SELECT order_id, amount FROM order_lines WHERE import_id = ${r.importId} ORDER BY ordered_at`);
    expect(ids).toEqual([
      { order_id: '1234567890123456789', amount: 10.5 },
      { order_id: '2', amount: 7 },
      { order_id: '4', amount: 2.25 },
    ]);
    const [bad] = await q<{ line: number; raw: string }>(`SELECT line, raw FROM quarantine WHERE import_id = ${r.importId}`);
    expect(bad.line).toBe(3); // the array's third element
    expect(bad.raw).toContain('not a date');
    expect(r.files[0].notes.join('\n')).toMatch(/JSON array of 4 objects/);
  });

  it('reads a column that mixes JSON strings and numbers as their text, without the quotes', async () => {
    const text = '[{"订单号": "A1", "会员ID": "m1", "下单时间": "2024-03-01 10:00:00", "数量": 2, "单价": 9.9, "备注": {"gift": true}},\n' +
      ' {"订单号": 7, "会员ID": 42, "下单时间": "2024-03-02 11:00:00", "数量": "3", "单价": "19.8", "备注": null}]';
    const progress: string[] = [];
    const r = await importFiles(store.engine, { entity: 'orders', files: [files.file('mixed-types.json', text)], append: true, onProgress: (e) => progress.push(e.file) });
    expect(r).toMatchObject({ rowsRead: 2, imported: 2, quarantined: 0 });
    const got = await q<{ order_id: string; customer_id: string; quantity: number; unit_price: number }>(`SELECT order_id, customer_id, quantity, unit_price FROM order_lines WHERE import_id = ${r.importId} ORDER BY ordered_at`);
    expect(got).toEqual([
      { order_id: 'A1', customer_id: 'm1', quantity: 2, unit_price: 9.9 },
      { order_id: '7', customer_id: '42', quantity: 3, unit_price: 19.8 },
    ]);
    // Progress names the user's file, never the converted copy.
    expect(progress.every((f) => f.endsWith('mixed-types.json'))).toBe(true);
  });

  it('reads a large array in linear time', async () => {
    const n = 200_000;
    const path = files.dir + '/big.json';
    writeFileSync(path, '[' + Array.from({ length: n }, (_, i) => `{"customer_id":"B${i}","ordered_at":"2024-01-0${1 + (i % 9)}","amount":${i % 100}}`).join(',\n') + ']');
    const t = performance.now();
    const r = await importFiles(store.engine, { entity: 'orders', files: [path], append: true });
    expect(r).toMatchObject({ rowsRead: n, imported: n, quarantined: 0 });
    expect(performance.now() - t).toBeLessThan(60_000);
  });

  it.each([
    ['numbers.json', '[1, 2, 3]', 'json_not_objects', "the JSON array's element 1 is a number, not an object"],
    ['mixed.json', '[{"customer_id": "a"}, ["b"]]', 'json_not_objects', "the JSON array's element 2 is an array, not an object"],
    ['empty.json', '  [ ]\n', 'json_empty_array', 'the JSON array is empty'],
    ['cut.json', '[{"customer_id": "a"}, {"customer_id": "b"', 'json_unterminated', 'after 1 complete elements'],
    ['bad.json', '[{"customer_id": "a"},\n {"customer_id": b}]', 'json_bad_element', "element 2 (from line 2) is not valid JSON"],
    ['two.json', '[{"customer_id": "a"}]\n[{"customer_id": "b"}]', 'json_trailing', 'more text after the JSON array'],
    ['doc.json', '{\n  "data": [{"customer_id": "a"}]\n}\n', 'json_document', 'one JSON object spread over several lines'],
    // A value nested 100,000 deep crashed the engine's reader, and with it the process (QA session 9, C1).
    ['deep.json', `[{"customer_id":"K1","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`, 'json_too_deep', "the JSON array's element 1 (from line 1) holds a value nested more than 64 levels deep"],
    ['deep.jsonl', `{"customer_id":"K0"}\n{"customer_id":"K1","x":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}\n`, 'json_too_deep', 'the JSON line 2 holds a value nested more than 64 levels deep'],
  ])('refuses %s clearly', async (name, text, code, message) => {
    const e = await refused(() => importFiles(store.engine, { entity: 'customers', files: [files.file(name, text)] }));
    expect(e).toBeInstanceOf(FileRefusal);
    expect(e.code).toBe(code);
    expect(e.message).toContain(message);
  });
});

describe('wide headers and bad options', () => {
  it('refuses a 100,000-column header, saying so', async () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    const e = await refused(() => importFiles(store.engine, { entity: 'customers', files: [files.file('wide.csv', `${header}\n${'1,'.repeat(99_999)}1\n`)] }));
    expect([e.code, e.message]).toEqual(['wide_header', 'the first line has 100,000 columns; the importer reads at most 16,384 (as many as Excel allows)']);
  });

  it('refuses a bad --date-format before reading anything, in the notation given', async () => {
    const e = await refused(() => importFiles(store.engine, { entity: 'customers', files: [files.file('ok.csv', 'customer_id,signup_date\nA,2024-01-01\n')], dateFormat: '%Q%Q' }));
    expect(e).toBeInstanceOf(OptionRefusal);
    expect(e.message).toBe('--date-format %Q%Q: "%Q" is not a part of a date');
  });
});
