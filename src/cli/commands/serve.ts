import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { openStore } from '../../engine/store.js';
import { newLocalToken, removeNote, startServer, writeNote } from '../../server/index.js';
import { numberOption } from '../options.js';
import { loadQualifyConfig } from './leads.js';
import { loadCompany } from './target.js';
import { loadValueConfig } from './value.js';

export function registerServe(program: Command, db: () => string): void {
  program
    .command('serve')
    .summary('the JSON API (and report) over HTTP, with accounts and roles; GET /openapi.json describes it')
    .description(
      `Serves the store over HTTP until stopped (Ctrl-C). Every route but /api/health, /api/login and /openapi.json
needs a bearer token: add users first with: clientele user add NAME --role admin|analyst|viewer.
The server holds the store while it runs (DuckDB allows one process per file); reads run in parallel on
--readers connections, imports and other writes alone. It leaves STORE.serve.json beside the store (owner-only)
so that clientele value, customer ID and import ENTITY FILE on the same store go through it meanwhile. Logs one line per request to
standard error: method, path, status, time and user id, never tokens or personal data.`,
    )
    .option('--port <n>', 'port (0 picks a free one)', '8080')
    .option('--host <addr>', 'address to listen on; keep 127.0.0.1 unless a TLS proxy sits in front', '127.0.0.1')
    .option('--max-upload-mb <n>', 'largest file an upload may be, in MB', '200')
    .option('--config <file>', 'JSON config (value, company and qualify sections); default ./clientele.config.json if present')
    .option('--readers <n>', 'store connections that answer reads in parallel', '4')
    .action(async (o: { port: string; host: string; maxUploadMb: string; config?: string; readers: string }) => {
      const port = numberOption('--port', o.port, 0, 65535);
      const maxUploadBytes = Math.round(numberOption('--max-upload-mb', o.maxUploadMb, 0.001, 1_000_000) * 1024 * 1024);
      const valueConfig = loadValueConfig(o.config ? { config: o.config } : {});
      const company = loadCompany(o.config ? { config: o.config } : {});
      // The shared config file: value, company and qualify sections.
      const qualify = loadQualifyConfig(o.config, { sectionOnly: true });
      const readers = numberOption('--readers', o.readers, 1, 64);
      if (!Number.isInteger(readers)) throw new UsageError(`--readers ${o.readers}: expected a whole number from 1 to 64`);
      const engine = await openStore(db(), { readers });
      const localToken = newLocalToken();
      let server;
      try {
        server = await startServer({ engine, valueConfig, company, qualify, maxUploadBytes, localToken, debug: !!process.env.CLIENTELE_DEBUG, log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) }, { port, host: o.host });
      } catch (e) {
        await engine.close();
        throw e;
      }
      // The note for the CLI on this machine (server/local.ts); removed when the server stops.
      writeNote(db(), { pid: process.pid, url: server.url.replace('0.0.0.0', '127.0.0.1').replace('[::]', '[::1]'), token: localToken });
      process.stderr.write(`clientele: serving ${engine.location} on ${server.url} (OpenAPI: ${server.url}/openapi.json); Ctrl-C stops\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          done();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      removeNote(db());
      await server.close();
      await engine.close();
      process.stderr.write('clientele: stopped\n');
    });
}
