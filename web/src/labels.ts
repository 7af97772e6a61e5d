/** Human names of the API's field keys (profile, figures, criteria, flags), in English and 简体中文. */
import type { Lang } from './i18n';

const LABELS: Record<string, [string, string]> = {
  // profile
  name: ['name', '姓名'],
  email: ['email', '电子邮件'],
  phone: ['phone', '电话'],
  address: ['address', '地址'],
  birth_date: ['birth date', '出生日期'],
  type: ['type', '类型'],
  country: ['country', '国家'],
  region: ['region', '省/州'],
  city: ['city', '城市'],
  gender: ['gender', '性别'],
  income: ['income', '收入'],
  occupation: ['occupation', '职业'],
  education: ['education', '教育程度'],
  industry: ['industry', '行业'],
  employees: ['employees', '员工数'],
  credit_rating: ['credit rating', '信用评级'],
  signup_date: ['signed up', '注册日期'],
  channel: ['channel', '渠道'],
  referred_by: ['referred by', '推荐人'],
  opt_out: ['opted out', '已退订'],
  // figures
  firstPurchase: ['first purchase', '首次购买'],
  tenureDays: ['tenure (days)', '客户时长（天）'],
  grossRevenue: ['gross revenue', '总收入'],
  returns: ['returns', '退货'],
  discounts: ['discounts', '折扣'],
  costOfGoods: ['cost of goods', '商品成本'],
  grossMargin: ['gross margin', '毛利'],
  costToServe: ['cost to serve', '服务成本'],
  badDebt: ['bad debt', '坏账'],
  latePayments: ['late payments', '逾期付款'],
  satisfaction: ['satisfaction', '满意度'],
  nps: ['NPS', '净推荐值'],
  referrals: ['referrals', '推荐客户数'],
  topCategory: ['top category', '主要品类'],
  // criteria
  purchasePower: ['purchase power', '购买力'],
  highMargin: ['volume of high-margin products', '高利润产品的购买量'],
  priceInsensitivity: ['low price sensitivity', '对价格不敏感'],
  paysOnTime: ['pays on time', '按时付款'],
  lowCostToServe: ['low cost to serve', '服务成本低'],
  lowRisk: ['low risk', '风险低'],
  growth: ['good growth', '成长性好'],
  loyalty: ['loyalty and tenure', '忠诚度与客户时长'],
  credit: ['healthy finances (credit rating)', '财务健康（信用评级）'],
  scale: ['scale of the business', '企业规模'],
  // flags
  lossMaking: ['loses money (profit < 0)', '亏损（利润 < 0）'],
  costsMoreThanBrings: ['buys little but costs more to serve than it brings', '购买少而服务成本高于其贡献'],
  chronicLate: ['chronic late payment', '长期拖欠付款'],
  offStrategy: ['demands outside the strategy (off-core purchases)', '需求偏离公司战略（非核心品类）'],
};
// The evidence behind criteria and flags (src/value/criteria.ts), shown as chips.
const EVIDENCE: Record<string, [string, string]> = {
  netRevenue: ['net revenue', '净收入'],
  grossMargin: ['gross margin', '毛利'],
  cogs: ['cost of goods', '商品成本'],
  discounts: ['discounts', '折扣'],
  grossRevenue: ['gross revenue', '总收入'],
  payments: ['payments', '付款笔数'],
  avgDaysLate: ['average days late', '平均逾期天数'],
  maxDaysLate: ['most days late', '最长逾期天数'],
  lateScaleDays: ['days late that score zero', '计为零分的逾期天数'],
  costToServe: ['cost to serve', '服务成本'],
  returns: ['returns', '退货'],
  cancellations: ['cancellations', '取消'],
  badDebt: ['bad debt', '坏账'],
  badDebtMin: ['bad debt that raises the flag', '触发警示的坏账金额'],
  pAlive: ['P(alive)', '存活概率'],
  revenueRecent: ['revenue, last window', '最近一期收入'],
  revenuePrior: ['revenue, window before', '上一期收入'],
  windowDays: ['window (days)', '周期（天）'],
  loyalty: ['loyalty index', '忠诚度指数'],
  purchaseDays: ['purchase days', '购买天数'],
  tenureDays: ['tenure (days)', '客户时长（天）'],
  recencyDays: ['days since last purchase', '距上次购买天数'],
  referrals: ['customers referred', '推荐的客户数'],
  referralCap: ['referrals for a full score', '满分所需推荐数'],
  creditRating: ['credit rating', '信用评级'],
  type: ['type', '类型'],
  industry: ['industry', '行业'],
  favoured: ['favoured industries', '受青睐的行业'],
  annualRevenue: ['annual revenue', '年营业额'],
  employees: ['employees', '员工数'],
  profit: ['profit', '利润'],
  smallRevenueCutoff: ['"buys little" cut-off', '“购买少”的界限'],
  latePayments: ['late payments', '逾期付款笔数'],
  minLatePayments: ['late payments that raise the flag', '触发警示的逾期笔数'],
  minLateShare: ['late share that raises the flag', '触发警示的逾期比例'],
  offCoreRevenue: ['revenue outside the core categories', '非核心品类收入'],
  categorizedRevenue: ['revenue with a category', '有品类的收入'],
  offCoreShareMin: ['off-core share that raises the flag', '触发警示的非核心比例'],
};

/** An evidence key (netRevenue, costToServe, …) by its label; never the code name. */
export function evidenceLabel(lang: Lang, key: string): string {
  const l = EVIDENCE[key] ?? LABELS[key];
  return l ? l[lang === 'zh-CN' ? 1 : 0] : key;
}

// What an imported file holds (the importer's entity names) and what the store holds.
const ENTITY: Record<string, [string, string]> = {
  customers: ['customers', '客户'],
  orders: ['orders', '订单明细'],
  products: ['products', '商品'],
  'service-costs': ['service costs', '服务成本'],
  payments: ['payments', '付款'],
  surveys: ['surveys', '满意度调查'],
  leads: ['leads', '销售线索'],
  subscriptions: ['subscriptions', '订阅'],
  contacts: ['contacts', '联系人'],
  campaigns: ['campaigns', '营销活动'],
  quarantine: ['quarantined rows', '隔离的行'],
};
export function entityLabel(lang: Lang, key: string): string {
  const l = ENTITY[key];
  return l ? l[lang === 'zh-CN' ? 1 : 0] : key;
}

// Keys shared by a criterion and a figure or field read the same in both places, except these.
const CRITERIA_ONLY: Record<string, [string, string]> = {
  industry: ['favoured industry', '受青睐的行业'],
  referrals: ['referrals', '推荐他人'],
  badDebt: ['bad debt (amounts written off)', '坏账（已核销金额）'],
};

export function label(lang: Lang, key: string, fallback?: string): string {
  const l = LABELS[key];
  return l ? l[lang === 'zh-CN' ? 1 : 0] : (fallback ?? key);
}

export function criterionLabel(lang: Lang, key: string, fallback: string): string {
  const l = CRITERIA_ONLY[key] ?? LABELS[key];
  return l ? l[lang === 'zh-CN' ? 1 : 0] : fallback;
}
