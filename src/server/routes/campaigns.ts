import { UsageError } from '../../errors.js';
import { t } from '../../cli/i18n/index.js';
import { errorLanguage } from '../errors.js';
import { audit } from '../audit.js';
import { S } from '../openapi.js';
import { jsonBody, num, str } from '../params.js';
import type { RouteSpec } from '../route.js';

const ID = [{ name: 'id', in: 'path', schema: S.int }] as const;

function idParam(v: string | undefined): number {
  // Digits only, and a number the engine can hold (1e193 is an integer to JavaScript, not to a BIGINT).
  const n = /^[1-9][0-9]{0,15}$/.test(v ?? '') ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError('id: expected a campaign number');
  return n;
}

const campaignModule = () => import('../../campaign/index.js');

export const campaignRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/campaigns',
    access: 'viewer',
    tag: 'targets',
    summary: 'Campaigns with a holdout: groups, send date, response window, and each one\'s verdict',
    response: { description: 'As `clientele campaign list --json`, each with its overall measurement', schema: S.obj({ campaigns: S.arr(S.any) }) },
    handler: async (c, s) => {
      const { listCampaigns, measureCampaign } = await campaignModule();
      return c.json(await s.read(async (view) => {
        const list = await listCampaigns(view);
        const campaigns = [];
        for (const k of list) {
          const m = await measureCampaign(view, k.id, s.options.valueConfig.marginRate);
          campaigns.push({ ...k, verdict: m.overall.verdict, message: m.overall.message, responseLift: m.overall.responseRate.lift, profitLift: m.overall.profitPerCustomer.lift, windowComplete: m.windowComplete });
        }
        return { campaigns };
      }));
    },
  },
  {
    method: 'get',
    path: '/api/campaigns/{id}',
    access: 'viewer',
    tag: 'targets',
    summary: 'One campaign measured against its control: response rate, revenue and profit per customer with 95% intervals, a verdict, by RFM segment',
    params: [...ID],
    errors: [404],
    response: { description: 'As `clientele campaign measure ID --json`', schema: S.any },
    handler: async (c, s) => {
      const { measureCampaign } = await campaignModule();
      const id = idParam(c.req.param('id'));
      return c.json(await s.read((view) => measureCampaign(view, id, s.options.valueConfig.marginRate)));
    },
  },
  {
    method: 'post',
    path: '/api/campaigns',
    access: 'analyst',
    tag: 'targets',
    summary: 'Create a campaign from a segment or a list of customer ids, with a seeded control group stratified by RFM segment (audited)',
    errors: [404, 413, 415],
    body: {
      contentType: 'application/json',
      schema: S.obj({ name: S.str, segment: S.str, customerIds: S.arr(S.str), holdout: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }, seed: S.int, sentAt: { type: 'string', format: 'date' }, windowDays: S.int, costPerContact: S.num }, ['name']),
    },
    response: { description: 'The campaign, and warnings (a group with fewer than 2 customers: no verdict can come), in the Accept-Language', schema: S.obj({ campaign: S.any, warnings: S.arr(S.str) }) },
    handler: async (c, s) => {
      const { createCampaign, segmentIds } = await campaignModule();
      const b = await jsonBody(c);
      const name = str(b, 'name', 200)!;
      const segment = str(b, 'segment', 200, false);
      const ids = b.customerIds;
      if (!!segment === (ids !== undefined)) throw new UsageError('give one of segment or customerIds');
      if (ids !== undefined && (!Array.isArray(ids) || ids.length > 1_000_000 || ids.some((x) => typeof x !== 'string' || x.length > 200))) throw new UsageError('customerIds: expected a list of customer ids');
      const seed = num(b, 'seed', -2147483648, 2147483647) ?? 1;
      if (!Number.isInteger(seed)) throw new UsageError('seed: expected a whole number');
      const sentAt = str(b, 'sentAt', 10, false);
      const u = s.user(c);
      const campaign = await s.write(async () => {
        const customerIds = segment ? await segmentIds(s.engine, segment) : (ids as string[]);
        const k = await createCampaign(s.engine, { name, source: segment ? `segment:${segment}` : 'list', customerIds, holdout: num(b, 'holdout', 0, 1) ?? 0.1, seed, ...(sentAt ? { sentAt } : {}), windowDays: num(b, 'windowDays', 1, 3650) ?? 30, costPerContact: num(b, 'costPerContact', 0, 1e9) ?? 0 });
        await audit(s.engine, u, 'campaign.create', String(k.id));
        return k;
      });
      // measure gives no verdict with fewer than 2 customers in a group (campaign/measure.ts): say so now, in the client's language.
      const lang = errorLanguage(c.req.header('accept-language')) === 'zh' ? 'zh-CN' : 'en';
      const few = campaign.treated < 2 || campaign.control < 2;
      return c.json({ campaign, warnings: few ? [t('campaign.tooFewToMeasure', { treated: campaign.treated, control: campaign.control, option: '`holdout`' }, lang)] : [] });
    },
  },
  {
    method: 'post',
    path: '/api/campaigns/{id}/responses',
    access: 'analyst',
    tag: 'targets',
    summary: 'Replace a campaign\'s imported responses ({customerId, respondedAt?, revenue?, profit?}); audited',
    params: [...ID],
    errors: [404, 413, 415],
    body: { contentType: 'application/json', schema: S.obj({ responses: S.arr(S.any) }, ['responses']) },
    response: { description: 'How many were stored', schema: S.obj({ responses: S.int }) },
    handler: async (c, s) => {
      const { importResponses } = await campaignModule();
      const id = idParam(c.req.param('id'));
      const b = await jsonBody(c);
      if (!Array.isArray(b.responses) || b.responses.length > 1_000_000) throw new UsageError('responses: expected a list');
      const rows = b.responses.map((r: unknown, i: number) => {
        if (!r || typeof r !== 'object') throw new UsageError(`responses[${i}]: expected an object`);
        const o = r as Record<string, unknown>;
        const day = str(o, 'respondedAt', 10, false) ?? null;
        if (day !== null && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError(`responses[${i}].respondedAt: expected YYYY-MM-DD`);
        return { customerId: str(o, 'customerId', 200)!, respondedAt: day, revenue: num(o, 'revenue', -1e12, 1e12) ?? null, profit: num(o, 'profit', -1e12, 1e12) ?? null };
      });
      const u = s.user(c);
      const n = await s.write(async () => {
        const n = await importResponses(s.engine, id, rows);
        await audit(s.engine, u, 'campaign.responses', String(id));
        return n;
      });
      return c.json({ responses: n });
    },
  },
];
