import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { REFERRAL_EXTRA_HEADERS, campaignExport, loadContacts, loadLeadContacts, referralItems, referralReport, type ReferralReport } from '../../act/index.js';
import { print, printJson, withAnyStore } from '../context.js';
import { layoutOption, writeExport } from '../csv.js';
import { getLang, t, tOr } from '../i18n/index.js';
import { formatNumber, table } from '../format.js';
import { numberOption } from '../options.js';
import { loadValueConfig } from './value.js';

export function registerReferrals(program: Command, db: () => string): void {
  layoutOption(
  program
    .command('referrals')
    .summary(t('cmd.referrals'))
    .description(t('referrals.description'))
    .option('--top <n>', t('referrals.opt.top'), '10')
    .option('--as-of <date>', t('value.opt.asOf'))
    .option('--config <file>', t('act.opt.config'))
    .option('--chart <file>', t('referrals.opt.chart'))
    .option('--out <file>', t('referrals.opt.out')),
  )
    .option('--json', t('cli.json'))
    .action(async (o: { layout?: string; top: string; asOf?: string; config?: string; chart?: string; out?: string; json?: boolean }) => {
      const top = numberOption('--top', o.top, 1, 1e7);
      const config = loadValueConfig({ ...(o.config ? { config: o.config } : {}) });
      const { r, customers, leads } = await withAnyStore(db(), async ({ engine }) => ({ r: await referralReport(engine, config, o.asOf), customers: await loadContacts(engine), leads: await loadLeadContacts(engine) }));
      // The chart code (echarts) loads only when a chart is asked for.
      if (o.chart) writeFileSync(o.chart, (await import('../../report/index.js')).referralFigure(r, getLang(), top).svg);
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = campaignExport(referralItems(r, top), { customers, leads }, REFERRAL_EXTRA_HEADERS, 'mixed');
        await writeExport(o.out, x.headers, x.rows, o.layout);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        printJson({ ...r, referrers: r.referrers.slice(0, top), totalReferrers: r.referrers.length, ...(o.chart ? { chart: o.chart } : {}), ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      print(describe(r, top));
      if (o.chart) print(`\n${t('referrals.chartWritten', { file: o.chart })}`);
      if (exported) print(t('act.written', { n: formatNumber(exported.rows), file: o.out ?? '', optedOut: formatNumber(exported.optedOut) }));
    });
}

function describe(r: ReferralReport, top: number): string {
  const v = t(r.basis === 'profit' ? 'value.col.profit' : 'value.col.revenue');
  const note = t('cli.notePrefix');
  const lines = [
    t('referrals.title', { asOf: r.asOf, customers: formatNumber(r.referred.customers), leads: formatNumber(r.referred.leads), referrers: formatNumber(r.referrers.length) }),
  ];
  if (r.unknownReferrers) lines.push(note + t('referrals.unknown', { n: formatNumber(r.unknownReferrers) }));
  if (r.selfReferrals) lines.push(note + t('referrals.self', { n: formatNumber(r.selfReferrals) }));
  if (r.cycles.length) lines.push(note + t('referrals.cycles', { n: formatNumber(r.cycles.length), list: r.cycles.slice(0, 3).map((c) => c.join(' → ')).join('; ') }));
  if (r.basis === 'revenue') lines.push(note + t('referrals.noCosts'));
  if (!r.referrers.length) {
    lines.push(`\n${t('referrals.none')}`);
    return lines.join('\n');
  }
  lines.push(`\n${r.referrers.length > top ? t('referrals.topFirst', { v, n: top }) : t('referrals.top', { v })}`);
  lines.push(
    table(
      [t('referrals.col.referrer'), t('referrals.col.kind'), t('referrals.col.direct'), t('referrals.col.customers'), t('referrals.col.leads'), t('referrals.col.generations'), t('referrals.col.chainRevenue'), t('referrals.col.chainProfit'), t('referrals.col.ownProfit')],
      r.referrers.slice(0, top).map((c) => [
        `${c.id}${c.kind === 'unknown' ? ' (?)' : ''}${c.inCycle ? ' ↺' : ''}`, tOr(`referrals.kind.${c.kind}`, c.kind), c.direct.customers + c.direct.leads, c.chain.customers, `${c.chain.leads} (${c.chain.wonLeads})`, c.generations, Math.round(c.chain.revenue), Math.round(c.chain.profit), Math.round(c.ownProfit),
      ]),
    ),
  );
  return lines.join('\n');
}
