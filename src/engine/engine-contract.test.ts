/**
 * The contract every engine keeps, run against each engine: the embedded DuckDB file, and ClickHouse on the
 * 3-shard loopback cluster (scripts/clickhouse-cluster.sh, started here when it is not running). Where an engine
 * lacks a capability (ClickHouse: transactions), the test checks that it says so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tempDir } from '../test-support/temp.js';
import { openTestDatabase } from '../test-support/clickhouse-cluster.js';
import { DuckDBEngine } from './duckdb/duckdb-engine.js';
import type { Engine } from './engine.js';

interface Opened {
  engine: Engine;
  close: () => Promise<void>;
}

/** Each engine: how to open a fresh store, and its statement for the test table. */
const ENGINES: Array<[string, (dir: string, readers: number) => Promise<Opened>, string]> = [
  [
    'duckdb',
    async (dir, readers) => {
      const engine = await DuckDBEngine.open(join(dir, 'contract.duckdb'), { readers });
      return { engine, close: () => engine.close() };
    },
    'CREATE TABLE t (id INTEGER, label VARCHAR)',
  ],
  [
    'clickhouse (3 shards)',
    async (_dir, readers) => {
      const db = await openTestDatabase({ readers });
      return { engine: db.engine, close: db.drop };
    },
    'CREATE TABLE t (id Int32, label String) ENGINE = MergeTree ORDER BY id',
  ],
];

describe.each(ENGINES)('engine contract: %s', (_name, open, createTable) => {
  let engine: Engine;
  let opened: Opened | undefined;
  let dir: ReturnType<typeof tempDir>;
  const setup = async (readers = 2) => {
    dir = tempDir();
    opened = await open(dir.dir, readers);
    engine = opened.engine;
    await engine.run(createTable);
    await engine.run("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
  };
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
    dir?.cleanup();
  });
  const count = async (e: Engine) => (await e.query<{ n: number }>('SELECT count(*) AS n FROM t'))[0].n;

  it('binds parameters and returns plain values', async () => {
    await setup();
    expect(await engine.query('SELECT id, label FROM t WHERE id = $1', [2])).toEqual([{ id: 2, label: 'two' }]);
    expect(await engine.run('DELETE FROM t WHERE id = $1', [1])).toBe(1);
  });

  it('commits all of a transaction or none of it, or says it cannot', async () => {
    await setup();
    if (!engine.dialect.capabilities.transactions) {
      // No transactions (ClickHouse): the flag says so, and a failed `transaction` keeps what ran before the failure.
      await expect(
        engine.transaction(async () => {
          await engine.run("INSERT INTO t VALUES (3, 'three')");
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      expect(await count(engine)).toBe(3);
      return;
    }
    await expect(
      engine.transaction(async () => {
        await engine.run("INSERT INTO t VALUES (3, 'three')");
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await count(engine)).toBe(2);
    await engine.transaction(() => engine.run("INSERT INTO t VALUES (3, 'three')"));
    expect(await count(engine)).toBe(3);
  });

  it('read views see committed data only', async () => {
    await setup();
    if (!engine.dialect.capabilities.transactions) {
      // Every statement commits on its own: a view sees a write as soon as it returns.
      await engine.run("INSERT INTO t VALUES (3, 'three')");
      expect(await engine.read(count)).toBe(3);
      return;
    }
    await engine.transaction(async () => {
      await engine.run("INSERT INTO t VALUES (3, 'three')");
      expect(await count(engine)).toBe(3);
      expect(await engine.read(count)).toBe(2);
    });
    expect(await engine.read(count)).toBe(3);
  });

  it('read views return text written after they last ran the same statement, intact', async () => {
    await setup();
    const names = (view: Engine) => view.query<{ label: string }>('SELECT label FROM t ORDER BY id').then((r) => r.map((x) => x.label));
    // The same statement on the same pooled connection, before and after another connection's writes: a statement
    // prepared before the write would return corrupted text (DuckDB 1.5), so the pool prepares it again.
    for (let i = 0; i < 6; i++) expect(await engine.read(names)).toEqual(['one', 'two']);
    await engine.run("INSERT INTO t VALUES (3, 'three'), (4, 'vier — 四')");
    for (let i = 0; i < 6; i++) expect(await engine.read(names)).toEqual(['one', 'two', 'three', 'vier — 四']);
    await engine.run("UPDATE t SET label = 'eins' WHERE id = 1");
    expect(await engine.read(names)).toEqual(['eins', 'two', 'three', 'vier — 四']);
  });

  it('read views refuse to write, and cannot be used after their read returns', async () => {
    await setup();
    let kept: Engine | undefined;
    await engine.read(async (view) => {
      kept = view;
      await expect(view.run("INSERT INTO t VALUES (9, 'nine')")).rejects.toThrow(/read view/);
      await expect(view.transaction(async () => 1)).rejects.toThrow(/read view/);
      expect(await view.read(count)).toBe(2);
    });
    await expect(kept!.query('SELECT 1')).rejects.toThrow(/after its read returned/);
    expect(await count(engine)).toBe(2);
  });

  it('runs reads side by side, up to the pool size, and queues the rest', async () => {
    await setup(2);
    // Two readers that each wait for the other to be inside: they finish only if both hold a view at once.
    let release!: () => void;
    const bothIn = new Promise<void>((r) => (release = r));
    let inside = 0;
    let most = 0;
    const reader = () =>
      engine.read(async (view) => {
        inside++;
        most = Math.max(most, inside);
        if (inside === 2) release();
        await bothIn;
        const n = await count(view);
        inside--;
        return n;
      });
    expect(await Promise.all([reader(), reader()])).toEqual([2, 2]);
    // Ten at once through two connections: all answer, never more than two inside.
    most = 0;
    const many = await Promise.all(Array.from({ length: 10 }, () => engine.read(async (view) => {
      inside++;
      most = Math.max(most, inside);
      const n = await count(view);
      inside--;
      return n;
    })));
    expect(many).toEqual(Array(10).fill(2));
    expect(most).toBeLessThanOrEqual(2);
  });

  it('drops a read still waiting for a view when its signal aborts, and never runs it', async () => {
    await setup(1);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const first = engine.read(async (view) => {
      entered();
      await held;
      return count(view);
    });
    await inside;
    const ctl = new AbortController();
    let ran = false;
    const waiting = engine.read(async () => {
      ran = true;
      return 0;
    }, ctl.signal);
    ctl.abort(new Error('client gone'));
    await expect(waiting).rejects.toThrow('client gone');
    await expect(engine.read(async () => 1, ctl.signal)).rejects.toThrow('client gone');
    release();
    expect(await first).toBe(2);
    expect(ran).toBe(false);
    // The view is free for the next reader.
    expect(await engine.read(count)).toBe(2);
  });
});
