import { DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { QueryError, StoreError } from '../../errors.js';
import { duckdbDialect } from '../../sql/duckdb/dialect.js';
import type { ReadSpec } from '../../sql/dialect.js';
import type { Engine, Progress, ReadReject, Row, SqlValue, StageResult } from '../engine.js';
import { ReadPool, type PooledConnection } from './read-pool.js';

function toDuckValue(v: SqlValue): DuckDBValue {
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** JS values the rest of the program can use: bigints that fit become numbers, DuckDB wrappers become strings. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(plain);
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, plain(v)]));
  }
  return String(value);
}

function wrap(e: unknown, sql: string, params: readonly SqlValue[]): QueryError {
  const msg = e instanceof Error ? e.message : String(e);
  return new QueryError(msg.split('\n')[0], sql, params.length, e);
}

async function queryOn<T>(conn: DuckDBConnection, sql: string, params: readonly SqlValue[]): Promise<T[]> {
  try {
    const reader = await conn.runAndReadAll(sql, params.length ? params.map(toDuckValue) : undefined);
    return reader.getRowObjectsJS().map((r) => plain(r) as T);
  } catch (e) {
    throw wrap(e, sql, params);
  }
}

export interface DuckDBOptions {
  /** Connections lent to `read` views, opened when first needed; default 4. */
  readonly readers?: number;
}

/**
 * The embedded default: one DuckDB file. Statements, transactions and staging run on one main connection;
 * `read` lends one of a small pool of other connections on the same instance, so reads run in parallel.
 */
export class DuckDBEngine implements Engine {
  readonly dialect = duckdbDialect;
  private inTransaction = false;
  private readonly pool: ReadPool;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly location: string,
    readers: number,
  ) {
    this.pool = new ReadPool(instance, readers);
  }

  static async open(path: string, o: DuckDBOptions = {}): Promise<DuckDBEngine> {
    let instance: DuckDBInstance;
    try {
      // Extensions are linked in; nothing may download at run time.
      instance = await DuckDBInstance.create(path, { autoinstall_known_extensions: 'false' });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/lock/i.test(msg)) throw new StoreError(`the store ${path} is in use by another process`, 'wait for it to finish, or use another --db');
      throw new StoreError(`cannot open the store ${path}: ${msg.split('\n')[0]}`, 'check the path, or pass another --db');
    }
    const conn = await instance.connect();
    return new DuckDBEngine(instance, conn, path, o.readers ?? 4);
  }

  /** Statements run on the main connection, where every write goes: a new count is a new generation of the data. */
  private generation = 0;

  query<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    this.generation++;
    return queryOn<T>(this.conn, sql, params);
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    this.generation++;
    try {
      const result = await this.conn.run(sql, params.length ? params.map(toDuckValue) : undefined);
      return result.rowsChanged;
    } catch (e) {
      throw wrap(e, sql, params);
    }
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error('DuckDBEngine.transaction is not re-entrant');
    this.inTransaction = true;
    await this.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.run('COMMIT');
      return out;
    } catch (e) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  async read<T>(fn: (view: Engine) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const conn = await this.pool.acquire(signal);
    const view = new ReadView(conn, this.location, () => this.generation);
    try {
      return await fn(view);
    } finally {
      view.release();
      this.pool.release(conn);
    }
  }

  async stageFile(spec: ReadSpec, table: string, onProgress?: (p: Progress) => void): Promise<StageResult> {
    const t = this.dialect.quoteIdent(table);
    const timer = onProgress
      ? setInterval(() => {
          const p = this.conn.progress;
          onProgress({ fraction: p.percentage >= 0 ? p.percentage / 100 : null });
        }, 200)
      : undefined;
    try {
      await this.run(`DROP TABLE IF EXISTS ${t}`);
      // Insertion order is preserved, so rowid is the record's place in the file.
      await this.run(`CREATE TEMP TABLE ${t} AS SELECT * FROM ${this.dialect.sqlReadFile(spec)}`);
    } finally {
      if (timer) clearInterval(timer);
    }
    const cols = await this.query<{ name: string }>(`SELECT name FROM pragma_table_info(${this.dialect.quoteString(table)}) ORDER BY cid`);
    const [{ n }] = await this.query<{ n: number }>(`SELECT count(*) AS n FROM ${t}`);
    let rejects: ReadReject[] = [];
    if (spec.format === 'csv') {
      rejects = await this.query<{ line: number; reason: string; text: string }>(
        `SELECT DISTINCT ON (line) line, error_type || ': ' || error_message AS reason, csv_line AS text
         FROM reject_errors WHERE scan_id = (SELECT max(scan_id) FROM reject_scans) ORDER BY line`,
      );
      await this.run('DELETE FROM reject_errors').catch(() => undefined);
      await this.run('DELETE FROM reject_scans').catch(() => undefined);
    }
    onProgress?.({ fraction: 1 });
    return { columns: cols.map((c) => c.name), rows: n, rejects };
  }

  async close(): Promise<void> {
    this.pool.close();
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

/** A pooled connection lent to one reader: queries only (prepared once per connection), and only until `read` returns. */
class ReadView implements Engine {
  readonly dialect = duckdbDialect;
  private released = false;

  constructor(
    private readonly pooled: PooledConnection,
    readonly location: string,
    private readonly generation: () => number,
  ) {}

  async query<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    if (this.released) throw new Error('Engine.read: the view was used after its read returned');
    try {
      const ps = await this.pooled.prepared(sql, this.generation());
      if (params.length) ps.bind(params.map(toDuckValue));
      else ps.clearBindings();
      const reader = await ps.runAndReadAll();
      return reader.getRowObjectsJS().map((r) => plain(r) as T);
    } catch (e) {
      throw wrap(e, sql, params);
    }
  }

  run(): Promise<number> {
    return Promise.reject(new Error('Engine.read: a read view cannot write (use the engine itself)'));
  }

  transaction<T>(): Promise<T> {
    return Promise.reject(new Error('Engine.read: a read view cannot open a transaction (use the engine itself)'));
  }

  stageFile(): Promise<StageResult> {
    return Promise.reject(new Error('Engine.read: a read view cannot stage files (use the engine itself)'));
  }

  /** Already a view: nested reads share it. */
  read<T>(fn: (view: Engine) => Promise<T>): Promise<T> {
    return fn(this);
  }

  close(): Promise<void> {
    return Promise.reject(new Error('Engine.read: close the engine, not a view'));
  }

  release(): void {
    this.released = true;
  }
}
