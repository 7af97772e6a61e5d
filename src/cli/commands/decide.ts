/** Commands for the decisions of issue #17 beyond targeting: big-customer risk (and more views as they come). */
import type { Command } from 'commander';
import { NotFoundError, UsageError } from '../../errors.js';
import { computeValue } from '../../value/index.js';
import { print, printJson, withAnyStore } from '../context.js';
import { formatPercent, table } from '../format.js';
import type { BigCustomerRisk } from '../../decide/index.js';
import { loadValueConfig } from './value.js';
import { getLang, t, term, tOr } from '../i18n/index.js';

/** A source by its name; customers whose channel is not known by the catalogue's word for it. */
const sourceName = (s: string) => (s === '(unknown)' ? t('stages.unknownSource') : s);

const signalText = (s: string) => tOr(`decide.signal.${s}`, s);
const stageName = (s: string) => tOr(`stages.stage.${s}`, s);
const actionText = (a: string) => tOr(`stages.action.${a}`, a);
const num = (n: number) => n.toLocaleString('en-US');

/** The concentration lines `value` and `big-customers` print. */
export function concentrationText(r: BigCustomerRisk): string {
  const c = r.concentration;
  const lines = [t('decide.concentration', { top1: formatPercent(c.top1Share), top5: formatPercent(c.top5Share), top10: formatPercent(c.top10Share), hhi: c.hhi.toFixed(4), equivalent: num(Math.round(c.equivalentCustomers)) })];
  for (const w of c.warnings) lines.push(w.code === 'top10' ? t('decide.warning.top10', { figure: formatPercent(w.figure), threshold: formatPercent(w.threshold, 0) }) : t('decide.warning.hhi', { figure: w.figure.toFixed(3), threshold: w.threshold }));
  return lines.join('\n');
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerDecide(program: Command, db: () => string): void {
  program
    .command('stages')
    .summary(t('cmd.stages'))
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const { stageFunnels } = await import('../../decide/index.js');
      const r = await withAnyStore(db(), async ({ engine }) => {
        await computeValue(engine, { config: loadValueConfig({}) });
        return stageFunnels(engine);
      });
      if (o.json) return printJson(r);
      const rows = (fs: typeof r.bySegment) => fs.map((f) => [f.group === 'prospects (leads)' ? t('stages.prospects') : f.group === '(unknown)' ? t('stages.unknownSource') : term(f.group), ...f.counts, ...f.rates.map((x) => (x === null ? '—' : formatPercent(x))), f.biggestDrop ? t('stages.drop', { stage: stageName(f.biggestDrop.into), action: actionText(f.biggestDrop.action) }) : '']);
      const head = (['stages.col.group', 'stages.col.aware', 'stages.col.recognised', 'stages.col.trust', 'stages.col.satisfied', 'stages.col.toRecognised', 'stages.col.toTrust', 'stages.col.toSatisfied', 'stages.col.drop'] as const).map((k) => t(k));
      if (r.all?.biggestDrop) print(t('stages.overall', { stage: stageName(r.all.biggestDrop.into), lost: formatPercent(1 - r.all.biggestDrop.rate), action: actionText(r.all.biggestDrop.action) }) + '\n');
      print(t('stages.bySegment') + '\n' + table(head, rows(r.bySegment)));
      print('\n' + t('stages.bySource') + '\n' + table(head, rows(r.bySource)));
      print('\n' + t('stages.explain'));
    });

  program
    .command('accounts')
    .summary(t('cmd.accounts'))
    .option('--customer <id>', t('accounts.opt.customer'))
    .option('--top <n>', t('accounts.opt.top'), '20')
    .option('--json', t('cli.json'))
    .action(async (o: { customer?: string; top: string; json?: boolean }) => {
      const top = Number(o.top);
      if (!(Number.isInteger(top) && top >= 1 && top <= 10_000)) throw new UsageError(t('accounts.badTop', { value: o.top, max: 10000 }));
      const { accountContacts, accountsReport } = await import('../../decide/index.js');
      const r = await withAnyStore(db(), async ({ engine }) => {
        await computeValue(engine, { config: loadValueConfig({}) });
        return { ...(await accountsReport(engine, top)), contacts: o.customer ? await accountContacts(engine, o.customer) : [] };
      });
      if (o.json) return printJson(r);
      if (o.customer) {
        if (!r.contacts.length) print(t('accounts.noContacts', { id: o.customer }));
        else print(table([t('accounts.col.name'), t('accounts.col.role'), t('accounts.col.title'), t('accounts.col.stance'), t('accounts.col.lastContact')], r.contacts.map((x) => [x.name, x.role ?? '', x.title ?? '', x.stance ?? '', x.lastContact ?? ''])));
        if (r.contacts.length && !r.contacts.some((x) => x.role?.toLowerCase() === 'decision maker')) print('\n' + t('accounts.noDecisionMaker', { id: o.customer }));
        return;
      }
      print(t('accounts.summary', { accounts: num(r.accounts), withContacts: num(r.withContacts), without: num(r.withoutDecisionMaker) }) + '\n');
      if (r.flagged.length) print(t('accounts.flagged') + '\n' + table([t('accounts.col.account'), t('accounts.col.profit'), t('accounts.col.contacts'), t('accounts.col.competitor'), t('accounts.col.lastContact')], r.flagged.map((x) => [x.customerId, Math.round(x.profit), x.contacts, x.withCompetitor, x.lastContact ?? '—'])));
    });

  program
    .command('lifecycle')
    .summary(t('cmd.lifecycle'))
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const { lifecycleReport } = await import('../../decide/index.js');
      const r = await withAnyStore(db(), async ({ engine }) => lifecycleReport(engine, (await computeValue(engine, { config: loadValueConfig({}) })).asOf));
      if (o.json) return printJson(r);
      print(t('lifecycle.title', { date: r.asOf }) + '\n');
      print(table([t('lifecycle.col.stage'), t('lifecycle.col.customers'), t('lifecycle.col.share'), t('lifecycle.col.profit'), t('lifecycle.col.meanClv'), t('lifecycle.col.recency')], r.stages.map((x) => [tOr(`term.${x.stage}`, x.stage), x.customers, formatPercent(x.share), Math.round(x.profit), x.meanClv === null ? '—' : Math.round(x.meanClv), x.meanRecency === null ? '—' : Math.round(x.meanRecency)])));
      print(`\n${t('lifecycle.rule')}\n  - ${(getLang() === 'zh-CN' ? r.ruleZh : r.rule).join('\n  - ')}\n${t('lifecycle.ruleNote')}`);
    });

  program
    .command('sources')
    .summary(t('cmd.sources'))
    .option('--cost <source=amount>', t('sources.opt.cost'), collect, [])
    .option('--json', t('cli.json'))
    .action(async (o: { cost: string[]; json?: boolean }) => {
      const { parseSegmentAmounts } = await import('../../target/index.js');
      const costs = parseSegmentAmounts('--cost', o.cost);
      const { sourcesReport } = await import('../../decide/index.js');
      const config = loadValueConfig({});
      const r = await withAnyStore(db(), async ({ engine }) => {
        const v = await computeValue(engine, { config });
        return sourcesReport(engine, v.asOf, config.marginRate, costs);
      });
      if (o.json) return printJson(r);
      const f = (x: number | null, d = 0) => (x === null ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
      const p = (x: number | null) => (x === null ? '—' : formatPercent(x));
      print(t('sources.title', { date: r.asOf }) + '\n');
      print(table((['sources.col.source', 'sources.col.leads', 'sources.col.wonClosed', 'sources.col.conversion', 'sources.col.customers', 'sources.col.profit12', 'sources.col.meanClv', 'sources.col.costPerCustomer', 'sources.col.valuePerLead'] as const).map((k) => t(k)), r.lines.map((x) => [
        sourceName(x.source), f(x.leads), x.closed === null ? '—' : `${x.won} / ${x.closed}`, p(x.conversion), f(x.customers), f(x.profit12, 2), f(x.meanClv, 2), f(x.costPerCustomer, 2), f(x.valuePerLead, 2),
      ])));
      if (r.best) print('\n' + t(r.lines.some((x) => x.valuePerLead !== null) ? 'sources.best' : 'sources.bestByClv', { source: sourceName(r.best) }));
      if (!costs.size) print(t('sources.noCosts'));
      print(t('sources.profitNote'));
    });

  program
    .command('big-customers')
    .summary(t('cmd.big-customers'))
    .option('--top <n>', t('big.opt.top'), '10')
    .option('--customer <id>', t('big.opt.customer'))
    .option('--json', t('cli.json'))
    .action(async (o: { top: string; customer?: string; json?: boolean }) => {
      const top = Number(o.top);
      if (!(Number.isInteger(top) && top >= 1 && top <= 1000)) throw new UsageError(t('accounts.badTop', { value: o.top, max: 1000 }));
      const { bigCustomerRisk, DEFAULT_CONCENTRATION } = await import('../../decide/index.js');
      const r = await withAnyStore(db(), async ({ engine }) => {
        const v = await computeValue(engine, { config: loadValueConfig({}) });
        // An id that names no customer is an error, as `clientele customer` says, not an empty table.
        if (o.customer && !(await (await import('../../catalog/index.js')).customerExists(engine, o.customer))) throw new NotFoundError(`there is no customer ${o.customer}`, 'customer ids are as imported; list some with: clientele value --json');
        return bigCustomerRisk(engine, v.asOf, { ...DEFAULT_CONCENTRATION, top }, o.customer ? [o.customer] : undefined);
      });
      if (o.json) return printJson(r);
      print(`${t('big.title', { date: r.asOf })}\n${concentrationText(r)}\n`);
      const pct = (x: number | null) => (x === null ? '—' : formatPercent(x));
      print(table((['big.col.customer', 'big.col.profit', 'big.col.dependence', 'big.col.wallet', 'big.col.discounts', 'big.col.late', 'big.col.revenueChange', 'big.col.signals'] as const).map((k) => t(k)), r.large.map((b) => [
        b.customerId, Math.round(b.profit), formatPercent(b.dependence), pct(b.shareOfWallet), `${pct(b.discountSharePrior)} → ${pct(b.discountShareRecent)}`,
        `${b.daysLatePrior === null ? '—' : b.daysLatePrior.toFixed(0)} → ${b.daysLateRecent === null ? '—' : b.daysLateRecent.toFixed(0)}`, pct(b.revenueChange), b.signals.map(signalText).join(t('value.listSeparator')),
      ])));
      if (!r.large.some((b) => b.shareOfWallet !== null)) print('\n' + t('big.noWallet'));
    });
}
