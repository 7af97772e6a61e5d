import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Calendar, csvField, CsvWriter, money, secondOfDay } from './csv.js';

describe('csv', () => {
  it('quotes fields with commas, quotes or line breaks (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('送货太慢，客服')).toBe('送货太慢，客服');
  });

  it('formats money with two decimals', () => {
    expect(money(0)).toBe('0.00');
    expect(money(12.5)).toBe('12.50');
    expect(money(-0.05)).toBe('-0.05');
    expect(money(1234567.891)).toBe('1234567.89');
  });

  it('writes byte-level rows, text rows and chunk boundaries in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clientele-csv-'));
    try {
      const w = new CsvWriter(join(dir, 'x.csv'), ['a', 'b', 'c', 'd']);
      const expected = ['a,b,c,d'];
      for (let i = 0; i < 60_000; i++) {
        if (i % 3 === 0) {
          w.line(`${i},"x, y",中文,`);
          expected.push(`${i},"x, y",中文,`);
        } else {
          w.room(64);
          w.int(-i);
          w.cents(i * 101 - 5);
          w.text(i % 2 ? 'q"uote' : '城市');
          w.ascii('');
          w.endRow();
          const c = i * 101 - 5;
          expected.push(`${-i},${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')},${i % 2 ? '"q""uote"' : '城市'},`);
        }
        if (i % 1000 === 0) await w.maybeFlush();
      }
      await w.close();
      expect(w.rows).toBe(60_000);
      expect(readFileSync(join(dir, 'x.csv'), 'utf8')).toBe(expected.join('\n') + '\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the order of instants within a day and formats timestamps', () => {
    let prev = -1;
    for (let f = 0; f < 1; f += 0.001) {
      const s = secondOfDay(f);
      expect(s).toBeGreaterThanOrEqual(prev);
      expect(s).toBeLessThan(86_400);
      prev = s;
    }
    const cal = new Calendar('2024-02-28', -1, 400);
    expect(cal.date(1)).toBe('2024-02-29');
    expect(cal.date(-20_000)).toBe('1969-05-27');
    expect(cal.offset('2025-02-28')).toBe(366);
    expect(cal.timestamp(2)).toBe('2024-03-01 00:00:00');
  });
});
