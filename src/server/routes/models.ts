import { explainDiagnostics } from '../../clv/diagnostics.js';
import type { FitDiagnostic } from '../../clv/fit.js';
import { scoreLeads } from '../../act/index.js';
import type { PurchaseModelName } from '../../clv/purchase-model.js';
import { checkAndSave, fitAndSave, loadClvInput, predictAndSave, type ModelName, type TimeUnit } from '../../clv/store.js';
import { fitSbgCohorts, parseCohortBy } from '../../subscriptions/cohorts.js';
import { segmentMembers } from '../../segment/index.js';
import { UsageError } from '../../errors.js';
import { sqlPredictionsPage } from '../../sql/clv.js';
import { loadClvCheck } from '../../report/clv-check.js';
import { audit } from '../audit.js';
import { PAGE_PARAMS, S } from '../openapi.js';
import { jsonBody, num, paging, str, stringQuery } from '../params.js';
import type { RouteSpec } from '../route.js';
import { isCalendarDay } from '../../calendar-day.js';

/** A fit's diagnostics with their meaning and what to try instead, in English and Chinese (as the CLI's --json). */
const explained = (model: string, ds: readonly FitDiagnostic[]) => explainDiagnostics(model, ds).map((e) => ({ ...e.diagnostic, meaning: e.meaning, tryInstead: e.tryInstead }));
const MODELS = ['bgnbd', 'pareto-nbd', 'mbgnbd'] as const;
const UNITS = ['day', 'week', 'month'] as const;

function oneOf<T extends string>(o: Record<string, unknown>, key: string, values: readonly T[], fallback: T): T {
  const v = str(o, key, 32, false);
  if (v === undefined) return fallback;
  if (!(values as readonly string[]).includes(v)) throw new UsageError(`${key}: use one of ${values.join(', ')}`);
  return v as T;
}

function day(o: Record<string, unknown>, key: string): string | undefined {
  const v = str(o, key, 10, false);
  if (v !== undefined && !isCalendarDay(v)) throw new UsageError(`${key}: expected a date YYYY-MM-DD`);
  return v;
}

const MODEL_BODY = { model: { type: 'string', enum: [...MODELS] }, timeUnit: { type: 'string', enum: [...UNITS] }, calibrationEnd: { type: 'string', format: 'date' } };

export const modelRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/clv/predictions',
    access: 'viewer',
    tag: 'clv',
    summary: 'Stored lifetime value predictions, highest CLV first, paged; or one customer\'s (`customer`)',
    params: [...PAGE_PARAMS, { name: 'customer', in: 'query', schema: S.str, description: 'Only this customer\'s prediction (none: an empty page)' }],
    response: { description: 'A page', schema: S.obj({ total: S.int, page: S.int, pageSize: S.int, predictions: S.arr(S.any) }) },
    handler: async (c, s) => {
      const p = paging(c);
      const customer = stringQuery(c, 'customer', { max: 200 });
      const { total, rows } = await s.read(async (view) => {
        if (customer !== undefined) {
          const rows = await view.query(sqlPredictionsPage({ limit: p.limit, offset: p.offset, customer: true }), [customer]);
          return { total: rows.length, rows };
        }
        const total = await s.memo('clv.predictions.count', async () => (await view.query<{ n: number }>('SELECT count(*) AS n FROM clv_predictions'))[0].n);
        return { total, rows: await view.query(sqlPredictionsPage({ limit: p.limit, offset: p.offset, customer: false })) };
      });
      return c.json({ total, page: p.page, pageSize: p.pageSize, predictions: rows });
    },
  },
  {
    method: 'post',
    path: '/api/clv/fit',
    access: 'analyst',
    tag: 'clv',
    summary: 'Fit a purchase model (or Gamma-Gamma spend) on the calibration period, or sBG retention by cohort on the subscriptions, and store the fit: parameters with standard errors and diagnostics',
    errors: [404, 413, 415, 422],
    body: { contentType: 'application/json', schema: S.obj({ ...MODEL_BODY, model: { type: 'string', enum: [...MODELS, 'gamma-gamma', 'sbg'] }, by: { type: 'string', pattern: '^(start-month|start-year|plan|all|segment:.+)$' }, asOf: S.str, discountRate: S.num, margin: S.num }) },
    response: { description: 'As `clientele clv fit --json`', schema: S.any },
    handler: async (c, s) => {
      const b = await jsonBody(c);
      if (b.model === 'sbg') {
        const by = parseCohortBy(typeof b.by === 'string' ? b.by : 'start-year');
        const asOf = day(b, 'asOf');
        const discountRate = num(b, 'discountRate', 0.000001, 0.999) ?? 0.01;
        const margin = num(b, 'margin', 0, 1);
        const members = async (name: string) => new Set((await segmentMembers(s.engine, name, s.options.valueConfig)).map((m) => m.customer_id));
        const u = s.user(c);
        const r = await s.write(async () => {
          const r = await fitSbgCohorts(s.engine, { by, discountRate, members, ...(margin !== undefined && margin !== null ? { margin } : {}), ...(asOf ? { asOf } : {}) });
          await audit(s.engine, u, 'clv.fit', `sbg by ${by}`);
          return r;
        });
        return c.json({
          model: 'sbg',
          ...r,
          cohorts: r.cohorts.map((k) => ({ ...k, fit: k.fit && { fitId: k.fit.fitId, params: k.fit.params, standardErrors: k.fit.standardErrors, logLikelihood: k.fit.logLikelihood, converged: k.fit.converged, regular: k.fit.diagnostics.length === 0, diagnostics: explained('sbg', k.fit.diagnostics), periods: k.fit.periods } })),
        });
      }
      const model = oneOf<ModelName>(b, 'model', [...MODELS, 'gamma-gamma'], 'bgnbd');
      const timeUnit = oneOf<TimeUnit>(b, 'timeUnit', UNITS, 'week');
      const calibrationEnd = day(b, 'calibrationEnd');
      const u = s.user(c);
      const fit = await s.write(async () => {
        const input = await loadClvInput(s.engine, { timeUnit, ...(calibrationEnd ? { calibrationEnd } : {}) });
        const fit = await fitAndSave(s.engine, input, model);
        await audit(s.engine, u, 'clv.fit', `${model} #${fit.fitId}`);
        return fit;
      });
      return c.json({ model, params: fit.params, standardErrors: fit.standardErrors, logLikelihood: fit.logLikelihood, customers: fit.customers, distinctRows: fit.rows, fitMs: fit.fitMs, converged: fit.converged, regular: fit.diagnostics.length === 0, diagnostics: explained(model, fit.diagnostics), method: fit.method, timeUnit, calibrationEnd: fit.calibrationEnd, holdoutEnd: fit.holdoutEnd, lateStartersExcluded: fit.lateStarters, fitId: fit.fitId });
    },
  },
  {
    method: 'post',
    path: '/api/clv/check',
    access: 'analyst',
    tag: 'clv',
    summary: 'Fit on a calibration period and compare with the holdout that follows; stored for the report',
    errors: [404, 413, 415, 422],
    body: { contentType: 'application/json', schema: S.obj(MODEL_BODY) },
    response: { description: 'As `clientele clv check --json`', schema: S.any },
    handler: async (c, s) => {
      const b = await jsonBody(c);
      const model = oneOf<PurchaseModelName>(b, 'model', MODELS, 'bgnbd');
      const timeUnit = oneOf<TimeUnit>(b, 'timeUnit', UNITS, 'week');
      const calibrationEnd = day(b, 'calibrationEnd');
      const u = s.user(c);
      const r = await s.write(async () => {
        const r = await checkAndSave(s.engine, { model, timeUnit, ...(calibrationEnd ? { calibrationEnd } : {}) });
        await audit(s.engine, u, 'clv.check', `${model} to ${r.calibrationEnd}`);
        return r;
      });
      return c.json({ model: r.model, fitId: r.fit.fitId, params: r.fit.params, logLikelihood: r.fit.logLikelihood, calibrationEnd: r.calibrationEnd, holdoutEnd: r.holdoutEnd, timeUnit: r.timeUnit, holdout: r.holdout, customers: r.customers, lateStartersExcluded: r.lateStarters, byFrequency: r.byFrequency, tracking: r.tracking, totals: r.totals, regular: r.diagnostics.length === 0, diagnostics: explained(r.model, r.diagnostics) });
    },
  },
  {
    method: 'post',
    path: '/api/clv/predict',
    access: 'analyst',
    tag: 'clv',
    summary: 'Fit a purchase model and Gamma-Gamma, predict every customer and store the predictions (audited)',
    errors: [413, 415, 422],
    body: { contentType: 'application/json', schema: S.obj({ horizon: S.int, model: { type: 'string', enum: [...MODELS] }, timeUnit: { type: 'string', enum: [...UNITS] }, discountRate: S.num, margin: S.num, acceptBoundary: S.bool }, ['horizon']) },
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
      const r = await s.write(async () => {
        try {
          const r = await predictAndSave(s.engine, { model, timeUnit, horizon, discountRate, ...(margin !== undefined ? { margin } : {}), ...(b.acceptBoundary === true ? { acceptBoundary: true } : {}) });
          await audit(s.engine, u, 'clv.predict', `${model}, ${horizon} ${timeUnit}s`);
          return r;
        } finally {
          // Predictions as of the last order day become the long-term value of the default run.
          s.changed();
        }
      });
      const top = [...r.predictions].sort((a, b2) => b2.clv - a.clv || a.customerId.localeCompare(b2.customerId)).slice(0, 10);
      return c.json({ model: r.options.model, params: r.purchaseFit.params, spendParams: r.spendFit?.params ?? null, horizon, timeUnit, discountRate, margin: r.margin, customers: r.predictions.length, totalClv: r.totalClv, meanPAlive: r.meanPAlive, regular: r.diagnostics.length === 0, diagnostics: explained(r.options.model, r.diagnostics), spend: r.spend, top });
    },
  },
  {
    method: 'get',
    path: '/api/clv/check',
    access: 'viewer',
    tag: 'clv',
    summary: 'The latest holdout check of a lifetime value model, or null',
    response: { description: 'Check', schema: S.obj({ check: S.nullable(S.any) }) },
    handler: async (c, s) => c.json({ check: await s.read((view) => loadClvCheck(view)) }),
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
      const r = await s.write(async () => {
        const r = await scoreLeads(s.engine, { holdout, seed, exclude: ex as string[], lambda });
        await audit(s.engine, u, 'leads.score', null);
        return r;
      });
      return c.json({ ...r, scored: r.scored.slice(0, 100) });
    },
  },
];
