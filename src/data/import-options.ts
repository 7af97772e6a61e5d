import type { Delimiter, Encoding } from './sniff.js';
import { OptionRefusal } from './refusals.js';

/**
 * The import's options as users write them (CLI flags, API query parameters), checked up front and turned into
 * the importer's values, so that a bad option is a clear refusal before any file is read, never an engine error.
 */

/** Names users write for the encodings the importer reads. */
export const ENCODINGS: Readonly<Record<string, 'auto' | Encoding>> = {
  auto: 'auto',
  utf8: 'utf8',
  'utf-8': 'utf8',
  gb18030: 'gb18030',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  cp936: 'gb18030',
  big5: 'big5',
  cp950: 'big5',
  shift_jis: 'shift_jis',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  cp932: 'shift_jis',
  'windows-31j': 'shift_jis',
  'euc-kr': 'euc_kr',
  euc_kr: 'euc_kr',
  euckr: 'euc_kr',
  cp949: 'euc_kr',
  uhc: 'euc_kr',
  latin1: 'latin1',
  'latin-1': 'latin1',
  'iso-8859-1': 'latin1',
  'windows-1252': 'latin1',
  cp1252: 'latin1',
  utf16le: 'utf16le',
  'utf-16le': 'utf16le',
  utf16be: 'utf16be',
  'utf-16be': 'utf16be',
};

export function encodingOption(value: string): 'auto' | Encoding {
  const e = ENCODINGS[value.trim().toLowerCase()];
  if (!e) throw new OptionRefusal('encoding_unknown', { value, allowed: Object.keys(ENCODINGS).join(', ') });
  return e;
}

export const DELIMITERS: Readonly<Record<string, 'auto' | Delimiter>> = {
  auto: 'auto',
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  tab: '\t',
  '\\t': '\t',
  '\t': '\t',
  '|': '|',
  pipe: '|',
  whitespace: 'whitespace',
  space: 'whitespace',
};

export function delimiterOption(value: string): 'auto' | Delimiter {
  const d = DELIMITERS[value] ?? DELIMITERS[value.toLowerCase()];
  if (!d) throw new OptionRefusal('delimiter_unknown', { value, allowed: 'auto, ",", ";", tab, "|", whitespace' });
  return d;
}

type Part = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'offset';
const LABEL: Record<Part, string> = { year: 'YYYY', month: 'MM', day: 'DD', hour: 'HH', minute: 'mm', second: 'ss', offset: '+HHMM' };
const STRFTIME: Record<Part, string> = { year: '%Y', month: '%m', day: '%d', hour: '%H', minute: '%M', second: '%S', offset: '%z' };
/** strftime directives the engine reads, and the part each gives. */
const DIRECTIVES: Readonly<Record<string, Part | null>> = { Y: 'year', y: 'year', m: 'month', b: 'month', B: 'month', d: 'day', e: 'day', j: 'day', H: 'hour', I: 'hour', M: 'minute', S: 'second', p: null, f: null, z: 'offset', Z: 'offset', a: null, A: null, '%': null };

/**
 * `--date-format`: `auto`, `iso`, a format in the notation people write (`DD/MM/YYYY`, `YYYY年MM月DD日 HH:mm`,
 * `yyyy-mm-dd`, `YYYYMMDD`; `mm` or `MM` right after an hour and a colon means minutes; `+HHMM` (or `+HH:MM`, `Z`,
 * `UTC`) after the time a UTC offset, which is set aside: the time is kept as written), or strftime
 * (`%d.%m.%Y`). Returns `auto`, `iso` or a strftime format for the importer; refuses anything else, quoting the
 * user's own notation.
 */
export function dateFormatOption(text: string): string {
  const value = text.trim();
  if (value === '') throw new OptionRefusal('date_format_empty', {});
  const lower = value.toLowerCase();
  if (lower === 'auto' || lower === 'iso') return lower;
  if (lower === 'excel') return 'excel'; // Excel serial day numbers (dates.ts EXCEL)
  // Several formats for one column, as the import report prints them: `YYYY/MM/DD | YYYYMMDD | ISO 8601`.
  if (value.includes('|')) {
    return value
      .split('|')
      .map((part) => (/^\s*iso(\s*8601)?\s*$/i.test(part) ? 'ISO' : dateFormatOption(part)))
      .join(' | ');
  }
  const seen = new Set<Part>();
  const see = (part: Part | null, shown: string) => {
    if (part === null) return;
    if (seen.has(part)) throw new OptionRefusal('date_format_repeated_part', { value, part: shown });
    seen.add(part);
  };
  let out: string;
  if (value.includes('%')) {
    for (const m of value.matchAll(/%(-?)(.?)/g)) {
      const d = m[2];
      if (!(d in DIRECTIVES)) throw new OptionRefusal('date_format_unknown_part', { value, part: `%${m[1]}${d}` });
      see(DIRECTIVES[d], `%${d}`);
    }
    out = value;
  } else {
    out = '';
    let i = 0;
    // With AM/PM (上午/下午), hours are 1–12 (%I); month names as the import report prints them: Mon (Mar), Month (March).
    const twelve = /am\/pm|上午\/下午/i.test(value);
    while (i < value.length) {
      const rest = value.slice(i);
      const named = /^(month|mon|am\/pm|上午\/下午)/i.exec(rest);
      if (named) {
        const n = named[1].toLowerCase();
        if (n === 'month' || n === 'mon') see('month', named[1]);
        out += n === 'month' ? '%B' : n === 'mon' ? '%b' : '%p';
        i += named[1].length;
        continue;
      }
      // A UTC offset after the time (+0800, +08:00, Z, UTC: Shopify's 14:03:22 +0800), set aside when read: +HHMM,
      // +HH:MM, ±HHMM, Z or UTC in the format.
      const offset = /^(?:[+±]hh:?mm|[+±]hh|z|utc|gmt)(?![a-z])/i.exec(rest);
      if (offset && seen.has('hour')) {
        see('offset', offset[0]);
        out += STRFTIME.offset;
        i += offset[0].length;
        continue;
      }
      const t = /^(yyyy|yy|mm|dd|hh|ss)/i.exec(rest);
      if (t) {
        const tok = t[1].toLowerCase();
        const afterHour = /%[HI]:$/.test(out);
        const part: Part = tok === 'yyyy' || tok === 'yy' ? 'year' : tok === 'mm' ? (afterHour ? 'minute' : 'month') : tok === 'dd' ? 'day' : tok === 'hh' ? 'hour' : 'second';
        see(part, t[1]);
        out += tok === 'yy' ? '%y' : part === 'hour' && twelve ? '%I' : STRFTIME[part];
        i += t[1].length;
        continue;
      }
      // A T right after the date (ISO style, 2024-01-31T08:00) is text; any other Latin letter is a part we do not know.
      if (value[i] === 'T' && /%[dmYy]$/.test(out)) {
        out += 'T';
        i++;
        continue;
      }
      const letters = /^[a-z]+/i.exec(rest);
      if (letters) throw new OptionRefusal('date_format_unknown_part', { value, part: letters[0] });
      out += value[i];
      i++;
    }
  }
  for (const need of ['year', 'month', 'day'] as const) if (!seen.has(need)) throw new OptionRefusal('date_format_missing_part', { value, part: LABEL[need] });
  if (seen.has('minute') && !seen.has('hour')) throw new OptionRefusal('date_format_missing_part', { value, part: LABEL.hour });
  if (seen.has('second') && !seen.has('minute')) throw new OptionRefusal('date_format_missing_part', { value, part: LABEL.minute });
  return out;
}
