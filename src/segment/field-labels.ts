/**
 * The rule fields (fields.ts) for people: each one's group in the method's five kinds of attribute (DESIGN.md
 * §1.4: geography, demographics, psychographics, behaviour, value) and its name in English and 简体中文. Pure (no
 * Node, no SQL): the dashboard bundles it for the segment builder, the report and portraits use it for field names.
 */

export type FieldGroup = 'geography' | 'demographics' | 'psychographics' | 'behaviour' | 'value' | 'contact';
export type LabelLang = 'en' | 'zh-CN';

export const FIELD_GROUPS: readonly FieldGroup[] = ['geography', 'demographics', 'psychographics', 'behaviour', 'value', 'contact'];

const GROUP_NAMES: Record<FieldGroup, [string, string]> = {
  geography: ['Geography', '地理'],
  demographics: ['Demographics', '人口统计'],
  psychographics: ['Psychographics', '心理特征'],
  behaviour: ['Behaviour', '行为'],
  value: ['Value', '价值贡献'],
  contact: ['Contact details', '联系方式'],
};

/** field → [group, English, 简体中文]. Every key of FIELDS is here (a test checks it). */
export const FIELD_LABELS: Readonly<Record<string, readonly [FieldGroup, string, string]>> = {
  name: ['contact', 'name', '姓名'],
  email: ['contact', 'email', '电子邮件'],
  phone: ['contact', 'phone', '电话'],
  address: ['contact', 'address', '地址'],
  country: ['geography', 'country', '国家'],
  region: ['geography', 'province or region', '省份/地区'],
  city: ['geography', 'city', '城市'],
  gender: ['demographics', 'gender', '性别'],
  age: ['demographics', 'age', '年龄'],
  birth_year: ['demographics', 'year of birth', '出生年份'],
  birth_date: ['demographics', 'birth date', '出生日期'],
  income: ['demographics', 'income', '收入'],
  occupation: ['demographics', 'occupation', '职业'],
  education: ['demographics', 'education', '教育程度'],
  marital_status: ['demographics', 'marital status', '婚姻状况'],
  type: ['demographics', 'customer type', '客户类型'],
  industry: ['demographics', 'industry', '行业'],
  employees: ['demographics', 'employees', '员工数'],
  annual_revenue: ['demographics', 'annual revenue of the company', '企业年营业额'],
  credit_rating: ['demographics', 'credit rating', '信用评级'],
  lifestyle: ['psychographics', 'lifestyle', '生活方式'],
  satisfaction: ['psychographics', 'satisfaction (1–5)', '满意度（1–5）'],
  nps: ['psychographics', 'NPS answer (0–10)', '净推荐值（0–10）'],
  channel: ['behaviour', 'acquisition channel', '获客渠道'],
  referred_by: ['behaviour', 'referred by', '推荐人'],
  signup_date: ['behaviour', 'signup date', '注册日期'],
  opt_out: ['behaviour', 'opted out of marketing', '已退订营销'],
  first_purchase: ['behaviour', 'first purchase', '首次购买'],
  lifecycle: ['behaviour', 'relationship life-cycle stage', '客户关系生命周期阶段'],
  last_purchase: ['behaviour', 'last purchase', '最近购买'],
  orders: ['behaviour', 'orders', '订单数'],
  purchase_days: ['behaviour', 'purchase days', '购买天数'],
  recency_days: ['behaviour', 'days since last purchase', '距上次购买天数'],
  tenure_days: ['behaviour', 'tenure (days)', '客户时长（天）'],
  late_payments: ['behaviour', 'late payments', '逾期付款次数'],
  top_category: ['behaviour', 'top category', '主要品类'],
  discount_share: ['behaviour', 'discount share', '折扣占比'],
  'rfm.r': ['behaviour', 'recency score R', '最近购买评分 R'],
  'rfm.f': ['behaviour', 'frequency score F', '购买频率评分 F'],
  'rfm.m': ['value', 'monetary score M', '消费金额评分 M'],
  'rfm.segment': ['value', 'RFM segment', 'RFM 细分'],
  segment: ['value', 'RFM segment', 'RFM 细分'],
  revenue: ['value', 'net revenue', '净收入'],
  gross_revenue: ['value', 'gross revenue', '总收入'],
  discounts: ['value', 'discounts', '折扣'],
  cost_to_serve: ['value', 'cost to serve', '服务成本'],
  bad_debt: ['value', 'bad debt', '坏账'],
  profit: ['value', 'profit', '利润'],
  gross_margin: ['value', 'gross margin', '毛利'],
  margin: ['value', 'profit margin', '利润率'],
  referrals: ['value', 'customers referred', '推荐的客户数'],
  current_value: ['value', 'current value (annualised profit)', '当前价值（年化利润）'],
  long_term_value: ['value', 'long-term value', '长期价值'],
  long_term_source: ['value', 'source of long-term value', '长期价值来源'],
  clv: ['value', 'CLV', 'CLV'],
  p_alive: ['value', 'P(alive)', '存活概率'],
  loyalty: ['value', 'loyalty (0–1)', '忠诚度（0–1）'],
  good_score: ['value', 'good-customer score', '优质客户评分'],
  'value.quadrant': ['value', 'current × long-term value cell', '当前 × 长期价值象限'],
  'value.loyalty': ['value', 'value × loyalty cell', '价值 × 忠诚度象限'],
  'value.satisfaction': ['value', 'satisfaction × loyalty cell', '满意度 × 忠诚度象限'],
  'flags.loss_making': ['value', 'loses money', '亏损'],
  'flags.bad_debt': ['value', 'has bad debt', '有坏账'],
  'flags.chronic_late': ['value', 'pays late chronically', '长期拖欠付款'],
  'flags.off_strategy': ['value', 'buys outside the core categories', '偏离核心品类'],
  // names the portraits use for the same figures
  rfm_segment: ['value', 'RFM segment', 'RFM 细分'],
  net_revenue: ['value', 'net revenue', '净收入'],
};

export function fieldLabel(lang: LabelLang, field: string): string {
  const l = FIELD_LABELS[field];
  if (l) return l[lang === 'zh-CN' ? 2 : 1];
  if (field.startsWith('attributes.')) return (lang === 'zh-CN' ? '属性：' : 'attribute: ') + field.slice('attributes.'.length);
  return field;
}

export function fieldGroup(field: string): FieldGroup {
  return FIELD_LABELS[field]?.[0] ?? (field.startsWith('attributes.') ? 'psychographics' : 'behaviour');
}

export function groupName(lang: LabelLang, g: FieldGroup): string {
  return GROUP_NAMES[g][lang === 'zh-CN' ? 1 : 0];
}

/** Words stored in the data by the importer's own vocabulary (type, gender, long-term source), said in Chinese. */
const ZH_VALUES: Record<string, string> = {
  individual: '个人',
  household: '家庭',
  company: '企业',
  government: '政府',
  female: '女',
  male: '男',
  F: '女',
  M: '男',
  proxy: '估算值',
  clv_predictions: 'CLV 预测',
  mixed: '部分为 CLV 预测',
};

/** The relationship life-cycle stages (src/sql/lifecycle.ts), said in Chinese. */
const ZH_STAGES: Record<string, string> = {
  exploration: '考察期',
  formation: '形成期',
  stability: '稳定期',
  decline: '退化期',
};

export function valueWord(lang: LabelLang, field: string, v: string): string {
  if (lang !== 'zh-CN') return v;
  if (field === 'type' || field === 'gender' || field === 'long_term_source') return ZH_VALUES[v] ?? v;
  if (field === 'lifecycle' || field === 'stage') return ZH_STAGES[v] ?? v;
  return v;
}
