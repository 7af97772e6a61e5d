import { segmentMembersTable } from '../../export/index.js';
import { UsageError } from '../../errors.js';
import { FIELDS, MAX_RULE_LENGTH, segmentTestedFields, clusterCustomers, fieldSuggestions, ruleFiguresIn, createSegment, deleteSegment, listSegments, portrait, segmentMembers, showSegment } from '../../segment/index.js';
import { audit } from '../audit.js';
import { checkRuleForRole, isMaskedField, maskPortrait, segmentForRole } from '../mask.js';
import { S } from '../openapi.js';
import { bool, jsonBody, num, numberQuery, str, stringQuery } from '../params.js';
import type { RouteSpec } from '../route.js';
import { csvDownload } from './downloads.js';
import { withFreshSegment } from './segment-state.js';

const NAME = [{ name: 'name', in: 'path', schema: S.str }] as const;
const INFO = S.obj({ name: S.str, rule: S.str, members: S.int, share: S.num, revenue: S.num, profit: S.num, asOf: S.str, runId: S.int });

export const segmentRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/segments',
    access: 'viewer',
    tag: 'segments',
    summary: 'Saved segments',
    response: { description: 'Segments', schema: S.obj({ segments: S.arr(S.any) }) },
    handler: async (c, s) => {
      const role = s.user(c).role;
      return c.json({ segments: (await s.read((view) => listSegments(view), c.req.raw.signal)).map((x) => segmentForRole(x, role)) });
    },
  },
  {
    method: 'get',
    path: '/api/segments/fields',
    access: 'viewer',
    tag: 'segments',
    summary: 'The fields a segment rule can name, with their types and meaning (as `clientele segment --help`)',
    response: { description: 'Fields', schema: S.obj({ fields: S.arr(S.obj({ name: S.str, type: S.str, help: S.str })) }) },
    handler: async (c) => c.json({ fields: Object.entries(FIELDS).map(([name, f]) => ({ name, type: f.type, help: f.help })) }),
  },
  {
    method: 'get',
    path: '/api/segments/suggest',
    access: 'viewer',
    tag: 'segments',
    summary: "Values to suggest for a rule field in the segment builder: a text or boolean field's most common values with their customer counts, a number or date field's spread (min, quartiles, max). Viewers may not ask about personal fields (403)",
    params: [
      { name: 'field', in: 'query', required: true, schema: { type: 'string', maxLength: 200 }, description: 'A rule field, e.g. country or profit' },
      { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 50, default: 12 } },
    ],
    errors: [404],
    response: { description: 'Suggestions', schema: S.obj({ field: S.str, type: S.str, values: S.arr(S.obj({ value: S.str, customers: S.int })), range: S.any }) },
    handler: async (c, s) => {
      const field = stringQuery(c, 'field', { max: 200, required: true })!;
      const limit = numberQuery(c, 'limit', { min: 1, max: 50, default: 12 })!;
      // A field's values are what the mask hides: viewers get none for personal fields (as for rules testing them).
      checkRuleForRole(`${field} = ""`, s.user(c).role);
      const v = await s.value();
      const r = await s.memo(`segments.suggest|${v.runId}|${field}|${limit}`, () => s.withValue((view, w) => fieldSuggestions(view, field, { runId: w.runId, asOf: w.asOf }, Math.floor(limit))));
      return c.json(r);
    },
  },
  {
    method: 'get',
    path: '/api/segments/count',
    access: 'viewer',
    tag: 'segments',
    summary: "A rule's member count without saving it (the live count while a rule is typed; cached per rule until the data changes). Viewers may not test personal fields (403)",
    params: [{ name: 'rule', in: 'query', required: true, schema: { type: 'string', maxLength: MAX_RULE_LENGTH } }],
    errors: [404],
    response: { description: 'Count, with the net revenue and profit of the members', schema: S.obj({ rule: S.str, members: S.int, revenue: S.num, profit: S.num, basis: S.str, asOf: S.str }) },
    handler: async (c, s) => {
      const rule = stringQuery(c, 'rule', { max: MAX_RULE_LENGTH, required: true })!;
      checkRuleForRole(rule, s.user(c).role);
      const v = await s.value();
      // Looked up before a read view is taken: a count already known costs no connection.
      const r = await s.memo(`segments.count|${v.runId}|${rule}`, () => s.withValue(async (view, w) => ({ asOf: w.asOf, ...(await ruleFiguresIn(view, rule, { runId: w.runId, asOf: w.asOf })) })));
      return c.json({ rule, members: r.members, revenue: r.revenue, profit: r.profit, basis: v.basis, asOf: r.asOf });
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
      const info = await s.write(async () => {
        const info = await createSegment(s.engine, name, rule, s.options.valueConfig, replace);
        s.forget();
        await audit(s.engine, u, 'segment.create', name);
        return info;
      });
      return c.json(info);
    },
  },
  {
    method: 'post',
    path: '/api/segments/cluster',
    access: 'analyst',
    tag: 'segments',
    summary: 'k-means clusters of the buyers on chosen features, saved as segments PREFIX-1 … PREFIX-k (audited)',
    errors: [413, 415],
    body: {
      contentType: 'application/json',
      schema: S.obj({ features: { type: 'string', description: 'comma-separated numeric fields; rfm = rfm.r,rfm.f,rfm.m' }, k: { type: ['integer', 'string'], description: '2–20, or "auto" (2–8 by silhouette)' }, seed: S.int, prefix: S.str }, ['features']),
    },
    response: { description: 'As `clientele segment cluster --json`', schema: S.any },
    handler: async (c, s) => {
      const b = await jsonBody(c);
      const features = str(b, 'features', 500)!;
      const k = b.k === undefined || b.k === 'auto' ? 'auto' : num(b, 'k', 2, 20);
      if (k !== 'auto' && !Number.isInteger(k)) throw new UsageError('k: use "auto" or a whole number from 2 to 20');
      const seed = num(b, 'seed', -2_147_483_648, 2_147_483_647) ?? 1;
      if (!Number.isInteger(seed)) throw new UsageError('seed: expected a whole number');
      const prefix = str(b, 'prefix', 50, false) ?? 'cluster';
      const u = s.user(c);
      await s.value();
      const r = await s.write(async () => {
        const r = await clusterCustomers(s.engine, { features, k: k as number | 'auto', seed, prefix, config: s.options.valueConfig });
        s.forget();
        await audit(s.engine, u, 'segment.create', `${prefix}-1 … ${prefix}-${r.k} (clusters)`);
        return r;
      });
      return c.json(r);
    },
  },
  {
    method: 'get',
    path: '/api/segments/{name}',
    access: 'viewer',
    tag: 'segments',
    summary: "A segment's size and value, and its most profitable members (figures only; for viewers none when the segment is chosen on personal data: `membersWithheld`)",
    params: NAME,
    errors: [404],
    response: { description: 'The segment', schema: S.obj({ ...(INFO.properties as Record<string, never>), top: S.arr(S.any), membersWithheld: S.bool }) },
    handler: async (c, s) => {
      const name = c.req.param('name') ?? '';
      const viewer = s.user(c).role === 'viewer';
      const { info, top, withheld } = await withFreshSegment(
        s,
        name,
        async (view) => {
          // A member list of a segment chosen on personal data says who has which personal values (mask.ts).
          const withheld = viewer && (await segmentTestedFields(view, name)).some(isMaskedField);
          return { info: await showSegment(view, name, s.options.valueConfig), top: withheld ? [] : await segmentMembers(view, name, s.options.valueConfig, 10), withheld };
        },
        c.req.raw.signal,
      );
      return c.json({ ...segmentForRole(info, s.user(c).role), top: top.map((m) => ({ customerId: m.customer_id, country: m.country, segment: m.segment, orders: m.orders, revenue: m.net_revenue, profit: m.profit, lastPurchase: m.last_purchase })), membersWithheld: withheld });
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
      const p = await withFreshSegment(s, name, (view) => portrait(view, name, s.options.valueConfig), c.req.raw.signal);
      return c.json(s.user(c).role === 'viewer' ? maskPortrait(p) : p);
    },
  },
  {
    method: 'get',
    path: '/api/segments/{name}/export',
    access: 'analyst',
    tag: 'segments',
    summary: 'Members as CSV with contact fields, as `clientele segment export` writes them (audited)',
    params: NAME,
    errors: [404],
    response: { contentType: 'text/csv', description: 'CSV, UTF-8 with BOM; cells a spreadsheet would run are defused', schema: S.str },
    handler: async (c, s) => {
      const name = c.req.param('name') ?? '';
      const u = s.user(c);
      const rows = await withFreshSegment(s, name, (view) => segmentMembers(view, name, s.options.valueConfig));
      await s.write(() => audit(s.engine, u, 'export.segment', `${name} (${rows.length} rows)`));
      return csvDownload(c, 'segment.csv', segmentMembersTable(rows));
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
      await s.write(async () => {
        await deleteSegment(s.engine, name);
        s.forget();
        await audit(s.engine, u, 'segment.delete', name);
      });
      return c.json({ deleted: name });
    },
  },
];
