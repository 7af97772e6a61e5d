import { loadClvCheck } from '../../report/clv-check.js';
import { isLang, loadDecideReport, loadReportExtras, renderReport } from '../../report/index.js';
import { latestScreening, targetSegments } from '../../target/index.js';
import { companyInEffect } from './company.js';
import { S } from '../openapi.js';
import { enumQuery } from '../params.js';
import type { RouteSpec } from '../route.js';

export const valueRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/value',
    access: 'viewer',
    tag: 'value',
    summary: 'The portfolio: profit, whale curve (80/20/30), RFM, value matrices, good and bad customers',
    errors: [404],
    response: { description: 'As `clientele value --json`', schema: S.any },
    handler: async (c, s) => {
      const v = await s.value();
      const etag = `W/"${v.runId}.${s.generation()}"`;
      const headers = { ETag: etag, 'Cache-Control': 'private, no-cache' };
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, headers);
      // The overview of a run is one text until the data changes (serialising it is most of its cost).
      // With subscriptions, their recurring revenue and margin beside the portfolio (as `clientele value --json`).
      const text = await s.answers.get(`value|${v.runId}`, () =>
        s.withValue(async (view, run) => JSON.stringify({ ...run, recurring: await (await import('../../subscriptions/index.js')).recurringRevenue(view, run.asOf, run.config.marginRate) })),
      );
      return c.body(text, 200, { ...headers, 'Content-Type': 'application/json' });
    },
  },
  {
    method: 'get',
    path: '/api/rfm',
    access: 'viewer',
    tag: 'value',
    summary: 'RFM segments and the R×F grid',
    errors: [404],
    response: { description: 'RFM', schema: S.obj({ asOf: S.str, runId: S.int, rfm: S.any }) },
    handler: async (c, s) => {
      const v = await s.value();
      return c.json({ asOf: v.asOf, runId: v.runId, rfm: v.rfm });
    },
  },
  {
    method: 'get',
    path: '/api/matrices',
    access: 'viewer',
    tag: 'value',
    summary: 'Current × long-term, value × loyalty and satisfaction × loyalty matrices',
    errors: [404],
    response: { description: 'Matrices', schema: S.obj({ asOf: S.str, runId: S.int, matrices: S.any }) },
    handler: async (c, s) => {
      const v = await s.value();
      return c.json({ asOf: v.asOf, runId: v.runId, matrices: v.matrices });
    },
  },
  {
    method: 'get',
    path: '/api/report',
    access: 'viewer',
    tag: 'value',
    summary: 'The customer value report: one self-contained HTML page (ids and figures only)',
    params: [{ name: 'lang', in: 'query', schema: { type: 'string', enum: ['en', 'zh-CN'], default: 'en' } }],
    errors: [404],
    response: { contentType: 'text/html', description: 'HTML', schema: S.str },
    handler: async (c, s) => {
      const lang = enumQuery(c, 'lang', ['en', 'zh-CN'] as const, 'en');
      if (!isLang(lang)) throw new Error('unreachable');
      // As `clientele report` composes it; the stored run is reused, so nothing is written here.
      const html = await s.withValue(async (view, value) => {
        const extras = await loadReportExtras(view, value);
        const t = await targetSegments(view, 'rfm', await companyInEffect(view, s), s.options.valueConfig);
        const decide = await loadDecideReport(view, value.asOf, s.options.valueConfig.marginRate);
        return renderReport({ value, ...extras, clvCheck: await loadClvCheck(view), targets: t.segments, targetProfile: t, screening: await latestScreening(view), decide }, lang);
      });
      c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'unsafe-inline'");
      return c.html(html);
    },
  },
];
