import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { openStore } from '../../engine/store.js';
import { isClickHouseUrl } from '../../engine/clickhouse/url.js';
import { newLocalToken, removeNote, startServer, writeNote } from '../../server/index.js';
import { numberOption } from '../options.js';
import { loadQualifyConfig } from './leads.js';
import { loadCompany } from './target.js';
import { loadValueConfig } from './value.js';
import { t } from '../i18n/index.js';
import { terminalText } from '../format.js';

export function registerServe(program: Command, db: () => string): void {
  program
    .command('serve')
    .summary(t('cmd.serve'))
    .description(t('serve.description'))
    .option('--port <n>', t('serve.opt.port'), '8080')
    .option('--host <addr>', t('serve.opt.host'), '127.0.0.1')
    .option('--max-upload-mb <n>', t('serve.opt.maxUpload'), '200')
    .option('--config <file>', t('serve.opt.config'))
    .option('--readers <n>', t('serve.opt.readers'), '4')
    .action(async (o: { port: string; host: string; maxUploadMb: string; config?: string; readers: string }) => {
      const port = numberOption('--port', o.port, 0, 65535);
      const maxUploadBytes = Math.round(numberOption('--max-upload-mb', o.maxUploadMb, 0.001, 1_000_000) * 1024 * 1024);
      const valueConfig = loadValueConfig(o.config ? { config: o.config } : {});
      const company = loadCompany(o.config ? { config: o.config } : {});
      // The shared config file: value, company and qualify sections.
      const qualify = loadQualifyConfig(o.config, { sectionOnly: true });
      const readers = numberOption('--readers', o.readers, 1, 64);
      if (!Number.isInteger(readers)) throw new UsageError(t('serve.badReaders', { value: o.readers }));
      // A ClickHouse store (docs/clickhouse.md): the companion serves, its read views reading the cluster's lines.
      const cluster = isClickHouseUrl(db()) ? await (await import('../../engine/clickhouse/cluster-store.js')).openClusterStore(db(), { readers }) : null;
      if (cluster?.moved.length) process.stderr.write(`${terminalText(t('cluster.store.moved', { n: cluster.moved.length, ids: cluster.moved.join(', ') }))}\n`);
      const engine = cluster ? cluster.engine : await openStore(db(), { readers });
      const close = () => (cluster ? cluster.close() : engine.close());
      const localToken = newLocalToken();
      let server;
      try {
        server = await startServer({ engine, ...(cluster ? { cluster } : {}), valueConfig, company, qualify, maxUploadBytes, localToken, debug: !!process.env.CLIENTELE_DEBUG, log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) }, { port, host: o.host });
      } catch (e) {
        await close();
        throw e;
      }
      // The note for the CLI on this machine (server/local.ts); removed when the server stops.
      writeNote(db(), { pid: process.pid, url: server.url.replace('0.0.0.0', '127.0.0.1').replace('[::]', '[::1]'), token: localToken });
      process.stderr.write(`clientele: ${t('serve.serving', { db: engine.location, url: server.url })}\n`);
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
      await close();
      process.stderr.write(`clientele: ${t('serve.stopped')}\n`);
    });
}
