import { describe, expect, it } from 'vitest';
import { SATISFACTION_WORDS, satisfactionScaleOfName } from '../sql/import.js';
import { storePerTest } from '../test-support/store-per-test.js';

// QA session 9, D1: satisfaction answered in words or on a 1–10 scale quarantined whole rows, with their valid NPS
// and comment. Each score is an answer of its own now: a bad one is left empty with a warning.
const t = storePerTest();

type Row = { customer_id: string; satisfaction: number | null; nps: number | null; comment: string | null };
const stored = async () => (await t.rows<Row>('SELECT customer_id, satisfaction, CAST(nps AS INTEGER) AS nps, comment FROM surveys ORDER BY customer_id')).map((r) => ({ ...r, satisfaction: r.satisfaction === null ? null : Number(r.satisfaction) }));
const csv = (header: string, rows: ReadonlyArray<readonly (string | number)[]>) => [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';

describe('survey answers', () => {
  it('reads five-point words, keeps the other score and the comment when one score is bad, and quarantines a row with neither', async () => {
    const answers: Array<[string, string, string]> = [
      ['9', '10', '很好'], ['非常满意', '8', ''], ['满意', '', ''], ['一般', '5', '一般般'], ['不满意', '2', ''], ['4.5', '9', ''],
      ['5', '11', ''], ['0', '0', ''], ['3', '', ''], ['', '7', '只有NPS'], ['Very Satisfied', '', ''], ['very dissatisfied', '6', ''], ['非常不满意', '', ''],
      ['很差劲', '12', '两个都不行'], ['', '', '什么都没有'],
    ];
    const r = await t.run('surveys', 's.csv', csv('客户编号,调查日期,满意度,推荐意愿,意见', answers.map((a, i) => [`K${String(i + 1).padStart(3, '0')}`, '2024-04-01', ...a])));
    // Independently: a word's score, a number from 1 to 5, else nothing; nps a whole number from 0 to 10.
    const score = (v: string) => Object.entries(SATISFACTION_WORDS).find(([, ws]) => ws.includes(v.toLowerCase()))?.[0];
    const sat = (v: string) => (score(v) !== undefined ? Number(score(v)) : v !== '' && Number(v) >= 1 && Number(v) <= 5 ? Number(v) : null);
    const nps = (v: string) => (v !== '' && Number.isInteger(Number(v)) && Number(v) >= 0 && Number(v) <= 10 ? Number(v) : null);
    const expected = answers.map((a, i) => ({ customer_id: `K${String(i + 1).padStart(3, '0')}`, satisfaction: sat(a[0]), nps: nps(a[1]), comment: a[2] || null })).filter((e) => e.satisfaction !== null || e.nps !== null);
    expect(await stored()).toEqual(expected);
    expect(expected.filter((e) => e.nps !== null)).toHaveLength(8);
    expect(r).toMatchObject({ rowsRead: 15, imported: 13, quarantined: 2 });
    // The quarantined: the bad score's reason where one was given, else the rule; every line accounted for.
    expect(await t.rows('SELECT line, reason FROM quarantine ORDER BY line')).toEqual([
      { line: 15, reason: '"很差劲" is not a number' },
      { line: 16, reason: 'needs satisfaction or nps' },
    ]);
    const warned = await t.rows<{ line: number; field: string; value: string }>('SELECT line, field, value FROM import_warnings ORDER BY line, field');
    expect(warned.map((w) => [w.line, w.field, w.value])).toEqual([[2, 'satisfaction', '9'], [8, 'nps', '11'], [9, 'satisfaction', '0']]);
  });

  it('rescales a column that is wholly on 1–10 to 1–5, with a note, and keeps a 1–5 column with a stray 9 as it is', async () => {
    const tens = [9, 10, 1, 7, 8, 6, 3, 10, 2, 8];
    const r = await t.run('surveys', 's10.csv', csv('customer_id,at,satisfaction', tens.map((x, i) => [`C${i}`, '2024-01-01', x])));
    expect(r.imported).toBe(10);
    const got = await stored();
    expect(got.map((g) => g.satisfaction)).toEqual(tens.map((x) => Math.round((1 + ((x - 1) * 4) / 9) * 1e4) / 1e4));
    const notes = await t.rows<{ line: number; reason: string }>('SELECT line, reason FROM import_warnings');
    expect(notes).toEqual([{ line: 2, reason: `satisfaction: the column is on a 1–10 scale (all 10 answers are whole numbers from 1 to 10, ${tens.filter((x) => x > 5).length} of them above 5): every answer was rescaled to 1–5, as 1 + (x − 1) × 4/9 (10 is 5)` }]);

    // Twenty answers on 1–5 and one 9: a typo, not a scale. The 9 is left empty, the others as written.
    const fives = [...Array.from({ length: 20 }, (_, i) => (i % 5) + 1), 9];
    await t.run('surveys', 's5.csv', csv('customer_id,at,satisfaction,nps', fives.map((x, i) => [`D${i}`, '2024-02-01', x, 8])));
    const d = (await stored()).filter((g) => g.customer_id.startsWith('D')).sort((a, b) => Number(a.customer_id.slice(1)) - Number(b.customer_id.slice(1)));
    expect(d.map((g) => g.satisfaction)).toEqual(fives.map((x) => (x <= 5 ? x : null)));
    expect(d.every((g) => g.nps === 8)).toBe(true);
  });

  it('takes the scale from the column name (0–10: 1 + 0.4x), where an answer beyond it is a bad value', async () => {
    const r = await t.run('surveys', 'n.csv', csv('customer_id,at,满意度(0-10),nps', [['E1', '2024-01-01', 0, 9], ['E2', '2024-01-01', 10, 8], ['E3', '2024-01-01', 7.5, 3], ['E4', '2024-01-01', 12, 4]]));
    expect(r).toMatchObject({ imported: 4, quarantined: 0 });
    expect((await stored()).map((g) => g.satisfaction)).toEqual([1, 5, 4, null]);
    expect(satisfactionScaleOfName('Satisfaction (1–10)')).toBe('1-10');
    expect(satisfactionScaleOfName('满意度（10分制）')).toBe('1-10');
    expect(satisfactionScaleOfName('CSAT 1-5')).toBe('1-5');
    expect(satisfactionScaleOfName('满意度')).toBeNull();
    expect(satisfactionScaleOfName('satisfaction 2010')).toBeNull();
  });
});
