/**
 * Work folders (copies of a user's data while a command runs) are named after their process, and those of a process
 * that is gone (killed mid-import) are removed by the next command that makes one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp.js';
import { makeWorkDir, sweepWorkDirs } from './work-dir.js';

const dirs: Array<ReturnType<typeof tempDir>> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

/** The id of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '0']);
  return r.pid!;
}

describe('work folders', () => {
  it('removes the folders of processes that are gone, and only those', async () => {
    const d = tempDir('clientele-workdir-test-');
    dirs.push(d);
    const gone = deadPid();
    const names = [`clientele-import-p${gone}-aB3dE9`, `clientele-ch-lines-p${gone}-Zz0000`, `clientele-import-p${process.pid}-abcdef`, 'clientele-import-abcdef', 'clientele-web-p1-abcdef', 'notes'];
    for (const n of names) {
      mkdirSync(join(d.dir, n));
      writeFileSync(join(d.dir, n, '__import_0.lines.csv'), '2,C1,alice@example.com\n');
    }
    const removed = await sweepWorkDirs(d.dir);
    expect(removed.map((p) => p.slice(d.dir.length + 1)).sort()).toEqual([`clientele-ch-lines-p${gone}-Zz0000`, `clientele-import-p${gone}-aB3dE9`]);
    expect(readdirSync(d.dir).sort()).toEqual([`clientele-import-p${process.pid}-abcdef`, 'clientele-import-abcdef', 'clientele-web-p1-abcdef', 'notes'].sort());
  });

  it("makes this process's folder, named after it, and sweeps first", async () => {
    const d = tempDir('clientele-workdir-test-');
    dirs.push(d);
    const stale = join(d.dir, `clientele-upload-p${deadPid()}-qwerty`);
    mkdirSync(stale);
    const made = await makeWorkDir('import', d.dir);
    expect(made.slice(d.dir.length + 1)).toMatch(new RegExp(`^clientele-import-p${process.pid}-[A-Za-z0-9]{6}$`));
    expect(existsSync(made)).toBe(true);
    expect(existsSync(stale)).toBe(false);
  });
});
