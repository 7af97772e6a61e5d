import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { careCampaigns, careItems, planCare, type CareCustomer } from './care.js';
import { campaignExport, loadContacts } from './contacts.js';
import { anniversaryIn, holidaysBetween } from './holidays.js';

const cust = (id: string, o: Partial<CareCustomer> = {}): CareCustomer => ({ customerId: id, name: `C${id}`, country: 'United Kingdom', optOut: false, birthDate: null, signupDate: null, firstPurchase: null, ...o });

describe('holidays', () => {
  it('lists Western and Chinese holidays in a window, in date order', () => {
    expect(holidaysBetween('2024-09-01', '2025-02-28').map((h) => [h.date, h.key])).toEqual([
      ['2024-09-17', 'mid-autumn'],
      ['2024-12-25', 'christmas'],
      ['2025-01-01', 'new-year'],
      ['2025-01-29', 'spring-festival'],
    ]);
    expect(holidaysBetween('2025-10-06', '2025-10-06')[0]).toMatchObject({ name: 'Mid-Autumn Festival', nameZh: '中秋节', tradition: 'chinese' });
    expect(holidaysBetween('2025-03-01', '2025-08-31')).toEqual([]);
  });

  it('moves 29 February to the 28th in common years', () => {
    expect(anniversaryIn('2000-02-29', 2023)).toBe('2023-02-28');
    expect(anniversaryIn('2000-02-29', 2024)).toBe('2024-02-29');
  });
});

describe('planCare', () => {
  it('finds birthdays and anniversaries in the window, across a year end', () => {
    const p = planCare(
      [
        cust('1', { birthDate: '1980-12-30' }),
        cust('2', { birthDate: '1990-01-02', signupDate: '2020-01-03' }),
        cust('3', { firstPurchase: '2023-12-31', name: '王芳', country: 'China' }),
        cust('4', { birthDate: '1985-06-01', signupDate: '2024-12-31' }),
        cust('5', { birthDate: '1970-01-01', optOut: true }),
      ],
      '2024-12-28',
      '2025-01-05',
    );
    expect(p.events.map((e) => [e.date, e.kind, e.customerId, e.years, e.since, e.optOut])).toEqual([
      ['2024-12-30', 'birthday', '1', null, null, false],
      ['2024-12-31', 'anniversary', '3', 1, 'first purchase', false],
      ['2025-01-01', 'birthday', '5', null, null, true],
      ['2025-01-02', 'birthday', '2', null, null, false],
      ['2025-01-03', 'anniversary', '2', 5, 'signup', false],
    ]);
    expect(p.events[1]).toMatchObject({ language: 'zh', templateZh: '{name}，今天是您与我们相伴 1 周年的日子，感谢有您！{offer}' });
    expect(p.holidays.map((h) => [h.key, h.customers])).toEqual([['new-year', 4]]);
    expect(p.counts).toEqual({ customers: 5, optedOut: 1, birthdays: 3, anniversaries: 2, holidays: 1 });
  });

  it('rejects a bad window', () => {
    expect(() => planCare([], '2025-02-30x', '2025-03-01')).toThrow(/--from/);
    expect(() => planCare([], '2025-03-01', '2025-02-01')).toThrow(/after/);
    expect(() => planCare([], '2025-01-01', '2026-06-01')).toThrow(/longer than a year/);
  });

  it('says which data is missing', () => {
    expect(planCare([cust('1')], '2025-01-01', '2025-01-31').notes).toEqual([
      'no customer has a birth date: import customers with a birth_date column to send birthday greetings',
      'no signup dates or purchases: import customers with signup_date, or orders, for anniversaries',
    ]);
  });
});

describe('care campaigns from the store', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    store = await tempStore();
    const file = store.dir.file(
      'customers.csv',
      'customer_id,name,email,phone,country,birth_date,signup_date,opt_out\nA,Ann,ann@example.com,=1+2,United Kingdom,1980-02-10,2019-05-01,false\nB,Bob,bob@example.com,555,United States,1975-02-11,2018-02-12,true\nC,陈静,chen@example.com,138,China,1990-07-01,2021-02-10,\n',
    );
    await importFiles(store.engine, { entity: 'customers', files: [file] });
  });
  afterAll(async () => store.close());

  it('plans from the customers table and exports without opted-out customers', async () => {
    const plan = await careCampaigns(store.engine, '2024-02-01', '2024-02-29');
    expect(plan.events.map((e) => [e.date, e.kind, e.customerId, e.optOut])).toEqual([
      ['2024-02-10', 'anniversary', 'C', false],
      ['2024-02-10', 'birthday', 'A', false],
      ['2024-02-11', 'birthday', 'B', true],
      ['2024-02-12', 'anniversary', 'B', true],
    ]);
    expect(plan.holidays.map((h) => [h.date, h.key, h.customers])).toEqual([['2024-02-10', 'spring-festival', 2]]);
    const contacts = await loadContacts(store.engine);
    const x = campaignExport(careItems(plan, [...contacts.values()]), contacts, ['date', 'kind', 'language']);
    expect(x.headers).toEqual(['customer_id', 'name', 'email', 'phone', 'country', 'reason', 'offer', 'date', 'kind', 'language']);
    expect(x.rows.map((r) => [r[0], r[8]])).toEqual([['C', 'anniversary'], ['A', 'birthday'], ['A', 'spring-festival'], ['C', 'spring-festival']]);
    expect(x.optedOut).toBe(3);
    expect(x.optedOutCustomers).toBe(1);
    expect(x.rows[3][6]).toBe('{name}，新春快乐！恭祝您阖家幸福，万事如意，财源广进。');
  });
});
