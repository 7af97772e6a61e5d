/**
 * Date format detection: which of the formats users' files carry fits a column's sample.
 * Formats are strftime-style, as the engine's parser takes them; `null` means ISO 8601.
 */

import { NO_VALUE, ROC_FORMAT } from '../sql/import.js';

/**
 * A column whose values come in several formats (1985/03/12, 19850312, 1990-7-4): the formats, tried in this order
 * on each value, joined by this separator; `ISO` stands for ISO 8601.
 */
export const FORMAT_SEPARATOR = ' | ';

/** Words for an unknown date, left out of the sample (they load as warnings, see sql/import.ts NO_VALUE). */
const UNKNOWN = ['不详', '不詳', '未知', 'unknown', 'n/k', '?'];

/**
 * A UTC offset or zone as exports write it after a time: `Z`, `+0800`, `+08:00`, `-05`, `UTC`, `GMT`, `UTC+8`
 * (Shopify writes `2023-05-01 14:03:22 +0800`: a space, then the offset).
 */
const OFFSET = '(?:Z|(?:UTC|GMT)(?:[+-]\\d{1,2}(?::?\\d{2})?)?|[+-]\\d{2}(?::?\\d{2})?)';

/**
 * ISO 8601, with a UTC `Z` or an offset, right after the time or after a space (the engine keeps the time as
 * written: a shop's own clock, the offset set aside).
 */
const ISO = new RegExp(`^\\d{4}-\\d{1,2}-\\d{1,2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:\\s?${OFFSET})?)?$`);

const DATE_PARTS = [
  '%Y%m%d',
  '%Y/%m/%d',
  '%Y.%m.%d',
  '%Y年%m月%d日',
  '%d-%m-%Y',
  '%d/%m/%Y',
  '%d.%m.%Y',
  '%m/%d/%Y',
  '%m-%d-%Y',
  // Two-digit years (00–68 are 2000–2068, 69–99 are 1969–1999, as strptime reads them), day first before month first.
  '%d/%m/%y',
  '%d.%m.%y',
  '%d-%m-%y',
  '%m/%d/%y',
  // English month names, as spreadsheets and ERP reports write them (05-Mar-2024, 5 March 2024, Mar 5, 2024).
  '%d-%b-%Y',
  '%d-%b-%y',
  '%d %b %Y',
  '%d %B %Y',
  '%b %d, %Y',
  '%B %d, %Y',
  '%b %d %Y',
];
/**
 * Times: 24-hour, AM/PM after the time (3:15 PM) or before it (下午 03:15, as zh-CN Windows and .NET write it: 上午
 * and 下午 read as AM and PM), and a 24-hour time with an offset (14:03:22 +0800; %z: the offset is set aside).
 */
const TIME_PARTS = ['', ' %H:%M', ' %H:%M:%S', ' %I:%M %p', ' %I:%M:%S %p', ' %p %I:%M', ' %p %I:%M:%S', ' %H:%M %z', ' %H:%M:%S %z'];

/** Every non-ISO format tried, in order of preference (day-first before month-first). */
export const CANDIDATE_FORMATS: readonly string[] = DATE_PARTS.flatMap((d) => TIME_PARTS.map((t) => d + t));

/**
 * Taiwan's ROC (民國) calendar: year 1 is 1912, so 民國60年3月1日 is 1971-03-01. Written with the marker (中華民國, 民國,
 * 民国) before the year, which alone says the year is not the common era's: a format `民國` + a year-first format
 * (ROC_FORMAT) is tried only on values with the marker, and a column of 60/03/01 without it is never read so unless
 * --date-format says so (`民國YYYY/MM/DD`, where the parser then reads marked and unmarked values alike).
 */
const ROC_MARKER = /^\s*(?:中華民國|中华民国|民國|民国)\s*/;
const ROC_FORMATS: readonly string[] = DATE_PARTS.filter((d) => d.startsWith('%Y')).flatMap((d) => TIME_PARTS.map((t) => ROC_FORMAT + d + t));

/** A value in ROC years as the common era's (民國60年3月1日 → 1971年3月1日), or null without the marker. */
function rocAsCommonEra(value: string, format: string): string | null {
  const m = ROC_MARKER.exec(value);
  if (!m) return null;
  const rest = value.slice(m[0].length);
  // The year's digits: up to the separator after %Y, or all but the month and day of a compact 0600301.
  const y = format.startsWith('%Y%m%d') ? /^(\d{1,3})(\d{4}(?:\D.*)?)$/.exec(rest) : /^(\d{1,3})(\D.*)$/.exec(rest);
  return y ? `${Number(y[1]) + 1911}${y[2]}` : null;
}

export interface DetectedFormat {
  /** strftime format, or null for ISO 8601. */
  readonly format: string | null;
  /** How people read it: `ISO 8601`, `DD-MM-YYYY`, … */
  readonly label: string;
  /** Share of the sample's values that fit. */
  readonly fit: number;
  /** Another format fits as well (e.g. 03/04/2024): we chose the first, and say so. */
  readonly ambiguousWith?: string;
}

const TOKEN_RE: Record<string, string> = {
  Y: '(\\d{4})',
  y: '(\\d{2})',
  m: '(\\d{1,2})',
  d: '(\\d{1,2})',
  H: '(\\d{1,2})',
  I: '(\\d{1,2})',
  M: '(\\d{2})',
  S: '(\\d{2})',
  b: '([A-Za-z]{3})',
  B: '([A-Za-z]{3,9})',
  p: '([AaPp][Mm]|上午|下午|中午|晚上|凌晨|早上|早晨)',
  z: `(${OFFSET})`,
  Z: `(${OFFSET})`,
};

/** Chinese words for the half of the day (zh-CN Windows and .NET write 上午/下午; 中午 noon, 晚上 evening, 凌晨 before dawn). */
export const PM_WORDS: readonly string[] = ['下午', '中午', '晚上'];
export const AM_WORDS: readonly string[] = ['上午', '凌晨', '早上', '早晨'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function compile(format: string): { re: RegExp; order: string[] } {
  const order: string[] = [];
  let src = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '%' && i + 1 < format.length) {
      const t = format[++i];
      order.push(t);
      // An AM/PM word or an offset may stand right beside the time, or after a space (下午3:15, 14:03+0800).
      if ((t === 'p' || t === 'z' || t === 'Z') && src.endsWith(' ')) src = src.slice(0, -1) + '\\s*';
      src += TOKEN_RE[t] ?? '(.+?)';
      if (t === 'p' && format[i + 1] === ' ') {
        src += '\\s*';
        i++;
      }
    } else {
      src += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return { re: new RegExp(`^${src}$`), order };
}

const compiled = new Map<string, { re: RegExp; order: string[] }>();

/** Does `value` read as a real date under `format`? (month 1–12, day valid for the month, time in range) */
export function fitsFormat(value: string, format: string): boolean {
  if (format.startsWith(ROC_FORMAT)) {
    const f = format.slice(ROC_FORMAT.length);
    const v = rocAsCommonEra(value, f);
    return v !== null && fitsFormat(v, f);
  }
  let c = compiled.get(format);
  if (!c) compiled.set(format, (c = compile(format)));
  const m = c.re.exec(value);
  if (!m) return false;
  const parts: Record<string, number> = {};
  let pm: boolean | null = null;
  c.order.forEach((t, i) => {
    const v = m[i + 1];
    if (t === 'b') parts.m = MONTHS.indexOf(v.toLowerCase()) + 1;
    else if (t === 'B') parts.m = MONTH_NAMES.indexOf(v.toLowerCase()) + 1;
    else if (t === 'p') pm = PM_WORDS.includes(v) || v.toLowerCase() === 'pm';
    else if (t === 'z' || t === 'Z') return;
    else if (t === 'y') parts.Y = Number(v) + (Number(v) <= 68 ? 2000 : 1900);
    else if (t === 'I') parts.I = Number(v);
    else parts[t] = Number(v);
  });
  if (parts.I !== undefined) {
    if (!(parts.I >= 1 && parts.I <= 12) || pm === null) return false;
    parts.H = (parts.I % 12) + (pm ? 12 : 0);
  }
  const { Y, m: mo, d, H = 0, M = 0, S = 0 } = parts;
  if (!(mo >= 1 && mo <= 12 && d >= 1 && H <= 23 && M <= 59 && S <= 59)) return false;
  return d <= new Date(Date.UTC(Y, mo, 0)).getUTCDate();
}

/**
 * Excel's serial day numbers (44927 is 2023-01-01; a fraction is the time of day), in the 1900 date system, as a CSV
 * saved from a sheet whose date column is not formatted as dates holds them. Not strftime: the dialects read it
 * themselves (sqlParseTimestamp).
 */
export const EXCEL_SERIAL = 'EXCEL';

/** A serial day number as such a CSV writes it: five digits (1927-05-18 to 2173-10-14), maybe a time fraction. */
const SERIAL = /^\d{5}(?:\.\d+)?$/;
/** Serials of plausible dates: 1930-01-01 (10959) to 2100-12-31 (73415). */
const SERIAL_RANGE = [10959, 73415] as const;

/** Every value of the sample an Excel serial day number of a plausible date. */
function allSerials(values: readonly string[]): boolean {
  return values.length > 0 && values.every((v) => SERIAL.test(v) && Number(v) >= SERIAL_RANGE[0] && Number(v) < SERIAL_RANGE[1] + 1);
}

export function formatLabel(format: string | null): string {
  if (format === null || format === 'ISO') return 'ISO 8601';
  if (format === EXCEL_SERIAL) return 'Excel serial day numbers (1900 date system)';
  if (format.includes(FORMAT_SEPARATOR)) return format.split(FORMAT_SEPARATOR).map(formatLabel).join(FORMAT_SEPARATOR);
  return format
    .replace('%Y', 'YYYY')
    .replace('%y', 'YY')
    .replace('%m', 'MM')
    .replace('%d', 'DD')
    .replace('%b', 'Mon')
    .replace('%B', 'Month')
    .replace('%H', 'HH')
    .replace('%I', 'hh')
    .replace('%M', 'mm')
    .replace('%S', 'ss')
    .replace('%p', 'AM/PM')
    .replace(/%[zZ]/, '+HHMM');
}

/**
 * Picks the format that the most sample values fit. Returns null when nothing fits at least half of them:
 * the column is then not a date column, or needs `--date-format`.
 */
export function detectDateFormat(sample: readonly string[]): DetectedFormat | null {
  const values = sample.map((v) => v.trim()).filter((v) => v !== '' && !NO_VALUE.includes(v) && !UNKNOWN.includes(v.toLowerCase()));
  if (values.length === 0) return { format: null, label: 'ISO 8601', fit: 1 };
  // Only when every value is one: a column of 5-digit numbers that are not all plausible serials is no date column.
  if (allSerials(values)) return { format: EXCEL_SERIAL, label: formatLabel(EXCEL_SERIAL), fit: 1 };
  const fits = (v: string, f: string | null) => (f === null ? ISO.test(v) : fitsFormat(v, f));
  // Formats with a half-day word or an offset are tried only when some value has one (the common column has none).
  const half = values.some((v) => /[AaPp]\.?[Mm]|午|晚上|凌晨|早/.test(v));
  const offset = values.some((v) => /[+-]\d\d(?::?\d\d)?$|Z$|UTC|GMT/.test(v));
  // ROC (民國) dates only where some value is marked so.
  const roc = values.some((v) => ROC_MARKER.test(v));
  const none = values.map(() => false);
  const scored = [null, ...CANDIDATE_FORMATS, ...(roc ? ROC_FORMATS : [])].map((format) => {
    const skip = format !== null && ((!half && format.includes('%p')) || (!offset && format.includes('%z')));
    const hit = skip ? none : values.map((v) => fits(v, format));
    return { format, hit, fit: hit.filter(Boolean).length / values.length };
  });
  let best = scored[0];
  for (const s of scored) if (s.fit > best.fit) best = s;
  // Values in several formats: each next format that reads at least 5% more of them joins, up to MAX_FORMATS, never
  // two that differ only in the order of day and month (which of them a value is in cannot be known). A shop export
  // can write four (2023年5月1日, 2023/5/1 14:03, 2023-05-01 09:15:00, 2023.5.1): with three, a quarter was lost.
  if (best.fit < 0.98) {
    const chosen = [best];
    const covered = [...best.hit];
    for (const s of [...scored].sort((a, b) => b.fit - a.fit)) {
      if (chosen.length === MAX_FORMATS) break;
      if (chosen.some((c) => c === s || dayMonthTwins(c.format, s.format))) continue;
      const gain = s.hit.filter((h, i) => h && !covered[i]).length / values.length;
      if (gain < 0.05) continue;
      chosen.push(s);
      s.hit.forEach((h, i) => h && (covered[i] = true));
    }
    const fit = covered.filter(Boolean).length / values.length;
    if (chosen.length > 1 && fit >= 0.5) {
      const format = chosen.map((c) => c.format ?? 'ISO').join(FORMAT_SEPARATOR);
      return { format, label: formatLabel(format), fit };
    }
  }
  if (best.fit < 0.5) return null;
  const rival = scored.find((s) => s !== best && s.fit === best.fit && s.format !== null);
  return {
    format: best.format,
    label: formatLabel(best.format),
    fit: best.fit,
    ...(rival ? { ambiguousWith: formatLabel(rival.format) } : {}),
  };
}

/** Formats one column may be read with (each costs a parse attempt on the values the ones before do not read). */
const MAX_FORMATS = 5;

/** Two formats that read the same values with day and month swapped (DD/MM/YYYY and MM/DD/YYYY). */
function dayMonthTwins(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  const swap = (f: string) => f.replace(/%d|%m/g, (t) => (t === '%d' ? '%m' : '%d'));
  return a !== b && swap(a) === b;
}

/**
 * A user's `--date-format`: strftime (`%d/%m/%Y`) as is, or the readable form the import report prints
 * (`DD/MM/YYYY HH:MM`, `YYYYMMDD`, `DD-Mon-YY`, `Month DD, YYYY`, `MM/DD/YYYY hh:mm AM/PM`, `YYYY-MM-DD HH:mm:ss
 * +HHMM`). `MM` after `HH:` means minutes; with AM/PM (or 上午/下午) the hours are 1–12; `+HHMM` is any UTC offset.
 */
export function parseDateFormatOption(text: string): string | null {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'auto') throw new Error('parseDateFormatOption requires a format, not auto');
  if (t.toLowerCase() === 'iso' || t.toLowerCase() === 'iso 8601') return null;
  if (t.toLowerCase() === 'excel' || t === EXCEL_SERIAL || /^excel serial/i.test(t)) return EXCEL_SERIAL;
  if (t.includes('|')) return t.split('|').map((p) => parseDateFormatOption(p) ?? 'ISO').join(FORMAT_SEPARATOR);
  // ROC years: the marker before a year-first format (民國YYYY/MM/DD, 民国%Y年%m月%d日), one spelling of it for the parser.
  const marked = ROC_MARKER.exec(t);
  if (marked) return ROC_FORMAT + (parseDateFormatOption(t.slice(marked[0].length)) ?? '%Y-%m-%d');
  if (t.includes('%')) return t;
  const twelve = /AM\/PM|上午\/下午/i.test(t);
  const h = twelve ? '%I' : '%H';
  return t
    .replace(/[+±]HH:?MM|[+±]HH\b/i, '%z')
    .replace(/AM\/PM|上午\/下午/i, '%p')
    .replace(/HH:MM:SS/i, `${h}:%M:%S`)
    .replace(/HH:MM/i, `${h}:%M`)
    .replace(/YYYY/i, '%Y')
    .replace(/YY/i, '%y')
    .replace(/Month/i, '%B')
    .replace(/Mon/i, '%b')
    .replace(/MM/, '%m')
    .replace(/DD/i, '%d');
}

/**
 * A `--date-format` for the hint when no format fits a column: the shape of its first value, in the notation the
 * option takes (`2023-05-01 14:03:22 +0800` → `YYYY-MM-DD HH:MM:SS +HHMM`, `15.03.2024` → `DD.MM.YYYY`), or
 * `DD/MM/YYYY HH:MM` when the value has no date's shape. Day first where day and month cannot be told apart.
 */
export function suggestDateFormat(values: readonly string[]): string {
  const fallback = 'DD/MM/YYYY HH:MM';
  const v = values.map((x) => x.trim()).find((x) => x !== '' && !NO_VALUE.includes(x) && !UNKNOWN.includes(x.toLowerCase()) && /\d/.test(x));
  if (v === undefined) return fallback;
  const m = /^(\d{1,4})([-/.年])(\d{1,2})([-/.月])(\d{1,4})(日?)(.*)$/.exec(v) ?? /^(\d{4})()(\d{2})()(\d{2})()(.*)$/.exec(v);
  if (!m) return fallback;
  const [, a, s1, b, s2, c, day, rest] = m;
  let date: string;
  if (a.length === 4) date = `YYYY${s1}MM${s2}DD${day}`;
  else if (c.length === 4 || c.length === 2) {
    const monthFirst = Number(b) > 12 && Number(a) <= 12;
    const y = c.length === 4 ? 'YYYY' : 'YY';
    date = monthFirst ? `MM${s1}DD${s2}${y}` : `DD${s1}MM${s2}${y}`;
  } else return fallback;
  const t = /^(\s*|T)(?:(上午|下午|中午|晚上|凌晨|早上|早晨|[AaPp]\.?[Mm]\.?)\s*)?(\d{1,2}):(\d{2})(:\d{2})?(?:\s*([AaPp]\.?[Mm]\.?|上午|下午|中午|晚上|凌晨|早上|早晨))?(\s*)(Z|UTC|GMT|[+-]\d{2}(:?\d{2})?)?$/.exec(rest);
  if (rest === '') return date;
  // A time we cannot name (14h03): the date's part of the shape, with the usual time.
  if (!t) return `${date} HH:MM`;
  const [, sep, before, , , sec, after, gap, off] = t;
  const marker = before ?? after;
  const zh = marker !== undefined && /[^\x00-\x7f]/.test(marker);
  const half = marker === undefined ? '' : zh ? '上午/下午' : 'AM/PM';
  const time = `${marker !== undefined ? 'hh' : 'HH'}:MM${sec ? ':SS' : ''}`;
  const offset = off === undefined ? '' : `${gap}${off.includes(':') ? '+HH:MM' : '+HHMM'}`;
  return `${date}${sep === 'T' ? 'T' : ' '}${before !== undefined ? `${half} ` : ''}${time}${after !== undefined ? ` ${half}` : ''}${offset}`;
}
