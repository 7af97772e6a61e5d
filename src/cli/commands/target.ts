import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadSegmentFigures, mergeCompany, normalizeCompany, parseSegmentAmounts, planAllocation, readCompany, rescreen, targetSegments, type CompanyProfile, type Screening, type TargetResult } from '../../target/index.js';
import type { Engine } from '../../engine/engine.js';
import { measuredCurves } from '../../campaign/index.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { loadValueConfig } from './value.js';

export interface CompanyFlags {
  config?: string;
  priceTier?: string;
  serviceCapacity?: string;
  strategic?: string;
  core?: string;
  regions?: string;
  channels?: string;
  focus?: string;
}

const names = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

/** The profile given by flags alone (unset fields stay unset). */
export function companyFromFlags(o: CompanyFlags): CompanyProfile {
  return normalizeCompany({
    ...(o.priceTier ? { priceTier: o.priceTier } : {}),
    ...(o.serviceCapacity ? { serviceCapacity: o.serviceCapacity } : {}),
    ...(o.strategic ? { strategicCategories: names(o.strategic) } : {}),
    ...(o.core ? { strengths: names(o.core) } : {}),
    ...(o.regions ? { regions: names(o.regions) } : {}),
    ...(o.channels ? { channels: names(o.channels) } : {}),
    ...(o.focus ? { focus: o.focus } : {}),
  });
}

/** The profile in effect: the config's company section, then the store's profile, then flags, each field by field. */
export async function resolveCompany(engine: Engine, o: CompanyFlags): Promise<CompanyProfile> {
  const stored = await readCompany(engine);
  return mergeCompany(mergeCompany(loadCompany({ ...(o.config ? { config: o.config } : {}) }), stored?.profile ?? normalizeCompany({})), companyFromFlags(o));
}

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

function by(v: string): 'rfm' | 'saved' | 'tier' {
  if (v !== 'rfm' && v !== 'saved' && v !== 'tier') throw new UsageError(`--by ${v}: use rfm (the RFM segments), tier (value tiers I–IV) or saved (your saved segments)`);
  return v;
}

/** The profile line every target output starts with: which profile, and whether it was inferred. */
export function describeCompany(r: Pick<TargetResult, 'company' | 'companySource'>): string {
  const c = r.company;
  const parts = [
    c.priceTier ? `${c.priceTier} price` : null,
    c.serviceCapacity ? `${c.serviceCapacity} service capacity` : null,
    c.strengths.length ? `core: ${c.strengths.join(', ')}` : null,
    c.strategicCategories.length ? `strategic: ${c.strategicCategories.join(', ')}` : null,
    c.regions.length ? `regions: ${c.regions.join(', ')}` : null,
    c.channels.length ? `channels: ${c.channels.join(', ')}` : null,
    c.focus ? `focus: ${c.focus}` : null,
  ].filter(Boolean);
  const what = parts.length ? parts.join('; ') : 'nothing to judge fit on';
  return r.companySource === 'inferred' ? `company profile inferred from the top 20% of customers by profit (set one: clientele company set …): ${what}` : `company profile: ${what}`;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerTarget(program: Command, db: () => string): void {
  program
    .command('target')
    .summary('score segments on attractiveness × fit with the company (门当户对) and recommend targets')
    .description(
      `Fit is judged from each segment's members against the company profile (clientele company set …), each part
with its figure. Without a profile, the profile is inferred from the customers the company already serves most
profitably (the top 20% by profit), and the output says so. Flags override the stored profile for this run only.`,
    )
    .option('--by <groups>', 'rfm (RFM segments), tier (value tiers I–IV) or saved (your saved segments)', 'rfm')
    .option('--price-tier <t>', 'the company: premium, mid or budget')
    .option('--service-capacity <c>', 'the company: high, medium or low')
    .option('--core <cats>', 'comma-separated core categories (what the company is good at)')
    .option('--strategic <cats>', 'comma-separated strategic categories')
    .option('--regions <names>', 'comma-separated regions or countries served')
    .option('--channels <names>', 'comma-separated channels')
    .option('--focus <f>', 'b2b, b2c or both')
    .option('--config <file>', 'JSON config with a "company" section; default ./clientele.config.json if present')
    .option('--json', 'print JSON')
    .action(async (o: CompanyFlags & { by: string; json?: boolean }) => {
      const r = await withStore(db(), async (engine) => targetSegments(engine, by(o.by), await resolveCompany(engine, o), loadValueConfig({ ...(o.config ? { config: o.config } : {}) })));
      if (o.json) {
        printJson(r);
        return;
      }
      print(`Target selection as of ${r.asOf} by ${r.by} — ${describeCompany(r)}\n`);
      for (const w of r.warnings) print(`warning: ${w.message}\n`);
      print(table(['segment', 'customers', 'profit', 'attractiveness', 'fit', 'target', 'strategy'], r.segments.map((s) => [s.name, s.customers, Math.round(s.profit), Math.round(s.attractiveness), Math.round(s.fit), s.recommended ? 'yes' : '', s.strategy ?? ''])));
      print('\nFit per segment (each part 0–100; place 0.50 = like all buyers):');
      for (const s of r.segments) print(`  ${s.name}: ${Math.round(s.fit)} = mean of ${s.fitComponents.map((c) => `${c.code} ${Math.round(c.score * 100)}`).join(', ') || 'nothing (50)'}`);
      for (const s of r.segments.filter((x) => x.recommended)) print(`\n${s.name} → ${s.strategy}:\n  - ${s.reasons.join('\n  - ')}`);
      if (!r.segments.some((s) => s.recommended)) print('\nNo segment is both attractive (≥ 50) and a good fit (≥ 50) for this company profile.');
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
    .option('--hurdle <h>', 'spend a unit only while it returns at least this much (the rest is left unspent)', '1.0')
    .option('--json', 'print JSON')
    .action(async (o: { budget: string; by: string; min: string[]; max: string[]; maxUplift: string; costScale: string; hurdle: string; json?: boolean }) => {
      const budget = Number(o.budget);
      const u = Number(o.maxUplift);
      const c = Number(o.costScale);
      if (!(budget >= 0)) throw new UsageError(`--budget ${o.budget}: expected an amount`);
      if (!(u > 0 && u <= 10) || !(c > 0)) throw new UsageError('--max-uplift must be in (0, 10] and --cost-scale above 0');
      if (!(Number(o.hurdle) >= 0 && Number(o.hurdle) <= 100)) throw new UsageError(`--hurdle ${o.hurdle}: expected a return per unit from 0 to 100`);
      const min = parseSegmentAmounts('--min', o.min);
      const max = parseSegmentAmounts('--max', o.max);
      const hurdle = Number(o.hurdle);
      const grouping = by(o.by);
      const { asOf, rows, measured } = await withStore(db(), async (engine) => {
        const f = await loadSegmentFigures(engine, grouping, normalizeCompany({}), loadValueConfig({}));
        return { ...f, measured: grouping === 'rfm' ? await measuredCurves(engine, f.rows, c) : new Map() };
      });
      const { lossMaking, ...result } = planAllocation(rows, { budget, maxUplift: u, costScale: c, min, max, hurdle, measured });
      const losing = result.lines.filter((l) => l.lossMaking);
      if (o.json) {
        printJson({ asOf, budget, model: { maxUplift: u, costScale: c, hurdle, measured: Object.fromEntries(measured) }, ...result, lossMaking });
        return;
      }
      print(`Budget ${formatNumber(budget)} across ${result.lines.length} segments as of ${asOf}; hurdle ${hurdle}: a unit is spent only while it returns at least ${hurdle}`);
      print(`Response curves: ${measured.size ? `measured by campaigns with a holdout for ${[...measured.keys()].join(', ')}; ` : ''}${measured.size < rows.length ? `assumed (not measured) for the others: at most ${formatPercent(u, 0)} of CLV, 63% of it at ${formatNumber(c)} per customer` : ''}\n`);
      print(table(['segment', 'customers', 'spend', 'share', 'expected return', 'last unit returns', 'curve'], [...result.lines].sort((a, b) => b.spend - a.spend).map((l) => [l.name, l.customers, Math.round(l.spend), formatPercent(budget ? l.spend / budget : 0), Math.round(l.expectedReturn), Number(l.marginalReturn.toFixed(2)), l.curve])));
      print(`\nExpected return ${formatNumber(Math.round(result.expectedReturn))} for ${formatNumber(Math.round(result.spent))} spent (${result.roi.toFixed(2)} per unit).`);
      if (result.unspent > 0.5) print(`${formatNumber(Math.round(result.unspent))} of the budget (${formatPercent(budget ? result.unspent / budget : 0)}) is left unspent: no further unit is expected to return the hurdle of ${hurdle}.`);
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
      print(`${formatNumber(r.stayed)} (${formatPercent(r.customers.both ? r.stayed / r.customers.both : 0)}) stayed in their RFM segment.\n`);
      print('Largest movements between RFM segments:');
      print(table(['from', 'to', 'customers'], r.segments.filter((m) => m.from !== m.to).slice(0, 12).map((m) => [m.from, m.to, m.customers])));
      if (r.stages?.length) {
        print('\nRelationship life cycle (考察期 exploration, 形成期 formation, 稳定期 stability, 退化期 decline):');
        print(table(['from', 'to', 'customers'], r.stages.filter((m) => m.from !== m.to).slice(0, 12).map((m) => [m.from, m.to, m.customers])));
      }
      print('\nValue tiers (current × long-term):');
      print(table(['from', 'to', 'customers'], r.tiers.map((m) => [m.from, m.to, m.customers])));
      const list = (rows: Screening['risers']) => table(['customer', 'profit before', 'after', 'change', 'segment before → after'], rows.map((c) => [c.customerId, Math.round(c.from), Math.round(c.to), Math.round(c.change), `${c.fromSegment} → ${c.toSegment}`]));
      if (r.risers.length) print('\nRose most:\n' + list(r.risers));
      if (r.fallers.length) print('\nFell most:\n' + list(r.fallers));
      print('\nThe report draws the movements as a Sankey chart: clientele report --out report.html');
    });
}
