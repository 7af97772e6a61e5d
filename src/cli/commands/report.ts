import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { referralReport } from '../../act/index.js';
import { UsageError } from '../../errors.js';
import { isLang, loadDecideReport, loadReportExtras, openInBrowser, renderReport } from '../../report/index.js';
import { loadClvCheck } from '../../report/clv-check.js';
import { latestScreening, targetSegments } from '../../target/index.js';
import { computeValue } from '../../value/index.js';
import { resolveCompany } from './target.js';
import { print, printJson, withStore } from '../context.js';
import { loadValueConfig, valueOptions, type ValueCliOptions } from './value.js';

export function registerReport(program: Command, db: () => string): void {
  valueOptions(
    program
      .command('report')
      .summary('write the customer value report: one self-contained HTML file with charts')
      .description(
        `Writes one HTML file that opens offline: the plain-language summary of what to do, KPIs, the whale curve,
profit by decile, the RFM grid, the value matrices, the lifetime value check (after clientele clv check), the top
referrers (链式介绍法, when customers or leads have referred_by) and the top and bottom customers. Charts are SVG rendered on the server. --screenshot also saves a PNG of the page, taken
in headless Chromium.`,
      )
      .requiredOption('--out <file>', 'the HTML file to write, e.g. report.html')
      .option('--lang <lang>', 'en or zh-CN (简体中文)', 'en')
      .option('--screenshot <png>', 'also save a full-page screenshot (needs Debian chromium)'),
  ).action(async (o: ValueCliOptions & { out: string; lang: string; screenshot?: string }) => {
    if (!isLang(o.lang)) throw new UsageError(`--lang ${o.lang}: use en or zh-CN`);
    const lang = o.lang;
    const config = loadValueConfig(o);
    const html = await withStore(db(), async (engine) => {
      const value = await computeValue(engine, { config, ...(o.asOf ? { asOf: o.asOf } : {}) });
      const extras = await loadReportExtras(engine, value);
      const t = await targetSegments(engine, 'rfm', await resolveCompany(engine, o), config);
      const referrals = await referralReport(engine, config, value.asOf);
      const decide = await loadDecideReport(engine, value.asOf, config.marginRate);
      return renderReport({ value, ...extras, clvCheck: await loadClvCheck(engine), targets: t.segments, targetProfile: t, screening: await latestScreening(engine), referrals, decide }, lang);
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
    if (o.json) printJson({ out, bytes: Buffer.byteLength(html), lang, ...(o.screenshot ? { screenshot: resolve(o.screenshot) } : {}) });
    else print(`Wrote ${out} (${Math.round(Buffer.byteLength(html) / 1024)} KB, ${lang})${o.screenshot ? ` and ${resolve(o.screenshot)}` : ''}. Open it in a browser.`);
  });
}
