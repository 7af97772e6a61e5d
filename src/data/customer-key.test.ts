/**
 * Customers known by an email or a phone (QA session 9, S1): the import stores a surrogate id and keeps the value in
 * the customer's email or phone field, so no role sees it where it may not, by any path. Surrogates are checked
 * against Node's own MD5, files of different times join, and a viewer's API answers and the request log hold none of
 * the emails.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normalizeCompany } from '../target/index.js';
import { normalizeValueConfig, computeValue } from '../value/index.js';
import { addUser, issueToken } from '../server/accounts.js';
import { startServer } from '../server/serve.js';
import { storePerTest } from '../test-support/store-per-test.js';
import { customerIdFor, customerKeyKind } from './customer-key.js';

const s = storePerTest({ append: true });
const { run, rows } = s;
const md5 = (v: string) => createHash('md5').update(v).digest('hex').slice(0, 16);

describe('what a customer id column holds', () => {
  it.each([
    ['Customer Email', ['a@x.com', 'B@Y.ORG', ' c@z.cn '], 'email'],
    ['customer_id', ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'K5'], 'email'],
    ['会员手机号', ['13800138000', '138 0013 8001', '+86 138-0013-8002'], 'phone'],
    ['Mobile', ['(555) 010-1234', '555.010.9999'], 'phone'],
    ['会员编号', ['1380013', '1380014'], null], // digits, but no phone's: an id
    ['客户编号', ['13800138000', '+86 139-0000-0001', '008613700000002'], 'phone'], // Chinese mobiles, whatever the name
    ['customer_id', ['17850', '12346', 'C-9'], null],
    ['customer_id', ['a@x.com', 'K2', 'K3', 'K4'], null],
  ] as const)('%s %j → %s', (column, values, kind) => {
    expect(customerKeyKind(column, values)).toBe(kind);
  });
});

describe('customers known by an email or a phone', () => {
  it('are stored under the same surrogate in every file, with the email in their email field', async () => {
    const a = await run('orders', 'shop-may.csv', 'Order No,Customer Email,Order Date,Qty,Unit Price\n1,Jane.Doe@Gmail.com,2024-05-01,1,10\n2,joe@x.com,2024-05-02,2,5\n');
    expect(a.files[0].notes.some((n) => n.startsWith('the customer ids in column "Customer Email" are emails'))).toBe(true);
    // A later export writes the email in another case and with spaces: the same customer.
    await run('orders', 'shop-june.csv', 'Order No,Customer Email,Order Date,Qty,Unit Price\n3," jane.doe@gmail.com ",2024-06-01,1,30\n');
    // A customers file keyed by the email (mapped): the same ids, its other fields kept.
    await run('customers', 'crm.csv', 'Email,Name,City\njane.doe@gmail.com,Jane,Leeds\n', { map: { customer_id: 'Email' } });
    const jane = `E${md5('jane.doe@gmail.com')}`;
    const joe = `E${md5('joe@x.com')}`;
    expect(await rows('SELECT customer_id, sum(amount) AS t FROM order_lines GROUP BY 1 ORDER BY 1')).toEqual([{ customer_id: jane, t: 40 }, { customer_id: joe, t: 10 }].sort((x, y) => (x.customer_id < y.customer_id ? -1 : 1)));
    expect(await rows('SELECT customer_id, email, name, city FROM customers ORDER BY email')).toEqual([
      { customer_id: jane, email: 'jane.doe@gmail.com', name: 'Jane', city: 'Leeds' },
      { customer_id: joe, email: 'joe@x.com', name: null, city: null },
    ]);
    expect(await rows("SELECT count(*)::INT AS n FROM order_lines WHERE customer_id LIKE '%@%'")).toEqual([{ n: 0 }]);
    // `clientele customer EMAIL` looks up the same surrogate (computed apart from the engine's).
    expect(await customerIdFor(' Jane.Doe@Gmail.com ')).toBe(jane);
    expect(await customerIdFor('K5')).toBe('K5');
  });

  it('by a phone column: the digits make the surrogate, the phone stays as written', async () => {
    await run('orders', 'members.csv', '会员手机号,下单时间,实付金额\n138 0013 8000,2024-05-01,100\n13800138000,2024-05-02,50\n139-0000-0001,2024-05-03,20\n');
    expect(await rows('SELECT customer_id, phone FROM customers ORDER BY customer_id')).toEqual(
      [
        { customer_id: `P${md5('13800138000')}`, phone: '138 0013 8000' },
        { customer_id: `P${md5('13900000001')}`, phone: '139-0000-0001' },
      ].sort((x, y) => (x.customer_id < y.customer_id ? -1 : 1)),
    );
    expect(await rows('SELECT sum(amount) AS t FROM order_lines GROUP BY customer_id ORDER BY t')).toEqual([{ t: 20 }, { t: 150 }]);
  });

  it('are surrogates wherever an email stands, and one customer however it is written (QA session 9b, F1, F2, F4)', async () => {
    // Two ids of three are emails: below the share that names the column, each email is a surrogate all the same.
    await run('orders', 'mixed.csv', 'order_id,customer_id,ordered_at,amount\nO1,alice@example.com,2024-01-01,10\nO2,K5,2024-01-02,20\nO3,Bob@Example.com,2024-01-03,30\n');
    await run('service-costs', 'costs.csv', 'customer_id,at,cost\nalice@example.com,2024-01-05,5\nK5,2024-01-05,7\n');
    const alice = `E${md5('alice@example.com')}`;
    expect(await rows('SELECT customer_id FROM order_lines ORDER BY order_id')).toEqual([{ customer_id: alice }, { customer_id: 'K5' }, { customer_id: `E${md5('bob@example.com')}` }]);
    expect(await rows(`SELECT customer_id, cost FROM service_costs ORDER BY cost`)).toEqual([{ customer_id: alice, cost: 5 }, { customer_id: 'K5', cost: 7 }]);
    expect(await rows(`SELECT email FROM customers WHERE customer_id = '${alice}'`)).toEqual([{ email: 'alice@example.com' }]);
    // A customers file with one email written twice: one customer, the second a duplicate.
    const c = (await run('customers', 'crm.csv', 'Email,Name\nann@x.com,Ann\n ANN@X.com ,Ann B\n', { map: { customer_id: 'Email' } })).files[0];
    expect([c.imported, c.quarantined]).toEqual([1, 1]);
    expect(await rows(`SELECT count(*)::INT AS n FROM customers WHERE customer_id = 'E${md5('ann@x.com')}'`)).toEqual([{ n: 1 }]);
    // One mobile number written six ways: one customer.
    await run('orders', 'phones.csv', '会员手机号,下单时间,实付金额\n13800138000,2024-05-01,1\n+86 138 0013 8000,2024-05-02,2\n0086-138-0013-8000,2024-05-03,3\n86 13800138000,2024-05-04,4\n138-0013-8000,2024-05-05,5\n(+86)13800138000,2024-05-06,6\n');
    expect(await rows(`SELECT customer_id, sum(amount) AS t FROM order_lines WHERE customer_id LIKE 'P%' GROUP BY 1`)).toEqual([{ customer_id: `P${md5('13800138000')}`, t: 21 }]);
  });

  it('never reach a viewer through the API, nor the request log', async () => {
    const emails = Array.from({ length: 7 }, (_, i) => `jane.doe${i}@gmail.com`);
    const lines = Array.from({ length: 40 }, (_, i) => `${1000 + (i >> 1)},${emails[i % 7]},2024-05-${String(1 + (i % 28)).padStart(2, '0')},SKU${i % 5},${1 + (i % 3)},${(5 + i).toFixed(2)}`);
    await run('orders', 'email_orders.csv', ['Order No,Customer Email,Order Date,SKU,Qty,Unit Price', ...lines].join('\n') + '\n');
    const engine = s.engine;
    await computeValue(engine, { config: normalizeValueConfig({}) });
    const viewer = await addUser(engine, 'vic', 'viewer', 'viewer-password-1');
    const token = (await issueToken(engine, viewer, 'api', 3600)).token;
    const logs: string[] = [];
    const server = await startServer({ engine, valueConfig: normalizeValueConfig({}), company: normalizeCompany({}), log: (l) => logs.push(l) }, { port: 0, host: '127.0.0.1' });
    try {
      const get = async (path: string) => {
        const r = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        return { status: r.status, text: await r.text() };
      };
      const list = await get('/api/customers?pageSize=50');
      expect(list.status).toBe(200);
      const ids = (JSON.parse(list.text) as { customers: Array<{ customer_id: string }> }).customers.map((c) => c.customer_id);
      expect(ids.length).toBe(7);
      const answers = [list, await get(`/api/customers/${encodeURIComponent(ids[0])}`), await get('/api/report'), await get('/api/churn')];
      for (const a of answers) for (const e of emails) expect(a.text).not.toContain(e);
      expect(answers[1].status).toBe(200);
      expect(logs.join('\n')).not.toContain('@');
    } finally {
      await server.close();
    }
  });
});
