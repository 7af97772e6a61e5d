import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBEngine } from '../engine/duckdb/duckdb-engine.js';

/** One step of one size, measured by /usr/bin/time around its own process. */
export interface ScaleStep {
  readonly step: string;
  readonly ok: boolean;
  readonly wallS: number;
  readonly cpuS: number;
  readonly maxRssMiB: number;
  /** CPU nanoseconds per order line of the file. */
  readonly cpuNsPerLine: number;
  /** The last lines of its error output, when it failed. */
  readonly error?: string;
}

export interface ScaleSize {
  readonly lines: number;
  readonly fileMiB: number;
  readonly generateS: number;
  readonly customers: number | null;
  readonly steps: readonly ScaleStep[];
  /** The clientele steps summed (import to report). */
  readonly total: { readonly wallS: number; readonly cpuS: number; readonly maxRssMiB: number; readonly cpuNsPerLine: number };
  /** DuckDB alone on the same file: read into a database file, then GROUP BY customer (scale-child.ts). */
  readonly bare: ScaleStep & { readonly loadMs: number; readonly groupMs: number };
}

const TIME = '/usr/bin/time';
const RETAIL_LINES = 541_909;

/** `1M`, `10M`, `100M`, `500K` or a plain number → lines. */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`scale bench: --sizes wants sizes like 1M,10M,100M, got "${s}"`);
  const n = Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1e6 : m[2].toLowerCase() === 'k' ? 1e3 : 1);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`scale bench: a size must be a whole number of lines, got "${s}"`);
  return n;
}

/**
 * Writes `lines` order lines to `out` (CSV, Online Retail's columns): copies of online_retail.csv, copy k with
 * its customer ids offset by k × 100,000 and its invoice numbers by k × 1,000,000 (prefixes C and A kept), so each
 * copy is a new set of customers and orders on the same dates; the last copy is cut at `lines`. Customers grow
 * with the lines (about 4,372 per 541,909 lines), as a growing company's would.
 */
export async function generateLines(source: string, out: string, lines: number): Promise<void> {
  const copies = Math.ceil(lines / RETAIL_LINES);
  const e = await DuckDBEngine.open(':memory:');
  try {
    const q = (s: string) => e.dialect.quoteString(s);
    const src = `read_csv(${q(source)}, types = {'InvoiceNo': 'VARCHAR', 'StockCode': 'VARCHAR', 'CustomerID': 'DOUBLE', 'InvoiceDate': 'TIMESTAMP'})`;
    const cols = (k: string) => `regexp_extract(InvoiceNo, '^[A-Za-z]*') || CAST(${k} * 1000000 + CAST(regexp_extract(InvoiceNo, '[0-9]+') AS BIGINT) AS VARCHAR) AS InvoiceNo,
          StockCode, Description, Quantity, strftime(InvoiceDate, '%Y-%m-%d %H:%M:%S') AS InvoiceDate, UnitPrice,
          CAST(CAST(CustomerID AS BIGINT) + ${k} * 100000 AS VARCHAR) AS CustomerID, Country`;
    // Whole copies, then the first lines of one more: no sort of the output (the file's own order is kept).
    const rest = lines - (copies - 1) * RETAIL_LINES;
    await e.run(
      `COPY (
        ${copies > 1 ? `SELECT ${cols('k')} FROM ${src} r, range(${copies - 1}) c(k) UNION ALL` : ''}
        SELECT ${cols(String(copies - 1))} FROM (SELECT * FROM ${src} LIMIT ${rest}) r
      ) TO ${q(out)} (HEADER, DELIMITER ',')`,
    );
  } finally {
    await e.close();
  }
}

/** Runs `node script args` under /usr/bin/time: wall, user + system CPU and peak resident memory of that process. */
function timed(step: string, script: string, args: readonly string[], lines: number, dir: string): ScaleStep & { stdout: string } {
  const tf = join(dir, 'time.txt');
  const r = spawnSync(TIME, ['-o', tf, '-f', '%e %U %S %M', process.execPath, script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = existsSync(tf) ? readFileSync(tf, 'utf8').trim().split('\n').pop()! : '0 0 0 0';
  const [wallS, user, sys, kb] = last.split(' ').map(Number);
  const cpuS = user + sys;
  const ok = r.status === 0;
  return {
    step,
    ok,
    wallS,
    cpuS,
    maxRssMiB: kb / 1024,
    cpuNsPerLine: (cpuS * 1e9) / lines,
    stdout: r.stdout ?? '',
    ...(ok ? {} : { error: `exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` }),
  };
}

/**
 * For each size: generate the lines (Online Retail copies, in os.tmpdir()), then, each in its own process,
 * `clientele import orders --preset online-retail`, `value`, `clv fit`, `clv predict --horizon 52 --discount-rate 0.002 --accept-boundary` (Online Retail's BG/NBD fit has a at its boundary: the timing is the point here), a segment (count
 * of its members) and `report`, beside the bare DuckDB read-and-aggregate of the same file. Files are removed after.
 */
export async function benchScale(root: string, retail: string, sizes: readonly number[], log: (s: string) => void = () => {}): Promise<ScaleSize[] | null> {
  if (!existsSync(TIME)) return null;
  const bin = resolve(root, 'bin', 'clientele.js');
  const child = join(dirname(fileURLToPath(import.meta.url)), 'scale-child.js');
  const out: ScaleSize[] = [];
  for (const lines of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'clientele-scale-'));
    try {
      const csv = join(dir, 'lines.csv');
      const db = join(dir, 'store.duckdb');
      const g0 = performance.now();
      await generateLines(retail, csv, lines);
      const generateS = (performance.now() - g0) / 1000;
      const fileMiB = statSync(csv).size / 2 ** 20;
      log(`  ${lines.toLocaleString('en-US')} lines: ${fileMiB.toFixed(0)} MiB generated in ${generateS.toFixed(1)} s`);
      const cli = (step: string, args: readonly string[]) => {
        const s = timed(step, bin, ['--db', db, ...args], lines, dir);
        log(`    ${step}: ${s.ok ? 'ok' : 'FAILED'} ${s.wallS.toFixed(1)} s wall, ${s.cpuS.toFixed(1)} s CPU, ${s.maxRssMiB.toFixed(0)} MiB${s.error ? ` — ${s.error}` : ''}`);
        return s;
      };
      const steps: Array<ScaleStep & { stdout: string }> = [];
      steps.push(cli('import', ['import', 'orders', csv, '--preset', 'online-retail']));
      steps.push(cli('value', ['value', '--json']));
      steps.push(cli('clv fit (BG/NBD, weeks)', ['clv', 'fit', '--json']));
      steps.push(cli('clv predict (52 weeks)', ['clv', 'predict', '--horizon', '52', '--discount-rate', '0.002', '--accept-boundary', '--json']));
      steps.push(cli('segment create (count)', ['segment', 'create', 'scale-at-risk', '--rule', 'rfm.segment = "At Risk"', '--json']));
      steps.push(cli('report', ['report', '--out', join(dir, 'report.html')]));
      let customers: number | null = null;
      try {
        customers = (JSON.parse(steps[1].stdout) as { customers?: { total?: number } }).customers?.total ?? null;
      } catch {
        customers = null;
      }
      rmSync(db, { force: true });
      const bareStore = join(dir, 'bare.duckdb');
      const b = timed('bare DuckDB: read_csv into a file, GROUP BY customer', child, [csv, bareStore], lines, dir);
      log(`    bare: ${b.wallS.toFixed(1)} s wall, ${b.cpuS.toFixed(1)} s CPU, ${b.maxRssMiB.toFixed(0)} MiB`);
      let loadMs = 0;
      let groupMs = 0;
      try {
        ({ loadMs, groupMs } = JSON.parse(b.stdout.trim().split('\n').pop() ?? '{}') as { loadMs: number; groupMs: number });
      } catch {
        /* the step's error says why */
      }
      const wallS = steps.reduce((a, s) => a + s.wallS, 0);
      const cpuS = steps.reduce((a, s) => a + s.cpuS, 0);
      const strip = ({ stdout: _o, ...s }: ScaleStep & { stdout: string }): ScaleStep => s;
      out.push({
        lines,
        fileMiB,
        generateS,
        customers,
        steps: steps.map(strip),
        total: { wallS, cpuS, maxRssMiB: Math.max(...steps.map((s) => s.maxRssMiB)), cpuNsPerLine: (cpuS * 1e9) / lines },
        bare: { ...strip(b), loadMs, groupMs },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
