import type { EntityName } from '../data/entities.js';
import type { RefusalCode } from '../data/refusals.js';
import { buildXlsx, excelSerial, type XlsxCell } from './xlsx.js';

/**
 * Bad inputs of the kinds the importer's front end handles (workbooks, JSON arrays, wide headers, bad options),
 * as a list a bad-input corpus can spread into its own. Each case makes its file's bytes and says what must
 * happen: a refusal with its code (and the store unchanged), or the import's counts, where `dataLines` is counted
 * by construction (sheet rows below the header, array elements, CSV lines), not by the importer.
 */
export interface FormatBadInput {
  readonly name: string;
  readonly entity: EntityName;
  readonly bytes: () => Buffer;
  readonly options?: { readonly sheet?: string; readonly dateFormat?: string };
  readonly expect: { readonly refused: RefusalCode } | { readonly dataLines: number; readonly loaded: number; readonly quarantined: number };
}

const utf8 = (s: string) => () => Buffer.from(s, 'utf8');
const xlsx = (...args: Parameters<typeof buildXlsx>) => () => Buffer.from(buildXlsx(...args));
const day = (y: number, m: number, d: number): XlsxCell => ({ serial: excelSerial(new Date(Date.UTC(y, m - 1, d))), format: 'date' });
const ORDERS = [
  ['订单编号', '会员ID', '下单时间', '商品编码', '购买数量', '单价(元)'],
  ['A1', 'K1', day(2024, 3, 1), 'P1', 1, 9.5],
  ['A2', 'K2', day(2024, 3, 2), 'P2', 2, 3],
] as XlsxCell[][];

export const FORMAT_BAD_INPUTS: readonly FormatBadInput[] = [
  { name: 'wide-header.csv', entity: 'customers', bytes: utf8(Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',') + '\n1\n'), expect: { refused: 'wide_header' } },
  { name: 'no-line-end.csv', entity: 'customers', bytes: () => Buffer.alloc(17 * 1024 * 1024, 0x61), expect: { refused: 'long_first_line' } },
  { name: 'array-of-numbers.json', entity: 'customers', bytes: utf8('[1, 2, 3]'), expect: { refused: 'json_not_objects' } },
  { name: 'array-of-arrays.json', entity: 'customers', bytes: utf8('[["customer_id"], ["A"]]'), expect: { refused: 'json_not_objects' } },
  { name: 'empty-array.json', entity: 'customers', bytes: utf8('[]'), expect: { refused: 'json_empty_array' } },
  { name: 'cut-array.json', entity: 'customers', bytes: utf8('[{"customer_id": "A"}, {"customer_id": "B"'), expect: { refused: 'json_unterminated' } },
  { name: 'broken-element.json', entity: 'customers', bytes: utf8('[{"customer_id": "A"},\n{"customer_id": B}]'), expect: { refused: 'json_bad_element' } },
  { name: 'two-arrays.json', entity: 'customers', bytes: utf8('[{"customer_id": "A"}]\n[{"customer_id": "B"}]'), expect: { refused: 'json_trailing' } },
  { name: 'wrapped-records.json', entity: 'customers', bytes: utf8('{\n  "data": [{"customer_id": "A"}]\n}\n'), expect: { refused: 'json_document' } },
  { name: 'gb18030-array.json', entity: 'customers', bytes: () => Buffer.concat([Buffer.from('[{"customer_id": "'), Buffer.from([0xbf, 0xcd, 0xbb, 0xa7]), Buffer.from('"}]')]), expect: { refused: 'json_not_utf8' } },
  { name: 'legacy.xls', entity: 'orders', bytes: () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1024)]), expect: { refused: 'xls_legacy' } },
  { name: 'cut.xlsx', entity: 'orders', bytes: () => Buffer.from(buildXlsx([{ name: 'S', rows: ORDERS }])).subarray(0, 200), expect: { refused: 'xlsx_unreadable' } },
  { name: 'empty.xlsx', entity: 'orders', bytes: xlsx([{ name: 'S', rows: [] }, { name: 'T', rows: [[null, null]] }]), expect: { refused: 'xlsx_empty' } },
  { name: 'unknown-sheet.xlsx', entity: 'orders', bytes: xlsx([{ name: '订单', rows: ORDERS }]), options: { sheet: 'Orders' }, expect: { refused: 'sheet_unknown' } },
  { name: 'sheet-of-a-csv.csv', entity: 'customers', bytes: utf8('customer_id\nA\n'), options: { sheet: 'S' }, expect: { refused: 'sheet_not_xlsx' } },
  { name: 'bad-date-format.csv', entity: 'customers', bytes: utf8('customer_id,signup_date\nA,2024-01-01\n'), options: { dateFormat: '%Q%Q' }, expect: { refused: 'date_format_unknown_part' } },
  { name: 'half-date-format.csv', entity: 'customers', bytes: utf8('customer_id,signup_date\nA,2024年01月\n'), options: { dateFormat: 'YYYY年MM月' }, expect: { refused: 'date_format_missing_part' } },
  // A Chinese shop's workbook: a title above the header, an empty row and a 合计 (total) row below the data.
  {
    name: 'report-with-title-and-total.xlsx',
    entity: 'orders',
    bytes: xlsx([{ name: '3月订单', rows: [['2024年3月订单报表'], [], ...ORDERS, [null, null, null, null, null, null], ['合计', null, null, null, 3, null]] }]),
    expect: { dataLines: 4, loaded: 2, quarantined: 2 },
  },
  {
    name: 'array-with-a-bad-date.json',
    entity: 'orders',
    bytes: utf8('[\n {"订单编号": "J1", "会员ID": "K1", "下单时间": "2024-03-01 10:00:00", "实付金额": 5},\n {"订单编号": "J2", "会员ID": "K1", "下单时间": "不详", "实付金额": 6}\n]\n'),
    expect: { dataLines: 2, loaded: 1, quarantined: 1 },
  },
  {
    name: 'full-width-and-units.csv',
    entity: 'orders',
    bytes: utf8('ＯＲＤＥＲ　ＮＯ,客戶編號,下單時間,數量【件】,單價（元）\nO1,K9,2024/03/05 09:30,2,12.50\nO2,K9,2024/03/06 10:00,1,3\n'),
    expect: { dataLines: 2, loaded: 2, quarantined: 0 },
  },
];
