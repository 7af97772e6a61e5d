import { describe, expect, it } from 'vitest';
import { detectDateFormat, fitsFormat, formatLabel, parseDateFormatOption } from './dates.js';
import { storePerTest } from '../test-support/store-per-test.js';

// QA session 9, D5: Taiwan's ROC (民國) dates, year + 1911, read where the 民國 marker says so or --date-format does.
const roc = (y: number, m: number, d: number) => `${y + 1911}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

describe('ROC (民國) dates', () => {
  it('are detected only on values with the marker, in any year-first layout', () => {
    expect(detectDateFormat(['民國60年3月1日', '民國61年2月29日', '民国113年12月31日'])?.format).toBe('民國%Y年%m月%d日');
    expect(detectDateFormat(['民國60/03/01', '中華民國061/2/29'])?.format).toBe('民國%Y/%m/%d');
    expect(detectDateFormat(['民國0600301', '民國1130101'])?.format).toBe('民國%Y%m%d');
    // 民國62年 is 1973, no leap year: no 29 February (as the common era's year says, not year 62's).
    expect(fitsFormat('民國62年2月29日', '民國%Y年%m月%d日')).toBe(false);
    expect(fitsFormat('民國61年2月29日', '民國%Y年%m月%d日')).toBe(true);
    // Without the marker a short year is not taken for an ROC one.
    expect(fitsFormat('60/03/01', '民國%Y/%m/%d')).toBe(false);
    expect(String(detectDateFormat(['60/03/01', '61/03/02'])?.format)).not.toMatch(/民國/);
  });

  it('round-trip through the label the report prints, and --date-format takes any spelling of the marker', () => {
    expect(formatLabel('民國%Y年%m月%d日')).toBe('民國YYYY年MM月DD日');
    expect(parseDateFormatOption('民國YYYY年MM月DD日')).toBe('民國%Y年%m月%d日');
    expect(parseDateFormatOption('民国%Y/%m/%d')).toBe('民國%Y/%m/%d');
    expect(parseDateFormatOption('中華民國YYYY.MM.DD')).toBe('民國%Y.%m.%d');
    expect(parseDateFormatOption('YYYY/MM/DD | 民國YYYY年MM月DD日')).toBe('%Y/%m/%d | 民國%Y年%m月%d日');
  });
});

describe('importing ROC dates', () => {
  const t = storePerTest();
  const births = async () => (await t.rows<{ customer_id: string; b: string | null }>('SELECT customer_id, CAST(birth_date AS VARCHAR) AS b FROM customers ORDER BY customer_id')).map((r) => r.b);

  it('reads marked values as year + 1911 beside common-era ones in the same column', async () => {
    const values: Array<[string, string | null]> = [
      ['民國60年3月1日', roc(60, 3, 1)], ['民国61年2月29日', roc(61, 2, 29)], ['中華民國 45年12月31日', roc(45, 12, 31)],
      ['1972/3/3', '1972-03-03'], ['1980/11/30', '1980-11-30'], ['1990/1/2', '1990-01-02'], ['民國62年2月29日', null],
    ];
    const r = await t.run('customers', 'c.csv', ['customer_id,birth_date', ...values.map(([v], i) => `T${i},${v}`)].join('\n') + '\n');
    expect(r.imported).toBe(values.length);
    expect(await births()).toEqual(values.map(([, want]) => want));
    // The one that is no date (1973 has no 29 February) is left empty with a warning, as a bad date is.
    expect(await t.rows('SELECT line, value FROM import_warnings')).toEqual([{ line: 8, value: '民國62年2月29日' }]);
  });

  it('reads unmarked ROC years only when --date-format says so', async () => {
    const csv = 'customer_id,birth_date\nA,060/03/01\nB,61/02/29\nC,113/12/31\n';
    await t.run('customers', 'plain.csv', csv);
    expect(await births()).toEqual([null, null, null]);
    await t.run('customers', 'plain2.csv', csv + '\n', { dateFormat: '民國YYYY/MM/DD' });
    expect(await births()).toEqual([roc(60, 3, 1), roc(61, 2, 29), roc(113, 12, 31)]);
  });
});
