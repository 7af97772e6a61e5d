/**
 * Every command's default as-of date is the last order day, so one mistyped year (2093 for 2023) would move them
 * all: the import says so (QA finding 11), in both languages, and loads the lines as they are.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { translateCore } from '../cli/i18n/index.js';
import { tempStore } from '../test-support/temp.js';
import { importFiles } from './import.js';

let store: Awaited<ReturnType<typeof tempStore>>;
beforeEach(async () => {
  store = await tempStore();
});
afterEach(() => store.close());

const lines = (days: readonly string[]) => ['order_id,customer_id,ordered_at,quantity,unit_price', ...days.map((d, i) => `O${i},C${i % 3},${d},1,10`)].join('\n') + '\n';
const notesOf = async (days: readonly string[]) => {
  const r = await importFiles(store.engine, { entity: 'orders', files: [store.dir.file('o.csv', lines(days))] });
  expect(r.imported).toBe(days.length);
  return r.files[0].notes;
};

describe('order dates far ahead', () => {
  it('warns about lines dated after the day of the import, with how many and the latest', async () => {
    const notes = await notesOf(['2023-05-01', '2023-05-02', '2023-06-01', '2093-05-01', '2093-05-03']);
    const today = new Date().toISOString().slice(0, 10);
    const note = notes.find((n) => n.includes('dated after today'));
    expect(note).toBe(`warning: 2 lines are dated after today (${today}), up to 2093-05-03: commands take the last order day as their as-of date, so check them (clientele imports remove 1 undoes this import)`);
    expect(translateCore(note!, 'zh-CN')).toContain('2 行的日期晚于今天');
  });

  it('warns when the last order day stands more than a year after the rest', async () => {
    const notes = await notesOf(['2019-03-01', '2019-03-05', '2019-04-01', '2021-04-02']);
    const note = notes.find((n) => n.includes('days after the one before it'));
    // 2019-04-01 → 2021-04-02: 365 + 366 + 1 days.
    expect(note).toBe('warning: the last order day, 2021-04-02, is 732 days after the one before it (2019-04-01): commands take it as their as-of date; check its lines or pass --as-of');
    expect(translateCore(note!, 'zh-CN')).toContain('晚 732 天');
  });

  it('says nothing about an ordinary file', async () => {
    const notes = await notesOf(['2019-03-01', '2019-03-05', '2019-04-01', '2020-03-30']);
    expect(notes.filter((n) => n.startsWith('warning:'))).toEqual([]);
  });
});
