import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { isEmptyProfile, mergeCompany, normalizeCompany, readCompany, writeCompany, type CompanyProfile } from '../../target/index.js';
import { t, tOr } from '../i18n/index.js';
import { print, printJson, withStore } from '../context.js';
import { companyFromFlags, describeCompany, type CompanyFlags } from './target.js';

function show(p: CompanyProfile | null, when?: string): void {
  if (!p) {
    print('No company profile is set: fit with the company (门当户对) is inferred from the top 20% of customers by profit.\nSet one: clientele company set --price-tier premium --service-capacity high');
    return;
  }
  print(describeCompany({ company: p, companySource: 'profile' }) + (when ? `\n(set ${when})` : ''));
}

export function registerCompany(program: Command, db: () => string): void {
  const company = program.command('company').summary('the company profile that drives fit with customers (门当户对): set, show, clear');
  company
    .command('set')
    .summary('set fields of the company profile (others are kept); stored in the store')
    .option('--price-tier <t>', 'premium, mid or budget')
    .option('--service-capacity <c>', 'high, medium or low: how much service per customer the company can give')
    .option('--core <cats>', 'comma-separated core categories (what the company is good at)')
    .option('--strategic <cats>', 'comma-separated categories the company wants to grow')
    .option('--regions <names>', 'comma-separated regions or countries served')
    .option('--channels <names>', 'comma-separated channels the company works through')
    .option('--focus <f>', 'b2b, b2c or both')
    .option('--json', t('cli.json'))
    .action(async (o: CompanyFlags & { json?: boolean }) => {
      const given = companyFromFlags(o);
      if (isEmptyProfile(given)) throw new UsageError('nothing to set', 'e.g. clientele company set --price-tier premium --service-capacity high');
      const stored = await withStore(db(), async (engine) => writeCompany(engine, mergeCompany((await readCompany(engine))?.profile ?? normalizeCompany({}), given), process.env.USER ?? null));
      if (o.json) return printJson({ company: stored });
      show(stored?.profile ?? null, stored?.updatedAt);
    });
  company
    .command('show')
    .summary('show the stored company profile')
    .option('--json', t('cli.json'))
    .action(async (o: { json?: boolean }) => {
      const stored = await withStore(db(), (engine) => readCompany(engine));
      if (o.json) return printJson({ company: stored });
      show(stored?.profile ?? null, stored?.updatedAt);
    });
  company
    .command('clear')
    .summary('remove the stored profile: fit is then inferred from the most profitable customers')
    .action(async () => {
      await withStore(db(), (engine) => writeCompany(engine, normalizeCompany({}), null));
      print('Company profile cleared: fit is now inferred from the top 20% of customers by profit.');
    });
}
