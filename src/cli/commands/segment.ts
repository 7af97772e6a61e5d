import type { Command } from 'commander';
import { NotFoundError, UsageError } from '../../errors.js';
import { clusterCustomers, portrait, createSegment, deleteSegment, FIELDS, listSegments, segmentMembers, showSegment } from '../../segment/index.js';
import { print, printJson, withStore } from '../context.js';
import { segmentMembersTable, writeCsv } from '../../export/index.js';
import { formatNumber, formatPercent, keyValues, table } from '../format.js';
import { loadValueConfig } from './value.js';

const LANGUAGE = `Rules combine tests with and, or, not and parentheses:
  field = value   != < <= > >=        country = "France"   profit > 100
  field in ("a", "b")  /  not in      rfm.segment in ("At Risk", "Can't Lose")
  field between low and high          age between 30 and 45
  field is null  /  is not null       email is not null
  field contains "text"               lifestyle contains "outdoor"
Values: numbers, "strings" (\\" \\\\ \\n escapes), true/false, dates (2024-01-31) and durations back from the value
run's as-of date, never today: -90d, -2w, -6m, -1y (months and years by the calendar).
A test on a missing value is false; not turns it true (not country = "France" includes customers without a country).
Example: country in ("United Kingdom","France") and rfm.segment = "At Risk" and profit > 100 and age between 30 and 45 and last_purchase < -90d
Any imported attribute: attributes.Kidhome > 0 (numbers when compared with a number, else text).
Fields: ${Object.keys(FIELDS).join(', ')}.`;

export function registerSegment(program: Command, db: () => string): void {
  const seg = program.command('segment').summary('segments: rules, clusters and portraits (create, list, show, export, cluster, portrait, delete)').description(`Segments are saved rules over customers' attributes and figures; members follow the latest value run.\n\n${LANGUAGE}`);

  seg
    .command('create')
    .summary('save a segment from a rule and count its members')
    .argument('<name>', 'segment name')
    .requiredOption('--rule <rule>', 'the rule (see clientele segment --help)')
    .option('--replace', 'replace a segment of the same name')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { rule: string; replace?: boolean; json?: boolean }) => {
      const info = await withStore(db(), (engine) => createSegment(engine, name, o.rule, loadValueConfig({}), o.replace)).catch((e: unknown) => {
        // The value run's hint names --as-of, which segment create does not have: say what works here.
        if (e instanceof NotFoundError && /no order lines/.test(e.message)) {
          throw new NotFoundError(e.message, 'import orders (clientele import orders FILE) or subscriptions (clientele subscriptions from-customers, or import subscriptions FILE then clientele subscriptions bill) first');
        }
        throw e;
      });
      if (o.json) printJson(info);
      else print(`Segment "${info.name}": ${formatNumber(info.members)} customers (${formatPercent(info.share)} of all), revenue ${formatNumber(Math.round(info.revenue))}, profit ${formatNumber(Math.round(info.profit))}, as of ${info.asOf}`);
    });

  seg
    .command('list')
    .summary('list saved segments')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const list = await withStore(db(), (engine) => listSegments(engine));
      if (o.json) printJson(list);
      else if (!list.length) print('No segments yet. Create one: clientele segment create NAME --rule "..."');
      else print(table(['name', 'kind', 'members', 'rule'], list.map((s) => [s.name, s.kind, s.members, s.rule.length > 80 ? s.rule.slice(0, 77) + '…' : s.rule])));
    });

  seg
    .command('show')
    .summary("a segment's size, value and top members (recomputed if the data changed)")
    .argument('<name>')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const { info, top } = await withStore(db(), async (engine) => {
        const config = loadValueConfig({});
        const info = await showSegment(engine, name, config);
        return { info, top: await segmentMembers(engine, name, config, 10) };
      });
      // Figures only: names, emails and phones are for exports, not for the screen.
      const topFigures = top.map((m) => ({ customerId: m.customer_id, country: m.country, segment: m.segment, orders: m.orders, revenue: m.net_revenue, profit: m.profit, lastPurchase: m.last_purchase }));
      if (o.json) {
        printJson({ ...info, top: topFigures });
        return;
      }
      print(`Segment "${info.name}" as of ${info.asOf}\n`);
      print(keyValues([['rule', info.rule], ['members', `${formatNumber(info.members)} (${formatPercent(info.share)} of customers)`], ['revenue', formatNumber(Math.round(info.revenue))], ['profit', formatNumber(Math.round(info.profit))]]));
      if (topFigures.length) print('\nMost profitable members:\n' + table(['customer', 'country', 'RFM segment', 'orders', 'revenue', 'profit', 'last purchase'], topFigures.map((m) => [m.customerId, m.country, m.segment, m.orders, m.revenue === null ? null : Math.round(m.revenue), m.profit === null ? null : Math.round(m.profit), m.lastPurchase])));
    });

  seg
    .command('export')
    .summary('write the members to CSV (contact fields and figures; safe to open in a spreadsheet)')
    .argument('<name>')
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { out: string; json?: boolean }) => {
      if (!o.out.toLowerCase().endsWith('.csv')) throw new UsageError(`--out ${o.out}: expected a .csv file`);
      const rows = await withStore(db(), (engine) => segmentMembers(engine, name, loadValueConfig({})));
      const t = segmentMembersTable(rows);
      const n = await writeCsv(o.out, t.headers, t.rows);
      if (o.json) printJson({ name, out: o.out, rows: n });
      else print(`Wrote ${formatNumber(n)} members of "${name}" to ${o.out}`);
    });

  seg
    .command('cluster')
    .summary('k-means clusters on chosen features, named by what sets them apart, saved as segments')
    .requiredOption('--features <list>', 'comma-separated numeric fields; rfm = rfm.r,rfm.f,rfm.m (e.g. rfm,profit,age)')
    .option('--k <k>', 'number of clusters, or auto (2–8 by silhouette)', 'auto')
    .option('--seed <n>', 'random seed (same seed, same clusters)', '1')
    .option('--name-prefix <p>', 'segments are named P-1, P-2, …', 'cluster')
    .option('--json', 'print JSON')
    .action(async (o: { features: string; k: string; seed: string; namePrefix: string; json?: boolean }) => {
      const k = o.k === 'auto' ? 'auto' : Number(o.k);
      if (k !== 'auto' && !(Number.isInteger(k) && k >= 2 && k <= 20)) throw new UsageError(`--k ${o.k}: use auto or a whole number from 2 to 20`);
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed ${o.seed}: expected a whole number`);
      const r = await withStore(db(), (engine) => clusterCustomers(engine, { features: o.features, k, seed, prefix: o.namePrefix, config: loadValueConfig({}) }));
      if (o.json) {
        printJson(r);
        return;
      }
      print(`${r.k} clusters of ${formatNumber(r.customers)} buyers on ${r.features.join(', ')} (k ${r.chosenBy === 'silhouette' ? 'chosen by silhouette' : 'given'})`);
      if (r.silhouettes.length) print(table(['k', 'silhouette'], r.silhouettes.map((s) => [s.k, Number(s.silhouette.toFixed(3))])));
      const imputed = Object.entries(r.imputed).filter(([, n]) => n > 0);
      if (imputed.length) print(`missing values filled with the median: ${imputed.map(([f, n]) => `${f} ${formatNumber(n)}`).join(', ')}`);
      print('');
      print(table(['segment', 'customers', 'share', 'what sets it apart', ...r.features], r.clusters.map((c) => [c.name, c.members, formatPercent(c.share), c.description, ...r.features.map((f) => Number(c.means[f].toFixed(2)))])));
    });

  seg
    .command('portrait')
    .summary('客户画像: how a segment differs from all buyers, with what stands out')
    .argument('<name>')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const p = await withStore(db(), (engine) => portrait(engine, name, loadValueConfig({})));
      if (o.json) {
        printJson(p);
        return;
      }
      print(`Portrait of "${p.name}" as of ${p.asOf}\n\nWhat stands out:\n  - ${p.standsOut.join('\n  - ')}\n`);
      print(table(['behaviour', 'segment', 'all buyers'], p.behaviour.map((b) => [b.field, b.segmentMean === null ? null : Number(b.segmentMean.toFixed(2)), b.baseMean === null ? null : Number(b.baseMean.toFixed(2))])));
      for (const m of p.makeUp) print(`\n${m.field}:\n` + table(['value', 'segment', 'all buyers', 'lift'], m.values.map((v) => [v.value, formatPercent(v.segmentShare), formatPercent(v.baseShare), Number(v.lift.toFixed(2))])));
    });

  seg
    .command('delete')
    .summary('delete a segment')
    .argument('<name>')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      await withStore(db(), (engine) => deleteSegment(engine, name));
      if (o.json) printJson({ name, deleted: true });
      else print(`Deleted segment "${name}".`);
    });
}
