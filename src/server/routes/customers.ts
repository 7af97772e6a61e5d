import { CUSTOMER_SORT_KEYS, checkCustomerFilter, countCustomers, customerListPage, knownCount, type CustomerFilter, type CustomerSort } from '../../catalog/index.js';
import { ENTITIES } from '../../data/entities.js';
import { UsageError } from '../../errors.js';
import type { Engine } from '../../engine/engine.js';
import { MAX_RULE_LENGTH, checkRuleAttributes, ruleAttributes, segmentTestedFields } from '../../segment/index.js';
import { QUADRANT_LABELS, SATISFACTION_LOYALTY_LABELS, SEGMENT_NAMES, VALUE_LOYALTY_LABELS, explainCustomer, type ValueReport } from '../../value/index.js';
import { audit } from '../audit.js';
import type { ListBlock } from '../cache.js';
import { MASK, PII_FIELDS, checkRuleForRole, checkSegmentMembersForRole, maskRow } from '../mask.js';
import { PAGE_PARAMS, S } from '../openapi.js';
import { enumQuery, intQuery, paging, stringQuery } from '../params.js';
import type { AppContext, RouteSpec } from '../route.js';
import { withFreshSegment } from './segment-state.js';

const PROFILE_FIELDS = ENTITIES.customers.fields.map((f) => f.name);
/** Pages read at once when a page of a list is asked for (a block; cache.ts). */
const BLOCK_PAGES = 20;
const SCORE = { type: 'integer', minimum: 1, maximum: 5 } as const;

/** The list's filters from the query string (400 on a value that names nothing). */
function filterOf(c: AppContext): CustomerFilter {
  const score = (k: string) => (c.req.query(k) ? intQuery(c, k, { min: 1, max: 5, default: 0 }) : undefined);
  const f: CustomerFilter = {
    segment: stringQuery(c, 'segment', { max: 64 }),
    r: score('r'),
    f: score('f'),
    quadrant: stringQuery(c, 'quadrant', { max: 8 }),
    tier: stringQuery(c, 'tier', { max: 64 }),
    satisfaction: stringQuery(c, 'satisfaction', { max: 64 }),
    saved: stringQuery(c, 'saved', { max: 64 }),
    rule: stringQuery(c, 'rule', { max: MAX_RULE_LENGTH }),
  };
  checkCustomerFilter(f);
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)) as CustomerFilter;
}

export const customerRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/customers',
    access: 'viewer',
    tag: 'customers',
    summary: 'Customers of the latest value run, filtered, sorted and paged in the store (figures only, no personal data)',
    params: [
      ...PAGE_PARAMS,
      { name: 'sort', in: 'query', schema: { type: 'string', enum: CUSTOMER_SORT_KEYS, default: 'profit' } },
      { name: 'order', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'], default: 'desc' }, description: 'Missing values come last either way; ascending is the exact reverse of descending among known values' },
      { name: 'segment', in: 'query', schema: { type: 'string', enum: [...SEGMENT_NAMES] }, description: 'An RFM segment' },
      { name: 'r', in: 'query', schema: SCORE, description: 'RFM recency score: with f, one cell of the R×F grid' },
      { name: 'f', in: 'query', schema: SCORE, description: 'RFM frequency score' },
      { name: 'quadrant', in: 'query', schema: { type: 'string', enum: Object.keys(QUADRANT_LABELS) }, description: 'Current × long-term value quadrant' },
      { name: 'tier', in: 'query', schema: { type: 'string', enum: Object.keys(VALUE_LOYALTY_LABELS) }, description: 'Value × loyalty tier' },
      { name: 'satisfaction', in: 'query', schema: { type: 'string', enum: Object.keys(SATISFACTION_LOYALTY_LABELS) }, description: 'Satisfaction × loyalty class' },
      { name: 'rule', in: 'query', schema: { type: 'string', maxLength: MAX_RULE_LENGTH }, description: 'A rule in the segment language: only the customers it selects (viewers may not test personal fields: 403)' },
      { name: 'saved', in: 'query', schema: S.str, description: 'A saved segment: only its members (viewers: not of a segment chosen on personal data, 403)' },
    ],
    errors: [404],
    response: { description: 'A page', schema: S.obj({ asOf: S.str, runId: S.int, total: S.int, page: S.int, pageSize: S.int, sort: S.str, order: S.str, filter: S.any, customers: S.arr(S.any) }) },
    handler: async (c, s) => {
      const p = paging(c);
      const sort = enumQuery<CustomerSort>(c, 'sort', CUSTOMER_SORT_KEYS, 'profit');
      const order = enumQuery(c, 'order', ['asc', 'desc'] as const, 'desc');
      const filter = filterOf(c);
      const rule = filter.rule;
      if (rule !== undefined) checkRuleForRole(rule, s.user(c).role);
      // Checked before the kept pages: an analyst's request may have filled them.
      const saved = filter.saved;
      if (saved !== undefined && s.user(c).role === 'viewer') checkSegmentMembersForRole(saved, await s.read((view) => segmentTestedFields(view, saved)), 'viewer');
      const v = await s.value();
      // The same page of the same run is the same answer: a client that has it gets 304 (no personal data here).
      const etag = `W/"${v.runId}.${s.generation()}"`;
      if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag, 'Cache-Control': 'private, no-cache' });
      // Pages are read a block at a time (cache.ts) and kept until the data changes.
      const first = Math.floor((p.page - 1) / BLOCK_PAGES) * BLOCK_PAGES;
      const block = await s.lists.get(`${v.runId}|${JSON.stringify(filter)}|${sort}|${order}|${p.pageSize}|${first}`, async () => {
        const read = async (view: Engine, w: ValueReport): Promise<ListBlock> => {
          const run = { runId: w.runId, asOf: w.asOf };
          // The total is the same for every page and order: counted once per run and filter.
          const total = await s.memo(`customers.count|${w.runId}|${JSON.stringify(filter)}`, () => countCustomers(view, run, filter));
          // An attribute no customer has is an error, not an empty list (segment/attributes.ts).
          if (rule !== undefined && ruleAttributes(rule).length) await checkRuleAttributes(view, rule);
          const known = order === 'asc' ? await s.memo(`customers.known|${w.runId}|${sort}`, () => knownCount(view, run, sort)) : undefined;
          const rows = await customerListPage(view, run, { ...filter, sort, order, limit: BLOCK_PAGES * p.pageSize, offset: first * p.pageSize, ...(known !== undefined ? { known } : {}) });
          return { runId: w.runId, asOf: w.asOf, total, rows: rows.map((r) => JSON.stringify(r)) };
        };
        return filter.saved !== undefined ? withFreshSegment(s, filter.saved, read) : s.withValue(read);
      });
      const from = (p.page - 1 - first) * p.pageSize;
      const head = JSON.stringify({ asOf: block.asOf, runId: block.runId, total: block.total, page: p.page, pageSize: p.pageSize, sort, order, filter });
      return c.body(`${head.slice(0, -1)},"customers":[${block.rows.slice(from, from + p.pageSize).join(',')}]}`, 200, { 'Content-Type': 'application/json', ETag: etag, 'Cache-Control': 'private, no-cache' });
    },
  },
  {
    method: 'get',
    path: '/api/customers/{id}',
    access: 'viewer',
    tag: 'customers',
    summary: 'One customer: figures, classes, criteria, flags, and their profile (personal data masked for viewers; audited for others)',
    params: [{ name: 'id', in: 'path', schema: S.str }],
    errors: [404],
    response: { description: 'The customer explained', schema: S.obj({ explanation: S.any, profile: S.any, personalData: S.str }) },
    handler: async (c, s) => {
      const id = c.req.param('id') ?? '';
      if (id.length === 0 || id.length > 200) throw new UsageError('id: 1 to 200 characters');
      const u = s.user(c);
      const v = await s.value();
      // A customer's figures are the same for the whole run: kept until the data changes (masked per request below).
      const kept = await s.answers.get(`customer|${v.runId}|${id}`, () =>
        s.withValue(async (view) => {
          const explanation = await explainCustomer(view, id, { config: s.options.valueConfig });
          const [row] = await view.query<Record<string, unknown>>(
            `SELECT ${PROFILE_FIELDS.map((f) => view.dialect.quoteIdent(f)).join(', ')}, CAST(attributes AS ${view.dialect.type('text')}) AS attributes FROM customers WHERE customer_id = $1`,
            [id],
          );
          return JSON.stringify({ explanation, row: row ?? null });
        }),
      );
      const { explanation, row } = JSON.parse(kept) as { explanation: unknown; row: Record<string, unknown> | null };
      const profile = row ? { ...row, attributes: typeof row.attributes === 'string' ? JSON.parse(row.attributes) : null } : null;
      const viewer = u.role === 'viewer';
      const hasPersonal = profile !== null && Object.entries(profile).some(([k, v]) => (PII_FIELDS.has(k) || k === 'attributes') && v !== null);
      if (!viewer && hasPersonal) await s.write(() => audit(s.engine, u, 'customer.view-personal', id));
      // Attributes are the file's unmatched columns: they may hold anything personal, so viewers do not get them.
      const shown = profile && viewer ? { ...maskRow(profile), attributes: profile.attributes === null ? null : MASK } : profile;
      return c.json({ explanation, profile: shown, personalData: viewer ? 'masked' : 'visible' });
    },
  },
];
