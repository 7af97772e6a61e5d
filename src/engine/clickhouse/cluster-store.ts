/**
 * A ClickHouse store (`--db clickhouse://…`, docs/clickhouse.md): the order lines live only on the cluster, sharded
 * by customer; everything else (customers, products, settings, the imports and their undo records, quarantine,
 * value runs, segments, users…) lives in an embedded DuckDB companion file. Commands get the companion as their
 * Engine and the cluster's lines as a LineSource (cluster-lines.ts).
 *
 * An import of orders is read and checked by the embedded importer into the companion (as on a DuckDB store), then
 * its lines are loaded into the cluster under the same import id (staged, then attached shard by shard:
 * lines.ts), then deleted from the companion. The cluster's imports_log says how far an import got, and opening the
 * store finishes or undoes what a killed process left, so an import is visible everywhere or nowhere:
 *   - cluster 'done', lines still in the companion: the move finished on the cluster; the companion's copy goes;
 *   - cluster 'loading': dropped from every shard (recoverClickHouseImports), then as 'discarded';
 *   - cluster 'discarded': a failed load or an unfinished undo; the companion's import is removed too;
 *   - no cluster record, lines in the companion: a DuckDB store being moved to the cluster (or an import killed in
 *     the instant between its commit and its first cluster record): its lines are moved now.
 */
import { StoreError } from '../../errors.js';
import { DEFAULT_WINDOW_DAYS, factsState, forgetFactsState } from '../../data/facts.js';
import { removeImport, type RemoveReport } from '../../data/remove.js';
import { LINES, LINES_LOCAL, PRODUCTS, sqlDropPartition, sqlImportStates, sqlLogImport } from '../../sql/clickhouse/tables.js';
import type { Engine } from '../engine.js';
import { COMPANION_MARK, openStore } from '../store.js';
import { ClickHouseEngine } from './clickhouse-engine.js';
import { ClusterLines } from './cluster-lines.js';
import { CompanionEngine } from './companion-engine.js';
import { ensureLineTables, loadOrderLines, recoverClickHouseImports, replaceProducts } from './lines.js';
import { parseClusterStoreAddress } from './url.js';

export { parseClusterStoreAddress, type ClusterStoreAddress } from './url.js';

export interface ClusterStore {
  /** The companion: every table but the order lines. */
  readonly engine: Engine;
  readonly ch: ClickHouseEngine;
  readonly lines: ClusterLines;
  readonly companion: string;
  /** Imports whose lines were moved from the companion to the cluster while opening (a DuckDB store moving over). */
  readonly moved: readonly number[];
  close(): Promise<void>;
}

/** The cluster's imports_log entity of a ClickHouse store's imports (`cluster push` logs 'orders'). */
const STORE_ORDERS = 'store-orders';
/**
 * The entity of a ClickHouse store's subscription billing lines: a partition under the id of the subscriptions
 * import they bill (as on a DuckDB store), replaced whole by each `subscriptions bill`.
 */
const STORE_BILLING = 'store-billing';

type States = Map<number, string>;

/** The state of every import of the store's own on the cluster (orders, or billing with `entity`); throws when the cluster holds lines of anyone else. */
async function states(ch: ClickHouseEngine, entity = STORE_ORDERS): Promise<States> {
  const all = await ch.query<{ import_id: number; status: string; entity: string }>(sqlImportStates());
  const pushed = all.filter((s) => s.entity !== STORE_ORDERS && s.entity !== STORE_BILLING && s.status === 'done').map((s) => s.import_id);
  if (pushed.length) {
    throw new StoreError(
      `the ClickHouse database ${ch.target.database} holds order lines copied by clientele cluster push (imports ${pushed.slice(0, 5).join(', ')}${pushed.length > 5 ? ', …' : ''}), not a ClickHouse store's`,
      'use another database in the address (…:8123/NEW_DATABASE?…): a DuckDB store given with &store=FILE moves its lines there itself',
    );
  }
  return new Map(all.filter((s) => s.entity === entity).map((s) => [s.import_id, s.status]));
}

/** `readers`: the companion's read views (the server's pool; DuckDB's default otherwise). */
export async function openClusterStore(db: string, o: { readers?: number } = {}): Promise<ClusterStore> {
  const { target, companion } = parseClusterStoreAddress(db);
  if (!target.cluster) throw new StoreError('a ClickHouse store needs a cluster: add ?cluster=NAME to the address', 'write clickhouse://user@host:8123/database?cluster=NAME&shards=host:port,… (docs/clickhouse.md)');
  const ch = await ClickHouseEngine.open(target, { createDatabase: true });
  let engine: Engine | null = null;
  try {
    await ensureLineTables(ch);
    await recoverClickHouseImports(ch);
    // A database that holds someone else's lines is refused before the companion file is created.
    await states(ch);
    engine = await openStore(companion, o.readers !== undefined ? { readers: o.readers } : {}, { companion: true });
    await engine.run(`CREATE TABLE IF NOT EXISTS ${COMPANION_MARK} (address VARCHAR)`);
    await engine.run(`DELETE FROM ${COMPANION_MARK}`);
    await engine.run(`INSERT INTO ${COMPANION_MARK} VALUES ($1)`, [ch.location]);
    const moved = await reconcile(engine, ch);
    const lines = new ClusterLines(ch);
    // Commands and read views alike reach the cluster's lines (companion-engine.ts).
    const e = new CompanionEngine(engine, lines);
    return { engine: e, ch, lines, companion, moved, close: async () => { await e.close(); await ch.close(); } };
  } catch (err) {
    await engine?.close().catch(() => undefined);
    await ch.close().catch(() => undefined);
    throw err;
  }
}

/** Brings the companion and the cluster into agreement after whatever a killed process left (see the top). */
async function reconcile(engine: Engine, ch: ClickHouseEngine): Promise<number[]> {
  const st = await states(ch);
  const mine = new Set((await engine.query<{ import_id: number }>("SELECT import_id FROM imports WHERE entity = 'orders' AND status = 'done'")).map((r) => r.import_id));
  const foreign = [...st].filter(([id, s]) => s === 'done' && !mine.has(id)).map(([id]) => id);
  if (foreign.length) {
    throw new StoreError(
      `the ClickHouse database ${ch.target.database} holds order-line imports that the store ${engine.location} does not have (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}): another store's lines`,
      'give the store they belong to with &store=FILE, or use another database in the address (…:8123/NEW_DATABASE?…)',
    );
  }
  const local = new Map((await engine.query<{ import_id: number; n: number }>('SELECT import_id, count(*) AS n FROM order_lines GROUP BY import_id')).map((r) => [r.import_id, r.n]));
  const moved: number[] = [];
  let changed = false;
  for (const id of [...mine].sort((a, b) => a - b)) {
    const s = st.get(id);
    if (s === 'done') {
      if (local.has(id)) await engine.run('DELETE FROM order_lines WHERE import_id = $1', [id]);
    } else if (s === 'discarded') {
      await removeImport(engine, id);
      changed = true;
    } else if (local.has(id)) {
      await moveImportLines(engine, ch, id);
      moved.push(id);
      changed = true;
    }
  }
  // Billing lines in the companion are a bill not yet (or not wholly) on the cluster: they go there now. A billing
  // partition whose subscriptions import the companion no longer has (undone, or replaced by the same file again) goes.
  const subs = new Set((await engine.query<{ import_id: number }>("SELECT import_id FROM imports WHERE entity = 'subscriptions'")).map((r) => r.import_id));
  for (const id of [...local.keys()].filter((i) => subs.has(i)).sort((a, b) => a - b)) {
    await moveBillingLines(engine, ch, id);
    changed = true;
  }
  await dropStaleBilling(engine, ch);
  const [{ n: products }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM products');
  const [{ n: theirs }] = await ch.query<{ n: number }>(`SELECT toInt64(count()) AS n FROM ${PRODUCTS}`);
  if (changed || products !== theirs) await replaceProducts(ch, engine);
  return moved;
}

/** Loads one companion import's lines into the cluster under its own id, then deletes them from the companion. */
export async function moveImportLines(engine: Engine, ch: ClickHouseEngine, importId: number, o: { beforeAttach?: () => Promise<void> } = {}): Promise<number> {
  const [{ n }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines WHERE import_id = $1', [importId]);
  if (n > 0) await loadOrderLines(ch, engine, { importId, logAs: STORE_ORDERS, where: `import_id = ${Number(importId)}`, ...(o.beforeAttach ? { beforeAttach: o.beforeAttach } : {}) });
  await engine.run('DELETE FROM order_lines WHERE import_id = $1', [importId]);
  return n;
}

/** Drops an import's partition from every shard and records it as discarded. */
async function dropFromCluster(ch: ClickHouseEngine, importId: number, entity = STORE_ORDERS): Promise<void> {
  await ch.runOnEveryShard(sqlDropPartition(LINES_LOCAL, importId));
  await ch.run(sqlLogImport(), [importId, entity, 'discarded']);
}

/**
 * Sends the billing lines the companion holds under `importId` (a subscriptions import) to the cluster, as an
 * import is sent (staged on every shard, then attached shard by shard), in place of every bill there: just before
 * the attach, every billing partition leaves every shard (a DuckDB store's bill deletes every earlier billing line
 * too). The companion's lines go only once the cluster's log says 'done'; until then they are the bill, and opening
 * the store sends them again (the attach loop is the only window in which readers see part of it).
 */
async function moveBillingLines(engine: Engine, ch: ClickHouseEngine, importId: number): Promise<number> {
  const billed = [...(await states(ch, STORE_BILLING))].filter(([, s]) => s === 'done').map(([id]) => id);
  const replaced = async () => {
    for (const id of new Set([...billed, importId])) await ch.runOnEveryShard(sqlDropPartition(LINES_LOCAL, id));
    for (const id of billed) if (id !== importId) await ch.run(sqlLogImport(), [id, STORE_BILLING, 'discarded']);
  };
  const [{ n }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines WHERE import_id = $1', [importId]);
  if (n > 0) await loadOrderLines(ch, engine, { importId, logAs: STORE_BILLING, where: `import_id = ${Number(importId)}`, beforeAttach: replaced });
  await engine.run('DELETE FROM order_lines WHERE import_id = $1', [importId]);
  // The companion's inputs (its line count, order imports, products) may not show the change: the facts are stale.
  await forgetFactsState(engine);
  return n;
}

/** Billing partitions of subscriptions imports the companion no longer holds leave the cluster. */
async function dropStaleBilling(engine: Engine, ch: ClickHouseEngine): Promise<void> {
  const mine = new Set((await engine.query<{ import_id: number }>("SELECT import_id FROM imports WHERE entity = 'subscriptions' AND status = 'done'")).map((r) => r.import_id));
  for (const [id, s] of await states(ch, STORE_BILLING)) {
    if (s === 'done' && !mine.has(id)) {
      await dropFromCluster(ch, id, STORE_BILLING);
      await forgetFactsState(engine);
    }
  }
}

/**
 * After `subscriptions bill` (or `subscriptions from-customers`) has written the bill into the companion: its lines
 * replace every billing line on the cluster (moveBillingLines), and the plans (products) go to every shard. If that
 * fails, the bill stays in the companion and goes to the cluster the next time the store is opened; a StoreError says so.
 */
export async function moveBillingToCluster(store: ClusterStore): Promise<number> {
  const ids = (await store.engine.query<{ import_id: number }>('SELECT DISTINCT import_id FROM order_lines ORDER BY import_id')).map((r) => r.import_id);
  try {
    let lines = 0;
    for (const id of ids) lines += await moveBillingLines(store.engine, store.ch, id);
    await replaceProducts(store.ch, store.engine);
    return lines;
  } catch (e) {
    const cause = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new StoreError(
      `the billing lines could not be loaded into the ClickHouse cluster (${cause}); they are kept in the store and go to the cluster the next time it is opened`,
      'check the cluster (scripts/clickhouse-cluster.sh status, or your servers), then run clientele subscriptions bill again',
    );
  }
}

/**
 * After the embedded importer has put `importIds` (orders) in the companion: their lines go to the cluster, all or
 * none. On a failure every one of them is taken out of the cluster and the companion, and a StoreError says so.
 */
export async function moveImportsToCluster(store: ClusterStore, importIds: readonly number[], o: { beforeAttach?: () => Promise<void> } = {}): Promise<number> {
  const done: number[] = [];
  let lines = 0;
  try {
    for (const id of importIds) {
      lines += await moveImportLines(store.engine, store.ch, id, o);
      done.push(id);
    }
    // An import that replaced an earlier one (the same file again) took the earlier one out of the companion: its
    // lines leave the cluster too.
    const mine = new Set((await store.engine.query<{ import_id: number }>("SELECT import_id FROM imports WHERE entity = 'orders' AND status = 'done'")).map((r) => r.import_id));
    for (const [id, s] of await states(store.ch)) if (s === 'done' && !mine.has(id)) await dropFromCluster(store.ch, id);
    await dropStaleBilling(store.engine, store.ch);
    await replaceProducts(store.ch, store.engine);
    return lines;
  } catch (e) {
    const cause = e instanceof Error ? e.message.split('\n')[0] : String(e);
    try {
      await recoverClickHouseImports(store.ch);
      for (const id of importIds) {
        if (done.includes(id)) await dropFromCluster(store.ch, id);
        else await store.ch.run(sqlLogImport(), [id, STORE_ORDERS, 'discarded']);
        await removeImport(store.engine, id);
      }
    } catch {
      // What is left is finished the next time the store is opened (the cluster's log says 'discarded').
    }
    throw new StoreError(
      `the order lines could not be loaded into the ClickHouse cluster (${cause}); the import was undone: neither the store nor the cluster holds it`,
      'check the cluster (scripts/clickhouse-cluster.sh status, or your servers), then import the file again',
    );
  }
}

/** Undoes an import on a ClickHouse store: its partition leaves every shard, then its rows leave the companion. */
export async function removeClusterImport(store: ClusterStore, importId: number): Promise<RemoveReport> {
  const [imp] = await store.engine.query<{ entity: string }>('SELECT entity FROM imports WHERE import_id = $1', [importId]);
  // The lines leaving the cluster, reported as a DuckDB store reports the rows it deletes.
  const [{ n: lines }] = imp ? await store.ch.query<{ n: number }>(`SELECT toInt64(count()) AS n FROM ${LINES} WHERE import_id = $1`, [importId]) : [{ n: 0 }];
  if (imp?.entity === 'orders') await dropFromCluster(store.ch, importId);
  // A subscriptions import's billing lines (on a DuckDB store they carry its id and go with it).
  if (imp?.entity === 'subscriptions' && (await states(store.ch, STORE_BILLING)).get(importId) === 'done') {
    await dropFromCluster(store.ch, importId, STORE_BILLING);
    await forgetFactsState(store.engine);
  }
  const r = await removeImport(store.engine, importId);
  await replaceProducts(store.ch, store.engine);
  return lines > 0 ? { ...r, deleted: { order_lines: lines, ...r.deleted } } : r;
}

/**
 * After a change to a ClickHouse store's lines (an import, an undo): the customer facts are recomputed on the cluster
 * and written to the companion, at the growth window they had. Returns the customers with facts.
 */
export async function refreshClusterFacts(store: Pick<ClusterStore, 'engine' | 'lines'>): Promise<number> {
  const windowDays = (await factsState(store.engine))?.windowDays ?? DEFAULT_WINDOW_DAYS;
  await store.engine.transaction(() => store.lines.currentFacts(store.engine, windowDays));
  const [{ n }] = await store.engine.query<{ n: number }>('SELECT count(*) AS n FROM customer_facts');
  return n;
}

export { LINES };
