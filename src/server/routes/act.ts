import {
  CHURN_EXTRA_HEADERS, LOOKALIKE_EXTRA_HEADERS, NON_PRODUCTS, REFERRAL_EXTRA_HEADERS, campaignExport, careCampaigns, careDays, churnItems, churnReport,
  findLookalikes, loadContacts, loadLeadContacts, lookalikeItems, qualifyLeads, recommend, referralItems, referralReport,
  type CarePlan, type ChurnReport, type LookalikeAmong, type LookalikeReport, type QualifySummary, type RecommendOptions, type Recommendations, type ReferralReport,
} from '../../act/index.js';
import { customerExists, optedOutCustomers } from '../../catalog/index.js';
import type { Engine } from '../../engine/engine.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { careTable, qualifyTable, recommendationsTable } from '../../export/index.js';
import { audit } from '../audit.js';
import { MASKED_FIELDS, maskCareEvents, maskRow } from '../mask.js';
import { PAGE_PARAMS, S } from '../openapi.js';
import { dateQuery, enumQuery, intQuery, paging, stringQuery } from '../params.js';
import type { AppContext, RouteSpec, ServerState } from '../route.js';
import { auditedCsv, csvDownload } from './downloads.js';
import { errorLanguage } from '../errors.js';
import { translateCore } from '../../cli/i18n/index.js';

const RECOMMEND_PARAMS = [
  { name: 'customer', in: 'query', schema: S.str, description: 'One customer (default: every customer who bought)' },
  { name: 'top', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 10 }, description: 'Recommendations per customer, of each kind' },
  { name: 'minSupport', in: 'query', schema: { type: 'integer', minimum: 1, default: 10 }, description: 'Customers who must have bought both products of a pair' },
  { name: 'neighbours', in: 'query', schema: { type: 'integer', minimum: 1, default: 50 }, description: 'Partners kept per product, by lift' },
  { name: 'excludeProducts', in: 'query', schema: S.str, description: `Comma-separated product ids that are not merchandise (default: ${NON_PRODUCTS.join(', ')}); "none" keeps all` },
] as const;

const CARE_PARAMS = [
  { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
  { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: 'At most a year after from' },
] as const;

function recommendOptions(c: AppContext): Partial<RecommendOptions> & { customer?: string } {
  const customer = stringQuery(c, 'customer', { max: 200 });
  const ex = stringQuery(c, 'excludeProducts', { max: 10_000 });
  const excludeProducts = ex === undefined ? NON_PRODUCTS : ex.trim().toLowerCase() === 'none' ? [] : ex.split(',').map((x) => x.trim()).filter(Boolean);
  if (excludeProducts.length > 1000) throw new UsageError('excludeProducts: at most 1000 product ids');
  return {
    top: intQuery(c, 'top', { min: 1, max: 1000, default: 10 }),
    minSupport: intQuery(c, 'minSupport', { min: 1, max: 1_000_000_000, default: 10 }),
    neighbours: intQuery(c, 'neighbours', { min: 1, max: 1_000_000, default: 50 }),
    excludeProducts,
    ...(customer !== undefined ? { customer } : {}),
  };
}

/** Recommendations as `clientele recommend` makes them: every customer's are computed once per change of the data. */
function recommendations(s: ServerState, view: Engine, o: ReturnType<typeof recommendOptions>): Promise<Recommendations> {
  if (o.customer === undefined) return s.memo(`recommend|${JSON.stringify(o)}`, () => recommend(view, o));
  return (async () => {
    if (!(await customerExists(view, o.customer!))) throw new NotFoundError(`no customer ${o.customer}`);
    return recommend(view, o);
  })();
}

function carePlan(s: ServerState, view: Engine, from: string, to: string): Promise<CarePlan> {
  return s.memo(`care|${from}|${to}`, () => careCampaigns(view, from, to));
}

/** Lead ids in natural order (`bank-full.csv:1005` before `:10004`): the store sorts them as text. */
const byLeadId = new Intl.Collator('en', { numeric: true }).compare;

function qualification(s: ServerState, view: Engine): Promise<QualifySummary> {
  return s.memo('leads.qualify', async () => {
    const r = await qualifyLeads(view, s.options.qualify);
    return { ...r, results: [...r.results].sort((a, b) => byLeadId(a.leadId, b.leadId)) };
  });
}

const page = <T>(list: readonly T[], p: { limit: number; offset: number }) => list.slice(p.offset, p.offset + p.limit);

const LOOKALIKE_AMONG = ['auto', 'leads', 'non-buyers', 'customers'] as const;
const LOOKALIKE_PARAMS = [
  { name: 'among', in: 'query', schema: { type: 'string', enum: LOOKALIKE_AMONG, default: 'auto' }, description: 'Candidates: open leads, customers who never bought, or customers who are not among the best (auto: leads if any)' },
] as const;

/** The reports of `clientele churn`, `lookalike` and `referrals` for the current value run, computed once per run. */
function churn(s: ServerState): Promise<ChurnReport> {
  return s.withValue((view, v) => s.memo(`churn|${v.runId}`, () => churnReport(view, s.options.valueConfig)));
}

/**
 * Viewers' lookalikes compare no personal attribute (age): a term, its weight, or a score that rests on one would give
 * each candidate's age band away. Their model is fitted without them, not masked afterwards.
 */
function lookalikes(s: ServerState, among: (typeof LOOKALIKE_AMONG)[number], viewer = false): Promise<LookalikeReport> {
  return s.withValue((view, v) =>
    s.memo(`lookalike|${v.runId}|${among}|${viewer ? 'viewer' : 'all'}`, () => findLookalikes(view, s.options.valueConfig, { among: among as LookalikeAmong | 'auto', ...(viewer ? { omit: [...MASKED_FIELDS] } : {}) })),
  );
}

function referrals(s: ServerState): Promise<ReferralReport> {
  return s.withValue((view, v) => s.memo(`referrals|${v.runId}`, () => referralReport(view, s.options.valueConfig)));
}

export const actRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/recommendations',
    access: 'viewer',
    tag: 'act',
    summary: 'Cross-sell (co-occurrence) and volume upgrades per customer; both lists paged alike (figures and products only)',
    params: [...RECOMMEND_PARAMS, ...PAGE_PARAMS],
    errors: [404],
    response: { description: 'As `clientele recommend --json`, paged', schema: S.obj({ customers: S.int, total: S.obj({ crossSell: S.int, upsell: S.int }), page: S.int, pageSize: S.int, crossSell: S.arr(S.any), upsell: S.arr(S.any) }) },
    handler: async (c, s) => {
      const o = recommendOptions(c);
      const p = paging(c);
      const { r, out } = await s.read(async (view) => ({ r: await recommendations(s, view, o), out: await s.memo('opted-out', () => optedOutCustomers(view)) }));
      const flag = <T extends { customerId: string }>(x: T) => ({ ...x, optOut: out.has(x.customerId) });
      return c.json({ customers: r.customers, total: { crossSell: r.crossSell.length, upsell: r.upsell.length }, page: p.page, pageSize: p.pageSize, crossSell: page(r.crossSell, p).map(flag), upsell: page(r.upsell, p).map(flag) });
    },
  },
  {
    method: 'get',
    path: '/api/recommendations/export',
    access: 'analyst',
    tag: 'act',
    summary: 'Recommendations as campaign CSV with contact fields, opted-out customers left out (audited)',
    params: RECOMMEND_PARAMS,
    errors: [404],
    response: { contentType: 'text/csv', description: 'CSV, UTF-8 with BOM, as `clientele recommend --out`', schema: S.str },
    handler: async (c, s) => {
      const o = recommendOptions(c);
      const t = await s.read(async (view) => recommendationsTable(await recommendations(s, view, o), await loadContacts(view)));
      return auditedCsv(c, s, { file: 'recommendations.csv', action: 'export.recommendations', target: `${o.customer ?? 'all customers'}` }, t);
    },
  },
  {
    method: 'get',
    path: '/api/care',
    access: 'viewer',
    tag: 'act',
    summary: "Care calendar: birthdays, anniversaries and holidays in a window; events paged (viewers: names masked, birthdays counted but not listed, since a window picks a birth day; others' views audited)",
    params: [...CARE_PARAMS, ...PAGE_PARAMS],
    response: { description: 'As `clientele care --json`, events paged; `days`: birthdays and anniversaries per day', schema: S.obj({ from: S.str, to: S.str, counts: S.any, notes: S.arr(S.str), holidays: S.arr(S.any), days: S.arr(S.any), total: S.int, page: S.int, pageSize: S.int, events: S.arr(S.any), personalData: S.str }) },
    handler: async (c, s) => {
      const from = dateQuery(c, 'from', { required: true });
      const to = dateQuery(c, 'to', { required: true });
      const p = paging(c);
      const u = s.user(c);
      const plan = await s.read((view) => carePlan(s, view, from, to));
      const viewer = u.role === 'viewer';
      const all = viewer ? maskCareEvents(plan.events) : plan.events;
      const events = page(all, p);
      if (!viewer && events.some((e) => e.name !== null)) await s.write(() => audit(s.engine, u, 'care.view-personal', `${from}..${to} page ${p.page}`));
      return c.json({
        from: plan.from, to: plan.to, counts: plan.counts, notes: plan.notes, holidays: plan.holidays, days: careDays(plan),
        total: all.length, page: p.page, pageSize: p.pageSize, events, personalData: viewer ? 'masked' : 'visible',
      });
    },
  },
  {
    method: 'get',
    path: '/api/care/export',
    access: 'analyst',
    tag: 'act',
    summary: "The care campaign as CSV: one line per greeting in the customer's language, opted-out customers left out (audited)",
    params: CARE_PARAMS,
    response: { contentType: 'text/csv', description: 'CSV, UTF-8 with BOM, as `clientele care --out`', schema: S.str },
    handler: async (c, s) => {
      const from = dateQuery(c, 'from', { required: true });
      const to = dateQuery(c, 'to', { required: true });
      const u = s.user(c);
      const t = await s.read(async (view) => careTable(await carePlan(s, view, from, to), await loadContacts(view)));
      await s.write(() => audit(s.engine, u, 'export.care', `${from}..${to} (${t.rows.length} rows)`));
      return csvDownload(c, 'care.csv', t);
    },
  },
  {
    method: 'get',
    path: '/api/leads/qualify',
    access: 'viewer',
    tag: 'leads',
    summary: 'Every lead checked on money, authority and need (MAN), whatever its source; results paged (contacts masked for viewers; audited for others)',
    params: [...PAGE_PARAMS, { name: 'status', in: 'query', schema: { type: 'string', enum: ['qualified', 'not qualified', 'incomplete'] } }],
    response: { description: 'As `clientele leads qualify --json`, results paged', schema: S.obj({ leads: S.int, qualified: S.int, notQualified: S.int, incomplete: S.int, checks: S.any, missingData: S.arr(S.any), privileged: S.any, total: S.int, page: S.int, pageSize: S.int, results: S.arr(S.any), personalData: S.str }) },
    handler: async (c, s) => {
      const p = paging(c);
      const status = c.req.query('status') ? enumQuery(c, 'status', ['qualified', 'not qualified', 'incomplete'] as const, 'qualified') : undefined;
      const u = s.user(c);
      const { results, ...all } = await s.read((view) => qualification(s, view));
      // What to import to enable a check with no data, in the client's language (as the CLI prints it).
      const zh = errorLanguage(c.req.header('accept-language')) === 'zh';
      const summary = zh ? { ...all, missingData: all.missingData.map((m) => ({ ...m, enableWith: translateCore(m.enableWith, 'zh-CN') })) } : all;
      const kept = status ? results.filter((r) => r.status === status) : results;
      const shown = page(kept, p);
      const viewer = u.role === 'viewer';
      if (!viewer && shown.some((q) => q.name !== null || q.email !== null || q.phone !== null)) await s.write(() => audit(s.engine, u, 'leads.view-personal', `qualify page ${p.page}${status ? ` (${status})` : ''}`));
      return c.json({ ...summary, total: kept.length, page: p.page, pageSize: p.pageSize, results: viewer ? shown.map((q) => maskRow(q)) : shown, personalData: viewer ? 'masked' : 'visible' });
    },
  },
  {
    method: 'get',
    path: '/api/leads/qualify/export',
    access: 'analyst',
    tag: 'leads',
    summary: 'Every lead with its MAN status and reasons as CSV with contact fields, opted-out leads left out (audited)',
    response: { contentType: 'text/csv', description: 'CSV, UTF-8 with BOM, as `clientele leads qualify --out`', schema: S.str },
    handler: async (c, s) => {
      const t = await s.read(async (view) => qualifyTable(await qualification(s, view), await loadLeadContacts(view)));
      return auditedCsv(c, s, { file: 'leads.csv', action: 'export.leads', target: `qualify` }, t);
    },
  },
  {
    method: 'get',
    path: '/api/churn',
    access: 'viewer',
    tag: 'act',
    summary: 'Customers at risk (P(alive), recency against their own rhythm) with their value and a win-back method, and the retention economics; customers paged (figures only)',
    params: PAGE_PARAMS,
    response: { description: 'As `clientele churn --json`, customers paged', schema: S.obj({ asOf: S.str, basis: S.str, pAlive: S.any, rules: S.any, buyers: S.int, atRisk: S.int, valueAtRisk: S.num, byMethod: S.any, economics: S.nullable(S.any), notes: S.arr(S.str), total: S.int, page: S.int, pageSize: S.int, customers: S.arr(S.any) }) },
    handler: async (c, s) => {
      const p = paging(c);
      const { customers, ...r } = await churn(s);
      const out = await s.read((view) => s.memo('opted-out', () => optedOutCustomers(view)));
      return c.json({ ...r, total: customers.length, page: p.page, pageSize: p.pageSize, customers: page(customers, p).map((x) => ({ ...x, optOut: out.has(x.customerId) })) });
    },
  },
  {
    method: 'get',
    path: '/api/churn/export',
    access: 'analyst',
    tag: 'act',
    summary: 'The win-back campaign as CSV with contact fields; opted-out and let-go customers left out (audited)',
    response: { contentType: 'text/csv', description: 'CSV, UTF-8 with BOM, as `clientele churn --out`', schema: S.str },
    handler: async (c, s) => {
      const r = await churn(s);
      const t = campaignExport(churnItems(r), await s.read((view) => loadContacts(view)), CHURN_EXTRA_HEADERS);
      return auditedCsv(c, s, { file: 'churn.csv', action: 'export.churn', target: `${r.asOf}` }, t);
    },
  },
  {
    method: 'get',
    path: '/api/lookalikes',
    access: 'viewer',
    tag: 'act',
    summary: 'Prospects or customers scored by similarity to the best customers (tier IV and Champions), with the attributes that drive it; lookalikes paged (ids only; for viewers no personal attribute such as age is compared)',
    params: [...LOOKALIKE_PARAMS, ...PAGE_PARAMS],
    response: { description: 'As `clientele lookalike --json`, lookalikes paged', schema: S.obj({ asOf: S.str, among: S.str, best: S.any, customers: S.int, attributes: S.arr(S.any), check: S.nullable(S.any), candidates: S.int, notes: S.arr(S.str), total: S.int, page: S.int, pageSize: S.int, lookalikes: S.arr(S.any), personalData: S.str }) },
    handler: async (c, s) => {
      const p = paging(c);
      const viewer = s.user(c).role === 'viewer';
      const { lookalikes: list, ...r } = await lookalikes(s, enumQuery(c, 'among', LOOKALIKE_AMONG, 'auto'), viewer);
      return c.json({ ...r, total: list.length, page: p.page, pageSize: p.pageSize, lookalikes: page(list, p), personalData: viewer ? 'masked' : 'visible' });
    },
  },
  {
    method: 'get',
    path: '/api/lookalikes/export',
    access: 'analyst',
    tag: 'act',
    summary: 'The first `top` lookalikes as CSV with contact fields; opted-out customers and leads left out (audited)',
    params: [...LOOKALIKE_PARAMS, { name: 'top', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 100 } }],
    response: { contentType: 'text/csv', description: 'CSV, UTF-8 with BOM, as `clientele lookalike --out`', schema: S.str },
    handler: async (c, s) => {
      const top = intQuery(c, 'top', { min: 1, max: 1_000_000, default: 100 });
      const r = await lookalikes(s, enumQuery(c, 'among', LOOKALIKE_AMONG, 'auto'));
      const leads = r.among === 'leads';
      const book = await s.read((view) => (leads ? loadLeadContacts(view) : loadContacts(view)));
      const t = campaignExport(lookalikeItems(r, top), book, LOOKALIKE_EXTRA_HEADERS, leads ? 'leads' : 'customers');
      return auditedCsv(c, s, { file: 'lookalikes.csv', action: 'export.lookalikes', target: `${r.among}` }, t);
    },
  },
  {
    method: 'get',
    path: '/api/referrals',
    access: 'viewer',
    tag: 'act',
    summary: 'Referral chains (链式介绍法): each referrer with the revenue and profit of everyone they brought in, directly and indirectly; referrers paged (names masked for viewers)',
    params: PAGE_PARAMS,
    response: { description: 'As `clientele referrals --json`, referrers paged', schema: S.obj({ asOf: S.str, basis: S.str, referred: S.any, unknownReferrers: S.int, selfReferrals: S.int, cycles: S.arr(S.any), total: S.int, page: S.int, pageSize: S.int, referrers: S.arr(S.any), personalData: S.str }) },
    handler: async (c, s) => {
      const p = paging(c);
      const u = s.user(c);
      const { referrers, ...r } = await referrals(s);
      const shown = page(referrers, p);
      const viewer = u.role === 'viewer';
      if (!viewer && shown.some((x) => x.name !== null)) await s.write(() => audit(s.engine, u, 'referrals.view-personal', `page ${p.page}`));
      return c.json({ ...r, total: referrers.length, page: p.page, pageSize: p.pageSize, referrers: viewer ? shown.map((x) => maskRow(x)) : shown, personalData: viewer ? 'masked' : 'visible' });
    },
  },
  {
    method: 'get',
    path: '/api/referrals/export',
    access: 'analyst',
    tag: 'act',
    summary: 'The top referrers as CSV with contact fields (thank them, ask again); opted-out customers and leads left out (audited)',
    params: [{ name: 'top', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1_000_000, default: 100 } }],
    response: { contentType: 'text/csv', description: 'CSV, UTF-8 with BOM, as `clientele referrals --out`', schema: S.str },
    handler: async (c, s) => {
      const top = intQuery(c, 'top', { min: 1, max: 1_000_000, default: 100 });
      const r = await referrals(s);
      const book = await s.read(async (view) => ({ customers: await loadContacts(view), leads: await loadLeadContacts(view) }));
      const t = campaignExport(referralItems(r, top), book, REFERRAL_EXTRA_HEADERS, 'mixed');
      return auditedCsv(c, s, { file: 'referrals.csv', action: 'export.referrals', target: `top ${top}` }, t);
    },
  },
];
