import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { careCampaigns, loadContacts, normalizeCareConfig, type CareConfig } from '../../act/index.js';
import { UsageError } from '../../errors.js';
import { careTable } from '../../export/index.js';
import { print, printJson, withAnyStore } from '../context.js';
import { layoutOption, writeExport } from '../csv.js';
import { formatNumber, table } from '../format.js';
import { getLang, t, tOr } from '../i18n/index.js';

/** The config's "care" section (--config FILE, else ./clientele.config.json when present). */
export function loadCareConfig(file?: string): CareConfig {
  const path = file ?? (existsSync('clientele.config.json') ? 'clientele.config.json' : undefined);
  if (!path) return normalizeCareConfig(undefined);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(t('care.badConfig', { file: path, reason: e instanceof Error ? e.message : String(e) }));
  }
  return normalizeCareConfig((raw as { care?: unknown } | null)?.care);
}

export function registerCare(program: Command, db: () => string): void {
  layoutOption(
    program
      .command('care')
      .summary(t('cmd.care'))
      .description(t('care.description'))
      .requiredOption('--from <date>', t('care.opt.from'))
      .requiredOption('--to <date>', t('care.opt.to'))
      .option('--out <file>', t('care.opt.out'))
      .option('--config <file>', t('care.opt.config')),
  )
    .option('--json', t('cli.json'))
    .action(async (o: { from: string; to: string; out?: string; config?: string; layout?: string; json?: boolean }) => {
      const config = loadCareConfig(o.config);
      const { plan, contacts } = await withAnyStore(db(), async ({ engine }) => ({ plan: await careCampaigns(engine, o.from, o.to, config), contacts: await loadContacts(engine) }));
      const zh = getLang() === 'zh-CN';
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = careTable(plan, contacts, getLang());
        await writeExport(o.out, x.headers, x.rows, o.layout);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        const { recipients: _recipients, ...rest } = plan;
        printJson({ ...rest, ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      const c = plan.counts;
      print(t('care.summary', { from: o.from, to: o.to, birthdays: formatNumber(c.birthdays), anniversaries: formatNumber(c.anniversaries), holidays: formatNumber(c.holidays), customers: formatNumber(c.customers), optedOut: formatNumber(c.optedOut) }));
      for (const n of plan.noteCodes) print(`${t('cli.notePrefix')}${t(n === 'no-birth-dates' ? 'care.note.noBirthDates' : 'care.note.noSignup')}`);
      if (plan.holidays.length) {
        print(`\n${t('care.holidays')}`);
        print(table([t('care.col.date'), t('care.col.holiday'), t('care.col.customers'), t('care.col.calendars'), t('care.col.message')], plan.holidays.map((h) => [h.date, zh ? h.nameZh : h.name, h.customers, h.calendars.map((c) => tOr(`country.${c}`, c)).join(t('value.listSeparator')), (zh ? h.templateZh : h.templateEn).replaceAll('{name}', t('care.namePlaceholder'))])));
      }
      if (plan.events.length) {
        print(`\n${plan.events.length > 30 ? t('care.events.first30') : t('care.events')}`);
        print(
          table(
            [t('care.col.date'), t('care.col.customer'), t('care.col.name'), t('care.col.occasion'), t('care.col.language'), t('care.col.optOut')],
            plan.events.slice(0, 30).map((e) => [
              e.date,
              e.customerId,
              e.name,
              e.kind === 'birthday' ? t('care.birthday') : t(e.since === 'signup' ? 'care.anniversary.signup' : 'care.anniversary.purchase', { years: e.years ?? 0 }),
              t(e.language === 'zh' ? 'care.lang.zh' : 'care.lang.en'),
              e.optOut ? t('care.optedOut') : '',
            ]),
          ),
        );
      }
      if (exported) print(`\n${t('care.written', { n: formatNumber(exported.rows), file: o.out ?? '' })}`);
    });
}
