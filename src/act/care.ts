/**
 * Care campaigns (DESIGN.md §1.7): birthdays, customer anniversaries and holidays in a window, each with a
 * message in English and Chinese. Holidays go by each customer's own calendar (holidays.ts: their country's
 * holidays, plus those they opted in to through an attribute), never to everyone. Exports fill the message per
 * customer, in the customer's language. Opted-out customers stay in the lists, marked, and never reach an export.
 */
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { linesOf } from '../data/line-source.js';
import { sqlCareCustomers } from '../sql/act.js';
import { DEFAULT_CARE_CONFIG, type CareConfig } from './care-config.js';
import type { CampaignItem } from './contacts.js';
import { anniversaryIn, countryCode, holidaysBetween, type Holiday } from './holidays.js';
import { isCalendarDay } from '../calendar-day.js';

export interface CareCustomer {
  readonly customerId: string;
  readonly name: string | null;
  readonly country: string | null;
  readonly optOut: boolean;
  readonly birthDate: string | null;
  readonly signupDate: string | null;
  readonly firstPurchase: string | null;
  /** The customer's imported attributes (the opt-in list is read from one of them). */
  readonly attributes?: Readonly<Record<string, unknown>> | null;
}

export interface CareEvent {
  readonly date: string;
  readonly kind: 'birthday' | 'anniversary';
  readonly customerId: string;
  readonly name: string | null;
  /** Years since signup or first purchase (anniversaries only). */
  readonly years: number | null;
  /** What the anniversary counts from. */
  readonly since: 'signup' | 'first purchase' | null;
  readonly optOut: boolean;
  /** zh for customers in Chinese-speaking places or with a Chinese name, else en. */
  readonly language: 'en' | 'zh';
  readonly templateEn: string;
  readonly templateZh: string;
}

export interface CarePlan {
  readonly from: string;
  readonly to: string;
  readonly events: readonly CareEvent[];
  /** Holidays in the window that someone keeps: `customers` who keep it (opted-out ones not counted), by `calendars`. */
  readonly holidays: ReadonlyArray<Holiday & { readonly customers: number; readonly calendars: readonly string[] }>;
  /** Who is greeted on each holiday (key → customer ids; opted-out customers left out). */
  readonly recipients: Readonly<Record<string, readonly string[]>>;
  /** The offer put in birthday and anniversary greetings, per language (empty: none). */
  readonly offer: { readonly en: string; readonly zh: string };
  readonly counts: { readonly customers: number; readonly optedOut: number; readonly birthdays: number; readonly anniversaries: number; readonly holidays: number };
  /** Data the plan could not use: e.g. no birth dates at all. */
  readonly notes: readonly string[];
  /** The same notes as stable codes, for readers that word them in their own language. */
  readonly noteCodes: readonly CareNote[];
}

export type CareNote = 'no-birth-dates' | 'no-anniversary-dates';

const CHINESE_PLACES = ['china', 'cn', 'prc', 'hong kong', 'hk', 'taiwan', 'tw', 'macau', 'macao', 'singapore', '中国', '香港', '台湾', '澳门', '新加坡'];
const CJK = /[\u3400-\u9fff]/;

export function languageOf(c: Pick<CareCustomer, 'country' | 'name'>): 'en' | 'zh' {
  const country = c.country?.trim().toLowerCase() ?? '';
  return CHINESE_PLACES.includes(country) || CJK.test(c.country ?? '') || CJK.test(c.name ?? '') ? 'zh' : 'en';
}

const TEMPLATES = {
  birthday: {
    en: 'Happy birthday, {name}! A small gift from us: {offer}.',
    zh: '{name}，生日快乐！我们为您准备了一份小礼物：{offer}。',
  },
  anniversary: {
    en: '{name}, today it is {years} since you joined us. Thank you! {offer}',
    zh: '{name}，今天是您与我们相伴 {years} 周年的日子，感谢有您！{offer}',
  },
} as const;

/** The sentence that carries {offer}, left out with it when there is no offer. */
const OFFER_PART = { en: [' A small gift from us: {offer}.', ' {offer}'], zh: ['我们为您准备了一份小礼物：{offer}。', '{offer}'] } as const;

const fill = (t: string, years: number | null) => t.replaceAll('{years}', years === null ? '' : t.includes('周年') ? String(years) : `${years} year${years === 1 ? '' : 's'}`);

/** How a greeting addresses someone without a name on file. */
const NO_NAME = { en: 'dear customer', zh: '尊敬的客户' } as const;

/** A template filled for one customer: no `{name}`, `{offer}` or `{years}` is left. */
export function fillGreeting(template: string, language: 'en' | 'zh', v: { name: string | null; offer?: string; years?: number | null }): string {
  let t = template;
  if (!v.offer) for (const part of OFFER_PART[language]) t = t.replace(part, '');
  const name = v.name?.trim() || NO_NAME[language];
  return t.replaceAll('{name}', name).replaceAll('{offer}', v.offer ?? '').replaceAll('{years}', v.years == null ? '' : String(v.years)).trim();
}

const OPT_IN_SPLIT = /[,;，；、\s]+/;

/**
 * The holidays a customer keeps: their country's calendar (else the default `*` one) plus what their opt-in
 * attribute lists: holiday keys or names (中秋, Christmas), traditions (chinese, western) or country codes.
 */
export function holidaysKept(c: Pick<CareCustomer, 'country' | 'attributes'>, config: CareConfig = DEFAULT_CARE_CONFIG): Set<string> {
  const code = countryCode(c.country) ?? (c.country ? c.country.trim().toUpperCase() : '');
  const kept = new Set(config.calendars[code] ?? config.calendars['*'] ?? []);
  const raw = c.attributes?.[config.optInAttribute];
  if (typeof raw === 'string' && raw.trim()) {
    for (const token of raw.split(OPT_IN_SPLIT).filter(Boolean)) {
      const low = token.toLowerCase();
      const country = countryCode(token) ?? (config.calendars[token.toUpperCase()] ? token.toUpperCase() : null);
      const matches = config.holidays.filter((h) => h.key === low || h.tradition === low || h.name.toLowerCase() === low || h.nameZh === token || h.nameZh.replace(/节$/, '') === token);
      if (country && config.calendars[country]) for (const k of config.calendars[country]) kept.add(k);
      for (const h of matches) kept.add(h.key);
    }
  }
  return kept;
}

function checkWindow(from: string, to: string): void {
  for (const [k, v] of [['--from', from], ['--to', to]] as const) {
    // A day past its month's end (2024-02-30) parses as the next month's: only a date that reads back the same is one.
    if (!isCalendarDay(v)) throw new UsageError(`care: ${k} ${v}: expected a date YYYY-MM-DD`);
  }
  if (from > to) throw new UsageError(`care: --from ${from} is after --to ${to}`);
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) throw new UsageError(`care: ${from} to ${to} is longer than a year`, 'plan one year or less at a time');
}

/** The plan for customers already read (pure: the engine-free part, tested directly). */
export function planCare(customers: readonly CareCustomer[], from: string, to: string, config: CareConfig = DEFAULT_CARE_CONFIG): CarePlan {
  checkWindow(from, to);
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  const events: CareEvent[] = [];
  for (const c of customers) {
    const language = languageOf(c);
    const base = { customerId: c.customerId, name: c.name, optOut: c.optOut, language };
    if (c.birthDate) {
      for (const y of years) {
        const date = anniversaryIn(c.birthDate, y);
        if (date >= from && date <= to && y > Number(c.birthDate.slice(0, 4))) {
          events.push({ ...base, date, kind: 'birthday', years: null, since: null, templateEn: TEMPLATES.birthday.en, templateZh: TEMPLATES.birthday.zh });
        }
      }
    }
    const start = c.signupDate ?? c.firstPurchase;
    if (start) {
      for (const y of years) {
        const date = anniversaryIn(start, y);
        const n = y - Number(start.slice(0, 4));
        if (n >= 1 && date >= from && date <= to) {
          events.push({ ...base, date, kind: 'anniversary', years: n, since: c.signupDate ? 'signup' : 'first purchase', templateEn: fill(TEMPLATES.anniversary.en, n), templateZh: fill(TEMPLATES.anniversary.zh, n) });
        }
      }
    }
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind) || a.customerId.localeCompare(b.customerId));
  const optedOut = customers.filter((c) => c.optOut).length;
  const inWindow = holidaysBetween(from, to, config.holidays);
  const recipients: Record<string, string[]> = Object.fromEntries(inWindow.map((h) => [h.key, []]));
  if (inWindow.length) {
    for (const c of customers) {
      if (c.optOut) continue;
      const kept = holidaysKept(c, config);
      for (const h of inWindow) if (kept.has(h.key)) recipients[h.key].push(c.customerId);
    }
  }
  const calendarsOf = (key: string) => Object.keys(config.calendars).filter((code) => config.calendars[code].includes(key));
  // A holiday nobody keeps is not a campaign: it is left out of the plan.
  const holidays = inWindow.filter((h) => recipients[h.key].length > 0).map((h) => ({ ...h, customers: recipients[h.key].length, calendars: calendarsOf(h.key) }));
  const notes: string[] = [];
  const noteCodes: CareNote[] = [];
  if (customers.length && !customers.some((c) => c.birthDate)) {
    notes.push('no customer has a birth date: import customers with a birth_date column to send birthday greetings');
    noteCodes.push('no-birth-dates');
  }
  if (customers.length && !customers.some((c) => c.signupDate || c.firstPurchase)) {
    notes.push('no signup dates or purchases: import customers with signup_date, or orders, for anniversaries');
    noteCodes.push('no-anniversary-dates');
  }
  return {
    from,
    to,
    events,
    holidays,
    recipients: Object.fromEntries(holidays.map((h) => [h.key, recipients[h.key]])),
    offer: config.offer,
    counts: { customers: customers.length, optedOut, birthdays: events.filter((e) => e.kind === 'birthday').length, anniversaries: events.filter((e) => e.kind === 'anniversary').length, holidays: holidays.length },
    notes,
    noteCodes,
  };
}

const parseAttributes = (text: string | null): Record<string, unknown> | null => {
  if (!text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

export async function careCampaigns(engine: Engine, from: string, to: string, config: CareConfig = DEFAULT_CARE_CONFIG): Promise<CarePlan> {
  checkWindow(from, to);
  type Row = { customer_id: string; name: string | null; country: string | null; opt_out: boolean; birth_date: string | null; signup_date: string | null; first_purchase: string | null; attributes: string | null };
  // On a ClickHouse store the first sale days come from the cluster, one row per customer.
  const lines = linesOf(engine);
  const rows = lines
    ? await engine.query<Row>(sqlCareCustomers(engine.dialect, true), [JSON.stringify(await lines.firstSaleDays())])
    : await engine.query<Row>(sqlCareCustomers(engine.dialect));
  return planCare(
    rows.map((r) => ({ customerId: r.customer_id, name: r.name, country: r.country, optOut: r.opt_out === true, birthDate: r.birth_date, signupDate: r.signup_date, firstPurchase: r.first_purchase, attributes: parseAttributes(r.attributes) })),
    from,
    to,
    config,
  );
}

/** Birthdays and anniversaries per day of the plan, in date order: the care calendar. */
export function careDays(plan: CarePlan): Array<{ date: string; birthdays: number; anniversaries: number }> {
  const days = new Map<string, { date: string; birthdays: number; anniversaries: number }>();
  for (const e of plan.events) {
    const d = days.get(e.date) ?? { date: e.date, birthdays: 0, anniversaries: 0 };
    if (e.kind === 'birthday') d.birthdays++;
    else d.anniversaries++;
    days.set(e.date, d);
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** Codes of the kind and language columns, as a Chinese reader of the file reads them (English files keep the codes). */
const KIND_ZH = { birthday: '生日', anniversary: '纪念日' } as const;
const LANGUAGE_ZH = { en: '英文', zh: '中文' } as const;

const OCCASION = {
  en: { birthday: (d: string) => `birthday on ${d}`, anniversary: (n: number, since: string, d: string) => `${n} year anniversary (since ${since}) on ${d}`, holiday: (h: Holiday) => `${h.name} on ${h.date}` },
  zh: { birthday: (d: string) => `生日（${d}）`, anniversary: (n: number, since: string, d: string) => `${since === 'signup' ? '注册' : '首次购买'} ${n} 周年（${d}）`, holiday: (h: Holiday) => `${h.nameZh}（${h.date}）` },
} as const;

/**
 * The plan as campaign items: one per birthday or anniversary, and one per holiday and customer who keeps it. The
 * reason is in the reader's language (`lang`); the offer and the filled message in the customer's. Extra columns:
 * date, kind, language, message.
 */
export function careItems(plan: CarePlan, customers: readonly Pick<CareCustomer, 'customerId' | 'name' | 'country'>[], lang: 'en' | 'zh' = 'en'): CampaignItem[] {
  const words = OCCASION[lang];
  const items: CampaignItem[] = plan.events.map((e) => {
    const offer = plan.offer?.[e.language] ?? '';
    const template = e.language === 'zh' ? e.templateZh : e.templateEn;
    return {
      customerId: e.customerId,
      reason: e.kind === 'birthday' ? words.birthday(e.date) : words.anniversary(e.years ?? 0, e.since ?? '', e.date),
      offer,
      extra: [e.date, lang === 'zh' ? KIND_ZH[e.kind] : e.kind, lang === 'zh' ? LANGUAGE_ZH[e.language] : e.language, fillGreeting(template, e.language, { name: e.name, offer, years: e.years })],
    };
  });
  const byId = new Map(customers.map((c) => [c.customerId, c]));
  for (const h of plan.holidays) {
    for (const id of plan.recipients?.[h.key] ?? []) {
      const c = byId.get(id);
      if (!c) continue;
      const language = languageOf(c);
      const message = fillGreeting(language === 'zh' ? h.templateZh : h.templateEn, language, { name: c.name });
      items.push({ customerId: c.customerId, reason: words.holiday(h), offer: '', extra: [h.date, lang === 'zh' ? h.nameZh : h.key, lang === 'zh' ? LANGUAGE_ZH[language] : language, message] });
    }
  }
  return items;
}

export const CARE_EXTRA_HEADERS = ['date', 'kind', 'language', 'message'] as const;
