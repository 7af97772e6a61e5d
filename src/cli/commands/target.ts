import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { loadSegmentFigures, mergeCompany, normalizeCompany, parseSegmentAmounts, planAllocation, readCompany, rescreen, targetSegments, type CompanyProfile, type Screening, type TargetResult } from '../../target/index.js';
import type { Engine } from '../../engine/engine.js';
import { measuredCurves } from '../../campaign/index.js';
import { print, printJson, withAnyStore } from '../context.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { loadValueConfig } from './value.js';
import { describeSettings } from '../../value/index.js';
import { getLang, prose, t, term, tOr } from '../i18n/index.js';
import { say } from '../../report/prose.js';
import { sqlFitSpellings } from '../../sql/fit.js';

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

function by(v: string): 'rfm' | 'saved' | 'tier' {
  if (v !== 'rfm' && v !== 'saved' && v !== 'tier') throw new UsageError(t('target.badBy', { value: v }));
  return v;
}

/** How the data spells the lowercase names a company profile holds (categories, regions, channels). */
export async function displayNames(engine: Engine): Promise<Map<string, string>> {
  // The most common spelling of each lowercase name, whichever dimension it names.
  const rows = await engine.query<{ val: string; shown: string; n: number }>(sqlFitSpellings());
  const out = new Map<string, { shown: string; n: number }>();
  for (const x of rows) if ((out.get(x.val)?.n ?? -1) < Number(x.n)) out.set(x.val, { shown: x.shown, n: Number(x.n) });
  return new Map([...out].map(([k, v]) => [k, v.shown]));
}

/** "apparel, beauty" as the data spells it ("Apparel, Beauty"); unknown names stay as they are. */
const spelt = (names: ReadonlyMap<string, string>, list: string) => list.split(', ').map((x) => names.get(x) ?? x).join(', ');

export function describeCompany(r: Pick<TargetResult, 'company' | 'companySource'>, names: ReadonlyMap<string, string> = new Map()): string {
  const c = r.company;
  const word = (prefix: string, v: string) => tOr(`${prefix}.${v}`, v);
  const list = (xs: readonly string[]) => xs.map((x) => names.get(x) ?? term(x)).join(t('value.listSeparator'));
  const parts = [
    c.priceTier ? t('company.part.price', { tier: word('company.tier', c.priceTier) }) : null,
    c.serviceCapacity ? t('company.part.service', { capacity: word('company.tier', c.serviceCapacity) }) : null,
    c.strengths.length ? t('company.part.core', { list: list(c.strengths) }) : null,
    c.strategicCategories.length ? t('company.part.strategic', { list: list(c.strategicCategories) }) : null,
    c.regions.length ? t('company.part.regions', { list: list(c.regions) }) : null,
    c.channels.length ? t('company.part.channels', { list: list(c.channels) }) : null,
    c.focus ? t('company.part.focus', { focus: word('company.focus', c.focus) }) : null,
  ].filter(Boolean);
  const what = parts.length ? parts.join(t('company.partSeparator')) : t('company.nothing');
  return r.companySource === 'inferred' ? t('company.inferred', { what }) : t('company.profile', { what });
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerTarget(program: Command, db: () => string): void {
  program
    .command('target')
    .summary(t('cmd.target'))
    .description(t('target.description'))
    .option('--by <groups>', t('target.opt.by'), 'rfm')
    .option('--price-tier <t>', t('target.opt.priceTier'))
    .option('--service-capacity <c>', t('target.opt.serviceCapacity'))
    .option('--core <cats>', t('target.opt.core'))
    .option('--strategic <cats>', t('target.opt.strategic'))
    .option('--regions <names>', t('target.opt.regions'))
    .option('--channels <names>', t('target.opt.channels'))
    .option('--focus <f>', t('target.opt.focus'))
    .option('--config <file>', t('target.opt.config'))
    .option('--json', t('cli.json'))
    .action(async (o: CompanyFlags & { by: string; json?: boolean }) => {
      const { r, names } = await withAnyStore(db(), async ({ engine }) => ({ r: await targetSegments(engine, by(o.by), await resolveCompany(engine, o), loadValueConfig({ ...(o.config ? { config: o.config } : {}) })), names: await displayNames(engine) }));
      if (o.json) {
        printJson(r);
        return;
      }
      print(`${t('target.titleBy', { asOf: r.asOf, by: r.by })} — ${describeCompany(r, names)}\n`);
      for (const w of r.warnings) print(`${t('target.warning')}${prose(w.message)}\n`);
      print(table([t('target.col.segment'), t('target.col.customers'), t('target.col.profit'), t('target.col.attractiveness'), t('target.col.fit'), t('target.col.target'), t('target.col.strategy')], r.segments.map((s) => [term(s.name), s.customers, Math.round(s.profit), Math.round(s.attractiveness), Math.round(s.fit), s.recommended ? t('cli.yes') : '', s.strategy ? tOr(`target.strategy.${s.strategy}`, s.strategy) : ''])));
      print(`\n${t('target.fitParts')}`);
      for (const s of r.segments) print(`  ${term(s.name)}: ${Math.round(s.fit)} = ${s.fitComponents.length ? t('target.meanOf', { list: s.fitComponents.map((c) => `${tOr(`target.fit.${c.code}`, c.code)} ${Math.round(c.score * 100)}`).join(t('value.listSeparator')) }) : t('target.fitNothing')}`);
      for (const s of r.segments.filter((x) => x.recommended)) print(`\n${term(s.name)} → ${s.strategy ? tOr(`target.strategy.${s.strategy}`, s.strategy) : ''}${t('cli.colon')}\n  - ${s.said.map((x) => say(getLang(), x.code === 'target.fitPart' ? { ...x, params: { ...x.params, wanted: spelt(names, String(x.params.wanted ?? '')) } } : x)).join('\n  - ')}`);
      if (!r.segments.some((s) => s.recommended)) print(`\n${t('target.none')}`);
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
    .option('--hurdle <h>', t('allocate.opt.hurdle'), '1.0')
    .option('--json', t('cli.json'))
    .action(async (o: { budget: string; by: string; min: string[]; max: string[]; maxUplift: string; costScale: string; hurdle: string; json?: boolean }) => {
      const budget = Number(o.budget);
      const u = Number(o.maxUplift);
      const c = Number(o.costScale);
      if (!(budget >= 0)) throw new UsageError(t('allocate.badBudget', { value: o.budget }));
      if (!(u > 0 && u <= 10) || !(c > 0)) throw new UsageError(t('allocate.badModel'));
      if (!(Number(o.hurdle) >= 0 && Number(o.hurdle) <= 100)) throw new UsageError(t('allocate.badHurdle', { value: o.hurdle }));
      const min = parseSegmentAmounts('--min', o.min);
      const max = parseSegmentAmounts('--max', o.max);
      const hurdle = Number(o.hurdle);
      const grouping = by(o.by);
      const { asOf, rows, measured } = await withAnyStore(db(), async ({ engine }) => {
        const f = await loadSegmentFigures(engine, grouping, normalizeCompany({}), loadValueConfig({}));
        return { ...f, measured: grouping === 'rfm' ? await measuredCurves(engine, f.rows, c) : new Map() };
      });
      const { lossMaking, ...result } = planAllocation(rows, { budget, maxUplift: u, costScale: c, min, max, hurdle, measured });
      const losing = result.lines.filter((l) => l.lossMaking);
      if (o.json) {
        printJson({ asOf, budget, model: { maxUplift: u, costScale: c, hurdle, measured: Object.fromEntries(measured) }, ...result, lossMaking });
        return;
      }
      print(t('allocate.titleHurdle', { budget: formatNumber(budget), n: result.lines.length, asOf, hurdle }));
      const measuredPart = measured.size ? t('allocate.curves.measured', { list: [...measured.keys()].map(term).join(t('value.listSeparator')) }) : '';
      const assumedPart = measured.size < rows.length ? t('allocate.curves.assumed', { uplift: formatPercent(u, 0), scale: formatNumber(c) }) : '';
      print(`${t('allocate.curves')}${measuredPart}${assumedPart}\n`);
      print(table([t('target.col.segment'), t('target.col.customers'), t('allocate.col.spend'), t('allocate.col.share'), t('allocate.col.return'), t('allocate.col.marginal'), t('allocate.col.curve')], [...result.lines].sort((a, b) => b.spend - a.spend).map((l) => [term(l.name), l.customers, Math.round(l.spend), formatPercent(budget ? l.spend / budget : 0), Math.round(l.expectedReturn), Number(l.marginalReturn.toFixed(2)), tOr(`allocate.curve.${l.curve}`, l.curve)])));
      print(`\n${t('allocate.total', { ret: formatNumber(Math.round(result.expectedReturn)), spent: formatNumber(Math.round(result.spent)), roi: result.roi.toFixed(2) })}`);
      if (result.unspent > 0.5) print(t('allocate.unspent', { amount: formatNumber(Math.round(result.unspent)), share: formatPercent(budget ? result.unspent / budget : 0), hurdle }));
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
      // Two value runs and their stored rows: on a ClickHouse store each run's customer figures are computed on the
      // cluster as of its day.
      const r = await withAnyStore(db(), ({ engine }) => rescreen(engine, o.from, o.to, loadValueConfig({}), top));
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
      if (r.stages?.length) {
        print(`\n${t('migrate.stages')}`);
        print(table([t('migrate.col.from'), t('migrate.col.to'), t('target.col.customers')], r.stages.filter((m) => m.from !== m.to).slice(0, 12).map((m) => [term(m.from), term(m.to), m.customers])));
      }
      print(`\n${t('migrate.tiers')}`);
      print(table([t('migrate.col.from'), t('migrate.col.to'), t('target.col.customers')], r.tiers.map((m) => [term(m.from), term(m.to), m.customers])));
      const list = (rows: Screening['risers']) => table([t('migrate.col.customer'), t(r.portfolio?.basis === 'revenue' ? 'migrate.col.beforeRevenue' : 'migrate.col.before'), t('migrate.col.after'), t('migrate.col.change'), t('migrate.col.segments')], rows.map((c) => [c.customerId, Math.round(c.from), Math.round(c.to), Math.round(c.change), `${term(c.fromSegment)} → ${term(c.toSegment)}`]));
      if (r.risers.length) print(`\n${t('migrate.rose')}\n` + list(r.risers));
      if (r.fallers.length) print(`\n${t('migrate.fell')}\n` + list(r.fallers));
      print(`\n${t('migrate.report')}`);
    });
}
