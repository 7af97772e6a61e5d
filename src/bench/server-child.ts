/**
 * The server of the load bench, in a process of its own so the load generator does not share its event loop:
 * `node server-child.js STORE READERS`. Sends `{ url }` to the parent once it listens; stops when the parent
 * disconnects.
 */
import { openStore } from '../engine/store.js';
import { startServer } from '../server/serve.js';
import { normalizeCompany } from '../target/index.js';
import { normalizeValueConfig } from '../value/index.js';
import { BENCH_VALUE_CONFIG } from './server-bench.js';

const [path, readers] = process.argv.slice(2);
const engine = await openStore(path, { readers: Number(readers) });
const server = await startServer({ engine, valueConfig: normalizeValueConfig(BENCH_VALUE_CONFIG), company: normalizeCompany({}) }, { port: 0, host: '127.0.0.1' });
process.send?.({ url: server.url });
process.on('disconnect', () => {
  void server.close().then(() => engine.close());
});
