/**
 * The companion of a ClickHouse store as commands and the server see it: the embedded DuckDB engine, tied to the
 * store's LineSource (attachLines), and so is every read view it lends, so that a read on a view (the server's pool)
 * reads the cluster's lines too, never the companion's empty order_lines.
 */
import { attachLines, type LineSource } from '../../data/line-source.js';
import type { ReadSpec } from '../../sql/dialect.js';
import type { Engine, Progress, Row, SqlValue, StageResult } from '../engine.js';

export class CompanionEngine implements Engine {
  constructor(
    private readonly inner: Engine,
    private readonly lines: LineSource,
  ) {
    attachLines(this, lines);
  }

  get dialect(): Engine['dialect'] {
    return this.inner.dialect;
  }

  get location(): string {
    return this.inner.location;
  }

  query<T = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.inner.query<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.inner.run(sql, params);
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.inner.transaction(fn);
  }

  stageFile(spec: ReadSpec, table: string, onProgress?: (p: Progress) => void): Promise<StageResult> {
    return this.inner.stageFile(spec, table, onProgress);
  }

  read<T>(fn: (view: Engine) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.inner.read((view) => {
      attachLines(view, this.lines);
      return fn(view);
    }, signal);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
