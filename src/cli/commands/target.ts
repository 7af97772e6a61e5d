import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadSegmentFigures, normalizeCompany, parseSegmentAmounts, planAllocation, rescreen, scoreTargets, type CompanyProfile, type Screening } from '../../target/index.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { loadValueConfig } from './value.js';
import { describeSettings } from '../../value/index.js';

/** The company profile: the "company" section of --config (or ./clientele.config.json), then flags. */
export function loadCompany(o: { config?: string; priceTier?: string; serviceCapacity?: string; strategic?: string }): CompanyProfile {
  const file = o.config ?? (existsSync('clientele.config.json') ? 'clientele.config.json' : undefined);
  let section: Record<string, unknown> = {};
  if (file) {
    try {
      section = ((JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>).company ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`${file}: cannot read the company section (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return normalizeCompany({
    ...section,
    ...(o.priceTier ? { priceTier: o.priceTier } : {}),
    ...(o.serviceCapacity ? { serviceCapacity: o.serviceCapacity } : {}),
    ...(o.strategic ? { strategicCategories: o.strategic.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
  });
}

function by(v: string): 'rfm' | 'saved' {
  if (v !== 'rfm' && v !== 'saved') throw new UsageError(`--by ${v}: use rfm (the RFM segments) or saved (your saved segments)`);
  return v;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerTarget(program: Command, db: () => string): void {
  program
    .command('target')
    .summary('score segments on attractiveness × fit with the company (门当户对) and recommend targets')
    .option('--by <groups>', 'rfm (RFM segments) or saved (your saved segments)', 'rfm')
    .option('--price-tier <t>', 'the company: premium, mid or budget (else the config\'s company section)')
    .option('--service-capacity <c>', 'the company: high, medium or low')
    .option('--strategic <cats>', 'comma-separated strategic categories')
    .option('--config <file>', 'JSON config with a "company" section; default ./clientele.config.json if present')
    .option('--json', 'print JSON')
    .action(async (o: { by: string; priceTier?: string; serviceCapacity?: string; strategic?: string; config?: string; json?: boolean }) => {
      const company = loadCompany(o);
      const { asOf, rows } = await withStore(db(), (engine) => loadSegmentFigures(engine, by(o.by), company, loadValueConfig({ ...(o.config ? { config: o.config } : {}) })));
      const scored = scoreTargets(rows, company).sort((a, b) => Number(b.recommended) - Number(a.recommended) || b.attractiveness + b.fit - (a.attractiveness + a.fit));
      if (o.json) {
        printJson({ asOf, company, segments: scored });
        return;
      }
      print(`Target selection as of ${asOf} — company: ${company.priceTier} price, ${company.serviceCapacity} service capacity${company.strategicCategories.length ? `, strategic: ${company.strategicCategories.join(', ')}` : ''}\n`);
      print(table(['segment', 'customers', 'profit', 'attractiveness', 'fit', 'target', 'strategy'], scored.map((s) => [s.name, s.customers, Math.round(s.profit), Math.round(s.attractiveness), Math.round(s.fit), s.recommended ? 'yes' : '', s.strategy ?? ''])));
      for (const s of scored.filter((x) => x.recommended)) print(`\n${s.name} → ${s.strategy}:\n  - ${s.reasons.join('\n  - ')}`);
      if (!scored.some((s) => s.recommended)) print('\nNo segment is both attractive (≥ 50) and a good fit (≥ 50) for this company profile.');
    });

  program
    .command('allocate')
    .summary('split a marketing or retention budget across segments by expected return')
    .requiredOption('--budget <amount>', 'the budget')
    .option('--by <groups>', 'rfm or saved', 'rfm')
    .option('--min <seg=amount>', 'a minimum for a segment (repeatable)', collect, [])
    .option('--max <seg=amount>', 'a maximum for a segment (repeatable)', collect, [])
    .option('--max-uplift <u>', 'the largest share of a segment\'s CLV spending can add', '0.2')
    .option('--cost-scale <c>', 'spend per customer that reaches 63% of that uplift', '20')
    .option('--json', 'print JSON')
    .action(async (o: { budget: string; by: string; min: string[]; max: string[]; maxUplift: string; costScale: string; json?: boolean }) => {
      const budget = Number(o.budget);
      const u = Number(o.maxUplift);
      const c = Number(o.costScale);
      if (!(budget >= 0)) throw new UsageError(`--budget ${o.budget}: expected an amount`);
      if (!(u > 0 && u <= 10) || !(c > 0)) throw new UsageError('--max-uplift must be in (0, 10] and --cost-scale above 0');
      const min = parseSegmentAmounts('--min', o.min);
      const max = parseSegmentAmounts('--max', o.max);
      const { asOf, rows } = await withStore(db(), (engine) => loadSegmentFigures(engine, by(o.by), normalizeCompany({}), loadValueConfig({})));
      const { lossMaking, ...result } = planAllocation(rows, { budget, maxUplift: u, costScale: c, min, max });
      const losing = result.lines.filter((l) => l.lossMaking);
      if (o.json) {
        printJson({ asOf, budget, model: { maxUplift: u, costScale: c }, ...result, lossMaking });
        return;
      }
      print(`Budget ${formatNumber(budget)} across ${result.lines.length} segments as of ${asOf}; uplift model: at most ${formatPercent(u, 0)} of CLV, 63% of it at ${formatNumber(c)} per customer\n`);
      print(table(['segment', 'customers', 'spend', 'share', 'expected return', 'last unit returns'], [...result.lines].sort((a, b) => b.spend - a.spend).map((l) => [l.name, l.customers, Math.round(l.spend), formatPercent(budget ? l.spend / budget : 0), Math.round(l.expectedReturn), Number(l.marginalReturn.toFixed(2))])));
      print(`\nExpected return ${formatNumber(Math.round(result.expectedReturn))} for ${formatNumber(Math.round(result.spent))} spent (${result.roi.toFixed(2)} per unit).`);
      if (losing.length) print(`80/20/30: ${losing.map((l) => l.name).join(', ')} lose${losing.length === 1 ? 's' : ''} money as a whole; spending to grow ${losing.length === 1 ? 'it' : 'them'} adds loss unless cost to serve or prices change first.`);
    });
}

export function registerMigrate(program: Command, db: () => string): void {
  program
    .command('migrate')
    .summary('re-screen (动态筛选): how customers moved between segments and value tiers from one date to another')
    .requiredOption('--from <date>', 'the earlier as-of date (YYYY-MM-DD)')
    .requiredOption('--to <date>', 'the later as-of date (YYYY-MM-DD)')
    .option('--top <n>', 'risers and fallers to list', '10')
    .option('--json', 'print JSON')
    .action(async (o: { from: string; to: string; top: string; json?: boolean }) => {
      const top = Number(o.top);
      if (!(Number.isInteger(top) && top > 0 && top <= 1000)) throw new UsageError(`--top ${o.top}: expected a whole number from 1 to 1000`);
      const r = await withStore(db(), (engine) => rescreen(engine, o.from, o.to, loadValueConfig({}), top));
      if (o.json) {
        printJson(r);
        return;
      }
      print(`Re-screening ${r.from} → ${r.to}: ${formatNumber(r.customers.both)} customers in both, ${formatNumber(r.customers.new)} new, ${formatNumber(r.customers.gone)} only before`);
      print(`${formatNumber(r.stayed)} (${formatPercent(r.customers.both ? r.stayed / r.customers.both : 0)}) stayed in their RFM segment.`);
      if (r.portfolio) print(`Portfolio ${r.portfolio.basis === 'profit' ? 'profit' : 'net revenue (no costs known)'}: ${formatNumber(Math.round(r.portfolio.from))} → ${formatNumber(Math.round(r.portfolio.to))}`);
      if (r.settings) print(`Settings: ${describeSettings(r.settings)}`);
      print('');
      print('Largest movements between RFM segments:');
      print(table(['from', 'to', 'customers'], r.segments.filter((m) => m.from !== m.to).slice(0, 12).map((m) => [m.from, m.to, m.customers])));
      print('\nValue tiers (current × long-term):');
      print(table(['from', 'to', 'customers'], r.tiers.map((m) => [m.from, m.to, m.customers])));
      const word = r.portfolio?.basis === 'revenue' ? 'net revenue' : 'profit';
      const list = (rows: Screening['risers']) => table(['customer', `${word} before`, 'after', 'change', 'segment before → after'], rows.map((c) => [c.customerId, Math.round(c.from), Math.round(c.to), Math.round(c.change), `${c.fromSegment} → ${c.toSegment}`]));
      if (r.risers.length) print('\nRose most:\n' + list(r.risers));
      if (r.fallers.length) print('\nFell most:\n' + list(r.fallers));
      print('\nThe report draws the movements as a Sankey chart: clientele report --out report.html');
    });
}
