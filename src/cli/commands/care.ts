import type { Command } from 'commander';
import { careCampaigns, loadContacts } from '../../act/index.js';
import { careTable, writeCsv } from '../../export/index.js';
import { print, printJson, withStore } from '../context.js';
import { formatNumber, table } from '../format.js';

const count = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;

export function registerCare(program: Command, db: () => string): void {
  program
    .command('care')
    .summary('care campaigns: birthdays, anniversaries and holidays (incl. Spring Festival, Mid-Autumn) in a window')
    .description(
      `Customers to greet between --from and --to: birthdays (birth_date), anniversaries (signup_date, else the first purchase) and holidays (New Year, Spring Festival, Mid-Autumn, Christmas), each with a message template in English and Chinese ({name} and {offer} are left for the mail tool). Opted-out customers are marked in the lists and left out of --out.`,
    )
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (at most a year after --from)')
    .option('--out <file>', 'write the campaign to CSV: one line per greeting, in the customer\'s language')
    .option('--json', 'print JSON')
    .action(async (o: { from: string; to: string; out?: string; json?: boolean }) => {
      const { plan, contacts } = await withStore(db(), async (engine) => ({ plan: await careCampaigns(engine, o.from, o.to), contacts: await loadContacts(engine) }));
      let exported: { rows: number; optedOut: number } | undefined;
      if (o.out) {
        const x = careTable(plan, contacts);
        await writeCsv(o.out, x.headers, x.rows);
        exported = { rows: x.rows.length, optedOut: x.optedOut };
      }
      if (o.json) {
        printJson({ ...plan, ...(o.out ? { out: o.out, exported } : {}) });
        return;
      }
      const c = plan.counts;
      print(`${o.from} to ${o.to}: ${count(c.birthdays, 'birthday')}, ${count(c.anniversaries, 'anniversary', 'anniversaries')}, ${count(c.holidays, 'holiday')}; ${count(c.customers, 'customer')}, ${formatNumber(c.optedOut)} opted out`);
      for (const n of plan.notes) print(`note: ${n}`);
      if (plan.holidays.length) {
        print('\nHolidays (every customer who did not opt out):');
        print(table(['date', 'holiday', '节日', 'customers', 'message'], plan.holidays.map((h) => [h.date, h.name, h.nameZh, h.customers, h.templateEn])));
      }
      if (plan.events.length) {
        print(`\nBirthdays and anniversaries${plan.events.length > 30 ? ' (first 30)' : ''}:`);
        print(table(['date', 'customer', 'name', 'occasion', 'language', 'opt-out'], plan.events.slice(0, 30).map((e) => [e.date, e.customerId, e.name, e.kind === 'birthday' ? 'birthday' : `${e.years} year${e.years === 1 ? '' : 's'} since ${e.since}`, e.language, e.optOut ? 'yes (not exported)' : ''])));
      }
      if (exported) print(`\n${formatNumber(exported.rows)} greetings written to ${o.out}; opted-out customers left out.`);
    });
}
