/** A record longer than the engine's reader takes is quarantined alone (QA session 9, X1). */
import { describe, expect, it } from 'vitest';
import { translateCore } from '../cli/i18n/index.js';
import { storePerTest } from '../test-support/store-per-test.js';
import { TOO_LONG } from './scan.js';

const s9 = storePerTest();
describe('a record longer than the reader takes (QA session 9, X1)', () => {
  it('is quarantined alone, on its own line, and the records around it load', async () => {
    const { run: go, rows: q } = s9;
    const text = `customer_id,at,satisfaction,comment\nK0,2024-01-01,5,fine\nK1,2024-01-01,3,${'x'.repeat(9 * 1024 * 1024)}\nK2,2024-01-01,4,ok\n`;
    const f = (await go('surveys', 'huge_field.csv', text)).files[0];
    expect([f.rowsRead, f.imported, f.quarantined]).toEqual([3, 2, 1]);
    const [row] = await q<{ line: number; reason: string }>('SELECT line, reason FROM quarantine');
    expect(row).toEqual({ line: 3, reason: `unreadable record: ${TOO_LONG}` });
    expect(translateCore(row.reason, 'zh-CN')).toBe('无法读取的记录：记录超过 8 MB（如此长的值不是导出文件中的字段）');
    expect(await q('SELECT customer_id FROM surveys ORDER BY 1')).toEqual([{ customer_id: 'K0' }, { customer_id: 'K2' }]);
  }, 60_000);
});
