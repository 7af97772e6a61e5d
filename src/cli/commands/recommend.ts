import type { Command } from 'commander';
import { NON_PRODUCTS, evaluateRecommender, loadContacts, recommend } from '../../act/index.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { print, printJson, withAnyStore } from '../context.js';
import { recommendationsTable } from '../../export/index.js';
import { layoutOption, writeExport } from '../csv.js';
import { t } from '../i18n/index.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { numberOption } from '../options.js';

export function registerRecommend(program: Command, db: () => string): void {
  layoutOption(
  program
    .command('recommend')
    .summary(t('cmd.recommend'))
    .description(t('recommend.description'))
    .option('--customer <id>', t('recommend.opt.customer'))
    .option('--top <n>', t('recommend.opt.top'), '10')
    .option('--min-support <n>', t('recommend.opt.minSupport'), '10')
    .option('--neighbours <n>', t('recommend.opt.neighbours'), '50')
    .option('--exclude-products <ids>', t('recommend.opt.exclude', { list: NON_PRODUCTS.join(', ') }))
    .option('--evaluate <date>', t('recommend.opt.evaluate'))
    .option('--out <file>', t('recommend.opt.out')),
  )
    .option('--json', t('cli.json'))
    .action(async (o: { layout?: string; customer?: string; top: string; minSupport: string; neighbours: string; excludeProducts?: string; evaluate?: string; out?: string; json?: boolean }) => {
      const excludeProducts = o.excludeProducts === undefined ? NON_PRODUCTS : o.excludeProducts.trim().toLowerCase() === 'none' ? [] : o.excludeProducts.split(',').map((s) => s.trim()).filter(Boolean);
      const top = numberOption('--top', o.top, 1, 1000);
      const minSupport = numberOption('--min-support', o.minSupport, 1, 1e9);
      const neighbours = numberOption('--neighbours', o.neighbours, 1, 1e6);
      for (const [k, v] of [['--top', top], ['--min-support', minSupport], ['--neighbours', neighbours]] as const) if (!Number.isInteger(v)) throw new UsageError(t('recommend.badWhole', { option: k, value: v }));
      if (o.evaluate !== undefined) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(o.evaluate)) throw new UsageError(t('recommend.badDate', { value: o.evaluate }));
        const e = await withAnyStore(db(), ({ engine }) => evaluateRecommender(engine, o.evaluate!, { top, minSupport, neighbours, excludeProducts }));
        if (o.json) printJson(e);
        else print(t('recommend.evaluated', { split: e.split, n: formatNumber(e.testCustomers), top: e.top, hit: formatPercent(e.hitRate), popular: formatPercent(e.popularityHitRate), s: formatNumber(e.ms / 1000, 1) }));
        return;
      }
      const { r, contacts } = await withAnyStore(db(), async ({ engine }) => {
        const contacts = await loadContacts(engine);
        if (o.customer !== undefined && !contacts.has(o.customer)) throw new NotFoundError(t('recommend.noCustomer', { id: o.customer }), t('recommend.noCustomer.hint'));
        return { r: await recommend(engine, { top, minSupport, neighbours, excludeProducts, ...(o.customer !== undefined ? { customer: o.customer } : {}) }), contacts };
      });
      const optedOut = (id: string) => contacts.get(id)?.optOut === true;
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = recommendationsTable(r, contacts);
        await writeExport(o.out, x.headers, x.rows, o.layout);
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
        print(t('recommend.none', { id: o.customer, n: minSupport }));
        return;
      }
      const shownCustomers = new Set([...new Set(r.crossSell.map((c) => c.customerId))].slice(0, o.customer ? 1 : 5));
      const crossCustomers = new Set(r.crossSell.map((c) => c.customerId)).size;
      print(`${t('recommend.cross', { n: formatNumber(crossCustomers) })}${o.customer ? '' : t('recommend.first5')}${t('cli.colon')}`);
      print(table([t('recommend.col.customer'), t('recommend.col.rank'), t('recommend.col.product'), t('recommend.col.because'), t('recommend.col.score'), t('recommend.col.optOut')], r.crossSell.filter((c) => shownCustomers.has(c.customerId)).map((c) => [c.customerId, c.rank, `${c.productName ?? ''} (${c.productId})`, c.because.productName ?? c.because.productId, Number(c.score.toFixed(3)), optedOut(c.customerId) ? t('cli.yes') : ''])));
      const ups = r.upsell.filter((u) => o.customer || u.rank === 1).slice(0, 10);
      const upCustomers = new Set(r.upsell.map((u) => u.customerId)).size;
      print(`\n${t('recommend.ups', { n: formatNumber(upCustomers) })}${o.customer ? '' : t('recommend.first10')}${t('cli.colon')}`);
      print(ups.length ? table([t('recommend.col.customer'), t('recommend.col.product'), t('recommend.col.orders'), t('recommend.col.typical'), t('recommend.col.suggest'), t('recommend.col.unitPrice'), t('recommend.col.bigPrice'), t('recommend.col.optOut')], ups.map((u) => [u.customerId, `${u.productName ?? ''} (${u.productId})`, u.orders, u.typicalQuantity, u.suggestedQuantity, Number(u.unitPrice.toFixed(2)), u.bigUnitPrice === null ? null : Number(u.bigUnitPrice.toFixed(2)), optedOut(u.customerId) ? t('cli.yes') : ''])) : `  ${t('import.none')}`);
      if (exported) print(`\n${t('act.written', { n: formatNumber(exported.rows), file: o.out ?? '', optedOut: formatNumber(exported.optedOut) })}`);
    });
}
