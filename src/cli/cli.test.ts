import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../engine/store.js';
import { runCli, spawnCli } from '../test-support/cli.js';
import { tempDir } from '../test-support/temp.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('clientele CLI', () => {
  it('has --help on every command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^  (\w[\w-]*)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['import', 'quarantine', 'imports', 'demo']));
    // Three at a time, without blocking the worker: one process per command takes a minute in a row.
    for (let i = 0; i < commands.length; i += 3) {
      const batch = commands.slice(i, i + 3);
      const helps = await Promise.all(batch.map((c) => runCli([c, '--help'])));
      helps.forEach((h, j) => {
        expect(h.code, batch[j]).toBe(0);
        expect(h.stdout, batch[j]).toMatch(/Usage: clientele/);
      });
    }
  });

  it('exits non-zero with a one-line reason and a hint, not a stack trace', async () => {
    const db = `${tmp.dir}/e.duckdb`;
    const missing = await runCli(['--db', db, 'import', 'orders', `${tmp.dir}/nope.csv`]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^clientele: .*nope\.csv: no such file\n  hint: /);
    expect(missing.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const entity = await runCli(['--db', db, 'import', 'invoices', 'x.csv']);
    expect(entity.code).toBe(2);
    expect(entity.stderr).toMatch(/unknown entity "invoices"/);
    const unknownImport = await runCli(['--db', db, 'quarantine', '--import', '99']);
    expect(unknownImport.code).toBe(5);
  });

  it('imports with --json: one object whose counts reconcile', async () => {
    const f = tmp.file('o.csv', 'order_id,customer_id,ordered_at,amount\nA1,c1,2024-01-01,5\nA2,c1,oops,5\n');
    const db = `${tmp.dir}/j.duckdb`;
    const r = await runCli(['--db', db, 'import', 'orders', f, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ rowsRead: 2, imported: 1, quarantined: 1, importId: 1 });
    const again = JSON.parse((await runCli(['--db', db, 'import', 'orders', f, '--json'])).stdout);
    expect(again).toMatchObject({ rowsRead: 0, imported: 0, importId: null });
    const human = await runCli(['--db', db, 'import', 'orders', f]);
    expect(human.stdout).toMatch(/already imported as import #1 with the same options; nothing new was loaded/);
    const q = await runCli(['--db', db, 'quarantine', '--out', `${tmp.dir}/q.csv`]);
    expect(q.stdout).toMatch(/Wrote 1 quarantined rows/);
  });

  it('a killed import leaves nothing behind, and the import can then run again', async () => {
    const file = `${tmp.dir}/big.csv`;
    const out = createWriteStream(file);
    out.write('order_id,customer_id,ordered_at,quantity,unit_price\n');
    for (let i = 0; i < 1_500_000; i++) {
      if (!out.write(`O${i},C${i % 50000},2024-01-${String((i % 28) + 1).padStart(2, '0')} 10:00:00,${(i % 7) + 1},${(i % 100) / 4 + 1}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const db = `${tmp.dir}/kill.duckdb`;
    const child = spawnCli(['--db', db, 'import', 'orders', file]);
    let stderr = '';
    const loading = new Promise<void>((resolve) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        if (stderr.includes('loading big.csv')) resolve();
      });
    });
    await loading;
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGKILL');
    const [code, signal] = await once(child, 'exit');
    // Still loading when killed: it did not finish on its own.
    expect([code, signal]).toEqual([null, 'SIGKILL']);
    const engine = await openStore(db);
    try {
      const [counts] = await engine.query<{ lines: number; imports: number; customers: number; q: number }>(
        'SELECT (SELECT count(*) FROM order_lines) AS lines, (SELECT count(*) FROM imports) AS imports, (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM quarantine) AS q',
      );
      expect(counts).toEqual({ lines: 0, imports: 0, customers: 0, q: 0 });
    } finally {
      await engine.close();
    }
    const again = await runCli(['--db', db, 'import', 'orders', file, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rowsRead: 1_500_000, imported: 1_500_000, quarantined: 0 });
  });
});
