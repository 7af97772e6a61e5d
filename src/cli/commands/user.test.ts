import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../engine/store.js';
import { userOfToken } from '../../server/accounts.js';
import { CLI, runCli } from '../../test-support/cli.js';
import { tempDir } from '../../test-support/temp.js';

/** The built CLI with `input` on standard input. */
function withInput(args: readonly string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('clientele user password', () => {
  it("sets a user's password and ends every session of theirs, audited", async () => {
    const tmp = tempDir();
    try {
      const db = `${tmp.dir}/u.duckdb`;
      expect((await withInput(['--db', db, 'user', 'add', 'kim', '--role', 'viewer', '--password-stdin'], 'first-password-1\n')).code).toBe(0);
      const t = await runCli(['--db', db, 'user', 'token', 'kim', '--json']);
      expect(t.code, t.stderr).toBe(0);
      const { token } = JSON.parse(t.stdout) as { token: string };
      const short = await withInput(['--db', db, 'user', 'password', 'kim', '--password-stdin'], 'short\n');
      expect(short.code).toBe(2);
      expect(short.stderr).toMatch(/too short/);
      const set = await withInput(['--db', db, 'user', 'password', 'kim', '--password-stdin'], 'second-password-2\n');
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).toMatch(/sessions ended: 1/);
      const missing = await withInput(['--db', db, 'user', 'password', 'nobody', '--password-stdin'], 'second-password-2\n');
      expect(missing.code).toBe(5);
      const engine = await openStore(db);
      try {
        expect(await userOfToken(engine, token)).toBeNull();
        const [{ n }] = await engine.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE action = 'user.password' AND target = 'kim'");
        expect(Number(n)).toBe(1);
      } finally {
        await engine.close();
      }
    } finally {
      tmp.cleanup();
    }
  }, 120_000);
});
