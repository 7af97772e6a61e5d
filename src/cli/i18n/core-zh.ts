/**
 * Wording that the core modules (value, target, act …) still produce as English prose, in 简体中文, for the CLI's
 * zh-CN output: exact texts, then patterns for texts with numbers. A bridge until the core returns codes and
 * parameters; the zh-CN scan test (src/cli/zh-scan.test.ts) fails on any text that is missing here.
 */
export const CORE_ZH_EXACT: Readonly<Record<string, string>> = {
  // clv: progress steps (src/clv/store.ts)
  'building (x, t_x, T) in the store': '正在数据库中计算每位客户的 (x, t_x, T)',
  'fitting gamma-gamma': '正在拟合 Gamma-Gamma 消费模型',
  predicting: '正在预测',
  'saving predictions': '正在保存预测结果',
  'comparing with the holdout': '正在与留出期比较',
  'tracking cumulative purchases': '正在计算累计购买次数',
  // value: axes, formulas, notes
  loyalty: '忠诚度',
  'current value (annualised profit)': '当前价值（年化利润）',
  'long-term value': '长期价值',
  'satisfaction (mean 1–5; from NPS as 1 + 0.4 × nps when only NPS is known)': '满意度（1–5 的平均值；只有 NPS 时按 1 + 0.4 × NPS 换算）',
  'fixed value': '固定值',
  'loyalty = mean of the percentile ranks (among buyers) of purchase days, tenure and recency (recent = high)': '忠诚度 = 购买天数、合作时长和最近度（越近越高）在购买客户中的百分位排名的平均值',
  'current value = profit × 365 / max(tenure days, 365) (annualised profit)': '当前价值 = 利润 × 365 / max(合作天数, 365)（年化利润）',
  'long-term value = clv_predictions.clv': '长期价值 = CLV 模型预测的客户终身价值',
  'customers without a survey answer are in no cell': '没有问卷回答的客户不归入任何格子',
  'long-term value is a proxy until CLV predictions exist': '在有 CLV 预测之前，长期价值为近似估计',
  'no cost of goods, service costs or margin rate: profit cannot be computed; profit figures show net revenue (pass --margin-rate R or import products with unit_cost)':
    '没有商品成本、服务成本或毛利率：无法计算利润；利润数字显示的是净收入（请加 --margin-rate R，或导入带 unit_cost 的产品）',
  'no service costs: cost to serve is zero (import service-costs or pass --cost-per-order C)': '没有服务成本记录：服务成本按零计（请导入 service-costs，或加 --cost-per-order C）',
  'surveys: import them with `clientele import surveys FILE` (customer_id, satisfaction 1–5 and/or nps 0–10, date)': '问卷数据：用 `clientele import surveys FILE` 导入（客户编号、1–5 分满意度和/或 0–10 分 NPS、日期）',
  // value: what an unscored criterion needs
  'order lines': '订单明细',
  'product costs (unit_cost or margin_rate) or --margin-rate': '产品成本（unit_cost 或 margin_rate）或 --margin-rate',
  'order lines with a discount column': '带折扣列的订单明细',
  'payments (due_date, paid_at)': '付款记录（应付日期、实付日期）',
  'service costs, or --cost-per-order': '服务成本记录，或 --cost-per-order',
  'customers.referred_by': '客户的推荐人字段（referred_by）',
  'company customers with credit_rating': '带信用评级（credit_rating）的企业客户',
  'company customers with industry, and b2b.favouredIndustries in the config': '带行业字段的企业客户，以及配置中的 b2b.favouredIndustries',
  'company customers with annual_revenue': '带年收入（annual_revenue）的企业客户',
  'a firmographic field that measures it (not in the customer schema yet)': '能衡量这一点的企业属性字段（客户数据结构中尚无）',
  'B2B: governance': '企业客户：治理结构',
  'B2B: clear strategy and sound operation': '企业客户：战略清晰、经营稳健',
  'B2B: competitive advantage': '企业客户：竞争优势',
  'B2B: stable growing market with good channels': '企业客户：市场稳定增长且渠道良好',
};

const TYPE_ZH: Readonly<Record<string, string>> = { 'a number': '数字', 'a whole number': '整数', 'a date': '日期', 'yes/no': '是/否', text: '文本' };

/**
 * Texts with numbers or names in them: a pattern and its Chinese. `{{field:x}}` is replaced by the data field's
 * label (datafield.x in the catalogue).
 */
export const CORE_ZH_PATTERNS: ReadonlyArray<readonly [RegExp, (...m: string[]) => string]> = [
  // import: quarantine reasons (src/sql/import.ts) and notes (src/data/import.ts)
  [/^fitting ([\w-]+) on the calibration period$/, (_s, m) => `正在用校准期数据拟合 ${m}`],
  [/^fitting ([\w-]+)$/, (_s, m) => `正在拟合 ${m}`],
  // target: reasons (src/target/target.ts)
  [/^([\d,]+) customers \(([\d.]+%|—) of buyers\), profit (-?[\d,.]+) \((-?[\d,.]+) each\), mean long-term value (-?[\d,.]+|—)$/, (_s, n, share, profit, each, ltv) => `${n} 位客户（占购买客户的 ${share}），利润 ${profit}（人均 ${each}），平均长期价值 ${ltv}`],
  [/^revenue (up|down) ([\d.]+%) on the period before$/, (_s, dir, p) => `收入比上一期${dir === 'up' ? '增长' : '下降'} ${p}`],
  [/^mean P\(alive\) ([\d.]+)$/, (_s, p) => `平均存活概率 ${p}`],
  [/^discounts ([\d.]+%|—) of gross revenue, cost to serve ([\d.]+%|—) of net revenue \(company: (\w+) price, (\w+) service capacity\)$/, (_s, d, c, price, cap) => `折扣占总收入的 ${d}，服务成本占净收入的 ${c}（公司：${({ premium: '高端', mid: '中端', budget: '经济' } as Record<string, string>)[price] ?? price}价格定位，${({ high: '高', medium: '中等', low: '低' } as Record<string, string>)[cap] ?? cap}服务能力）`],
  [/^([\d.]+%) buy mainly in the company's strong or strategic categories$/, (_s, p) => `${p} 的客户主要购买公司的优势或战略品类`],
  [/^loses money as a group: fix cost to serve and prices before spending to grow it \(80\/20\/30\)$/, () => '整体亏损：先调整服务成本和价格，再投入发展（80/20/30）'],
  [/^price-sensitive: win on price and efficient service$/, () => '价格敏感：以价格和高效服务取胜'],
  [/^small and profitable: serve it with a focused offer$/, () => '规模小且盈利：用聚焦的产品和服务来服务'],
  [/^large and valuable: win on a distinctive offer and service, not on price$/, () => '规模大且有价值：以独特的产品和服务取胜，而不是靠价格'],
  [/^missing (\w+)$/, (_s, f) => `缺少{{field:${f}}}`],
  [/^(".*"|value) is not (a number|a whole number|a date|yes\/no|text)(?: \(expected (.*)\))?$/, (_s, v, ty, fmt) => `${v === 'value' ? '值' : v} 不是${TYPE_ZH[ty] ?? ty}${fmt ? `（应为 ${fmt}）` : ''}`],
  [/^(\w+) must be more than (-?[\d.]+)$/, (_s, f, n) => `{{field:${f}}}必须大于 ${n}`],
  [/^(\w+) must not be negative$/, (_s, f) => `{{field:${f}}}不能为负数`],
  [/^(\w+) must be at least (-?[\d.]+)$/, (_s, f, n) => `{{field:${f}}}至少为 ${n}`],
  [/^(\w+) must be at most (-?[\d.]+)$/, (_s, f, n) => `{{field:${f}}}最多为 ${n}`],
  [/^(".*"|value) is not a kind \(sale, return, cancel\)$/, (_s, v) => `${v === 'value' ? '值' : v} 不是有效的类型（sale 销售、return 退货、cancel 取消）`],
  [/^quantity is zero$/, () => '数量为零'],
  [/^needs unit_price or amount$/, () => '需要单价或金额'],
  [/^a sale line with a negative quantity or amount$/, () => '销售行的数量或金额为负数'],
  [/^written_off is more than the amount$/, () => '核销金额大于付款金额'],
  [/^needs satisfaction or nps$/, () => '需要满意度或 NPS'],
  [/^duplicate (?:([\w, ]+) )?of (?:line (\d+)|an earlier line)$/, (_s, keys, line) => `与${line ? `第 ${line} 行` : '前面某一行'}重复${keys ? `（${keys.split(', ').map((k) => `{{field:${k}}}`).join('、')}）` : ''}`],
  [/^already in the store \(identical line imported before\)$/, () => '数据库中已有（之前导入过相同的行）'],
  [/^unreadable record: (.*)$/, (_s, r) => `无法读取的记录：${r}`],
  [/^this file was imported before as import #(\d+); nothing new was loaded$/, (_s, n) => `此文件之前已作为第 ${n} 次导入导入过；没有加载新数据`],
  [/^column "(.*)" did not look like dates, so it was not used as (\w+) \(kept as an attribute where possible\)$/, (_s, c, f) => `列“${c}”看起来不像日期，因此没有用作{{field:${f}}}（尽可能保留为属性）`],
  [/^dates in "(.*)" also read as (.*); (.*) was assumed \(pass --date-format to choose\)$/, (_s, c, alt, fmt) => `列“${c}”中的日期也可读作 ${alt}；已假定为 ${fmt}（可用 --date-format 指定）`],
  [/^columns not used: (.*)$/, (_s, cols) => `未使用的列：${cols}`],
  [/^(\d+) lines have no customer id: loaded as unattributed sales \(they count in totals, not in any customer's figures\)$/, (_s, n) => `${n} 行没有客户编号：作为未归属销售加载（计入总额，不计入任何客户的数字）`],
  [/^quantile ([\d.]+) of buyers$/, (_s, q) => `购买客户的 ${q} 分位数`],
  [/^cost to serve assumed at ([\d.]+) per order$/, (_s, c) => `服务成本按每单 ${c} 假设`],
  [/^cost of goods assumed at a margin rate of ([\d.]+) for ([\d,]+) of net revenue$/, (_s, r, n) => `${n} 的净收入按毛利率 ${r} 假设商品成本`],
  [/^([\d,]+) of net revenue has no product cost and is counted at zero cost \(pass --margin-rate R\)$/, (_s, n) => `${n} 的净收入没有产品成本，按零成本计（请加 --margin-rate R）`],
  [/^long-term value \(proxy\) = current value × p_alive × (\d+) years; .*$/, (_s, y) => `长期价值（近似估计）= 当前价值 × 存活概率 × ${y} 年；存活概率 = exp(−距上次购买天数 / 平均购买间隔)，平均间隔 = (最后一次 − 第一次购买) / (购买天数 − 1)，只有一个购买日时用 oneTimeGapDays`],
];
