/**
 * Chinese festivals on the Gregorian calendar, 1990–2060: Spring Festival (春节, 1st day of the 1st lunar month)
 * and Mid-Autumn (中秋节, 15th day of the 8th lunar month). The lunisolar calendar follows new moons and solar
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

export type ChineseFestival = 'spring-festival' | 'mid-autumn';

/** The festival's ISO date in `year`, or null outside the table's years. */
export function chineseFestivalDate(festival: ChineseFestival, year: number): string | null {
  const code = Number.isInteger(year) ? TABLE[year - LUNAR_FIRST_YEAR] : undefined;
  if (code === undefined) return null;
  const mmdd = festival === 'spring-festival' ? code.slice(0, 4) : code.slice(4, 8);
  return `${year}-${mmdd.slice(0, 2)}-${mmdd.slice(2, 4)}`;
}
