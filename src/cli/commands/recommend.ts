import type { Command } from 'commander';
import { NON_PRODUCTS, evaluateRecommender, loadContacts, recommend } from '../../act/index.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { print, printJson, withStore } from '../context.js';
import { recommendationsTable, writeCsv } from '../../export/index.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { numberOption } from '../options.js';

export function registerRecommend(program: Command, db: () => string): void {
  program
    .command('recommend')
    .summary('grow customers: cross-sell by co-occurrence, upsell by volume upgrades')
    .description(
      `Cross-sell: products bought by the same customers (lift = P(A∧B) / (P(A)·P(B)) > 1 with at least --min-support customers buying both; each product keeps its --neighbours highest-lift partners), ranked for a customer by the sum of P(product | each product they bought). Products the customer already buys are never recommended.

Upsell (volume upgrades): a product the customer bought in at least 3 orders in a typical (median) quantity at most half of what its big buyers take (the upper quartile of its buyers' typical quantities, 5 buyers or more) is offered in that larger quantity, with the unit price paid on such lines.

--evaluate DATE learns from lines before DATE and reports the hit rate at --top against a popularity baseline.`,
    )
    .option('--customer <id>', 'one customer (default: every customer)')
    .option('--top <n>', 'recommendations per customer', '10')
    .option('--min-support <n>', 'customers who must have bought both products of a pair', '10')
    .option('--neighbours <n>', 'partners kept per product, by lift', '50')
    .option('--exclude-products <ids>', `comma-separated product ids that are not merchandise (default: ${NON_PRODUCTS.join(', ')}); "none" to keep all`)
    .option('--evaluate <date>', 'check on a time split: learn before DATE, test on purchases from DATE on')
    .option('--out <file>', 'write the recommendations to CSV for a mail or CRM tool (opted-out customers left out)')
    .option('--json', 'print JSON')
    .action(async (o: { customer?: string; top: string; minSupport: string; neighbours: string; excludeProducts?: string; evaluate?: string; out?: string; json?: boolean }) => {
      const excludeProducts = o.excludeProducts === undefined ? NON_PRODUCTS : o.excludeProducts.trim().toLowerCase() === 'none' ? [] : o.excludeProducts.split(',').map((s) => s.trim()).filter(Boolean);
      const top = numberOption('--top', o.top, 1, 1000);
      const minSupport = numberOption('--min-support', o.minSupport, 1, 1e9);
      const neighbours = numberOption('--neighbours', o.neighbours, 1, 1e6);
      for (const [k, v] of [['--top', top], ['--min-support', minSupport], ['--neighbours', neighbours]] as const) if (!Number.isInteger(v)) throw new UsageError(`${k} ${v}: expected a whole number`);
      if (o.evaluate !== undefined) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(o.evaluate)) throw new UsageError(`--evaluate ${o.evaluate}: expected a date YYYY-MM-DD`);
        const e = await withStore(db(), (engine) => evaluateRecommender(engine, o.evaluate!, { top, minSupport, neighbours, excludeProducts }));
        if (o.json) printJson(e);
        else print(`Learned before ${e.split}; ${formatNumber(e.testCustomers)} customers then bought a product new to them.\nhit rate @${e.top}: co-occurrence ${formatPercent(e.hitRate)}, popularity ${formatPercent(e.popularityHitRate)} (${formatNumber(e.ms / 1000, 1)} s)`);
        return;
      }
      const { r, contacts } = await withStore(db(), async (engine) => {
        const contacts = await loadContacts(engine);
        if (o.customer !== undefined && !contacts.has(o.customer)) throw new NotFoundError(`no customer ${o.customer}`, 'see the customers with: clientele value');
        return { r: await recommend(engine, { top, minSupport, neighbours, excludeProducts, ...(o.customer !== undefined ? { customer: o.customer } : {}) }), contacts };
      });
      const optedOut = (id: string) => contacts.get(id)?.optOut === true;
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = recommendationsTable(r, contacts);
        await writeCsv(o.out, x.headers, x.rows);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        printJson({
          customers: r.customers,
          crossSell: r.crossSell.map((c) => ({ ...c, optOut: optedOut(c.customerId) })),
          upsell: r.upsell.map((u) => ({ ...u, optOut: optedOut(u.customerId) })),
          ms: r.ms,
          ...(o.out ? { out: o.out, exported } : {}),
        });
        return;
      }
      if (o.customer !== undefined && r.crossSell.length === 0 && r.upsell.length === 0) {
        print(`No recommendations for customer ${o.customer}: no purchases, or nothing bought with their products by ${minSupport}+ customers.`);
        return;
      }
      const shownCustomers = new Set([...new Set(r.crossSell.map((c) => c.customerId))].slice(0, o.customer ? 1 : 5));
      const crossCustomers = new Set(r.crossSell.map((c) => c.customerId)).size;
      print(`Cross-sell for ${formatNumber(crossCustomers)} customer${crossCustomers === 1 ? '' : 's'}${o.customer ? '' : ' (first 5 shown)'}:`);
      print(table(['customer', 'rank', 'product', 'because they bought', 'score', 'opt-out'], r.crossSell.filter((c) => shownCustomers.has(c.customerId)).map((c) => [c.customerId, c.rank, `${c.productName ?? ''} (${c.productId})`, c.because.productName ?? c.because.productId, Number(c.score.toFixed(3)), optedOut(c.customerId) ? 'yes' : ''])));
      const ups = r.upsell.filter((u) => o.customer || u.rank === 1).slice(0, 10);
      const upCustomers = new Set(r.upsell.map((u) => u.customerId)).size;
      print(`\nVolume upgrades for ${formatNumber(upCustomers)} customer${upCustomers === 1 ? '' : 's'}${o.customer ? '' : ' (best one each, first 10)'}:`);
      print(ups.length ? table(['customer', 'product', 'orders', 'typical qty', 'suggest', 'unit price', 'at that qty', 'opt-out'], ups.map((u) => [u.customerId, `${u.productName ?? ''} (${u.productId})`, u.orders, u.typicalQuantity, u.suggestedQuantity, Number(u.unitPrice.toFixed(2)), u.bigUnitPrice === null ? null : Number(u.bigUnitPrice.toFixed(2)), optedOut(u.customerId) ? 'yes' : ''])) : '  (none)');
      if (exported) print(`\n${formatNumber(exported.rows)} lines written to ${o.out}; ${formatNumber(exported.optedOut)} left out (opted out).`);
    });
}
