import { describe, expect, it } from 'vitest';
import { COLUMNS, roundCell } from './columns.js';
import { exportTable, parseLayout, splitName } from './layouts.js';

const table = {
  headers: ['customer_id', 'name', 'email', 'phone', 'country', 'reason', 'offer', 'rfm_segment', 'long_term_value', 'p_alive', 'orders'],
  rows: [
    ['C1', 'Ann Marie Smith', 'ann@example.com', '+44 20 7946 0958', 'United Kingdom', 'at risk', '10% off', 'At Risk', 6.27e-7, 0.123456, 3],
    ['C2', '欧阳修', 'oy@example.com', '+86 138 0000 0001', 'China', '流失风险', '九折', 'Champions', 1234.567, 1, 12],
    ['C3', '王芳', null, null, 'China', '', '', null, -0.001, 0.99995, 1],
  ],
};

describe('export layouts', () => {
  it('rounds numbers to what they mean, never in exponent notation', () => {
    expect(roundCell('long_term_value', 6.27e-7)).toBe('0.00');
    expect(roundCell('profit', 1234.567)).toBe('1234.57');
    expect(roundCell('profit', -0.001)).toBe('0.00');
    expect(roundCell('p_alive', 0.123456)).toBe('0.1235');
    expect(roundCell('orders', 3)).toBe('3');
    expect(roundCell('unknown_column', 0.1)).toBe(0.1);
    expect(roundCell('name', 'x')).toBe('x');
  });

  it('splits names into first and last, Chinese surnames (incl. 复姓) first', () => {
    expect(splitName('Ann Marie Smith')).toEqual({ first: 'Ann Marie', last: 'Smith' });
    expect(splitName('Madonna')).toEqual({ first: 'Madonna', last: '' });
    expect(splitName('王芳')).toEqual({ first: '芳', last: '王' });
    expect(splitName('欧阳修')).toEqual({ first: '修', last: '欧阳' });
    expect(splitName(null)).toEqual({ first: '', last: '' });
  });

  it("writes each tool's import template columns, then every other column as a custom field", () => {
    const m = exportTable(table, { layout: 'mailchimp' });
    expect(m.headers).toEqual(['Email Address', 'First Name', 'Last Name', 'Phone Number', 'Tags', 'customer_id', 'country', 'reason', 'offer', 'rfm_segment', 'long_term_value', 'p_alive', 'orders']);
    expect(m.rows[0]).toEqual(['ann@example.com', 'Ann Marie', 'Smith', '+44 20 7946 0958', 'At Risk', 'C1', 'United Kingdom', 'at risk', '10% off', 'At Risk', '0.00', '0.1235', '3']);
    expect(exportTable(table, { layout: 'hubspot' }).headers.slice(0, 5)).toEqual(['Email', 'First Name', 'Last Name', 'Phone Number', 'Country/Region']);
    expect(exportTable(table, { layout: 'klaviyo' }).headers.slice(0, 5)).toEqual(['Email', 'First Name', 'Last Name', 'Phone Number', 'Country']);
    expect(exportTable(table, { layout: 'salesforce' }).headers.slice(0, 5)).toEqual(['Email', 'First Name', 'Last Name', 'Phone', 'Mailing Country']);
    const w = exportTable(table, { layout: 'wecom' });
    expect(w.headers).toEqual(['邮箱', '姓名', '手机号', '标签', '备注', '客户编号', '国家/地区', 'RFM 细分', '长期价值', '存活概率', '订单数']);
    expect(w.rows[1]).toEqual(['oy@example.com', '欧阳修', '+86 138 0000 0001', 'Champions', '流失风险；九折', 'C2', 'China', 'Champions', '1234.57', '1.0000', '12']);
    expect(w.rows[2].slice(3, 5)).toEqual(['', '']);
  });

  it('writes the default layout with code-name headers in English and labels in Chinese', () => {
    expect(exportTable(table).headers).toEqual(table.headers);
    expect(exportTable(table, { lang: 'zh-CN' }).headers).toEqual(['客户编号', '姓名', '邮箱', '电话', '国家/地区', '原因', '优惠', 'RFM 细分', '长期价值', '存活概率', '订单数']);
    expect(() => parseLayout('outlook')).toThrow(/unknown layout/);
    expect(parseLayout(undefined)).toBe('clientele');
  });

  it('has a Chinese label for every column', () => {
    for (const [code, spec] of Object.entries(COLUMNS)) expect(spec.zh, code).toMatch(/[\u4e00-\u9fff]/);
  });
});
