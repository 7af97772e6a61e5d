import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../engine/store.js';
import type { Engine } from '../engine/engine.js';

/** A temporary folder that tests write their own small files into. */
export function tempDir(prefix = 'clientele-test-'): { dir: string; file: (name: string, content: string | Buffer) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name, content) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A real DuckDB store in a temporary file. */
export async function tempStore(): Promise<{ engine: Engine; path: string; dir: ReturnType<typeof tempDir>; close: () => Promise<void> }> {
  const dir = tempDir();
  const path = join(dir.dir, 'store.duckdb');
  const engine = await openStore(path);
  return {
    engine,
    path,
    dir,
    close: async () => {
      await engine.close();
      dir.cleanup();
    },
  };
}
