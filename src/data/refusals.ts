import { ImportError, UsageError } from '../errors.js';

/**
 * Why the importer refuses a file or an option, in English and 简体中文. Each refusal has a stable code (for
 * programs, tests and the CLI's and API's language switch) and its text in both languages, beside each other.
 * Errors carry the code and the parameters; their message and hint are the English text.
 */
type Params = Readonly<Record<string, string | number>>;
interface Text {
  readonly message: (p: Params) => string;
  readonly hint?: (p: Params) => string;
}

export const REFUSALS = {
  encoding_unknown: {
    en: { message: (p) => `--encoding ${p.value}: not an encoding the importer reads`, hint: (p) => `use one of: ${p.allowed}` },
    'zh-CN': { message: (p) => `--encoding ${p.value}：导入程序不支持这种编码`, hint: (p) => `可用：${p.allowed}` },
  },
  delimiter_unknown: {
    en: { message: (p) => `--delimiter ${p.value}: not a delimiter the importer reads`, hint: (p) => `use one of: ${p.allowed}` },
    'zh-CN': { message: (p) => `--delimiter ${p.value}：导入程序不支持这种分隔符`, hint: (p) => `可用：${p.allowed}` },
  },
  date_format_empty: {
    en: { message: () => '--date-format is empty', hint: () => 'give auto, iso, or a format such as DD/MM/YYYY, YYYY年MM月DD日 or YYYY-MM-DD HH:mm' },
    'zh-CN': { message: () => '--date-format 为空', hint: () => '请给出 auto、iso，或格式，例如 DD/MM/YYYY、YYYY年MM月DD日、YYYY-MM-DD HH:mm' },
  },
  date_format_unknown_part: {
    en: { message: (p) => `--date-format ${p.value}: "${p.part}" is not a part of a date`, hint: () => 'write the format with YYYY or YY (year), MM, Mon or Month (month), DD (day), HH (hour; hh with AM/PM), mm (minute), ss (second), e.g. DD/MM/YYYY, DD-Mon-YYYY or YYYY年MM月DD日 HH:mm; several formats go joined by |' },
    'zh-CN': { message: (p) => `--date-format ${p.value}：“${p.part}”不是日期的组成部分`, hint: () => '请用 YYYY 或 YY（年）、MM、Mon 或 Month（月）、DD（日）、HH（时；有 AM/PM 时用 hh）、mm（分）、ss（秒）书写格式，例如 DD/MM/YYYY、DD-Mon-YYYY 或 YYYY年MM月DD日 HH:mm；多个格式用 | 连接' },
  },
  date_format_repeated_part: {
    en: { message: (p) => `--date-format ${p.value}: ${p.part} appears twice`, hint: () => 'each of YYYY, MM, DD, HH, mm, ss may appear once' },
    'zh-CN': { message: (p) => `--date-format ${p.value}：${p.part} 出现了两次`, hint: () => 'YYYY、MM、DD、HH、mm、ss 每个只能出现一次' },
  },
  date_format_missing_part: {
    en: { message: (p) => `--date-format ${p.value}: a date needs ${p.part} too`, hint: () => 'a format names the year (YYYY), the month (MM) and the day (DD), e.g. DD/MM/YYYY' },
    'zh-CN': { message: (p) => `--date-format ${p.value}：日期还需要 ${p.part}`, hint: () => '格式须包含年（YYYY）、月（MM）和日（DD），例如 DD/MM/YYYY' },
  },
  sheet_not_xlsx: {
    en: { message: (p) => `--sheet ${p.sheet}: ${p.file} is not an Excel workbook (.xlsx)`, hint: () => '--sheet chooses a sheet of an .xlsx file; leave it out for CSV, Parquet and JSON' },
    'zh-CN': { message: (p) => `--sheet ${p.sheet}：${p.file} 不是 Excel 工作簿（.xlsx）`, hint: () => '--sheet 用于选择 .xlsx 文件的工作表；CSV、Parquet 和 JSON 文件请不要使用' },
  },
  sheet_unknown: {
    en: { message: (p) => `the workbook has no sheet "${p.sheet}"`, hint: (p) => `its sheets are: ${p.sheets}` },
    'zh-CN': { message: (p) => `工作簿中没有名为“${p.sheet}”的工作表`, hint: (p) => `它的工作表有：${p.sheets}` },
  },
  xls_legacy: {
    en: { message: () => 'this is an old Excel 97–2003 workbook (.xls), which the importer does not read', hint: () => 'open it in Excel or WPS and save it as .xlsx or CSV (UTF-8)' },
    'zh-CN': { message: () => '这是旧版 Excel 97–2003 工作簿（.xls），导入程序无法读取', hint: () => '请用 Excel 或 WPS 打开，另存为 .xlsx 或 CSV（UTF-8）' },
  },
  xlsx_unreadable: {
    en: { message: (p) => `the file cannot be read as an Excel workbook (.xlsx): ${p.reason}`, hint: () => 'check that the export finished, or save it again as .xlsx or CSV (UTF-8)' },
    'zh-CN': { message: (p) => `无法按 Excel 工作簿（.xlsx）读取此文件：${p.reason}`, hint: () => '请确认导出已完成，或重新另存为 .xlsx 或 CSV（UTF-8）' },
  },
  xlsx_empty: {
    en: { message: () => 'the workbook has no data: every sheet is empty', hint: () => 'export the data again' },
    'zh-CN': { message: () => '工作簿没有数据：所有工作表都是空的', hint: () => '请重新导出数据' },
  },
  wide_header: {
    en: { message: (p) => `the first line has ${p.columns} columns; the importer reads at most ${p.limit} (as many as Excel allows)`, hint: () => 'check the delimiter (--delimiter), or split the file into files of fewer columns' },
    'zh-CN': { message: (p) => `第一行有 ${p.columns} 列，导入程序最多读取 ${p.limit} 列（与 Excel 的上限相同）`, hint: () => '请检查分隔符（--delimiter），或把文件拆分为列数较少的文件' },
  },
  long_first_line: {
    en: { message: (p) => `the first line is longer than ${p.megabytes} MB: it is not a header the importer can read`, hint: () => 'check that this is a CSV or JSON-lines file with one record per line' },
    'zh-CN': { message: (p) => `第一行超过 ${p.megabytes} MB，不是导入程序能读取的表头`, hint: () => '请确认这是每行一条记录的 CSV 或 JSON Lines 文件' },
  },
  json_not_objects: {
    en: { message: (p) => `the JSON array's element ${p.index} is ${p.kind}, not an object: the importer reads arrays of objects ([{"a": 1}, …])`, hint: () => 'export the records as an array of objects or as JSON lines (one object per line)' },
    'zh-CN': { message: (p) => `JSON 数组的第 ${p.index} 个元素是${p.kindZh}，不是对象：导入程序读取对象数组（[{"a": 1}, …]）`, hint: () => '请把记录导出为对象数组，或 JSON Lines（每行一个对象）' },
  },
  json_empty_array: {
    en: { message: () => 'the JSON array is empty: there are no records to import', hint: () => 'export the data again' },
    'zh-CN': { message: () => 'JSON 数组为空：没有可导入的记录', hint: () => '请重新导出数据' },
  },
  json_bad_element: {
    en: { message: (p) => `the JSON array's element ${p.index} (from line ${p.line}) is not valid JSON: ${p.reason}`, hint: () => 'check the file where the export was cut or edited' },
    'zh-CN': { message: (p) => `JSON 数组的第 ${p.index} 个元素（自第 ${p.line} 行起）不是有效的 JSON：${p.reason}`, hint: () => '请检查文件中被截断或被编辑过的位置' },
  },
  json_unterminated: {
    en: { message: (p) => `the file ends inside the JSON array, after ${p.count} complete elements`, hint: () => 'the export was probably cut short; export it again' },
    'zh-CN': { message: (p) => `文件在 JSON 数组内部结束，此前有 ${p.count} 个完整元素`, hint: () => '导出可能被截断，请重新导出' },
  },
  json_trailing: {
    en: { message: (p) => `there is more text after the JSON array's end (line ${p.line})`, hint: () => 'a file holds one JSON array, or JSON lines (one object per line)' },
    'zh-CN': { message: (p) => `JSON 数组结束后还有其他内容（第 ${p.line} 行）`, hint: () => '一个文件只能包含一个 JSON 数组，或 JSON Lines（每行一个对象）' },
  },
  json_not_utf8: {
    en: { message: (p) => `the JSON file is not valid UTF-8 (near line ${p.line}); JSON files are UTF-8`, hint: () => 'save it again as UTF-8, or export CSV, where GB18030 is read too' },
    'zh-CN': { message: (p) => `JSON 文件不是有效的 UTF-8（约第 ${p.line} 行）；JSON 文件须为 UTF-8`, hint: () => '请另存为 UTF-8，或导出 CSV（CSV 也可读取 GB18030）' },
  },
  json_too_deep: {
    en: { message: (p) => `the JSON ${p.where} holds a value nested more than ${p.limit} levels deep: the importer reads records of values, and nesting that deep is no export's (it can crash the reader)`, hint: () => 'export the records flat (one object per record, values as text or numbers); a nested field can be exported as text' },
    'zh-CN': { message: (p) => `JSON ${p.whereZh}中有嵌套超过 ${p.limit} 层的值：导入程序读取由值组成的记录，如此深的嵌套不是正常导出的结果（可能使读取程序崩溃）`, hint: () => '请把记录导出为扁平结构（每条记录一个对象，值为文本或数字）；嵌套的字段可以导出为文本' },
  },
  json_document: {
    en: { message: () => 'the file is one JSON object spread over several lines, not an array of objects or JSON lines', hint: () => 'if the records sit in a field of it (e.g. "data": [...]), save that array alone, or export JSON lines' },
    'zh-CN': { message: () => '此文件是跨多行的单个 JSON 对象，而不是对象数组或 JSON Lines', hint: () => '如果记录在其中的某个字段里（例如 "data": [...]），请单独保存该数组，或导出 JSON Lines' },
  },
} satisfies Record<string, { readonly en: Text; readonly 'zh-CN': Text }>;

export type RefusalCode = keyof typeof REFUSALS;
export type RefusalLanguage = 'en' | 'zh-CN';

/** The text of a refusal in one language. */
export function refusalText(code: RefusalCode, params: Params, lang: RefusalLanguage = 'en'): { message: string; hint?: string } {
  const t: Text = REFUSALS[code][lang];
  return { message: t.message(params), ...(t.hint ? { hint: t.hint(params) } : {}) };
}

/** A bad option (CLI exit 2, HTTP 400), with its code. */
export class OptionRefusal extends UsageError {
  constructor(
    readonly code: RefusalCode,
    readonly params: Params,
  ) {
    const t = refusalText(code, params);
    super(t.message, t.hint);
  }
}

/** A file the importer will not read (CLI exit 3, HTTP 422), with its code. */
export class FileRefusal extends ImportError {
  constructor(
    readonly code: RefusalCode,
    file: string,
    readonly params: Params = {},
  ) {
    const t = refusalText(code, params);
    super(t.message, file, t.hint);
  }
}
