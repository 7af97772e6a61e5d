import { once } from 'node:events';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, serveCli } from '../../test-support/cli.js';
import { tempDir } from '../../test-support/temp.js';

describe('clientele serve', () => {
  it('serves the store until stopped, with parallel read connections, and refuses bad options', async () => {
    const tmp = tempDir();
    try {
      const db = `${tmp.dir}/s.duckdb`;
      const bad = await runCli(['--db', db, 'serve', '--readers', '0']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--readers/);
      const { child, url, stderr } = await serveCli(['--db', db, 'serve', '--port', '0', '--readers', '2']);
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true });
      expect((await fetch(`${url}/api/customers`)).status).toBe(401);
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await done;
      expect(code).toBe(0);
      expect(stderr()).toMatch(/clientele: stopped/);
      expect(stderr()).toMatch(/GET \/api\/health 200 [\d.]+ms user=-/);
    } finally {
      tmp.cleanup();
    }
  });

  it('leaves the store usable from the CLI while serving: value, customer ID and import go through the server, which sees the new data', async () => {
    const tmp = tempDir();
    try {
      const db = `${tmp.dir}/s.duckdb`;
      const made = await runCli(['--db', db, 'demo', '--customers', '150', '--out', `${tmp.dir}/demo`, '--json']);
      expect(made.code, made.stderr).toBe(0);
      const { child, url } = await serveCli(['--db', db, 'serve', '--port', '0']);
      try {
        // The note beside the store: the owner's only.
        const note = `${db}.serve.json`;
        expect(existsSync(note)).toBe(true);
        expect(statSync(note).mode & 0o077).toBe(0);
        const { token } = JSON.parse(readFileSync(note, 'utf8')) as { token: string };
        const api = async (path: string) => (await fetch(url + path, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<Record<string, unknown>>;

        const value = await runCli(['--db', db, 'value', '--json']);
        expect(value.code, value.stderr).toBe(0);
        expect(value.stderr).toMatch(/being served at/);
        const report = JSON.parse(value.stdout) as { runId: number; customers: number };
        expect(report.runId).toBe(((await api('/api/value')) as { runId: number }).runId);
        const text = await runCli(['--db', db, 'value']);
        expect(text.stdout).toMatch(/Whale curve/);

        const customer = await runCli(['--db', db, 'customer', 'CU000001', '--json']);
        expect(customer.code, customer.stderr).toBe(0);
        expect(JSON.parse(customer.stdout).customerId).toBe('CU000001');
        const missing = await runCli(['--db', db, 'customer', 'NO-SUCH-ONE']);
        expect(missing.code).toBe(5);
        expect(missing.stderr).not.toMatch(/internal error|duckdb/i);

        const before = ((await api('/api/imports')) as { imports: unknown[] }).imports.length;
        const file = `${tmp.dir}/more-orders.csv`;
        writeFileSync(file, 'order_id,customer_id,ordered_at,product_id,quantity,unit_price\nCLI-1,CU000001,2024-12-01,P0001,3,19.5\nCLI-2,CU000002,2024-12-02,P0001,1,19.5\nCLI-3,,not-a-date,P0001,1,1\n');
        const imported = await runCli(['--db', db, 'import', 'orders', file, '--json']);
        expect(imported.code, imported.stderr).toBe(0);
        const r = JSON.parse(imported.stdout) as { imported: number; quarantined: number; files: Array<{ file: string }> };
        expect(r).toMatchObject({ imported: 2, quarantined: 1 });
        expect(r.files[0].file).toBe('more-orders.csv');
        // The server sees it at once: the import is listed, and the next value run includes it.
        const after = (await api('/api/imports')) as { imports: Array<{ file: string }> };
        expect(after.imports.length).toBe(before + 1);
        expect(after.imports.at(-1)!.file).toBe('more-orders.csv');
        expect(((await api('/api/value')) as { runId: number }).runId).toBeGreaterThan(report.runId);
        // A bad option is the CLI's own usage error, not a server's words.
        const bad = await runCli(['--db', db, 'import', 'orders', file, '--date-format', '%Q%Q']);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toMatch(/%Q/);
        expect(bad.stderr).not.toMatch(/internal error|duckdb/i);
      } finally {
        const done = once(child, 'exit');
        child.kill('SIGTERM');
        await done;
      }
      // Stopped: the note is gone, and the CLI opens the store itself again.
      expect(existsSync(`${db}.serve.json`)).toBe(false);
      const direct = await runCli(['--db', db, 'customer', 'CU000001', '--json']);
      expect(direct.code, direct.stderr).toBe(0);
      expect(direct.stderr).not.toMatch(/being served/);
    } finally {
      tmp.cleanup();
    }
  }, 180_000);
});
