import { spawnSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ClickHouseTarget, parseClickHouseUrl } from '../engine/clickhouse/url.js';
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
  /** On a cluster: each ClickHouse server's CPU seconds during the step (from /proc), shard by shard. */
  readonly serverCpuS?: readonly number[];
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
  /**
   * On a cluster (`--clickhouse`): the order lines each shard holds, each server's CPU over all steps, CPU
   * nanoseconds per line per shard (a server's CPU over its own lines), and each server's peak resident memory
   * since it started (VmHWM).
   */
  readonly cluster?: {
    readonly shardLines: readonly number[];
    readonly serverCpuS: readonly number[];
    readonly nsPerLinePerShard: readonly number[];
    readonly serverPeakMiB: readonly number[];
  };
}

/** Where the steps run: the embedded DuckDB store (the default), or a ClickHouse cluster store. */
export interface ScaleOptions {
  /**
   * A cluster's address (`clickhouse://user@host:port/database?cluster=…&shards=…`): each size then runs every
   * step with `--db` on a fresh database of that cluster, the companion store in the size's folder.
   */
  readonly clickhouse?: string;
  /** The servers' process ids, shard by shard, for their CPU time; read from the cluster script's pid files. */
  readonly serverPids?: readonly number[];
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

/** Clock ticks a second, the unit of /proc/PID/stat's CPU times. */
const clockTicks = (() => {
  const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(r.stdout?.trim()) || 100;
})();

/** A process's user + system CPU seconds so far (Linux /proc/PID/stat, fields 14 and 15), or NaN when it is gone. */
export function processCpuS(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis (field 3 first).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / clockTicks;
  } catch {
    return Number.NaN;
  }
}

/** A process's peak resident memory since it started, MiB (VmHWM), or NaN. */
function processPeakMiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** The cluster script's servers (scripts/clickhouse-cluster.sh writes DIR/sN/pid), shard by shard. */
export function clusterServerPids(root: string, env: NodeJS.ProcessEnv = process.env): number[] {
  const dir = env.CLICKHOUSE_CLUSTER_DIR || join(root, '.clickhouse');
  const pids: number[] = [];
  for (let i = 0; existsSync(join(dir, `s${i}`, 'pid')); i++) pids.push(Number(readFileSync(join(dir, `s${i}`, 'pid'), 'utf8').trim()));
  return pids;
}

/**
 * One statement on one ClickHouse server over HTTP; its text answer. A connection per statement: ClickHouse 18.16
 * closes idle keep-alive connections, and fetch's pool then fails its next statement ("other side closed").
 */
function clickhouseSql(t: ClickHouseTarget, server: string, sql: string): Promise<string> {
  return new Promise((done, fail) => {
    const req = httpRequest(
      `${server}/?user=${encodeURIComponent(t.username)}`,
      { method: 'POST', agent: false, headers: t.password ? { 'X-ClickHouse-Key': t.password } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300) fail(new Error(`scale bench: ClickHouse at ${server} answered ${res.statusCode}: ${text.slice(0, 300)}`));
          else done(text);
        });
      },
    );
    req.on('error', fail);
    req.end(sql);
  });
}

/** The address with another database and the companion store's path. */
export function clusterStoreUrl(address: string, database: string, store: string): string {
  const u = new URL(address.replace(/^clickhouse(s?):/i, 'http$1:'));
  u.pathname = `/${database}`;
  u.searchParams.set('store', store);
  return u.toString().replace(/^http(s?):/, 'clickhouse$1:');
}

/** Runs `node script args` under /usr/bin/time: wall, user + system CPU and peak resident memory of that process. */
function timed(step: string, script: string, args: readonly string[], lines: number, dir: string, serverPids: readonly number[] = []): ScaleStep & { stdout: string } {
  const before = serverPids.map(processCpuS);
  const tf = join(dir, 'time.txt');
  const r = spawnSync(TIME, ['-o', tf, '-f', '%e %U %S %M', process.execPath, script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = existsSync(tf) ? readFileSync(tf, 'utf8').trim().split('\n').pop()! : '0 0 0 0';
  const [wallS, user, sys, kb] = last.split(' ').map(Number);
  const serverCpuS = serverPids.map((p, i) => processCpuS(p) - before[i]);
  // On a cluster the servers' CPU is the step's too: it is where the per-line work runs.
  const cpuS = user + sys + serverCpuS.reduce((a, c) => a + (Number.isFinite(c) ? c : 0), 0);
  const ok = r.status === 0;
  return {
    step,
    ok,
    wallS,
    cpuS,
    maxRssMiB: kb / 1024,
    cpuNsPerLine: (cpuS * 1e9) / lines,
    ...(serverPids.length ? { serverCpuS } : {}),
    stdout: r.stdout ?? '',
    ...(ok ? {} : { error: `exit ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}` }),
  };
}

/**
 * For each size: generate the lines (Online Retail copies, in os.tmpdir()), then, each in its own process,
 * `clientele import orders --preset online-retail`, `value`, `clv fit`, `clv predict --horizon 52 --discount-rate 0.002 --accept-boundary` (Online Retail's BG/NBD fit has a at its boundary: the timing is the point here), a segment (count
 * of its members) and `report`, beside the bare DuckDB read-and-aggregate of the same file. Files are removed after.
 */
export async function benchScale(root: string, retail: string, sizes: readonly number[], log: (s: string) => void = () => {}, options: ScaleOptions = {}): Promise<ScaleSize[] | null> {
  if (!existsSync(TIME)) return null;
  const bin = resolve(root, 'bin', 'clientele.js');
  const child = join(dirname(fileURLToPath(import.meta.url)), 'scale-child.js');
  const out: ScaleSize[] = [];
  for (const lines of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'clientele-scale-'));
    try {
      const csv = join(dir, 'lines.csv');
      const target = options.clickhouse ? parseClickHouseUrl(options.clickhouse) : null;
      const database = `clientele_scale_${lines}`;
      const serverPids = target ? (options.serverPids ?? clusterServerPids(root)) : [];
      if (target) for (const s of target.shards) await clickhouseSql(target, s, `DROP DATABASE IF EXISTS ${database}`), await clickhouseSql(target, s, `CREATE DATABASE ${database}`);
      const db = target ? clusterStoreUrl(options.clickhouse!, database, join(dir, 'store.duckdb')) : join(dir, 'store.duckdb');
      const g0 = performance.now();
      await generateLines(retail, csv, lines);
      const generateS = (performance.now() - g0) / 1000;
      const fileMiB = statSync(csv).size / 2 ** 20;
      log(`  ${lines.toLocaleString('en-US')} lines: ${fileMiB.toFixed(0)} MiB generated in ${generateS.toFixed(1)} s`);
      const cli = (step: string, args: readonly string[]) => {
        const s = timed(step, bin, ['--db', db, ...args], lines, dir, serverPids);
        const servers = s.serverCpuS ? ` (servers ${s.serverCpuS.map((c) => c.toFixed(1)).join(' + ')} s)` : '';
        log(`    ${step}: ${s.ok ? 'ok' : 'FAILED'} ${s.wallS.toFixed(1)} s wall, ${s.cpuS.toFixed(1)} s CPU${servers}, ${s.maxRssMiB.toFixed(0)} MiB${s.error ? ` — ${s.error}` : ''}`);
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
      let cluster: ScaleSize['cluster'];
      if (target) {
        const shardLines: number[] = [];
        for (const s of target.shards) shardLines.push(Number((await clickhouseSql(target, s, `SELECT count() FROM ${database}.order_lines_local`)).trim()));
        const serverCpuS = serverPids.map((_, i) => steps.reduce((a, st) => a + (st.serverCpuS?.[i] ?? 0), 0));
        const nsPerLinePerShard = serverCpuS.map((c, i) => (c * 1e9) / Math.max(1, shardLines[i] ?? 0));
        cluster = { shardLines, serverCpuS, nsPerLinePerShard, serverPeakMiB: serverPids.map(processPeakMiB) };
        log(`    shards: ${shardLines.map((n, i) => `${n.toLocaleString('en-US')} lines, ${serverCpuS[i]?.toFixed(1)} s CPU, ${nsPerLinePerShard[i]?.toFixed(0)} ns a line`).join('; ')}`);
        for (const s of target.shards) await clickhouseSql(target, s, `DROP DATABASE IF EXISTS ${database}`);
      }
      rmSync(join(dir, 'store.duckdb'), { force: true });
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
        ...(cluster ? { cluster } : {}),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
