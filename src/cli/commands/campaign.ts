import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { t, tOr } from '../i18n/index.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { writeCsv } from '../csv.js';
import { loadValueConfig } from './value.js';

/** "10%" or "0.1" → 0.1. */
export function parseShare(option: string, v: string): number {
  const t = v.trim();
  const x = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  if (!(x > 0 && x < 1)) throw new UsageError(`${option} ${v}: expected a share between 0% and 100%, e.g. 10%`);
  return x;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${e instanceof Error ? e.message : String(e)})`);
  }
}

const pts = (x: number) => `${(x * 100).toFixed(1)} pts`;
const money = (x: number) => formatNumber(Math.round(x * 100) / 100);

export function registerCampaign(program: Command, db: () => string): void {
  const campaign = program.command('campaign').summary('campaigns with a holdout: create from any action list, measure the lift against the control');
  campaign
    .command('create <name>')
    .summary('draw a random control group from a list of customers and export the treated list')
    .description(
      `The list is an RFM segment or saved segment (--segment), or any CSV with a customer_id column (--list): the
--out file of churn, win-back, care, recommend, lookalike or segment export. A share (--holdout) is held out as
control, at random (seeded) within each RFM segment. Both groups are recorded; contact only the treated list.
Responses are order lines in the --window days after --sent-at, or a file imported with campaign responses.`,
    )
    .option('--segment <name>', 'an RFM segment or a saved segment')
    .option('--list <file>', 'a CSV with a customer_id column')
    .option('--holdout <share>', 'the share held out as control, e.g. 10%', '10%')
    .option('--seed <n>', 'random seed for the control group', '1')
    .option('--sent-at <date>', 'the day it goes out (YYYY-MM-DD); default the last day with order lines')
    .option('--window <days>', 'days after the send in which an order counts as a response', '30')
    .option('--cost <amount>', 'cost of contacting one customer (for the net return and budget allocation)', '0')
    .option('--out <file>', 'write the treated list (the customers to contact) to this CSV')
    .option('--json', t('cli.json'))
    .action(async (name: string, o: { segment?: string; list?: string; holdout: string; seed: string; sentAt?: string; window: string; cost: string; out?: string; json?: boolean }) => {
      if (!!o.segment === !!o.list) throw new UsageError('give one of --segment NAME or --list FILE');
      const holdout = parseShare('--holdout', o.holdout);
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed ${o.seed}: expected a whole number`);
      const { createCampaign, readIdList, segmentIds, treatedList } = await import('../../campaign/index.js');
      const { created, treated } = await withStore(db(), async (engine) => {
        const ids = o.segment ? await segmentIds(engine, o.segment) : readIdList(readText(o.list!), o.list!);
        const created = await createCampaign(engine, { name, source: o.segment ? `segment:${o.segment}` : `file:${o.list}`, customerIds: ids, holdout, seed, ...(o.sentAt ? { sentAt: o.sentAt } : {}), windowDays: Number(o.window), costPerContact: Number(o.cost) });
        return { created, treated: o.out ? await treatedList(engine, created.id) : [] };
      });
      if (o.out) await writeCsv(resolve(o.out), ['customer_id', 'rfm_segment'], treated.map((t) => [t.customerId, t.segment]));
      if (o.json) return printJson({ campaign: created, ...(o.out ? { treatedList: resolve(o.out) } : {}) });
      print(`Campaign ${created.id} "${created.name}": ${formatNumber(created.treated)} treated, ${formatNumber(created.control)} held out as control (${formatPercent(created.holdout, 0)}, seed ${created.seed}, by RFM segment); sent ${created.sentAt}, responses counted for ${created.windowDays} days.`);
      if (o.out) print(`Treated list (contact only these): ${resolve(o.out)}`);
      print(`Measure it once the window has passed: clientele campaign measure ${created.id}`);
    });

  campaign
    .command('list')
    .summary('campaigns and their groups')
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const { listCampaigns } = await import('../../campaign/index.js');
      const list = await withStore(db(), (engine) => listCampaigns(engine));
      if (o.json) return printJson({ campaigns: list });
      if (!list.length) return print('No campaigns yet: clientele campaign create NAME --segment "At Risk" --holdout 10%');
      print(table(['id', 'name', 'source', 'sent', 'window', 'treated', 'control', 'responses'], list.map((c) => [c.id, c.name, c.source, c.sentAt, `${c.windowDays} d`, c.treated, c.control, c.importedResponses ? `file (${c.importedResponses})` : 'orders'])));
    });

  campaign
    .command('responses <id> <file>')
    .summary('import responses (customer_id, optional responded_at, revenue, profit); they replace order lines as outcomes')
    .option('--json', t('cli.json'))
    .action(async (id: string, file: string, o: { json?: boolean }) => {
      const { importResponses, readResponses } = await import('../../campaign/index.js');
      const rows = readResponses(readText(file), file);
      const n = await withStore(db(), (engine) => importResponses(engine, campaignId(id), rows));
      if (o.json) return printJson({ campaign: campaignId(id), responses: n });
      print(`Campaign ${id}: ${formatNumber(n)} responses imported from ${file}.`);
    });

  campaign
    .command('measure <id>')
    .summary('the lift against the control: response rate, revenue and profit per customer, with 95% intervals and a verdict')
    .option('--json', t('cli.json'))
    .action(async (id: string, o: { json?: boolean }) => {
      const { measureCampaign } = await import('../../campaign/index.js');
      const r = await withStore(db(), (engine) => measureCampaign(engine, campaignId(id), loadValueConfig({}).marginRate));
      if (o.json) return printJson(r);
      const m = r.overall;
      print(`Campaign ${r.campaign.id} "${r.campaign.name}": ${formatNumber(m.treated)} treated vs ${formatNumber(m.control)} control; responses from ${r.responses === 'file' ? 'the imported file' : `order lines ${r.window.from} to ${r.window.to}`}\n`);
      print(table(['per customer', 'treated', 'control', 'lift', '95% CI'], [
        ['response rate', formatPercent(m.responseRate.treated), formatPercent(m.responseRate.control), pts(m.responseRate.lift), `${pts(m.responseRate.low)} to ${pts(m.responseRate.high)}`],
        ['revenue', money(m.revenuePerCustomer.treated), money(m.revenuePerCustomer.control), money(m.revenuePerCustomer.lift), `${money(m.revenuePerCustomer.low)} to ${money(m.revenuePerCustomer.high)}`],
        ['profit', money(m.profitPerCustomer.treated), money(m.profitPerCustomer.control), money(m.profitPerCustomer.lift), `${money(m.profitPerCustomer.low)} to ${money(m.profitPerCustomer.high)}`],
      ]));
      print(`\nVerdict: ${m.message}.`);
      if (!r.windowComplete) print(`The window is not over in the data (order lines end before ${r.window.to}): more responses may come.`);
      if (r.campaign.costPerContact > 0) print(`Net of the contact cost (${money(r.campaign.costPerContact)}): ${money(m.netPerContact)} per treated customer.`);
      if (r.bySegment.length > 1) {
        print('\nBy RFM segment:');
        print(table(['segment', 'treated', 'control', 'response lift', 'profit lift', 'verdict'], r.bySegment.map((s) => [s.segment, s.treated, s.control, pts(s.responseRate.lift), money(s.profitPerCustomer.lift), s.verdict])));
      }
    });
}

function campaignId(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`campaign ${v}: expected a campaign number`, 'clientele campaign list');
  return n;
}
