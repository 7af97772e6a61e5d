import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { tempDir } from '../test-support/temp.js';

const tmp = tempDir();
const db = `${tmp.dir}/act.duckdb`;
afterAll(() => tmp.cleanup());

beforeAll(async () => {
  const customers = tmp.file(
    'c.csv',
    'customer_id,name,email,phone,country,birth_date,signup_date,opt_out\nc1,=HYPERLINK("x"),one@example.com,+44 1,United Kingdom,1980-03-02,2020-03-05,false\nc2,Two,two@example.com,2,United States,1981-03-03,,true\nc3,陈三,three@example.com,3,China,,2022-03-04,\n',
  );
  const lines = ['order_id,customer_id,ordered_at,product_id,quantity,unit_price'];
  // P1 and P2 go together (lift 2·5/(3·3) > 1): c1 is offered P2, c2 (opted out) P1.
  const baskets: Record<string, string[]> = { c1: ['P1'], c2: ['P2'], c3: ['P3'], c4: ['P1', 'P2'], c5: ['P1', 'P2'] };
  let n = 0;
  for (const [c, ps] of Object.entries(baskets)) for (const p of ps) lines.push(`O${++n},${c},2024-01-1${n % 9},${p},1,10`);
  const orders = tmp.file('o.csv', lines.join('\n') + '\n');
  const leads = tmp.file('l.csv', 'lead_id,name,source,budget,authority,need\nL1,Boss Friend,superior,100,none,low\nL2,Stranger,ads,100,none,low\nL3,Buyer,ads,9000,decision maker,high\n');
  for (const [entity, file] of [['customers', customers], ['orders', orders], ['leads', leads]]) expect((await runCli(['--db', db, 'import', entity, file])).code).toBe(0);
});

describe('clientele leads qualify', () => {
  it('prints JSON with each check, and marks the superior’s lead as checked like everyone else', async () => {
    const out = tmp.dir + '/q.csv';
    const r = await runCli(['--db', db, 'leads', 'qualify', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['leads', 'qualified', 'notQualified', 'incomplete', 'checks', 'missingData', 'privileged', 'results', 'config']));
    const [l1, l2, l3] = j.results;
    expect(l1.checks).toEqual(l2.checks);
    expect([l1.status, l1.note, l2.note, l3.status]).toEqual(['not qualified', 'checked like everyone else', null, 'qualified']);
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\n')[0]).toBe('\uFEFFlead_id,name,email,phone,company,reason,offer,source,status,failed,money,authority,need,note');
    expect(csv).toMatch(/^L1,Boss Friend,,,,"money: budget 100 is below 1000; authority: authority ""none"" is not a decision role; need: need is ""low""","hold: fails money, authority, need",superior,not qualified,money\+authority\+need,/m);
    expect(j.exported).toEqual({ rows: 3, optedOut: 0 });
  });

  it('rejects a bad config with a usage error naming the setting', async () => {
    const cfg = tmp.file('bad.json', JSON.stringify({ qualify: { money: { budgetMinimum: 5 } } }));
    const r = await runCli(['--db', db, 'leads', 'qualify', '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/money.budgetMinimum: unknown setting/);
  });
});

describe('clientele recommend and care exports', () => {
  it('recommend --out leaves the opted-out customer out and neutralises formulas', async () => {
    const out = tmp.dir + '/r.csv';
    const r = await runCli(['--db', db, 'recommend', '--min-support', '1', '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.crossSell.map((c: { customerId: string; productId: string; optOut: boolean }) => `${c.customerId}:${c.productId}:${c.optOut}`)).toEqual(['c1:P2:false', 'c2:P1:true']);
    expect(j.exported).toEqual({ rows: 1, optedOut: 1 });
    const csv = readFileSync(out, 'utf8');
    expect(csv.split('\n')[0]).toBe('\uFEFFcustomer_id,name,email,phone,country,reason,offer,kind,rank,product_id');
    expect(csv).toMatch(/^c1,"'=HYPERLINK\(""x""\)",one@example.com,\+44 1,United Kingdom,/m);
    expect(csv).not.toMatch(/two@example.com/);
  });

  it('care lists the opted-out birthday, marked, and exports without it', async () => {
    const out = tmp.dir + '/care.csv';
    const r = await runCli(['--db', db, 'care', '--from', '2024-03-01', '--to', '2024-03-31', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.events.map((e: { customerId: string; kind: string; optOut: boolean }) => `${e.customerId}:${e.kind}:${e.optOut}`)).toEqual(['c1:birthday:false', 'c2:birthday:true', 'c3:anniversary:false', 'c1:anniversary:false']);
    const csv = readFileSync(out, 'utf8');
    expect(csv).not.toMatch(/two@example.com/);
    // The message is filled for the customer, in their language: no {name} or {offer} is left.
    expect(csv).toMatch(/c3,陈三,three@example.com,3,China,2 year anniversary \(since signup\) on 2024-03-04,,2024-03-04,anniversary,zh,陈三，今天是您与我们相伴 2 周年的日子，感谢有您！\r?\n/);
    expect(csv).not.toMatch(/\{(name|offer|years)\}/);
    expect((await runCli(['--db', db, 'care', '--from', '2024-03-01', '--to', 'soon'])).code).toBe(2);
  });
});
