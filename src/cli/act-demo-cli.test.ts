import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-support/cli.js';
import { tempDir } from '../test-support/temp.js';

/** The prospect and retention commands on a small demo company, as a user runs them. */
const tmp = tempDir();
const db = `${tmp.dir}/demo.duckdb`;
const cli = (...args: string[]) => runCli(['--db', db, ...args]);
afterAll(() => tmp.cleanup());

let optedOut: Set<string>;
beforeAll(async () => {
  const r = await cli('demo', '--customers', '400', '--seed', '5', '--out', `${tmp.dir}/demo`, '--json');
  expect(r.code, r.stderr).toBe(0);
  const lines = readFileSync(`${tmp.dir}/demo/customers.csv`, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  // Demo customer rows have no quoted commas before opt_out, the last column.
  optedOut = new Set(lines.slice(1).map((l) => l.split(',')).filter((c) => c[c.length - 1] === 'true').map((c) => c[head.indexOf('customer_id')]));
});

const idsOf = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]);

describe('clientele churn', () => {
  it('lists the customers at risk with a method each, prices the churn cut, and exports the campaign', async () => {
    const out = `${tmp.dir}/churn.csv`;
    const r = await cli('churn', '--json', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.buyers).toBe(400);
    expect(j.atRisk).toBe(j.customers.length);
    expect(j.pAlive.source).toBe('proxy');
    const methods = j.byMethod as Record<string, number>;
    expect(Object.values(methods).reduce((a, b) => a + b, 0)).toBe(j.atRisk);
    for (const c of j.customers) expect(c.overdue).toBeGreaterThanOrEqual(2);
    expect(j.economics.cuts[0].label).toBe('churn −5 points');
    const ids = idsOf(readFileSync(out, 'utf8'));
    expect(ids.length).toBe(j.atRisk - methods['let go'] - j.exported.optedOut);
    for (const id of ids) expect(optedOut.has(id)).toBe(false);
    const text = await cli('churn', '--top', '3');
    expect(text.stdout).toMatch(/Retention economics/);
    expect(text.stdout).toMatch(/F\(r\) = N · m · r \/ \(1 \+ d − r\)/);
    expect((await cli('churn', '--overdue', 'soon')).code).toBe(2);
  });
});

describe('clientele lookalike and referrals', () => {
  it('scores the open leads against the best customers and exports them', async () => {
    const out = `${tmp.dir}/look.csv`;
    const r = await cli('lookalike', '--json', '--out', out, '--top', '5');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.among).toBe('leads');
    expect(j.lookalikes).toHaveLength(5);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('\uFEFFlead_id,name,email,phone,company,reason,offer,similarity,lift,rank,drivers,against');
    expect((await cli('lookalike', '--among', 'everyone')).code).toBe(2);
  });

  it('charts and exports the top referrers', async () => {
    const chart = `${tmp.dir}/ref.svg`;
    const out = `${tmp.dir}/ref.csv`;
    const r = await cli('referrals', '--json', '--chart', chart, '--out', out, '--top', '5');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.referrers).toHaveLength(5);
    for (let i = 1; i < 5; i++) expect(j.referrers[i].chain.profit).toBeLessThanOrEqual(j.referrers[i - 1].chain.profit);
    expect(readFileSync(chart, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    for (const id of idsOf(readFileSync(out, 'utf8'))) expect(optedOut.has(id)).toBe(false);
  });

  it('are listed in the help, each with its own', async () => {
    const root = (await runCli(['--help'])).stdout;
    // The top-level help lists each command by name and summary (command modules load only when they run).
    for (const c of ['churn', 'lookalike', 'referrals']) expect(root).toMatch(new RegExp(`\\n  ${c} +\\S`));
    expect((await cli('lookalike', '--help')).stdout).toMatch(/Usage: clientele lookalike[\s\S]*weights of evidence/);
  });
});
