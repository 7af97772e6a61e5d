import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * Up to `size` extra connections on one DuckDB instance, each lent to one reader at a time and opened only when
 * first needed (a CLI command that never reads in parallel opens none). DuckDB runs the queries of different
 * connections of one instance in parallel, each on its own snapshot of committed data.
 */
export class ReadPool {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: Array<{ resolve: (c: DuckDBConnection) => void; reject: (e: Error) => void }> = [];
  private opened = 0;
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    readonly size: number,
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`ReadPool requires a size of at least 1, got ${size}`);
  }

  /** A connection of the pool: an idle one, a new one while fewer than `size` are open, else the next released. */
  async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new Error('ReadPool.acquire: the engine is closed');
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.opened < this.size) {
      this.opened++;
      try {
        return await this.instance.connect();
      } catch (e) {
        this.opened--;
        throw e;
      }
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  release(c: DuckDBConnection): void {
    if (this.closed) {
      c.closeSync();
      return;
    }
    const next = this.waiting.shift();
    if (next) next.resolve(c);
    else this.idle.push(c);
  }

  /** Readers still running keep their connection until they release it; it is closed then. Waiting ones fail. */
  close(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.closeSync();
    for (const w of this.waiting.splice(0)) w.reject(new Error('ReadPool.acquire: the engine was closed while waiting'));
  }
}
