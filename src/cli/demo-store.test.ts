import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../test-support/cli.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempDir } from '../test-support/temp.js';

/** One store, one company (issue 13.8): demo has its own store and never adds a second company to one. */
const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** The built CLI run in the temporary folder, as `npm run demo` runs it on a fresh clone. */
function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.CLIENTELE_DB;
  const child = spawn(process.execPath, [CLI, ...args], { cwd: tmp.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('demo and its own store', () => {
  it('writes ./demo.duckdb, loads nothing the second time, and refuses another demo company on top', async () => {
    const first = await run('demo', '--customers', '80', '--seed', '3', '--json');
    expect(first.code, first.stderr).toBe(0);
    expect(existsSync(`${tmp.dir}/demo.duckdb`)).toBe(true);
    expect(existsSync(`${tmp.dir}/clientele.duckdb`)).toBe(false);
    const j = JSON.parse(first.stdout);
    const orders = j.imports.find((i: { entity: string }) => i.entity === 'orders').imported;
    expect(orders).toBeGreaterThan(0);

    const again = await run('demo', '--customers', '80', '--seed', '3', '--json');
    expect(again.code, again.stderr).toBe(0);
    for (const i of JSON.parse(again.stdout).imports) expect(i.alreadyImported).not.toBeNull();
    const counts = await run('--db', 'demo.duckdb', 'imports', '--json');
    expect(JSON.parse(counts.stdout).store.orders).toBe(orders);

    const other = await run('demo', '--customers', '80', '--seed', '4');
    expect(other.code).toBe(4);
    expect(other.stderr).toMatch(/already holds data .*not this demo company/);
    expect(other.stderr).toMatch(/hint: use another store: clientele --db/);
    expect(JSON.parse((await run('--db', 'demo.duckdb', 'imports', '--json')).stdout).store.orders).toBe(orders);

    // --db still wins.
    const elsewhere = await run('--db', 'other.duckdb', 'demo', '--customers', '80', '--seed', '4', '--out', 'demo-4', '--json');
    expect(elsewhere.code, elsewhere.stderr).toBe(0);
    expect(JSON.parse(elsewhere.stdout).store).toBe(`${tmp.dir}/other.duckdb`);
  }, 240_000);

  it('another data set imported into the demo store is refused without --append', async () => {
    const r = await run('--db', 'demo.duckdb', 'import', 'orders', sharedData('cdnow', 'CDNOW_sample.txt'), '--preset', 'cdnow');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/shares no customer_id with the store .*Nothing was imported/);
    expect(r.stderr).toMatch(/--append/);
  }, 120_000);
});
