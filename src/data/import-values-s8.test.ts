/**
 * Values as exports write them, through the real import (QA session 8): Shopify's offsets after a space, Chinese
 * AM/PM words, currency signs and codes on either side, a decimal-comma column with a stray decimal point, two-digit
 * birth years, a discount written as a rate. Every expected figure is computed here from the file's own values.
 */
import { describe, expect, it } from 'vitest';
import { ImportError } from '../errors.js';
import { translateCore } from '../cli/i18n/index.js';
import { storePerTest } from '../test-support/store-per-test.js';
import { tempStore } from '../test-support/temp.js';
import { importFiles } from './import.js';

const s = storePerTest();
const { run, rows } = s;
/** A timestamp as the store gives it back, to the second. */
const stamp = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v)).replace('T', ' ').slice(0, 19);

describe('timestamps with a UTC offset after a space (Shopify: 2023-05-01 14:03:22 +0800)', () => {
  const written = ['2023-05-01 14:03:22 +0800', '2023-05-02 09:00:05 -0500', '2023-05-03 23:59:59 +08:00', '2023-05-04 00:00:01 UTC', '2023-05-05 12:30:00 GMT', '2023-05-06T07:08:09 +0530'];
  // The time as written, the offset set aside (as the importer reads 2023-05-19T02:03:22+08:00).
  const expected = written.map((w) => w.slice(0, 19).replace('T', ' '));
  const csv = ['Name,Email,Created at,Total', ...written.map((w, i) => `#10${i},c${i % 2}@x.com,${w},${10 + i}`)].join('\n') + '\n';

  it('are detected as ISO with an offset and read with the time as written', async () => {
    const r = await run('orders', 'shopify.csv', csv, { map: { order_id: 'Name', customer_id: 'Email' } });
    expect(r.quarantined).toBe(0);
    expect(r.files[0].dateFormats[0].format).toBe('ISO 8601');
    const got = await rows<{ ordered_at: unknown }>('SELECT ordered_at FROM order_lines ORDER BY line_no');
    expect(got.map((g) => stamp(g.ordered_at))).toEqual(expected);
    // The same time as the T-and-colon form the importer already read.
    await run('orders', 'iso.csv', 'order_id,customer_id,ordered_at,amount\nZ1,z,2023-05-19T02:03:22+08:00,1\nZ2,z,2023-05-19 02:03:22 +0800,1\n', { append: true });
    const two = await rows<{ ordered_at: unknown }>("SELECT ordered_at FROM order_lines WHERE order_id LIKE 'Z%' ORDER BY order_id");
    expect(two.map((g) => stamp(g.ordered_at))).toEqual(['2023-05-19 02:03:22', '2023-05-19 02:03:22']);
  });

  it('can be named with --date-format: +HHMM (or +HH:MM, Z) after the time', async () => {
    for (const [i, f] of ['YYYY-MM-DD HH:MM:SS +HHMM', 'YYYY-MM-DD HH:mm:ss +HH:MM', '%Y-%m-%d %H:%M:%S %z'].entries()) {
      const s = await tempStore();
      try {
        const body = ['Name,Email,Created at,Total', ...written.slice(0, 5).map((w, j) => `#${i}${j},c@x.com,${w},1`)].join('\n') + '\n';
        const r = await importFiles(s.engine, { entity: 'orders', files: [s.dir.file('f.csv', body)], map: { order_id: 'Name', customer_id: 'Email' }, dateFormat: f });
        expect(r.quarantined, f).toBe(0);
        const got = await s.engine.query<{ ordered_at: unknown }>('SELECT ordered_at FROM order_lines ORDER BY line_no');
        expect(got.map((g) => stamp(g.ordered_at)), f).toEqual(expected.slice(0, 5));
      } finally {
        await s.close();
      }
    }
  });

  it('in another date order (DD/MM/YYYY HH:mm +0800) is detected too', async () => {
    const r = await run('orders', 'dmy.csv', 'order_id,customer_id,ordered_at,amount\nA,c,15/03/2024 14:03 +0800,1\nB,c,16/03/2024 09:05 -0300,2\n');
    expect(r.files[0].dateFormats[0].format).toBe('DD/MM/YYYY HH:mm +HHMM');
    const got = await rows<{ ordered_at: unknown }>('SELECT ordered_at FROM order_lines ORDER BY line_no');
    expect(got.map((g) => stamp(g.ordered_at))).toEqual(['2024-03-15 14:03:00', '2024-03-16 09:05:00']);
  });

  it('a column of dates we cannot read gets a hint in the shape of its values', async () => {
    const e = await run('orders', 'odd.csv', 'order_id,customer_id,ordered_at,amount\nA,c,2023.05.01 14h03,1\nB,c,2023.05.02 09h05,2\n').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ImportError);
    // No format fits "14h03"; the date part's shape is still given.
    const { suggestDateFormat } = await import('./dates.js');
    expect(suggestDateFormat(['2023-05-01 14:03:22 +0800'])).toBe('YYYY-MM-DD HH:MM:SS +HHMM');
    expect(suggestDateFormat(['2024/3/5 下午 03:15:22'])).toBe('YYYY/MM/DD 上午/下午 hh:MM:SS');
    expect(suggestDateFormat(['15.03.2024'])).toBe('DD.MM.YYYY');
    expect(suggestDateFormat(['12/31/2024 2:05 PM'])).toBe('MM/DD/YYYY hh:MM AM/PM');
    expect(suggestDateFormat(['abc'])).toBe('DD/MM/YYYY HH:MM');
    expect((e as ImportError).hint).toBe('pass --date-format, for example --date-format "YYYY.MM.DD HH:MM"');
  });
});

describe('Chinese AM/PM words (上午/下午, as zh-CN Windows and .NET write them)', () => {
  // [as written, the time it is]
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['2024/3/5 下午 03:15:22', '2024-03-05 15:15:22'],
    ['2024/3/6 上午 11:05:00', '2024-03-06 11:05:00'],
    ['2024/3/7 下午 12:30:00', '2024-03-07 12:30:00'],
    ['2024/3/8 上午 12:10:00', '2024-03-08 00:10:00'],
    ['2024/3/9 中午 12:05:00', '2024-03-09 12:05:00'],
    ['2024/3/10 晚上 08:45:00', '2024-03-10 20:45:00'],
    ['2024/3/11 下午3:05:09', '2024-03-11 15:05:09'],
  ];
  const csv = ['订单号,客户编号,下单时间,实付金额', ...cases.map(([w], i) => `D${i},K${i % 3},${w},${10 + i}`)].join('\n') + '\n';

  it('before the time are read like AM/PM, and detected', async () => {
    const r = await run('orders', 'ampm.csv', csv);
    expect(r.quarantined).toBe(0);
    expect(r.files[0].dateFormats[0].format).toBe('YYYY/MM/DD AM/PM hh:mm:ss');
    const got = await rows<{ ordered_at: unknown }>('SELECT ordered_at FROM order_lines ORDER BY line_no');
    expect(got.map((g) => stamp(g.ordered_at))).toEqual(cases.map(([, t]) => t));
  });

  it('after the time too, and named with --date-format (上午/下午 or AM/PM)', async () => {
    const after = cases.map(([w]) => w.replace(/^(\S+) (\S\S)\s*(\S+)$/, '$1 $3 $2'));
    const body = ['订单号,客户编号,下单时间,实付金额', ...after.map((w, i) => `D${i},K${i % 3},${w},${10 + i}`)].join('\n') + '\n';
    const detected = await run('orders', 'after.csv', body);
    expect(detected.quarantined).toBe(0);
    expect(detected.files[0].dateFormats[0].format).toBe('YYYY/MM/DD hh:mm:ss AM/PM');
    expect((await rows<{ ordered_at: unknown }>('SELECT ordered_at FROM order_lines ORDER BY line_no')).map((g) => stamp(g.ordered_at))).toEqual(cases.map(([, t]) => t));
    for (const f of ['YYYY/MM/DD 上午/下午 hh:mm:ss', 'YYYY/MM/DD AM/PM hh:mm:ss']) {
      const s = await tempStore();
      try {
        const r = await importFiles(s.engine, { entity: 'orders', files: [s.dir.file('f.csv', csv)], dateFormat: f });
        expect(r.quarantined, f).toBe(0);
        const got = await s.engine.query<{ ordered_at: unknown }>('SELECT ordered_at FROM order_lines ORDER BY line_no');
        expect(got.map((g) => stamp(g.ordered_at)), f).toEqual(cases.map(([, t]) => t));
      } finally {
        await s.close();
      }
    }
  });
});

describe('currency signs and codes on either side of the number, and full-width digits', () => {
  it('reads a decimal-comma column (1.000,00 €, EUR 2.000,00, US$ 5,00, R$ 1.234,56, 10,00 zł …)', async () => {
    const amounts: ReadonlyArray<readonly [string, number]> = [
      ['1.000,00 €', 1000], ['EUR 2.000,00', 2000], ['US$ 5,00', 5], ['R$ 1.234,56', 1234.56], ['10,00 zł', 10], ['1 234,50 ₽', 1234.5],
      ['kr 1.234,50', 1234.5], ['1.234,50 kr', 1234.5], ['CHF 1\'234.50', 1234.5], ['€1.000,00', 1000], ['2.000,00 EUR', 2000], ['12,50', 12.5], ['Fr. 99,90', 99.9], ['PLN 7,25', 7.25],
    ];
    const csv = ['Bestellnummer;Kunde;Datum;Betrag', ...amounts.map(([a], i) => `B${i};K${i % 4};0${1 + (i % 9)}.05.2023;${a}`)].join('\n') + '\n';
    const r = await run('orders', 'cur.csv', csv, { map: { order_id: 'Bestellnummer', customer_id: 'Kunde', ordered_at: 'Datum', amount: 'Betrag' } });
    expect(r.quarantined).toBe(0);
    const got = await rows<{ amount: number }>('SELECT amount FROM order_lines ORDER BY line_no');
    expect(got.map((g) => g.amount)).toEqual(amounts.map(([, v]) => v));
  });

  it('reads a decimal-point file (RMB 88.00, ¥1,234, HK$ 1,234.50, 12.50 USD) and full-width digits (１２３, ２)', async () => {
    const amounts: ReadonlyArray<readonly [string, number]> = [
      ['RMB 88.00', 88], ['¥1,234', 1234], ['HK$ 1,234.50', 1234.5], ['HK$12', 12], ['12.50 USD', 12.5], ['US$5.00', 5], ['₹ 1,299', 1299], ['１２３', 123], ['１２．５０', 12.5], ['88.00元', 88], ['CNY 3.5', 3.5],
    ];
    const qty = ['1', '２', '3', '１０'];
    const csv = ['订单号,客户编号,下单时间,数量,金额', ...amounts.map(([a], i) => `A${i},K${i % 3},2023-05-0${1 + (i % 9)},${qty[i % 4]},"${a}"`)].join('\n') + '\n';
    const r = await run('orders', 'cn.csv', csv);
    expect(r.quarantined).toBe(0);
    const got = await rows<{ quantity: number; amount: number }>('SELECT quantity, amount FROM order_lines ORDER BY line_no');
    expect(got.map((g) => g.amount)).toEqual(amounts.map(([, v]) => v));
    expect(got.map((g) => g.quantity)).toEqual(amounts.map((_, i) => Number(qty[i % 4].normalize('NFKC'))));
  });

  it('still refuses what is no number beside a currency', async () => {
    const r = await run('orders', 'bad.csv', 'order_id,customer_id,ordered_at,amount\nA,c,2023-05-01,EUR\nB,c,2023-05-02,€ abc\nC,c,2023-05-03,12 EUR 5\nD,c,2023-05-04,5\nE,c,2023-05-05,ABC123\nF,c,2023-05-06,XOF 500\n');
    // An unknown code is currency only apart from the number (XOF 500), never a code glued to it (ABC123).
    expect(r.imported).toBe(2);
    expect(r.quarantined).toBe(4);
    expect((await rows<{ amount: number }>('SELECT amount FROM order_lines ORDER BY line_no')).map((g) => g.amount)).toEqual([5, 500]);
  });
});

describe('a decimal-comma column with a value written with a decimal point', () => {
  it('reads 1.000 and € 1.000 as 1000 when most decimals are commas, and says which reading was used', async () => {
    // The tester's file: three decimal commas, one 2.5.
    const amounts: ReadonlyArray<readonly [string, number]> = [['1.234,50', 1234.5], ['234,50', 234.5], ['12,50', 12.5], ['€ 1.000', 1000], ['1.000', 1000], ['2.5', 2.5]];
    const csv = ['Order ID;Customer ID;Order Date;Quantity;Amount', ...amounts.map(([a], i) => `X${i};C${i % 3};0${i + 1}.05.2023;1;"${a}"`)].join('\n') + '\n';
    const r = await run('orders', 'mixdec.csv', csv);
    expect(r.quarantined).toBe(0);
    expect((await rows<{ amount: number }>('SELECT amount FROM order_lines ORDER BY line_no')).map((g) => g.amount)).toEqual(amounts.map(([, v]) => v));
    const note = r.files[0].notes.find((n) => n.includes('writes decimals both'));
    expect(note).toBe('warning: column "Amount" writes decimals both with a comma (3 values) and with a point (1 values): read with decimal commas, as most of them are written; 2 values like 1.500 were read as thousands (1500); check them');
    expect(translateCore(note!, 'zh-CN')).toContain('按多数值的写法以小数逗号读取');
  });

  it('reads 1.000 as 1 when most decimals are points, and says so', async () => {
    const amounts: ReadonlyArray<readonly [string, number]> = [['1,234.50', 1234.5], ['234.50', 234.5], ['12.50', 12.5], ['1.000', 1], ['2,5', 2.5]];
    const csv = ['Order ID;Customer ID;Order Date;Quantity;Amount', ...amounts.map(([a], i) => `X${i};C${i % 3};2023-05-0${i + 1};1;"${a}"`)].join('\n') + '\n';
    const r = await run('orders', 'mixdot.csv', csv);
    expect((await rows<{ amount: number }>('SELECT amount FROM order_lines ORDER BY line_no')).map((g) => g.amount)).toEqual(amounts.map(([, v]) => v));
    const note = r.files[0].notes.find((n) => n.includes('writes decimals both'));
    expect(note).toBe('warning: column "Amount" writes decimals both with a point (3 values) and with a comma (1 values): read with decimal points, as most of them are written; 1 values like 1.500 were read with a decimal point (1.5); check them');
    expect(translateCore(note!, 'zh-CN')).toContain('按多数值的写法以小数点读取');
  });
});

describe('two-digit years', () => {
  const thisYY = new Date().getUTCFullYear() % 100;
  /** The year strptime gives a two-digit year (00–68 → 2000s), and the one a birth date must have. */
  const read = (yy: number) => (yy <= 68 ? 2000 + yy : 1900 + yy);
  const born = (yy: number) => (read(yy) > new Date().getUTCFullYear() ? read(yy) - 100 : read(yy));

  it('in a birth date are in the past (15/03/58 is 1958), and ages are never negative', async () => {
    const yys = [58, 45, 99, 5, (thisYY + 1) % 100, thisYY === 0 ? 0 : thisYY - 1];
    const pad = (n: number) => String(n).padStart(2, '0');
    const csv = ['customer_id,name,birth_date,signup_date', ...yys.map((y, i) => `B${i},N${i},15/03/${pad(y)},01/02/23`)].join('\n') + '\n';
    const r = await run('customers', 'yy.csv', csv);
    expect(r.quarantined).toBe(0);
    const got = await rows<{ id: string; y: number }>('SELECT customer_id AS id, year(birth_date) AS y FROM customers ORDER BY customer_id');
    expect(got.map((g) => g.y)).toEqual(yys.map(born));
    const today = new Date().toISOString().slice(0, 10);
    expect(Number((await rows<{ n: number | bigint }>(`SELECT count(*) AS n FROM customers WHERE birth_date > DATE '${today}'`))[0].n)).toBe(0);
    // The signup dates (2023) are not in the future: no warning.
    expect(r.files[0].notes.filter((n) => n.includes('two-digit year'))).toEqual([]);
  });

  it('in any other date keep the usual pivot, and one read as after today is warned about', async () => {
    const ahead = (thisYY + 2) % 100;
    const csv = `customer_id,name,signup_date\nS1,a,01/02/23\nS2,b,01/02/${String(ahead).padStart(2, '0')}\nS3,c,03/04/${String(ahead).padStart(2, '0')}\n`;
    const r = await run('customers', 'signup.csv', csv);
    const got = await rows<{ y: number }>('SELECT year(signup_date) AS y FROM customers ORDER BY customer_id');
    expect(got.map((g) => g.y)).toEqual([2023, read(ahead), read(ahead)]);
    const note = r.files[0].notes.find((n) => n.includes('two-digit year'));
    const today = new Date().toISOString().slice(0, 10);
    expect(note).toBe(`warning: 2 values in column "signup_date" have a two-digit year read as after today (${today}), up to ${read(ahead)}-04-03 (00–68 are read as 2000–2068): check them`);
    expect(translateCore(note!, 'zh-CN')).toContain('两位年份被读作今天');
  });
});

describe('a discount written as a rate', () => {
  it('is that share of the line’s gross amount (10% of 2 × 10.00 is 2.00), not a quarantine', async () => {
    // [quantity, unit price, amount, discount as written, the discount it is]
    const lines: ReadonlyArray<readonly [string, string, string, string, number]> = [
      ['2', '10.00', '20.00', '10%', 2],
      ['1', '19.99', '', '15 %', 0.15 * 19.99],
      ['3', '5', '', '2.5', 2.5],
      ['4', '2.50', '', '', 0],
      ['1', '', '80', '12.5%', 10],
    ];
    const csv = ['Order ID,Customer ID,Order Date,Quantity,Unit Price,Amount,Discount', ...lines.map(([qn, up, am, di], i) => `A${i},C${i % 2},2023-05-0${i + 1},${qn},${up},${am},${di}`)].join('\n') + '\n';
    const r = await run('orders', 'misc.csv', csv);
    expect(r.quarantined).toBe(0);
    const got = await rows<{ discount: number | null }>('SELECT discount FROM order_lines ORDER BY line_no');
    got.forEach((g, i) => expect(g.discount ?? 0, lines[i][3]).toBeCloseTo(lines[i][4], 6));
    // Net revenue: gross less discounts, as the value run reads it.
    const gross = lines.reduce((a, [qn, up, am]) => a + (am ? Number(am) : Number(qn) * Number(up)), 0);
    const [{ net }] = await rows<{ net: number }>('SELECT sum(amount - COALESCE(discount, 0)) AS net FROM order_lines');
    expect(net).toBeCloseTo(gross - lines.reduce((a, l) => a + l[4], 0), 6);
  });

  it('a return’s rate is of its own amount too, and a rate in a decimal-comma file reads 10,5%', async () => {
    const csv = 'Order ID;Customer ID;Order Date;Quantity;Unit Price;Discount\nA1;C1;01.05.2023;2;12,50;10,5%\nA2;C1;02.05.2023;-1;12,50;10%\n';
    const r = await run('orders', 'eu.csv', csv);
    expect(r.quarantined).toBe(0);
    const got = await rows<{ kind: string; discount: number }>('SELECT kind, discount FROM order_lines ORDER BY line_no');
    expect(got[0].discount).toBeCloseTo(0.105 * 25, 6);
    expect(got[1].kind).toBe('return');
    expect(got[1].discount).toBeCloseTo(0.1 * 12.5, 6);
  });
});
