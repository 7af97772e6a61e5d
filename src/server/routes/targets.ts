import { UsageError } from '../../errors.js';
import { latestScreening, loadSegmentFigures, parseSegmentAmounts, planAllocation, rescreen, targetSegments } from '../../target/index.js';
import { companyInEffect } from './company.js';
import { audit } from '../audit.js';
import { S } from '../openapi.js';
import { enumQuery, jsonBody, num, numberQuery, str } from '../params.js';
import type { AppContext, RouteSpec, ServerState } from '../route.js';

const BY = { name: 'by', in: 'query', schema: { type: 'string', enum: ['rfm', 'tier', 'saved'], default: 'rfm' }, description: 'rfm: the RFM segments; tier: value tiers I–IV (current × long-term); saved: your saved segments' } as const;
const GROUPINGS = ['rfm', 'tier', 'saved'] as const;

/** Segment figures of the current run: RFM segments are read; saved segments are first brought up to date (a write). */
async function figures(c: AppContext, s: ServerState) {
  const by = enumQuery(c, 'by', GROUPINGS, 'rfm');
  if (by !== 'saved') return s.withValue((view) => loadSegmentFigures(view, by, s.options.company, s.options.valueConfig));
  await s.value();
  return s.write(() => loadSegmentFigures(s.engine, by, s.options.company, s.options.valueConfig));
}

/** Repeated `SEGMENT=AMOUNT` query values; at most 100 of 200 characters. */
function amounts(c: AppContext, name: string): Map<string, number> {
  const list = c.req.queries(name) ?? [];
  if (list.length > 100 || list.some((x) => x.length > 200)) throw new UsageError(`${name}: at most 100 SEGMENT=AMOUNT items of 200 characters`);
  return parseSegmentAmounts(name, list);
}

export const targetRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/targets',
    access: 'viewer',
    tag: 'targets',
    summary: 'Segments scored on attractiveness × fit with the company (门当户对), with recommendations',
    params: [BY],
    errors: [404],
    response: { description: 'As `clientele target --json`: the profile used (companySource: profile or inferred), basis warnings, segments with fit components', schema: S.obj({ asOf: S.str, by: S.str, company: S.any, companySource: S.str, warnings: S.arr(S.any), segments: S.arr(S.any) }) },
    handler: async (c, s) => {
      const by = enumQuery(c, 'by', GROUPINGS, 'rfm');
      if (by !== 'saved') return c.json(await s.withValue(async (view) => targetSegments(view, by, await companyInEffect(view, s), s.options.valueConfig)));
      await s.value();
      return c.json(await s.write(async () => targetSegments(s.engine, by, await companyInEffect(s.engine, s), s.options.valueConfig)));
    },
  },
  {
    method: 'get',
    path: '/api/allocate',
    access: 'viewer',
    tag: 'targets',
    summary: 'Split a marketing or retention budget across segments by expected CLV uplift, with diminishing returns',
    params: [
      { name: 'budget', in: 'query', required: true, schema: { type: 'number', minimum: 0 } },
      BY,
      { name: 'min', in: 'query', schema: S.arr(S.str), description: 'SEGMENT=AMOUNT, repeatable: a minimum for a segment' },
      { name: 'max', in: 'query', schema: S.arr(S.str), description: 'SEGMENT=AMOUNT, repeatable: a maximum for a segment' },
      { name: 'maxUplift', in: 'query', schema: { type: 'number', exclusiveMinimum: 0, maximum: 10, default: 0.2 }, description: "The largest share of a segment's CLV spending can add" },
      { name: 'costScale', in: 'query', schema: { type: 'number', exclusiveMinimum: 0, default: 20 }, description: 'Spend per customer that reaches 63% of that uplift' },
      { name: 'hurdle', in: 'query', schema: { type: 'number', minimum: 0, maximum: 100, default: 1 }, description: 'Spend a unit only while it returns at least this much; the rest is left unspent' },
    ],
    errors: [404],
    response: { description: 'As `clientele allocate --json`', schema: S.obj({ asOf: S.str, budget: S.num, by: S.str, model: S.any, lines: S.arr(S.any), spent: S.num, unspent: S.num, hurdle: S.num, expectedReturn: S.num, roi: S.num, lambda: S.num, lossMaking: S.arr(S.str) }) },
    handler: async (c, s) => {
      if (!c.req.query('budget')) throw new UsageError('budget is required');
      const budget = numberQuery(c, 'budget', { min: 0, max: 1e15 })!;
      const maxUplift = numberQuery(c, 'maxUplift', { min: 1e-9, max: 10, default: 0.2 })!;
      const costScale = numberQuery(c, 'costScale', { min: 1e-9, max: 1e12, default: 20 })!;
      const min = amounts(c, 'min');
      const max = amounts(c, 'max');
      const hurdle = numberQuery(c, 'hurdle', { min: 0, max: 100, default: 1 })!;
      const { asOf, rows } = await figures(c, s);
      const by = enumQuery(c, 'by', GROUPINGS, 'rfm');
      const { measuredCurves } = await import('../../campaign/index.js');
      const measured = by === 'rfm' ? await s.read((view) => measuredCurves(view, rows, costScale, s.options.valueConfig.marginRate)) : new Map<string, { maxUplift: number; campaign: number }>();
      return c.json({ asOf, budget, by, model: { maxUplift, costScale, hurdle, measured: Object.fromEntries(measured) }, ...planAllocation(rows, { budget, maxUplift, costScale, min, max, hurdle, measured }) });
    },
  },
  {
    method: 'get',
    path: '/api/rescreen',
    access: 'viewer',
    tag: 'targets',
    summary: 'The latest re-screening (动态筛选): movements between segments and tiers, risers and fallers; or null',
    response: { description: 'Screening', schema: S.obj({ screening: S.nullable(S.any) }) },
    handler: async (c, s) => c.json({ screening: await s.read((view) => latestScreening(view)) }),
  },
  {
    method: 'post',
    path: '/api/rescreen',
    access: 'analyst',
    tag: 'targets',
    summary: 'Re-screen from one as-of date to another (value runs at both dates; stored, audited)',
    errors: [413, 415],
    body: { contentType: 'application/json', schema: S.obj({ from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' }, top: { type: 'integer', minimum: 1, maximum: 1000 } }, ['from', 'to']) },
    response: { description: 'As `clientele migrate --json`', schema: S.any },
    handler: async (c, s) => {
      const b = await jsonBody(c);
      const from = str(b, 'from', 10)!;
      const to = str(b, 'to', 10)!;
      const top = num(b, 'top', 1, 1000) ?? 10;
      if (!Number.isInteger(top)) throw new UsageError('top: expected a whole number from 1 to 1000');
      const u = s.user(c);
      const r = await s.write(async () => {
        try {
          const r = await rescreen(s.engine, from, to, s.options.valueConfig, top);
          await audit(s.engine, u, 'rescreen', `${r.from} → ${r.to}`);
          return r;
        } finally {
          // The store's latest value run is now the one at `to`: the default run is recomputed on the next read.
          s.changed();
        }
      });
      return c.json(r);
    },
  },
];
