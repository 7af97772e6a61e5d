import { spawn, type ChildProcess } from 'node:child_process';
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

/**
 * `clientele … serve` started as a user starts it: resolves once it says where it serves, with its URL and what it
 * has written to stderr so far (`stderr()`, read again later for its log); rejects if it exits first.
 */
export async function serveCli(args: readonly string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawnCli(args);
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', () => {
      const m = /on (http:\/\/\S+) \(OpenAPI/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  return { child, url, stderr: () => err };
}
