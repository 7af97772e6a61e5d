/**
 * Chinese festivals on the Gregorian calendar, 1990–2060: Spring Festival (春节, 1st day of the 1st lunar month)
 * and Mid-Autumn (中秋节, 15th day of the 8th lunar month) from the table below; 元宵, 端午, 七夕 and 重阳 from them and
 * ICU; 清明 from the solar term. The lunisolar calendar follows new moons and solar
 * terms at Beijing time, so a table is the reliable source. This one follows the month lengths published by the
 * Hong Kong Observatory / Purple Mountain Observatory almanacs; lunar.test.ts checks it against published dates and
 * against ICU's Chinese calendar (Intl `en-u-ca-chinese`), which agrees in every year but 2027 and 2030: there the
 * new moon falls within minutes of midnight Beijing time and ICU's approximation puts Spring Festival a day off.
 */

/** Per year from 1990: MMDD of Spring Festival, then MMDD of Mid-Autumn. */
const TABLE: readonly string[] = [
  '01271003', '02150922', '02040911', '01230930', '02100920', '01310909', '02190927', '02070916', '01281005', '02160924', // 1990–1999
  '02050912', '01241001', '02120921', '02010911', '01220928', '02090918', '01291006', '02180925', '02070914', '01261003', // 2000–2009
  '02140922', '02030912', '01230930', '02100919', '01310908', '02190927', '02080915', '01281004', '02160924', '02050913', // 2010–2019
  '01251001', '02120921', '02010910', '01220929', '02100917', '01291006', '02170925', '02060915', '01261003', '02130922', // 2020–2029
  '02030912', '01231001', '02110919', '01310908', '02190927', '02080916', '01281004', '02150924', '02040913', '01241002', // 2030–2039
  '02120920', '02010910', '01220928', '02100917', '01301005', '02170925', '02060915', '01261004', '02140922', '02020911', // 2040–2049
  '01230930', '02110919', '02010907', '02190926', '02080916', '01281005', '02150924', '02040913', '01241002', '02120921', // 2050–2059
  '02020909', // 2060–2060
];

export const LUNAR_FIRST_YEAR = 1990;
export const LUNAR_LAST_YEAR = LUNAR_FIRST_YEAR + TABLE.length - 1;

export type ChineseFestival = 'spring-festival' | 'lantern' | 'dragon-boat' | 'qixi' | 'mid-autumn' | 'double-ninth';

/** Each festival's lunar month and day: 春节 1/1, 元宵 1/15, 端午 5/5, 七夕 7/7, 中秋 8/15, 重阳 9/9 (never a leap month). */
export const FESTIVAL_LUNAR_DATES: Readonly<Record<ChineseFestival, readonly [month: number, day: number]>> = {
  'spring-festival': [1, 1],
  lantern: [1, 15],
  'dragon-boat': [5, 5],
  qixi: [7, 7],
  'mid-autumn': [8, 15],
  'double-ninth': [9, 9],
};

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The table's date: 'spring' (1/1) or 'mid-autumn' (8/15) in `year`, as UTC milliseconds; null outside the table. */
function tableDate(which: 'spring' | 'mid-autumn', year: number): number | null {
  const code = Number.isInteger(year) ? TABLE[year - LUNAR_FIRST_YEAR] : undefined;
  if (code === undefined) return null;
  const mmdd = which === 'spring' ? code.slice(0, 4) : code.slice(4, 8);
  return Date.UTC(year, Number(mmdd.slice(0, 2)) - 1, Number(mmdd.slice(2, 4)));
}

let icu: Intl.DateTimeFormat | undefined;
/** ICU's lunar month ("6", or "6bis" for a leap month) and day of a civil date. */
function icuLunar(ms: number): { month: string; day: number } {
  icu ??= new Intl.DateTimeFormat('en-u-ca-chinese', { timeZone: 'UTC', month: 'numeric', day: 'numeric' });
  const parts = icu.formatToParts(new Date(ms));
  return { month: parts.find((p) => p.type === 'month')!.value, day: Number(parts.find((p) => p.type === 'day')!.value) };
}

/**
 * The festival's ISO date in `year`, or null outside the table's years. 春节 and 中秋 come from the table; 元宵 is
 * 春节 + 14 days (the same lunar month). 端午, 七夕 and 重阳 use the start of their lunar month from ICU's Chinese
 * calendar (Intl), searched after 春节 and checked against the table: ICU agrees with the table on every 8/15 from
 * 1990 to 2060 (lunar.test.ts), and its two known slips (1/1 of 2027 and 2030) are months the table supplies.
 */
export function chineseFestivalDate(festival: ChineseFestival, year: number): string | null {
  const spring = tableDate('spring', year);
  if (spring === null) return null;
  if (festival === 'spring-festival') return iso(spring);
  if (festival === 'lantern') return iso(spring + 14 * DAY);
  if (festival === 'mid-autumn') return iso(tableDate('mid-autumn', year)!);
  const [month, day] = FESTIVAL_LUNAR_DATES[festival];
  // Months 5, 7 and 9 start 4 to 9 lunar months after 春节; day 1 of that month, not of a leap month of the same number.
  for (let ms = spring + 100 * DAY; ms < spring + 300 * DAY; ms += DAY) {
    const l = icuLunar(ms);
    if (l.month === String(month) && l.day === 1) return iso(ms + (day - 1) * DAY);
  }
  return null;
}

/**
 * 清明 (Qingming): the day, at Beijing time (UTC+8), on which the sun's apparent longitude reaches 15°. Sun position
 * by Meeus, *Astronomical Algorithms* (2nd ed.), ch. 25, low-accuracy method (0.01°, about 15 minutes), found by
 * bisection between 1 and 10 April. Published dates 2015–2026 all fall hours away from midnight.
 */
export function qingmingDate(year: number): string | null {
  if (!Number.isInteger(year) || year < LUNAR_FIRST_YEAR || year > LUNAR_LAST_YEAR) return null;
  const longitude = (jd: number) => {
    const T = (jd - 2451545) / 36525;
    const rad = Math.PI / 180;
    const L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
    const M = (357.52911 + 35999.05029 * T - 0.0001537 * T * T) * rad;
    const C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * Math.sin(M) + (0.019993 - 0.000101 * T) * Math.sin(2 * M) + 0.000289 * Math.sin(3 * M);
    const omega = (125.04 - 1934.136 * T) * rad;
    const lambda = L0 + C - 0.00569 - 0.00478 * Math.sin(omega);
    return ((lambda % 360) + 360) % 360;
  };
  const jdOf = (ms: number) => ms / DAY + 2440587.5;
  let lo = Date.UTC(year, 3, 1);
  let hi = Date.UTC(year, 3, 10);
  // ΔT (TT − UT) is about 70 s in these years: a minute against a 15-minute accuracy, ignored.
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (longitude(jdOf(mid)) < 15) lo = mid;
    else hi = mid;
  }
  return iso(Math.floor((lo + 8 * 3_600_000) / DAY) * DAY);
}
