import { describe, expect, it } from 'vitest';
import { latinRuns } from './zh-scan.js';

describe('latinRuns', () => {
  it('finds English words and lets names through', () => {
    expect(latinRuns('客户 RFM 细分 CU00012 的 CLV 为 ¥1.2万', { ids: [/^CU\d+$/] })).toEqual([]);
    expect(latinRuns('价值象限 II，模型 BG/NBD')).toEqual([]);
    const found = latinRuns('推荐 → differentiation，large and valuable');
    expect(found.map((f) => f.split(' ')[0])).toEqual(['differentiation', 'large', 'and', 'valuable']);
  });
  it('removes values from the data first, even with spaces', () => {
    expect(latinRuns('主要品类 WHITE HANGING HEART 与 United Kingdom', { values: ['WHITE HANGING HEART', 'United Kingdom'] })).toEqual([]);
    expect(latinRuns('字段 netRevenue', { values: ['United Kingdom'] })).toHaveLength(1);
  });
});
