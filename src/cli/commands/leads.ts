import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { SCORE_EXTRA_HEADERS, campaignExport, loadLeadContacts, normalizeQualifyConfig, qualifyLeads, scoreItems, scoreLeads, type Contact, type QualifyConfig, type QualifySummary } from '../../act/index.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { qualifyTable, writeCsv } from '../../export/index.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { numberOption } from '../options.js';

export function registerLeads(program: Command, db: () => string): void {
  const leads = program.command('leads').summary('prospects: qualify leads (MAN) and score them from past outcomes');
  leads
    .command('qualify')
    .summary('check every lead on money, authority and need (MAN), whatever its source')
    .description(
      `Check every lead on MAN: money (budget, or balance / income), authority (decision maker, 决策者, owner, manager …) and need (high / medium / low, or a score). Each failed check is named with its value. Leads from acquaintances, old customers, big companies or sent by a superior get exactly the same checks, and are marked "checked like everyone else". A check whose data the store lacks says which data would enable it instead of failing leads.`,
    )
    .option('--config <file>', 'JSON rules (its "qualify" section, or the whole file); default ./clientele.config.json if present')
    .option('--out <file>', 'write every lead with contact fields, status, reasons and next step to CSV (leads whose file says they opted out are left out)')
    .option('--json', 'print JSON')
    .action(async (o: { config?: string; out?: string; json?: boolean }) => {
      const config = loadQualifyConfig(o.config);
      const { r, contacts } = await withStore(db(), async (engine) => ({ r: await qualifyLeads(engine, config), contacts: o.out ? await loadLeadContacts(engine) : new Map<string, Contact>() }));
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = qualifyTable(r, contacts);
        await writeCsv(o.out, x.headers, x.rows);
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
    .summary('learn from leads with a known outcome (logistic regression), check on a holdout, score the open ones')
    .option('--holdout <share>', 'share of known leads held out for the check', '0.25')
    .option('--seed <n>', 'seed of the holdout split', '1')
    .option('--exclude <cols>', 'comma-separated columns to leave out (duration is known only after the call)', 'duration')
    .option('--lambda <l>', 'L2 penalty', '1')
    .option('--out <file>', 'write the open leads with contact fields, scores and top factors to CSV, best first (opted-out leads left out)')
    .option('--json', 'print JSON')
    .action(async (o: { holdout: string; seed: string; exclude: string; lambda: string; out?: string; json?: boolean }) => {
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed ${o.seed}: expected a whole number`);
      const options = { holdout: numberOption('--holdout', o.holdout, 0.01, 0.99), seed, exclude: o.exclude.split(',').map((s) => s.trim()).filter(Boolean), lambda: numberOption('--lambda', o.lambda, 0, 1e6) };
      const { r, contacts } = await withStore(db(), async (engine) => ({ r: await scoreLeads(engine, options), contacts: o.out ? await loadLeadContacts(engine) : new Map<string, Contact>() }));
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = campaignExport(scoreItems(r), contacts, SCORE_EXTRA_HEADERS, 'leads');
        await writeCsv(o.out, x.headers, x.rows);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        printJson({ ...r, scored: r.scored.slice(0, 100), ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      print(`Learned from ${formatNumber(r.train)} leads (${formatPercent(r.positiveRate)} won), checked on ${formatNumber(r.test)} held out; ${r.features} features${r.excluded.length ? `, left out: ${r.excluded.join(', ')}` : ''}\n`);
      print(`held-out AUC ${r.auc.toFixed(4)}, Brier score ${r.brier.toFixed(4)}; mean predicted ${formatPercent(r.calibrationSummary.meanPredicted)} against ${formatPercent(r.calibrationSummary.observed)} observed, calibration error ${formatPercent(r.calibrationSummary.error)}\n`);
      print('Calibration (deciles of the score):');
      print(table(['decile', 'leads', 'predicted', 'observed'], r.calibration.map((c) => [c.bin, c.n, formatPercent(c.predicted), formatPercent(c.observed)])));
      print('\nStrongest factors:');
      print(table(['feature', 'coefficient'], r.topFactors.map((f) => [f.feature, Number(f.coefficient.toFixed(3))])));
      if (r.open) print(`\n${formatNumber(r.open)} open leads scored (stored in lead_scores${exported ? `; ${formatNumber(exported.rows)} written to ${o.out}, ${formatNumber(exported.optedOut)} opted out left out` : ''}); best:\n` + table(['lead', 'score', 'why'], r.scored.slice(0, 10).map((s) => [s.leadId, formatPercent(s.score), s.factors.join('; ')])));
      else print('\nNo open leads (without an outcome) to score.');
    });
}

/** The MAN rules: the "qualify" section of --config (or ./clientele.config.json), or the whole of an explicit file unless `sectionOnly`. */
export function loadQualifyConfig(path: string | undefined, o: { sectionOnly?: boolean } = {}): QualifyConfig {
  const file = path ?? (existsSync('clientele.config.json') ? 'clientele.config.json' : undefined);
  if (!file) return normalizeQualifyConfig({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--config ${file}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  // The shared config file keeps each command's settings in a section; an explicit file may be the section itself.
  if (raw && typeof raw === 'object' && 'qualify' in raw) return normalizeQualifyConfig((raw as { qualify: unknown }).qualify);
  return normalizeQualifyConfig(path && !o.sectionOnly ? raw : {});
}

function describeQualify(r: QualifySummary, out: string | undefined, exported: { rows: number; optedOut: number } | undefined): string {
  const lines = [`${formatNumber(r.leads)} leads: ${formatNumber(r.qualified)} qualified, ${formatNumber(r.notQualified)} not qualified, ${formatNumber(r.incomplete)} incomplete (a check had no value)`];
  lines.push(table(['check', 'pass', 'fail', 'unknown', 'no data'], (['money', 'authority', 'need'] as const).map((k) => [k, r.checks[k].pass, r.checks[k].fail, r.checks[k].unknown, r.checks[k]['no-data']])));
  for (const m of r.missingData) lines.push(`${m.check}: ${m.enableWith}`);
  if (r.privileged.leads) lines.push(`${formatNumber(r.privileged.leads)} leads from acquaintances, old customers, big companies or superiors: ${r.privileged.note}; ${formatNumber(r.privileged.qualified)} qualified.`);
  // Incomplete leads are listed only for a value they lack; a check with no data at all is said once above.
  const shown = r.results.filter((q) => q.status === 'not qualified' || (['money', 'authority', 'need'] as const).some((k) => q.checks[k].status === 'unknown')).slice(0, 20);
  if (shown.length) {
    lines.push(`\nNot qualified, or missing a value (first ${shown.length}):`);
    lines.push(table(['lead', 'source', 'status', 'why', 'note'], shown.map((q) => [q.leadId, q.source, q.status, (['money', 'authority', 'need'] as const).filter((k) => q.checks[k].status !== 'pass' && q.checks[k].status !== 'no-data').map((k) => `${k}: ${q.checks[k].reason}`).join('; '), q.note])));
  }
  if (out && exported) lines.push(`\n${formatNumber(exported.rows)} leads written to ${out}${exported.optedOut ? `; ${formatNumber(exported.optedOut)} who opted out left out` : ''}.`);
  return lines.join('\n');
}
