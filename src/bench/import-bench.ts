import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './stats.js';

export interface ImportBench {
  readonly file: string;
  readonly rows: number;
  readonly importMs: number;
  readonly bareReadCsvMs: number;
  readonly ratio: number;
  readonly rowsPerSecond: number;
  /** Peak resident memory of the whole process (MiB), median over the runs. */
  readonly importMaxRssMiB: number;
  readonly bareMaxRssMiB: number;
  readonly memoryRatio: number;
  /** CPU time of the whole process (user + system, all threads), median over the runs. */
  readonly importCpuMs: number;
  readonly bareCpuMs: number;
  readonly runs: number;
}

interface ChildResult {
  readonly ms: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  readonly rows: number;
}

const child = join(dirname(fileURLToPath(import.meta.url)), 'import-child.js');

/** Runs one side in a fresh Node process (so peak memory is measured per side) into a fresh database file. */
export function runImportChild(mode: 'bare' | 'import', file: string, store: string, preset?: string): ChildResult {
  const out = execFileSync(process.execPath, [child, mode, file, store, ...(preset ? [preset] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

/**
 * Clientele's import of a file into a fresh store (scan, check, quarantine, load, customer facts), against DuckDB's
 * bare `CREATE TABLE AS SELECT * FROM read_csv(file)` into a fresh database file, each in its own process: wall time
 * and peak memory (getrusage maxRSS) side by side. Runs alternate, so both see the same machine load.
 */
export async function benchImport(file: string, options: { preset?: string; runs?: number } = {}): Promise<ImportBench> {
  const runs = options.runs ?? 3;
  const dir = mkdtempSync(join(tmpdir(), 'clientele-bench-'));
  const imports: ChildResult[] = [];
  const bares: ChildResult[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      bares.push(runImportChild('bare', file, join(dir, `bare-${i}.duckdb`)));
      imports.push(runImportChild('import', file, join(dir, `import-${i}.duckdb`), options.preset));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const importMs = median(imports.map((r) => r.ms));
  const bareReadCsvMs = median(bares.map((r) => r.ms));
  const importMaxRssMiB = median(imports.map((r) => r.maxRssMiB));
  const bareMaxRssMiB = median(bares.map((r) => r.maxRssMiB));
  const rows = imports[0]?.rows ?? 0;
  const importCpuMs = median(imports.map((r) => r.cpuMs));
  const bareCpuMs = median(bares.map((r) => r.cpuMs));
  return { file, rows, importMs, bareReadCsvMs, ratio: importMs / bareReadCsvMs, rowsPerSecond: rows / (importMs / 1000), importMaxRssMiB, bareMaxRssMiB, memoryRatio: importMaxRssMiB / bareMaxRssMiB, importCpuMs, bareCpuMs, runs };
}
