import { csvCell } from '../../cli/csv.js';
import { MAX_RULE_LENGTH, countRule, createSegment, deleteSegment, listSegments, portrait, segmentMembers, showSegment } from '../../segment/index.js';
import { audit } from '../audit.js';
import { maskRow } from '../mask.js';
import { S } from '../openapi.js';
import { bool, jsonBody, str, stringQuery } from '../params.js';
import type { RouteSpec } from '../route.js';

const NAME = [{ name: 'name', in: 'path', schema: S.str }] as const;
const INFO = S.obj({ name: S.str, rule: S.str, members: S.int, share: S.num, revenue: S.num, profit: S.num, asOf: S.str, runId: S.int });
const EXPORT_COLUMNS = ['customer_id', 'name', 'email', 'phone', 'country', 'city', 'opt_out', 'segment', 'orders', 'net_revenue', 'profit', 'last_purchase'] as const;

export const segmentRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/segments',
    access: 'viewer',
    tag: 'segments',
    summary: 'Saved segments',
    response: { description: 'Segments', schema: S.obj({ segments: S.arr(S.any) }) },
    handler: async (c, s) => c.json({ segments: await s.gate.read(() => listSegments(s.engine)) }),
  },
  {
    method: 'get',
    path: '/api/segments/count',
    access: 'viewer',
    tag: 'segments',
    summary: "A rule's member count without saving it (the live count while a rule is typed)",
    params: [{ name: 'rule', in: 'query', required: true, schema: { type: 'string', maxLength: MAX_RULE_LENGTH } }],
    response: { description: 'Count', schema: S.obj({ rule: S.str, members: S.int, asOf: S.str }) },
    handler: async (c, s) => {
      const rule = stringQuery(c, 'rule', { max: MAX_RULE_LENGTH, required: true })!;
      const v = await s.value();
      const members = await s.gate.read(() => countRule(s.engine, rule, s.options.valueConfig));
      return c.json({ rule, members, asOf: v.asOf });
    },
  },
  {
    method: 'post',
    path: '/api/segments',
    access: 'analyst',
    tag: 'segments',
    summary: 'Save a segment from a rule (audited)',
    errors: [413, 415],
    body: { contentType: 'application/json', schema: S.obj({ name: S.str, rule: S.str, replace: S.bool }, ['name', 'rule']) },
    response: { description: 'The saved segment', schema: INFO },
    handler: async (c, s) => {
      const b = await jsonBody(c);
      const name = str(b, 'name', 64)!;
      const rule = str(b, 'rule', MAX_RULE_LENGTH)!;
      const replace = bool(b, 'replace') ?? false;
      const u = s.user(c);
      await s.value();
      const info = await s.gate.write(async () => {
        const info = await createSegment(s.engine, name, rule, s.options.valueConfig, replace);
        await audit(s.engine, u, 'segment.create', name);
        return info;
      });
      return c.json(info);
    },
  },
  {
    method: 'get',
    path: '/api/segments/{name}',
    access: 'viewer',
    tag: 'segments',
    summary: "A segment's size and value, and its most profitable members (figures only)",
    params: NAME,
    errors: [404],
    response: { description: 'The segment', schema: S.obj({ ...(INFO.properties as Record<string, never>), top: S.arr(S.any) }) },
    handler: async (c, s) => {
      const name = c.req.param('name') ?? '';
      await s.value();
      const { info, top } = await s.gate.write(async () => ({ info: await showSegment(s.engine, name, s.options.valueConfig), top: await segmentMembers(s.engine, name, s.options.valueConfig, 10) }));
      return c.json({ ...info, top: top.map((m) => ({ customerId: m.customer_id, country: m.country, segment: m.segment, orders: m.orders, revenue: m.net_revenue, profit: m.profit, lastPurchase: m.last_purchase })) });
    },
  },
  {
    method: 'get',
    path: '/api/segments/{name}/portrait',
    access: 'viewer',
    tag: 'segments',
    summary: '客户画像: how a segment differs from all buyers',
    params: NAME,
    errors: [404],
    response: { description: 'Portrait', schema: S.any },
    handler: async (c, s) => {
      const name = c.req.param('name') ?? '';
      await s.value();
      return c.json(await s.gate.write(() => portrait(s.engine, name, s.options.valueConfig)));
    },
  },
  {
    method: 'get',
    path: '/api/segments/{name}/export',
    access: 'analyst',
    tag: 'segments',
    summary: 'Members as CSV with contact fields (audited)',
    params: NAME,
    errors: [404],
    response: { contentType: 'text/csv', description: 'CSV, UTF-8 with BOM; cells a spreadsheet would run are defused', schema: S.str },
    handler: async (c, s) => {
      const name = c.req.param('name') ?? '';
      const u = s.user(c);
      await s.value();
      const rows = await s.gate.write(async () => {
        const rows = await segmentMembers(s.engine, name, s.options.valueConfig);
        await audit(s.engine, u, 'export.segment', `${name} (${rows.length} rows)`);
        return rows;
      });
      // Analysts and admins only; the mask stays here in case the access is ever widened.
      const shown = u.role === 'viewer' ? rows.map((r) => maskRow(r as unknown as Record<string, unknown>)) : (rows as unknown as Array<Record<string, unknown>>);
      const csv = '\uFEFF' + [EXPORT_COLUMNS.join(','), ...shown.map((r) => EXPORT_COLUMNS.map((k) => csvCell(r[k])).join(','))].join('\n') + '\n';
      c.header('Content-Disposition', 'attachment; filename="segment.csv"');
      return c.body(csv, 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    },
  },
  {
    method: 'delete',
    path: '/api/segments/{name}',
    access: 'analyst',
    tag: 'segments',
    summary: 'Delete a segment (audited)',
    params: NAME,
    errors: [404],
    response: { description: 'Deleted', schema: S.obj({ deleted: S.str }) },
    handler: async (c, s) => {
      const name = c.req.param('name') ?? '';
      const u = s.user(c);
      await s.gate.write(async () => {
        await deleteSegment(s.engine, name);
        await audit(s.engine, u, 'segment.delete', name);
      });
      return c.json({ deleted: name });
    },
  },
];
