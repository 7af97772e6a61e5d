/**
 * One side of the import bench, in a process of its own so that its peak memory is its own:
 * `node import-child.js bare|import FILE STORE [PRESET]`. Prints `{ ms, cpuMs, maxRssMiB, rows }` as JSON.
 */
import { importFiles } from '../data/import.js';
import { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';
import { openStore } from '../engine/store.js';

const [mode, file, store, preset] = process.argv.slice(2);
const t0 = performance.now();
let rows = 0;
if (mode === 'bare') {
  const e = await DuckDBEngine.open(store);
  await e.run(`CREATE TABLE t AS SELECT * FROM read_csv(${e.dialect.quoteString(file)})`);
  rows = (await e.query<{ n: number }>('SELECT count(*) AS n FROM t'))[0].n;
  await e.close();
} else {
  const e = await openStore(store);
  const r = await importFiles(e, { entity: 'orders', files: [file], ...(preset ? { preset } : {}) });
  rows = r.rowsRead;
  await e.close();
}
const ms = performance.now() - t0;
const u = process.resourceUsage();
process.stdout.write(JSON.stringify({ ms, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssMiB: u.maxRSS / 1024, rows }) + '\n');
