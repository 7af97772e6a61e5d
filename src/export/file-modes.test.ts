/**
 * Files holding customers' personal data are their owner's only (QA session 7, finding 15): the store, its WAL,
 * and every CSV export, under a umask that would make them world-readable (022).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../engine/store.js';
import { runCli } from '../test-support/cli.js';
import { tempDir } from '../test-support/temp.js';
import { writeCsv } from './csv.js';

const tmp = tempDir();
const mode = (p: string) => statSync(p).mode & 0o777;
let before: number;

beforeAll(() => {
  before = process.umask(0o022);
});
afterAll(() => {
  process.umask(before);
  tmp.cleanup();
});

describe('files with personal data are created owner-only (0600)', () => {
  it('the store and its WAL, opened in this process', async () => {
    process.umask(0o022);
    const path = join(tmp.dir, 'own.duckdb');
    const engine = await openStore(path);
    try {
      await engine.run("CREATE TABLE mode_check AS SELECT 'c1@example.com' AS email");
      expect(mode(path)).toBe(0o600);
      expect(existsSync(`${path}.wal`)).toBe(true);
      expect(mode(`${path}.wal`)).toBe(0o600);
    } finally {
      await engine.close();
    }
  });

  it('a CSV written, and one written over (a file the user made world-readable before)', async () => {
    process.umask(0o022);
    const fresh = join(tmp.dir, 'fresh.csv');
    await writeCsv(fresh, ['customer_id', 'email'], [['C1', 'c1@example.com']]);
    expect(mode(fresh)).toBe(0o600);
    const old = tmp.file('old.csv', 'x\n');
    expect(mode(old)).toBe(0o644);
    await writeCsv(old, ['customer_id', 'email'], [['C1', 'c1@example.com']]);
    expect(mode(old)).toBe(0o600);
  });

  it('through the CLI: the store, `segment export --out` and `quarantine --out`', async () => {
    process.umask(0o022);
    const db = join(tmp.dir, 'cli.duckdb');
    const customers = tmp.file('customers.csv', 'customer_id,name,email,phone\nC1,Ann,ann@example.com,+1 555 0101\nC2,Bo,bo@example.com,+1 555 0102\n,Nobody,nobody@example.com,+1 555 0103\n');
    const orders = tmp.file('orders.csv', 'order_id,customer_id,ordered_at,product_id,quantity,unit_price\nO1,C1,2024-01-02,P1,1,10\nO2,C2,2024-01-03,P1,2,10\n');
    for (const [entity, file] of [['customers', customers], ['orders', orders]]) {
      const r = await runCli(['--db', db, 'import', entity, file]);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(mode(db)).toBe(0o600);
    expect((await runCli(['--db', db, 'segment', 'create', 'all', '--rule', 'orders > 0'])).code).toBe(0);
    const seg = join(tmp.dir, 'seg.csv');
    const q = join(tmp.dir, 'q.csv');
    const e = await runCli(['--db', db, 'segment', 'export', 'all', '--out', seg]);
    expect(e.code, e.stderr).toBe(0);
    const r = await runCli(['--db', db, 'quarantine', '--out', q]);
    expect(r.code, r.stderr).toBe(0);
    for (const p of [seg, q]) expect(mode(p), p).toBe(0o600);
    expect(mode(db)).toBe(0o600);
  });
});
