import { describe, expect, it } from 'vitest';
import { CANDIDATE_FORMATS, detectDateFormat, fitsFormat, formatLabel, parseDateFormatOption } from './dates.js';

describe('detectDateFormat', () => {
  it.each([
    [['2011-12-09 12:50:00', '2010-12-01 08:26:00'], null, 'ISO 8601'],
    [['2024-02-29'], null, 'ISO 8601'],
    [['19970101', '19980630'], '%Y%m%d', 'YYYYMMDD'],
    [['04-09-2012', '21-08-2013'], '%d-%m-%Y', 'DD-MM-YYYY'],
    [['2024/03/05 14:30', '2024/12/31 09:05'], '%Y/%m/%d %H:%M', 'YYYY/MM/DD HH:mm'],
    [['12/31/2024', '01/15/2024'], '%m/%d/%Y', 'MM/DD/YYYY'],
    [['2024年3月5日'], '%Y年%m月%d日', 'YYYY年MM月DD日'],
    [['2024-03-05T14:05:00Z', '2024-03-05 14:05:00+08:00', '2024-03-05T14:05:00.123+0800'], null, 'ISO 8601'],
    [['13/5/24 14:05', '3/5/24 9:05'], '%d/%m/%y %H:%M', 'DD/MM/YY HH:mm'],
    [['05-Mar-2024', '17-DEC-2023'], '%d-%b-%Y', 'DD-Mon-YYYY'],
    [['5 March 2024', '17 December 2023'], '%d %B %Y', 'DD Month YYYY'],
    [['Mar 5, 2024', 'Dec 17, 2023'], '%b %d, %Y', 'Mon DD, YYYY'],
    [['12/31/2024 2:05 PM', '01/15/2024 11:59 am'], '%m/%d/%Y %I:%M %p', 'MM/DD/YYYY hh:mm AM/PM'],
  ])('%j → %s', (sample, format, label) => {
    const d = detectDateFormat(sample);
    expect(d?.format).toBe(format);
    expect(d?.label).toBe(label);
  });

  it('reads a column in four formats, as a shop export writes them, with each of them', () => {
    const d = detectDateFormat(['2023年5月1日', '2023年5月2日', '2023/5/3 14:03', '2023/5/4 09:00', '2023-05-05 09:15:00', '2023-05-06 10:00:00', '2023.5.7', '2023.5.8']);
    expect(d?.fit).toBe(1);
    expect(d?.format?.split(' | ')).toHaveLength(4);
  });

  it('reads a column whose values come in several formats with each of them', () => {
    const d = detectDateFormat(['1985/03/12', '1985/04/01', '1990-7-4', '1990-12-24', '19850312', '不詳', 'N/A', '']);
    // The most common first (ISO and YYYY/MM/DD tie at two values each: ISO comes first).
    expect(d?.format).toBe('ISO | %Y/%m/%d | %Y%m%d');
    expect(d?.label).toBe('ISO 8601 | YYYY/MM/DD | YYYYMMDD');
    expect(d?.fit).toBe(1);
    // Day-first and month-first values in one column: which a value is cannot be known, so they are not combined.
    const twins = detectDateFormat(['13/04/2024', '14/04/2024', '15/04/2024', '04/16/2024']);
    expect(twins?.format).toBe('%d/%m/%Y');
    expect(twins?.fit).toBe(0.75);
    // A format that would read fewer than 5% more values does not join.
    const one = detectDateFormat([...Array.from({ length: 40 }, (_, i) => `2024-01-${String(1 + (i % 28)).padStart(2, '0')}`), '20240101']);
    expect(one?.format).toBeNull();
  });

  it('says when day-first and month-first both fit', () => {
    const d = detectDateFormat(['03/04/2024', '05/06/2024']);
    expect(d?.format).toBe('%d/%m/%Y');
    expect(d?.ambiguousWith).toBe('MM/DD/YYYY');
  });

  it('tolerates a few bad values and rejects a column that is not dates', () => {
    expect(detectDateFormat(['20240101', '20240102', 'oops'])?.format).toBe('%Y%m%d');
    expect(detectDateFormat(['abc', 'def', '12'])).toBeNull();
  });

  it('checks calendar validity, not only the shape', () => {
    expect(fitsFormat('31-02-2024', '%d-%m-%Y')).toBe(false);
    expect(fitsFormat('29-02-2024', '%d-%m-%Y')).toBe(true);
    expect(fitsFormat('29-02-2023', '%d-%m-%Y')).toBe(false);
    expect(fitsFormat('29-Feb-23', '%d-%b-%y')).toBe(false);
    expect(fitsFormat('29-Feb-68', '%d-%b-%y')).toBe(true); // 2068, as strptime reads 68
    expect(fitsFormat('31-Apr-2024', '%d-%b-%Y')).toBe(false);
    expect(fitsFormat('05-Foo-2024', '%d-%b-%Y')).toBe(false);
    expect(fitsFormat('05/03/2024 13:05 PM', '%d/%m/%Y %I:%M %p')).toBe(false);
  });
});

describe('parseDateFormatOption', () => {
  it('reads both spellings', () => {
    expect(parseDateFormatOption('YYYY/MM/DD HH:MM')).toBe('%Y/%m/%d %H:%M');
    expect(parseDateFormatOption('DD-MM-YYYY')).toBe('%d-%m-%Y');
    expect(parseDateFormatOption('YYYYMMDD')).toBe('%Y%m%d');
    expect(parseDateFormatOption('%d.%m.%Y')).toBe('%d.%m.%Y');
    expect(parseDateFormatOption('iso')).toBeNull();
    expect(parseDateFormatOption('DD-Mon-YY')).toBe('%d-%b-%y');
    expect(parseDateFormatOption('MM/DD/YYYY hh:mm AM/PM')).toBe('%m/%d/%Y %I:%M %p');
  });

  it('reads several formats joined by |', () => {
    expect(parseDateFormatOption('YYYY/MM/DD | ISO 8601 | YYYYMMDD')).toBe('%Y/%m/%d | ISO | %Y%m%d');
  });

  it('reads back every label the import report prints', () => {
    for (const f of CANDIDATE_FORMATS) expect(parseDateFormatOption(formatLabel(f)), formatLabel(f)).toBe(f);
  });
});

describe('Excel serial day numbers', () => {
  it('are detected when every value is a 5-digit serial of a plausible date, and --date-format excel names them', async () => {
    const { detectDateFormat, parseDateFormatOption, formatLabel, EXCEL_SERIAL } = await import('./dates.js');
    expect(detectDateFormat(['44927', '44928.5', '45000'])?.format).toBe(EXCEL_SERIAL);
    expect(detectDateFormat(['44927', '2023-01-02'])?.format).not.toBe(EXCEL_SERIAL);
    expect(detectDateFormat(['99999', '44927'])).toBeNull();
    expect(detectDateFormat(['1234', '4492'])?.format ?? null).not.toBe(EXCEL_SERIAL);
    expect(parseDateFormatOption('excel')).toBe(EXCEL_SERIAL);
    expect(parseDateFormatOption('Excel | ISO')).toBe(`${EXCEL_SERIAL} | ISO`);
    expect(formatLabel(EXCEL_SERIAL)).toBe('Excel serial day numbers (1900 date system)');
  });
});
