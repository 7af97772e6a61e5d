import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { referralReport } from '../../act/index.js';
import { UsageError } from '../../errors.js';
import { isLang, loadDecideReport, loadReportExtras, openInBrowser, renderReport } from '../../report/index.js';
import { loadClvCheck } from '../../report/clv-check.js';
import { latestScreening, targetSegments } from '../../target/index.js';
import { computeValue, describeSettings } from '../../value/index.js';
import { resolveCompany } from './target.js';
import { print, printJson, withAnyStore } from '../context.js';
import { getLang, t } from '../i18n/index.js';
import { loadValueConfig, valueOptions, type ValueCliOptions } from './value.js';

export function registerReport(program: Command, db: () => string): void {
  valueOptions(
    program
      .command('report')
      .summary(t('cmd.report'))
      .description(
        t('report.description'),
      )
      .requiredOption('--out <file>', t('report.opt.out'))
      .option('--lang <lang>', t('report.opt.lang'), getLang())
      .option('--screenshot <png>', t('report.opt.screenshot')),
  ).action(async (o: ValueCliOptions & { out: string; lang: string; screenshot?: string }) => {
    if (!isLang(o.lang)) throw new UsageError(t('cli.badLang', { value: o.lang }), t('cli.badLang.hint'));
    const lang = o.lang;
    const config = loadValueConfig(o);
    const { html, settings, profit } = await withAnyStore(db(), async ({ engine }) => {
      const value = await computeValue(engine, { config, ...(o.asOf ? { asOf: o.asOf } : {}) });
      const extras = await loadReportExtras(engine, value);
      const tg = await targetSegments(engine, 'rfm', await resolveCompany(engine, o), config);
      const referrals = await referralReport(engine, config, value.asOf);
      const decide = await loadDecideReport(engine, value.asOf, config.marginRate);
      // Churn learned from outcomes, when there is any: its model, drivers and expected loss (src/report/churn.ts).
      const { loadChurnSection } = await import('../../report/churn.js');
      const { churnReport } = await import('../../act/index.js');
      const { sqlChurnScoresSummary } = await import('../../sql/churn.js');
      const learned = Number((await engine.query<{ n: number }>(sqlChurnScoresSummary(engine.dialect)))[0].n) > 0;
      const churn = learned ? await loadChurnSection(engine, value, await churnReport(engine, config, { asOf: value.asOf })) : null;
      const html = renderReport({ value, ...extras, clvCheck: await loadClvCheck(engine), targets: tg.segments, targetProfile: tg, screening: await latestScreening(engine), referrals, decide, churn }, lang);
      return { html, settings: value.settings, profit: { basis: value.basis, value: value.profit.profit } };
    });
    const out = resolve(o.out);
    writeFileSync(out, html);
    if (o.screenshot) {
      const b = await openInBrowser(pathToFileURL(out).href);
      try {
        await b.page.screenshot({ path: resolve(o.screenshot), fullPage: true });
      } finally {
        await b.close();
      }
    }
    if (o.json) printJson({ out, bytes: Buffer.byteLength(html), lang, ...(o.screenshot ? { screenshot: resolve(o.screenshot) } : {}), profit, settings });
    else {
      print(t(o.screenshot ? 'report.written.screenshot' : 'report.written', { file: out, kb: Math.round(Buffer.byteLength(html) / 1024), lang, png: o.screenshot ? resolve(o.screenshot) : '' }));
      print(t(profit.basis === 'profit' ? 'report.profitLine' : 'report.revenueLine', { value: Math.round(profit.value).toLocaleString('en-US'), settings: describeSettings(settings, getLang()) }));
    }
  });
}
