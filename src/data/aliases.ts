import type { EntityName } from './entities.js';

/**
 * The column names real exports give each field, per entity: English, simplified and traditional Chinese, as
 * Chinese e-commerce back offices (Taobao/Tmall 淘宝/天猫, JD 京东, Pinduoduo 拼多多, Youzan 有赞), ERP systems
 * (Kingdee 金蝶, Yonyou 用友, SAP) and CRM systems (Salesforce, HubSpot, 纷享销客) write them in their exports.
 *
 * This file is data: the importer compares names after normalising both sides (mapping.ts: full-width to
 * half-width, case, spaces and punctuation, traditional to simplified characters, and units or notes in
 * brackets such as `单价(元)` or `Price [USD]`). Within a field, names are listed in order of preference: when
 * several columns of one file name the same field, the one listed first wins (实付金额 before 商品总价 for
 * `amount`) and the others are reported as not used. A name maps to at most one field of an entity
 * (aliases.test.ts checks every entry).
 *
 * Names go only where their values fit the field: a `kind` is sale/return/cancel, `employees` a number, so an
 * 订单类型 (普通订单) or a 人员规模 (50-99人) column is left unmatched rather than quarantining every row.
 *
 * To add a name: put it in the field's list, in the place of its preference; the test then checks it.
 */
export type AliasTable = { readonly [E in EntityName]?: Readonly<Record<string, readonly string[]>> };

// Names shared by several entities. Listed once here, so each entity reads the same way.
const CUSTOMER_ID = [
  'customer id', 'customerid', 'customer no', 'customer number', 'customer code', 'cust id', 'cust no', 'cust. no.', 'cust num', 'customer #',
  'client id', 'clientid', 'client no', 'client number', 'client code', 'member id', 'member no', 'membership no', 'user id', 'userid', 'buyer id',
  'account id', 'account number', 'account no', 'subscriber id', 'subscriber no', 'subscriber number', 'policy holder id', 'policyholder id', 'patient id', 'guest id', 'contact id', 'record id', 'sold-to party', 'sold to party', 'kunnr', 'partner', 'business partner', 'bp number',
  '客户编号', '客户编码', '客户id', '客户代码', '客户号', '客户帐号', '客户账号', '客户档案编码', '客户', '顾客编号', '顾客id',
  '会员编号', '会员id', '会员号', '会员卡号', '会员编码', '会员账号', '用户id', '用户编号', '用户号', '用户账号', '订户编号', '订户id', '买家id', '买家会员id', '买家会员名', '买家账号', '买家帐号', '下单账号', '下单用户', '下单用户id', '下单人账号', '下单会员', '买家用户名', '买家账户', '会员账户', '用户账户', '客户账户',
  '客戶編號', '客戶編碼', '客戶代碼', '客戶代號', '客戶帳號', '會員編號', '會員帳號',
  // Japanese and Korean exports (顧客ID, 会員番号; 고객ID, 회원번호).
  '顧客id', '顧客番号', '顧客コード', '会員番号', '고객id', '고객번호', '고객코드', '회원id', '회원번호',
  'customer', 'id',
];
const EMAIL = ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'primary email', 'contact email', '邮箱', '电子邮件', '电子邮箱', '邮件地址', '邮箱地址', '電子郵件', '電郵', '郵箱'];
/** Email columns of order exports: they identify the customer where the file has no customer id (aliases' orders.customer_id). */
export const ORDER_EMAIL = [
  'customer email', 'customer e-mail', 'customer email address', 'billing email', 'billing e-mail', 'buyer email', 'purchaser email', 'email', 'e-mail', 'email address', 'e-mail address',
  '客户邮箱', '买家邮箱', '会员邮箱', '顾客邮箱', '邮箱', '电子邮件', '电子邮箱', '邮箱地址',
];
/** A member's mobile number, the key of many Chinese retail CRMs: an order file's customer where it has no id or email. */
const MEMBER_PHONE = ['会员手机号', '会员手机', '会员手机号码', '买家手机号', '买家手机', '会员电话', '會員手機', '會員手機號碼'];
const PHONE = [
  'phone', 'phone number', 'mobile', 'mobile phone', 'mobile number', 'cell', 'cell phone', 'telephone', 'tel', 'tel no', 'contact number', 'primary phone', 'business phone',
  '手机号', '手机', '手机号码', '移动电话', '联系电话', '联系手机', '电话', '电话号码', '收货人手机', '收货人手机号', '收货人电话', '联系方式', '手機', '手機號碼', '行動電話', '聯絡電話',
];
const REFERRED_BY = ['referred by', 'referrer', 'referrer id', 'referral', 'referral id', 'referred by id', 'introduced by', '推荐人', '推荐人编号', '推荐人id', '介绍人', '邀请人', '推薦人', '介紹人'];
const COUNTRY = ['country', 'country name', 'nation', 'country/region', 'country region', 'billing country', 'mailing country', '国家', '国家/地区', '国别', '國家'];

/**
 * Names of a consent flag (yes = may be contacted): they name `opt_out` too, whose values the importer then reads
 * inverted (mapping.ts `inverted`), so a customer who gave no consent is left out of every export.
 */
const CONSENT_NAMES = [
  'marketing consent', 'consent', 'email consent', 'sms consent', 'accepts marketing', 'accepts email marketing', 'accepts sms marketing', 'email marketing consent',
  'email subscribed', 'newsletter subscribed', 'subscribed to newsletter', 'email subscription', 'opted in', 'opt in', 'marketing opt in', 'email opt in', 'gdpr consent',
  'permission to contact', 'may contact', 'contact allowed',
  '同意营销', '接收营销', '是否接收营销', '是否同意营销', '订阅营销', '是否订阅营销', '接收推送', '是否接收推送', '营销授权', '同意接收营销', '是否同意接收营销', '同意行銷',
];

/** Per entity and field, the names whose yes means the field's no (consent for `opt_out`). */
export const INVERTED_NAMES: { readonly [E in EntityName]?: Readonly<Record<string, readonly string[]>> } = {
  customers: { opt_out: CONSENT_NAMES },
};

export const ALIASES: AliasTable = {
  customers: {
    customer_id: CUSTOMER_ID,
    name: [
      'name', 'customer name', 'full name', 'client name', 'account name', 'contact name', 'company name', 'member name', 'name1', 'display name',
      '客户名称', '客户姓名', '姓名', '名称', '客户全称', '会员名称', '会员姓名', '会员名', '买家昵称', '昵称', '联系人', '联系人姓名', '公司名称', '单位名称',
      '客戶名稱', '客戶姓名', '會員姓名', '聯絡人',
      '氏名', '名前', '顧客名', 'お名前', '이름', '고객명', '성명'],
    email: EMAIL,
    phone: PHONE,
    address: [
      'address', 'street', 'street address', 'mailing address', 'billing address', 'shipping address', 'address line 1', 'address 1', 'mailing street', 'billing street',
      '地址', '联系地址', '详细地址', '收货地址', '通讯地址', '客户地址', '公司地址', '地址詳情', '聯絡地址', '通訊地址',
      '住所', '주소'],
    type: ['type', 'customer type', 'segment type', 'kind', 'account type', 'customer group', 'customer class', 'member level', 'membership level', 'vip level', 'tier', '客户类型', '客户类别', '客户分类', '客户等级', '会员等级', '会员级别', '类型', '客戶類型', '客戶類別', '會員等級'],
    country: COUNTRY,
    region: ['region', 'province', 'state', 'state/province', 'area', 'billing state', 'mailing state', 'territory', '省份', '省', '地区', '区域', '所在地区', '所在省份', '收货省份', '地區', '區域', '都道府県', '지역', '시도'],
    city: ['city', 'town', 'billing city', 'mailing city', '城市', '市', '所在城市', '收货城市', '縣市', '市区町村', '도시', '시군구'],
    birth_date: ['birth date', 'birthdate', 'date of birth', 'dob', 'birthday', '出生日期', '生日', '出生年月日', '會員生日', '生年月日', '생년월일'],
    birth_year: ['birth year', 'year birth', 'year of birth', 'yob', '出生年份', '出生年'],
    gender: ['gender', 'sex', 'salutation gender', '性别', '性別', '성별'],
    income: ['income', 'annual income', 'household income', 'salary', 'monthly income', '收入', '年收入', '月收入', '家庭收入'],
    occupation: ['occupation', 'job', 'job title', 'profession', '职业', '職業'],
    education: ['education', 'education level', 'degree', '学历', '教育程度', '学位', '學歷'],
    marital_status: ['marital status', 'marital', 'marriage', '婚姻状况', '婚姻', '婚否', '婚姻狀況'],
    lifestyle: ['lifestyle', 'lifestyle tags', 'tags', 'interests', 'customer tags', '生活方式', '标签', '客户标签', '兴趣', '兴趣爱好', '標籤'],
    industry: ['industry', 'sector', 'industry type', 'sic', '行业', '所属行业', '行业类别', '行業'],
    employees: ['employees', 'employee count', 'number of employees', 'no. of employees', 'headcount', 'staff', '员工数', '员工人数', '員工人數'],
    annual_revenue: ['annual revenue', 'company revenue', 'turnover', 'annual turnover', '年营业额', '营业收入', '年收入额', '年销售额', '年營業額'],
    credit_rating: ['credit rating', 'credit', 'rating', 'credit grade', 'credit level', '信用等级', '信用评级', '信用级别', '信用額度等級', '信用等級'],
    signup_date: [
      'signup date', 'sign up date', 'sign-up date', 'registration date', 'registered at', 'join date', 'joined', 'date joined', 'created at', 'create date', 'created date', 'creation date',
      'customer since', 'member since', 'dt customer', 'first seen', 'created on',
      '注册日期', '注册时间', '入会日期', '入会时间', '开户日期', '建档日期', '创建日期', '创建时间', '成为会员时间', '加入日期', '註冊日期', '註冊時間', '建檔日期', '入會日期',
      '登録日', '会員登録日', '가입일', '가입일시'],
    channel: ['channel', 'acquisition channel', 'source', 'lead source', 'customer source', 'original source', '渠道', '来源', '客户来源', '来源渠道', '获客渠道', '來源', '客戶來源'],
    referred_by: REFERRED_BY,
    opt_out: [
      'opt out', 'optout', 'opted out', 'unsubscribed', 'do not contact', 'email opt out', 'do not call', 'marketing opt out', 'is unsubscribed', 'unsubscribe', 'has opted out',
      'has opted out of email', 'email unsubscribed', 'do not email', 'do not mail', 'do not market', 'no marketing', 'marketing opted out', 'is opted out', 'opt-out flag',
      '退订', '拒绝营销', '拒收营销', '已退订', '免打扰', '退訂', '是否退订', '是否已退订', '是否免打扰', '是否拒收', '是否拒收营销', '是否拒绝营销', '拒收', '拒收短信', '拒收推送',
      '不接收推送', '不接收营销', '不接受营销', '是否不接收推送', '短信退订', '营销退订', '勿扰', '是否退訂', '拒收行銷', '拒絕行銷',
      // Consent, read inverted (CONSENT below): consent = yes is opt_out = no.
      ...CONSENT_NAMES,
    ],
  },
  products: {
    product_id: [
      'product id', 'productid', 'sku', 'sku id', 'skuid', 'sku code', 'sku no', 'sku number', 'stock code', 'stockcode', 'item id', 'item code', 'item no', 'item number', 'product code', 'product no', 'product number',
      'article number', 'material', 'material number', 'matnr', 'part number', 'part no', 'style number', 'spu id',
      '商品编码', '商品编号', '商品id', '商品代码', '产品编号', '产品编码', '产品代码', '产品id', '货号', '物料编码', '物料编号', '物料代码', '存货编码', '存货代码', '款号', 'sku编码', '商家编码', '宝贝id', '商品货号',
      '商品編號', '商品編碼', '產品編號', '產品編碼', '料號', '貨號', '物料編碼', '存貨編碼',
      'id',
    ],
    name: [
      'name', 'product name', 'item name', 'title', 'product title', 'material description', 'description', 'item description', 'product description', 'article',
      '商品名称', '产品名称', '品名', '商品标题', '宝贝标题', '物料名称', '存货名称', '商品描述', '产品描述', '物料描述', '名称', '商品名稱', '產品名稱', '品名規格',
    ],
    category: ['category', 'product category', 'class', 'department', 'product group', 'material group', 'product family', '类别', '品类', '类目', '商品类目', '宝贝类目', '所属类目', '一级类目', '商品类别', '商品分类', '分类', '产品类别', '产品分类', '存货分类', '物料分类', '類別', '商品類別', '分類'],
    unit_cost: ['unit cost', 'cost', 'cost price', 'cogs', 'standard cost', 'purchase price', 'moving average price', '成本', '单位成本', '成本价', '进价', '采购价', '进货价', '单位成本价', '標準成本', '成本價', '進價'],
    margin_rate: ['margin rate', 'margin', 'gross margin', 'gross margin rate', '毛利率', '利润率'],
    list_price: ['list price', 'price', 'retail price', 'sales price', 'selling price', 'msrp', 'unit price', '售价', '标价', '零售价', '销售价', '吊牌价', '市场价', '一口价', '单价', '售價', '零售價', '定價'],
  },
  orders: {
    order_id: [
      'order id', 'orderid', 'order no', 'order number', 'order #', 'order code', 'sales order', 'sales order number', 'sales document', 'vbeln', 'so number', 'so no',
      'invoice', 'invoice no', 'invoice no.', 'invoiceno', 'invoice number', 'invoice id', 'invoice #', 'bill no', 'bill number', 'document number', 'doc no', 'voucher no',
      'transaction id', 'transaction number', 'receipt', 'receipt no', 'receipt number', 'deal id', 'order reference', 'order ref', 'sale ref', 'sales ref', 'sale id', 'sale no', 'sales id', 'sales no', 'ticket no',
      '订单编号', '订单号', '订单id', '订单代码', '主订单编号', '主订单号', '父订单号', '子订单编号', '子订单号', '单号', '单据编号', '单据号', '销售订单号', '销售单号', '销售订单编号', '发货单号', '出库单号',
      '发票号', '发票号码', '发票编号', '小票号', '流水号', '交易号', '交易单号',
      '訂單編號', '訂單號碼', '訂單號', '單號', '單據編號', '發票號碼', '發票號', '發票編號',
      // In an order export a bare ID is the record's own id, the order's (Magento's sales-order grid, Shopify's Id).
      'id',
      '注文番号', '注文id', '受注番号', '受注id', '伝票番号', '주문번호', '주문id', '주문 번호'],
    // Not a bare `id` (the order's own, above). Last, a customer's email: the key of the shops that export no customer
    // id (WooCommerce, Shopify, Magento), used only where no column above is in the file (mapping.ts says so).
    customer_id: [...CUSTOMER_ID.filter((n) => n !== 'customer' && n !== 'id'), 'buyer', 'purchaser', 'shopper', 'client', '买家昵称', '买家', '顾客', '客户名称', '客戶名稱', 'customer', ...ORDER_EMAIL, ...MEMBER_PHONE],
    ordered_at: [
      'ordered at', 'order date', 'order time', 'order datetime', 'order created', 'order created at', 'created at', 'date', 'invoice date', 'invoicedate', 'purchase date', 'transaction date',
      'transaction time', 'sales date', 'document date', 'posting date', 'billing date', 'close date', 'paid at', 'payment date', 'timestamp', 'time', 'datetime',
      '下单时间', '下单日期', '订单时间', '订单日期', '订单创建时间', '创建时间', '订单提交时间', '提交时间', '成交时间', '交易时间', '交易日期', '购买日期', '购买时间', '订购日期', '订购时间', '订货日期', '销售日期', '单据日期', '开票日期', '业务日期', '日期',
      '付款时间', '支付时间', '付款日期', '时间',
      '下單時間', '下單日期', '訂單日期', '訂單時間', '銷售日期', '單據日期', '開票日期', '日期時間', '時間',
      '注文日時', '注文日', '注文日付', '受注日', '受注日時', '購入日', '購入日時', '주문일시', '주문일', '주문일자', '주문 일시', '결제일시', '구매일', '구매일시'],
    product_id: [
      'product id', 'productid', 'sku', 'sku id', 'skuid', 'sku code', 'sku no', 'sku number', 'stock code', 'stockcode', 'item id', 'item code', 'item no', 'item number', 'product code', 'product no', 'product number',
      'article number', 'material', 'material number', 'matnr', 'part number', 'part no', 'spu id', 'lineitem sku',
      '商品编码', '商品编号', '商品id', '商品代码', '产品编号', '产品编码', '产品代码', '产品id', '货号', '物料编码', '物料编号', '物料代码', '存货编码', '存货代码', '款号', 'sku编码', '商家编码', '宝贝id', '商品货号',
      '商品編號', '商品編碼', '產品編號', '產品編碼', '料號', '貨號', '物料編碼', '存貨編碼',
      '商品コード', '商品番号', '品番', '商品管理番号', '상품코드', '상품번호', '품번'],
    product_name: [
      'product name', 'item name', 'product title', 'product description', 'item description', 'description', 'material description', 'product', 'item', 'article', 'line description', 'lineitem name',
      '商品名称', '产品名称', '品名', '商品标题', '宝贝标题', '商品描述', '产品描述', '物料名称', '物料描述', '存货名称', '商品', '宝贝名称',
      '商品名稱', '產品名稱', '品名規格',
      '商品名', '상품명', '제품명'],
    category: ['category', 'product category', 'product group', 'material group', 'product family', '类别', '品类', '类目', '商品类目', '宝贝类目', '所属类目', '一级类目', '商品类别', '商品分类', '产品类别', '产品分类', '存货分类', '類別', '商品類別'],
    quantity: [
      'quantity', 'qty', 'qty.', 'units', 'unit count', 'number of items', 'count', 'pieces', 'pcs', 'order quantity', 'sales quantity', 'billed quantity', 'lineitem quantity', 'item quantity',
      '数量', '购买数量', '商品数量', '销售数量', '宝贝数量', '订购数量', '件数', '出库数量', '实发数量', '數量', '銷售數量', '購買數量',
      '個数', '注文数', '수량', '주문수량'],
    unit_price: [
      'unit price', 'unitprice', 'price', 'unit_price', 'price per unit', 'sales price', 'selling price', 'net price', 'item price', 'price each', 'lineitem price', 'item cost',
      '单价', '商品单价', '销售单价', '成交单价', '成交价', '含税单价', '售价', '商品价格', '价格', '宝贝单价', '單價', '銷售單價', '價格', '售價',
      '単価', '販売価格', '商品単価', '단가', '판매가', '판매단가'],
    amount: [
      'amount', 'line amount', 'net amount', 'paid amount', 'amount paid', 'total', 'line total', 'total amount', 'sales', 'sales amount', 'revenue', 'value', 'net value', 'dollar value',
      'extended price', 'subtotal', 'sum', 'order amount', 'grand total',
      '实付金额', '实付款', '买家实付金额', '买家实际支付金额', '实收金额', '实际支付金额', '支付金额', '成交金额', '应付金额', '订单金额', '金额', '总金额', '总价', '小计', '价税合计', '含税金额', '销售额', '销售金额', '商品总价', '商品金额',
      '實付金額', '實收金額', '金額', '總金額', '總價', '小計', '銷售額', '銷售金額', '價稅合計',
      '合計金額', '売上金額', '합계금액', '결제금액', '주문금액', '금액'],
    discount: ['discount', 'discount amount', 'coupon', 'coupon amount', 'promotion', 'rebate', 'markdown', '折扣', '折扣金额', '优惠', '优惠金额', '优惠券', '店铺优惠', '平台优惠', '优惠券金额', '減價', '折扣金額', '優惠', '優惠金額', '値引き', '値引額', '割引額', 'クーポン利用額', '할인금액', '할인'],
    channel: ['channel', 'sales channel', 'order source', 'store', 'shop', 'shop name', 'store name', 'platform', '渠道', '销售渠道', '订单来源', '店铺', '店铺名称', '平台', '来源平台', '門市', '銷售通路', '通路'],
    country: COUNTRY,
    // Only names whose values say sale, return or cancel: an order type such as 普通订单 or SAP's TA is not a kind.
    // Order statuses (订单状态 交易成功/交易关闭/退款成功, Shopify's Financial Status): sql/import.ts STATUS_WORDS.
    kind: ['kind', 'line type', 'transaction type', 'type', '类型', '交易类型', '交易類型', 'order status', 'financial status', 'payment status', '订单状态', '交易状态', '訂單狀態', '交易狀態', 'status', '状态'],
  },
  'service-costs': {
    customer_id: CUSTOMER_ID,
    at: ['at', 'date', 'service date', 'time', 'occurred at', 'created at', 'ticket date', 'case date', 'opened', '日期', '服务日期', '服务时间', '发生日期', '工单日期', '创建时间', '时间', '服務日期', '日期時間'],
    kind: ['kind', 'type', 'service type', 'category', 'case type', 'ticket type', 'reason', '类型', '服务类型', '费用类型', '工单类型', '服務類型', '類型'],
    cost: ['cost', 'service cost', 'amount', 'expense', 'cost amount', 'fee', '成本', '费用', '服务成本', '服务费用', '金额', '费用金额', '成本金額', '費用', '金額'],
  },
  payments: {
    customer_id: CUSTOMER_ID,
    invoice_id: [
      'invoice id', 'invoice', 'invoice no', 'invoice no.', 'invoice number', 'invoiceno', 'invoice #', 'bill id', 'bill no', 'document number', 'billing document', 'receivable no',
      '发票号', '发票号码', '发票编号', '账单号', '账单编号', '单据编号', '应收单号', '收款单号', '發票號碼', '發票號', '帳單號', '單據編號',
    ],
    // An accounts-receivable export (应收账款明细) names the invoiced amount 开票金额; its 已收金额/未收金额 are parts of it.
    amount: [
      'amount', 'invoice amount', 'invoiced amount', 'amount due', 'total', 'billed amount', 'receivable amount', 'gross amount',
      '金额', '应收金额', '开票金额', '发票金额', '账单金额', '应收账款', '应收账款金额', '价税合计', '金額', '應收金額', '開票金額', '發票金額', '應收帳款'],
    due_date: ['due date', 'due', 'payment due', 'due on', 'net due date', '到期日', '到期日期', '应付日期', '应收日期', '付款期限', '應收日期'],
    paid_at: ['paid at', 'paid date', 'payment date', 'paid on', 'date paid', 'clearing date', 'receipt date', '付款日期', '支付日期', '收款日期', '到账日期', '核销日期', '付款時間'],
    written_off: [
      'written off', 'write off', 'writeoff', 'write-off amount', 'written off amount', 'bad debt', 'bad debt amount', 'bad debt write off', 'bad debt written off',
      '坏账', '坏账金额', '坏账核销', '坏账核销金额', '核销坏账', '核销金额', '核销', '坏账损失', '壞帳', '壞帳核銷', '呆帳', '呆帳核銷'],
  },
  surveys: {
    customer_id: CUSTOMER_ID,
    at: ['at', 'date', 'survey date', 'response date', 'submitted at', 'completed at', '日期', '调查日期', '调研日期', '提交时间', '填写时间', '評價日期', '調查日期'],
    satisfaction: ['satisfaction', 'csat', 'satisfaction score', 'overall satisfaction', '满意度', '满意度评分', '满意度得分', '滿意度'],
    nps: ['nps', 'nps score', 'recommend', 'likelihood to recommend', 'net promoter score', '推荐意愿', '净推荐值', '推荐度', '推薦意願', '淨推薦值'],
    comment: ['comment', 'comments', 'feedback', 'remark', 'remarks', 'verbatim', 'review', '评论', '意见', '备注', '评价内容', '评价', '反馈', '留言', '評論', '意見', '備註'],
  },
  leads: {
    lead_id: ['lead id', 'leadid', 'prospect id', 'lead number', 'lead no', 'record id', 'contact id', '线索编号', '线索id', '潜在客户编号', '销售线索编号', '商机编号', '線索編號', '潛在客戶編號', 'id'],
    name: ['name', 'contact name', 'full name', 'lead name', '姓名', '联系人', '联系人姓名', '线索名称', '客户姓名', '聯絡人', '姓名稱'],
    email: EMAIL,
    phone: PHONE,
    company: ['company', 'company name', 'organisation', 'organization', 'account', 'account name', '公司', '公司名称', '单位', '单位名称', '企业名称', '客户名称', '公司名稱', '企業名稱'],
    source: ['source', 'lead source', 'channel', 'origin', 'original source', 'campaign source', '来源', '线索来源', '来源渠道', '获客渠道', '線索來源', '來源'],
    referred_by: REFERRED_BY,
    budget: ['budget', 'money', 'ability to pay', 'estimated budget', 'budget amount', '预算', '预算金额', '预计金额', '預算'],
    authority: ['authority', 'decision maker', 'role', 'title', 'job title', 'buying role', '决策权', '职位', '职务', '决策人', '職位', '職務'],
    need: ['need', 'needs', 'interest', 'requirement', 'requirements', 'pain point', '需求', '客户需求', '需求描述', '需求說明'],
    status: ['status', 'stage', 'lead status', 'lifecycle stage', 'pipeline stage', '状态', '阶段', '线索状态', '跟进状态', '跟进阶段', '狀態', '階段'],
    outcome: ['outcome', 'converted', 'won', 'result', 'y', 'subscribed', 'is converted', 'closed won', '结果', '是否成交', '是否转化', '成交', '已转化', '結果'],
    created_at: [
      'created at', 'created', 'create date', 'created date', 'date', 'lead date', 'date created', 'registration date', 'registered at',
      '创建日期', '创建时间', '日期', '登记日期', '登记时间', '录入日期', '录入时间', '建档日期', '建立日期', '建立時間', '登記日期', '登記時間'],
  },
};

/**
 * Names that mean a field only in one platform's layout, told by columns only that platform writes: Shopify's orders
 * export (one row per item, `Lineitem …` columns) keys its orders by `Name` (#1001), on every row; its `Id` is filled
 * on an order's first row only. Matched before the dictionary, so they win over its names.
 */
export const LAYOUT_ALIASES: ReadonlyArray<{ readonly entity: EntityName; readonly when: readonly string[]; readonly names: Readonly<Record<string, string>> }> = [
  { entity: 'orders', when: ['lineitem quantity', 'lineitem price'], names: { order_id: 'name' } },
];

/**
 * An order's total rather than a line's amount, by its column's name (normalised as mapping.ts does): in an export with
 * a row per item, where it repeats on every row of the order. Not used as a line's amount where the file gives a
 * line price (mapping.ts).
 */
export function isOrderTotalName(normalised: string): boolean {
  if (normalised === 'total' || normalised === 'totalamount' || normalised === 'totalpaid' || normalised === 'totaldue') return true;
  if (/grandtotal|invoicetotal|ordertotal|orderamount|ordervalue|ordersum/.test(normalised)) return true;
  return /订单(总|金额|实付|应付|合计)|整单|实付总额|应付总额/.test(normalised);
}

/** The dictionary's names for one field, in order of preference, or undefined for entities it does not list. */
export function aliasesFor(entity: EntityName, field: string): readonly string[] | undefined {
  return ALIASES[entity]?.[field];
}

/**
 * Names of the lead attributes the MAN check reads (act/qualify.ts, its default money fields and blockers), English
 * and Chinese. A leads file keeps the columns that match no lead field as attributes under their own names: a bank's
 * 存款余额(元) or 是否违约 is then read as `balance` or `default`, as the English columns are. Compared as column
 * names are (normalised, notes in brackets set aside); a unit note such as (万元) multiplies the figures.
 */
export const LEAD_ATTRIBUTE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  balance: [
    'balance', 'account balance', 'avg balance', 'average balance', 'deposit balance', 'current balance', 'bank balance', 'yearly balance', 'average yearly balance',
    '余额', '存款余额', '账户余额', '帐户余额', '存款', '日均余额', '平均余额', '年均余额', '账户存款', '餘額', '存款餘額', '帳戶餘額'],
  default: [
    'default', 'in default', 'has default', 'credit default', 'credit in default', 'defaulted', 'is default',
    '违约', '是否违约', '有无违约', '信用违约', '违约情况', '违约记录', '是否有违约', '違約', '是否違約'],
  income: ALIASES.customers!.income,
  annual_revenue: ALIASES.customers!.annual_revenue,
};
