/**
 * The report's sections for the decisions of issue #17: big-customer risk (大客户风险) and campaigns measured against
 * their holdout (and more as they come). Words in English and 简体中文 here, beside the sections.
 */
import { listCampaigns, measureCampaign, type CampaignResult } from '../campaign/index.js';
import { accountsReport, bigCustomerRisk, lifecycleReport, sourcesReport, stageFunnels, type AccountsReport, type Funnel, type BigCustomerRisk, type LifecycleReport, type SourcesReport } from '../decide/index.js';
import type { Engine } from '../engine/engine.js';
import { esc, tableHtml } from './html.js';
import { LIFECYCLE_RULE_ZH } from '../sql/lifecycle.js';
import { nameOf, type Lang } from './i18n.js';

export interface DecideReport {
  readonly bigCustomers?: BigCustomerRisk;
  readonly campaigns?: readonly CampaignResult[];
  readonly sources?: SourcesReport;
  readonly lifecycle?: LifecycleReport;
  readonly accounts?: AccountsReport;
  readonly stages?: { readonly all: Funnel | null; readonly bySegment: readonly Funnel[]; readonly bySource: readonly Funnel[] };
}

/** What the sections need, from the store as of the run's date; campaigns are the latest 10. */
export async function loadDecideReport(engine: Engine, asOf: string, marginRate: number | null): Promise<DecideReport> {
  const campaigns: CampaignResult[] = [];
  for (const c of (await listCampaigns(engine)).slice(0, 10)) campaigns.push(await measureCampaign(engine, c.id, marginRate));
  return { bigCustomers: await bigCustomerRisk(engine, asOf), campaigns, sources: await sourcesReport(engine, asOf, marginRate), lifecycle: await lifecycleReport(engine, asOf), accounts: await accountsReport(engine, 10), stages: await stageFunnels(engine) };
}

const WORDS = {
  en: {
    bigTitle: 'Big-customer risk (大客户风险)',
    bigLine: (t1: string, t5: string, t10: string, hhi: string, eq: string) => `The top customer carries ${t1} of the positive profit, the top 5 ${t5}, the top 10 ${t10}; Herfindahl index ${hhi} (as concentrated as ${eq} equal customers).`,
    top10Warn: (x: string) => `Warning: the top 10 customers carry ${x} of profit; losing one would hurt.`,
    hhiWarn: (x: string) => `Warning: profit is concentrated (Herfindahl ${x}).`,
    head: ['Customer', 'Profit', 'Dependence', 'Share of wallet', 'Discounts (year before → last)', 'Revenue change', 'Signals'],
    signal: { 'rising-discounts': 'rising discounts', 'slower-payment': 'slower payment', 'going-own-way': 'going their own way (另起炉灶)' } as Record<string, string>,
    campaignsTitle: 'Campaigns measured against a holdout',
    campaignsHead: ['Campaign', 'Sent', 'Treated', 'Control', 'Response lift (95% CI)', 'Profit per customer (95% CI)', 'Verdict'],
    verdict: { effect: 'works', harm: 'hurts', 'not-yet': 'not measurable yet', none: 'no effect', 'too-small': 'too few customers' } as Record<string, string>,
    needMore: (n: string) => `need about ${n} more customers`,
    sourcesTitle: 'Where good customers come from',
    sourcesHead: ['Source', 'Leads', 'Conversion', 'Customers', 'Profit in first 12 months', 'Mean CLV', 'Value per lead'],
    best: (s: string) => `The next prospecting budget: ${s} brings the most value per lead.`,
    lifecycleTitle: 'Relationship life cycle',
    lifecycleHead: ['Stage', 'Customers', 'Share', 'Profit', 'Mean CLV'],
    stage: { exploration: 'exploration (考察期)', formation: 'formation (形成期)', stability: 'stability (稳定期)', decline: 'decline (退化期)' } as Record<string, string>,
    rule: 'The rule, first that applies:',
    accountsTitle: 'Who decides at company accounts',
    accountsLine: (a: string, c: string, x: string) => `${a} company and government accounts, ${c} with known contacts; ${x} with no known decision maker. The most profitable of them:`,
    accountsHead: ['Account', 'Profit', 'Contacts', 'Favour a competitor', 'Last contact'],
    stagesTitle: 'Purchase stages (了解 → 认可 → 信任 → 满意)',
    stagesHead: ['Group', 'Aware', 'Recognise the need', 'Trust (bought)', 'Satisfied', 'Biggest drop', 'Action'],
    stageName: { awareness: 'awareness', recognition: 'recognition', trust: 'trust', satisfaction: 'satisfaction' } as Record<string, string>,
    action: { inform: 'inform', 'show the value': 'show the value', 'build trust': 'build trust', 'serve well': 'serve well' } as Record<string, string>,
  },
  'zh-CN': {
    bigTitle: '大客户风险',
    bigLine: (t1: string, t5: string, t10: string, hhi: string, eq: string) => `利润最高的客户贡献正利润的 ${t1}，前 5 名 ${t5}，前 10 名 ${t10}；赫芬达尔指数 ${hhi}（相当于 ${eq} 个同等客户的集中度）。`,
    top10Warn: (x: string) => `警告：前 10 名客户贡献了 ${x} 的利润，失去其中一个代价很大。`,
    hhiWarn: (x: string) => `警告：利润高度集中（赫芬达尔指数 ${x}）。`,
    head: ['客户', '利润', '依赖度', '采购份额', '折扣（前一年 → 最近一年）', '收入变化', '信号'],
    signal: { 'rising-discounts': '折扣上升', 'slower-payment': '付款变慢', 'going-own-way': '另起炉灶' } as Record<string, string>,
    campaignsTitle: '以对照组衡量的营销活动',
    campaignsHead: ['活动', '发送日期', '实验组', '对照组', '响应率提升（95% 区间）', '每位客户利润（95% 区间）', '结论'],
    verdict: { effect: '有效', harm: '有害', 'not-yet': '尚无法判断', none: '无效果', 'too-small': '客户太少' } as Record<string, string>,
    needMore: (n: string) => `还需约 ${n} 位客户`,
    sourcesTitle: '好客户从哪里来',
    sourcesHead: ['来源', '线索', '转化率', '客户数', '首 12 个月利润', '平均 CLV', '每条线索价值'],
    best: (s: string) => `下一笔开发预算：${s} 每条线索带来的价值最高。`,
    lifecycleTitle: '客户关系生命周期',
    lifecycleHead: ['阶段', '客户数', '占比', '利润', '平均 CLV'],
    stage: { exploration: '考察期', formation: '形成期', stability: '稳定期', decline: '退化期' } as Record<string, string>,
    rule: '判定规则（按顺序取第一条成立的）：',
    accountsTitle: '企业客户中谁在做决定',
    accountsLine: (a: string, c: string, x: string) => `共 ${a} 个企业和政府客户，其中 ${c} 个有已知联系人；${x} 个没有已知的决策者。其中利润最高的：`,
    accountsHead: ['客户', '利润', '联系人', '倾向竞争对手', '最近联系'],
    stagesTitle: '客户采购四要素（了解 → 认可 → 信任 → 满意）',
    stagesHead: ['分组', '了解', '认可', '信任（已购买）', '满意', '最大流失', '对策'],
    stageName: { awareness: '了解', recognition: '认可', trust: '信任', satisfaction: '满意' } as Record<string, string>,
    action: { inform: '告知', 'show the value': '展示价值', 'build trust': '建立信任', 'serve well': '做好服务' } as Record<string, string>,
  },
};

const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(1)}%`);
const pts = (x: number) => (x * 100).toFixed(1);
const n = (x: number) => Math.round(x).toLocaleString('en-US');
const m2 = (x: number) => x.toFixed(2);

export function decideSections(d: DecideReport, lang: Lang): string[] {
  const w = WORDS[lang];
  const out: string[] = [];
  const b = d.bigCustomers;
  if (b && b.large.length) {
    const c = b.concentration;
    const warns = c.warnings.map((x) => `<p class="warn">${esc(x.code === 'top10' ? w.top10Warn(pct(x.figure)) : w.hhiWarn(x.figure.toFixed(3)))}</p>`).join('');
    const rows = b.large.map((x) => [x.customerId, n(x.profit), pct(x.dependence), pct(x.shareOfWallet), `${pct(x.discountSharePrior)} → ${pct(x.discountShareRecent)}`, pct(x.revenueChange), x.signals.map((s) => w.signal[s]).join(', ')]);
    out.push(`<section id="big-customers-section"><h2>${esc(w.bigTitle)}</h2><p>${esc(w.bigLine(pct(c.top1Share), pct(c.top5Share), pct(c.top10Share), c.hhi.toFixed(4), n(c.equivalentCustomers)))}</p>${warns}${tableHtml(w.head, rows, [false, true, true, true, false, true, false])}</section>`);
  }
  if (d.campaigns && d.campaigns.length) {
    const rows = d.campaigns.map((r) => {
      const o = r.overall;
      return [`${r.campaign.id} ${r.campaign.name}`, r.campaign.sentAt, n(o.treated), n(o.control), `${pts(o.responseRate.lift)} (${pts(o.responseRate.low)} … ${pts(o.responseRate.high)})`, `${m2(o.profitPerCustomer.lift)} (${m2(o.profitPerCustomer.low)} … ${m2(o.profitPerCustomer.high)})`, `${w.verdict[o.verdict]}${o.needMore !== null ? `: ${w.needMore(n(o.needMore))}` : ''}`];
    });
    out.push(`<section id="campaigns-section"><h2>${esc(w.campaignsTitle)}</h2>${tableHtml(w.campaignsHead, rows, [false, false, true, true, true, true, false])}</section>`);
  }
  if (d.sources && d.sources.lines.length) {
    const f = (x: number | null) => (x === null ? '—' : x.toFixed(2));
    const source = (s: string) => (s === '(unknown)' ? (lang === 'zh-CN' ? '（未知）' : '(unknown)') : s);
    const rows = d.sources.lines.map((x) => [source(x.source), x.leads === null ? '—' : n(x.leads), pct(x.conversion), x.customers === null ? '—' : n(x.customers), f(x.profit12), f(x.meanClv), f(x.valuePerLead)]);
    out.push(`<section id="sources-section"><h2>${esc(w.sourcesTitle)}</h2>${d.sources.best ? `<p>${esc(w.best(source(d.sources.best)))}</p>` : ''}${tableHtml(w.sourcesHead, rows, [false, true, true, true, true, true, true])}</section>`);
  }
  if (d.lifecycle && d.lifecycle.stages.some((x) => x.customers > 0)) {
    const rows = d.lifecycle.stages.map((x) => [w.stage[x.stage], n(x.customers), pct(x.share), n(x.profit), x.meanClv === null ? '—' : n(x.meanClv)]);
    out.push(`<section id="lifecycle-section"><h2>${esc(w.lifecycleTitle)}</h2>${tableHtml(w.lifecycleHead, rows, [false, true, true, true, true])}<p class="small">${esc(w.rule)}</p><ul class="small">${(lang === 'zh-CN' ? LIFECYCLE_RULE_ZH : d.lifecycle.rule).map((r) => `<li>${esc(r)}</li>`).join('')}</ul></section>`);
  }
  if (d.accounts && d.accounts.accounts > 0) {
    const a = d.accounts;
    const rows = a.flagged.map((x) => [x.customerId, n(x.profit), n(x.contacts), n(x.withCompetitor), x.lastContact ?? '—']);
    out.push(`<section id="accounts-section"><h2>${esc(w.accountsTitle)}</h2><p>${esc(w.accountsLine(n(a.accounts), n(a.withContacts), n(a.withoutDecisionMaker)))}</p>${rows.length ? tableHtml(w.accountsHead, rows, [false, true, true, true, false]) : ''}</section>`);
  }
  if (d.stages?.all) {
    const fs = [d.stages.all, ...d.stages.bySegment, ...d.stages.bySource];
    // Segments by their name in the reader's language; the two groups the funnel makes itself, in words.
    const group = (f: Funnel) => (f.kind === 'all' ? '—' : f.group === 'prospects (leads)' ? (lang === 'zh-CN' ? '潜在客户（线索）' : 'prospects (leads)') : f.group === '(unknown)' ? (lang === 'zh-CN' ? '（未知）' : '(unknown)') : f.kind === 'segment' ? nameOf(f.group, lang) : f.group);
    const rows = fs.map((f) => [group(f), n(f.counts[0]), n(f.counts[1]), n(f.counts[2]), n(f.counts[3]), f.biggestDrop ? `${w.stageName[f.biggestDrop.into]} (${pct(1 - f.biggestDrop.rate)})` : '—', f.biggestDrop ? w.action[f.biggestDrop.action] : '—']);
    out.push(`<section id="stages-section"><h2>${esc(w.stagesTitle)}</h2>${tableHtml(w.stagesHead, rows, [false, true, true, true, true, false, false])}</section>`);
  }
  return out;
}
