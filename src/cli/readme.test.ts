import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './main.js';
import { projectRoot } from '../test-support/shared-data.js';

/**
 * One store, one company (issue 13.8), checked on the README itself: every `clientele` command in its shell blocks
 * names its store, the commands parse, and followed in order they never put two data sets into one store, nor run
 * an analysis on a store nothing was put into. A data set is a folder of ../shared/data, one demo company
 * (customers, seed), or "your own files" (paths outside ../shared/data).
 */
interface Step {
  readonly line: string;
  readonly db: string | null;
  readonly args: string[];
}

/** Shell words, with '…' and "…" quoting as the README writes them; a # outside quotes starts a comment. */
function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let any = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else cur += ch;
    } else if (ch === '"' || ch === "'") (quote = ch), (any = true);
    else if (ch === '#' && !any && cur === '') break;
    else if (/\s/.test(ch)) {
      if (cur !== '' || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += ch;
  }
  if (cur !== '' || any) out.push(cur);
  return out;
}

function readmeSteps(): Step[] {
  const text = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  const steps: Step[] = [];
  for (const block of blocks) {
    for (const raw of block.split('\n')) {
      const line = raw.trim();
      if (/^npm ci && npm run demo\b/.test(line)) steps.push({ line, db: null, args: ['demo'] });
      const prefix = /^npx (?:--no-install )?clientele /.exec(line);
      if (!prefix) continue;
      const w = words(line.slice(prefix[0].length));
      // A ClickHouse address with store=FILE is that store, its order lines on the cluster (docs/clickhouse.md).
      const given = w[0] === '--db' ? w[1] : null;
      const db = given && /^clickhouse/.test(given) ? (new URL(given.replace(/^clickhouse/, 'http')).searchParams.get('store') ?? given) : given;
      steps.push({ line, db, args: db ? w.slice(2) : w });
    }
  }
  return steps;
}

function dataSetOf(step: Step): string | null {
  const [cmd, , file] = step.args;
  if (cmd === 'demo') {
    const opt = (name: string, dflt: string) => (step.args.includes(name) ? step.args[step.args.indexOf(name) + 1] : dflt);
    return `demo company (${opt('--customers', '5000')} customers, seed ${opt('--seed', '42')})`;
  }
  if (cmd === 'import') {
    const shared = /\.\.\/shared\/data\/([^/]+)\//.exec(file);
    // Your own files: each store in the README is one company's (shop, telco, contracts), whatever its files.
    return shared ? `shared data ${shared[1]}` : `your own files (${step.db ?? 'demo.duckdb'})`;
  }
  return null;
}

/** Commands that need data in the store to mean anything. */
const SETUP = new Set(['demo', 'import', 'imports', 'config', 'user', 'serve', 'quarantine']);

describe('the README: one store, one company', () => {
  const steps = readmeSteps();

  it('has the commands we expect to check', () => {
    expect(steps.length).toBeGreaterThan(30);
    expect(steps.some((s) => s.args[0] === 'imports' && s.args[1] === 'remove')).toBe(true);
  });

  it('names the store in every clientele example (npm run demo uses ./demo.duckdb)', () => {
    const unnamed = steps.filter((s) => s.db === null && !s.line.startsWith('npm ci')).map((s) => s.line);
    expect(unnamed).toEqual([]);
  });

  it('every example parses as a command with its options', async () => {
    for (const s of steps) {
      const argv = [...(s.db ? ['--db', s.db] : []), ...s.args];
      const program = await buildProgram(argv);
      for (const c of program.commands) {
        c.exitOverride();
        // Parse only: no command runs.
        c.action(() => undefined);
        for (const sub of c.commands) sub.exitOverride().action(() => undefined);
      }
      program.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
      await expect(program.parseAsync(argv, { from: 'user' }), s.line).resolves.toBeDefined();
    }
  });

  it('followed in order, never puts two data sets in one store, nor analyses an empty one', () => {
    const held = new Map<string, string>();
    for (const s of steps) {
      const db = s.db ?? 'demo.duckdb';
      const set = dataSetOf(s);
      if (set !== null) {
        const before = held.get(db);
        expect(before === undefined || before === set, `${s.line}\n  puts ${set} into ${db}, which holds ${before}`).toBe(true);
        held.set(db, set);
      } else if (!SETUP.has(s.args[0])) {
        expect(held.has(db), `${s.line}\n  runs on ${db} before anything was imported into it`).toBe(true);
      }
    }
    // The demo company and Online Retail, CDNOW and Bank Marketing each have a store of their own.
    expect(new Set(held.values()).size).toBe(held.size);
    expect(held.size).toBeGreaterThanOrEqual(5);
  });
});
