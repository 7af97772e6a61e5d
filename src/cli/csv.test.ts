import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp.js';
import { csvCell, writeCsv } from './csv.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('csvCell (OWASP CSV injection)', () => {
  it('neutralises text a spreadsheet would run as a formula', () => {
    expect(['=1+2', '-2+3', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+2", "'-2+3", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    // A phone number in E.164 is not a formula: written as it is, so SMS and CRM imports accept it (issue #18).
    expect(csvCell('+44 20 7946 0000')).toBe('+44 20 7946 0000');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('quotes separators, quotes and line breaks, and keeps numbers, empties and plain text as they are', () => {
    expect(['a,b', 'say "hi"', 'two\nlines', 'plain', '陈静'].map(csvCell)).toEqual(['"a,b"', '"say ""hi"""', '"two\nlines"', 'plain', '陈静']);
    expect([-5, 0.25, null, undefined].map(csvCell)).toEqual(['-5', '0.25', '', '']);
  });

  it('writes UTF-8 with a BOM and counts the rows', async () => {
    const f = `${tmp.dir}/x.csv`;
    expect(await writeCsv(f, ['id', 'note'], [['1', '=cmd'], ['2', 'ok']])).toBe(2);
    expect(readFileSync(f, 'utf8')).toBe("\uFEFFid,note\n1,'=cmd\n2,ok\n");
  });
});
