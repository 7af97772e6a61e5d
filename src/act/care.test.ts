import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { tempStore } from '../test-support/temp.js';
import { careCampaigns, careItems, fillGreeting, holidaysKept, planCare, type CareCustomer } from './care.js';
import { normalizeCareConfig } from './care-config.js';
import { campaignExport, loadContacts } from './contacts.js';
import { anniversaryIn, easterDate, holidaysBetween } from './holidays.js';

const cust = (id: string, o: Partial<CareCustomer> = {}): CareCustomer => ({ customerId: id, name: `C${id}`, country: 'United Kingdom', optOut: false, birthDate: null, signupDate: null, firstPurchase: null, ...o });

describe('holidays', () => {
  it('lists the holidays of every calendar in a window, in date order', () => {
    expect(holidaysBetween('2024-09-01', '2025-02-28').map((h) => [h.date, h.key])).toEqual([
      ['2024-09-17', 'mid-autumn'],
      ['2024-10-01', 'national-day-cn'],
      ['2024-10-03', 'german-unity'],
      ['2024-10-11', 'double-ninth'],
      ['2024-11-28', 'thanksgiving-us'],
      ['2024-12-25', 'christmas'],
      ['2025-01-01', 'new-year'],
      ['2025-01-26', 'australia-day'],
      ['2025-01-29', 'spring-festival'],
      ['2025-02-12', 'lantern'],
    ]);
    expect(holidaysBetween('2025-10-06', '2025-10-06')[0]).toMatchObject({ name: 'Mid-Autumn Festival', nameZh: '中秋节', tradition: 'chinese' });
    expect(holidaysBetween('2025-11-01', '2025-11-26')).toEqual([]);
  });

  it('puts Easter and Thanksgiving on their published dates', () => {
    // Easter Sunday as published (e.g. the Church of England's tables); Thanksgiving: the 4th Thursday of November.
    expect([2019, 2024, 2025, 2026, 2038].map(easterDate)).toEqual(['2019-04-21', '2024-03-31', '2025-04-20', '2026-04-05', '2038-04-25']);
    expect(holidaysBetween('2025-11-01', '2025-11-30').find((h) => h.key === 'thanksgiving-us')?.date).toBe('2025-11-27');
    expect(holidaysBetween('2026-04-01', '2026-04-30').map((h) => [h.date, h.key])).toEqual([['2026-04-05', 'easter'], ['2026-04-05', 'qingming']]);
  });

  it("keeps the holidays of a customer's country, plus those they opted in to", () => {
    const keys = (country: string | null, holidays?: string) => [...holidaysKept({ country, attributes: holidays === undefined ? null : { holidays } })].sort();
    expect(keys('China')).toEqual(['double-ninth', 'dragon-boat', 'lantern', 'mid-autumn', 'national-day-cn', 'new-year', 'qingming', 'qixi', 'spring-festival']);
    expect(keys('中国')).toEqual(keys('CN'));
    expect(keys('United Kingdom')).toEqual(['christmas', 'easter', 'new-year']);
    expect(keys('Atlantis')).toEqual(['new-year']);
    expect(keys(null)).toEqual(['new-year']);
    expect(keys('United Kingdom', '中秋, spring-festival')).toEqual(['christmas', 'easter', 'mid-autumn', 'new-year', 'spring-festival']);
    expect(keys('United Kingdom', 'chinese')).toContain('dragon-boat');
    expect(keys('China', 'Christmas')).toContain('christmas');
  });

  it('fills every place of a greeting, in the customer\'s language', () => {
    expect(fillGreeting('Happy birthday, {name}! A small gift from us: {offer}.', 'en', { name: 'Ann' })).toBe('Happy birthday, Ann!');
    expect(fillGreeting('Happy birthday, {name}! A small gift from us: {offer}.', 'en', { name: 'Ann', offer: '10% off' })).toBe('Happy birthday, Ann! A small gift from us: 10% off.');
    expect(fillGreeting('{name}，生日快乐！我们为您准备了一份小礼物：{offer}。', 'zh', { name: null })).toBe('尊敬的客户，生日快乐！');
    expect(fillGreeting('{name}，今天是您与我们相伴 {years} 周年的日子，感谢有您！{offer}', 'zh', { name: '王芳', years: 3, offer: '九折券' })).toBe('王芳，今天是您与我们相伴 3 周年的日子，感谢有您！九折券');
  });

  it('reads a care config: custom holidays and calendars, with clear errors', () => {
    const c = normalizeCareConfig({ holidays: [{ key: 'founders-day', date: '06-18', name: "Founders' Day", nameZh: '店庆日' }], calendars: { CN: ['spring-festival', 'founders-day'] } });
    expect([...holidaysKept({ country: 'China', attributes: null }, c)].sort()).toEqual(['founders-day', 'spring-festival']);
    expect(holidaysBetween('2025-05-25', '2025-06-30', c.holidays).map((h) => [h.key, h.templateZh])).toEqual([['dragon-boat', '{name}，端午安康！愿您和家人身体健康，幸福平安。'], ['founders-day', '{name}，店庆日快乐！']]);
    expect(() => normalizeCareConfig({ calendars: { GB: ['boxing'] } })).toThrow(/unknown holiday "boxing"/);
    expect(() => normalizeCareConfig({ holidays: [{ key: 'x', date: '6/18' }] })).toThrow(/expected MM-DD/);
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
    // Only the Chinese customer keeps the Spring Festival and the Lantern Festival; the British one is not sent them.
    expect(plan.holidays.map((h) => [h.date, h.key, h.customers])).toEqual([['2024-02-10', 'spring-festival', 1], ['2024-02-24', 'lantern', 1]]);
    const contacts = await loadContacts(store.engine);
    const x = campaignExport(careItems(plan, [...contacts.values()]), contacts, ['date', 'kind', 'language', 'message']);
    expect(x.headers).toEqual(['customer_id', 'name', 'email', 'phone', 'country', 'reason', 'offer', 'date', 'kind', 'language', 'message']);
    expect(x.rows.map((r) => [r[0], r[8]])).toEqual([['C', 'anniversary'], ['A', 'birthday'], ['C', 'spring-festival'], ['C', 'lantern']]);
    expect(x.optedOut).toBe(2);
    expect(x.optedOutCustomers).toBe(1);
    expect(x.rows[2][10]).toBe('陈静，新春快乐！恭祝您阖家幸福，万事如意，财源广进。');
    expect(x.rows[1][10]).toBe('Happy birthday, Ann!');
  });
});

describe('a care export by the customer\'s own calendar (issue #18)', () => {
  let store: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    store = await tempStore();
    const file = store.dir.file(
      'customers.csv',
      [
        'customer_id,name,email,phone,country,holidays,opt_out',
        'CN1,王芳,wf@example.com,+86 138 0000 0001,China,,false',
        'CN2,李伟,lw@example.com,+86 138 0000 0002,中国,,false',
        'GB1,Ann Smith,ann@example.com,+44 20 7946 0958,United Kingdom,,false',
        'GB2,Tom Jones,tom@example.com,+44 20 7946 0959,United Kingdom,中秋,false',
        'GB3,Eve Out,eve@example.com,+44 20 7946 0960,United Kingdom,,true',
        'US1,Joe Doe,joe@example.com,+1 555 0100,United States,,false',
      ].join('\n') + '\n',
    );
    await importFiles(store.engine, { entity: 'customers', files: [file] });
  });
  afterAll(async () => store.close());

  it('sends 中秋 to Chinese customers and Christmas to British ones, with filled messages', async () => {
    const plan = await careCampaigns(store.engine, '2024-09-01', '2024-12-31');
    const contacts = await loadContacts(store.engine);
    const x = campaignExport(careItems(plan, [...contacts.values()].filter((c) => !c.optOut)), contacts, ['date', 'kind', 'language', 'message']);
    const sent = (key: string) => x.rows.filter((r) => r[8] === key).map((r) => r[0]).sort();
    expect(sent('mid-autumn')).toEqual(['CN1', 'CN2', 'GB2']); // GB2 opted in to 中秋
    expect(sent('christmas')).toEqual(['GB1', 'GB2', 'US1']); // never to the Chinese customers; GB3 opted out of everything
    expect(sent('national-day-cn')).toEqual(['CN1', 'CN2']);
    expect(sent('thanksgiving-us')).toEqual(['US1']);
    const message = (id: string, key: string) => x.rows.find((r) => r[0] === id && r[8] === key)?.[10];
    expect(message('CN1', 'mid-autumn')).toBe('王芳，中秋快乐！月圆人团圆，祝您和家人幸福安康。');
    expect(message('GB1', 'christmas')).toBe('Merry Christmas, Ann Smith! Thank you for a wonderful year — warm wishes from all of us.');
    expect(message('GB2', 'mid-autumn')).toBe('Happy Mid-Autumn Festival, Tom Jones! May the full moon bring you and your family together.');
    expect(x.rows.find((r) => r[0] === 'CN1' && r[8] === 'mid-autumn')?.[7]).toBe('2024-09-17');
    for (const r of x.rows) expect(String(r[10])).not.toMatch(/\{\w+\}/);
  });
});
