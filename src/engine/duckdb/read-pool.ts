import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement } from '@duckdb/node-api';

/** Prepared statements kept per pooled connection: a read view runs the same few queries over and over. */
const STATEMENTS = 64;

/**
 * A pooled connection and the statements prepared on it, most recently used last. Planning a statement costs
 * about as much as running a small page of a big table, so views reuse them — but only within one generation of
 * the data: in DuckDB 1.5 (node-api 1.5.5-r.5) a statement prepared before another connection changed a table it
 * reads returns corrupted text from that table afterwards (q.v. engine-contract.test.ts), so every write of the
 * engine starts a new generation and statements of an older one are dropped.
 */
export class PooledConnection {
  private readonly statements = new Map<string, DuckDBPreparedStatement>();
  private generation = -1;

  constructor(readonly conn: DuckDBConnection) {}

  /** `sql` prepared on this connection for the data generation `generation` (the engine's count of writes). */
  async prepared(sql: string, generation: number): Promise<DuckDBPreparedStatement> {
    if (generation !== this.generation) {
      this.forget();
      this.generation = generation;
    }
    const hit = this.statements.get(sql);
    if (hit) {
      this.statements.delete(sql);
      this.statements.set(sql, hit);
      return hit;
    }
    const ps = await this.conn.prepare(sql);
    this.statements.set(sql, ps);
    if (this.statements.size > STATEMENTS) {
      const [oldest, old] = this.statements.entries().next().value as [string, DuckDBPreparedStatement];
      this.statements.delete(oldest);
      old.destroySync();
    }
    return ps;
  }

  private forget(): void {
    for (const ps of this.statements.values()) ps.destroySync();
    this.statements.clear();
  }

  close(): void {
    this.forget();
    this.conn.closeSync();
  }
}

/**
 * Up to `size` extra connections on one DuckDB instance, each lent to one reader at a time and opened only when
 * first needed (a CLI command that never reads in parallel opens none). DuckDB runs the queries of different
 * connections of one instance in parallel, each on its own snapshot of committed data.
 */
export class ReadPool {
  private readonly idle: PooledConnection[] = [];
  private readonly waiting: Array<{ resolve: (c: PooledConnection) => void; reject: (e: Error) => void }> = [];
  private opened = 0;
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    readonly size: number,
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`ReadPool requires a size of at least 1, got ${size}`);
  }

  /** A connection of the pool: an idle one, a new one while fewer than `size` are open, else the next released. */
  async acquire(signal?: AbortSignal): Promise<PooledConnection> {
    if (this.closed) throw new Error('ReadPool.acquire: the engine is closed');
    signal?.throwIfAborted();
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.opened < this.size) {
      this.opened++;
      try {
        return new PooledConnection(await this.instance.connect());
      } catch (e) {
        this.opened--;
        throw e;
      }
    }
    return new Promise<PooledConnection>((resolve, reject) => {
      const w = {
        resolve: (c: PooledConnection) => {
          signal?.removeEventListener('abort', drop);
          resolve(c);
        },
        reject,
      };
      // A reader whose caller gave up leaves the queue: under overload, work nobody waits for is never started.
      const drop = () => {
        const i = this.waiting.indexOf(w);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', drop, { once: true });
      this.waiting.push(w);
    });
  }

  release(c: PooledConnection): void {
    if (this.closed) {
      c.close();
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(c);
    else this.idle.push(c);
  }

  /** Readers still running keep their connection until they release it; it is closed then. Waiting ones fail. */
  close(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.close();
    for (const w of this.waiting.splice(0)) w.reject(new Error('ReadPool.acquire: the engine was closed while waiting'));
  }
}
