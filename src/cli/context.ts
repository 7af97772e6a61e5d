import type { Engine } from '../engine/engine.js';

/** Options every command takes. */
export interface GlobalOptions {
  readonly db: string;
}

/** The store named by --db, or CLIENTELE_DB, or ./clientele.duckdb. The environment is read here, at the edge. */
export function defaultDbPath(): string {
  return process.env.CLIENTELE_DB || './clientele.duckdb';
}

export async function withStore<T>(db: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  // DuckDB loads here, in the command that needs it, never at start-up.
  const { openStore } = await import('../engine/store.js');
  const engine = await openStore(db);
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/** Writes one JSON document to standard output. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
}

// A reader that closes the pipe early (`clientele value | head`) is not an error: stop writing quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

export function print(text: string): void {
  process.stdout.write(text + '\n');
}
