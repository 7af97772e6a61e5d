import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './shared-data.js';

/** The built CLI, run as a user runs it (`npm test` builds first). */
export const CLI = join(projectRoot, 'bin', 'clientele.js');

/**
 * The built CLI, run as a user runs it, without blocking: a worker blocked past 60 s (a long run, or many short
 * ones in a row on a busy machine) cannot answer Vitest's runner, whose RPC then times out ("Timeout calling
 * onTaskUpdate") and fails a run in which every test passed.
 */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c ?? -1));
  });
  return { code, stdout, stderr };
}

export function spawnCli(args: readonly string[]) {
  return spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
