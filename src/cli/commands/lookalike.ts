import type { Command } from 'commander';
import { LOOKALIKE_EXTRA_HEADERS, campaignExport, describeContribution, findLookalikes, loadContacts, loadLeadContacts, lookalikeItems, type BestDefinition, type LookalikeAmong, type LookalikeReport } from '../../act/index.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { writeCsv } from '../csv.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { numberOption } from '../options.js';
import { loadValueConfig } from './value.js';

const AMONG = ['auto', 'leads', 'non-buyers', 'customers'] as const;
const BEST = ['both', 'either', 'tier-iv', 'champions'] as const;
const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));

export function registerLookalike(program: Command, db: () => string): void {
  program
    .command('lookalike')
    .summary('prospects and customers who look like your best customers (tier IV, Champions), and which attributes make them so')
    .description(
      `Scores candidates by how much their profile looks like the best customers of the value run (value tier IV and RFM Champions; --best either|tier-iv|champions), by weights of evidence: for each attribute value, w = ln(P(value | best) / P(value | other customers)) = logit P(best | value) − logit of the share of best customers among those with the attribute known, P(best | value) shrunk towards that share by 10 pseudo-customers so that a rare value cannot dominate; similarity = P(best | profile) = σ(logit(share of best) + Σ w), lift = similarity / share of best. Numbers are binned at quintiles, tags counted one by one. The table of attributes shows their information value IV = Σ (p_best − p_other)·w and their most best-like values; each lookalike shows the values that drive its similarity. The model is first checked on 25% of customers held out (AUC), then refitted on all of them.

Candidates (--among): open leads (their fields and attributes are matched to customer fields by name and the importer's aliases: job → occupation), customers who never bought (non-buyers), or customers who are neither tier IV nor Champions. Compared by default: ${'type, country, region, city, gender, age, income, occupation, education, marital_status, lifestyle, industry, employees, annual_revenue, credit_rating, channel'} (who they are, never what they bought); --add-attributes adds imported attributes (e.g. Kidhome,Teenhome).`,
    )
    .option('--among <who>', `candidates: ${AMONG.join(', ')} (auto: open leads if there are leads, else non-buyers, else other customers)`, 'auto')
    .option('--best <def>', `best customers: ${BEST.join(', ')} (both = tier IV and Champions; widened to either when fewer than 10)`)
    .option('--attributes <list>', 'compare exactly these profile fields or imported attributes (comma-separated)')
    .option('--add-attributes <list>', 'compare these imported attributes too (comma-separated)')
    .option('--as-of <date>', 'the value run as of this day (YYYY-MM-DD); default the day of the last order line')
    .option('--top <n>', 'lookalikes shown (and exported)', '20')
    .option('--config <file>', 'value config; default ./clientele.config.json if present')
    .option('--out <file>', 'write the first --top lookalikes to CSV for a mail or CRM tool (opted-out customers and leads left out)')
    .option('--json', 'print JSON')
    .action(async (o: { among: string; best?: string; attributes?: string; addAttributes?: string; asOf?: string; top: string; config?: string; out?: string; json?: boolean }) => {
      if (!(AMONG as readonly string[]).includes(o.among)) throw new UsageError(`--among ${o.among}: use ${AMONG.join(', ')}`);
      if (o.best !== undefined && !(BEST as readonly string[]).includes(o.best)) throw new UsageError(`--best ${o.best}: use ${BEST.join(', ')}`);
      const top = numberOption('--top', o.top, 1, 1e7);
      const config = loadValueConfig({ ...(o.config ? { config: o.config } : {}) });
      const attributes = list(o.attributes);
      const options = {
        among: o.among as LookalikeAmong | 'auto',
        ...(o.best ? { best: o.best as BestDefinition } : {}),
        ...(attributes ? { attributes } : {}),
        addAttributes: list(o.addAttributes) ?? [],
        ...(o.asOf ? { asOf: o.asOf } : {}),
      };
      const { r, customers, leads } = await withStore(db(), async (engine) => ({ r: await findLookalikes(engine, config, options), customers: await loadContacts(engine), leads: await loadLeadContacts(engine) }));
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = campaignExport(lookalikeItems(r, top), r.among === 'leads' ? leads : customers, LOOKALIKE_EXTRA_HEADERS, r.among === 'leads' ? 'leads' : 'customers');
        await writeCsv(o.out, x.headers, x.rows);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        printJson({ ...r, lookalikes: r.lookalikes.slice(0, top), ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      print(describe(r, top));
      if (exported) print(`\n${formatNumber(exported.rows)} written to ${o.out}; ${formatNumber(exported.optedOut)} opted out left out.`);
    });
}

const WHO: Record<LookalikeAmong, string> = { leads: 'open leads', 'non-buyers': 'customers who never bought', customers: 'customers neither tier IV nor Champions' };
const BEST_TEXT: Record<BestDefinition, string> = { both: 'tier IV and Champions', either: 'tier IV or Champions', 'tier-iv': 'value tier IV', champions: 'RFM Champions' };

function describe(r: LookalikeReport, top: number): string {
  const lines = [
    `Lookalikes as of ${r.asOf}: ${formatNumber(r.candidates)} ${WHO[r.among]} scored against ${formatNumber(r.best.customers)} best customers (${BEST_TEXT[r.best.definition]}) of ${formatNumber(r.customers)}`,
  ];
  if (r.check) lines.push(`  held-out check: AUC ${r.check.auc.toFixed(3)} on ${formatNumber(r.check.test)} customers (${formatNumber(r.check.testBest)} best)${r.check.auc < 0.6 ? ' — the attributes say little about who becomes a best customer' : ''}`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  if (r.attributes.length) {
    lines.push('\nWhat sets the best customers apart (information value, most best-like values):');
    lines.push(
      table(
        ['attribute', 'IV', 'known', 'best-like values (share of best vs others, weight)'],
        r.attributes.slice(0, 12).map((a) => [a.name, Number(a.iv.toFixed(3)), formatPercent(a.known, 0), a.top.map((t) => `${t.level} (${formatPercent(t.bestShare, 0)} vs ${formatPercent(t.otherShare, 0)}, +${t.weight.toFixed(2)})`).join('; ')]),
      ),
    );
  }
  if (r.lookalikes.length) {
    lines.push(`\nMost alike${r.lookalikes.length > top ? ` (first ${top})` : ''}:`);
    lines.push(
      table(
        ['rank', r.among === 'leads' ? 'lead' : 'customer', ...(r.among === 'leads' ? [] : ['segment']), 'similarity', 'lift', 'alike in', 'unlike in'],
        r.lookalikes.slice(0, top).map((l) => [l.rank, l.id, ...(r.among === 'leads' ? [] : [l.segment]), formatPercent(l.similarity), `×${l.lift.toFixed(2)}`, l.drivers.map(describeContribution).join('; '), l.against.map(describeContribution).join('; ')]),
      ),
    );
  } else lines.push(`\nNo ${WHO[r.among]} to score.`);
  return lines.join('\n');
}
