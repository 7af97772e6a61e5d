/**
 * What each exported column means, by its code name: how its numbers are rounded, and its header in English and
 * 简体中文 (the export's catalogue; `columns.test.ts` checks every column has both). English headers stay the code
 * names that scripts read; zh-CN headers are labels a Chinese spreadsheet user reads.
 */
export type ColumnKind = 'money' | 'probability' | 'ratio' | 'count' | 'days' | 'text';

interface ColumnSpec {
  readonly kind: ColumnKind;
  readonly zh: string;
}

const C = (kind: ColumnKind, zh: string): ColumnSpec => ({ kind, zh });

export const COLUMNS: Readonly<Record<string, ColumnSpec>> = {
  customer_id: C('text', '客户编号'),
  lead_id: C('text', '线索编号'),
  contact_id: C('text', '联系人编号'),
  contact_type: C('text', '联系人类型'),
  name: C('text', '姓名'),
  email: C('text', '邮箱'),
  phone: C('text', '电话'),
  country: C('text', '国家/地区'),
  company: C('text', '公司'),
  city: C('text', '城市'),
  opt_out: C('text', '已退订'),
  reason: C('text', '原因'),
  offer: C('text', '优惠'),
  message: C('text', '消息'),
  date: C('text', '日期'),
  kind: C('text', '类型'),
  language: C('text', '语言'),
  rfm_segment: C('text', 'RFM 细分'),
  rfm_r: C('count', '最近度得分 R'),
  rfm_f: C('count', '频度得分 F'),
  rfm_m: C('count', '金额得分 M'),
  orders: C('count', '订单数'),
  net_revenue: C('money', '净收入'),
  profit: C('money', '利润'),
  long_term_value: C('money', '长期价值'),
  first_purchase: C('text', '首次购买日期'),
  last_purchase: C('text', '最近购买日期'),
  recency_days: C('days', '距上次购买天数'),
  method: C('text', '挽回方法'),
  p_alive: C('probability', '存活概率'),
  expected_gap_days: C('days', '预期购买间隔天数'),
  value_at_risk: C('money', '风险价值'),
  segment: C('text', '细分'),
  value_tier: C('text', '价值层级'),
  score: C('probability', '得分'),
  rank: C('count', '排名'),
  top_factors: C('text', '主要因素'),
  similarity: C('probability', '相似度'),
  lift: C('ratio', '提升度'),
  drivers: C('text', '主要属性'),
  against: C('text', '对照组'),
  direct: C('count', '直接介绍人数'),
  brought_in: C('count', '带来的客户数'),
  generations: C('count', '介绍代数'),
  chain_revenue: C('money', '链条收入'),
  chain_profit: C('money', '链条利润'),
  source: C('text', '来源'),
  status: C('text', '状态'),
  failed: C('text', '未通过项'),
  money: C('text', '资金'),
  authority: C('text', '决策权'),
  need: C('text', '需求'),
  note: C('text', '备注'),
  product_id: C('text', '产品编号'),
  import_id: C('count', '导入编号'),
  file: C('text', '文件'),
  line: C('count', '行号'),
  column: C('text', '列'),
  original: C('text', '原始值'),
  x: C('count', '重复购买次数'),
  t_x: C('ratio', '最后一次购买时点'),
  T: C('ratio', '观察期长度'),
  expected_purchases: C('ratio', '预期购买次数'),
  expected_spend: C('money', '预期每单消费'),
  clv: C('money', '客户终身价值'),
};

/** Decimal places by kind: money to cents, probabilities to 4 places, ratios to 4, counts whole, days to 1. */
const PLACES: Readonly<Record<Exclude<ColumnKind, 'text'>, number>> = { money: 2, probability: 4, ratio: 4, count: 0, days: 1 };

/** A number rounded to what it means, as text in plain notation (never `6.27e-7`); other values unchanged. */
export function roundCell(code: string, v: unknown): unknown {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v;
  const kind = COLUMNS[code]?.kind;
  if (kind === undefined || kind === 'text') return v;
  const places = PLACES[kind];
  const s = v.toFixed(places);
  // toFixed writes -0.00 for tiny negatives: a value that rounds to zero is zero.
  return Number(s) === 0 ? (0).toFixed(places) : s;
}

/** The header of a column in a language: the code name in English, the label in Chinese (code name if unknown). */
export function columnHeader(code: string, lang: 'en' | 'zh-CN'): string {
  return lang === 'zh-CN' ? (COLUMNS[code]?.zh ?? code) : code;
}
