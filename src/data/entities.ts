/**
 * The domain's entities (DESIGN.md §2) as field schemas: the single source for the store's tables,
 * column matching and row validation. Users' files never use these names; see mapping.ts and presets.ts.
 */

export type FieldType = 'text' | 'number' | 'integer' | 'date' | 'timestamp' | 'boolean';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** A row without this field is quarantined. */
  readonly required?: boolean;
  /** Lower bound the value must meet; `exclusive` means strictly greater. */
  readonly min?: { readonly value: number; readonly exclusive?: boolean };
  readonly max?: number;
  /** Column names users' files commonly carry for this field, English and Chinese, compared case- and punctuation-insensitively. */
  readonly aliases: readonly string[];
  /** Holds personal data: masked for viewers, never logged. */
  readonly pii?: boolean;
  /** A date that cannot be after today (a birth date): a two-digit year is read in the past (15/03/58 is 1958). */
  readonly past?: boolean;
  /** A figure that may be written as a rate of the line's gross amount (a discount of `10%` is a tenth of the amount). */
  readonly rateOfGross?: boolean;
}

export interface EntitySpec {
  /** CLI name, e.g. `service-costs`. */
  readonly name: EntityName;
  /** Store table. */
  readonly table: string;
  readonly fields: readonly FieldSpec[];
  /** Fields that identify a row: duplicates within a file are quarantined, and a later import replaces the stored row. */
  readonly key?: readonly string[];
  /** Columns of the file that match no field are kept as JSON in `attributes`, so nothing is lost. */
  readonly keepsAttributes: boolean;
}

export const ENTITY_NAMES = ['customers', 'orders', 'products', 'service-costs', 'payments', 'surveys', 'leads', 'contacts', 'subscriptions'] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

export function isEntityName(name: string): name is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(name);
}

const nonNegative = { value: 0 } as const;
const positive = { value: 0, exclusive: true } as const;

const customerId: FieldSpec = {
  name: 'customer_id',
  type: 'text',
  required: true,
  aliases: ['customer id', 'customerid', 'customer', 'cust id', 'client id', 'clientid', 'member id', 'user id', 'account id', 'id', '客户编号', '客户id', '客户代码', '客户号', '会员编号', '会员id', '用户id', '客户'],
};

export const ENTITIES: Readonly<Record<EntityName, EntitySpec>> = {
  customers: {
    name: 'customers',
    table: 'customers',
    key: ['customer_id'],
    keepsAttributes: true,
    fields: [
      customerId,
      { name: 'name', type: 'text', pii: true, aliases: ['name', 'customer name', 'full name', 'client name', '客户名称', '姓名', '名称', '客户姓名'] },
      { name: 'email', type: 'text', pii: true, aliases: ['email', 'e-mail', 'mail', 'email address', '邮箱', '电子邮件'] },
      { name: 'phone', type: 'text', pii: true, aliases: ['phone', 'telephone', 'mobile', 'tel', 'phone number', '电话', '手机', '手机号', '联系电话'] },
      { name: 'address', type: 'text', pii: true, aliases: ['address', 'street', 'street address', '地址', '联系地址'] },
      { name: 'type', type: 'text', aliases: ['type', 'customer type', 'segment type', 'kind', '客户类型', '类型'] },
      { name: 'country', type: 'text', aliases: ['country', 'nation', 'country name', '国家'] },
      { name: 'region', type: 'text', aliases: ['region', 'province', 'state', 'area', '省份', '地区', '省', '区域'] },
      { name: 'city', type: 'text', aliases: ['city', 'town', '城市', '市'] },
      { name: 'birth_date', type: 'date', pii: true, past: true, aliases: ['birth date', 'birthdate', 'date of birth', 'dob', 'birthday', '出生日期', '生日'] },
      { name: 'birth_year', type: 'integer', min: { value: 1900 }, aliases: ['birth year', 'year birth', 'year of birth', '出生年份'] },
      { name: 'gender', type: 'text', aliases: ['gender', 'sex', '性别'] },
      { name: 'income', type: 'number', pii: true, min: nonNegative, aliases: ['income', 'annual income', 'salary', '收入', '年收入', '月收入'] },
      { name: 'occupation', type: 'text', aliases: ['occupation', 'job', 'profession', '职业'] },
      { name: 'education', type: 'text', aliases: ['education', 'education level', '学历', '教育程度'] },
      { name: 'marital_status', type: 'text', aliases: ['marital status', 'marital', '婚姻状况', '婚姻'] },
      { name: 'lifestyle', type: 'text', aliases: ['lifestyle', 'lifestyle tags', 'tags', 'interests', '生活方式', '标签', '兴趣'] },
      { name: 'industry', type: 'text', aliases: ['industry', 'sector', '行业', '所属行业'] },
      { name: 'employees', type: 'integer', min: nonNegative, aliases: ['employees', 'employee count', 'headcount', 'staff', '员工数', '员工人数'] },
      { name: 'annual_revenue', type: 'number', aliases: ['annual revenue', 'company revenue', 'turnover', '年营业额', '营业收入', '年收入额'] },
      { name: 'credit_rating', type: 'text', aliases: ['credit rating', 'credit', 'rating', '信用等级', '信用评级'] },
      { name: 'signup_date', type: 'date', aliases: ['signup date', 'sign up date', 'registration date', 'join date', 'joined', 'created at', 'customer since', 'dt customer', '注册日期', '入会日期', '开户日期'] },
      { name: 'channel', type: 'text', aliases: ['channel', 'acquisition channel', 'source', '渠道', '来源'] },
      { name: 'referred_by', type: 'text', aliases: ['referred by', 'referrer', 'referrer id', 'referral', '推荐人', '介绍人'] },
      { name: 'opt_out', type: 'boolean', aliases: ['opt out', 'optout', 'unsubscribed', 'do not contact', '退订', '拒绝营销'] },
    ],
  },
  products: {
    name: 'products',
    table: 'products',
    key: ['product_id'],
    keepsAttributes: true,
    fields: [
      { name: 'product_id', type: 'text', required: true, aliases: ['product id', 'productid', 'sku', 'stock code', 'stockcode', 'item id', 'item code', 'product code', 'id', '商品编号', '产品编号', '商品id', '产品代码', '货号'] },
      { name: 'name', type: 'text', aliases: ['name', 'product name', 'description', 'item name', 'title', '商品名称', '产品名称', '品名'] },
      { name: 'category', type: 'text', aliases: ['category', 'product category', 'class', 'department', '类别', '品类', '商品类别', '分类'] },
      { name: 'unit_cost', type: 'number', min: nonNegative, aliases: ['unit cost', 'cost', 'cost price', 'cogs', '成本', '单位成本', '进价'] },
      { name: 'margin_rate', type: 'number', min: { value: -1 }, max: 1, aliases: ['margin rate', 'margin', 'gross margin', '毛利率'] },
      { name: 'list_price', type: 'number', min: nonNegative, aliases: ['list price', 'price', 'retail price', '售价', '标价', '零售价'] },
    ],
  },
  orders: {
    name: 'orders',
    table: 'order_lines',
    keepsAttributes: false,
    fields: [
      { name: 'order_id', type: 'text', aliases: ['order id', 'orderid', 'order no', 'order number', 'invoice', 'invoice no', 'invoiceno', 'invoice id', 'transaction id', 'receipt', '订单号', '订单编号', '单号', '发票号'] },
      { ...customerId, required: false },
      { name: 'ordered_at', type: 'timestamp', required: true, aliases: ['ordered at', 'order date', 'date', 'invoice date', 'invoicedate', 'purchase date', 'transaction date', 'timestamp', 'time', '日期', '下单时间', '订单日期', '交易日期', '购买日期', '时间'] },
      { name: 'product_id', type: 'text', aliases: ['product id', 'productid', 'sku', 'stock code', 'stockcode', 'item id', 'item code', 'product code', '商品编号', '产品编号', '商品id', '货号'] },
      { name: 'product_name', type: 'text', aliases: ['product name', 'description', 'item name', 'product', 'item', '商品名称', '产品名称', '品名'] },
      { name: 'category', type: 'text', aliases: ['category', 'product category', '类别', '品类', '商品类别'] },
      { name: 'quantity', type: 'number', aliases: ['quantity', 'qty', 'units', 'number of items', 'count', '数量', '件数'] },
      { name: 'unit_price', type: 'number', min: nonNegative, aliases: ['unit price', 'unitprice', 'price', 'unit_price', '单价', '价格'] },
      { name: 'amount', type: 'number', aliases: ['amount', 'line amount', 'total', 'line total', 'sales', 'revenue', 'value', 'dollar value', '金额', '总价', '销售额', '实付金额'] },
      { name: 'discount', type: 'number', min: nonNegative, rateOfGross: true, aliases: ['discount', 'discount amount', 'coupon', '折扣', '优惠', '优惠金额'] },
      { name: 'channel', type: 'text', aliases: ['channel', 'sales channel', '渠道', '销售渠道'] },
      { name: 'country', type: 'text', aliases: ['country', '国家'] },
      { name: 'kind', type: 'text', aliases: ['kind', 'line type', 'transaction type', 'type', '类型', '交易类型'] },
    ],
  },
  'service-costs': {
    name: 'service-costs',
    table: 'service_costs',
    keepsAttributes: false,
    fields: [
      customerId,
      { name: 'at', type: 'date', required: true, aliases: ['at', 'date', 'service date', 'time', 'occurred at', '日期', '服务日期', '时间'] },
      { name: 'kind', type: 'text', aliases: ['kind', 'type', 'service type', 'category', '类型', '服务类型'] },
      { name: 'cost', type: 'number', required: true, min: nonNegative, aliases: ['cost', 'amount', 'service cost', 'expense', '成本', '费用', '金额', '服务成本'] },
    ],
  },
  payments: {
    name: 'payments',
    table: 'payments',
    keepsAttributes: false,
    fields: [
      customerId,
      { name: 'invoice_id', type: 'text', aliases: ['invoice id', 'invoice', 'invoice no', 'bill id', '发票号', '账单号'] },
      { name: 'amount', type: 'number', required: true, aliases: ['amount', 'invoice amount', 'amount due', 'total', '金额', '应收金额'] },
      { name: 'due_date', type: 'date', aliases: ['due date', 'due', 'payment due', '到期日', '应付日期'] },
      { name: 'paid_at', type: 'date', aliases: ['paid at', 'paid date', 'payment date', 'paid on', '付款日期', '支付日期'] },
      { name: 'written_off', type: 'number', min: nonNegative, aliases: ['written off', 'write off', 'writeoff', 'bad debt', '坏账', '核销'] },
    ],
  },
  surveys: {
    name: 'surveys',
    table: 'surveys',
    keepsAttributes: false,
    fields: [
      customerId,
      { name: 'at', type: 'date', aliases: ['at', 'date', 'survey date', 'response date', '日期', '调查日期'] },
      { name: 'satisfaction', type: 'number', min: { value: 1 }, max: 5, aliases: ['satisfaction', 'csat', 'satisfaction score', '满意度'] },
      { name: 'nps', type: 'integer', min: { value: 0 }, max: 10, aliases: ['nps', 'recommend', 'likelihood to recommend', 'nps score', '推荐意愿', '净推荐值'] },
      { name: 'comment', type: 'text', pii: true, aliases: ['comment', 'comments', 'feedback', 'remark', '评论', '意见', '备注'] },
    ],
  },
  leads: {
    name: 'leads',
    table: 'leads',
    key: ['lead_id'],
    keepsAttributes: true,
    fields: [
      { name: 'lead_id', type: 'text', required: true, aliases: ['lead id', 'leadid', 'prospect id', 'id', '线索编号', '潜在客户编号'] },
      { name: 'name', type: 'text', pii: true, aliases: ['name', 'contact name', 'full name', '姓名', '联系人'] },
      { name: 'email', type: 'text', pii: true, aliases: ['email', 'e-mail', '邮箱'] },
      { name: 'phone', type: 'text', pii: true, aliases: ['phone', 'telephone', 'mobile', '电话', '手机'] },
      { name: 'company', type: 'text', aliases: ['company', 'organisation', 'organization', 'account', '公司', '单位'] },
      { name: 'source', type: 'text', aliases: ['source', 'lead source', 'channel', 'origin', '来源', '线索来源'] },
      { name: 'referred_by', type: 'text', aliases: ['referred by', 'referrer', 'referral', '推荐人', '介绍人'] },
      { name: 'budget', type: 'number', min: nonNegative, aliases: ['budget', 'money', 'ability to pay', '预算'] },
      { name: 'authority', type: 'text', aliases: ['authority', 'decision maker', 'role', 'title', '决策权', '职位'] },
      { name: 'need', type: 'text', aliases: ['need', 'needs', 'interest', 'requirement', '需求'] },
      { name: 'status', type: 'text', aliases: ['status', 'stage', 'lead status', '状态', '阶段'] },
      { name: 'outcome', type: 'boolean', aliases: ['outcome', 'converted', 'won', 'result', 'y', 'subscribed', '结果', '是否成交'] },
      { name: 'created_at', type: 'date', aliases: ['created at', 'created', 'date', 'lead date', '创建日期', '日期'] },
    ],
  },
  // Who decides at a company account (issue #17): the people, their role and stance; names, emails and phones are personal.
  contacts: {
    name: 'contacts',
    table: 'contacts',
    key: ['customer_id', 'name'],
    keepsAttributes: true,
    fields: [
      { ...customerId, aliases: [...new Set(['account', 'account id', 'company id', ...customerId.aliases, '账户', '客户账户'])] },
      { name: 'name', type: 'text', required: true, pii: true, aliases: ['name', 'contact', 'contact name', 'full name', 'person', '姓名', '联系人'] },
      { name: 'role', type: 'text', aliases: ['role', 'buying role', 'contact role', '角色', '采购角色'] },
      { name: 'title', type: 'text', aliases: ['title', 'job title', 'position', '职位', '职务'] },
      { name: 'stance', type: 'text', aliases: ['stance', 'attitude', 'position towards us', 'sentiment', '态度', '立场'] },
      { name: 'email', type: 'text', pii: true, aliases: ['email', 'e-mail', '邮箱'] },
      { name: 'phone', type: 'text', pii: true, aliases: ['phone', 'telephone', 'mobile', '电话', '手机'] },
      { name: 'last_contact', type: 'date', aliases: ['last contact', 'last contacted', 'last touch', '最近联系', '最近联系日期'] },
    ],
  },
  // Contracts and subscriptions (issue #15): the contractual setting, where a customer renews each billing period or
  // cancels. Recurring revenue becomes billing lines (src/sql/subscriptions.ts) so value, CLV and churn read it as
  // they read order lines; the sBG model (src/clv/sbg.ts) fits retention by cohort from start and end dates.
  subscriptions: {
    name: 'subscriptions',
    table: 'subscriptions',
    key: ['subscription_id'],
    keepsAttributes: true,
    fields: [
      { name: 'subscription_id', type: 'text', required: true, aliases: ['subscription id', 'subscriptionid', 'contract id', 'contractid', 'contract no', 'contract number', 'policy id', 'policy no', 'policy number', 'account number', 'membership id', '合同编号', '合约编号', '订阅编号', '保单号'] },
      customerId,
      { name: 'plan', type: 'text', aliases: ['plan', 'plan name', 'product', 'tariff', 'package', 'tier', 'contract', 'contract type', 'membership type', '套餐', '资费', '产品', '合约类型', '会员类型'] },
      { name: 'started_at', type: 'date', required: true, aliases: ['started at', 'start date', 'start', 'begin date', 'activation date', 'activated at', 'subscribed at', 'contract start', '开始日期', '开通日期', '生效日期', '签约日期'] },
      { name: 'ended_at', type: 'date', aliases: ['ended at', 'end date', 'end', 'cancelled at', 'canceled at', 'cancellation date', 'churn date', 'termination date', 'contract end', '结束日期', '终止日期', '退订日期', '解约日期'] },
      { name: 'active', type: 'boolean', aliases: ['active', 'is active', 'status active', 'still active', '在网', '是否有效', '是否活跃'] },
      { name: 'billing_period', type: 'text', aliases: ['billing period', 'billing cycle', 'billing frequency', 'period', 'frequency', 'interval', '计费周期', '付费周期', '缴费周期'] },
      { name: 'recurring_charge', type: 'number', required: true, min: nonNegative, aliases: ['recurring charge', 'monthly charge', 'monthly charges', 'monthlycharges', 'monthly fee', 'charge', 'price', 'fee', 'premium', 'mrr', 'amount', '月费', '月租', '资费金额', '保费', '金额'] },
      { name: 'recurring_cost', type: 'number', min: nonNegative, aliases: ['recurring cost', 'cost', 'cost per period', 'service cost', '成本', '每期成本'] },
      { name: 'services', type: 'text', aliases: ['services', 'service', 'usage', 'add ons', 'addons', 'features', '服务', '增值服务', '用量'] },
    ],
  },
};

export function entity(name: EntityName): EntitySpec {
  return ENTITIES[name];
}

export function field(spec: EntitySpec, name: string): FieldSpec | undefined {
  return spec.fields.find((f) => f.name === name);
}
