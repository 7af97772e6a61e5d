import { describe, expect, it } from 'vitest';
import { ImportError, UsageError } from '../errors.js';
import { dateFormatOption, delimiterOption, encodingOption } from './import-options.js';
import { CANDIDATE_FORMATS, formatLabel } from './dates.js';
import { FileRefusal, OptionRefusal, REFUSALS, refusalText } from './refusals.js';
import { IMPORT_TEXT, importText, type ImportTextKey } from './import-text.js';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as OptionRefusal;
  }
  throw new Error('expected a refusal');
};

describe('--date-format', () => {
  it.each([
    ['DD/MM/YYYY', '%d/%m/%Y'],
    ['YYYY年MM月DD日', '%Y年%m月%d日'],
    ['YYYY/MM/DD HH:mm', '%Y/%m/%d %H:%M'],
    ['YYYY/MM/DD HH:MM:SS', '%Y/%m/%d %H:%M:%S'],
    ['yyyy-mm-dd', '%Y-%m-%d'],
    ['dd.mm.yy', '%d.%m.%y'],
    ['YYYYMMDD', '%Y%m%d'],
    ['YYYY-MM-DDTHH:mm', '%Y-%m-%dT%H:%M'],
    ['%d.%m.%Y', '%d.%m.%Y'],
    ['auto', 'auto'],
    ['ISO', 'iso'],
  ])('reads %s as %s', (given, strftime) => expect(dateFormatOption(given)).toBe(strftime));

  it.each([
    ['%Q%Q', 'date_format_unknown_part', '--date-format %Q%Q: "%Q" is not a part of a date'],
    ['YYYY-MM-DQ', 'date_format_unknown_part', '--date-format YYYY-MM-DQ: "DQ" is not a part of a date'],
    ['YYYY-MM', 'date_format_missing_part', '--date-format YYYY-MM: a date needs DD too'],
    ['DD/MM/YYYY/YYYY', 'date_format_repeated_part', '--date-format DD/MM/YYYY/YYYY: YYYY appears twice'],
    ['YYYY-MM-DD mm', 'date_format_repeated_part', '--date-format YYYY-MM-DD mm: mm appears twice'],
    ['YYYY-MM-DD :ss', 'date_format_missing_part', '--date-format YYYY-MM-DD :ss: a date needs mm too'],
    ['  ', 'date_format_empty', '--date-format is empty'],
  ])('refuses %s clearly, in the notation the user wrote', (given, code, message) => {
    const e = refusal(() => dateFormatOption(given));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.code).toBe(code);
    expect(e.message).toBe(message);
    expect(e.message).not.toMatch(/%[mdYHMS]/);
    expect(refusalText(e.code, e.params, 'zh-CN').message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('--encoding and --delimiter', () => {
  it('reads the names people write, and refuses others with what is allowed', () => {
    expect(encodingOption('GBK')).toBe('gb18030');
    expect(encodingOption('UTF-8')).toBe('utf8');
    const e = refusal(() => encodingOption('ebcdic'));
    expect(e.code).toBe('encoding_unknown');
    expect(e.hint).toMatch(/utf8.*gb18030/);
    expect(delimiterOption('tab')).toBe('\t');
    expect(refusal(() => delimiterOption('#')).code).toBe('delimiter_unknown');
  });
});

describe('the refusal catalogue', () => {
  it('has every message and hint in English and Chinese, for the same parameters', () => {
    const params = { value: 'x', allowed: 'a', part: 'p', sheet: 's', sheets: 'a, b', file: 'f', reason: 'r', columns: 1, limit: 2, megabytes: 3, index: 4, kind: 'a number', kindZh: '数字', line: 5, count: 6, where: 'line 5', whereZh: '第 5 行' };
    for (const [code, texts] of Object.entries(REFUSALS)) {
      const en = refusalText(code as keyof typeof REFUSALS, params, 'en');
      const zh = refusalText(code as keyof typeof REFUSALS, params, 'zh-CN');
      expect(en.message, code).not.toMatch(/undefined|[\u4e00-\u9fff]{2}/);
      expect(zh.message, code).toMatch(/[\u4e00-\u9fff]/);
      expect(Boolean(en.hint), code).toBe(Boolean(zh.hint));
      expect(Object.keys(texts).sort()).toEqual(['en', 'zh-CN']);
    }
  });

  it('has every report phrase in English and Chinese', () => {
    const params = { alias: 'a', note: '(n)', column: 'c', columns: 'c, d', field: 'f', took: 't', sheet: 's', rows: 2, headerRow: 3, records: 4, missing: 'customer_id', unit: '(k)', factor: '1,000' };
    for (const key of Object.keys(IMPORT_TEXT) as ImportTextKey[]) {
      expect(importText(key, params, 'en'), key).not.toMatch(/undefined|[\u4e00-\u9fff]/);
      expect(importText(key, params, 'zh-CN'), key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('makes option refusals usage errors and file refusals import errors', () => {
    expect(new OptionRefusal('encoding_unknown', { value: 'x', allowed: 'y' })).toBeInstanceOf(UsageError);
    const f = new FileRefusal('xls_legacy', 'a.xls');
    expect(f).toBeInstanceOf(ImportError);
    expect(f.file).toBe('a.xls');
    expect(f.code).toBe('xls_legacy');
  });
});

describe('--date-format takes what the import report prints', () => {
  it('takes several formats for one column', () => {
    expect(dateFormatOption('YYYY/MM/DD | ISO 8601 | YYYYMMDD')).toBe('%Y/%m/%d | ISO | %Y%m%d');
    expect(() => dateFormatOption('YYYY/MM/DD | QQ')).toThrow();
  });

  it('reads back every detected format\'s label as that format', () => {
    for (const f of CANDIDATE_FORMATS) expect(dateFormatOption(formatLabel(f)), formatLabel(f)).toBe(f);
  });
});
