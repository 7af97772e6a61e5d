import type { Command } from 'commander';
import { NotFoundError, UsageError } from '../../errors.js';
import { clusterCustomers, portrait, createSegment, deleteSegment, FIELDS, fieldLabel as fieldLabelIn, listSegments, segmentMembers, showSegment, valueWord } from '../../segment/index.js';
import { print, printJson, withAnyStore } from '../context.js';
import { LAYOUTS, segmentMembersTable } from '../../export/index.js';
import { formatNumber, formatPercent, keyValues, table } from '../format.js';
import { loadValueConfig } from './value.js';
import { writeExport } from '../csv.js';
import { getLang, prose, ruleField, t, term, tn, tOr } from '../i18n/index.js';

const language = () => `${t('segment.language', { fields: Object.keys(FIELDS).join(', ') })}\n${t('segment.language.quoted')}`;

export function registerSegment(program: Command, db: () => string): void {
  const seg = program.command('segment').summary(t('cmd.segment')).description(`${t('segment.description')}\n\n${language()}`);

  seg
    .command('create')
    .summary(t('segment.create.summary'))
    .argument('<name>', t('segment.arg.name'))
    .requiredOption('--rule <rule>', t('segment.opt.rule'))
    .option('--replace', t('segment.opt.replace'))
    .option('--json', t('cli.json'))
    .action(async (name: string, o: { rule: string; replace?: boolean; json?: boolean }) => {
      const info = await withAnyStore(db(), ({ engine }) => createSegment(engine, name, o.rule, loadValueConfig({}), o.replace)).catch((e: unknown) => {
        // The value run's hint names --as-of, which segment create does not have: say what works here.
        if (e instanceof NotFoundError && /no order lines/.test(e.message)) {
          throw new NotFoundError(e.message, 'import orders (clientele import orders FILE) or subscriptions (clientele subscriptions from-customers, or import subscriptions FILE then clientele subscriptions bill) first');
        }
        throw e;
      });
      if (o.json) printJson(info);
      else print(t(info.profitKnown ? 'segment.created' : 'segment.createdNoCost', { name: info.name, customers: tn(info.members, 'segment.customers.one', 'segment.customers.many', { n: formatNumber(info.members) }), share: formatPercent(info.share), revenue: formatNumber(Math.round(info.revenue)), profit: formatNumber(Math.round(info.profit)), asOf: info.asOf }));
    });

  seg
    .command('list')
    .summary(t('segment.list.summary'))
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const list = await withAnyStore(db(), ({ engine }) => listSegments(engine));
      if (o.json) printJson(list);
      else if (!list.length) print(t('segment.list.none'));
      else print(table([t('segment.col.name'), t('segment.col.kind'), t('segment.col.members'), t('segment.col.rule')], list.map((s) => [s.name, tOr(`segment.kind.${s.kind}`, s.kind), s.members, s.rule.length > 80 ? s.rule.slice(0, 77) + '…' : s.rule])));
    });

  seg
    .command('show')
    .summary(t('segment.show.summary'))
    .argument('<name>')
    .option('--json', t('cli.json'))
    .action(async (name: string, o: { json?: boolean }) => {
      const { info, top } = await withAnyStore(db(), async ({ engine }) => {
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
      print(`${t('segment.show.title', { name: info.name, asOf: info.asOf })}\n`);
      print(keyValues([[t('segment.k.rule'), info.rule], [t('segment.k.members'), t('segment.members', { n: formatNumber(info.members), share: formatPercent(info.share) })], [t('segment.k.revenue'), formatNumber(Math.round(info.revenue))], [t('segment.k.profit'), info.profitKnown ? formatNumber(Math.round(info.profit)) : t('segment.noCost')]]));
      // Without costs a member's "profit" is its net revenue: the column is left out rather than mislabelled.
      const cols = [t('segment.col.customer'), t('segment.col.country'), t('segment.col.rfm'), t('segment.col.orders'), t('segment.col.revenue'), ...(info.profitKnown ? [t('segment.col.profit')] : []), t('segment.col.lastPurchase')];
      if (topFigures.length) print(`\n${t(info.profitKnown ? 'segment.top' : 'segment.topNoCost')}\n` + table(cols, topFigures.map((m) => [m.customerId, m.country, m.segment === null ? null : term(m.segment), m.orders, m.revenue === null ? null : Math.round(m.revenue), ...(info.profitKnown ? [m.profit === null ? null : Math.round(m.profit)] : []), m.lastPurchase])));
    });

  seg
    .command('export')
    .summary(t('segment.export.summary'))
    .argument('<name>')
    .requiredOption('--out <file>', t('segment.opt.out'))
    .option('--layout <tool>', t('export.opt.layout', { layouts: LAYOUTS.join(', ') }))
    .option('--json', t('cli.json'))
    .action(async (name: string, o: { out: string; layout?: string; json?: boolean }) => {
      if (!o.out.toLowerCase().endsWith('.csv')) throw new UsageError(t('segment.badOut', { file: o.out }));
      const rows = await withAnyStore(db(), ({ engine }) => segmentMembers(engine, name, loadValueConfig({})));
      const x = segmentMembersTable(rows);
      const n = await writeExport(o.out, x.headers, x.rows, o.layout);
      if (o.json) printJson({ name, out: o.out, rows: n, optedOut: x.optedOut });
      else print(t('segment.exported', { n: formatNumber(n), name, file: o.out, optedOut: formatNumber(x.optedOut) }));
    });

  seg
    .command('cluster')
    .summary(t('segment.cluster.summary'))
    .requiredOption('--features <list>', t('segment.opt.features'))
    .option('--k <k>', t('segment.opt.k'), 'auto')
    .option('--seed <n>', t('segment.opt.seed'), '1')
    .option('--name-prefix <p>', t('segment.opt.namePrefix'), 'cluster')
    .option('--json', t('cli.json'))
    .action(async (o: { features: string; k: string; seed: string; namePrefix: string; json?: boolean }) => {
      const k = o.k === 'auto' ? 'auto' : Number(o.k);
      if (k !== 'auto' && !(Number.isInteger(k) && k >= 2 && k <= 20)) throw new UsageError(t('segment.badK', { value: o.k }));
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new UsageError(t('segment.badSeed', { value: o.seed }));
      const r = await withAnyStore(db(), ({ engine }) => clusterCustomers(engine, { features: o.features, k, seed, prefix: o.namePrefix, config: loadValueConfig({}) }));
      if (o.json) {
        printJson(r);
        return;
      }
      print(t('segment.clusters', { k: r.k, n: formatNumber(r.customers), features: r.features.map(ruleField).join(t('value.listSeparator')), how: t(r.chosenBy === 'silhouette' ? 'segment.k.silhouette' : 'segment.k.given') }));
      if (r.silhouettes.length) print(table([t('segment.col.k'), t('segment.col.silhouette')], r.silhouettes.map((s) => [s.k, Number(s.silhouette.toFixed(3))])));
      print(clusterVerdict(r));
      const imputed = Object.entries(r.imputed).filter(([, n]) => n > 0);
      if (imputed.length) print(t('segment.imputed', { list: imputed.map(([f, n]) => `${ruleField(f)} ${formatNumber(n)}`).join(t('value.listSeparator')) }));
      print('');
      print(table([t('segment.col.segment'), t('segment.col.customers'), t('segment.col.share'), t('segment.col.apart'), ...r.features.map(ruleField)], r.clusters.map((c) => [c.name, c.members, formatPercent(c.share), prose(c.description), ...r.features.map((f) => Number(c.means[f].toFixed(2)))])));
      print('');
      for (const c of r.clusters) print(`${c.name}: ${clusterNamed(c)}`);
    });

  seg
    .command('portrait')
    .summary(t('segment.portrait.summary'))
    .argument('<name>')
    .option('--json', t('cli.json'))
    .action(async (name: string, o: { json?: boolean }) => {
      const p = await withAnyStore(db(), ({ engine }) => portrait(engine, name, loadValueConfig({})));
      if (o.json) {
        printJson(p);
        return;
      }
      print(`${t('segment.portrait.title', { name: p.name, asOf: p.asOf })}\n\n${t('segment.portrait.standsOut')}\n  - ${p.standsOut.map(prose).join('\n  - ')}\n`);
      print(table([t('segment.col.behaviour'), t('segment.col.segment'), t('segment.col.allBuyers')], p.behaviour.map((b) => [portraitField(b.field), b.segmentMean === null ? null : Number(b.segmentMean.toFixed(2)), b.baseMean === null ? null : Number(b.baseMean.toFixed(2))])));
      for (const m of p.makeUp) print(`\n${portraitField(m.field)}:\n` + table([t('segment.col.value'), t('segment.col.segment'), t('segment.col.allBuyers'), t('segment.col.lift')], m.values.map((v) => [portraitValue(m.field, v.value), formatPercent(v.segmentShare), formatPercent(v.baseShare), Number(v.lift.toFixed(2))])));
    });

  seg
    .command('delete')
    .summary(t('segment.delete.summary'))
    .argument('<name>')
    .option('--json', t('cli.json'))
    .action(async (name: string, o: { json?: boolean }) => {
      await withAnyStore(db(), ({ engine }) => deleteSegment(engine, name));
      if (o.json) printJson({ name, deleted: true });
      else print(t('segment.deleted', { name }));
    });
}

/** A portrait's field by its label: the rule language's, else the field list's (net_revenue …), never a code name. */
const portraitField = (f: string) => tOr(`rulefield.${f}`, fieldLabelIn(getLang(), f));

/** A value of a portrait's make-up: segment names and the importer's own words (type, gender) in the reader's language; data as it is. */
const portraitValue = (field: string, v: string) => {
  if (field === 'rfm_segment' || field === 'segment') return term(v);
  const word = valueWord(getLang(), field, v);
  return word !== v ? word : field === 'type' ? term(v) : v;
};

type Clustering = Awaited<ReturnType<typeof clusterCustomers>>;

/** The clustering's verdict in the current language, from its figures (the core's `verdict` is English). */
function clusterVerdict(r: Clustering): string {
  if (r.structure === null) return t('segment.verdict.asked', { k: r.k });
  const best = r.silhouettes.find((x) => x.k === r.k);
  const silhouette = best ? best.silhouette.toFixed(2) : '—';
  if (r.structure === 'none') return t('segment.verdict.none', { k: r.k, silhouette });
  const stability = r.stability ?? 0;
  return t(stability < 0.6 ? 'segment.verdict.worthUnstable' : 'segment.verdict.worth', { k: r.k, silhouette, structure: tOr(`segment.structure.${r.structure}`, r.structure), stability: stability.toFixed(2) });
}

// Three significant digits, written out (never 1e-7).
const fig = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toLocaleString('en-US', { maximumSignificantDigits: 3, useGrouping: false }));

/** A cluster's distinguishing words, each with its mean against all buyers', in the current language. */
function clusterNamed(c: Clustering['clusters'][number]): string {
  if (!c.distinctive.length) return t('segment.namedAverage');
  const words = c.description.split(', ');
  return c.distinctive.map((d, i) => t('segment.namedPart', { word: prose(words[i] ?? ''), field: ruleField(d.feature), mean: fig(d.mean), base: fig(d.base) })).join(t('value.listSeparator'));
}
