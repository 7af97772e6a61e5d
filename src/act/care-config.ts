/**
 * The config's `care` section, loose in and strict out. Every field is optional; the default is beside it.
 * {
 *   "care": {
 *     "calendars": { "SG": ["new-year", "spring-festival", "christmas"] },   // replace a country's holidays
 *     "holidays": [{ "key": "founders-day", "date": "06-18", "name": "Founders' Day", "nameZh": "店庆日",
 *                    "templateEn": "Happy Founders' Day, {name}!", "templateZh": "{name}，店庆快乐！" }],
 *     "optInAttribute": "holidays",                 // customer attribute listing holidays or calendars opted in to
 *     "offer": { "en": "10% off your next order", "zh": "下次购物九折优惠" }   // put in birthday and anniversary greetings
 *   }
 * }
 */
import { UsageError } from '../errors.js';
import { CALENDARS, HOLIDAYS, type HolidayDef } from './holidays.js';

export interface CareConfig {
  /** Country code → the holiday keys its people keep. Default CALENDARS (holidays.ts); entries here replace a country's. */
  readonly calendars: Readonly<Record<string, readonly string[]>>;
  /** Every holiday a calendar may name. Default HOLIDAYS; entries here are added (or replace one with the same key). */
  readonly holidays: readonly HolidayDef[];
  /** The customer attribute (an imported column) that lists extra holidays, traditions or countries. Default "holidays". */
  readonly optInAttribute: string;
  /** The offer in birthday and anniversary greetings, per language. Default none: the greeting alone. */
  readonly offer: { readonly en: string; readonly zh: string };
}

export const DEFAULT_CARE_CONFIG: CareConfig = { calendars: CALENDARS, holidays: HOLIDAYS, optInAttribute: 'holidays', offer: { en: '', zh: '' } };

const str = (v: unknown, where: string): string => {
  if (typeof v !== 'string') throw new UsageError(`care config: ${where} must be text`);
  return v;
};

export function normalizeCareConfig(raw: unknown): CareConfig {
  if (raw === undefined || raw === null) return DEFAULT_CARE_CONFIG;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError('care config: expected an object');
  const r = raw as Record<string, unknown>;
  const holidays = new Map(HOLIDAYS.map((h) => [h.key, h]));
  if (r.holidays !== undefined) {
    if (!Array.isArray(r.holidays)) throw new UsageError('care config: holidays must be a list');
    r.holidays.forEach((h: unknown, i) => {
      const o = (h ?? {}) as Record<string, unknown>;
      const date = str(o.date, `holidays[${i}].date`);
      if (!/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(date)) throw new UsageError(`care config: holidays[${i}].date ${date}: expected MM-DD`, 'for example "06-18"');
      const key = str(o.key, `holidays[${i}].key`);
      const name = str(o.name ?? key, `holidays[${i}].name`);
      holidays.set(key, { key, rule: { fixed: date }, tradition: typeof o.tradition === 'string' ? o.tradition : 'custom', name, nameZh: str(o.nameZh ?? name, `holidays[${i}].nameZh`), templateEn: str(o.templateEn ?? `Happy ${name}, {name}!`, `holidays[${i}].templateEn`), templateZh: str(o.templateZh ?? `{name}，${o.nameZh ?? name}快乐！`, `holidays[${i}].templateZh`) });
    });
  }
  const calendars: Record<string, readonly string[]> = { ...CALENDARS };
  if (r.calendars !== undefined) {
    if (typeof r.calendars !== 'object' || r.calendars === null) throw new UsageError('care config: calendars must map country codes to lists of holidays');
    for (const [code, keys] of Object.entries(r.calendars)) {
      if (!Array.isArray(keys)) throw new UsageError(`care config: calendars.${code} must be a list of holiday keys`);
      for (const k of keys) if (!holidays.has(String(k))) throw new UsageError(`care config: calendars.${code}: unknown holiday "${String(k)}"`, `known: ${[...holidays.keys()].join(', ')}`);
      calendars[code === '*' ? '*' : code.toUpperCase()] = keys.map(String);
    }
  }
  const offer = (r.offer ?? {}) as Record<string, unknown>;
  return {
    calendars,
    holidays: [...holidays.values()],
    optInAttribute: r.optInAttribute === undefined ? 'holidays' : str(r.optInAttribute, 'optInAttribute'),
    offer: { en: offer.en === undefined ? '' : str(offer.en, 'offer.en'), zh: offer.zh === undefined ? '' : str(offer.zh, 'offer.zh') },
  };
}
