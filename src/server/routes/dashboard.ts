/**
 * What the dashboard needs beyond the other route files: customers selected by a rule (RFM and matrix cells,
 * segment previews), the rule fields, one customer's prediction and recommendations, budget allocation and the
 * care calendar. Figures and ids only: no route here returns personal data, so viewers may call them all.
 */
import { careCampaigns, recommend } from '../../act/index.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { FIELDS, MAX_RULE_LENGTH, compileRule } from '../../segment/index.js';
import { RULE_PAGE_SORTS, type RulePageSort } from '../../sql/dashboard.js';
import { SQL_CUSTOMER_PREDICTION, sqlCustomerRulePage } from '../../sql/dashboard.js';
import { allocateBudget, loadSegmentFigures } from '../../target/index.js';
import { PAGE_PARAMS, S } from '../openapi.js';
import { enumQuery, numberQuery, paging, stringQuery } from '../params.js';
import type { RouteSpec } from '../route.js';

const SORTS = Object.keys(RULE_PAGE_SORTS) as RulePageSort[];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const dashboardRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/dashboard/customers',
    access: 'viewer',
    tag: 'dashboard',
    summary: 'Customers a segment rule selects (e.g. rfm.r = 5 and rfm.f = 4), paged and sorted in the store (figures only)',
    params: [
      ...PAGE_PARAMS,
      { name: 'rule', in: 'query', required: true, schema: { type: 'string', maxLength: MAX_RULE_LENGTH } },
      { name: 'sort', in: 'query', schema: { type: 'string', enum: SORTS, default: 'profit' } },
      { name: 'order', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'], default: 'desc' } },
    ],
    response: { description: 'A page', schema: S.obj({ asOf: S.str, runId: S.int, rule: S.str, total: S.int, page: S.int, pageSize: S.int, sort: S.str, order: S.str, customers: S.arr(S.any) }) },
    handler: async (c, s) => {
      const p = paging(c);
      const rule = stringQuery(c, 'rule', { max: MAX_RULE_LENGTH, required: true })!;
      const sort = enumQuery(c, 'sort', SORTS, 'profit');
      const order = enumQuery(c, 'order', ['asc', 'desc'] as const, 'desc');
      const v = await s.value();
      const compiled = compileRule(s.engine.dialect, rule, v.asOf, 2);
      const q = sqlCustomerRulePage(s.engine.dialect, { sort, order, where: compiled.where, limit: p.limit, offset: p.offset });
      const params = [v.runId, ...compiled.params];
      const { total, customers } = await s.read(async (view) => ({
        total: await s.memo(`dashboard.customers|${v.runId}|${rule}`, async () => Number((await view.query<{ n: number }>(q.count, params))[0].n)),
        customers: await view.query(q.page, params),
      }));
      return c.json({ asOf: v.asOf, runId: v.runId, rule, total, page: p.page, pageSize: p.pageSize, sort, order, customers });
    },
  },
  {
    method: 'get',
    path: '/api/dashboard/fields',
    access: 'viewer',
    tag: 'dashboard',
    summary: 'The fields a segment rule can name, with their types and meaning (for the segment builder)',
    response: { description: 'Fields', schema: S.obj({ fields: S.arr(S.obj({ name: S.str, type: S.str, help: S.str })) }) },
    handler: async (c) => c.json({ fields: Object.entries(FIELDS).map(([name, f]) => ({ name, type: f.type, help: f.help })) }),
  },
  {
    method: 'get',
    path: '/api/dashboard/customers/{id}/actions',
    access: 'viewer',
    tag: 'dashboard',
    summary: "One customer's stored lifetime value prediction (or null) and recommendations: cross-sell and volume upgrades",
    params: [{ name: 'id', in: 'path', schema: S.str }],
    errors: [404],
    response: { description: 'Prediction and recommendations', schema: S.obj({ customerId: S.str, prediction: S.nullable(S.any), crossSell: S.arr(S.any), upsell: S.arr(S.any) }) },
    handler: async (c, s) => {
      const id = c.req.param('id') ?? '';
      if (id.length === 0 || id.length > 200) throw new UsageError('id: 1 to 200 characters');
      const r = await s.read(async (view) => {
        if (!(await view.query('SELECT 1 FROM customers WHERE customer_id = $1 UNION ALL SELECT 1 FROM customer_summary WHERE customer_id = $1 LIMIT 1', [id])).length) throw new NotFoundError(`there is no customer "${id}"`);
        const [prediction] = await view.query(SQL_CUSTOMER_PREDICTION, [id]);
        return { prediction: prediction ?? null, rec: await recommend(view, { customer: id, top: 5 }) };
      });
      return c.json({ customerId: id, prediction: r.prediction, crossSell: r.rec.crossSell, upsell: r.rec.upsell });
    },
  },
  {
    method: 'get',
    path: '/api/dashboard/allocation',
    access: 'viewer',
    tag: 'dashboard',
    summary: 'Split a budget across segments by expected CLV uplift with diminishing returns (as `clientele allocate`); nothing is stored',
    params: [
      { name: 'budget', in: 'query', required: true, schema: { type: 'number', minimum: 0 } },
      { name: 'by', in: 'query', schema: { type: 'string', enum: ['rfm', 'saved'], default: 'rfm' } },
      { name: 'maxUplift', in: 'query', schema: { type: 'number', default: 0.2 }, description: "The largest share of a segment's CLV spending can add, (0, 10]" },
      { name: 'costScale', in: 'query', schema: { type: 'number', default: 20 }, description: 'Spend per customer that reaches 63% of that uplift' },
    ],
    errors: [404],
    response: { description: 'The allocation', schema: S.obj({ asOf: S.str, budget: S.num, by: S.str, model: S.any, lines: S.arr(S.any), spent: S.num, expectedReturn: S.num, roi: S.num, lossMaking: S.arr(S.str) }) },
    handler: async (c, s) => {
      const budget = numberQuery(c, 'budget', { min: 0, max: 1e15 });
      if (budget === undefined) throw new UsageError('budget is required');
      const by = enumQuery(c, 'by', ['rfm', 'saved'] as const, 'rfm');
      const maxUplift = numberQuery(c, 'maxUplift', { min: 1e-6, max: 10, default: 0.2 })!;
      const costScale = numberQuery(c, 'costScale', { min: 1e-6, max: 1e12, default: 20 })!;
      await s.value();
      // Saved segments may refresh their members: that writes (as GET /api/targets).
      const { asOf, rows } = await s.write(() => loadSegmentFigures(s.engine, by, s.options.company, s.options.valueConfig));
      const r = allocateBudget(
        rows.map((x) => ({ name: x.name, customers: x.customers, meanClv: x.meanClv, profit: x.profit })),
        { budget, maxUplift, costScale },
      );
      return c.json({ asOf, budget, by, model: { maxUplift, costScale }, ...r, lossMaking: r.lines.filter((l) => l.lossMaking).map((l) => l.name) });
    },
  },
  {
    method: 'get',
    path: '/api/dashboard/care',
    access: 'viewer',
    tag: 'dashboard',
    summary: 'The care calendar: birthdays, anniversaries and holidays in a window, greetings per day, and a page of the events (ids, no names)',
    params: [
      ...PAGE_PARAMS,
      { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
      { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' }, description: 'At most a year after from' },
    ],
    response: { description: 'The plan', schema: S.obj({ from: S.str, to: S.str, counts: S.any, notes: S.arr(S.str), holidays: S.arr(S.any), days: S.arr(S.any), total: S.int, page: S.int, pageSize: S.int, events: S.arr(S.any) }) },
    handler: async (c, s) => {
      const p = paging(c);
      const from = stringQuery(c, 'from', { max: 10, required: true })!;
      const to = stringQuery(c, 'to', { max: 10, required: true })!;
      if (!DATE.test(from) || !DATE.test(to)) throw new UsageError('from, to: expected dates YYYY-MM-DD');
      const plan = await s.read((view) => careCampaigns(view, from, to));
      const days = new Map<string, { date: string; birthdays: number; anniversaries: number }>();
      for (const e of plan.events) {
        const d = days.get(e.date) ?? { date: e.date, birthdays: 0, anniversaries: 0 };
        if (e.kind === 'birthday') d.birthdays++;
        else d.anniversaries++;
        days.set(e.date, d);
      }
      // Names stay out: the customer page shows them to those who may see them, and audits it.
      const events = plan.events.slice(p.offset, p.offset + p.limit).map((e) => ({ date: e.date, kind: e.kind, customerId: e.customerId, years: e.years, since: e.since, optOut: e.optOut, language: e.language }));
      return c.json({ from: plan.from, to: plan.to, counts: plan.counts, notes: plan.notes, holidays: plan.holidays, days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)), total: plan.events.length, page: p.page, pageSize: p.pageSize, events });
    },
  },
];
