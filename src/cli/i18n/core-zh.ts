/**
 * Wording that the core modules (value, target, act …) still produce as English prose, in 简体中文, for the CLI's
 * zh-CN output: exact texts, then patterns for texts with numbers. A bridge until the core returns codes and
 * parameters; the zh-CN scan test (src/cli/zh-scan.test.ts) fails on any text that is missing here.
 */
export const CORE_ZH_EXACT: Readonly<Record<string, string>> = {
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

/** Texts with numbers or names in them: a pattern and its Chinese. */
export const CORE_ZH_PATTERNS: ReadonlyArray<readonly [RegExp, (...m: string[]) => string]> = [
  [/^quantile ([\d.]+) of buyers$/, (_s, q) => `购买客户的 ${q} 分位数`],
  [/^cost to serve assumed at ([\d.]+) per order$/, (_s, c) => `服务成本按每单 ${c} 假设`],
  [/^cost of goods assumed at a margin rate of ([\d.]+) for ([\d,]+) of net revenue$/, (_s, r, n) => `${n} 的净收入按毛利率 ${r} 假设商品成本`],
  [/^([\d,]+) of net revenue has no product cost and is counted at zero cost \(pass --margin-rate R\)$/, (_s, n) => `${n} 的净收入没有产品成本，按零成本计（请加 --margin-rate R）`],
  [/^long-term value \(proxy\) = current value × p_alive × (\d+) years; .*$/, (_s, y) => `长期价值（近似估计）= 当前价值 × 存活概率 × ${y} 年；存活概率 = exp(−距上次购买天数 / 平均购买间隔)，平均间隔 = (最后一次 − 第一次购买) / (购买天数 − 1)，只有一个购买日时用 oneTimeGapDays`],
];
