export type { Engine, Progress, ReadReject, Row, SqlValue, StageResult } from './engine.js';
export { DuckDBEngine, type DuckDBOptions } from './duckdb/duckdb-engine.js';
export { openStore } from './store.js';
