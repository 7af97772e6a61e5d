import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './stats.js';

export interface StartupResult {
  /** Median CPU seconds (user + system) of the whole process, as /usr/bin/time counts them. */
  readonly cpu: { readonly version: number; readonly help: number; readonly imports: number; readonly value: number };
  readonly runs: number;
  readonly customers: number;
}

const TIME = '/usr/bin/time';

/** CPU seconds of one run of the CLI: user + system of the child process, by /usr/bin/time -f '%U %S'. */
function cpuOf(bin: string, args: readonly string[], dir: string): number {
  const out = join(dir, 'time.txt');
  const r = spawnSync(TIME, ['-o', out, '-f', '%U %S', process.execPath, bin, ...args], { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`startup bench: clientele ${args.join(' ')} exited ${r.status}`);
  const [u, s] = readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return u + s;
}

/**
 * `clientele --version`, `--help`, `imports` and `value` on a stored run (a small demo company, valued once so the
 * timed `value` reuses the stored run): the median CPU time of `runs` runs each, start to exit.
 */
export function benchStartup(root: string, runs = 5, customers = 300): StartupResult | null {
  if (!existsSync(TIME)) return null;
  const bin = resolve(root, 'bin', 'clientele.js');
  const dir = mkdtempSync(join(tmpdir(), 'clientele-startup-'));
  try {
    const db = join(dir, 'store.duckdb');
    const setup = spawnSync(process.execPath, [bin, '--db', db, 'demo', '--customers', String(customers), '--out', join(dir, 'demo'), '--json'], { stdio: 'ignore' });
    if (setup.status !== 0) throw new Error(`startup bench: the demo company could not be built (exit ${setup.status})`);
    const times = (args: readonly string[]) => median(Array.from({ length: runs }, () => cpuOf(bin, args, dir)));
    return {
      cpu: { version: times(['--version']), help: times(['--help']), imports: times(['--db', db, 'imports']), value: times(['--db', db, 'value']) },
      runs,
      customers,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
