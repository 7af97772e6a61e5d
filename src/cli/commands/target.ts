import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadSegmentFigures, normalizeCompany, parseSegmentAmounts, planAllocation, rescreen, scoreTargets, type CompanyProfile, type Screening } from '../../target/index.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { loadValueConfig } from './value.js';
import { describeSettings } from '../../value/index.js';
import { getLang, prose, t, term, tOr } from '../i18n/index.js';

/** The company profile: the "company" section of --config (or ./clientele.config.json), then flags. */
export function loadCompany(o: { config?: string; priceTier?: string; serviceCapacity?: string; strategic?: string }): CompanyProfile {
  const file = o.config ?? (existsSync('clientele.config.json') ? 'clientele.config.json' : undefined);
  let section: Record<string, unknown> = {};
  if (file) {
    try {
      section = ((JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>).company ?? {}) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(t('target.badConfig', { file, reason: e instanceof Error ? e.message : String(e) }));
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
  if (v !== 'rfm' && v !== 'saved') throw new UsageError(t('target.badBy', { value: v }));
  return v;
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerTarget(program: Command, db: () => string): void {
  program
    .command('target')
    .summary(t('cmd.target'))
    .option('--by <groups>', t('target.opt.by'), 'rfm')
    .option('--price-tier <t>', t('target.opt.priceTier'))
    .option('--service-capacity <c>', t('target.opt.serviceCapacity'))
    .option('--strategic <cats>', t('target.opt.strategic'))
    .option('--config <file>', t('target.opt.config'))
    .option('--json', t('cli.json'))
    .action(async (o: { by: string; priceTier?: string; serviceCapacity?: string; strategic?: string; config?: string; json?: boolean }) => {
      const company = loadCompany(o);
      const { asOf, rows } = await withStore(db(), (engine) => loadSegmentFigures(engine, by(o.by), company, loadValueConfig({ ...(o.config ? { config: o.config } : {}) })));
      const scored = scoreTargets(rows, company).sort((a, b) => Number(b.recommended) - Number(a.recommended) || b.attractiveness + b.fit - (a.attractiveness + a.fit));
      if (o.json) {
        printJson({ asOf, company, segments: scored });
        return;
      }
      print(`${t('target.title', { asOf, price: tOr(`target.tier.${company.priceTier}`, company.priceTier), capacity: tOr(`target.capacity.${company.serviceCapacity}`, company.serviceCapacity) })}${company.strategicCategories.length ? t('target.strategic', { list: company.strategicCategories.join(t('value.listSeparator')) }) : ''}\n`);
      print(table([t('target.col.segment'), t('target.col.customers'), t('target.col.profit'), t('target.col.attractiveness'), t('target.col.fit'), t('target.col.target'), t('target.col.strategy')], scored.map((s) => [term(s.name), s.customers, Math.round(s.profit), Math.round(s.attractiveness), Math.round(s.fit), s.recommended ? t('cli.yes') : '', s.strategy ? tOr(`target.strategy.${s.strategy}`, s.strategy) : ''])));
      for (const s of scored.filter((x) => x.recommended)) print(`\n${term(s.name)} → ${s.strategy ? tOr(`target.strategy.${s.strategy}`, s.strategy) : ''}${t('cli.colon')}\n  - ${s.reasons.map(prose).join('\n  - ')}`);
      if (!scored.some((s) => s.recommended)) print(`\n${t('target.none')}`);
    });

  program
    .command('allocate')
    .summary(t('cmd.allocate'))
    .requiredOption('--budget <amount>', t('allocate.opt.budget'))
    .option('--by <groups>', t('allocate.opt.by'), 'rfm')
    .option('--min <seg=amount>', t('allocate.opt.min'), collect, [])
    .option('--max <seg=amount>', t('allocate.opt.max'), collect, [])
    .option('--max-uplift <u>', t('allocate.opt.maxUplift'), '0.2')
    .option('--cost-scale <c>', t('allocate.opt.costScale'), '20')
    .option('--json', t('cli.json'))
    .action(async (o: { budget: string; by: string; min: string[]; max: string[]; maxUplift: string; costScale: string; json?: boolean }) => {
      const budget = Number(o.budget);
      const u = Number(o.maxUplift);
      const c = Number(o.costScale);
      if (!(budget >= 0)) throw new UsageError(t('allocate.badBudget', { value: o.budget }));
      if (!(u > 0 && u <= 10) || !(c > 0)) throw new UsageError(t('allocate.badModel'));
      const min = parseSegmentAmounts('--min', o.min);
      const max = parseSegmentAmounts('--max', o.max);
      const { asOf, rows } = await withStore(db(), (engine) => loadSegmentFigures(engine, by(o.by), normalizeCompany({}), loadValueConfig({})));
      const { lossMaking, ...result } = planAllocation(rows, { budget, maxUplift: u, costScale: c, min, max });
      const losing = result.lines.filter((l) => l.lossMaking);
      if (o.json) {
        printJson({ asOf, budget, model: { maxUplift: u, costScale: c }, ...result, lossMaking });
        return;
      }
      print(`${t('allocate.title', { budget: formatNumber(budget), n: result.lines.length, asOf, uplift: formatPercent(u, 0), scale: formatNumber(c) })}\n`);
      print(table([t('target.col.segment'), t('target.col.customers'), t('allocate.col.spend'), t('allocate.col.share'), t('allocate.col.return'), t('allocate.col.marginal')], [...result.lines].sort((a, b) => b.spend - a.spend).map((l) => [term(l.name), l.customers, Math.round(l.spend), formatPercent(budget ? l.spend / budget : 0), Math.round(l.expectedReturn), Number(l.marginalReturn.toFixed(2))])));
      print(`\n${t('allocate.total', { ret: formatNumber(Math.round(result.expectedReturn)), spent: formatNumber(Math.round(result.spent)), roi: result.roi.toFixed(2) })}`);
      if (losing.length) print(t(losing.length === 1 ? 'allocate.losing.one' : 'allocate.losing.many', { list: losing.map((l) => term(l.name)).join(t('value.listSeparator')) }));
    });
}

export function registerMigrate(program: Command, db: () => string): void {
  program
    .command('migrate')
    .summary(t('cmd.migrate'))
    .requiredOption('--from <date>', t('migrate.opt.from'))
    .requiredOption('--to <date>', t('migrate.opt.to'))
    .option('--top <n>', t('migrate.opt.top'), '10')
    .option('--json', t('cli.json'))
    .action(async (o: { from: string; to: string; top: string; json?: boolean }) => {
      const top = Number(o.top);
      if (!(Number.isInteger(top) && top > 0 && top <= 1000)) throw new UsageError(t('migrate.badTop', { value: o.top }));
      const r = await withStore(db(), (engine) => rescreen(engine, o.from, o.to, loadValueConfig({}), top));
      if (o.json) {
        printJson(r);
        return;
      }
      print(t('migrate.title', { from: r.from, to: r.to, both: formatNumber(r.customers.both), added: formatNumber(r.customers.new), gone: formatNumber(r.customers.gone) }));
      print(t('migrate.stayed', { n: formatNumber(r.stayed), share: formatPercent(r.customers.both ? r.stayed / r.customers.both : 0) }));
      if (r.portfolio) print(t(r.portfolio.basis === 'profit' ? 'migrate.portfolioProfit' : 'migrate.portfolioRevenue', { from: formatNumber(Math.round(r.portfolio.from)), to: formatNumber(Math.round(r.portfolio.to)) }));
      if (r.settings) print(t('value.settings', { settings: describeSettings(r.settings, getLang()) }));
      print('');
      print(t('migrate.segments'));
      print(table([t('migrate.col.from'), t('migrate.col.to'), t('target.col.customers')], r.segments.filter((m) => m.from !== m.to).slice(0, 12).map((m) => [term(m.from), term(m.to), m.customers])));
      print(`\n${t('migrate.tiers')}`);
      print(table([t('migrate.col.from'), t('migrate.col.to'), t('target.col.customers')], r.tiers.map((m) => [term(m.from), term(m.to), m.customers])));
      const list = (rows: Screening['risers']) => table([t('migrate.col.customer'), t(r.portfolio?.basis === 'revenue' ? 'migrate.col.beforeRevenue' : 'migrate.col.before'), t('migrate.col.after'), t('migrate.col.change'), t('migrate.col.segments')], rows.map((c) => [c.customerId, Math.round(c.from), Math.round(c.to), Math.round(c.change), `${term(c.fromSegment)} → ${term(c.toSegment)}`]));
      if (r.risers.length) print(`\n${t('migrate.rose')}\n` + list(r.risers));
      if (r.fallers.length) print(`\n${t('migrate.fell')}\n` + list(r.fallers));
      print(`\n${t('migrate.report')}`);
    });
}
