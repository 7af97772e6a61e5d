/**
 * The words the column matcher and the import front end put in an import's report, in English and 简体中文,
 * beside each other (as src/data/refusals.ts is for refusals). The report is built in English; a caller that
 * knows the reader's language passes `lang` to the describe functions.
 */
type Params = Readonly<Record<string, string | number>>;

export const IMPORT_TEXT = {
  match_map: { en: () => ' (--map)', 'zh-CN': () => '（--map 指定）' },
  match_preset: { en: () => ' (preset)', 'zh-CN': () => '（预设）' },
  match_as: { en: (p) => ` (as "${p.alias}")`, 'zh-CN': (p) => `（按“${p.alias}”识别）` },
  match_as_note: { en: (p) => ` (as "${p.alias}", "${p.note}" set aside)`, 'zh-CN': (p) => `（按“${p.alias}”识别，忽略“${p.note}”）` },
  match_scale: {
    en: (p) => ` (figures × ${p.factor}, for the unit "${p.unit}")`,
    'zh-CN': (p) => `（数值乘以 ${p.factor}，单位为“${p.unit}”）`,
  },
  match_inverted: {
    en: () => ' (read inverted: a consent column, yes means not opted out)',
    'zh-CN': () => '（按相反含义读取：同意类列，“是”表示未退订）',
  },
  also_names: {
    en: (p) => `column "${p.column}" also names ${p.field}, which "${p.took}" gave; it was not used (--map ${p.field}="${p.column}" to use it instead)`,
    'zh-CN': (p) => `列“${p.column}”也对应字段 ${p.field}，该字段已取自“${p.took}”，此列未使用（如要改用此列：--map ${p.field}="${p.column}"）`,
  },
  similar: {
    en: (p) => `column "${p.column}" was not matched; it may be ${p.field}${p.took ? ` (now from "${p.took}")` : ''}: --map ${p.field}="${p.column}"`,
    'zh-CN': (p) => `列“${p.column}”未匹配，可能是字段 ${p.field}${p.took ? `（目前取自“${p.took}”）` : ''}：--map ${p.field}="${p.column}"`,
  },
  email_key: {
    en: (p) => `the file has no customer id column: customers are known by their email ("${p.column}"), and match the customers of other files known by the same email (--map customer_id=COLUMN to use another column)`,
    'zh-CN': (p) => `此文件没有客户编号列：按邮箱（“${p.column}”）识别客户，与其他文件中以同一邮箱识别的客户对应（如要改用其他列：--map customer_id=列名）`,
  },
  customer_key: {
    en: (p) => `the customer ids in column "${p.column}" are ${p.kind === 'email' ? 'emails' : 'phone numbers'}: each customer is stored under a surrogate id (${p.kind === 'email' ? 'E' : 'P'} and 16 hex digits, the same in every file), and the ${p.kind === 'email' ? 'email' : 'phone'} in the customer's ${p.kind === 'email' ? 'email' : 'phone'} field, which viewers see masked`,
    'zh-CN': (p) => `列“${p.column}”中的客户编号是${p.kind === 'email' ? '邮箱' : '手机号'}：每位客户以代号存储（${p.kind === 'email' ? 'E' : 'P'} 加 16 位十六进制数，各文件中相同），${p.kind === 'email' ? '邮箱' : '手机号'}保存在客户的${p.kind === 'email' ? '邮箱' : '电话'}字段中，查看者看到的是遮蔽后的值`,
  },
  order_total: {
    en: (p) => `column "${p.column}" is an order's total, which repeats on each of an order's lines: it was not used as the lines' amount, which is quantity × unit price ("${p.took}") (--map amount="${p.column}" to use it instead)`,
    'zh-CN': (p) => `列“${p.column}”是整笔订单的总额，会在订单的每一行重复：未用作各行的金额，各行金额按数量 × 单价（“${p.took}”）计算（如要改用此列：--map amount="${p.column}"）`,
  },
  sheet: {
    en: (p) => `sheet "${p.sheet}" of an Excel workbook: ${p.rows} ${Number(p.rows) === 1 ? 'row' : 'rows'}${Number(p.headerRow) > 1 ? `, its header on row ${p.headerRow} (the rows above it a title)` : ''}; quarantine lines are the sheet's row numbers`,
    'zh-CN': (p) => `Excel 工作簿的工作表“${p.sheet}”：${p.rows} 行${Number(p.headerRow) > 1 ? `，表头在第 ${p.headerRow} 行（其上为标题）` : ''}；隔离区的行号即工作表的行号`,
  },
  sheet_serials: {
    en: (p) => `; plain numbers in ${p.columns} read as Excel date serials (1900 date system)`,
    'zh-CN': (p) => `；${p.columns} 中的纯数字按 Excel 日期序列号读取（1900 日期系统）`,
  },
  sheet_left_out: {
    en: (p) => `sheet "${p.sheet}" was not imported: it has no column for ${p.missing} (import it alone with --sheet to see its columns)`,
    'zh-CN': (p) => `工作表“${p.sheet}”未导入：缺少 ${p.missing} 的列（可用 --sheet 单独导入以查看其列）`,
  },
  json_array: {
    en: (p) => `a JSON array of ${p.records} objects, read as JSON lines: quarantine line N is the array's element N (index N − 1)`,
    'zh-CN': (p) => `JSON 数组，共 ${p.records} 个对象，按 JSON Lines 读取：隔离区第 N 行即数组的第 N 个元素（下标 N − 1）`,
  },
  sheet_format: { en: () => 'Excel workbook (.xlsx), one sheet', 'zh-CN': () => 'Excel 工作簿（.xlsx）的一个工作表' },
} satisfies Record<string, { readonly en: (p: Params) => string; readonly 'zh-CN': (p: Params) => string }>;

export type ImportTextKey = keyof typeof IMPORT_TEXT;
export type ImportTextLanguage = 'en' | 'zh-CN';

export function importText(key: ImportTextKey, params: Params = {}, lang: ImportTextLanguage = 'en'): string {
  return (IMPORT_TEXT[key][lang] as (p: Params) => string)(params);
}
