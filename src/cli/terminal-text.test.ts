/**
 * Control characters from a hostile file never reach the terminal raw (QA session 7, finding 14): tables, other
 * printed text and error messages show them escaped; `--json` stays exact JSON (the same values, escaped as JSON).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { tempDir } from '../test-support/temp.js';
import { cellText, table, terminalJson, terminalText } from './format.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const ESC = '\x1b';
// C0 (ESC, BEL, CR, backspace), DEL, C1 (CSI), and a right-to-left override.
const HOSTILE_ID = `C2${ESC}[8mhidden`;
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe('text for a terminal', () => {
  it('escapes every control character, keeping line breaks in blocks but not in cells', () => {
    expect(terminalText(`a${ESC}[2Jb\x07c\rd\x7fe\u009bf\u202eg\th\ni`)).toBe('a\\x1b[2Jb\\x07c\\x0dd\\x7fe\\x9bf\\u202eg\th\ni');
    expect(cellText(`x\ny\tz${ESC}`)).toBe('x\\x0ay\\x09z\\x1b');
    expect(cellText('客户 ok')).toBe('客户 ok');
    const t = table(['id', 'n'], [[HOSTILE_ID, 1], ['C1', 2]]);
    expect(t).not.toMatch(RAW);
    // Columns still line up: the escaped id is measured as shown.
    const lines = t.split('\n');
    expect(lines[2].lastIndexOf('1')).toBe(lines[3].lastIndexOf('2'));
  });

  it('keeps JSON exact: the same values once parsed, nothing raw a terminal would act on', () => {
    const value = { id: HOSTILE_ID, c1: 'a\u009b31mb', bidi: 'x\u202ey', plain: '中文 "q" \\' };
    const text = terminalJson(JSON.stringify(value, null, 2));
    expect(text).not.toMatch(RAW);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('through the CLI: tables, segment members and errors escaped; --json exact', async () => {
    const csv = tmp.file(
      'ansi.csv',
      ['InvoiceNo,CustomerID,InvoiceDate,Description,Quantity,UnitPrice', `1001,C1,2023-01-05,"${ESC}]0;PWNED${'\x07'}Mug${ESC}[2J",2,3.50`, `1002,"${HOSTILE_ID}",2023-01-06,Plate,1,10.00`, `1003,"C3\u009b2J\u202e",2023-01-07,Plate,1,4.00`].join('\n') + '\n',
    );
    const db = join(tmp.dir, 'an.duckdb');
    const imp = await runCli(['--db', db, 'import', 'orders', csv]);
    expect(imp.code, imp.stderr).toBe(0);
    for (const args of [['big-customers'], ['value'], ['quarantine']]) {
      const r = await runCli(['--db', db, ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout, args.join(' ')).not.toMatch(RAW);
      expect(r.stderr, args.join(' ')).not.toMatch(RAW);
    }
    const big = await runCli(['--db', db, 'big-customers']);
    expect(big.stdout).toContain('C2\\x1b[8mhidden');
    expect((await runCli(['--db', db, 'segment', 'create', 'all', '--rule', 'revenue > 0'])).code).toBe(0);
    const show = await runCli(['--db', db, 'segment', 'show', 'all']);
    expect(show.stdout).not.toMatch(RAW);
    expect(show.stdout).toContain('C2\\x1b[8mhidden');
    const json = await runCli(['--db', db, 'big-customers', '--json']);
    expect(json.stdout).not.toMatch(RAW);
    const ids = JSON.stringify(JSON.parse(json.stdout));
    // The exact ids come back from the JSON, control characters and all.
    expect(ids).toContain(JSON.stringify(HOSTILE_ID).slice(1, -1));
    expect(JSON.parse(json.stdout)).toBeTruthy();
    const parsedIds: string[] = [];
    JSON.parse(json.stdout, (_k, v) => (typeof v === 'string' && v.startsWith('C') && parsedIds.push(v), v));
    expect(parsedIds).toContain(HOSTILE_ID);
    expect(parsedIds).toContain('C3\u009b2J\u202e');
    const err = await runCli(['--db', db, 'customer', `C9${ESC}[2J`]);
    expect(err.code).not.toBe(0);
    expect(err.stderr).not.toMatch(RAW);
    expect(err.stderr).toContain('C9\\x1b[2J');
  });
});
