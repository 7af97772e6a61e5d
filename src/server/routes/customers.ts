import { ENTITIES } from '../../data/entities.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { CUSTOMER_SORTS, sqlCustomerPage, type CustomerSort } from '../../sql/customers.js';
import { SEGMENT_NAMES, explainCustomer } from '../../value/index.js';
import { audit } from '../audit.js';
import { MASK, PII_FIELDS, maskRow } from '../mask.js';
import { PAGE_PARAMS, S } from '../openapi.js';
import { enumQuery, paging, stringQuery } from '../params.js';
import type { RouteSpec } from '../route.js';

const SORTS = Object.keys(CUSTOMER_SORTS) as CustomerSort[];
const PROFILE_FIELDS = ENTITIES.customers.fields.map((f) => f.name);

export const customerRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/customers',
    access: 'viewer',
    tag: 'customers',
    summary: 'Customers of the latest value run, paged and sorted in the store (figures only, no personal data)',
    params: [
      ...PAGE_PARAMS,
      { name: 'sort', in: 'query', schema: { type: 'string', enum: SORTS, default: 'profit' } },
      { name: 'order', in: 'query', schema: { type: 'string', enum: ['asc', 'desc'], default: 'desc' } },
      { name: 'segment', in: 'query', schema: S.str, description: 'An RFM segment, e.g. "At Risk"' },
      { name: 'saved', in: 'query', schema: S.str, description: 'A saved segment: only its members' },
    ],
    response: { description: 'A page', schema: S.obj({ asOf: S.str, runId: S.int, total: S.int, page: S.int, pageSize: S.int, sort: S.str, order: S.str, customers: S.arr(S.any) }) },
    handler: async (c, s) => {
      const p = paging(c);
      const sort = enumQuery(c, 'sort', SORTS, 'profit');
      const order = enumQuery(c, 'order', ['asc', 'desc'] as const, 'desc');
      const segment = stringQuery(c, 'segment', { max: 64 });
      if (segment !== undefined && !(SEGMENT_NAMES as readonly string[]).includes(segment)) throw new UsageError(`segment "${segment}": use one of ${SEGMENT_NAMES.join(', ')}`);
      const saved = stringQuery(c, 'saved', { max: 64 });
      const v = await s.value();
      const q = sqlCustomerPage(s.engine.dialect, { sort, order, segment: segment !== undefined, saved: saved !== undefined, limit: p.limit, offset: p.offset });
      const params = [v.runId, ...(segment !== undefined ? [segment] : []), ...(saved !== undefined ? [saved] : [])];
      const { total, customers } = await s.gate.read(async () => {
        if (saved !== undefined && !(await s.engine.query('SELECT 1 FROM segments WHERE name = $1', [saved])).length) throw new NotFoundError(`there is no segment "${saved}"`);
        const total = await s.memo(`customers.count|${v.runId}|${segment ?? ''}|${saved ?? ''}`, async () => (await s.engine.query<{ n: number }>(q.count, params))[0].n);
        return { total, customers: await s.engine.query(q.page, params) };
      });
      return c.json({ asOf: v.asOf, runId: v.runId, total, page: p.page, pageSize: p.pageSize, sort, order, customers });
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
      await s.value();
      const { explanation, row } = await s.gate.read(async () => {
        const explanation = await explainCustomer(s.engine, id, { config: s.options.valueConfig });
        const [row] = await s.engine.query<Record<string, unknown>>(
          `SELECT ${PROFILE_FIELDS.map((f) => s.engine.dialect.quoteIdent(f)).join(', ')}, CAST(attributes AS ${s.engine.dialect.type('text')}) AS attributes FROM customers WHERE customer_id = $1`,
          [id],
        );
        return { explanation, row };
      });
      const profile = row ? { ...row, attributes: typeof row.attributes === 'string' ? JSON.parse(row.attributes) : null } : null;
      const viewer = u.role === 'viewer';
      const hasPersonal = profile !== null && Object.entries(profile).some(([k, v]) => (PII_FIELDS.has(k) || k === 'attributes') && v !== null);
      if (!viewer && hasPersonal) await s.gate.read(() => audit(s.engine, u, 'customer.view-personal', id));
      // Attributes are the file's unmatched columns: they may hold anything personal, so viewers do not get them.
      const shown = profile && viewer ? { ...maskRow(profile), attributes: profile.attributes === null ? null : MASK } : profile;
      return c.json({ explanation, profile: shown, personalData: viewer ? 'masked' : 'visible' });
    },
  },
];
