import { loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatNumber, table } from '../cli/format.js';
import { benchAct } from './act-bench.js';
import { benchClv } from './clv-bench.js';
import { benchClvStore } from './clv-store-bench.js';
import { benchImport } from './import-bench.js';
import { benchSegment } from './segment-bench.js';
import { benchStartup } from './startup-bench.js';
import { benchServer } from './server-bench.js';
import { benchScale, parseSize } from './scale-bench.js';
import { benchValue } from './value-bench.js';

/**
 * `npm run bench`: the figures the issues ask for, measured in one run on this machine. `--json` for programs;
 * `--only server,segment` runs some of them (startup, import, value, segment, clv, clv-store, act, server, scale).
 * `--sizes 1M,10M` picks the scale bench's sizes (default 1M,10M, and 100M too with `--only scale`).
 * `--clickhouse clickhouse://…` runs the scale bench's steps on that cluster (a fresh database per size).
 */
async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const at = process.argv.indexOf('--only');
  const only = at > 0 ? new Set((process.argv[at + 1] ?? '').split(',')) : null;
  const runs = (name: string) => only === null || only.has(name);
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const shared = (...p: string[]) => resolve(root, '..', 'shared', 'data', ...p);
  const results: Record<string, unknown> = {};
  const log = (s: string) => {
    if (!json) process.stdout.write(s + '\n');
  };

  if (runs('startup')) {
    log('CLI start-up: CPU seconds (user + system, /usr/bin/time) from start to exit, median of 5; imports and value on a stored run of a 300-customer demo …');
    const st = benchStartup(root);
    results.startup = st;
    if (st) {
      log(table(['command', 'CPU s'], [['clientele --version', st.cpu.version.toFixed(2)], ['clientele --help', st.cpu.help.toFixed(2)], ['clientele imports', st.cpu.imports.toFixed(2)], ['clientele value (stored run reused)', st.cpu.value.toFixed(2)]]));
      log(`target: --version < 0.3 s CPU — ${st.cpu.version < 0.3 ? 'met' : 'NOT met'}\n`);
    } else log('skipped startup bench: /usr/bin/time is missing');
  }

  if (runs('import')) {
    const retail = shared('online_retail', 'online_retail.csv');
    if (existsSync(retail)) {
      log('Import: online_retail.csv (541,909 lines), median of 3 runs, each in its own process, alternating with a bare DuckDB read_csv …');
      const r = await benchImport(retail, { preset: 'online-retail' });
      results.import = r;
      log(
        table(
          ['what', 'median ms', 'rows/s', 'CPU ms', 'peak MiB'],
          [
            ['clientele import (all checks, quarantine, load, facts)', Math.round(r.importMs), Math.round(r.rowsPerSecond), Math.round(r.importCpuMs), Math.round(r.importMaxRssMiB)],
            ['bare CREATE TABLE AS read_csv', Math.round(r.bareReadCsvMs), Math.round(r.rows / (r.bareReadCsvMs / 1000)), Math.round(r.bareCpuMs), Math.round(r.bareMaxRssMiB)],
          ],
        ),
      );
      const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
      log(`ratio import / bare read_csv: time ${formatNumber(r.ratio, 2)}×, peak memory ${formatNumber(r.memoryRatio, 2)}×; CPU ${formatNumber(r.importCpuMs / r.bareCpuMs, 2)}× (load average ${formatNumber(loadavg()[0], 1)})`);
      log(`  issue 13, time ≤ 3×: ${met(r.ratio <= 3)}; issue 16, time ≤ 2×: ${met(r.ratio <= 2)}, peak memory ≤ 2×: ${met(r.memoryRatio <= 2)}\n`);
    } else log(`skipped import bench: ${retail} is missing`);
  }

  if (runs('value')) {
    const lines = Number(process.env.BENCH_VALUE_LINES ?? 10_000_000);
    log(`Value: clientele value on ${formatNumber(lines)} synthetic order lines vs the bare SQL aggregation, median of 3, alternating …`);
    const v = await benchValue(lines);
    results.value = v;
    log(
      table(
        ['what', 'ms', '× bare'],
        [
          ['bare SQL: GROUP BY customer_id with count, sum, min, max (median)', Math.round(v.bareSqlMs), '1.00'],
          ['clientele value, from customer_facts (median)', Math.round(v.valueMs), formatNumber(v.ratio, 2)],
          ['bare SQL: distinct orders and days, sums by kind (median)', Math.round(v.fullBareSqlMs), formatNumber(v.fullBareSqlMs / v.bareSqlMs, 2)],
          ['only storing the rows a run stores, nothing computed (median)', Math.round(v.storeOnlyMs), formatNumber(v.storeOnlyRatio, 2)],
          ['clientele value reading every line (an earlier --as-of; one run)', Math.round(v.valueFromLinesMs), formatNumber(v.valueFromLinesMs / v.bareSqlMs, 2)],
          ['customer_facts built from every line (once, by the import)', Math.round(v.factsBuildMs), formatNumber(v.factsBuildMs / v.bareSqlMs, 2)],
        ],
      ),
    );
    log(
      `${formatNumber(v.customers)} customers. ratio value / bare SQL: ${formatNumber(v.ratio, 2)}× (target ≤ 5×, issue 16: ${v.ratio <= 5 ? 'met' : 'NOT met'}); against the fuller aggregation ${formatNumber(v.fullRatio, 2)}×; ` +
        `storing the ${formatNumber(v.customers)} rows alone is ${formatNumber(v.storeOnlyRatio, 2)}×`,
    );
    log('one more run, statement by statement:');
    log(table(['statement', 'ms', '× bare'], v.profile.filter((p) => p.ms >= 5).map((p) => [p.what, Math.round(p.ms), formatNumber(p.ms / v.bareSqlMs, 2)])));
    log('');
  }

  if (runs('segment')) {
    log('Segments: a rule over 1,000,000 synthetic customers with a stored value run, median of 5 …');
    const seg = await benchSegment(1_000_000);
    results.segment = seg;
    log(`rule: ${seg.rule}\nevaluated in ${formatNumber(seg.evaluateMs, 0)} ms, ${formatNumber(seg.members)} members (target < 1,000 ms)\n`);
  }

  if (runs('clv')) {
    log('Lifetime value model fits (CDNOW sample; 1,000,000 simulated customers), median ms …');
    const clv = await benchClv();
    results.clv = clv;
    log(table(['fit', 'median ms', 'runs', 'note'], clv.map((c) => [c.name, Math.round(c.medianMs * 10) / 10, c.runs, c.note ?? ''])));
    log('');
  }

  if (runs('clv-store')) {
    log('Lifetime value from the store: CDNOW master (23,570 customers), weeks, median of 5 …');
    const cs = await benchClvStore();
    results.clvStore = cs;
    log(
      table(
        ['what', 'median ms'],
        [
          ['input SQL: (x, t_x, T), z̄, holdout per customer, calibration to 1997-09-30', Math.round(cs.inputMs)],
          [`BG/NBD fit (${formatNumber(cs.distinctRows)} distinct rows)`, Math.round(cs.fitMs)],
          ['input + fit', Math.round(cs.inputPlusFitMs)],
          ['clv predict --horizon 52 (both fits, every customer, saved)', Math.round(cs.predictMs)],
        ],
      ),
    );
    log('');
  }

  if (runs('act')) {
    const retail = shared('online_retail', 'online_retail.csv');
    const bank = shared('bank_marketing', 'bank-additional-full.csv');
    if (existsSync(bank) && existsSync(retail)) {
      log('Acting: lead scoring on bank-additional-full (duration left out), cross-sell on online_retail (learned before 2011-09-01) …');
      const a = await benchAct();
      results.act = a;
      log(
        table(
          ['what', 'figure', 'ms'],
          [
            ['leads score: held-out AUC (25% stratified holdout, seed 1)', a.auc.toFixed(4), Math.round(a.scoreMs)],
            ['leads score: held-out calibration error (deciles)', a.calibrationError.toFixed(4), null],
            ['recommend: hit rate @10, co-occurrence', `${(a.hitRate * 100).toFixed(1)}%`, Math.round(a.recommendMs)],
            ['recommend: hit rate @10, popularity baseline', `${(a.popularityHitRate * 100).toFixed(1)}%`, null],
            [`recommend: test customers (bought something new after the split)`, formatNumber(a.testCustomers), null],
          ],
        ),
      );
      log(`target: AUC ≥ 0.78; co-occurrence above popularity\n`);
    } else log(`skipped act bench: ${bank} or ${retail} is missing`);
  }

  if (runs('server')) {
    const customers = Number(process.env.BENCH_SERVER_CUSTOMERS ?? 1_000_000);
    const seconds = Number(process.env.BENCH_SERVER_SECONDS ?? 30);
    const connections = Number(process.env.BENCH_SERVER_CONNECTIONS ?? 200);
    log(`Server: ${formatNumber(customers)} synthetic customers, the server in its own process on 127.0.0.1, autocannon with ${formatNumber(connections)} connections for ${seconds} s per route …`);
    const sv = await benchServer({ customers, seconds, connections });
    results.server = sv;
    log(`first request after the value run (its customer list prepared with it): ${formatNumber(Math.round(sv.warmUpMs))} ms (target < 2,000); ${sv.readers} read connections`);
    log(table(['route', 'connections', 'p50 ms', 'p99 ms', 'errors (timeouts, non-2xx)', 'requests', 'req/s'], sv.rows.map((r) => [r.route, r.connections, r.p50, r.p99, `${r.errors} (${r.timeouts}, ${r.non2xx})`, r.requests, Math.round(r.perSecond)])));
    const failed = sv.rows.filter((r) => (r.errors > 0 || r.p99 >= 100) && r.connections === connections);
    log(`target (issue 14): p99 < 100 ms and no errors at ${formatNumber(connections)} connections — ${failed.length ? `NOT met (${failed.map((r) => r.route).join('; ')})` : 'met'}`);
    const alone = sv.rows.find((r) => r.connections === 1);
    if (alone) log(`target: a rule never counted before < 1,000 ms alone — p50 ${alone.p50} ms, p99 ${alone.p99} ms: ${alone.p99 < 1000 ? 'met' : 'NOT met'}\n`);
  }

  if (runs('scale')) {
    const retail = shared('online_retail', 'online_retail.csv');
    const sz = process.argv.indexOf('--sizes');
    const sizes = sz > 0 ? (process.argv[sz + 1] ?? '').split(',').map(parseSize) : only?.has('scale') ? [1e6, 1e7, 1e8] : [1e6, 1e7];
    if (existsSync(retail)) {
      const ch = process.argv.indexOf('--clickhouse');
      const clickhouse = ch > 0 ? process.argv[ch + 1] : undefined;
      log(
        `Scale: ${sizes.map((n) => formatNumber(n)).join(', ')} order lines (copies of online_retail.csv), each step in its own process (/usr/bin/time)` +
          `${clickhouse ? ', on the ClickHouse cluster (CPU: the command and every server)' : ''}, beside bare DuckDB on the same file …`,
      );
      const sc = await benchScale(root, retail, sizes, log, { clickhouse });
      results.scale = sc;
      if (sc) {
        const rows = sc.flatMap((s) => [
          ...s.steps.map((st) => [formatNumber(s.lines), st.step + (st.ok ? '' : ' (FAILED)'), st.wallS.toFixed(1), st.cpuS.toFixed(1), Math.round(st.maxRssMiB), Math.round(st.cpuNsPerLine)]),
          [formatNumber(s.lines), 'clientele, all steps', s.total.wallS.toFixed(1), s.total.cpuS.toFixed(1), Math.round(s.total.maxRssMiB), Math.round(s.total.cpuNsPerLine)],
          [formatNumber(s.lines), s.bare.step + (s.bare.ok ? '' : ' (FAILED)'), s.bare.wallS.toFixed(1), s.bare.cpuS.toFixed(1), Math.round(s.bare.maxRssMiB), Math.round(s.bare.cpuNsPerLine)],
        ]);
        log(table(['lines', 'step', 'wall s', 'CPU s', 'peak MiB', 'CPU ns/line'], rows));
        const shards = sc.filter((s) => s.cluster);
        if (shards.length)
          log(
            table(
              ['lines', 'shard', 'lines on it', 'server CPU s', 'ns a line on it', 'server peak MiB'],
              shards.flatMap((s) =>
                s.cluster!.shardLines.map((n, i) => [formatNumber(s.lines), i + 1, formatNumber(n), s.cluster!.serverCpuS[i]?.toFixed(1) ?? '?', Math.round(s.cluster!.nsPerLinePerShard[i] ?? 0), Math.round(s.cluster!.serverPeakMiB[i] ?? 0)]),
              ),
            ),
          );
        const first = sc[0];
        const last = sc[sc.length - 1];
        const allOk = sc.every((s) => s.steps.every((st) => st.ok));
        const peak = Math.max(...sc.map((s) => s.total.maxRssMiB));
        const growth = last.total.cpuNsPerLine / first.total.cpuNsPerLine;
        log(
          `customers: ${sc.map((s) => `${formatNumber(s.lines)} lines → ${s.customers === null ? '?' : formatNumber(s.customers)}`).join('; ')}
` +
            `targets (issue 16): every step completes — ${allOk ? 'met' : 'NOT met'}; peak memory ≤ 8 GiB — ${peak <= 8192 ? 'met' : 'NOT met'} (${Math.round(peak)} MiB); ` +
            `CPU per line ${formatNumber(first.lines)} → ${formatNumber(last.lines)} within 1.5× — ${growth <= 1.5 ? 'met' : 'NOT met'} (${formatNumber(growth, 2)}×)\n`,
        );
      } else log('skipped scale bench: /usr/bin/time is missing');
    } else log(`skipped scale bench: ${retail} is missing`);
  }

  if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
}

await main();
