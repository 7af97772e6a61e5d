import { afterEach, beforeEach } from 'vitest';
import { importFiles, type ImportOptions } from '../data/import.js';
import type { Engine } from '../engine/engine.js';
import { tempStore } from './temp.js';

type Store = Awaited<ReturnType<typeof tempStore>>;

/**
 * A fresh store for each test of the calling file (registers vitest's beforeEach/afterEach), with the import tests'
 * two helpers: `run` imports one file written into the store's folder (with `defaults`, then `extra`), `rows` queries.
 */
export function storePerTest(defaults: Partial<ImportOptions> = {}) {
  let current: Store | null = null;
  beforeEach(async () => {
    current = await tempStore();
  });
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  const store = (): Store => {
    if (!current) throw new Error('storePerTest: used outside a test');
    return current;
  };
  return {
    get store(): Store {
      return store();
    },
    get engine(): Engine {
      return store().engine;
    },
    run: (entity: ImportOptions['entity'], name: string, content: string | Buffer, extra: Partial<ImportOptions> = {}) =>
      importFiles(store().engine, { entity, files: [store().dir.file(name, content)], ...defaults, ...extra }),
    rows: <T = Record<string, unknown>>(sql: string) => store().engine.query<T>(sql),
  };
}
