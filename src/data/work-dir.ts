/**
 * Temporary folders that hold copies of a user's data while a command runs (an import's copy of the file's lines,
 * an upload, the lines sent to a ClickHouse cluster). Each is named after the process that made it, so that one
 * left behind by a process that was killed (a copy of customer data in the system's temp folder) is removed by the
 * next command that makes one, once that process is gone.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The kinds of folder, each a name prefix under the temp folder. */
export type WorkKind = 'import' | 'upload' | 'ch-lines' | 'ch-products' | 'ch-stage';

const NAME = /^clientele-(import|upload|ch-lines|ch-products|ch-stage)-p(\d+)-[A-Za-z0-9]{6}$/;

/** Is a process with this id running (or ours to not know: another user's)? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists and belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the work folders of processes that are gone, in `dir` (the system's temp folder by default). Returns the
 * folders removed. A folder another process still uses, or that this user may not remove, is left alone.
 */
export async function sweepWorkDirs(dir = tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m || alive(Number(m[2]))) continue;
    try {
      await rm(join(dir, name), { recursive: true, force: true });
      removed.push(join(dir, name));
    } catch {
      /* another user's, or already gone */
    }
  }
  return removed;
}

/** Makes a work folder of this process (after sweeping those of processes that are gone). */
export async function makeWorkDir(kind: WorkKind, dir = tmpdir()): Promise<string> {
  await sweepWorkDirs(dir);
  return mkdtemp(join(dir, `clientele-${kind}-p${process.pid}-`));
}
