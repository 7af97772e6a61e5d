/** A real server on 127.0.0.1 (ephemeral port) over a real DuckDB file with the demo company, for the tests. */
import { join } from 'node:path';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo } from '../demo/index.js';
import type { Engine } from '../engine/engine.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeCompany } from '../target/index.js';
import { normalizeValueConfig } from '../value/index.js';
import { addUser, issueToken, type Role } from './accounts.js';
import type { ServerOptions } from './route.js';
import { startServer, type RunningServer } from './serve.js';

export interface Fixture {
  readonly engine: Engine;
  readonly server: RunningServer;
  readonly tokens: Record<Role, string>;
  readonly passwords: Record<Role, string>;
  readonly logs: string[];
  start(extra?: Partial<ServerOptions>): Promise<RunningServer>;
  close(): Promise<void>;
}

export async function fixture(customers = 300, extra: Partial<ServerOptions> = {}): Promise<Fixture> {
  const store = await tempStore();
  const demo = await generateDemo({ customers, seed: 7, outDir: join(store.dir.dir, 'demo') });
  await importDemoFiles(store.engine, demo.files);
  const passwords: Record<Role, string> = { admin: 'admin-password-1', analyst: 'analyst-password-1', viewer: 'viewer-password-1' };
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'analyst', 'viewer'] as const) {
    const u = await addUser(store.engine, role, role, passwords[role]);
    tokens[role] = (await issueToken(store.engine, u, 'api', 3600)).token;
  }
  const logs: string[] = [];
  const servers: RunningServer[] = [];
  const start = async (more: Partial<ServerOptions> = {}) => {
    const s = await startServer({ engine: store.engine, valueConfig: normalizeValueConfig({}), company: normalizeCompany({}), log: (l) => logs.push(l), debug: !!process.env.CLIENTELE_DEBUG, ...extra, ...more }, { port: 0, host: '127.0.0.1' });
    servers.push(s);
    return s;
  };
  const server = await start();
  return {
    engine: store.engine,
    server,
    tokens,
    passwords,
    logs,
    start,
    close: async () => {
      for (const s of servers) await s.close();
      await store.close();
    },
  };
}

/** Rows in every table of the store, to show a refused request changed nothing. */
export async function rowCounts(engine: Engine): Promise<Record<string, number>> {
  const tables = await engine.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1");
  const out: Record<string, number> = {};
  for (const { name } of tables) out[name] = (await engine.query<{ n: number }>(`SELECT count(*) AS n FROM ${engine.dialect.quoteIdent(name)}`))[0].n;
  return out;
}
