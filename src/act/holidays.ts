/**
 * Holidays by each customer's own calendar. A holiday is data: its names and greeting in English and Chinese, and a
 * rule for its date (fixed month-day, lunar festival, solar term, Easter, nth weekday). A calendar (a country, by
 * ISO 3166 code) lists the holidays its people keep; a customer is greeted only on the holidays of their country's
 * calendar, plus any they opted in to. Both tables can be extended or replaced by the config's `care` section.
 */
import { chineseFestivalDate, qingmingDate, type ChineseFestival } from './lunar.js';

export interface Holiday {
  readonly date: string;
  readonly key: string;
  readonly name: string;
  readonly nameZh: string;
  /** The culture it belongs to: chinese, western, or the country's own (us, de, fr, …). */
  readonly tradition: string;
  readonly templateEn: string;
  readonly templateZh: string;
}

/** A date rule: MM-DD, a Chinese festival, 清明, Easter Sunday, or the nth weekday of a month. */
export type HolidayRule =
  | { readonly fixed: string }
  | { readonly lunar: ChineseFestival }
  | { readonly solarTerm: 'qingming' }
  | { readonly easter: true }
  | { readonly nthWeekday: { readonly month: number; readonly weekday: number; readonly n: number } };

export interface HolidayDef extends Omit<Holiday, 'date'> {
  readonly rule: HolidayRule;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Easter Sunday (Gregorian): the anonymous algorithm (Meeus, *Astronomical Algorithms*, ch. 8). */
export function easterDate(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** The date of a rule in `year`, or null (lunar dates outside 1990–2060). */
export function dateOf(rule: HolidayRule, year: number): string | null {
  if ('fixed' in rule) return `${year}-${rule.fixed}`;
  if ('lunar' in rule) return chineseFestivalDate(rule.lunar, year);
  if ('solarTerm' in rule) return qingmingDate(year);
  if ('easter' in rule) return easterDate(year);
  const { month, weekday, n } = rule.nthWeekday;
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return `${year}-${pad(month)}-${pad(1 + ((weekday - first + 7) % 7) + (n - 1) * 7)}`;
}

const H = (key: string, tradition: string, rule: HolidayRule, name: string, nameZh: string, templateEn: string, templateZh: string): HolidayDef => ({ key, tradition, rule, name, nameZh, templateEn, templateZh });

/** Every holiday the calendars below use. Greetings hold `{name}`; the export fills it per customer. */
export const HOLIDAYS: readonly HolidayDef[] = [
  H('new-year', 'western', { fixed: '01-01' }, "New Year's Day", '元旦', 'Happy New Year, {name}! Thank you for being with us — here is to a great year together.', '{name}，元旦快乐！感谢您一直以来的支持，祝您新年万事如意。'),
  H('spring-festival', 'chinese', { lunar: 'spring-festival' }, 'Spring Festival (Chinese New Year)', '春节', 'Happy Chinese New Year, {name}! Wishing you health and prosperity in the year ahead.', '{name}，新春快乐！恭祝您阖家幸福，万事如意，财源广进。'),
  H('lantern', 'chinese', { lunar: 'lantern' }, 'Lantern Festival', '元宵节', 'Happy Lantern Festival, {name}! May the lanterns light up a sweet year for you.', '{name}，元宵节快乐！愿您的生活像汤圆一样甜甜蜜蜜、团团圆圆。'),
  H('qingming', 'chinese', { solarTerm: 'qingming' }, 'Qingming Festival', '清明节', '{name}, in this season of Qingming we wish you and your family peace and good health.', '{name}，清明时节，春和景明，愿您与家人平安康健。'),
  H('dragon-boat', 'chinese', { lunar: 'dragon-boat' }, 'Dragon Boat Festival', '端午节', 'Wishing you a healthy and peaceful Dragon Boat Festival, {name}!', '{name}，端午安康！愿您和家人身体健康，幸福平安。'),
  H('qixi', 'chinese', { lunar: 'qixi' }, 'Qixi Festival', '七夕节', 'Happy Qixi, {name}! Wishing you love and happiness.', '{name}，七夕快乐！愿您与所爱之人甜蜜相伴。'),
  H('mid-autumn', 'chinese', { lunar: 'mid-autumn' }, 'Mid-Autumn Festival', '中秋节', 'Happy Mid-Autumn Festival, {name}! May the full moon bring you and your family together.', '{name}，中秋快乐！月圆人团圆，祝您和家人幸福安康。'),
  H('national-day-cn', 'chinese', { fixed: '10-01' }, 'National Day', '国庆节', 'Happy National Day holiday, {name}! Enjoy the Golden Week.', '{name}，国庆快乐！祝您黄金周假期愉快。'),
  H('double-ninth', 'chinese', { lunar: 'double-ninth' }, 'Double Ninth Festival', '重阳节', 'Happy Double Ninth Festival, {name}! Wishing you and your elders long life and good health.', '{name}，重阳节快乐！祝您和家中长辈健康长寿。'),
  H('easter', 'western', { easter: true }, 'Easter', '复活节', 'Happy Easter, {name}! Wishing you a joyful spring.', '{name}，复活节快乐！祝您春日愉快。'),
  H('christmas', 'western', { fixed: '12-25' }, 'Christmas', '圣诞节', 'Merry Christmas, {name}! Thank you for a wonderful year — warm wishes from all of us.', '{name}，圣诞快乐！感谢您这一年的陪伴，祝您节日愉快。'),
  H('independence-day-us', 'us', { fixed: '07-04' }, 'Independence Day', '美国独立日', 'Happy Fourth of July, {name}!', '{name}，独立日快乐！'),
  H('thanksgiving-us', 'us', { nthWeekday: { month: 11, weekday: 4, n: 4 } }, 'Thanksgiving', '感恩节', 'Happy Thanksgiving, {name}! We are grateful to have you with us.', '{name}，感恩节快乐！感谢有您一路相伴。'),
  H('canada-day', 'ca', { fixed: '07-01' }, 'Canada Day', '加拿大国庆日', 'Happy Canada Day, {name}!', '{name}，加拿大国庆日快乐！'),
  H('australia-day', 'au', { fixed: '01-26' }, 'Australia Day', '澳大利亚国庆日', 'Happy Australia Day, {name}!', '{name}，澳大利亚国庆日快乐！'),
  H('german-unity', 'de', { fixed: '10-03' }, 'German Unity Day', '德国统一日', 'Happy German Unity Day, {name}!', '{name}，德国统一日快乐！'),
  H('bastille-day', 'fr', { fixed: '07-14' }, 'Bastille Day', '法国国庆日', 'Happy Bastille Day, {name}!', '{name}，法国国庆日快乐！'),
  H('st-patricks', 'ie', { fixed: '03-17' }, "St Patrick's Day", '圣帕特里克节', "Happy St Patrick's Day, {name}!", '{name}，圣帕特里克节快乐！'),
];

const CHINESE = ['new-year', 'spring-festival', 'lantern', 'qingming', 'dragon-boat', 'qixi', 'mid-autumn', 'double-ninth'];

/**
 * The holidays each country's people keep (ISO 3166 alpha-2). Main holidays a business would greet on, not every
 * public holiday. A country not listed keeps only New Year's Day (`*`).
 */
export const CALENDARS: Readonly<Record<string, readonly string[]>> = {
  CN: [...CHINESE, 'national-day-cn'],
  HK: [...CHINESE, 'national-day-cn', 'christmas'],
  MO: [...CHINESE, 'national-day-cn', 'christmas'],
  TW: CHINESE,
  SG: ['new-year', 'spring-festival', 'mid-autumn', 'christmas'],
  GB: ['new-year', 'easter', 'christmas'],
  IE: ['new-year', 'st-patricks', 'easter', 'christmas'],
  US: ['new-year', 'independence-day-us', 'thanksgiving-us', 'christmas'],
  CA: ['new-year', 'canada-day', 'christmas'],
  AU: ['new-year', 'australia-day', 'easter', 'christmas'],
  NZ: ['new-year', 'easter', 'christmas'],
  DE: ['new-year', 'easter', 'german-unity', 'christmas'],
  FR: ['new-year', 'easter', 'bastille-day', 'christmas'],
  ES: ['new-year', 'easter', 'christmas'],
  IT: ['new-year', 'easter', 'christmas'],
  NL: ['new-year', 'easter', 'christmas'],
  JP: ['new-year'],
  '*': ['new-year'],
};

/** Country names and codes as imported data spells them (English, Chinese, ISO codes), lower-case, to ISO codes. */
const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  china: 'CN', cn: 'CN', prc: 'CN', "people's republic of china": 'CN', 'mainland china': 'CN', 中国: 'CN', 中国大陆: 'CN', 中华人民共和国: 'CN',
  'hong kong': 'HK', hk: 'HK', 香港: 'HK', 中国香港: 'HK', macau: 'MO', macao: 'MO', mo: 'MO', 澳门: 'MO', 中国澳门: 'MO',
  taiwan: 'TW', tw: 'TW', 台湾: 'TW', 中国台湾: 'TW', singapore: 'SG', sg: 'SG', 新加坡: 'SG',
  'united kingdom': 'GB', uk: 'GB', gb: 'GB', 'great britain': 'GB', britain: 'GB', england: 'GB', scotland: 'GB', wales: 'GB', 'northern ireland': 'GB', 英国: 'GB',
  ireland: 'IE', eire: 'IE', ie: 'IE', 爱尔兰: 'IE',
  'united states': 'US', 'united states of america': 'US', usa: 'US', us: 'US', america: 'US', 美国: 'US',
  canada: 'CA', ca: 'CA', 加拿大: 'CA', australia: 'AU', au: 'AU', 澳大利亚: 'AU', 澳洲: 'AU', 'new zealand': 'NZ', nz: 'NZ', 新西兰: 'NZ',
  germany: 'DE', deutschland: 'DE', de: 'DE', 德国: 'DE', france: 'FR', fr: 'FR', 法国: 'FR', spain: 'ES', españa: 'ES', es: 'ES', 西班牙: 'ES',
  italy: 'IT', italia: 'IT', it: 'IT', 意大利: 'IT', netherlands: 'NL', nl: 'NL', holland: 'NL', 荷兰: 'NL', japan: 'JP', jp: 'JP', 日本: 'JP',
};

/** The ISO code of a country as the data spells it, or null when unknown. */
export function countryCode(country: string | null | undefined): string | null {
  if (!country) return null;
  return COUNTRY_NAMES[country.trim().toLowerCase()] ?? null;
}

/** Holidays with a date in [from, to] (ISO dates, inclusive), in date order; `defs` defaults to every holiday. */
export function holidaysBetween(from: string, to: string, defs: readonly HolidayDef[] = HOLIDAYS): Holiday[] {
  const out: Holiday[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    for (const { rule, ...h } of defs) {
      const date = dateOf(rule, y);
      if (date !== null && date >= from && date <= to) out.push({ ...h, date });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key));
}

/** The date of month-day `mmdd` of a date in `year`; 29 February falls on the 28th in other years. */
export function anniversaryIn(isoDate: string, year: number): string {
  const m = Number(isoDate.slice(5, 7));
  let d = Number(isoDate.slice(8, 10));
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (m === 2 && d === 29 && !leap) d = 28;
  return `${year}-${pad(m)}-${pad(d)}`;
}
