import { createReadStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { QueryError, StoreError } from '../../errors.js';
import { bindParameters, clickhouseDialect, quoteIdent, quoteString } from '../../sql/clickhouse/dialect.js';
import type { ReadSpec } from '../../sql/dialect.js';
import type { Engine, Progress, Row, SqlValue, StageResult } from '../engine.js';
import { describeTarget, type ClickHouseTarget } from './url.js';
import { makeWorkDir } from '../../data/work-dir.js';

/**
 * An Engine over a ClickHouse server or cluster, through the official @clickhouse/client (HTTP). Loaded only by
 * the commands that talk to a cluster (`await import`), so DuckDB users never load it.
 *
 * What differs from DuckDB (the dialect's capability flags say so to callers):
 * - Values are bound on the client (`bindParameters`): 18.16 has no server-side parameters.
 * - No transactions: `transaction(fn)` runs `fn` statement by statement, each statement atomic on its own.
 *   Atomic writes of many rows go through a staging table, then a partition attach or a rename (lines.ts).
 * - `DELETE FROM t WHERE …` and `UPDATE t SET … WHERE …` are run as mutations (ALTER TABLE … DELETE/UPDATE, on
 *   every shard's local table when t is Distributed), and `run` waits until they are done, so the next statement
 *   sees their result, as with DuckDB.
 * - `run` returns the rows written when the server reports them (X-ClickHouse-Summary, newer versions), the rows a
 *   DELETE/UPDATE matched, and -1 when the server cannot tell (18.16 after an INSERT).
 * - Booleans come back as 0/1 (18.16 has no Bool type).
 */
export interface ClickHouseOptions {
  /** Read views lent at once; default 4. */
  readonly readers?: number;
  /** Create the database (on every shard) when it does not exist. */
  readonly createDatabase?: boolean;
}

/** Query settings every statement carries. */
const SETTINGS = {
  // Rows inserted through a Distributed table reach the shards before the INSERT returns (not in the background).
  insert_distributed_sync: 1,
  // Joins behave like standard SQL: an unmatched LEFT JOIN row has NULLs, not the type's default (off by default on
  // 18.16 and on current versions).
  join_use_nulls: 1,
  // NaN and ±infinity come back as "nan"/"inf" text, not as null (read back by plainCell).
  output_format_json_quote_denormals: 1,
  // Progress headers every 10 s keep a long query's connection alive through proxies that close idle ones.
  send_progress_in_http_headers: 1,
  http_headers_progress_interval_ms: '10000',
} as const;

interface Meta {
  name: string;
  type: string;
}

/** The JS value of one JSON cell, from its ClickHouse type: integers that fit become numbers, dates become Date. */
function plainCell(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  const t = type.replace(/^(Nullable|LowCardinality)\((.*)\)$/, '$2').replace(/^(Nullable|LowCardinality)\((.*)\)$/, '$2');
  if (/^U?Int(64|128|256)$/.test(t) && typeof value === 'string') {
    const b = BigInt(value);
    return b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : value;
  }
  if (/^(Float|Decimal)/.test(t) && typeof value === 'string') {
    // Non-finite floats, and Decimal text.
    if (value === 'nan') return NaN;
    if (value === 'inf' || value === '+inf') return Infinity;
    if (value === '-inf') return -Infinity;
    return Number(value);
  }
  if (t === 'Date' && typeof value === 'string') return new Date(`${value}T00:00:00Z`);
  if (t.startsWith('DateTime') && typeof value === 'string') return new Date(`${value.replace(' ', 'T')}Z`);
  return value;
}

function plainRows<T>(meta: readonly Meta[], data: readonly Record<string, unknown>[]): T[] {
  return data.map((r) => {
    const out: Record<string, unknown> = {};
    for (const m of meta) out[m.name] = plainCell(r[m.name], m.type);
    return out as T;
  });
}

/**
 * A QueryError with the statement as written (placeholders, never the bound values). The server's message may quote
 * the statement it received, values included (values are bound on the client), so every bound text of 3 or more
 * characters is cut out of it, and the cause is dropped.
 */
function wrap(e: unknown, sql: string, params: readonly SqlValue[]): QueryError {
  let msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  const texts = params.filter((p): p is string => typeof p === 'string' && p.length >= 3).sort((a, b) => b.length - a.length);
  for (const t of texts) {
    for (const form of [t, quoteString(t).slice(1, -1)]) msg = msg.split(form).join('…');
  }
  return new QueryError(msg, sql, params.length, texts.length ? undefined : e);
}

/** `where` as a condition that is 1 or 0, never NULL (a NULL is false, as in SQL's WHERE). */
export function notNullCondition(where: string): string {
  return `ifNull((${where}), 0) = 1`;
}

const DELETE_RE = /^\s*DELETE\s+FROM\s+([`"]?[\w.]+[`"]?)(?:\s+WHERE\s+([\s\S]+?))?\s*;?\s*$/i;
const UPDATE_RE = /^\s*UPDATE\s+([`"]?[\w.]+[`"]?)\s+SET\s+([\s\S]+?)\s+WHERE\s+([\s\S]+?)\s*;?\s*$/i;

/** A counting semaphore whose waiters can leave when their signal aborts. */
class Slots {
  private free: number;
  private readonly waiting: Array<{ go: () => void; fail: (e: unknown) => void }> = [];
  constructor(size: number) {
    this.free = Math.max(1, size);
  }
  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        go: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: reject,
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next.go();
    else this.free++;
  }
}

export class ClickHouseEngine implements Engine {
  readonly dialect = clickhouseDialect;
  readonly location: string;
  private inTransaction = false;
  private readonly slots: Slots;
  private readonly staged = new Set<string>();

  private constructor(
    readonly target: ClickHouseTarget,
    /** One client per shard; [0] is the server every statement goes to. */
    private readonly clients: readonly ClickHouseClient[],
    /** The server's version, e.g. "18.16.1". */
    readonly serverVersion: string,
    readers: number,
  ) {
    this.location = describeTarget(target);
    this.slots = new Slots(readers);
  }

  static async open(target: ClickHouseTarget, o: ClickHouseOptions = {}): Promise<ClickHouseEngine> {
    const { createClient, ClickHouseLogLevel } = await import('@clickhouse/client');
    const make = (url: string, database: string) =>
      createClient({
        url,
        username: target.username,
        password: target.password,
        database,
        request_timeout: 600_000,
        // 18.16 answers gzip, but plain responses keep errors readable and cost nothing on loopback.
        compression: { request: false, response: false },
        clickhouse_settings: SETTINGS,
        // The client would log failed requests with their settings to stderr; errors reach the caller instead,
        // as QueryErrors without the bound values (no PII in logs).
        log: { level: ClickHouseLogLevel.OFF },
      });
    const admin = target.shards.map((url) => make(url, 'default'));
    let version: string;
    try {
      const rs = await admin[0].query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
      version = ((await rs.json()) as Array<{ v: string }>)[0].v;
      if (o.createDatabase) {
        for (const c of admin) await c.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdent(target.database)}` });
      } else {
        const rs2 = await admin[0].query({ query: `SELECT count() AS n FROM system.databases WHERE name = ${quoteString(target.database)}`, format: 'JSONEachRow' });
        if (Number(((await rs2.json()) as Array<{ n: string | number }>)[0].n) === 0) {
          throw new StoreError(`the ClickHouse database ${target.database} does not exist on ${target.url}`, 'create it (CREATE DATABASE …) on every shard, or name another one');
        }
      }
    } catch (e) {
      await Promise.all(admin.map((c) => c.close()));
      if (e instanceof StoreError) throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new StoreError(`cannot reach ClickHouse at ${describeTarget(target)}: ${msg.split('\n')[0]}`, 'check the address and that the server is running (scripts/clickhouse-cluster.sh start)');
    }
    await Promise.all(admin.map((c) => c.close()));
    return new ClickHouseEngine(target, target.shards.map((url) => make(url, target.database)), version, o.readers ?? 4);
  }

  /** The major version: 18 on Debian 12. */
  get majorVersion(): number {
    return Number(this.serverVersion.split('.')[0]);
  }

  async query<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.queryOn<T>(this.clients[0], sql, params, false);
  }

  private async queryOn<T>(client: ClickHouseClient, sql: string, params: readonly SqlValue[], readonly: boolean): Promise<T[]> {
    let text: string;
    try {
      text = bindParameters(sql, params).replace(/;\s*$/, '');
    } catch (e) {
      throw wrap(e, sql, params);
    }
    try {
      const rs = await client.query({ query: text, format: 'JSON', clickhouse_settings: readonly ? { readonly: '2' } : undefined });
      const out = (await rs.json()) as { meta: Meta[]; data: Record<string, unknown>[] };
      return plainRows<T>(out.meta, out.data);
    } catch (e) {
      throw wrap(e, sql, params);
    }
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    let text: string;
    try {
      text = bindParameters(sql, params);
    } catch (e) {
      throw wrap(e, sql, params);
    }
    try {
      // A mutation's condition is made never NULL: on 18.16 a row whose condition is NULL is deleted (or updated),
      // so `customer_id = 'x'` took every line without a customer with it. SQL leaves such a row alone.
      const del = DELETE_RE.exec(text);
      if (del) {
        const where = notNullCondition(del[2] ?? '1');
        return await this.mutate(del[1], where, `DELETE WHERE ${where}`);
      }
      const upd = UPDATE_RE.exec(text);
      if (upd) {
        const where = notNullCondition(upd[3]);
        return await this.mutate(upd[1], where, `UPDATE ${upd[2]} WHERE ${where}`);
      }
      const r = await this.clients[0].command({ query: text.replace(/;\s*$/, '') });
      const written = r.summary?.written_rows;
      return written === undefined ? -1 : Number(written);
    } catch (e) {
      throw e instanceof QueryError ? e : wrap(e, sql, params);
    }
  }

  /** DELETE/UPDATE as a mutation on the table (each shard's local table when it is Distributed), waited for. Returns the rows `where` matched. */
  private async mutate(tableText: string, where: string, action: string): Promise<number> {
    const table = tableText.replace(/^[`"]|[`"]$/g, '');
    const [{ n }] = await this.query<{ n: number }>(`SELECT count() AS n FROM ${quoteIdent(table)} WHERE ${where}`);
    if (n === 0) return 0;
    const [info] = await this.query<{ engine: string }>(`SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = ${quoteString(table)}`);
    const distributed = info?.engine === 'Distributed';
    const targets = distributed ? this.clients.map((c) => [c, `${table}_local`] as const) : [[this.clients[0], table] as const];
    for (const [client, t] of targets) {
      await client.command({ query: `ALTER TABLE ${quoteIdent(t)} ${action}` });
    }
    for (const [client, t] of targets) await this.waitForMutations(client, t);
    return n;
  }

  private async waitForMutations(client: ClickHouseClient, table: string): Promise<void> {
    const started = Date.now();
    for (let i = 0; ; i++) {
      // SELECT *: current versions say why a mutation fails (latest_fail_reason); 18.16 has no such column.
      const rs = await client.query({
        query: `SELECT * FROM system.mutations WHERE database = currentDatabase() AND table = ${quoteString(table)} AND is_done = 0`,
        format: 'JSONEachRow',
      });
      const pending = (await rs.json()) as Array<{ latest_fail_reason?: string }>;
      if (pending.length === 0) return;
      const why = pending.find((p) => p.latest_fail_reason)?.latest_fail_reason;
      if (why) throw new Error(`ClickHouse mutation on ${table} failed: ${why}`);
      if (Date.now() - started > 600_000) throw new Error(`ClickHouse mutation on ${table} not done after 10 minutes`);
      // Waits for a state, not a fixed time: a loaded machine only makes this loop longer.
      await new Promise((r) => setTimeout(r, Math.min(200, 10 * (i + 1))));
    }
  }

  /** Runs a statement on one shard's server (its local tables). */
  async runOnShard(shard: number, sql: string): Promise<void> {
    try {
      await this.clients[shard].command({ query: sql });
    } catch (e) {
      throw wrap(e, sql, []);
    }
  }

  /** Runs a statement on every shard (DDL of local tables; 18.16 has no ON CLUSTER without ZooKeeper). */
  async runOnEveryShard(sql: string): Promise<void> {
    for (const c of this.clients) {
      try {
        await c.command({ query: sql });
      } catch (e) {
        throw wrap(e, sql, []);
      }
    }
  }

  /** Streams a CSV file (no header; NULL as a bare \N) into `table` on the first server, or on shard `shard`. */
  async insertCsvFile(table: string, path: string, shard = 0): Promise<void> {
    try {
      await this.clients[shard].insert({ table, values: createReadStream(path), format: 'CSV' });
    } catch (e) {
      throw wrap(e, `INSERT INTO ${table} FORMAT CSV`, []);
    }
  }

  get shardCount(): number {
    return this.clients.length;
  }

  /** Query a shard's server directly (its local tables), for checks and tests. */
  queryShard<T = Row>(shard: number, sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    return this.queryOn<T>(this.clients[shard], sql, params, true);
  }

  /**
   * No atomicity: ClickHouse has no multi-statement transactions (capabilities.transactions is false). `fn` runs
   * as it would outside; callers that need all-or-nothing write to a staging table and swap it in.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error('ClickHouseEngine.transaction is not re-entrant');
    this.inTransaction = true;
    try {
      return await fn();
    } finally {
      this.inTransaction = false;
    }
  }

  async read<T>(fn: (view: Engine) => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.slots.acquire(signal);
    const view = new ReadView(this, this.location, (sql, params) => this.queryOn(this.clients[0], sql, params, true));
    try {
      return await fn(view);
    } finally {
      view.release();
      this.slots.release();
    }
  }

  /**
   * The file is read by an in-memory DuckDB with the DuckDB dialect's reader (same parsing, same rejects as the
   * embedded store), written to a temporary CSV, and streamed into a Log table `table` (String columns, in file
   * order, with `rowid`). The table is dropped when the engine closes.
   */
  async stageFile(spec: ReadSpec, table: string, onProgress?: (p: Progress) => void): Promise<StageResult> {
    const { DuckDBEngine } = await import('../duckdb/duckdb-engine.js');
    const dir = await makeWorkDir('ch-stage');
    const duck = await DuckDBEngine.open(':memory:', { readers: 1 });
    try {
      const staged = await duck.stageFile(spec, 'stage', (p) => onProgress?.({ fraction: p.fraction === null ? null : p.fraction / 2 }));
      const csv = join(dir, 'stage.csv');
      // Strings quoted, NULL as a bare \N: ClickHouse reads "\N" as text and \N as NULL.
      await duck.run(`COPY (SELECT rowid AS "rowid", * FROM stage ORDER BY rowid) TO '${csv.replaceAll("'", "''")}' (FORMAT csv, HEADER false, FORCE_QUOTE *, NULLSTR '\\N')`);
      const t = quoteIdent(table);
      await this.run(`DROP TABLE IF EXISTS ${t}`);
      await this.run(`CREATE TABLE ${t} (rowid UInt64, ${staged.columns.map((c) => `${quoteIdent(c)} Nullable(String)`).join(', ')}) ENGINE = Log`);
      this.staged.add(table);
      await this.clients[0].insert({ table, values: createReadStream(csv), format: 'CSV' });
      onProgress?.({ fraction: 1 });
      return staged;
    } finally {
      await duck.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    for (const t of this.staged) await this.clients[0].command({ query: `DROP TABLE IF EXISTS ${quoteIdent(t)}` }).catch(() => undefined);
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

/** A read-only view lent by `read`: queries only (the server also refuses writes: readonly = 2), and only until `read` returns. */
class ReadView implements Engine {
  readonly dialect = clickhouseDialect;
  private released = false;

  constructor(
    private readonly owner: ClickHouseEngine,
    readonly location: string,
    private readonly q: (sql: string, params: readonly SqlValue[]) => Promise<unknown[]>,
  ) {}

  async query<T = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    if (this.released) throw new Error('Engine.read: the view was used after its read returned');
    return (await this.q(sql, params)) as T[];
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

  read<T>(fn: (view: Engine) => Promise<T>): Promise<T> {
    return fn(this);
  }

  close(): Promise<void> {
    return Promise.reject(new Error(`Engine.read: close the engine, not a view (${this.owner.location})`));
  }

  release(): void {
    this.released = true;
  }
}
