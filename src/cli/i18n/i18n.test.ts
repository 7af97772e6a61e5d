import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { zhCN } from './zh-CN.js';
import { langFromEnv, parseLang, shownParam, t } from './index.js';

const places = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('CLI catalogue', () => {
  it('has every key in both languages, with the same {places}, and no empty text', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(en)) {
      expect(places(zhCN[k as keyof typeof en]), k).toEqual(places(v));
      expect(v.trim(), k).not.toBe('');
      expect(zhCN[k as keyof typeof en].trim(), k).not.toBe('');
    }
  });

  it('writes Chinese in the Chinese catalogue (no English text left untranslated)', () => {
    // Every zh-CN text has a Chinese character, or is a copy of English that is only a code, number or flag.
    const untranslated = Object.entries(zhCN).filter(([k, v]) => !/[\u4e00-\u9fff]/.test(v) && /[A-Za-z]{4,}/.test(v.replace(/--?[\w-]+|\{\w+\}|[A-Z_]{3,}|https?:\S+/g, '')) && v === en[k as keyof typeof en]);
    expect(untranslated).toEqual([]);
  });

  it('takes the language from --lang spellings and the locale (LC_ALL before LC_MESSAGES before LANG)', () => {
    expect(parseLang('zh-CN')).toBe('zh-CN');
    expect(parseLang('zh_CN.UTF-8')).toBe('zh-CN');
    expect(parseLang('zh')).toBe('zh-CN');
    expect(parseLang('en_GB.UTF-8')).toBe('en');
    expect(parseLang('fr')).toBeNull();
    expect(langFromEnv({ LANG: 'zh_CN.GB18030' })).toBe('zh-CN');
    expect(langFromEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_ALL: 'C' })).toBe('en');
    expect(langFromEnv({})).toBe('en');
  });

  it('fills {places} and leaves unknown ones visible', () => {
    expect(t('cli.written', { n: 3, file: 'a.csv' }, 'en')).toBe('3 lines written to a.csv');
    expect(t('cli.written', { n: 3, file: 'a.csv' }, 'zh-CN')).toBe('已写入 3 行到 a.csv');
    expect(t('cli.badLang', {}, 'en')).toBe('--lang {value}: unknown language');
  });

  it('never fills a place with a number in exponent notation', () => {
    expect(shownParam(1e21)).toBe('1000000000000000000000');
    expect(shownParam(1.5e-7)).toBe('0.00000015');
    expect(shownParam(1234.5)).toBe('1234.5');
    expect(shownParam('1e5')).toBe('1e5'); // text (a value from the data) stays as it is
    expect(t('cli.internal', { message: 1e-9 as unknown as string })).not.toMatch(/e-/);
  });
});
