import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { isEmptyProfile, mergeCompany, normalizeCompany, readCompany, writeCompany, type CompanyProfile } from '../../target/index.js';
import { t } from '../i18n/index.js';
import { print, printJson, withAnyStore } from '../context.js';
import { companyFromFlags, describeCompany, displayNames, type CompanyFlags } from './target.js';

function show(p: CompanyProfile | null, when?: string, names?: ReadonlyMap<string, string>): void {
  if (!p) {
    print(t('company.noProfile'));
    return;
  }
  print(describeCompany({ company: p, companySource: 'profile' }, names) + (when ? `\n${t('company.setAt', { when })}` : ''));
}

export function registerCompany(program: Command, db: () => string): void {
  const company = program.command('company').summary(t('cmd.company'));
  company
    .command('set')
    .summary(t('company.set'))
    .option('--price-tier <t>', t('company.opt.priceTier'))
    .option('--service-capacity <c>', t('company.opt.serviceCapacity'))
    .option('--core <cats>', t('company.opt.core'))
    .option('--strategic <cats>', t('company.opt.strategic'))
    .option('--regions <names>', t('company.opt.regions'))
    .option('--channels <names>', t('company.opt.channels'))
    .option('--focus <f>', t('company.opt.focus'))
    .option('--json', t('cli.json'))
    .action(async (o: CompanyFlags & { json?: boolean }) => {
      const given = companyFromFlags(o);
      if (isEmptyProfile(given)) throw new UsageError(t('company.nothingToSet'), t('company.nothingToSet.hint'));
      const { stored, names } = await withAnyStore(db(), async ({ engine }) => ({ stored: await writeCompany(engine, mergeCompany((await readCompany(engine))?.profile ?? normalizeCompany({}), given), process.env.USER ?? null), names: await displayNames(engine) }));
      if (o.json) return printJson({ company: stored });
      show(stored?.profile ?? null, stored?.updatedAt, names);
    });
  company
    .command('show')
    .summary(t('company.show'))
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const { stored, names } = await withAnyStore(db(), async ({ engine }) => ({ stored: await readCompany(engine), names: await displayNames(engine) }));
      if (o.json) return printJson({ company: stored });
      show(stored?.profile ?? null, stored?.updatedAt, names);
    });
  company
    .command('clear')
    .summary(t('company.clear'))
    .action(async () => {
      await withAnyStore(db(), ({ engine }) => writeCompany(engine, normalizeCompany({}), null));
      print(t('company.cleared'));
    });
}
