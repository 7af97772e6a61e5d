import { customerExists } from '../../catalog/index.js';
import type { Engine } from '../../engine/engine.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { S } from '../openapi.js';
import { audit } from '../audit.js';
import { maskRow } from '../mask.js';
import { intQuery, stringQuery } from '../params.js';
import type { RouteSpec } from '../route.js';

/** A ?customer= that names no customer of the store is a 404, as /api/customers/{id} is, not an empty answer. */
async function knownCustomer(view: Engine, id: string): Promise<void> {
  if (!(await customerExists(view, id))) throw new NotFoundError(`there is no customer ${id}`, 'customer ids are as imported; list some with: clientele value --json');
}

/** Routes of the decision views of issue #17 beyond targeting and campaigns. */
export const decideRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/big-customers',
    access: 'viewer',
    tag: 'value',
    summary: 'Big-customer risk (大客户风险): profit concentration (top 1/5/10, Herfindahl, warnings) and each large customer\'s dependence and signals; ?customer= examines one',
    params: [
      { name: 'top', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 10 } },
      { name: 'customer', in: 'query', schema: S.str, description: 'a customer id: that customer instead of the top ones' },
    ],
    errors: [404],
    response: { description: 'As `clientele big-customers --json`', schema: S.obj({ asOf: S.str, concentration: S.any, large: S.arr(S.any) }) },
    handler: async (c, s) => {
      const top = intQuery(c, 'top', { min: 1, max: 1000, default: 10 });
      const customer = stringQuery(c, 'customer', { max: 200 });
      const { bigCustomerRisk, DEFAULT_CONCENTRATION } = await import('../../decide/index.js');
      return c.json(
        await s.withValue(async (view, v) => {
          if (customer) await knownCustomer(view, customer);
          return bigCustomerRisk(view, v.asOf, { ...DEFAULT_CONCENTRATION, top }, customer ? [customer] : undefined);
        }),
      );
    },
  },
  {
    method: 'get',
    path: '/api/accounts',
    access: 'viewer',
    tag: 'customers',
    summary: 'Who decides at company accounts: counts, the accounts with no known decision maker; ?customer= one account\'s contacts (names masked for viewers; analysts\' views audited)',
    params: [{ name: 'customer', in: 'query', schema: S.str, description: 'an account (customer id): its contacts' }],
    response: { description: 'As `clientele accounts --json`', schema: S.obj({ accounts: S.int, withContacts: S.int, withoutDecisionMaker: S.int, flagged: S.arr(S.any), contacts: S.arr(S.any) }) },
    handler: async (c, s) => {
      const customer = stringQuery(c, 'customer', { max: 200 }) ?? null;
      const { accountContacts, accountsReport } = await import('../../decide/index.js');
      const r = await s.withValue(async (view) => ({ ...(await accountsReport(view)), contacts: customer ? await accountContacts(view, customer) : [] }));
      const u = s.user(c);
      if (u.role === 'viewer') return c.json({ ...r, contacts: r.contacts.map((x) => maskRow(x)) });
      if (r.contacts.length) await s.write(() => audit(s.engine, u, 'contacts.view-personal', customer));
      return c.json(r);
    },
  },
  {
    method: 'get',
    path: '/api/stages',
    access: 'viewer',
    tag: 'value',
    summary: 'Purchase stages (了解 → 认可 → 信任 → 满意): funnels overall, per RFM segment and per source, each with its biggest drop and the action that fits',
    response: { description: 'As `clientele stages --json`', schema: S.obj({ all: S.any, bySegment: S.arr(S.any), bySource: S.arr(S.any) }) },
    handler: async (c, s) => {
      const { stageFunnels } = await import('../../decide/index.js');
      return c.json(await s.withValue((view) => stageFunnels(view)));
    },
  },
  {
    method: 'get',
    path: '/api/lifecycle',
    access: 'viewer',
    tag: 'value',
    summary: 'Relationship life cycle (考察期, 形成期, 稳定期, 退化期): customers, profit and CLV per stage, and the rule; ?customer= adds that customer\'s stage',
    params: [{ name: 'customer', in: 'query', schema: S.str, description: 'a customer id: its stage as `stage`' }],
    errors: [404],
    response: { description: 'As `clientele lifecycle --json`', schema: S.obj({ asOf: S.str, rule: S.arr(S.str), stages: S.arr(S.any), stage: S.nullable(S.str) }) },
    handler: async (c, s) => {
      const customer = stringQuery(c, 'customer', { max: 200 });
      const { lifecycleOf, lifecycleReport } = await import('../../decide/index.js');
      return c.json(
        await s.withValue(async (view, v) => {
          if (customer) await knownCustomer(view, customer);
          return { ...(await lifecycleReport(view, v.asOf)), stage: customer ? await lifecycleOf(view, customer) : null };
        }),
      );
    },
  },
  {
    method: 'get',
    path: '/api/sources',
    access: 'viewer',
    tag: 'value',
    summary: 'Where good customers come from: per lead source and acquisition channel, conversion, 12-month profit, mean CLV, cost per customer (?cost=SOURCE=AMOUNT, repeatable)',
    params: [{ name: 'cost', in: 'query', schema: S.arr(S.str), description: 'SOURCE=AMOUNT: acquisition spend, repeatable' }],
    response: { description: 'As `clientele sources --json`', schema: S.obj({ asOf: S.str, lines: S.arr(S.any), best: S.nullable(S.str) }) },
    handler: async (c, s) => {
      const list = c.req.queries('cost') ?? [];
      if (list.length > 100 || list.some((x) => x.length > 200)) throw new UsageError('cost: at most 100 SOURCE=AMOUNT items of 200 characters');
      const { parseSegmentAmounts } = await import('../../target/index.js');
      const costs = parseSegmentAmounts('cost', list);
      const { sourcesReport } = await import('../../decide/index.js');
      return c.json(await s.withValue((view, v) => sourcesReport(view, v.asOf, s.options.valueConfig.marginRate, costs)));
    },
  },
];
