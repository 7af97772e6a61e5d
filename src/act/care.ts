/**
 * Care campaigns (DESIGN.md §1.7): birthdays, customer anniversaries and holidays in a window, each with a
 * message template in English and Chinese. Opted-out customers stay in the lists, marked, and never reach an export.
 */
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { sqlCareCustomers } from '../sql/act.js';
import type { CampaignItem } from './contacts.js';
import { anniversaryIn, holidaysBetween, type Holiday } from './holidays.js';

export interface CareCustomer {
  readonly customerId: string;
  readonly name: string | null;
  readonly country: string | null;
  readonly optOut: boolean;
  readonly birthDate: string | null;
  readonly signupDate: string | null;
  readonly firstPurchase: string | null;
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
  /** Holidays in the window; every customer who did not opt out is greeted. */
  readonly holidays: ReadonlyArray<Holiday & { readonly customers: number }>;
  readonly counts: { readonly customers: number; readonly optedOut: number; readonly birthdays: number; readonly anniversaries: number; readonly holidays: number };
  /** Data the plan could not use: e.g. no birth dates at all. */
  readonly notes: readonly string[];
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;
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
    en: '{name}, today it is {years} year(s) since you joined us. Thank you! {offer}',
    zh: '{name}，今天是您与我们相伴 {years} 周年的日子，感谢有您！{offer}',
  },
} as const;

const fill = (t: string, years: number | null) => t.replaceAll('{years}', years === null ? '' : String(years));

function checkWindow(from: string, to: string): void {
  for (const [k, v] of [['--from', from], ['--to', to]] as const) {
    if (!ISO.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new UsageError(`care: ${k} ${v}: expected a date YYYY-MM-DD`);
  }
  if (from > to) throw new UsageError(`care: --from ${from} is after --to ${to}`);
  if (Date.parse(to) - Date.parse(from) > 366 * 86_400_000) throw new UsageError(`care: ${from} to ${to} is longer than a year`, 'plan one year or less at a time');
}

/** The plan for customers already read (pure: the engine-free part, tested directly). */
export function planCare(customers: readonly CareCustomer[], from: string, to: string): CarePlan {
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
  const holidays = holidaysBetween(from, to).map((h) => ({ ...h, customers: customers.length - optedOut }));
  const notes: string[] = [];
  if (customers.length && !customers.some((c) => c.birthDate)) notes.push('no customer has a birth date: import customers with a birth_date column to send birthday greetings');
  if (customers.length && !customers.some((c) => c.signupDate || c.firstPurchase)) notes.push('no signup dates or purchases: import customers with signup_date, or orders, for anniversaries');
  return {
    from,
    to,
    events,
    holidays,
    counts: { customers: customers.length, optedOut, birthdays: events.filter((e) => e.kind === 'birthday').length, anniversaries: events.filter((e) => e.kind === 'anniversary').length, holidays: holidays.length },
    notes,
  };
}

export async function careCampaigns(engine: Engine, from: string, to: string): Promise<CarePlan> {
  checkWindow(from, to);
  const rows = await engine.query<{ customer_id: string; name: string | null; country: string | null; opt_out: boolean; birth_date: string | null; signup_date: string | null; first_purchase: string | null }>(sqlCareCustomers(engine.dialect));
  return planCare(
    rows.map((r) => ({ customerId: r.customer_id, name: r.name, country: r.country, optOut: r.opt_out === true, birthDate: r.birth_date, signupDate: r.signup_date, firstPurchase: r.first_purchase })),
    from,
    to,
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

/**
 * The plan as campaign items: one per birthday or anniversary, and one per holiday and customer. The message is
 * in the customer's language; extra columns: date, kind, language.
 */
export function careItems(plan: CarePlan, customers: readonly Pick<CareCustomer, 'customerId' | 'name' | 'country'>[]): CampaignItem[] {
  const items: CampaignItem[] = plan.events.map((e) => ({
    customerId: e.customerId,
    reason: e.kind === 'birthday' ? `birthday on ${e.date}` : `${e.years} year anniversary (since ${e.since}) on ${e.date}`,
    offer: e.language === 'zh' ? e.templateZh : e.templateEn,
    extra: [e.date, e.kind, e.language],
  }));
  for (const h of plan.holidays) {
    for (const c of customers) {
      const language = languageOf(c);
      items.push({ customerId: c.customerId, reason: `${h.name} (${h.nameZh}) on ${h.date}`, offer: language === 'zh' ? h.templateZh : h.templateEn, extra: [h.date, h.key, language] });
    }
  }
  return items;
}

export const CARE_EXTRA_HEADERS = ['date', 'kind', 'language'] as const;
