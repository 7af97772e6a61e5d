/**
 * Sentences the server produces (target reasons, win-back reasons, assumptions, matrix notes), as a code with its
 * figures (`Said`), rendered here in English or 简体中文. Producers keep their English text beside the code; the
 * report and the dashboard (which bundles this file) render the code, so both say the same in either language.
 * Pure: no Node imports.
 */
import { fieldLabel, valueWord } from '../segment/field-labels.js';
import { formatMoney, type MoneyLang } from './money.js';
import { nameOf } from './i18n.js';

export type ProseLang = MoneyLang;
export type Param = string | number | boolean | null;

/** A sentence as data: which one, and its figures (numbers raw; the renderer formats them for the language). */
export interface Said {
  readonly code: SaidCode;
  readonly params: Readonly<Record<string, Param>>;
}

/** How figures are written in one language. */
interface Fmt {
  readonly n: (v: Param) => string;
  readonly pct: (v: Param) => string;
  readonly money: (v: Param) => string;
  readonly fixed: (v: Param, d: number) => string;
  readonly pct1: (v: Param) => string;
  /** A field by its label (never its code name), and a value of it (RFM segments and cells by name). */
  readonly field: (v: Param) => string;
  readonly value: (field: Param, v: Param) => string;
}

type P = Readonly<Record<string, Param>>;
type Render = (p: P, f: Fmt) => string;

const s = (v: Param) => String(v ?? '');

const EN = {
  'target.size': (p: P, f: Fmt) => `${f.n(p.customers)} customers (${f.pct(p.share)} of buyers), profit ${f.money(p.profit)} (${f.money(p.profitEach)} each), mean long-term value ${f.money(p.meanClv)}`,
  'target.growth': (p: P, f: Fmt) => `revenue ${Number(p.growth) >= 0 ? 'up' : 'down'} ${f.pct(Math.abs(Number(p.growth)))} on the period before`,
  'target.pAlive': (p: P, f: Fmt) => `mean P(alive) ${f.fixed(p.pAlive, 2)}`,
  'target.priceService': (p: P, f: Fmt) =>
    `discounts ${f.pct(p.discountShare)} of gross revenue, cost to serve ${f.pct(p.serviceShare)} of net revenue (company: ${s(p.priceTier)} price, ${s(p.serviceCapacity)} service capacity)`,
  'target.categoryFit': (p: P, f: Fmt) => `${f.pct(p.categoryFit)} buy mainly in the company's strong or strategic categories`,
  'target.shares': (p: P, f: Fmt) => `discounts ${f.pct(p.discountShare)} of gross revenue, cost to serve ${f.pct(p.serviceShare)} of net revenue`,
  'target.fitPart': (p: P, f: Fmt) =>
    `fit: ${({ price: 'price', service: 'service capacity', category: 'categories', region: 'regions', channel: 'channels', focus: 'focus' } as Record<string, string>)[s(p.part)] ?? s(p.part)} (${s(p.wanted)}): ${p.unit === 'place' ? `members' place ${f.fixed(p.figure, 2)} (all buyers ${f.fixed(p.base, 2)})` : `${f.pct(p.figure)} of members (all buyers ${f.pct(p.base)})`} → ${f.n(Number(p.score) * 100)}`,
  'target.fitNone': () => 'fit 50: no company attribute can be judged on this data',
  'target.lossMaking': () => 'loses money as a group: fix cost to serve and prices before spending to grow it (80/20/30)',
  'target.costLeadership': () => 'price-sensitive: win on price and efficient service',
  'target.nicheFocus': () => 'small and profitable: serve it with a focused offer',
  'target.differentiation': () => 'large and valuable: win on a distinctive offer and service, not on price',
  'strategy.differentiation': () => 'differentiation',
  'strategy.cost leadership': () => 'cost leadership',
  'strategy.niche focus': () => 'niche focus',
  'winback.letGo': (p: P, f: Fmt) => `lost money overall (profit ${f.money(p.profit)}): a win-back would cost more than they bring`,
  'winback.service': (p: P, f: Fmt) =>
    `${[p.satisfaction !== null ? `satisfaction ${f.fixed(p.satisfaction, 1)} of 5` : null, p.complaints !== null ? `${f.n(p.complaints)} complaints` : null].filter(Boolean).join(' and ')}: fix the service first; a coupon would not win them back`,
  'winback.highValue': (p: P, f: Fmt) =>
    `${[p.tier !== null ? `value tier ${s(p.tier)}` : null, p.segment !== null ? s(p.segment) : null, p.orgType !== null ? `a ${s(p.orgType)}` : null].filter(Boolean).join(', ')}, ${s(p.basis)} ${f.money(p.profit)} so far (${f.money(p.currentValue)} a year): worth a personal approach`,
  'winback.priceSensitive': (p: P, f: Fmt) => `${f.pct(p.share)} of their spend went on discounts: price brings them back`,
  'winback.scenario': (p: P, f: Fmt) => `${f.pct(p.share)} of their spend is ${s(p.category)}: meet the need they came for`,
  'winback.habit': (p: P, f: Fmt) => `no clear category or price pattern (${f.n(p.orders)} order${p.orders === 1 ? '' : 's'}): a low-cost first step`,
  'assume.noCosts': () => 'no cost of goods, service costs or margin rate: profit cannot be computed; profit figures show net revenue (pass --margin-rate R or import products with unit_cost)',
  'assume.margin': (p: P, f: Fmt) => `cost of goods assumed at a margin rate of ${s(p.rate)} for ${f.money(p.revenue)} of net revenue`,
  'assume.uncosted': (p: P, f: Fmt) => `${f.money(p.revenue)} of net revenue has no product cost and is counted at zero cost (pass --margin-rate R)`,
  'assume.perOrder': (p: P, f: Fmt) => `cost to serve assumed at ${f.money(p.cost)} per order`,
  'assume.noServiceCosts': () => 'no service costs: cost to serve is zero (import service-costs or pass --cost-per-order C)',
  'assume.proxy': () => 'long-term value is a proxy until CLV predictions exist',
  'axis.currentValue': () => 'current value (annualised profit)',
  'axis.longTermValue': () => 'long-term value',
  'axis.loyalty': () => 'loyalty',
  'axis.satisfaction': () => 'satisfaction (mean 1–5; from NPS as 1 + 0.4 × NPS when only NPS is known)',
  'matrix.threshold': (p: P, f: Fmt) => `${s(p.axis)} threshold ${f.fixed(p.value, 2)} (${p.quantile === null ? 'fixed value' : `quantile ${s(p.quantile)} of buyers`})`,
  'matrix.missingSurveys': () => 'surveys: import them with clientele import surveys FILE (customer id, satisfaction 1–5 and/or NPS 0–10, date)',
  'matrix.noSurveyNoCell': () => 'customers without a survey answer are in no cell',
  'matrix.profitIsRevenue': () => 'no costs are known: "profit" here is net revenue',
  'formula.currentValue': () => 'current value = profit × 365 / max(tenure days, 365) (annualised profit)',
  'formula.clv': () => 'long-term value = the CLV prediction',
  'formula.proxy': (p: P) =>
    `long-term value (proxy) = current value × P(alive) × ${s(p.years)} years; P(alive) = exp(−recency / mean gap between purchase days)`,
  'formula.loyalty': () => 'loyalty = mean of the percentile ranks (among buyers) of purchase days, tenure and recency (recent = high)',
  'report.missingSurveysHint': () => 'Import surveys (clientele import surveys) to see satisfaction × loyalty.',
  'portrait.summary': (p: P, f: Fmt) =>
    `${f.n(p.customers)} customers (${f.pct1(p.share)} of buyers) bring ${f.pct1(p.revenueShare)} of revenue, ${f.pct1(p.profitShare)} of profit and ${f.pct1(p.clvShare)} of ${p.clv ? 'predicted lifetime value (CLV)' : 'long-term value (a proxy: run clientele clv for CLV)'}`,
  'portrait.makeUp': (p: P, f: Fmt) => `${f.field(p.field)} = ${f.value(p.field, p.value)}: ${f.pct1(p.segmentShare)} of the segment against ${f.pct1(p.baseShare)} of all buyers (×${f.fixed(p.lift, 2)})`,
  'portrait.mean': (p: P, f: Fmt) => `${f.field(p.field)}: mean ${f.fixed(p.segmentMean, 2)} against ${f.fixed(p.baseMean, 2)} for all buyers (×${f.fixed(p.ratio, 2)})`,
} satisfies Record<string, Render>;

export type SaidCode = keyof typeof EN;

const ZH_TIER: Record<string, string> = { premium: '高端', mid: '中端', budget: '经济', high: '高', medium: '中等', low: '低' };
/** What a fit part asked for: a tier, a capacity or a focus (the named lists are the user's own words). */
const ZH_WANTED: Record<string, string> = { ...ZH_TIER, b2b: '面向企业客户', b2c: '面向个人客户', both: '两者兼顾' };
const ZH_ORG: Record<string, string> = { company: '企业客户', government: '政府客户' };

const ZH: Record<SaidCode, Render> = {
  'target.size': (p, f) => `${f.n(p.customers)} 位客户（占购买客户 ${f.pct(p.share)}），利润 ${f.money(p.profit)}（人均 ${f.money(p.profitEach)}），平均长期价值 ${f.money(p.meanClv)}`,
  'target.growth': (p, f) => `收入比上一期${Number(p.growth) >= 0 ? '增长' : '下降'} ${f.pct(Math.abs(Number(p.growth)))}`,
  'target.pAlive': (p, f) => `平均存活概率 ${f.fixed(p.pAlive, 2)}`,
  'target.priceService': (p, f) =>
    `折扣占总收入 ${f.pct(p.discountShare)}，服务成本占净收入 ${f.pct(p.serviceShare)}（公司：${ZH_TIER[s(p.priceTier)] ?? s(p.priceTier)}价位，服务能力${ZH_TIER[s(p.serviceCapacity)] ?? s(p.serviceCapacity)}）`,
  'target.categoryFit': (p, f) => `${f.pct(p.categoryFit)} 的客户主要购买公司的优势或战略品类`,
  'target.shares': (p, f) => `折扣占总收入 ${f.pct(p.discountShare)}，服务成本占净收入 ${f.pct(p.serviceShare)}`,
  'target.fitPart': (p, f) =>
    `匹配：${({ price: '价位', service: '服务能力', category: '品类', region: '地区', channel: '渠道', focus: '企业/个人侧重' } as Record<string, string>)[s(p.part)] ?? s(p.part)}（${ZH_WANTED[s(p.wanted)] ?? s(p.wanted)}）：${p.unit === 'place' ? `成员位置 ${f.fixed(p.figure, 2)}（全部购买客户 ${f.fixed(p.base, 2)}）` : `成员中占 ${f.pct(p.figure)}（全部购买客户 ${f.pct(p.base)}）`} → ${f.n(Number(p.score) * 100)}`,
  'target.fitNone': () => '匹配度 50：这份数据无法判断公司的任何属性',
  'target.lossMaking': () => '整体亏损：先解决服务成本与定价，再投入发展（80/20/30 法则）',
  'target.costLeadership': () => '对价格敏感：以价格和高效服务取胜',
  'target.nicheFocus': () => '规模小但有利润：以聚焦的产品与服务满足他们',
  'target.differentiation': () => '规模大、价值高：以差异化的产品和服务取胜，而不是靠低价',
  'strategy.differentiation': () => '差异化',
  'strategy.cost leadership': () => '成本领先',
  'strategy.niche focus': () => '聚焦细分市场',
  'winback.letGo': (p, f) => `整体亏损（利润 ${f.money(p.profit)}）：挽回的花费会超过其贡献`,
  'winback.service': (p, f) =>
    `${[p.satisfaction !== null ? `满意度 ${f.fixed(p.satisfaction, 1)}（满分 5）` : null, p.complaints !== null ? `投诉 ${f.n(p.complaints)} 次` : null].filter(Boolean).join('，')}：先解决服务问题，优惠券挽回不了他们`,
  'winback.highValue': (p, f) =>
    `${[p.tier !== null ? `价值象限 ${s(p.tier)}` : null, p.segment !== null ? nameOf(s(p.segment), 'zh-CN') : null, p.orgType !== null ? (ZH_ORG[s(p.orgType)] ?? s(p.orgType)) : null].filter(Boolean).join('，')}，迄今${p.basis === 'revenue' ? '收入' : '利润'} ${f.money(p.profit)}（每年 ${f.money(p.currentValue)}）：值得专人联系`,
  'winback.priceSensitive': (p, f) => `消费中有 ${f.pct(p.share)} 用于折扣：价格能把他们拉回来`,
  'winback.scenario': (p, f) => `消费中 ${f.pct(p.share)} 在“${s(p.category)}”：满足他们原本的需求`,
  'winback.habit': (p, f) => `没有明显的品类或价格偏好（${f.n(p.orders)} 笔订单）：先用低成本的方式试探`,
  'assume.noCosts': () => '没有商品成本、服务成本或毛利率：无法计算利润，利润数字即为净收入（设置毛利率，或导入带单位成本的产品）',
  'assume.margin': (p, f) => `其中 ${f.money(p.revenue)} 的净收入按毛利率 ${s(p.rate)} 估算商品成本`,
  'assume.uncosted': (p, f) => `${f.money(p.revenue)} 的净收入没有商品成本，按零成本计算（可设置毛利率）`,
  'assume.perOrder': (p, f) => `服务成本按每笔订单 ${f.money(p.cost)} 估算`,
  'assume.noServiceCosts': () => '没有服务成本数据：服务成本按零计算（可导入服务成本，或设置每单服务成本）',
  'assume.proxy': () => '在有 CLV 预测之前，长期价值为估算值',
  'axis.currentValue': () => '当前价值（年化利润）',
  'axis.longTermValue': () => '长期价值',
  'axis.loyalty': () => '忠诚度',
  'axis.satisfaction': () => '满意度（1–5 的均值；只有净推荐值时按 1 + 0.4 × 净推荐值换算）',
  'matrix.threshold': (p, f) => `${s(p.axis)}阈值 ${f.fixed(p.value, 2)}（${p.quantile === null ? '固定值' : `购买客户的 ${s(p.quantile)} 分位数`}）`,
  'matrix.missingSurveys': () => '满意度调查：请导入调查数据（客户编号、满意度 1–5 和/或净推荐值 0–10、日期）',
  'matrix.noSurveyNoCell': () => '没有调查答复的客户不在任何单元格中',
  'matrix.profitIsRevenue': () => '没有成本数据：这里的“利润”即净收入',
  'formula.currentValue': () => '当前价值 = 利润 × 365 / max(客户时长天数, 365)（年化利润）',
  'formula.clv': () => '长期价值 = CLV 预测值',
  'formula.proxy': (p) => `长期价值（估算）= 当前价值 × 存活概率 × ${s(p.years)} 年；存活概率 = exp(−距上次购买天数 / 平均购买间隔天数)`,
  'formula.loyalty': () => '忠诚度 = 购买天数、客户时长与最近购买（越近越高）在购买客户中百分位排名的平均值',
  'report.missingSurveysHint': () => '导入满意度调查后即可查看满意度 × 忠诚度矩阵。',
  'portrait.summary': (p, f) =>
    `${f.n(p.customers)} 位客户（占购买客户 ${f.pct1(p.share)}）贡献了 ${f.pct1(p.revenueShare)} 的收入、${f.pct1(p.profitShare)} 的利润和 ${f.pct1(p.clvShare)} 的${p.clv ? '预测终身价值（CLV）' : '长期价值（估算值；运行 CLV 预测后改用模型）'}`,
  'portrait.makeUp': (p, f) => `${f.field(p.field)}为“${f.value(p.field, p.value)}”的占细分的 ${f.pct1(p.segmentShare)}，全部购买客户中为 ${f.pct1(p.baseShare)}（×${f.fixed(p.lift, 2)}）`,
  'portrait.mean': (p, f) => `${f.field(p.field)}：平均 ${f.fixed(p.segmentMean, 2)}，全部购买客户为 ${f.fixed(p.baseMean, 2)}（×${f.fixed(p.ratio, 2)}）`,
};

const CATALOGUES: Record<ProseLang, Record<SaidCode, Render>> = { en: EN, 'zh-CN': ZH };

/** Both catalogues, for the check that every code exists in each. */
export const PROSE_CODES = { en: Object.keys(EN).sort(), 'zh-CN': Object.keys(ZH).sort() };

function formatter(lang: ProseLang, currency: string | null): Fmt {
  const num = (v: Param) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    n: (v) => (num(v) === null ? '—' : Math.round(num(v) as number).toLocaleString('en-US')),
    pct: (v) => (num(v) === null ? '—' : `${((num(v) as number) * 100).toFixed(0)}%`),
    money: (v) => formatMoney(lang, num(v), { currency }),
    fixed: (v, d) => (num(v) === null ? '—' : (num(v) as number).toFixed(d)),
    pct1: (v) => (num(v) === null ? '—' : `${((num(v) as number) * 100).toFixed(1)}%`),
    field: (v) => fieldLabel(lang, s(v)),
    value: (field, v) => (field === 'rfm_segment' || field === 'rfm.segment' || field === 'segment' ? nameOf(s(v), lang) : valueWord(lang, s(field), s(v))),
  };
}

/** The sentence in a language; money with the store's currency when there is one. */
export function say(lang: ProseLang, x: Said, currency: string | null = null): string {
  const r = CATALOGUES[lang][x.code] ?? EN[x.code];
  return r ? r(x.params, formatter(lang, currency)) : x.code;
}

export const said = (code: SaidCode, params: Record<string, Param> = {}): Said => ({ code, params });

/** The parts of a value run that say what was assumed (a structural subset of ValueReport). */
export interface AssumptionSource {
  readonly basis: 'profit' | 'revenue';
  readonly sources: { readonly costOfGoods: string; readonly costToServe: string; readonly longTermValue: string };
  readonly profit: { readonly assumedMarginRevenue: number; readonly uncostedRevenue: number };
  readonly config: { readonly marginRate: number | null; readonly costPerOrder: number | null };
}

/** What a value run assumed, as codes: the same list as the run's English `assumed.notes`, in the same order. */
export function assumptionNotes(v: AssumptionSource): Said[] {
  const cog = v.sources.costOfGoods;
  return [
    ...(v.basis === 'revenue' ? [said('assume.noCosts')] : []),
    ...(cog === 'margin-rate' || cog === 'products+margin-rate' ? [said('assume.margin', { rate: v.config.marginRate, revenue: v.profit.assumedMarginRevenue })] : []),
    ...(cog === 'products' && v.profit.uncostedRevenue !== 0 ? [said('assume.uncosted', { revenue: v.profit.uncostedRevenue })] : []),
    ...(v.sources.costToServe === 'per_order' ? [said('assume.perOrder', { cost: v.config.costPerOrder })] : []),
    ...(v.sources.costToServe === 'none' ? [said('assume.noServiceCosts')] : []),
    ...(v.sources.longTermValue !== 'clv_predictions' ? [said('assume.proxy')] : []),
  ];
}
