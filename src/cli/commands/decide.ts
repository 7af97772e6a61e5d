/** Commands for the decisions of issue #17 beyond targeting: big-customer risk (and more views as they come). */
import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { computeValue } from '../../value/index.js';
import { print, printJson, withStore } from '../context.js';
import { formatPercent, table } from '../format.js';
import type { BigCustomerRisk } from '../../decide/index.js';
import { loadValueConfig } from './value.js';

const SIGNAL_TEXT: Record<string, string> = { 'rising-discounts': 'rising discounts', 'slower-payment': 'slower payment', 'going-own-way': 'going their own way (volume falling, still buying)' };

/** The concentration lines `value` and `big-customers` print. */
export function concentrationText(r: BigCustomerRisk): string {
  const c = r.concentration;
  const lines = [`Profit concentration: top 1 ${formatPercent(c.top1Share)}, top 5 ${formatPercent(c.top5Share)}, top 10 ${formatPercent(c.top10Share)} of positive profit; Herfindahl ${c.hhi.toFixed(4)} (as if ${Math.round(c.equivalentCustomers).toLocaleString('en-US')} equal customers)`];
  for (const w of c.warnings) lines.push(w.code === 'top10' ? `warning: the top 10 customers carry ${formatPercent(w.figure)} of profit (threshold ${formatPercent(w.threshold, 0)}): losing one would hurt` : `warning: profit is concentrated (Herfindahl ${w.figure.toFixed(3)} above ${w.threshold})`);
  return lines.join('\n');
}

const collect = (v: string, prev: string[]) => [...prev, v];

export function registerDecide(program: Command, db: () => string): void {
  program
    .command('stages')
    .summary('purchase stages (了解 → 认可 → 信任 → 满意): funnels per RFM segment and source, the biggest drop and the action that fits')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { stageFunnels } = await import('../../decide/index.js');
      const r = await withStore(db(), async (engine) => {
        await computeValue(engine, { config: loadValueConfig({}) });
        return stageFunnels(engine);
      });
      if (o.json) return printJson(r);
      const rows = (fs: typeof r.bySegment) => fs.map((f) => [f.group, ...f.counts, ...f.rates.map((x) => (x === null ? '—' : formatPercent(x))), f.biggestDrop ? `${f.biggestDrop.into} (${f.biggestDrop.zh}): ${f.biggestDrop.action}` : '']);
      const head = ['group', '了解 aware', '认可 recognised', '信任 trust', '满意 satisfied', '→认可', '→信任', '→满意', 'biggest drop: action'];
      if (r.all?.biggestDrop) print(`Purchase stages: the biggest drop overall is into ${r.all.biggestDrop.into} (${r.all.biggestDrop.zh}), ${formatPercent(1 - r.all.biggestDrop.rate)} lost there: ${r.all.biggestDrop.action}.\n`);
      print('By RFM segment (leads as prospects):\n' + table(head, rows(r.bySegment)));
      print('\nBy source (lead source; for buyers, their acquisition channel):\n' + table(head, rows(r.bySource)));
      print('\nStages: a lead is aware; qualified or won, it recognises its need; won, it trusts us. A buyer trusts us; it is satisfied when it bought again and no survey says otherwise (< 3 of 5), or a survey says 4 or more.');
    });

  program
    .command('accounts')
    .summary('who decides at company accounts: contacts by role and stance, and the accounts with no known decision maker')
    .option('--customer <id>', 'one account: its contacts')
    .option('--top <n>', 'flagged accounts to list', '20')
    .option('--json', 'print JSON')
    .action(async (o: { customer?: string; top: string; json?: boolean }) => {
      const top = Number(o.top);
      if (!(Number.isInteger(top) && top >= 1 && top <= 10_000)) throw new UsageError(`--top ${o.top}: expected a whole number from 1 to 10000`);
      const { accountContacts, accountsReport } = await import('../../decide/index.js');
      const r = await withStore(db(), async (engine) => {
        await computeValue(engine, { config: loadValueConfig({}) });
        return { ...(await accountsReport(engine, top)), contacts: o.customer ? await accountContacts(engine, o.customer) : [] };
      });
      if (o.json) return printJson(r);
      if (o.customer) {
        if (!r.contacts.length) print(`No contacts known at ${o.customer}: import them with clientele import contacts FILE.csv`);
        else print(table(['name', 'role', 'title', 'stance', 'last contact'], r.contacts.map((x) => [x.name, x.role ?? '', x.title ?? '', x.stance ?? '', x.lastContact ?? ''])));
        if (r.contacts.length && !r.contacts.some((x) => x.role?.toLowerCase() === 'decision maker')) print(`\nNo decision maker is known at ${o.customer}: find out who decides before the next offer.`);
        return;
      }
      print(`${r.accounts.toLocaleString('en-US')} company and government accounts; ${r.withContacts.toLocaleString('en-US')} with contacts; ${r.withoutDecisionMaker.toLocaleString('en-US')} with no known decision maker.\n`);
      if (r.flagged.length) print('No known decision maker, most profitable first:\n' + table(['account', 'profit', 'contacts', 'favour a competitor', 'last contact'], r.flagged.map((x) => [x.customerId, Math.round(x.profit), x.contacts, x.withCompetitor, x.lastContact ?? '—'])));
    });

  program
    .command('lifecycle')
    .summary('relationship life cycle (考察期, 形成期, 稳定期, 退化期): customers per stage, their profit and CLV, and the rule')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { lifecycleReport } = await import('../../decide/index.js');
      const r = await withStore(db(), async (engine) => lifecycleReport(engine, (await computeValue(engine, { config: loadValueConfig({}) })).asOf));
      if (o.json) return printJson(r);
      print(`Relationship life cycle as of ${r.asOf}\n`);
      print(table(['stage', '阶段', 'customers', 'share', 'profit', 'mean CLV', 'mean days since last purchase'], r.stages.map((x) => [x.stage, x.zh, x.customers, formatPercent(x.share), Math.round(x.profit), x.meanClv === null ? '—' : Math.round(x.meanClv), x.meanRecency === null ? '—' : Math.round(x.meanRecency)])));
      print(`\nThe rule (first that applies):\n  - ${r.rule.join('\n  - ')}\nIn segment rules: lifecycle = 'decline'; in re-screening: clientele migrate shows the moves between stages.`);
    });

  program
    .command('sources')
    .summary('where good customers come from: per lead source and acquisition channel, conversion, 12-month profit, CLV, cost')
    .option('--cost <source=amount>', 'acquisition spend of a source or channel (repeatable), for the cost per customer', collect, [])
    .option('--json', 'print JSON')
    .action(async (o: { cost: string[]; json?: boolean }) => {
      const { parseSegmentAmounts } = await import('../../target/index.js');
      const costs = parseSegmentAmounts('--cost', o.cost);
      const { sourcesReport } = await import('../../decide/index.js');
      const config = loadValueConfig({});
      const r = await withStore(db(), async (engine) => {
        const v = await computeValue(engine, { config });
        return sourcesReport(engine, v.asOf, config.marginRate, costs);
      });
      if (o.json) return printJson(r);
      const f = (x: number | null, d = 0) => (x === null ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
      const p = (x: number | null) => (x === null ? '—' : formatPercent(x));
      print(`Where good customers come from, as of ${r.asOf} (lead sources and acquisition channels of the same name share a line)\n`);
      print(table(['source', 'leads', 'won / closed', 'conversion', 'customers', 'profit in first 12 months', 'mean CLV', 'cost per customer', 'value per lead'], r.lines.map((x) => [
        x.source, f(x.leads), x.closed === null ? '—' : `${x.won} / ${x.closed}`, p(x.conversion), f(x.customers), f(x.profit12, 2), f(x.meanClv, 2), f(x.costPerCustomer, 2), f(x.valuePerLead, 2),
      ])));
      if (r.best) print(`\nThe next prospecting budget: ${r.best} brings the most value per lead${r.lines.some((x) => x.valuePerLead !== null) ? '' : ' (by mean CLV: no lead outcomes match a channel)'}.`);
      if (!costs.size) print('Costs are unknown: add --cost SOURCE=AMOUNT for what each source cost, to net it out.');
      print('Profit in the first 12 months: net revenue − cost of goods − cost to serve, for customers acquired at least 12 months before the as-of date.');
    });

  program
    .command('big-customers')
    .summary('big-customer risk (大客户风险): profit concentration, and each large customer\'s dependence and warning signals')
    .option('--top <n>', 'large customers to examine', '10')
    .option('--customer <id>', 'examine this customer instead')
    .option('--json', 'print JSON')
    .action(async (o: { top: string; customer?: string; json?: boolean }) => {
      const top = Number(o.top);
      if (!(Number.isInteger(top) && top >= 1 && top <= 1000)) throw new UsageError(`--top ${o.top}: expected a whole number from 1 to 1000`);
      const { bigCustomerRisk, DEFAULT_CONCENTRATION } = await import('../../decide/index.js');
      const r = await withStore(db(), async (engine) => {
        const v = await computeValue(engine, { config: loadValueConfig({}) });
        return bigCustomerRisk(engine, v.asOf, { ...DEFAULT_CONCENTRATION, top }, o.customer ? [o.customer] : undefined);
      });
      if (o.json) return printJson(r);
      print(`Big-customer risk as of ${r.asOf}\n${concentrationText(r)}\n`);
      const pct = (x: number | null) => (x === null ? '—' : formatPercent(x));
      print(table(['customer', 'profit', 'dependence', 'share of wallet', 'discounts (year before → last year)', 'days late (before → last)', 'revenue change', 'signals'], r.large.map((b) => [
        b.customerId, Math.round(b.profit), formatPercent(b.dependence), pct(b.shareOfWallet), `${pct(b.discountSharePrior)} → ${pct(b.discountShareRecent)}`,
        `${b.daysLatePrior === null ? '—' : b.daysLatePrior.toFixed(0)} → ${b.daysLateRecent === null ? '—' : b.daysLateRecent.toFixed(0)}`, pct(b.revenueChange), b.signals.map((s) => SIGNAL_TEXT[s]).join('; '),
      ])));
      if (!r.large.some((b) => b.shareOfWallet !== null)) print('\nShare of wallet is unknown: give customers a "wallet" column (their yearly spend in your categories) to see it.');
    });
}
