import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli } from '../../test-support/cli.js';
import { tempDir } from '../../test-support/temp.js';

describe('clientele serve', () => {
  it('serves the store until stopped, with parallel read connections, and refuses bad options', async () => {
    const tmp = tempDir();
    try {
      const db = `${tmp.dir}/s.duckdb`;
      const bad = await runCli(['--db', db, 'serve', '--readers', '0']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--readers/);
      const child = spawnCli(['--db', db, 'serve', '--port', '0', '--readers', '2']);
      let err = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (b: Buffer) => {
          err += b.toString();
          const m = /on (http:\/\/\S+) \(OpenAPI/.exec(err);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
      });
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ ok: true });
      expect((await fetch(`${url}/api/customers`)).status).toBe(401);
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await done;
      expect(code).toBe(0);
      expect(err).toMatch(/clientele: stopped/);
      expect(err).toMatch(/GET \/api\/health 200 [\d.]+ms user=-/);
    } finally {
      tmp.cleanup();
    }
  });
});
