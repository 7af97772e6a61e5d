import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tempDir } from '../test-support/temp.js';
import { csvCell, csvStream, writeCsv } from './csv.js';

describe('CSV exports', () => {
  it('defuses cells a spreadsheet would run, quotes what needs quoting, keeps numbers as numbers', () => {
    expect(['=1+1', '+86 555', '-x', '@SUM(A1)', '\tx'].map(csvCell)).toEqual(["'=1+1", "'+86 555", "'-x", "'@SUM(A1)", "'\tx"]);
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect([csvCell(-3.5), csvCell(null), csvCell(undefined), csvCell(true), csvCell('客户')]).toEqual(['-3.5', '', '', 'true', '客户']);
  });

  it('streams for a download exactly the bytes it writes to a file, BOM first, in batches', async () => {
    const dir = tempDir();
    try {
      const rows = Array.from({ length: 2503 }, (_, i) => [`C${i}`, i % 7 === 0 ? '=HYPERLINK("x")' : `名前 ${i}`, i / 3, i % 2 === 0]);
      const path = dir.file('x.csv', '');
      expect(await writeCsv(path, ['id', 'name', 'v', 'b'], rows)).toBe(rows.length);
      const chunks: Uint8Array[] = [];
      const reader = csvStream(['id', 'name', 'v', 'b'], rows, 1000).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      expect(chunks.length).toBe(3);
      const streamed = Buffer.concat(chunks);
      expect(streamed.equals(readFileSync(path))).toBe(true);
      expect([...streamed.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    } finally {
      dir.cleanup();
    }
  });
});
