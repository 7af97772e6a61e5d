import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../engine/engine.js';
import { FORMAT_BAD_INPUTS } from '../test-support/bad-input-formats.js';
import { tempDir, tempStore } from '../test-support/temp.js';
import { importFiles } from './import.js';
import { FileRefusal, OptionRefusal } from './refusals.js';

/** The front end's bad inputs (src/test-support/bad-input-formats.ts): each refused with its code and nothing changed, or counted. */
let store: Awaited<ReturnType<typeof tempStore>>;
const files = tempDir('clientele-bad-formats-');
beforeAll(async () => {
  store = await tempStore();
});
afterAll(async () => {
  await store.close();
  files.cleanup();
});

/** Rows of every table: a refused file must change none. */
async function rowCounts(engine: Engine): Promise<Record<string, number>> {
  const tables = await engine.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1");
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = (await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${engine.dialect.quoteIdent(name)}`))[0].n;
  return out;
}

describe('bad inputs of the importer front end', () => {
  it.each(FORMAT_BAD_INPUTS.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const path = files.file(name, c.bytes());
    const before = await rowCounts(store.engine);
    const run = importFiles(store.engine, { entity: c.entity, files: [path], ...(c.options ?? {}) });
    if ('refused' in c.expect) {
      const e = await run.then(
        () => null,
        (x: unknown) => x,
      );
      expect(e instanceof OptionRefusal || e instanceof FileRefusal, String(e)).toBe(true);
      expect((e as OptionRefusal).code).toBe(c.expect.refused);
      expect(await rowCounts(store.engine)).toEqual(before);
    } else {
      const r = await run;
      expect({ read: r.rowsRead, loaded: r.imported, quarantined: r.quarantined }).toEqual({ read: c.expect.dataLines, loaded: c.expect.loaded, quarantined: c.expect.quarantined });
    }
  });
});
