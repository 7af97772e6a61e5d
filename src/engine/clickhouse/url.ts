import { isAbsolute, resolve } from 'node:path';
import { UsageError } from '../../errors.js';

/** Where a ClickHouse store is: the server Clientele talks to, the database, and the cluster's shards. */
export interface ClickHouseTarget {
  /** http(s)://host:port of the server every statement goes to. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  readonly database: string;
  /** The cluster name in the servers' remote_servers, for Distributed tables; null on a single server. */
  readonly cluster: string | null;
  /**
   * HTTP address of every shard (the first is `url`). Tables are created on each, because ClickHouse 18.16 runs
   * `CREATE … ON CLUSTER` only through ZooKeeper; current versions with ClickHouse Keeper could use ON CLUSTER.
   */
  readonly shards: readonly string[];
}

/** True when a --db value names ClickHouse rather than a DuckDB file. */
export function isClickHouseUrl(db: string): boolean {
  return /^clickhouses?:\/\//i.test(db);
}

/**
 * Reads `clickhouse://user[:password]@host:port/database[?cluster=name&shards=host:port,host:port&secure=1]`.
 * Without `shards`, the cluster's shards are read from the server's system.clusters at open (see the engine).
 * The password may also come from CLICKHOUSE_PASSWORD, so it stays out of shell history and process lists.
 */
export function parseClickHouseUrl(db: string, env: NodeJS.ProcessEnv = process.env): ClickHouseTarget {
  let u: URL;
  try {
    u = new URL(db.replace(/^clickhouse(s?):/i, 'http$1:'));
  } catch {
    throw new UsageError(`not a ClickHouse address: ${db.replace(/:[^:@/]*@/, ':…@')}`, 'write clickhouse://user@host:8123/database');
  }
  const secure = /^clickhouses:/i.test(db) || u.searchParams.get('secure') === '1';
  const port = u.port || (secure ? '8443' : '8123');
  const base = `${secure ? 'https' : 'http'}://${u.hostname.includes(':') ? `[${u.hostname}]` : u.hostname}:${port}`;
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'default';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) throw new UsageError(`the database name "${database}" must be letters, digits and _`, 'write clickhouse://user@host:8123/database');
  const cluster = u.searchParams.get('cluster');
  const shardList = (u.searchParams.get('shards') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^https?:\/\//.test(s) ? s : `${secure ? 'https' : 'http'}://${s}`));
  const shards = shardList.length ? (shardList.includes(base) ? shardList : [base, ...shardList]) : [base];
  return {
    url: base,
    username: decodeURIComponent(u.username) || 'default',
    password: u.password ? decodeURIComponent(u.password) : (env.CLICKHOUSE_PASSWORD ?? ''),
    database,
    cluster: cluster || (shards.length > 1 ? 'clientele' : null),
    shards,
  };
}

/** The address without its password (and without words, so a message in any language can show it). */
export function describeTarget(t: ClickHouseTarget): string {
  return `clickhouse://${t.username}@${t.url.replace(/^https?:\/\//, '')}/${t.database}${t.cluster ? `?cluster=${t.cluster}` : ''}`;
}

export interface ClusterStoreAddress {
  readonly target: ClickHouseTarget;
  /** The companion DuckDB file. */
  readonly companion: string;
}

/**
 * The cluster and the companion file: `store=PATH` in the address, else `clientele-<host>-<port>-<database>.duckdb`
 * in the working directory (one companion per cluster database).
 */
export function parseClusterStoreAddress(db: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ClusterStoreAddress {
  const target = parseClickHouseUrl(db, env);
  const given = new URL(db.replace(/^clickhouse(s?):/i, 'http$1:')).searchParams.get('store');
  const host = target.url.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9.]+/g, '-');
  const companion = given ? (isAbsolute(given) ? given : resolve(cwd, given)) : resolve(cwd, `clientele-${host}-${target.database}.duckdb`);
  return { target, companion };
}

/** A ClickHouse address as it may be printed: its password left out (it stays in CLICKHOUSE_PASSWORD or the user's shell). */
export function withoutPassword(address: string): string {
  return address.replace(/^(clickhouses?:\/\/[^:@/]*):[^@/]*@/i, '$1@');
}
