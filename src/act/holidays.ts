/**
 * Holidays a care campaign greets customers on: New Year and Christmas, and the Chinese Spring Festival and
 * Mid-Autumn (lunar dates from lunar.ts), each with a message template in English and Chinese.
 */
import { chineseFestivalDate, type ChineseFestival } from './lunar.js';

export interface Holiday {
  readonly date: string;
  readonly key: 'new-year' | 'christmas' | ChineseFestival;
  readonly name: string;
  readonly nameZh: string;
  readonly tradition: 'western' | 'chinese';
  readonly templateEn: string;
  readonly templateZh: string;
}

type HolidayDef = Omit<Holiday, 'date'> & { readonly on: (year: number) => string | null };

const pad = (n: number) => String(n).padStart(2, '0');

const HOLIDAYS: readonly HolidayDef[] = [
  { key: 'new-year', name: "New Year's Day", nameZh: '元旦', tradition: 'western', on: (y) => `${y}-01-01`, templateEn: 'Happy New Year, {name}! Thank you for being with us — here is to a great year together.', templateZh: '{name}，元旦快乐！感谢您一直以来的支持，祝您新年万事如意。' },
  { key: 'spring-festival', name: 'Spring Festival (Chinese New Year)', nameZh: '春节', tradition: 'chinese', on: (y) => chineseFestivalDate('spring-festival', y), templateEn: 'Happy Chinese New Year, {name}! Wishing you health and prosperity in the year ahead.', templateZh: '{name}，新春快乐！恭祝您阖家幸福，万事如意，财源广进。' },
  { key: 'mid-autumn', name: 'Mid-Autumn Festival', nameZh: '中秋节', tradition: 'chinese', on: (y) => chineseFestivalDate('mid-autumn', y), templateEn: 'Happy Mid-Autumn Festival, {name}! May the full moon bring you and your family together.', templateZh: '{name}，中秋快乐！月圆人团圆，祝您和家人幸福安康。' },
  { key: 'christmas', name: 'Christmas', nameZh: '圣诞节', tradition: 'western', on: (y) => `${y}-12-25`, templateEn: 'Merry Christmas, {name}! Thank you for a wonderful year — warm wishes from all of us.', templateZh: '{name}，圣诞快乐！感谢您这一年的陪伴，祝您节日愉快。' },
];

/** Holidays with a date in [from, to] (ISO dates, inclusive), in date order. Chinese festivals outside 1990–2060 are left out. */
export function holidaysBetween(from: string, to: string): Holiday[] {
  const out: Holiday[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const { on, ...h } of HOLIDAYS) {
      const date = on(y);
      if (date !== null && date >= from && date <= to) out.push({ ...h, date });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/** The date of month-day `mmdd` of a date in `year`; 29 February falls on the 28th in other years. */
export function anniversaryIn(isoDate: string, year: number): string {
  const m = Number(isoDate.slice(5, 7));
  let d = Number(isoDate.slice(8, 10));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (m === 2 && d === 29 && !leap) d = 28;
  return `${year}-${pad(m)}-${pad(d)}`;
}
