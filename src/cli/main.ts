import { Command, CommanderError } from 'commander';
import { ClienteleError, ImportError, NotFoundError, QueryError, StoreError, UsageError } from '../errors.js';
import { defaultDbPath } from './context.js';
import { registerDemo } from './commands/demo.js';
import { registerImport } from './commands/import.js';
import { registerImports } from './commands/imports.js';
import { registerQuarantine } from './commands/quarantine.js';
import { registerReport } from './commands/report.js';
import { registerValue } from './commands/value.js';
import { registerCustomer } from './commands/customer.js';
import { registerClv } from './commands/clv.js';
import { registerSegment } from './commands/segment.js';
import { registerMigrate, registerTarget } from './commands/target.js';
import { registerLeads } from './commands/leads.js';
import { registerRecommend } from './commands/recommend.js';
import { registerCare } from './commands/care.js';
import { registerChurn } from './commands/churn.js';
import { registerSubscriptions } from './commands/subscriptions.js';
import { registerLookalike } from './commands/lookalike.js';
import { registerReferrals } from './commands/referrals.js';
import { registerServe } from './commands/serve.js';
import { registerUser } from './commands/user.js';

/** Exit codes: 0 success, 1 internal error (a bug), 2 usage, 3 import, 4 store, 5 not found, 6 query. */
export const EXIT = { ok: 0, internal: 1, usage: 2, import: 3, store: 4, notFound: 5, query: 6 } as const;

export function buildProgram(): Command {
  const program = new Command('clientele')
    .description('Choose and grow the right customers: import your data, value every customer, decide whom to serve.')
    .version('0.1.0')
    .option('--db <file>', 'the store (a DuckDB file); default $CLIENTELE_DB or ./clientele.duckdb')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const db = () => (program.opts().db as string | undefined) ?? defaultDbPath();
  // In the order of the method: get the data in, value it, then decide.
  registerDemo(program, db);
  registerImport(program, db);
  registerImports(program, db);
  registerQuarantine(program, db);
  registerValue(program, db);
  registerCustomer(program, db);
  registerReport(program, db);
  registerClv(program, db);
  registerSubscriptions(program, db);
  registerSegment(program, db);
  registerTarget(program, db);
  registerMigrate(program, db);
  registerLeads(program, db);
  registerLookalike(program, db);
  registerReferrals(program, db);
  registerChurn(program, db);
  registerRecommend(program, db);
  registerCare(program, db);
  // Sharing it: the API server and its accounts.
  registerServe(program, db);
  registerUser(program, db);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** The one place where errors become exit codes and one-line messages. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
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
    process.stderr.write(`clientele: ${where}${e.message}\n`);
    if (e.hint) process.stderr.write(`  hint: ${e.hint}\n`);
    if (e instanceof QueryError && process.env.CLIENTELE_DEBUG) process.stderr.write(`${e.sql}\n`);
    if (e instanceof UsageError) return EXIT.usage;
    if (e instanceof ImportError) return EXIT.import;
    if (e instanceof StoreError) return EXIT.store;
    if (e instanceof NotFoundError) return EXIT.notFound;
    if (e instanceof QueryError) return EXIT.query;
    return EXIT.internal;
  }
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`clientele: internal error: ${msg.split('\n')[0]}\n  hint: this is a bug; run again with CLIENTELE_DEBUG=1 for details and report it\n`);
  if (process.env.CLIENTELE_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  return EXIT.internal;
}
