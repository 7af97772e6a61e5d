import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { REFERRAL_EXTRA_HEADERS, campaignExport, loadContacts, loadLeadContacts, referralItems, referralReport, type ReferralReport } from '../../act/index.js';
import { print, printJson, withStore } from '../context.js';
import { writeCsv } from '../csv.js';
import { formatNumber, table } from '../format.js';
import { numberOption } from '../options.js';
import { loadValueConfig } from './value.js';

export function registerReferrals(program: Command, db: () => string): void {
  program
    .command('referrals')
    .summary('referral chains (链式介绍法): who brought in whom, and the revenue and profit of each referrer\'s chain')
    .description(
      `Follows customers.referred_by and leads.referred_by (a customer id, a lead id, or someone not in the data) and values each referrer's chain: the revenue and profit, in the value run, of everyone they brought in — the people they referred and, at any depth, the people those referred. Each person is counted once per chain; a referral cycle in the data (A referred B, B referred A) cannot loop, and is reported. Leads count as people brought in (won or not) with no revenue of their own. --chart writes the top referrers as an SVG chart (the report has it too).`,
    )
    .option('--top <n>', 'referrers shown, charted and exported', '10')
    .option('--as-of <date>', 'the value run as of this day (YYYY-MM-DD); default the day of the last order line')
    .option('--config <file>', 'value config; default ./clientele.config.json if present')
    .option('--chart <file>', 'write the top referrers as an SVG chart')
    .option('--out <file>', 'write the top referrers to CSV (thank them, ask again); opted-out customers and leads left out')
    .option('--json', 'print JSON')
    .action(async (o: { top: string; asOf?: string; config?: string; chart?: string; out?: string; json?: boolean }) => {
      const top = numberOption('--top', o.top, 1, 1e7);
      const config = loadValueConfig({ ...(o.config ? { config: o.config } : {}) });
      const { r, customers, leads } = await withStore(db(), async (engine) => ({ r: await referralReport(engine, config, o.asOf), customers: await loadContacts(engine), leads: await loadLeadContacts(engine) }));
      // The chart code (echarts) loads only when a chart is asked for.
      if (o.chart) writeFileSync(o.chart, (await import('../../report/index.js')).referralFigure(r, 'en', top).svg);
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = campaignExport(referralItems(r, top), { customers, leads }, REFERRAL_EXTRA_HEADERS, 'mixed');
        await writeCsv(o.out, x.headers, x.rows);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        printJson({ ...r, referrers: r.referrers.slice(0, top), totalReferrers: r.referrers.length, ...(o.chart ? { chart: o.chart } : {}), ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      print(describe(r, top));
      if (o.chart) print(`\nChart written to ${o.chart}.`);
      if (exported) print(`${formatNumber(exported.rows)} referrers written to ${o.out}; ${formatNumber(exported.optedOut)} opted out left out.`);
    });
}

function describe(r: ReferralReport, top: number): string {
  const v = r.basis === 'profit' ? 'profit' : 'revenue';
  const lines = [
    `Referral chains as of ${r.asOf}: ${formatNumber(r.referred.customers)} customers and ${formatNumber(r.referred.leads)} leads were referred, by ${formatNumber(r.referrers.length)} referrers`,
  ];
  if (r.unknownReferrers) lines.push(`note: ${formatNumber(r.unknownReferrers)} referrers are neither a customer nor a lead id (kept by name, marked ?)`);
  if (r.selfReferrals) lines.push(`note: ${formatNumber(r.selfReferrals)} people name themselves as their referrer (ignored)`);
  if (r.cycles.length) lines.push(`note: ${formatNumber(r.cycles.length)} referral cycles in the data (${r.cycles.slice(0, 3).map((c) => c.join(' → ')).join('; ')}): each person counted once`);
  if (r.basis === 'revenue') lines.push('note: no costs are known: profit equals revenue');
  if (!r.referrers.length) {
    lines.push('\nNobody has referred anyone: import customers or leads with a referred_by column (推荐人).');
    return lines.join('\n');
  }
  lines.push(`\nTop referrers by the ${v} of their chain${r.referrers.length > top ? ` (first ${top})` : ''}:`);
  lines.push(
    table(
      ['referrer', 'kind', 'direct', 'customers', 'leads (won)', 'generations', 'chain revenue', 'chain profit', 'own profit'],
      r.referrers.slice(0, top).map((c) => [
        `${c.id}${c.kind === 'unknown' ? ' (?)' : ''}${c.inCycle ? ' ↺' : ''}`, c.kind, c.direct.customers + c.direct.leads, c.chain.customers, `${c.chain.leads} (${c.chain.wonLeads})`, c.generations, Math.round(c.chain.revenue), Math.round(c.chain.profit), Math.round(c.ownProfit),
      ]),
    ),
  );
  return lines.join('\n');
}
