import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tempDir } from '../test-support/temp.js';
import { csvCell, csvStream, writeCsv } from './csv.js';

describe('CSV exports', () => {
  it('defuses cells a spreadsheet would run, quotes what needs quoting, keeps numbers as numbers', () => {
    expect(['=1+1', '-x', '@SUM(A1)', '\tx', '\rx', '+1+2', '-2+3', '+cmd|x', '-(1)'].map(csvCell)).toEqual(["'=1+1", "'-x", "'@SUM(A1)", "'\tx", '"\'\rx"', "'+1+2", "'-2+3", "'+cmd|x", "'-(1)"]);
    // E.164 phone numbers and signed numbers as text are written as they are: SMS and CRM imports reject '+44 …
    expect(['+86 555', '+442079460958', '+44 20 7946 0958', '-12.50', '+1 555 0100'].map(csvCell)).toEqual(['+86 555', '+442079460958', '+44 20 7946 0958', '-12.50', '+1 555 0100']);
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect([csvCell(-3.5), csvCell(null), csvCell(undefined), csvCell(true), csvCell('客户')]).toEqual(['-3.5', '', '', 'true', '客户']);
    // Never exponent notation: 6.27e-7 is 0.000000627, 1e21 is a 1 and 21 zeros.
    expect([csvCell(6.27e-7), csvCell(-1.5e-10), csvCell(1e21)]).toEqual(['0.000000627', '-0.00000000015', '1' + '0'.repeat(21)]);
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
