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
