/**
 * The core's expected errors (UsageError, NotFoundError, ImportError, StoreError …), their hints and the quarantine
 * reasons of the importer, in 简体中文: patterns over the English texts, which stay as they are in the core (the
 * store keeps quarantine reasons in English: they are data). thrown-zh.test.ts reads every `new …Error(…)` of the
 * source and fails when one of them is not translated here.
 */

type Pattern = readonly [RegExp, (...m: string[]) => string];

/** A date format in strftime notation (the importer's reasons) in the notation --date-format takes. */
export function strftimeToFormat(s: string): string {
  const parts: Record<string, string> = { Y: 'YYYY', y: 'YY', m: 'MM', d: 'DD', H: 'HH', I: 'hh', M: 'mm', S: 'ss', b: 'Mon', B: 'Month', p: 'AM/PM', z: '+HHMM', Z: '+HHMM', '-m': 'M', '-d': 'D' };
  return s.replace(/%(-?[A-Za-z])/g, (m, c: string) => parts[c] ?? m).replace(/\bISO 8601\b|\bISO\b/g, 'ISO');
}

/** What the rule parser expected ("expected X, found Y"). */
const RULE_EXPECTED: Readonly<Record<string, string>> = {
  'a value (a number, a "string", true/false, a date or a duration such as -90d)': '一个值（数字、"字符串"、true/false、日期，或 -90d 这样的时长）',
  'a field name (e.g. country, profit, rfm.segment)': '字段名（例如 country、profit、rfm.segment）',
  '"(" after in': 'in 后面的 "("',
  '"," or ")"': '"," 或 ")"',
  '"in" after not': 'not 后面的 "in"',
  'a "string" after contains': 'contains 后面的 "字符串"',
  'a comparison (=, !=, <, <=, >, >=), in, between, is null or contains': '比较运算（=、!=、<、<=、>、>=）、in、between、is null 或 contains',
  '")"': '")"',
  'a rule, e.g. country = "France" and profit > 100': '一条规则，例如 country = "法国" and profit > 100',
  '"and", "or" or the end of the rule': '"and"、"or" 或规则结尾',
  'a "string"': '"字符串"',
  'a number': '数字',
  'true or false': 'true 或 false',
  'a date (YYYY-MM-DD) or a duration such as -90d': '日期（YYYY-MM-DD）或 -90d 这样的时长',
};
const TYPE_NAME: Readonly<Record<string, string>> = { text: '文本', 'a number': '数字', 'a date': '日期', 'yes/no': '是/否' };
const expectedZh = (w: string) => RULE_EXPECTED[w] ?? (/^"(.*)"$/.test(w) ? w : w);
const foundZh = (w: string) => (w === 'the end of the rule' ? '规则结尾' : w);

/** Why a segment rule cannot be read (src/segment: lexer, parser, compile), without " at column N". */
const RULE_REASONS: readonly Pattern[] = [
  [/^unknown field "(.*)" \(did you mean (.*)\?\)$/, (_s, f, near) => `未知字段“${f}”（是不是要写 ${near}？）`],
  [/^unknown field "(.*)"$/, (_s, f) => `未知字段“${f}”`],
  [/^(\S+) is (text|a number|a date|yes\/no): expected (.*)$/, (_s, f, ty, want) => `${f} 是${TYPE_NAME[ty]}：应为${expectedZh(want)}`],
  [/^(\S+): the number is out of range: use numbers from (\S+) to (\S+)$/, (_s, f, a, b) => `${f}：数字超出范围：请使用 ${a} 到 ${b} 之间的数`],
  [/^contains works on text; (\S+) is not text$/, (_s, f) => `contains 只能用于文本；${f} 不是文本`],
  [/^the rule is longer than (\d+) characters$/, (_s, n) => `规则超过 ${n} 个字符`],
  [/^unterminated string: expected a closing (.*)$/, (_s, q) => `字符串没有结束：缺少结尾的 ${q}`],
  [/^expected != ?$/, () => '应为 !='],
  [/^months and years take whole numbers \(use days for fractions, e\.g\. -45d\)$/, () => '月和年只能用整数（小数请用天，例如 -45d）'],
  [/^a duration of at most (\d+) years$/, (_s, n) => `时长最多 ${n} 年`],
  [/^expected a number, a date \(YYYY-MM-DD\) or a duration such as -90d$/, () => '应为数字、日期（YYYY-MM-DD）或 -90d 这样的时长'],
  [/^unexpected character (.*)$/, (_s, c) => `意外的字符 ${c}`],
  [/^expected (.*), found (.*)$/, (_s, w, f) => `应为${expectedZh(w)}，却是${foundZh(f)}`],
  [/^(\S+) is not a date$/, (_s, d) => `${d} 不是日期`],
  [/^the rule nests too deeply$/, () => '规则嵌套太深'],
];

/** The what-to-try of a fit's diagnostics (src/clv/diagnostics.ts), which carries its own Chinese. */
const TRY_INSTEAD: Readonly<Record<string, string>> = {
  'try another model, a longer calibration period, or learn churn from outcomes (clientele churn --learn)': '可换用其他模型、延长校准期，或从实际流失结果学习（clientele churn --learn）',
  'fit larger cohorts (--by all or --by plan) or wait for more renewals': '可拟合更大的客户群（--by all 或 --by plan），或等待更多续约数据',
  'try another model or more data (a longer calibration period)': '可换用其他模型或使用更多数据（延长校准期）',
  'try another model or a coarser time unit (--time-unit week or month)': '可换用其他模型或更粗的时间单位（--time-unit week 或 month）',
};

const FIT_REASONS: readonly Pattern[] = [
  [/^no customers to fit$/, () => '没有可拟合的客户'],
  [/^initial (\S+) must be positive, got (.*)$/, (_s, p, v) => `初始值 ${p} 必须为正数，实际为 ${v}`],
  [/^estimates are not finite \((.*)\)$/, (_s, v) => `估计值不是有限数（${v}）`],
  [/^the log-likelihood is not finite anywhere the optimiser looked$/, () => '在优化器搜索过的所有位置，对数似然都不是有限值'],
];

function by(table: readonly Pattern[], s: string): string | null {
  for (const [re, to] of table) {
    const m = re.exec(s);
    if (m) return to(...m);
  }
  return null;
}

/** The quoted value at the start of a quarantine reason, or the summary's word "value" (值 → 该值). */
/** A parameter or key name, as code (`seed`); option names (--x) stay bare. */
const code = (k: string) => (k.startsWith('-') ? k : `\`${k}\``);
/** A list of codes a user types ("a, b, c"), each as code, joined the Chinese way. */
const codes = (l: string) => l.split(/,\s*/).map((x) => (x.trim() ? code(x.trim()) : x)).join('、');
/** A user's role by its Chinese name, with the code one types (`--role analyst`) beside it. */
const ROLES_ZH: Readonly<Record<string, string>> = { admin: '管理员', analyst: '分析师', viewer: '查看者' };
const roleZh = (r: string) => (r in ROLES_ZH ? `${ROLES_ZH[r]}（\`${r}\`）` : code(r));
const v = (x: string) => (x === 'value' ? '该值' : x);
const BILLING: Readonly<Record<string, string>> = { week: '周', month: '月', quarter: '季度', year: '年', day: '天' };

/** What a config value should have been (qualify config, value config), after "expected". */
const CONFIG_WHAT: readonly Pattern[] = [
  [/^unknown setting \(expected one of: (.*)\)$/, (_s, l) => `未知的设置项（应为以下之一：${codes(l)}）`],
  [/^expected a number, got (.*)$/, (_s, g) => `应为数字，实际为 ${g}`],
  [/^expected a number in \[(.*), (.*)\]$/, (_s, a, b) => `应为 [${a}, ${b}] 之间的数`],
  [/^expected a number$/, () => '应为数字'],
  [/^expected a list of non-empty strings$/, () => '应为非空字符串的列表'],
  [/^expected a list of strings$/, () => '应为字符串列表'],
  [/^expected an object$/, () => '应为对象'],
  [/^expected a list of \{field, min\}$/, () => '应为 `{field, min}` 的列表'],
  [/^expected a column name$/, () => '应为列名'],
  [/^expected an object of column → list of values$/, () => '应为对象：列名 → 取值列表'],
  [/^expected at least 1$/, () => '至少为 1'],
  [/^expected at least one column name$/, () => '至少需要一个列名'],
  [/^expected \{"quantile": 0\.\.1\} or \{"value": n\}$/, () => '应为 `{"quantile": 0..1}` 或 `{"value": n}`'],
  [/^"(.*)" says where the lead came from; a lead's source never decides its check$/, (_s, f) => `“${f}”表示线索的来源；线索来源从不决定其检查结果`],
  [/^expected (.*)$/, (_s, e) => `应为 ${e}`],
];

export const ERROR_ZH_PATTERNS: readonly Pattern[] = [
  // a segment rule that cannot be read: "REASON at column N" and the rule with a caret under it
  [/^([^\n]*) at column (\d+)(\n[\s\S]*)?$/, (s, reason, col, caret) => { const r = by(RULE_REASONS, reason); return r === null ? s : `${r}（第 ${col} 列）${caret ?? ''}`; }],
  [/^see: clientele segment --help \(the rule language\)$/, () => '规则语言见：clientele segment --help'],
  // clv: a fit that failed or reached a boundary (src/clv)
  [/^([\w-]+): fit failed: (.*)$/, (s, m, why) => { const r = by(FIT_REASONS, why); return r === null ? s : `${m}：拟合失败：${r}`; }],
  [/^check that the input has customers with repeat purchases and T > 0$/, () => '请确认输入中有重复购买且 T > 0 的客户'],
  [/^([\w-]+): the fit reached a boundary, so no predictions were saved: [\s\S]* \/ ([\s\S]*)$/, (_s, m, zh) => `${m}：拟合到达边界，因此没有保存预测：${zh}`],
  [/^(.*); or pass --accept-boundary to save them anyway \(value will then use a CLV that assumes nobody leaves\)$/, (_s, t) => `${TRY_INSTEAD[t] ?? t}；或加 --accept-boundary 仍然保存（价值计算将使用假定无人流失的 CLV）`],
  [/^--horizon (\S+): expected a positive whole number of (\w+)s$/, (_s, n, u) => `--horizon ${n}：应为正整数（单位：${BILLING[u] ?? u}）`],
  [/^--discount-rate (\S+): expected a rate per (\w+) from 0 to 1$/, (_s, n, u) => `--discount-rate ${n}：应为每${BILLING[u] ?? u}的折现率，介于 0 和 1 之间`],
  [/^--calibration-end (\S+) is before the first order \((.*)\)$/, (_s, a, b) => `--calibration-end ${a} 早于第一笔订单（${b}）`],
  [/^the holdout end (\S+) is before the calibration end (\S+)$/, (_s, a, b) => `留出期结束日 ${a} 早于校准期结束日 ${b}`],
  [/^--calibration-end (\S+) leaves no holdout \(the last order is on (.*)\)$/, (_s, a, b) => `--calibration-end ${a} 之后没有留出期（最后一笔订单在 ${b}）`],
  [/^the store has no order lines with a customer$/, () => '数据库中没有带客户的订单明细'],
  [/^import orders first: clientele import orders FILE$/, () => '请先导入订单：clientele import orders FILE'],
  [/^no customer has a purchase on or before the calibration end$/, () => '没有客户在校准期结束日或之前有购买'],
  [/^choose a later --calibration-end$/, () => '请选择更晚的 --calibration-end'],
  [/^no customer has a repeat purchase with positive spend: Gamma-Gamma cannot be fitted$/, () => '没有客户有金额为正的重复购买：无法拟合 Gamma-Gamma 模型'],
  [/^it needs customers who bought on at least two days$/, () => '它需要至少在两天购买过的客户'],
  // options and values given on the command line or in a request
  [/^(?:(care|churn|recommend|lookalike): )?(\S+) (\S+): expected a date YYYY-MM-DD$/, (_s, _c, o, x) => `${o} ${x}：应为日期 YYYY-MM-DD`],
  [/^(\S+): expected a date YYYY-MM-DD$/, (_s, o) => `${code(o)}：应为日期 YYYY-MM-DD`],
  [/^expected a date YYYY-MM-DD$/, () => '应为日期 YYYY-MM-DD'],
  [/^there are no order lines to take the default from$/, () => '没有订单明细可以取默认值'],
  [/^care: --from (\S+) is after --to (\S+)$/, (_s, a, b) => `--from ${a} 晚于 --to ${b}`],
  [/^care: (\S+) to (\S+) is longer than a year$/, (_s, a, b) => `${a} 到 ${b} 超过一年`],
  [/^plan one year or less at a time$/, () => '每次最多规划一年'],
  [/^care config: (.*) must be text$/, (_s, w) => `关怀配置：\`${w}\` 必须是文本`],
  [/^care config: expected an object$/, () => '关怀配置：应为对象'],
  [/^care config: holidays must be a list$/, () => '关怀配置：`holidays` 必须是列表'],
  [/^care config: holidays\[(\d+)\]\.date (.*): expected MM-DD$/, (_s, i, d) => `关怀配置：\`holidays[${i}].date\` ${d}：应为 MM-DD`],
  [/^for example "06-18"$/, () => '例如 "06-18"'],
  [/^care config: calendars must map country codes to lists of holidays$/, () => '关怀配置：`calendars` 必须把国家代码对应到节日列表'],
  [/^care config: calendars\.(\S+) must be a list of holiday keys$/, (_s, c) => `关怀配置：\`calendars.${c}\` 必须是节日代码的列表`],
  [/^care config: calendars\.(\S+): unknown holiday "(.*)"$/, (_s, c, h) => `关怀配置：\`calendars.${c}\`：未知的节日“${h}”`],
  [/^known: (.*)$/, (_s, l) => `已知：${codes(l)}`],
  [/^qualify config: (.*?): (.*)$/, (s, p, w) => { const z = by(CONFIG_WHAT, w); return z === null ? s : `资格配置 ${code(p)}：${z}`; }],
  [/^(?:(?:lookalike|churn): )?(--holdout|--churn-cut|--margin) (\S+): expected a share between 0 and 1$/, (_s, o, x) => `${o} ${x}：应为 0 到 1 之间的比例`],
  [/^--holdout (\S+): expected a share between 0% and 100%, e\.g\. 10%$/, (_s, x) => `--holdout ${x}：应为 0% 到 100% 之间的比例，例如 10%`],
  [/^(?:churn: )?--discount-rate (\S+): expected a rate between 0 and 1$/, (_s, x) => `--discount-rate ${x}：应为 0 到 1 之间的比率`],
  [/^--discount-rate (\S+): expected a rate per billing period above 0 and below 1$/, (_s, x) => `--discount-rate ${x}：应为每个计费周期的比率，大于 0 且小于 1`],
  [/^churn: --p-alive-below (\S+): expected a probability in \(0, 1\]$/, (_s, x) => `--p-alive-below ${x}：应为 (0, 1] 之间的概率`],
  [/^churn: --overdue (\S+): expected a positive number of gaps$/, (_s, x) => `--overdue ${x}：应为正数（平常购买间隔的倍数）`],
  [/^--window (\S+): expected a whole number of days, at least 14$/, (_s, x) => `--window ${x}：应为整数天数，至少 14`],
  [/^--window (\S+): expected 1 to 3650 days$/, (_s, x) => `--window ${x}：应为 1 到 3650 天`],
  [/^--cost (\S+): expected an amount of at least 0$/, (_s, x) => `--cost ${x}：应为不小于 0 的金额`],
  [/^budget (\S+): expected an amount of at least 0$/, (_s, x) => `预算 ${x}：应为不小于 0 的金额`],
  [/^recommend: (top|min support|neighbours) (\S+): expected a whole number ≥ 1$/, (_s, o, x) => `${({ top: '--top', 'min support': '--min-support', neighbours: '--neighbours' } as Record<string, string>)[o]} ${x}：应为 ≥ 1 的整数`],
  [/^recommend: until (\S+): expected YYYY-MM-DD$/, (_s, x) => `截止日期 ${x}：应为 YYYY-MM-DD`],
  [/^(\S+) (\S+): expected SEGMENT=AMOUNT$/, (_s, o, x) => `${o} ${x}：应为 细分=金额`],
  [/^e\.g\. (\S+) "At Risk=5000"$/, (_s, o) => `例如 ${o} "At Risk=5000"`],
  [/^the uplift must be in \(0, 10\] and the cost scale above 0$/, () => '提升倍数必须在 (0, 10] 之间，成本系数必须大于 0'],
  [/^no segment "(.*)"$/, (_s, n) => `没有细分“${n}”`],
  [/^segments: (.*)$/, (_s, l) => `细分：${l}`],
  [/^hurdle (\S+): expected a return per unit from 0 to 100$/, (_s, x) => `门槛 ${x}：应为每单位投入的回报，介于 0 和 100 之间`],
  [/^default 1\.0: spend only while a unit brings at least a unit back$/, () => '默认 1.0：只有每投入一单位至少带回一单位时才花钱'],
  [/^--from (\S+) must be before --to (\S+)$/, (_s, a, b) => `--from ${a} 必须早于 --to ${b}`],
  [/^--as-of (\S+): expected a date YYYY-MM-DD$/, (_s, x) => `--as-of ${x}：应为日期 YYYY-MM-DD`],
  [/^--sent-at (\S+): expected a date YYYY-MM-DD$/, (_s, x) => `--sent-at ${x}：应为日期 YYYY-MM-DD`],
  [/^--by (\S+): use start-month, start-year, plan, all or segment:NAME \(a saved segment\)$/, (_s, x) => `--by ${x}：请用 \`start-month\`、\`start-year\`、\`plan\`、\`all\` 或 \`segment:NAME\`（已保存的细分）`],
  [/^--by (\S+): segments are not available here$/, (_s, x) => `--by ${x}：这里不能按细分分组`],
  [/^the subscriptions bill by (.*): sBG needs one billing period$/, (_s, l) => `这些订阅按 ${l} 计费：sBG 模型只能有一种计费周期`],
  [/^keep one billing period per store, or bill them apart$/, () => '请每个数据库只用一种计费周期，或分开计费'],
  [/^billing period "(.*)": use week, month, quarter or year$/, (_s, x) => `计费周期“${x}”：请用 \`week\`、\`month\`、\`quarter\` 或 \`year\``],
  [/^subscription (.*): more than 100,000 billing periods; check its start date and billing period$/, (_s, x) => `订阅 ${x}：超过 100,000 个计费周期；请检查其开始日期和计费周期`],
  [/^no customer has a whole-number "(.*)" and a "(.*)"$/, (_s, a, b) => `没有客户同时有整数的“${a}”和“${b}”`],
  [/^name the columns: --tenure COLUMN --charge COLUMN$/, () => '请指定列名：--tenure 列名 --charge 列名'],
  [/^--layout (\S+): unknown layout$/, (_s, x) => `--layout ${x}：未知的格式`],
  [/^use one of (.*)$/, (_s, l) => `可用：${codes(l)}`],
  [/^--features: (\S+) is not a numeric field$/, (_s, f) => `--features：${f} 不是数值字段`],
  [/^numeric fields: (.*)$/, (_s, l) => `数值字段：${codes(l)}`],
  [/^--features: name at least one feature, e\.g\. rfm,profit,age$/, () => '--features：请至少指定一个特征，例如 rfm,profit,age'],
  [/^only (\S+) customers have bought: too few to cluster$/, (_s, n) => `只有 ${n} 位客户有购买：太少，无法聚类`],
  [/^--k (\S+): only (\S+) customers have bought$/, (_s, k, n) => `--k ${k}：只有 ${n} 位客户有购买`],
  // config and settings
  [/^see the defaults with: clientele value --help$/, () => '默认值见：clientele value --help'],
  [/^config (\S+): unknown field (.*)$/, (_s, p, f) => `配置 ${code(p)}：未知字段 ${f}`],
  [/^known fields: (.*)$/, (_s, l) => `已知字段：${codes(l)}`],
  [/^config (\S+): expected a number from (\S+) to any, got "(.*)"$/, (_s, k, a, g) => `配置 ${code(k)}：应为不小于 ${a} 的数，实际为“${g}”`],
  [/^config (\S+): expected a number from (\S+) to (\S+), got "(.*)"$/, (_s, k, a, b, g) => `配置 ${code(k)}：应为 ${a} 到 ${b} 之间的数，实际为“${g}”`],
  [/^config (\S+): expected a fixed value \(e\.g\. 4\) or a quantile of the customers \(e\.g\. q0\.6\), got "(.*)"$/, (_s, k, g) => `配置 ${code(k)}：应为固定值（例如 4）或客户的分位数（例如 q0.6），实际为“${g}”`],
  [/^config (\S+): expected an ISO 4217 currency code such as GBP, EUR, USD or CNY, got "(.*)"$/, (_s, k, g) => `配置 ${code(k)}：应为 ISO 4217 货币代码，例如 CNY、USD、EUR，实际为“${g}”`],
  [/^config (\S+): expected (.*), got (.*)$/, (s, p, e, g) => { const z = by(CONFIG_WHAT, `expected ${e}`); return z === null ? s : `配置 ${code(p)}：${z}，实际为 ${g}`; }],
  [/^no setting "(.*)"$/, (_s, k) => `没有设置项“${k}”`],
  [/^settings: (.*)$/, (_s, l) => `设置项：${codes(l)}`],
  [/^company\.(\S+): expected one of (.*)$/, (_s, k, l) => `\`company.${k}\`：应为以下之一：${codes(l)}`],
  [/^company\.(\S+): expected a list of names$/, (_s, k) => `\`company.${k}\`：应为名称列表`],
  [/^company\.(\S+): at most 200 names of 200 characters$/, (_s, k) => `\`company.${k}\`：最多 200 个名称，每个最多 200 个字符`],
  [/^company\.(\S+): unknown field$/, (_s, k) => `\`company.${k}\`：未知字段`],
  [/^fields: (.*)$/, (_s, l) => `字段：${codes(l)}`],
  // not found
  [/^there is no customer (.*)$/, (_s, id) => `没有客户 ${id}`],
  [/^customer ids are as imported; list some with: clientele value --json$/, () => '客户编号与导入时相同；可用 clientele value --json 列出一些'],
  [/^no customer (\S+)$/, (_s, id) => `没有客户 ${id}`],
  [/^there is no import #(\S+)$/, (_s, n) => `没有第 ${n} 次导入`],
  [/^no import #(\S+) in the store$/, (_s, n) => `数据库中没有第 ${n} 次导入`],
  [/^(?:see|list) them with: clientele (imports|segment list|user list)$/, (_s, c) => `查看：clientele ${c}`],
  [/^see them with:? GET (\S+)$/, (_s, r) => `查看：GET ${r}`],
  [/^there is no segment "(.*)"$/, (_s, n) => `没有细分“${n}”`],
  [/^a segment "(.*)" exists already$/, (_s, n) => `细分“${n}”已存在`],
  [/^use another name, or --replace$/, () => '请换一个名称，或加 --replace'],
  [/^segment name "(.*)": use letters, digits, spaces, _ \. - \(up to 64 characters\)$/, (_s, n) => `细分名称“${n}”：请用字母、数字、空格、_ . -（最多 64 个字符）`],
  [/^there is no (user|session) "(.*)"$/, (_s, w, n) => `没有${w === 'user' ? '用户' : '会话'}“${n}”`],
  [/^a user "(.*)" exists already$/, (_s, n) => `用户“${n}”已存在`],
  [/^remove it first, or choose another name$/, () => '请先删除它，或换一个名称'],
  [/^user name "(.*)": use 1 to 64 letters, digits, _ \. @ -$/, (_s, n) => `用户名“${n}”：请用 1 到 64 个字母、数字或 _ . @ -`],
  [/^the password is too short: use at least 8 characters$/, () => '密码太短：至少 8 个字符'],
  [/^the password is too long: use at most 1024 characters$/, () => '密码太长：最多 1024 个字符'],
  [/^role "(.*)": use (.*)$/, (_s, r, l) => `角色“${r}”：请用 ${codes(l)}`],
  [/^role: use (.*)$/, (_s, l) => `角色：请用 ${codes(l)}`],
  [/^no campaign (.*)$/, (_s, n) => `没有活动 ${n}`],
  [/^clientele campaign list$/, () => '查看：clientele campaign list'],
  [/^no RFM segment or saved segment "(.*)" with members$/, (_s, n) => `没有有成员的 RFM 细分或已保存细分“${n}”`],
  [/^clientele segment list; clientele value$/, () => '查看：clientele segment list；clientele value'],
  [/^there are no saved segments with members$/, () => '没有有成员的已保存细分'],
  [/^no customer has bought yet$/, () => '还没有客户购买过'],
  [/^create some: clientele segment create NAME --rule "\.\.\."$/, () => '请先创建：clientele segment create NAME --rule "..."'],
  [/^import orders first$/, () => '请先导入订单'],
  [/^the store has no customers$/, () => '数据库中没有客户'],
  [/^import customers first: clientele import customers FILE$/, () => '请先导入客户：clientele import customers FILE'],
  // campaigns and lists of customers
  [/^a campaign needs a name of at most 200 characters$/, () => '活动需要一个最多 200 个字符的名称'],
  [/^a campaign needs at least 2 customers \(got (.*)\)$/, (_s, n) => `活动至少需要 2 位客户（实际 ${n} 位）`],
  [/^(\S+) of (\S+) customer ids are not in the store \(first: (.*)\)$/, (_s, a, b, f) => `${b} 个客户编号中有 ${a} 个不在数据库中（第一个：${f}）`],
  [/^the list must hold customer ids of this store \(a customer_id column\)$/, () => '名单必须是此数据库的客户编号（customer_id 列）'],
  [/^the file ends inside a quoted field$/, () => '文件在引号字段内部结束'],
  [/^(.+): empty file$/, (_s, f) => `${f}：空文件`],
  [/^(.+): no customer_id column$/, (_s, f) => `${f}：没有 customer_id 列`],
  [/^the list must have a customer_id column, as every --out file of clientele has$/, () => '名单必须有 customer_id 列（clientele 的每个 --out 文件都有）'],
  [/^columns: customer_id, and optionally responded_at, revenue, profit$/, () => '列：customer_id，以及可选的 responded_at、revenue、profit'],
  [/^(.+?):(\d+): responded_at "(.*)" is not a date YYYY-MM-DD$/, (_s, f, l, x) => `${f}:${l}：responded_at“${x}”不是日期 YYYY-MM-DD`],
  [/^(.+?):(\d+): (\w+) "(.*)" is not a number$/, (_s, f, l, c, x) => `${f}:${l}：${c}“${x}”不是数字`],
  [/^(.+?):(\d+): empty customer_id$/, (_s, f, l) => `${f}:${l}：customer_id 为空`],
  // churn, leads, lookalikes
  [/^no past churn to learn from: the customers have no churn column, active flag or end date$/, () => '没有可学习的历史流失：客户没有流失列、活跃标记或结束日期'],
  [/^import customers with a column such as Churn \(yes\/no\), Active \(yes\/no\) or End date$/, () => '请导入带有 `Churn`（是/否）、`Active`（是/否）或 `End date` 这类列的客户'],
  [/^too few customers with a known outcome to learn from \((\S+) churned, (\S+) stayed; need (\d+) of each\)$/, (_s, a, b, n) => `已知结果的客户太少，无法学习（流失 ${a} 位，留存 ${b} 位；各需至少 ${n} 位）`],
  [/^check the (.+) column: yes\/no, 1\/0 or true\/false$/, (_s, c) => `请检查“${c}”列：应为 是/否、1/0 或 true/false`],
  [/^too few leads with a known outcome to learn from \(need at least 5 won and 5 lost\)$/, () => '已知结果的线索太少，无法学习（至少需要 5 条成交和 5 条未成交）'],
  [/^import leads with an outcome column \(won \/ lost, yes \/ no\)$/, () => '请导入带结果列的线索（`won` / `lost`，`yes` / `no`）'],
  [/^only (\S+) best customers \((.*)\) as of (\S+): too few to learn what they look like$/, (_s, n, w, d) => `截至 ${d} 只有 ${n} 位最佳客户（${w}）：太少，无法学习他们的特征`],
  [/^import more orders, or try --best either$/, () => '请导入更多订单，或试试 --best either'],
  [/^every customer is a best customer: there is nothing to tell them apart from$/, () => '每位客户都是最佳客户：没有可以用来区分的对照'],
  // the import (src/data)
  [/^no preset "(.*)"$/, (_s, p) => `没有预设“${p}”`],
  [/^presets: (.*)$/, (_s, l) => `预设：${codes(l)}`],
  [/^preset (\S+) is for (\S+), not (\S+)$/, (_s, p, a, b) => `预设 ${p} 用于{{entity:${a}}}，不是{{entity:${b}}}`],
  [/^run: clientele import (\S+) FILE --preset (\S+)$/, (_s, e, p) => `请运行：clientele import ${e} FILE --preset ${p}`],
  [/^--map (.*): expected field=Column$/, (_s, x) => `--map ${x}：应为 字段=列名`],
  [/^for example --map customer_id="Client No"$/, () => '例如 --map customer_id="Client No"'],
  [/^(--map|preset): ([\w-]+) has no field "(.*)"$/, (_s, o, e, f) => `${o === 'preset' ? '预设' : o}：{{entity:${e}}}没有字段“${f}”`],
  [/^--map (.*): the file has no column "(.*)"$/, (_s, x, c) => `--map ${x}：文件中没有列“${c}”`],
  [/^its columns are: (.*)$/, (_s, l) => `它的列有：${l}`],
  [/^the (\S+) preset needs a column "(.*)"$/, (_s, p, c) => `预设 ${p} 需要列“${c}”`],
  [/^the file's columns are: (.*)$/, (_s, l) => `文件的列有：${l}`],
  [/^no Dt_Customer date could be read$/, () => '无法读取任何 `Dt_Customer` 日期'],
  [/^Dt_Customer must be DD-MM-YYYY$/, () => '`Dt_Customer` 必须是 DD-MM-YYYY 格式'],
  [/^the file is not valid UTF-8$/, () => '此文件不是有效的 UTF-8'],
  [/^pass --encoding gb18030 for Chinese Excel files, or re-save the file as UTF-8$/, () => '中文电子表格导出的文件请加 --encoding gb18030，或把文件另存为 UTF-8'],
  [/^no such file$/, () => '没有这个文件'],
  [/^this is a folder, not a file$/, () => '这是文件夹，不是文件'],
  [/^cannot read the file \((.*)\)$/, (_s, w) => `无法读取此文件（${w}）`],
  [/^check the path$/, () => '请检查路径'],
  [/^the file is empty$/, () => '此文件是空的'],
  [/^export the data again; the file has no bytes$/, () => '请重新导出数据；此文件没有任何内容'],
  [/^the file ends in \.parquet but is not a Parquet file$/, () => '此文件的扩展名是 `.parquet`，但它不是 Parquet 文件'],
  [/^check that the export finished$/, () => '请确认导出已完成'],
  [/^the file looks binary \(it has NUL bytes\), not CSV, JSON lines or Parquet$/, () => '此文件看起来是二进制文件（含有空字节），不是 CSV、JSON 行文件或 Parquet'],
  [/^export it as CSV \(UTF-8\) or Parquet; Excel files \(\.xlsx\) must be saved as CSV first$/, () => '请导出为 CSV（UTF-8）或 Parquet'],
  [/^the file holds only blank lines$/, () => '此文件只有空行'],
  [/^this file (.*): it looks like another data set, and one store holds one company's data\. Nothing was imported$/, (_s, w) => `此文件${w}：看起来是另一个数据集，而一个数据库只保存一家公司的数据。未导入任何数据`],
  // the store
  [/^the store (.+) is in use by another process$/, (_s, f) => `数据库 ${f} 正被另一个进程使用`],
  [/^wait for it to finish, or use another --db$/, () => '如果占用它的是 clientele serve，请通过该服务器操作（同目录下的 .serve.json 文件写明了地址），或先停止服务器；否则请等那个进程结束，或用 --db 指定另一个数据库'],
  [/^cannot open the store (.+?): (.*)$/, (_s, f, w) => `无法打开数据库 ${f}：${w}`],
  [/^check the path, or pass another --db$/, () => '请检查路径，或用 --db 指定另一个数据库'],
  [/^the store was written by a newer Clientele \(schema (\S+); this one knows (\S+)\)$/, (_s, a, b) => `此数据库由更新版本的 clientele 写入（结构版本 ${a}；当前版本只认识 ${b}）`],
  [/^upgrade Clientele$/, () => '请升级 clientele'],
  [/^(\S+) already holds data \((\S+) imports(, not this demo company)?\); demo builds a company only in an empty store, so that two data sets never mix$/, (_s, f, n, other) => `${f} 中已有数据（${n} 次导入${other ? '，不是这个演示公司' : ''}）；clientele demo 只在空数据库中建立公司，以免两个数据集混在一起`],
  [/^use another store: clientele --db demo-2\.duckdb demo …, or delete (.+) first$/, (_s, f) => `请使用另一个数据库：\`clientele --db demo-2.duckdb demo …\`，或先删除 ${f}`],
  [/^generateDemo: customers must be a positive integer, got (.*)$/, (_s, x) => `演示数据：客户数必须是正整数，实际为 ${x}`],
  [/^generateDemo: seed must be an integer, got (.*)$/, (_s, x) => `演示数据：随机种子必须是整数，实际为 ${x}`],
  [/^generateDemo: outDir must name a directory$/, () => '演示数据：输出位置必须是文件夹'],
  [/^generateDemo: (.*) is not an ISO date \(YYYY-MM-DD\)$/, (_s, x) => `演示数据：${x} 不是 ISO 日期（YYYY-MM-DD）`],
  [/^generateDemo: the window (.*)\.\.(.*) must span at least 28 days$/, (_s, a, b) => `演示数据：时间窗口 ${a}..${b} 至少要有 28 天`],
  [/^not a ClickHouse address: (.*)$/, (_s, a) => `不是 ClickHouse 地址：${a}`],
  [/^write clickhouse:\/\/user@host:8123\/database$/, () => '请写成 `clickhouse://user@host:8123/database`'],
  [/^the database name "(.*)" must be letters, digits and _$/, (_s, n) => `数据库名“${n}”只能由字母、数字和 _ 组成`],
  [/^Chromium is not installed at (.*)$/, (_s, p) => `${p} 处没有安装 Chromium`],
  [/^run: bash scripts\/install-system-deps\.sh \(as root\), or set CHROMIUM_PATH$/, () => '请以管理员身份运行 `bash scripts/install-system-deps.sh`，或设置环境变量 `CHROMIUM_PATH`'],
  [/^import orders \(clientele import orders FILE\) or subscriptions \(clientele subscriptions from-customers, or import subscriptions FILE then clientele subscriptions bill\) first$/, () => '请先导入订单（clientele import orders FILE）或订阅（clientele subscriptions from-customers，或 clientele import subscriptions FILE 后运行 clientele subscriptions bill）'],
  // the API's own refusals (src/server)
  [/^(\S+): expected a whole number from (\S+) to (\S+)$/, (_s, k, a, b) => `${code(k)}：应为 ${a} 到 ${b} 之间的整数`],
  [/^(\S+): expected a number from (\S+) to (\S+)$/, (_s, k, a, b) => `${code(k)}：应为 ${a} 到 ${b} 之间的数`],
  [/^(\S+) "(.*)": use one of (.*)$/, (_s, k, x, l) => `${code(k)}“${x}”：请用以下之一：${codes(l)}`],
  [/^(\S+): use one of (.*)$/, (_s, k, l) => `${code(k)}：请用以下之一：${codes(l)}`],
  [/^(\S+) is required$/, (_s, k) => `缺少 ${code(k)}`],
  [/^(\S+): at most (\S+) characters$/, (_s, k, n) => `${code(k)}：最多 ${n} 个字符`],
  [/^(\S+): expected a string$/, (_s, k) => `${code(k)}：应为字符串`],
  [/^(\S+): expected true or false$/, (_s, k) => `${code(k)}：应为 true 或 false`],
  [/^(\S+) (\S+): expected a score from 1 to 5$/, (_s, k, x) => `${code(k)} ${x}：应为 1 到 5 的分数`],
  [/^(\S+): expected a whole number$/, (_s, k) => `${code(k)}：应为整数`],
  [/^(\S+): expected a list of customer ids$/, (_s, k) => `${code(k)}：应为客户编号列表`],
  [/^(\S+): expected a list$/, (_s, k) => `${code(k)}：应为列表`],
  [/^(\S+): expected an object$/, (_s, k) => `${code(k)}：应为对象`],
  [/^(\S+): expected YYYY-MM-DD$/, (_s, k) => `${code(k)}：应为 YYYY-MM-DD`],
  [/^(\S+): expected a campaign number$/, (_s, k) => `${code(k)}：应为活动编号`],
  [/^(\S+): expected a list of column names$/, (_s, k) => `${code(k)}：应为列名列表`],
  [/^id: 1 to 200 characters$/, () => '`id`：1 到 200 个字符'],
  [/^give one of segment or customerIds$/, () => '请给出 `segment` 或 `customerIds` 之一'],
  [/^excludeProducts: at most 1000 product ids$/, () => '`excludeProducts`：最多 1000 个产品编号'],
  [/^(\S+): at most 100 (SEGMENT|SOURCE)=AMOUNT items of 200 characters$/, (_s, k, w) => `\`${k}\`：最多 100 项 \`${w}=AMOUNT\`，每项最多 200 个字符`],
  [/^map: at most 100 field=Column pairs of 300 characters$/, () => '`map`：最多 100 对 字段=列名，每对最多 300 个字符'],
  [/^horizon: expected a whole number of periods from 1 to 100000$/, () => '`horizon`：应为 1 到 100000 之间的整数个周期'],
  [/^top: expected a whole number from 1 to 1000$/, () => '`top`：应为 1 到 1000 之间的整数'],
  [/^k: use "auto" or a whole number from 2 to 20$/, () => '`k`：请用 "auto" 或 2 到 20 之间的整数'],
  [/^import "(.*)": expected an import number$/, (_s, x) => `导入“${x}”：应为导入编号`],
  [/^bad file name$/, () => '文件名无效'],
  [/^the body is empty: (?:expected a JSON object|send the file as the request body)$/, (s) => (s.endsWith('object') ? '请求体为空：应为 JSON 对象' : '请求体为空：请把文件作为请求体发送')],
  [/^the body is not valid JSON$/, () => '请求体不是有效的 JSON'],
  [/^the body must be a JSON object$/, () => '请求体必须是 JSON 对象'],
  [/^send the body as application\/json$/, () => '请以 application/json 发送请求体'],
  [/^the body is larger than (\S+) bytes$/, (_s, n) => `请求体超过 ${n} 字节`],
  [/^the file is larger than the limit of (\S+) bytes$/, (_s, n) => `文件超过 ${n} 字节的上限`],
  [/^send the file itself as the body \(e\.g\. application\/octet-stream or text\/csv\), not a multipart form$/, () => '请直接把文件作为请求体发送（例如 application/octet-stream 或 text/csv），不要用多部分表单'],
  [/^dateFormat: control characters are not allowed in a date format$/, () => '`dateFormat`：日期格式中不能有控制字符'],
  [/^dateFormat: %(\S*) is not a date code; use auto, iso, a pattern such as DD\/MM\/YYYY, or the codes (.*)$/, (_s, c, l) => `\`dateFormat\`：%${c} 不是日期代码；请用 auto、iso、DD/MM/YYYY 这样的格式，或代码 ${l}`],
  [/^no such route; see GET \/openapi\.json$/, () => '没有这个接口；见 GET /openapi.json'],
  [/^sign in first: send Authorization: Bearer TOKEN \(POST \/api\/login gives one\)$/, () => '请先登录：发送 `Authorization: Bearer TOKEN`（由 POST /api/login 获得）'],
  [/^the session was idle too long: sign in again$/, () => '会话闲置太久：请重新登录'],
  [/^the token is unknown or has expired: sign in again$/, () => '令牌未知或已过期：请重新登录'],
  [/^this needs the (\S+) role; you are (\S+)$/, (_s, a, b) => `这需要${roleZh(a)}角色；您是${roleZh(b)}`],
  [/^viewers cannot test personal data or what derives from it in a rule \((.*)\); `is null` and `is not null` are allowed$/, (_s, f) => `查看者不能在规则中检验个人数据及由其推导的数据（${f}）；可以用 \`is null\` 和 \`is not null\``],
  [/^too many failed sign-ins: wait (\S+) s and try again$/, (_s, n) => `登录失败次数过多：请等待 ${n} 秒后重试`],
  [/^wrong name or password$/, () => '用户名或密码错误'],
  [/^the current password is wrong$/, () => '当前密码错误'],
  [/^the client closed the request$/, () => '客户端关闭了请求'],
  // quarantine reasons (src/data/scan.ts, src/sql/import.ts): kept in English in the store, shown translated
  [/^a record longer than 8 MB \(a value this long is no field of an export\)$/, () => '记录超过 8 MB（如此长的值不是导出文件中的字段）'],
  [/^a quote opened on this line is not closed before the end of the file$/, () => '此行开始的引号直到文件结尾都没有闭合'],
  [/^a quote opened on this line is not closed(?: \(it would run over (\d+) lines\))?$/, (_s, n) => `此行开始的引号没有闭合${n ? `（会跨越 ${n} 行）` : ''}`],
  [/^a quote opened on this line makes a record of (\d+) lines that cannot be read(?: \((.*)\))?$/, (_s, n, w) => `此行开始的引号使记录跨越 ${n} 行，无法读取${w ? `（${quarantineReasonZh(w)}）` : ''}`],
  [/^text after a closing quote$/, () => '右引号后面还有文字'],
  [/^a quoted field ends before the record does$/, () => '引号字段在记录结束之前就结束了'],
  [/^TOO MANY COLUMNS(?: \((\d+) fields, expected (\d+)\))?$/, (_s, a, b) => `字段比表头多${a ? `（${a} 个字段，应为 ${b} 个）` : ''}`],
  [/^MISSING COLUMNS(?: \((\d+) fields, expected (\d+)\))?$/, (_s, a, b) => `字段比表头少${a ? `（${a} 个字段，应为 ${b} 个）` : ''}`],
  [/^the line holds a NUL byte(?: \(the file is damaged or partly binary\))?$/, () => '此行含有空字节（文件已损坏或部分是二进制）'],
  [/^the line is not valid (.+): the file mixes encodings$/, (_s, e) => `此行不是有效的 ${e}：文件混用了多种编码`],
  [/^the line is (UTF-8|not valid .+) in a (.+) file: the file mixes encodings$/, (_s, w, e) => `此行${w === 'UTF-8' ? '是 UTF-8' : `不是有效的 ${w.slice('not valid '.length)}`}，而文件是 ${e}：文件混用了多种编码`],
  [/^(".*"|value) is not a finite number$/, (_s, x) => `${v(x)} 不是有限数`],
  [/^(".*"|value) is beyond the plausible magnitude (\S+)$/, (_s, x, m) => `${v(x)} 超出合理的数量级 ${plainNumber(m)}`],
  [/^viewers cannot list the members of segment "(.*)": it is chosen on personal data \((.*)\); its figures and portrait are open to you, and an analyst can see its members$/, (_s, n, p) => `查看者不能列出细分“${n}”的成员：它按个人数据（${p.split(', ').join('、')}）选出；您可以查看它的规模、数据和画像，分析师可以查看成员`],
  [/^quantity × unit_price is beyond the plausible magnitude (\S+)$/, (_s, m) => `数量 × 单价超出合理的数量级 ${plainNumber(m)}`],
  [/^(".*"|value) is outside the plausible dates (\S+)\.\.(\S+)$/, (_s, x, a, b) => `${v(x)} 不在合理的日期范围 ${a}..${b} 内`],
  [/^(".*"|value) is not a whole number$/, (_s, x) => `${v(x)} 不是整数`],
];

/** An exponent (1e+15) as a plain number (1,000,000,000,000,000); the text itself when it is not one. */
export function plainNumber(s: string): string {
  const n = Number(s);
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return s;
  return n.toLocaleString('en', { maximumFractionDigits: 20 });
}

/** A quarantine reason in Chinese (the unreadable record's inner reason), the text itself when not known. */
export function quarantineReasonZh(s: string): string {
  return by(ERROR_ZH_PATTERNS, s) ?? s;
}

export { RULE_REASONS, by as translateBy };
