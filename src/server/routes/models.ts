import { scoreLeads } from '../../act/index.js';
import { predictAndSave } from '../../clv/store.js';
import { UsageError } from '../../errors.js';
import { loadClvCheck } from '../../report/clv-check.js';
import { loadSegmentFigures, scoreTargets } from '../../target/index.js';
import { audit } from '../audit.js';
import { PAGE_PARAMS, S } from '../openapi.js';
import { enumQuery, jsonBody, num, paging, str } from '../params.js';
import type { RouteSpec } from '../route.js';

const MODELS = ['bgnbd', 'pareto-nbd', 'mbgnbd'] as const;
const UNITS = ['day', 'week', 'month'] as const;

function oneOf<T extends string>(o: Record<string, unknown>, key: string, values: readonly T[], fallback: T): T {
  const v = str(o, key, 32, false);
  if (v === undefined) return fallback;
  if (!(values as readonly string[]).includes(v)) throw new UsageError(`${key}: use one of ${values.join(', ')}`);
  return v as T;
}

export const modelRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/clv/predictions',
    access: 'viewer',
    tag: 'clv',
    summary: 'Stored lifetime value predictions, highest CLV first, paged',
    params: PAGE_PARAMS,
    response: { description: 'A page', schema: S.obj({ total: S.int, page: S.int, pageSize: S.int, predictions: S.arr(S.any) }) },
    handler: async (c, s) => {
      const p = paging(c);
      const { total, rows } = await s.gate.read(async () => {
        const [{ n }] = await s.engine.query<{ n: number }>('SELECT count(*) AS n FROM clv_predictions');
        const rows = await s.engine.query(
          `SELECT customer_id, model, x, t_x, t AS "T", p_alive, expected_purchases, expected_spend, clv, horizon, time_unit, discount_rate, margin
           FROM clv_predictions ORDER BY clv DESC, customer_id LIMIT ${p.limit} OFFSET ${p.offset}`,
        );
        return { total: n, rows };
      });
      return c.json({ total, page: p.page, pageSize: p.pageSize, predictions: rows });
    },
  },
  {
    method: 'post',
    path: '/api/clv/predict',
    access: 'analyst',
    tag: 'clv',
    summary: 'Fit a purchase model and Gamma-Gamma, predict every customer and store the predictions',
    errors: [413, 415, 422],
    body: { contentType: 'application/json', schema: S.obj({ horizon: S.int, model: { type: 'string', enum: [...MODELS] }, timeUnit: { type: 'string', enum: [...UNITS] }, discountRate: S.num, margin: S.num }, ['horizon']) },
    response: { description: 'Summary and the top 10', schema: S.any },
    handler: async (c, s) => {
      const b = await jsonBody(c);
      const horizon = num(b, 'horizon', 1, 100_000);
      if (horizon === undefined || !Number.isInteger(horizon)) throw new UsageError('horizon: expected a whole number of periods from 1 to 100000');
      const model = oneOf(b, 'model', MODELS, 'bgnbd');
      const timeUnit = oneOf(b, 'timeUnit', UNITS, 'week');
      const discountRate = num(b, 'discountRate', 0, 0.999) ?? 0;
      const margin = num(b, 'margin', 0, 1);
      const u = s.user(c);
      const r = await s.gate.write(async () => {
        try {
          const r = await predictAndSave(s.engine, { model, timeUnit, horizon, discountRate, ...(margin !== undefined ? { margin } : {}) });
          await audit(s.engine, u, 'clv.predict', `${model}, ${horizon} ${timeUnit}s`);
          return r;
        } finally {
          s.changed();
        }
      });
      const top = [...r.predictions].sort((a, b2) => b2.clv - a.clv || a.customerId.localeCompare(b2.customerId)).slice(0, 10);
      return c.json({ model: r.options.model, params: r.purchaseFit.params, spendParams: r.spendFit?.params ?? null, horizon, timeUnit, discountRate, margin: r.margin, customers: r.predictions.length, totalClv: r.totalClv, meanPAlive: r.meanPAlive, top });
    },
  },
  {
    method: 'get',
    path: '/api/clv/check',
    access: 'viewer',
    tag: 'clv',
    summary: 'The latest holdout check of a lifetime value model (after clientele clv check), or null',
    response: { description: 'Check', schema: S.obj({ check: S.nullable(S.any) }) },
    handler: async (c, s) => c.json({ check: await s.gate.read(() => loadClvCheck(s.engine)) }),
  },
  {
    method: 'get',
    path: '/api/targets',
    access: 'viewer',
    tag: 'targets',
    summary: 'Segments scored on attractiveness × fit with the company (门当户对), with recommendations',
    params: [{ name: 'by', in: 'query', schema: { type: 'string', enum: ['rfm', 'saved'], default: 'rfm' } }],
    response: { description: 'Targets', schema: S.obj({ asOf: S.str, company: S.any, segments: S.arr(S.any) }) },
    handler: async (c, s) => {
      const by = enumQuery(c, 'by', ['rfm', 'saved'] as const, 'rfm');
      await s.value();
      // Saved segments may refresh their members: that writes.
      const { asOf, rows } = await s.gate.write(() => loadSegmentFigures(s.engine, by, s.options.company, s.options.valueConfig));
      const segments = scoreTargets(rows, s.options.company).sort((a, b) => Number(b.recommended) - Number(a.recommended) || b.attractiveness + b.fit - (a.attractiveness + a.fit));
      return c.json({ asOf, company: s.options.company, segments });
    },
  },
  {
    method: 'post',
    path: '/api/leads/score',
    access: 'analyst',
    tag: 'leads',
    summary: 'Learn from leads with known outcomes, check on a holdout, score the open ones (first 100 returned)',
    errors: [413, 415, 422],
    body: { contentType: 'application/json', schema: S.obj({ holdout: S.num, seed: S.int, exclude: S.arr(S.str), lambda: S.num }) },
    response: { description: 'As `clientele leads score --json`', schema: S.any },
    handler: async (c, s) => {
      const b = await jsonBody(c);
      const holdout = num(b, 'holdout', 0.01, 0.99) ?? 0.25;
      const seed = num(b, 'seed', -2_147_483_648, 2_147_483_647) ?? 1;
      if (!Number.isInteger(seed)) throw new UsageError('seed: expected a whole number');
      const lambda = num(b, 'lambda', 0, 1e6) ?? 1;
      const ex = b.exclude ?? ['duration'];
      if (!Array.isArray(ex) || ex.length > 200 || ex.some((x) => typeof x !== 'string' || x.length > 100)) throw new UsageError('exclude: expected a list of column names');
      const u = s.user(c);
      const r = await s.gate.write(async () => {
        const r = await scoreLeads(s.engine, { holdout, seed, exclude: ex as string[], lambda });
        await audit(s.engine, u, 'leads.score', null);
        return r;
      });
      return c.json({ ...r, scored: r.scored.slice(0, 100) });
    },
  },
];
