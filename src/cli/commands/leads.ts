import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SCORE_EXTRA_HEADERS, campaignExport, loadLeadContacts, normalizeQualifyConfig, qualifyLeads, scoreItems, scoreLeads, type Contact, type QualifyConfig, type QualifySummary } from '../../act/index.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withAnyStore } from '../context.js';
import { LAYOUTS, qualifyTable } from '../../export/index.js';
import { writeExport } from '../csv.js';
import { dataField, prose, t, tOr } from '../i18n/index.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { numberOption } from '../options.js';

export function registerLeads(program: Command, db: () => string): void {
  const leads = program.command('leads').summary(t('cmd.leads'));
  leads
    .command('qualify')
    .summary(t('leads.qualify.summary'))
    .description(t('leads.qualify.description'))
    .option('--config <file>', t('leads.opt.config'))
    .option('--out <file>', t('leads.qualify.opt.out'))
    .option('--layout <tool>', t('export.opt.layout', { layouts: LAYOUTS.join(', ') }))
    .option('--json', t('cli.json'))
    .action(async (o: { config?: string; out?: string; layout?: string; json?: boolean }) => {
      const config = loadQualifyConfig(o.config);
      const { q, contacts } = await withAnyStore(db(), async ({ engine }) => ({ q: await qualifyLeads(engine, config), contacts: o.out ? await loadLeadContacts(engine) : new Map<string, Contact>() }));
      const r = { ...q, results: [...q.results].sort((a, b) => byLeadId(a.leadId, b.leadId)) };
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = qualifyTable(r, contacts);
        await writeExport(o.out, x.headers, x.rows, o.layout);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        printJson({ ...r, config, ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      print(describeQualify(r, o.out, exported));
    });
  leads
    .command('score')
    .summary(t('leads.score.summary'))
    .option('--holdout <share>', t('leads.opt.holdout'), '0.25')
    .option('--seed <n>', t('leads.opt.seed'), '1')
    .option('--exclude <cols>', t('leads.opt.exclude'), 'duration')
    .option('--lambda <l>', t('leads.opt.lambda'), '1')
    .option('--out <file>', t('leads.score.opt.out'))
    .option('--layout <tool>', t('export.opt.layout', { layouts: LAYOUTS.join(', ') }))
    .option('--json', t('cli.json'))
    .action(async (o: { holdout: string; seed: string; exclude: string; lambda: string; out?: string; layout?: string; json?: boolean }) => {
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new UsageError(t('segment.badSeed', { value: o.seed }));
      const options = { holdout: numberOption('--holdout', o.holdout, 0.01, 0.99), seed, exclude: o.exclude.split(',').map((s) => s.trim()).filter(Boolean), lambda: numberOption('--lambda', o.lambda, 0, 1e6) };
      const { r, contacts } = await withAnyStore(db(), async ({ engine }) => ({ r: await scoreLeads(engine, options), contacts: o.out ? await loadLeadContacts(engine) : new Map<string, Contact>() }));
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = campaignExport(scoreItems(r), contacts, SCORE_EXTRA_HEADERS, 'leads');
        await writeExport(o.out, x.headers, x.rows, o.layout);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        printJson({ ...r, scored: r.scored.slice(0, 100), ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      print(`${t('leads.learned', { train: formatNumber(r.train), won: formatPercent(r.positiveRate), test: formatNumber(r.test), features: r.features })}${r.excluded.length ? t('leads.excluded', { list: r.excluded.join(', ') }) : ''}\n`);
      print(`${t('leads.auc', { auc: r.auc.toFixed(4), brier: r.brier.toFixed(4), predicted: formatPercent(r.calibrationSummary.meanPredicted), observed: formatPercent(r.calibrationSummary.observed), error: formatPercent(r.calibrationSummary.error) })}\n`);
      print(t('leads.calibration'));
      print(table([t('value.col.decile'), t('leads.col.leads'), t('clv.col.predicted'), t('leads.col.observed')], r.calibration.map((c) => [c.bin, c.n, formatPercent(c.predicted), formatPercent(c.observed)])));
      print(`\n${t('leads.factors')}`);
      print(table([t('leads.col.feature'), t('leads.col.coefficient')], r.topFactors.map((f) => [factor(f.feature), Number(f.coefficient.toFixed(3))])));
      if (r.open) print(`\n${t('leads.open', { n: formatNumber(r.open) })}${exported ? t('leads.open.written', { n: formatNumber(exported.rows), file: o.out ?? '', optedOut: formatNumber(exported.optedOut) }) : ''}${t('leads.open.best')}\n` + table([t('leads.col.lead'), t('leads.col.score'), t('leads.col.why')], r.scored.slice(0, 10).map((s) => [s.leadId, formatPercent(s.score), s.factors.map(factor).join(t('lookalike.sep'))])));
      else print(`\n${t('leads.noOpen')}`);
    });
}

/** Lead ids in natural order (`bank-full.csv:1005` before `:10004`): the store sorts them as text. */
const byLeadId = new Intl.Collator('en', { numeric: true }).compare;

/** A model factor ("need=high +1.64", "employees²") with its field by label. */
const factor = (f: string) => f.replace(/^([a-z_]+)/, (m) => dataField(m));

/** The MAN rules: the "qualify" section of --config (or ./clientele.config.json), or the whole of an explicit file unless `sectionOnly`. */
export function loadQualifyConfig(path: string | undefined, o: { sectionOnly?: boolean } = {}): QualifyConfig {
  const file = path ?? (existsSync('clientele.config.json') ? 'clientele.config.json' : undefined);
  if (!file) return normalizeQualifyConfig({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(t('value.config.badJson', { file, reason: e instanceof Error ? e.message : String(e) }));
  }
  // The shared config file keeps each command's settings in a section; an explicit file may be the section itself.
  if (raw && typeof raw === 'object' && 'qualify' in raw) return normalizeQualifyConfig((raw as { qualify: unknown }).qualify);
  return normalizeQualifyConfig(path && !o.sectionOnly ? raw : {});
}

function describeQualify(r: QualifySummary, out: string | undefined, exported: { rows: number; optedOut: number } | undefined): string {
  const lines = [t('leads.summary', { n: formatNumber(r.leads), qualified: formatNumber(r.qualified), not: formatNumber(r.notQualified), incomplete: formatNumber(r.incomplete) })];
  const check = (k: string) => tOr(`leads.check.${k}`, k);
  const status = (s: string) => tOr(`leads.status.${s}`, s);
  lines.push(table([t('leads.col.check'), t('leads.col.pass'), t('leads.col.fail'), t('leads.col.unknown'), t('leads.col.noData')], (['money', 'authority', 'need'] as const).map((k) => [check(k), r.checks[k].pass, r.checks[k].fail, r.checks[k].unknown, r.checks[k]['no-data']])));
  for (const m of r.missingData) lines.push(`${check(m.check)}${t('cli.colon')}${prose(m.enableWith)}`);
  if (r.privileged.leads) lines.push(t('leads.privileged', { n: formatNumber(r.privileged.leads), note: prose(r.privileged.note), qualified: formatNumber(r.privileged.qualified) }));
  // Incomplete leads are listed only for a value they lack; a check with no data at all is said once above.
  const shown = r.results.filter((q) => q.status === 'not qualified' || (['money', 'authority', 'need'] as const).some((k) => q.checks[k].status === 'unknown')).slice(0, 20);
  if (shown.length) {
    lines.push(`\n${t('leads.shown', { n: shown.length })}`);
    lines.push(table([t('leads.col.lead'), t('leads.col.source'), t('leads.col.status'), t('leads.col.why'), t('leads.col.note')], shown.map((q) => [q.leadId, q.source, status(q.status), (['money', 'authority', 'need'] as const).filter((k) => q.checks[k].status !== 'pass' && q.checks[k].status !== 'no-data').map((k) => `${check(k)}${t('cli.colon')}${prose(q.checks[k].reason)}`).join(t('lookalike.sep')), q.note ? prose(q.note) : q.note])));
  }
  if (out && exported) lines.push(`\n${t('act.written', { n: formatNumber(exported.rows), file: out, optedOut: formatNumber(exported.optedOut) })}`);
  return lines.join('\n');
}
