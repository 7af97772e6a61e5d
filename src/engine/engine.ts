import type { Dialect, ReadSpec } from '../sql/dialect.js';

/** A value bound to a statement parameter (`$1`, `$2`, …). */
export type SqlValue = string | number | boolean | null | Date;
export type Row = Record<string, unknown>;

/** A record the file reader itself could not parse (wrong column count, bad encoding, over-long line). */
export interface ReadReject {
  readonly line: number;
  readonly reason: string;
  readonly text: string;
}

export interface StageResult {
  /** The file's columns, in file order. */
  readonly columns: readonly string[];
  /** Records read into the staging table. */
  readonly rows: number;
  readonly rejects: readonly ReadReject[];
}

export interface Progress {
  /** 0..1, or null when the engine cannot tell. */
  readonly fraction: number | null;
}

/**
 * Where the data lives and the heavy work runs. Everything outside `src/engine/<name>/` talks to this interface
 * and builds its SQL through the engine's `dialect`.
 */
export interface Engine {
  readonly dialect: Dialect;
  /** Where the store is, for messages. */
  readonly location: string;
  query<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs `fn` in one transaction: all of it is committed, or none of it. Not re-entrant. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Loads a file into a new temporary table `table`, every column as text, in file order: `rowid` is the record's
   * 0-based place among the records read.
   * `onProgress` is called now and then while the engine reads.
   */
  stageFile(spec: ReadSpec, table: string, onProgress?: (p: Progress) => void): Promise<StageResult>;
  /**
   * Runs `fn` on a read-only view of the store that may run in parallel with other views (DuckDB: a connection of a
   * small pool on the same instance). The view sees committed data only, never what a transaction in progress has
   * written; its `run`, `transaction` and `stageFile` throw. Waits while every view is busy; a read still waiting
   * when `signal` aborts (its client has gone) is dropped, never run, and rejects with the signal's reason.
   */
  read<T>(fn: (view: Engine) => Promise<T>, signal?: AbortSignal): Promise<T>;
  close(): Promise<void>;
}
