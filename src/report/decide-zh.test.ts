/**
 * The report's sources section names customers of no known channel in the reader's language (finding 13/25: the
 * zh-CN report read "(unknown)"), in the table and in the recommendation sentence.
 */
import { describe, expect, it } from 'vitest';
import { combineSources } from '../decide/sources.js';
import { decideSections } from './decide.js';

describe('sources in the zh-CN report', () => {
  it('writes an unknown channel as 未知, and keeps "(unknown)" in English', () => {
    const { lines, best } = combineSources([], [{ channel: '(unknown)', customers: 41, mature: 30, profit12: 7767.66, meanClv: 120 }, { channel: 'web', customers: 3, mature: 2, profit12: 100, meanClv: 10 }]);
    const d = { sources: { asOf: '2024-12-31', lines, best } };
    const zh = decideSections(d, 'zh-CN').join('\n');
    expect(zh).toContain('（未知）');
    expect(zh).not.toContain('(unknown)');
    const en = decideSections(d, 'en').join('\n');
    expect(en).toContain('(unknown)');
  });
});
