import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from '../data/import.js';
import { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { openStore } from '../engine/store.js';
import { median, timeRuns } from './stats.js';

export interface ImportBench {
  readonly file: string;
  readonly rows: number;
  readonly importMs: number;
  readonly bareReadCsvMs: number;
  readonly ratio: number;
  readonly rowsPerSecond: number;
  readonly runs: number;
}

/**
 * Clientele's import of a file into a fresh store (sniff, fingerprint, stage, type, check, quarantine, load),
 * against DuckDB's bare `CREATE TABLE AS SELECT * FROM read_csv(file)` into a fresh database file.
 * Runs alternate, so both see the same machine load.
 */
export async function benchImport(file: string, options: { preset?: string; runs?: number } = {}): Promise<ImportBench> {
  const runs = options.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'clientele-bench-'));
  const imports: number[] = [];
  const bares: number[] = [];
  let rows = 0;
  try {
    for (let i = 0; i < runs; i++) {
      bares.push(
        ...(await timeRuns(1, async () => {
          const e = await DuckDBEngine.open(join(dir, `bare-${i}.duckdb`));
          await e.run(`CREATE TABLE t AS SELECT * FROM read_csv(${e.dialect.quoteString(file)})`);
          await e.close();
        })),
      );
      imports.push(
        ...(await timeRuns(1, async () => {
          const e = await openStore(join(dir, `import-${i}.duckdb`));
          const r = await importFiles(e, { entity: 'orders', files: [file], ...(options.preset ? { preset: options.preset } : {}) });
          rows = r.rowsRead;
          await e.close();
        })),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const importMs = median(imports);
  const bareReadCsvMs = median(bares);
  return { file, rows, importMs, bareReadCsvMs, ratio: importMs / bareReadCsvMs, rowsPerSecond: rows / (importMs / 1000), runs };
}
