import { Command, CommanderError } from 'commander';
import { ClienteleError, ImportError, NotFoundError, QueryError, StoreError, UsageError } from '../errors.js';
import { defaultDbPath, setRunningCommand } from './context.js';
import { terminalText } from './format.js';
import { getLang, langFromEnv, localizeError, parseLang, setLang, t, translateCommanderText, type CliLang, type MessageKey } from './i18n/index.js';

/** Exit codes: 0 success, 1 internal error (a bug), 2 usage, 3 import, 4 store, 5 not found, 6 query. */
export const EXIT = { ok: 0, internal: 1, usage: 2, import: 3, store: 4, notFound: 5, query: 6 } as const;

type Register = (program: Command, db: () => string) => void;

/**
 * Every command, loaded only when it runs: `--version` and `--help` read this table and nothing else, so start-up
 * loads no DuckDB, browser, chart or server code (3 s of CPU when everything was imported at start).
 * `names`: the top-level commands the register function adds; their summaries are `cmd.<name>` in the catalogue.
 * A new command: one line here, in the order of the method (get the data in, value it, decide, share).
 */
export const COMMANDS: ReadonlyArray<{ readonly names: readonly string[]; readonly load: () => Promise<Register> }> = [
  { names: ['demo'], load: async () => (await import('./commands/demo.js')).registerDemo },
  { names: ['import'], load: async () => (await import('./commands/import.js')).registerImport },
  { names: ['imports'], load: async () => (await import('./commands/imports.js')).registerImports },
  { names: ['quarantine'], load: async () => (await import('./commands/quarantine.js')).registerQuarantine },
  { names: ['config'], load: async () => (await import('./commands/config.js')).registerConfig },
  { names: ['value'], load: async () => (await import('./commands/value.js')).registerValue },
  { names: ['customer'], load: async () => (await import('./commands/customer.js')).registerCustomer },
  { names: ['report'], load: async () => (await import('./commands/report.js')).registerReport },
  { names: ['clv'], load: async () => (await import('./commands/clv.js')).registerClv },
  { names: ['subscriptions'], load: async () => (await import('./commands/subscriptions.js')).registerSubscriptions },
  { names: ['segment'], load: async () => (await import('./commands/segment.js')).registerSegment },
  { names: ['company'], load: async () => (await import('./commands/company.js')).registerCompany },
  { names: ['target', 'allocate'], load: async () => (await import('./commands/target.js')).registerTarget },
  { names: ['migrate'], load: async () => (await import('./commands/target.js')).registerMigrate },
  { names: ['leads'], load: async () => (await import('./commands/leads.js')).registerLeads },
  { names: ['lookalike'], load: async () => (await import('./commands/lookalike.js')).registerLookalike },
  { names: ['referrals'], load: async () => (await import('./commands/referrals.js')).registerReferrals },
  { names: ['churn'], load: async () => (await import('./commands/churn.js')).registerChurn },
  { names: ['recommend'], load: async () => (await import('./commands/recommend.js')).registerRecommend },
  { names: ['care'], load: async () => (await import('./commands/care.js')).registerCare },
  { names: ['campaign'], load: async () => (await import('./commands/campaign.js')).registerCampaign },
  { names: ['stages', 'accounts', 'lifecycle', 'sources', 'big-customers'], load: async () => (await import('./commands/decide.js')).registerDecide },
  // Sharing it: the API server and its accounts.
  { names: ['serve'], load: async () => (await import('./commands/serve.js')).registerServe },
  { names: ['user'], load: async () => (await import('./commands/user.js')).registerUser },
  // Beyond one machine: a ClickHouse cluster beside the store.
  { names: ['cluster'], load: async () => (await import('./commands/cluster.js')).registerCluster },
];

const GLOBAL_WITH_VALUE = new Set(['--db', '--lang']);

/** The command that argv runs (`help X` runs X's help), or null for the top level (`--help`, `--version`, nothing). */
export function commandOf(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (GLOBAL_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    if (a === 'help') return argv.slice(i + 1).find((x) => !x.startsWith('-')) ?? null;
    return a;
  }
  return null;
}

/** --lang (or --lang=…) when given, else the environment's locale. A --lang that is neither language is a usage error. */
export function langOf(argv: readonly string[], env: NodeJS.ProcessEnv): CliLang {
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (at < 0) return langFromEnv(env);
  const v = argv[at].startsWith('--lang=') ? argv[at].slice('--lang='.length) : argv[at + 1];
  const lang = parseLang(v);
  if (!lang) throw new UsageError(t('cli.badLang', { value: v ?? '' }), t('cli.badLang.hint'));
  return lang;
}

/** The program with every command listed, and the one that argv runs (if any) fully loaded. */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('clientele')
    .description(t('cli.description'))
    .version('0.1.0', '-V, --version', t('cli.version'))
    .helpOption('-h, --help', t('cli.help'))
    .helpCommand('help [command]', t('cli.helpCommand'))
    .option('--db <file>', t('cli.opt.db'))
    .option('--lang <lang>', t('cli.opt.lang'))
    .showHelpAfterError(t('cli.helpAfterError'))
    .configureHelp({
      styleTitle: (s) => translateCommanderText(s),
      styleUsage: (s) => translateCommanderText(s),
      styleSubcommandTerm: (s) => translateCommanderText(s),
      styleOptionDescription: (s) => translateCommanderText(s),
      styleArgumentDescription: (s) => translateCommanderText(s),
    })
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: (s, write) => write(translateCommanderText(s)) });
  const db = () => (program.opts().db as string | undefined) ?? defaultDbPath();
  const wanted = commandOf(argv);
  for (const entry of COMMANDS) {
    if (wanted !== null && entry.names.includes(wanted)) (await entry.load())(program, db);
    else for (const name of entry.names) program.command(name).summary(t(`cmd.${name}` as MessageKey));
  }
  for (const c of program.commands) c.exitOverride();
  // The command's full name, for messages that name it (a ClickHouse store's refusals: context.ts).
  program.hook('preAction', (_top, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    setRunningCommand(`clientele ${names.join(' ')}`);
  });
  return program;
}

/** The one place where errors become exit codes and one-line messages. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    setLang(langOf(argv, process.env));
    const program = await buildProgram(argv);
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    return report(e);
  }
}

function report(e: unknown): number {
  if (e instanceof CommanderError) {
    // Help and version are "errors" to commander; its own message was already printed.
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof ClienteleError) {
    const where = e instanceof ImportError ? `${e.file}${e.line ? `:${e.line}` : ''}: ` : '';
    // Messages quote ids, names and file paths from the data: their control characters are shown escaped.
    const said = localizeError(e, getLang());
    process.stderr.write(`clientele: ${terminalText(`${where}${said.message}`)}\n`);
    if (said.hint) process.stderr.write(`  ${t('cli.hintPrefix')}${terminalText(said.hint)}\n`);
    if (e instanceof QueryError && process.env.CLIENTELE_DEBUG) process.stderr.write(`${e.sql}\n`);
    if (e instanceof UsageError) return EXIT.usage;
    if (e instanceof ImportError) return EXIT.import;
    if (e instanceof StoreError) return EXIT.store;
    if (e instanceof NotFoundError) return EXIT.notFound;
    if (e instanceof QueryError) return EXIT.query;
    return EXIT.internal;
  }
  // A file or folder the user named that cannot be opened or written (--out into a missing folder, a folder given
  // as a file): the user's to fix, so a usage error saying what to do, not "internal error".
  const fs = fileSystemError(e);
  if (fs) {
    process.stderr.write(`clientele: ${t(`cli.fs.${fs.code}`, { path: fs.path })}\n  ${t('cli.hintPrefix')}${t(`cli.fs.${fs.code}.hint`, { path: fs.path, example: fs.example })}\n`);
    return EXIT.usage;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`clientele: ${terminalText(t('cli.internal', { message: msg.split('\n')[0] }))}\n  ${t('cli.hintPrefix')}${t('cli.internal.hint')}\n`);
  if (process.env.CLIENTELE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return EXIT.internal;
}

const FS_CODES = ['ENOENT', 'EISDIR', 'ENOTDIR', 'EACCES', 'ENOSPC', 'EROFS'] as const;

/** A Node file-system error on a path (its code among FS_CODES; EPERM counts as EACCES), or null. */
export function fileSystemError(e: unknown): { code: (typeof FS_CODES)[number]; path: string; example: string } | null {
  if (!(e instanceof Error)) return null;
  const err = e as NodeJS.ErrnoException;
  const code = err.code === 'EPERM' ? 'EACCES' : err.code;
  if (typeof err.path !== 'string' || !FS_CODES.includes(code as (typeof FS_CODES)[number])) return null;
  return { code: code as (typeof FS_CODES)[number], path: err.path, example: 'FILE' };
}
