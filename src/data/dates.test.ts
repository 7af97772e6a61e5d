import { describe, expect, it } from 'vitest';
import { detectDateFormat, fitsFormat, parseDateFormatOption } from './dates.js';

describe('detectDateFormat', () => {
  it.each([
    [['2011-12-09 12:50:00', '2010-12-01 08:26:00'], null, 'ISO 8601'],
    [['2024-02-29'], null, 'ISO 8601'],
    [['19970101', '19980630'], '%Y%m%d', 'YYYYMMDD'],
    [['04-09-2012', '21-08-2013'], '%d-%m-%Y', 'DD-MM-YYYY'],
    [['2024/03/05 14:30', '2024/12/31 09:05'], '%Y/%m/%d %H:%M', 'YYYY/MM/DD HH:mm'],
    [['12/31/2024', '01/15/2024'], '%m/%d/%Y', 'MM/DD/YYYY'],
    [['2024年3月5日'], '%Y年%m月%d日', 'YYYY年MM月DD日'],
  ])('%j → %s', (sample, format, label) => {
    const d = detectDateFormat(sample);
    expect(d?.format).toBe(format);
    expect(d?.label).toBe(label);
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
  });
});

describe('parseDateFormatOption', () => {
  it('reads both spellings', () => {
    expect(parseDateFormatOption('YYYY/MM/DD HH:MM')).toBe('%Y/%m/%d %H:%M');
    expect(parseDateFormatOption('DD-MM-YYYY')).toBe('%d-%m-%Y');
    expect(parseDateFormatOption('YYYYMMDD')).toBe('%Y%m%d');
    expect(parseDateFormatOption('%d.%m.%Y')).toBe('%d.%m.%Y');
    expect(parseDateFormatOption('iso')).toBeNull();
  });
});
