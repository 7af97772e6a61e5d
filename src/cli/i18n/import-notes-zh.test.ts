/**
 * Every note an import writes reads in Chinese for a zh-CN user: files made to produce each note are imported, and
 * each note, put through the CLI's translation, must hold Chinese and no English words beyond what a user types
 * (options, column names from the file, codes such as U+FFFD).
 */
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles, type ImportOptions } from '../../data/import.js';
import { tempStore } from '../../test-support/temp.js';
import { translateCore } from './index.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(async () => store.close());

const notesOf = async (entity: ImportOptions['entity'], name: string, content: string | Buffer, extra: Partial<ImportOptions> = {}) =>
  (await importFiles(store.engine, { entity, files: [store.dir.file(name, content)], append: true, ...extra })).files.flatMap((f) => [...f.notes]);

/** The files' own column names below: a note may list them as they are. */
const COLUMNS = ['Order Total Amount', 'Customer Email', 'Item Cost', 'order_id', 'customer_id', 'ordered_at', 'quantity', 'unit_price', 'product_name', 'amount', 'Client', 'Sales', 'column1', 'column3'];

/** English words left once what a user types or reads as a code is taken out. */
function english(zh: string): string[] {
  let s = zh;
  for (const c of COLUMNS) s = s.split(c).join(' ');
  s = s
    .replace(/--[\w-]+(?:[= ]\S+)?/g, ' ') // options and their values
    .replace(/“[^”]*”|"[^"]*"/g, ' ') // column names and values from the file, in quotes
    .replace(/U\+FFFD|JSON Lines|JSON|Excel|GB18030|UTF-8|clientele quarantine/g, ' ');
  return s.match(/[A-Za-z]{4,}/g) ?? [];
}

describe('import notes in 简体中文', () => {
  it('translates the refusals of a file without the columns an entity needs, and their hints', async () => {
    for (const [entity, text] of [['orders', 'a,b\n1,2\n'], ['customers', 'x\ny\n'], ['orders', 'order_id,ordered_at,amount\nA,someday,1\nB,later,2\n']] as const) {
      const e = await importFiles(store.engine, { entity, files: [store.dir.file('bad.csv', text)] }).then(
        () => null,
        (err: unknown) => err as { message: string; hint?: string },
      );
      expect(e, text).not.toBeNull();
      for (const s of [e!.message, e!.hint ?? '']) {
        const zh = translateCore(s.replace(/^.*bad\.csv: /, ''), 'zh-CN');
        expect(zh, s).toMatch(/[\u4e00-\u9fff]/);
        expect(english(zh.replace(/此文件的列为：[^。]*。/, '')), `${s}\n→ ${zh}`).toEqual([]);
      }
    }
  });

  it('translates every note the import can write', async () => {
    const notes = [
      ...(await notesOf('orders', 'odd.csv', 'order_id,customer_id,ordered_at,quantity,unit_price,product_name\nA1,c1,2024-03-01,2,9.5,"two\nlines"\nA2,c2,2024-03-02,1,3.25,CafÃ© \ufffd\n')),
      ...(await notesOf('orders', 'array.json', '[{"order_id": "J1", "customer_id": "c9", "ordered_at": "2024-05-01", "amount": 3}]')),
      ...(await notesOf('orders', 'two.csv', '订单号,客户编号,日期,金额,金额\nB1,c1,2024-03-01,10,12\n')),
      ...(await notesOf('orders', 'apart.csv', '订单号,客户编号,日期,金额,备注\nD1,c1,2024-03-01,10,a\nD1,c1,2024-03-01,10,b\n')),
      ...(await notesOf('orders', 'mixed.csv', Buffer.concat([iconv.encode('订单号,客户编号,日期,金额\nE1,王芳,2024-03-01,10\nE2,李雷,2024-03-02,11\nE3,张伟,2024-03-03,12\n', 'gb18030'), Buffer.from('E4,周杰伦,2024-03-04,13\n', 'utf8')]))),
      ...(await notesOf('customers', 'members.csv', '客户编号,出生日期\nK1,1985-03-12\nK2,不详\n')),
      ...(await notesOf('orders', 'comma.csv', 'order_id;customer_id;ordered_at;quantity;unit_price\nH1;c1;2024-03-01;1.500;2,50\n')),
      ...(await notesOf('orders', 'both.csv', 'order_id;customer_id;ordered_at;quantity;unit_price\nI1;c1;2024-03-01;1;2,50\nI2;c1;2024-03-02;1;2.50\nI3;c1;2024-03-03;1;1.500\n')),
      ...(await notesOf('orders', 'titled.csv', 'Sales report\n\norder_id,customer_id,ordered_at,amount\nF1,c1,2024-03-01,1\nF2,c1,2024-03-02,2\nF3,c2,2024-03-03,3\n')),
      ...(await notesOf('orders', 'pandas.csv', ',order_id,customer_id,ordered_at,amount\n0,H1,c1,2024-03-01,1\n1,H2,c1,2024-03-02,2\n')),
      ...(await notesOf('orders', 'blanks.csv', ',order_id,,customer_id,ordered_at,amount\n0,H3,x,c1,2024-03-01,1\n1,H4,y,c1,2024-03-02,2\n')),
      ...(await notesOf('orders', 'mac.csv', 'order_id,customer_id,ordered_at,amount\rH5,c1,2024-03-01,1\rH6,c1,2024-03-02,2\r')),
      ...(await notesOf('orders', 'woo.csv', 'Order Number,Customer Email,Order Date,Quantity,Item Cost,Order Total Amount\nW1,a@x.com,2024-03-01,1,2.50,7.50\nW1,a@x.com,2024-03-01,2,2.50,7.50\n')),
      ...(await notesOf('orders', 'woo2.csv', 'Order Number,Customer Email,Order Date,Quantity,Order Total Amount\nV1,a@x.com,2024-03-01,1,7.50\nV1,a@x.com,2024-03-01,2,7.50\n')),
      ...(await notesOf('orders', 'trailing.csv', 'order_id;customer_id;ordered_at;amount\nH7;c1;2024-03-01;1;\nH8;c1;2024-03-02;2;\n')),
    ];
    const again = store.dir.file('again.csv', 'order_id,customer_id,ordered_at,amount,Client\nG1,c1,2024-03-01,1,x\n');
    await importFiles(store.engine, { entity: 'orders', files: [again], append: true });
    notes.push(...(await importFiles(store.engine, { entity: 'orders', files: [again], append: true, map: { customer_id: 'Client' } })).files[0].notes);
    // Each kind of note is there, so the test sees them all.
    for (const kind of [/span more than one line/, /replacement character/, /encoded twice/, /JSON array/, /was not matched|also names/, /unmatched columns differ/, /not in the file's encoding/, /bad optional value/, /stand above the table/, /replaces import/, /has no name for column \d/, /has no name for columns/, /customers are known by their email/, /is an order's total/, /orders have the same/, /lone CR/, /one delimiter more/, /read with decimal commas/, /writes decimals both/]) {
      expect(notes.some((n) => kind.test(n)), String(kind)).toBe(true);
    }
    for (const n of notes) {
      const zh = translateCore(n, 'zh-CN');
      expect(zh, n).toMatch(/[\u4e00-\u9fff]/);
      expect(english(zh), `${n}\n→ ${zh}`).toEqual([]);
    }
  });

  it('translates the reasons order statuses give, and the Excel serial date format', () => {
    for (const s of ['value is an order closed or never paid: not a sale', '"交易关闭" is an order refunded in full: not a sale', 'value is not an order status we know (paid, closed or unpaid, refunded) nor a kind (sale, return, cancel): write completed (已完成) in its place for a paid order, cancelled (已取消) for one never paid, refunded (退款成功) for one refunded in full, and import the file again', '"partially_refunded" is an order refunded in part: its lines load as sales in full (the refunded amount is not on them; import the refund as a return line to take it off)', 'Excel serial day numbers (1900 date system)']) {
      const zh = translateCore(s, 'zh-CN');
      expect(zh, s).toMatch(/[\u4e00-\u9fff]/);
      expect(english(zh.replace(/sale|return|cancel/g, ' ')), `${s}\n→ ${zh}`).toEqual([]);
    }
  });
});
