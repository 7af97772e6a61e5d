import { describe, expect, it } from 'vitest';
import { chineseFestivalDate, LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR } from './lunar.js';

describe('chineseFestivalDate', () => {
  it('matches published dates', () => {
    const spring: Record<number, string> = { 1990: '1990-01-27', 2000: '2000-02-05', 2008: '2008-02-07', 2020: '2020-01-25', 2023: '2023-01-22', 2024: '2024-02-10', 2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2030: '2030-02-03', 2033: '2033-01-31' };
    const midAutumn: Record<number, string> = { 2008: '2008-09-14', 2020: '2020-10-01', 2023: '2023-09-29', 2024: '2024-09-17', 2025: '2025-10-06', 2026: '2026-09-25' };
    for (const [y, d] of Object.entries(spring)) expect(chineseFestivalDate('spring-festival', Number(y))).toBe(d);
    for (const [y, d] of Object.entries(midAutumn)) expect(chineseFestivalDate('mid-autumn', Number(y))).toBe(d);
  });

  it('covers 1990–2060 and agrees with ICU (Intl) except in 2027 and 2030, where ICU is a day off', () => {
    expect([LUNAR_FIRST_YEAR, LUNAR_LAST_YEAR]).toEqual([1990, 2060]);
    expect(chineseFestivalDate('spring-festival', 1989)).toBeNull();
    expect(chineseFestivalDate('mid-autumn', 2061)).toBeNull();
    const f = new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
    const lunar = (iso: string) => {
      const p = f.formatToParts(new Date(`${iso}T00:00:00Z`));
      return `${p.find((x) => x.type === 'month')!.value}/${p.find((x) => x.type === 'day')!.value}`;
    };
    // 2027 and 2030: the new moon is within minutes of midnight in Beijing, and ICU's approximation lands on the other day.
    expect(lunar('2027-02-07')).toBe('1/1');
    expect(lunar('2030-02-02')).toBe('1/1');
    for (let y = LUNAR_FIRST_YEAR; y <= LUNAR_LAST_YEAR; y++) {
      if (y !== 2027 && y !== 2030) expect(lunar(chineseFestivalDate('spring-festival', y)!), String(y)).toBe('1/1');
      expect(lunar(chineseFestivalDate('mid-autumn', y)!), String(y)).toBe('8/15');
    }
  });
});

describe('the other festivals and 清明', () => {
  it('match published dates (元宵, 端午, 七夕, 重阳 from the 2020–2026 almanacs; 清明 from the solar term)', async () => {
    const { qingmingDate } = await import('./lunar.js');
    const published: Record<string, Record<number, string>> = {
      lantern: { 2020: '2020-02-08', 2021: '2021-02-26', 2022: '2022-02-15', 2023: '2023-02-05', 2024: '2024-02-24', 2025: '2025-02-12', 2026: '2026-03-03', 2027: '2027-02-20' },
      'dragon-boat': { 2020: '2020-06-25', 2021: '2021-06-14', 2022: '2022-06-03', 2023: '2023-06-22', 2024: '2024-06-10', 2025: '2025-05-31', 2026: '2026-06-19' },
      qixi: { 2020: '2020-08-25', 2021: '2021-08-14', 2022: '2022-08-04', 2023: '2023-08-22', 2024: '2024-08-10', 2025: '2025-08-29', 2026: '2026-08-19' },
      'double-ninth': { 2020: '2020-10-25', 2021: '2021-10-14', 2022: '2022-10-04', 2023: '2023-10-23', 2024: '2024-10-11', 2025: '2025-10-29', 2026: '2026-10-18' },
    };
    for (const [festival, dates] of Object.entries(published)) {
      for (const [y, d] of Object.entries(dates)) expect(chineseFestivalDate(festival as 'qixi', Number(y)), `${festival} ${y}`).toBe(d);
    }
    const qingming: Record<number, string> = { 2015: '2015-04-05', 2016: '2016-04-04', 2017: '2017-04-04', 2018: '2018-04-05', 2019: '2019-04-05', 2020: '2020-04-04', 2021: '2021-04-04', 2022: '2022-04-05', 2023: '2023-04-05', 2024: '2024-04-04', 2025: '2025-04-04', 2026: '2026-04-05' };
    for (const [y, d] of Object.entries(qingming)) expect(qingmingDate(Number(y)), String(y)).toBe(d);
    expect(qingmingDate(1989)).toBeNull();
  });
});
