/**
 * The bare side of the scale bench, in a process of its own so that /usr/bin/time measures it alone:
 * `node scale-child.js FILE STORE`. DuckDB reads the whole file into a table of a fresh database file
 * (`CREATE TABLE AS SELECT * FROM read_csv`), then aggregates it by customer, as a hand-written script would.
 * Prints `{ loadMs, groupMs, rows, customers }` as JSON.
 */
import { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';

const [file, store] = process.argv.slice(2);
const e = await DuckDBEngine.open(store);
const t0 = performance.now();
await e.run(`CREATE TABLE t AS SELECT * FROM read_csv(${e.dialect.quoteString(file)})`);
const t1 = performance.now();
await e.run(
  `CREATE TABLE by_customer AS SELECT CustomerID, count(*) AS lines, sum(Quantity * UnitPrice) AS revenue,
     min(InvoiceDate) AS first, max(InvoiceDate) AS last FROM t GROUP BY CustomerID`,
);
const t2 = performance.now();
const [{ rows }] = await e.query<{ rows: number }>('SELECT count(*) AS rows FROM t');
const [{ customers }] = await e.query<{ customers: number }>('SELECT count(*) AS customers FROM by_customer');
await e.close();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, groupMs: t2 - t1, rows, customers }) + '\n');
