import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { t, term, tOr } from '../i18n/index.js';
import type { Measurement } from '../../campaign/measure.js';
import { print, printJson, withAnyStore } from '../context.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { writeCsv } from '../csv.js';
import { loadValueConfig } from './value.js';

/** "10%" or "0.1" → 0.1. */
export function parseShare(option: string, v: string): number {
  const text = v.trim();
  const x = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!(x > 0 && x < 1)) throw new UsageError(t('campaign.badShare', { option, value: v }));
  return x;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(t('campaign.cannotRead', { file, message: e instanceof Error ? e.message : String(e) }));
  }
}

const pts = (x: number) => t('campaign.pts', { n: (x * 100).toFixed(1) });
const money = (x: number) => formatNumber(Math.round(x * 100) / 100);
/** Where a campaign's list came from ("segment:At Risk", "file:x.csv"), in the current language. */
const sourceText = (s: string) => (s.startsWith('segment:') ? t('campaign.source.segment', { name: term(s.slice('segment:'.length)) }) : s.startsWith('file:') ? t('campaign.source.file', { file: s.slice('file:'.length) }) : s);
const range = (low: string, high: string) => t('campaign.range', { low, high });

/** The verdict of a measurement in the current language, from its code and figures (the core's `message` is English). */
function verdictMessage(m: Measurement): string {
  const r = m.responseRate;
  const p = m.profitPerCustomer;
  switch (m.verdict) {
    case 'effect':
      return t('campaign.verdict.effect', { lift: pts(r.lift), low: pts(r.low), high: pts(r.high), profit: money(p.lift), profitLow: money(p.low), profitHigh: money(p.high) });
    case 'harm':
      return t('campaign.verdict.harm', { lift: pts(-r.lift), low: pts(r.low), high: pts(r.high) });
    case 'not-yet':
      return t('campaign.verdict.not-yet', { more: formatNumber(m.needMore ?? 0), lift: pts(r.lift), low: pts(r.low), high: pts(r.high) });
    case 'none':
      return t('campaign.verdict.none', { lift: pts(r.lift), low: pts(r.low), high: pts(r.high) });
    default:
      return t('campaign.verdict.too-small', { treated: m.treated, control: m.control });
  }
}

export function registerCampaign(program: Command, db: () => string): void {
  const campaign = program.command('campaign').summary(t('cmd.campaign'));
  campaign
    .command('create <name>')
    .summary(t('campaign.create'))
    .description(t('campaign.create.description'))
    .option('--segment <name>', t('campaign.opt.segment'))
    .option('--list <file>', t('campaign.opt.list'))
    .option('--holdout <share>', t('campaign.opt.holdout'), '10%')
    .option('--seed <n>', t('campaign.opt.seed'), '1')
    .option('--sent-at <date>', t('campaign.opt.sentAt'))
    .option('--window <days>', t('campaign.opt.window'), '30')
    .option('--cost <amount>', t('campaign.opt.cost'), '0')
    .option('--out <file>', t('campaign.opt.out'))
    .option('--json', t('cli.json'))
    .action(async (name: string, o: { segment?: string; list?: string; holdout: string; seed: string; sentAt?: string; window: string; cost: string; out?: string; json?: boolean }) => {
      if (!!o.segment === !!o.list) throw new UsageError(t('campaign.oneOf'));
      const holdout = parseShare('--holdout', o.holdout);
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new UsageError(t('campaign.badSeed', { value: o.seed }));
      const { createCampaign, readIdList, segmentIds, treatedList } = await import('../../campaign/index.js');
      const { created, treated } = await withAnyStore(db(), async ({ engine }) => {
        const ids = o.segment ? await segmentIds(engine, o.segment) : readIdList(readText(o.list!), o.list!);
        const created = await createCampaign(engine, { name, source: o.segment ? `segment:${o.segment}` : `file:${o.list}`, customerIds: ids, holdout, seed, ...(o.sentAt ? { sentAt: o.sentAt } : {}), windowDays: Number(o.window), costPerContact: Number(o.cost) });
        return { created, treated: o.out ? await treatedList(engine, created.id) : [] };
      });
      if (o.out) await writeCsv(resolve(o.out), ['customer_id', 'rfm_segment'], treated.map((t) => [t.customerId, t.segment]));
      // measure gives no verdict with fewer than 2 customers in a group (campaign/measure.ts): say so now, not after the window.
      const warning = created.treated < 2 || created.control < 2 ? t('campaign.tooFewToMeasure', { treated: formatNumber(created.treated), control: formatNumber(created.control), option: '--holdout' }) : null;
      if (o.json) return printJson({ campaign: created, ...(o.out ? { treatedList: resolve(o.out) } : {}), ...(warning ? { warnings: [warning] } : {}) });
      print(t('campaign.created', { id: created.id, name: created.name, treated: formatNumber(created.treated), control: formatNumber(created.control), share: formatPercent(created.holdout, 0), seed: created.seed, sentAt: created.sentAt, days: created.windowDays }));
      if (warning) print(warning);
      if (o.out) print(t('campaign.treatedList', { file: resolve(o.out) }));
      print(t('campaign.measureLater', { id: created.id }));
    });

  campaign
    .command('list')
    .summary(t('campaign.list'))
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const { listCampaigns } = await import('../../campaign/index.js');
      const list = await withAnyStore(db(), ({ engine }) => listCampaigns(engine));
      if (o.json) return printJson({ campaigns: list });
      if (!list.length) return print(t('campaign.none'));
      print(table((['campaign.col.id', 'campaign.col.name', 'campaign.col.source', 'campaign.col.sent', 'campaign.col.window', 'campaign.col.treated', 'campaign.col.control', 'campaign.col.responses'] as const).map((k) => t(k)), list.map((c) => [c.id, c.name, sourceText(c.source), c.sentAt, t('campaign.days', { n: c.windowDays }), c.treated, c.control, c.importedResponses ? t('campaign.responsesFile', { n: c.importedResponses }) : t('campaign.responsesOrders')])));
    });

  campaign
    .command('responses <id> <file>')
    .summary(t('campaign.responses'))
    .option('--json', t('cli.json'))
    .action(async (id: string, file: string, o: { json?: boolean }) => {
      const { importResponses, readResponses } = await import('../../campaign/index.js');
      const rows = readResponses(readText(file), file);
      const n = await withAnyStore(db(), ({ engine }) => importResponses(engine, campaignId(id), rows));
      if (o.json) return printJson({ campaign: campaignId(id), responses: n });
      print(t('campaign.imported', { id, n: formatNumber(n), file }));
    });

  campaign
    .command('measure <id>')
    .summary(t('campaign.measure'))
    .option('--json', t('cli.json'))
    .action(async (id: string, o: { json?: boolean }) => {
      const { measureCampaign } = await import('../../campaign/index.js');
      const r = await withAnyStore(db(), ({ engine }) => measureCampaign(engine, campaignId(id), loadValueConfig({}).marginRate));
      if (o.json) return printJson(r);
      const m = r.overall;
      print(t('campaign.measured', { id: r.campaign.id, name: r.campaign.name, treated: formatNumber(m.treated), control: formatNumber(m.control), from: r.responses === 'file' ? t('campaign.fromFile') : t('campaign.fromOrders', { from: r.window.from, to: r.window.to }) }) + '\n');
      print(table([t('campaign.col.perCustomer'), t('campaign.col.treated'), t('campaign.col.control'), t('campaign.col.lift'), t('campaign.col.ci')], [
        [t('campaign.row.response'), formatPercent(m.responseRate.treated), formatPercent(m.responseRate.control), pts(m.responseRate.lift), range(pts(m.responseRate.low), pts(m.responseRate.high))],
        [t('campaign.row.revenue'), money(m.revenuePerCustomer.treated), money(m.revenuePerCustomer.control), money(m.revenuePerCustomer.lift), range(money(m.revenuePerCustomer.low), money(m.revenuePerCustomer.high))],
        [t('campaign.row.profit'), money(m.profitPerCustomer.treated), money(m.profitPerCustomer.control), money(m.profitPerCustomer.lift), range(money(m.profitPerCustomer.low), money(m.profitPerCustomer.high))],
      ]));
      print('\n' + t('campaign.verdict', { message: verdictMessage(m) }));
      if (!r.windowComplete) print(t('campaign.windowOpen', { date: r.window.to }));
      if (r.campaign.costPerContact > 0) print(t('campaign.net', { cost: money(r.campaign.costPerContact), net: money(m.netPerContact) }));
      if (r.bySegment.length > 1) {
        print('\n' + t('campaign.bySegment'));
        print(table([t('campaign.col.segment'), t('campaign.col.treated'), t('campaign.col.control'), t('campaign.col.responseLift'), t('campaign.col.profitLift'), t('campaign.col.verdict')], r.bySegment.map((s) => [term(s.segment), s.treated, s.control, pts(s.responseRate.lift), money(s.profitPerCustomer.lift), tOr(`campaign.verdictCode.${s.verdict}`, s.verdict)])));
      }
    });
}

function campaignId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(t('campaign.badId', { value: v }), 'clientele campaign list');
  return n;
}
