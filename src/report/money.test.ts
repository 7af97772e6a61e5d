import { describe, expect, it } from 'vitest';
import { currencySymbol, formatMoney, moneyTotal } from './money.js';

// Expected strings are written by hand from the conventions (CLDR symbols; 1万 = 10⁴, 1亿 = 10⁸), not from the code.
describe('formatMoney', () => {
  it('counts in 万 and 亿 in zh-CN, with the symbol', () => {
    expect(formatMoney('zh-CN', 12_345, { currency: 'CNY' })).toBe('¥1.23万');
    expect(formatMoney('zh-CN', 340_000_000, { currency: 'CNY' })).toBe('¥3.4亿');
    expect(formatMoney('zh-CN', 100_000_000, { currency: 'CNY' })).toBe('¥1亿');
    expect(formatMoney('zh-CN', 9_999, { currency: 'CNY' })).toBe('¥9,999');
    expect(formatMoney('zh-CN', -56_000, { currency: 'CNY' })).toBe('-¥5.6万');
    expect(formatMoney('zh-CN', 12.5, { currency: 'CNY' })).toBe('¥12.5');
  });
  it('groups by thousands in English, compact only when asked', () => {
    expect(formatMoney('en', 1_234_567, { currency: 'GBP' })).toBe('£1,234,567');
    expect(formatMoney('en', 1_234_567, { currency: 'GBP', compact: true })).toBe('£1.23M');
    expect(formatMoney('en', -980.4, { currency: 'USD' })).toBe('-$980');
    expect(formatMoney('en', 0.456, { currency: 'EUR' })).toBe('€0.46');
  });
  it('shows no symbol without a currency, and a dash for no figure', () => {
    expect(formatMoney('en', 1234.4)).toBe('1,234');
    expect(formatMoney('zh-CN', 123_456)).toBe('12.35万');
    expect(formatMoney('en', null)).toBe('—');
    expect(formatMoney('en', Number.NaN)).toBe('—');
  });
  it('uses the locale symbol', () => {
    expect(currencySymbol('zh-CN', 'CNY')).toBe('¥');
    expect(currencySymbol('zh-CN', 'GBP')).toBe('£');
    expect(currencySymbol('en', 'JPY')).toBe('¥');
    expect(currencySymbol('en', 'CNY')).toBe('CN¥');
    expect(currencySymbol('zh-CN', 'USD')).toBe('US$');
  });
});

describe('moneyTotal', () => {
  it('adds amounts in one currency', () => {
    expect(moneyTotal('en', [{ currency: 'GBP', amount: 1000 }, { currency: 'GBP', amount: 234 }])).toEqual({ mixed: false, text: '£1,234' });
  });
  it('never adds different currencies', () => {
    const t = moneyTotal('en', [{ currency: 'CNY', amount: 1000 }, { currency: 'USD', amount: 500 }]);
    expect(t.mixed).toBe(true);
    expect(t.text).toBe('CN¥1,000 + $500 (mixed currencies: not added without exchange rates)');
    const z = moneyTotal('zh-CN', [{ currency: 'CNY', amount: 20_000 }, { currency: 'USD', amount: 500 }]);
    expect(z.text).toBe('¥2万 + US$500（多种货币，无汇率，不合计）');
  });
});
