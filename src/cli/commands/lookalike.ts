import type { Command } from 'commander';
import { LOOKALIKE_EXTRA_HEADERS, campaignExport, findLookalikes, loadContacts, loadLeadContacts, lookalikeItems, type BestDefinition, type LookalikeAmong, type Contribution, type LookalikeReport } from '../../act/index.js';
import { UsageError } from '../../errors.js';
import { print, printJson, withAnyStore } from '../context.js';
import { formatNumber, formatPercent, table } from '../format.js';
import { numberOption } from '../options.js';
import { loadValueConfig } from './value.js';
import { layoutOption, writeExport } from '../csv.js';
import { prose, ruleField, t, term } from '../i18n/index.js';

const AMONG = ['auto', 'leads', 'non-buyers', 'customers'] as const;
const BEST = ['both', 'either', 'tier-iv', 'champions'] as const;
const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));

export function registerLookalike(program: Command, db: () => string): void {
  layoutOption(
  program
    .command('lookalike')
    .summary(t('cmd.lookalike'))
    .description(t('lookalike.description')),
  )
    .option('--among <who>', t('lookalike.opt.among', { list: AMONG.join(', ') }), 'auto')
    .option('--best <def>', t('lookalike.opt.best', { list: BEST.join(', ') }))
    .option('--attributes <list>', t('lookalike.opt.attributes'))
    .option('--add-attributes <list>', t('lookalike.opt.addAttributes'))
    .option('--as-of <date>', t('value.opt.asOf'))
    .option('--top <n>', t('lookalike.opt.top'), '20')
    .option('--config <file>', t('act.opt.config'))
    .option('--out <file>', t('lookalike.opt.out'))
    .option('--json', t('cli.json'))
    .action(async (o: { layout?: string; among: string; best?: string; attributes?: string; addAttributes?: string; asOf?: string; top: string; config?: string; out?: string; json?: boolean }) => {
      if (!(AMONG as readonly string[]).includes(o.among)) throw new UsageError(t('act.badChoice', { option: '--among', value: o.among, list: AMONG.join(', ') }));
      if (o.best !== undefined && !(BEST as readonly string[]).includes(o.best)) throw new UsageError(t('act.badChoice', { option: '--best', value: o.best, list: BEST.join(', ') }));
      const top = numberOption('--top', o.top, 1, 1e7);
      const config = loadValueConfig({ ...(o.config ? { config: o.config } : {}) });
      const attributes = list(o.attributes);
      const options = {
        among: o.among as LookalikeAmong | 'auto',
        ...(o.best ? { best: o.best as BestDefinition } : {}),
        ...(attributes ? { attributes } : {}),
        addAttributes: list(o.addAttributes) ?? [],
        ...(o.asOf ? { asOf: o.asOf } : {}),
      };
      const { r, customers, leads } = await withAnyStore(db(), async ({ engine }) => ({ r: await findLookalikes(engine, config, options), customers: await loadContacts(engine), leads: await loadLeadContacts(engine) }));
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = campaignExport(lookalikeItems(r, top), r.among === 'leads' ? leads : customers, LOOKALIKE_EXTRA_HEADERS, r.among === 'leads' ? 'leads' : 'customers');
        await writeExport(o.out, x.headers, x.rows, o.layout);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        printJson({ ...r, lookalikes: r.lookalikes.slice(0, top), ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      print(describe(r, top));
      if (exported) print(`\n${t('act.written', { n: formatNumber(exported.rows), file: o.out ?? '', optedOut: formatNumber(exported.optedOut) })}`);
    });
}

const WHO = (a: LookalikeAmong) => t(`lookalike.who.${a}`);
const BEST_TEXT = (b: BestDefinition) => t(`lookalike.best.${b}`);

/** One attribute's pull on a similarity, the field by its label. */
const contribution = (c: Contribution) => `${ruleField(c.feature)} = ${c.level} ${c.weight >= 0 ? '+' : '−'}${Math.abs(c.weight).toFixed(2)}`;

function describe(r: LookalikeReport, top: number): string {
  const lines = [
    t('lookalike.title', { asOf: r.asOf, n: formatNumber(r.candidates), who: WHO(r.among), best: formatNumber(r.best.customers), def: BEST_TEXT(r.best.definition), customers: formatNumber(r.customers) }),
  ];
  if (r.check) lines.push(`  ${t('lookalike.check', { auc: r.check.auc.toFixed(3), n: formatNumber(r.check.test), best: formatNumber(r.check.testBest) })}${r.check.auc < 0.6 ? t('lookalike.weak') : ''}`);
  for (const n of r.notes) lines.push(`${t('cli.notePrefix')}${prose(n)}`);
  if (r.attributes.length) {
    lines.push(`\n${t('lookalike.apart')}`);
    lines.push(
      table(
        [t('lookalike.col.attribute'), 'IV', t('lookalike.col.known'), t('lookalike.col.values')],
        r.attributes.slice(0, 12).map((a) => [ruleField(a.name), Number(a.iv.toFixed(3)), formatPercent(a.known, 0), a.top.map((x) => t('lookalike.level', { level: x.level, best: formatPercent(x.bestShare, 0), other: formatPercent(x.otherShare, 0), weight: x.weight.toFixed(2) })).join(t('lookalike.sep'))]),
      ),
    );
  }
  if (r.lookalikes.length) {
    lines.push(`\n${r.lookalikes.length > top ? t('lookalike.mostFirst', { n: top }) : t('lookalike.most')}`);
    lines.push(
      table(
        [t('lookalike.col.rank'), t(r.among === 'leads' ? 'lookalike.col.lead' : 'lookalike.col.customer'), ...(r.among === 'leads' ? [] : [t('lookalike.col.segment')]), t('lookalike.col.similarity'), t('lookalike.col.lift'), t('lookalike.col.alike'), t('lookalike.col.unlike')],
        r.lookalikes.slice(0, top).map((l) => [l.rank, l.id, ...(r.among === 'leads' ? [] : [l.segment === null ? null : term(String(l.segment))]), formatPercent(l.similarity), `×${l.lift.toFixed(2)}`, l.drivers.map(contribution).join(t('lookalike.sep')), l.against.map(contribution).join(t('lookalike.sep'))]),
      ),
    );
  } else lines.push(`\n${t('lookalike.none', { who: WHO(r.among) })}`);
  return lines.join('\n');
}
