/**
 * The CLI's English texts. Keys are grouped by command (`<command>.<what>`); `{name}` places are filled by `t`.
 * Every key here must exist in zh-CN.ts (the compiler checks it, and i18n.test.ts checks the places match).
 */
export const en = {
  // The program, its help and its errors.
  'cli.description': 'Choose and grow the right customers: import your data, value every customer, decide whom to serve.',
  'cli.version': 'print the version',
  'cli.help': 'show help for a command',
  'cli.helpCommand': 'show help for a command',
  'cli.opt.db': 'the store (a DuckDB file); default $CLIENTELE_DB or ./clientele.duckdb',
  'cli.opt.lang': 'language of the output: en or zh-CN; default from LC_ALL / LANG',
  'cli.helpAfterError': '(add --help for usage)',
  'cli.badLang': '--lang {value}: unknown language',
  'cli.badLang.hint': 'use --lang en or --lang zh-CN',
  'cli.hint': 'hint',
  'cli.internal': 'internal error: {message}',
  'cli.internal.hint': 'this is a bug; run again with CLIENTELE_DEBUG=1 for details and report it',
  'cli.note': 'note',
  'cli.json': 'print JSON',
  'cli.yes': 'yes',
  'cli.na': 'n/a',
  'cli.optionNumber': '{name} {value}: expected a number from {min} to {max}',
  'cli.written': '{n} lines written to {file}',
  // commander's own words (titles and errors), translated where they are printed.
  'commander.usage': 'Usage:',
  'commander.options': 'Options:',
  'commander.commands': 'Commands:',
  'commander.arguments': 'Arguments:',
  'commander.globalOptions': 'Global Options:',
  'commander.unknownOption': "error: unknown option '{flag}'",
  'commander.unknownCommand': "error: unknown command '{name}'",
  'commander.missingArgument': "error: missing required argument '{name}'",
  'commander.optionArgumentMissing': "error: option '{flags}' argument missing",
  'commander.requiredOption': "error: required option '{flags}' not specified",
  'commander.tooManyArguments': 'error: too many arguments',
  'commander.didYouMean': '(Did you mean {what}?)',
  // Exports.
  'export.opt.layout': 'columns for the tool that imports --out: {layouts} (default clientele)',
  // One line per top-level command, shown by `clientele --help`.
  'cmd.demo': 'build the demo company (every entity), import it, and run the main job on it',
  'cmd.import': 'import customers, orders, products, … from CSV, Parquet or JSON lines',
  'cmd.imports': 'list past imports and what is in the store',
  'cmd.quarantine': 'show or export rows that imports rejected, with their reasons',
  'cmd.value': 'portfolio value: profit, whale curve (80/20/30), RFM segments, value matrices, good and bad customers',
  'cmd.customer': 'explain one customer: figures, classes, criteria and flags with evidence',
  'cmd.report': 'write the customer value report: one self-contained HTML file with charts',
  'cmd.clv': 'lifetime value: fit BG/NBD, Pareto/NBD, MBG/NBD, Gamma-Gamma; predict; check against a holdout',
  'cmd.segment': 'segments: rules, clusters and portraits (create, list, show, export, cluster, portrait, delete)',
  'cmd.target': 'score segments on attractiveness × fit with the company (门当户对) and recommend targets',
  'cmd.allocate': 'split a marketing or retention budget across segments by expected return',
  'cmd.migrate': 're-screen (动态筛选): how customers moved between segments and value tiers from one date to another',
  'cmd.leads': 'prospects: qualify leads (MAN) and score them from past outcomes',
  'cmd.lookalike': 'prospects and customers who look like your best customers (tier IV, Champions), and which attributes make them so',
  'cmd.referrals': "referral chains (链式介绍法): who brought in whom, and the revenue and profit of each referrer's chain",
  'cmd.churn': 'customers at risk (P(alive), recency against their own purchase rhythm), a win-back method each, and the profit of lowering churn',
  'cmd.recommend': 'grow customers: cross-sell by co-occurrence, upsell by volume upgrades',
  'cmd.care': 'care campaigns: birthdays, anniversaries and holidays by each customer\'s own calendar, in a window',
  'cmd.serve': 'the JSON API (and report) over HTTP, with accounts and roles; GET /openapi.json describes it',
  'cmd.user': "the server's accounts: add, list, remove, and API tokens",
} as const;

export type MessageKey = keyof typeof en;
