import type { Command } from 'commander';
import { scoreLeads } from '../../act/index.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { writeCsv } from '../csv.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { numberOption } from '../options.js';

export function registerLeads(program: Command, db: () => string): void {
  const leads = program.command('leads').summary('prospects: score leads from past outcomes');
  leads
    .command('score')
    .summary('learn from leads with a known outcome (logistic regression), check on a holdout, score the open ones')
    .option('--holdout <share>', 'share of known leads held out for the check', '0.25')
    .option('--seed <n>', 'seed of the holdout split', '1')
    .option('--exclude <cols>', 'comma-separated columns to leave out (duration is known only after the call)', 'duration')
    .option('--lambda <l>', 'L2 penalty', '1')
    .option('--out <file>', 'write the open leads with scores and top factors to CSV')
    .option('--json', 'print JSON')
    .action(async (o: { holdout: string; seed: string; exclude: string; lambda: string; out?: string; json?: boolean }) => {
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed ${o.seed}: expected a whole number`);
      const r = await withStore(db(), (engine) =>
        scoreLeads(engine, { holdout: numberOption('--holdout', o.holdout, 0.01, 0.99), seed, exclude: o.exclude.split(',').map((s) => s.trim()).filter(Boolean), lambda: numberOption('--lambda', o.lambda, 0, 1e6) }),
      );
      if (o.out) await writeCsv(o.out, ['lead_id', 'score', 'top_factors'], r.scored.map((s) => [s.leadId, s.score, s.factors.join('; ')]));
      if (o.json) {
        printJson({ ...r, scored: r.scored.slice(0, 100), ...(o.out ? { out: o.out } : {}) });
        return;
      }
      print(`Learned from ${formatNumber(r.train)} leads (${formatPercent(r.positiveRate)} won), checked on ${formatNumber(r.test)} held out; ${r.features} features${r.excluded.length ? `, left out: ${r.excluded.join(', ')}` : ''}\n`);
      print(`held-out AUC ${r.auc.toFixed(4)}, Brier score ${r.brier.toFixed(4)}\n`);
      print('Calibration (deciles of the score):');
      print(table(['decile', 'leads', 'predicted', 'observed'], r.calibration.map((c) => [c.bin, c.n, formatPercent(c.predicted), formatPercent(c.observed)])));
      print('\nStrongest factors:');
      print(table(['feature', 'coefficient'], r.topFactors.map((f) => [f.feature, Number(f.coefficient.toFixed(3))])));
      if (r.open) print(`\n${formatNumber(r.open)} open leads scored (stored in lead_scores${o.out ? `, and ${o.out}` : ''}); best:\n` + table(['lead', 'score', 'why'], r.scored.slice(0, 10).map((s) => [s.leadId, formatPercent(s.score), s.factors.join('; ')])));
      else print('\nNo open leads (without an outcome) to score.');
    });
}
