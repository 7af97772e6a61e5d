/**
 * One store, many users: while `clientele serve` holds a store (DuckDB allows one process per file), it leaves a
 * note beside it, `STORE.serve.json` (readable by its owner only: mode 0600), with its address, process id and a
 * local token. The CLI finds the note and sends `value`, `customer ID` and `import ENTITY FILE` to the server
 * instead of opening the store (cli/server-client.ts): imports go through the dashboard's own upload route, so the
 * server sees the new data at once. The local token acts as the CLI (an admin, audited as "cli"); whoever can read
 * the note could open the store file itself, so it grants nothing new. It lives as long as the server.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isClickHouseUrl, parseClusterStoreAddress } from '../engine/clickhouse/url.js';
import { sha256 } from './accounts.js';

export interface ServeNote {
  readonly pid: number;
  readonly url: string;
  readonly token: string;
  readonly store: string;
}

/** The file a store's note sits beside: the store, or a ClickHouse store's companion (docs/clickhouse.md). */
const noteFile = (store: string): string => resolve(isClickHouseUrl(store) ? parseClusterStoreAddress(store).companion : store);

/** Where the note of a store is. */
export const notePath = (store: string): string => `${noteFile(store)}.serve.json`;

/** A fresh local token, shaped like the others. */
export const newLocalToken = (): string => `clt_${randomBytes(32).toString('base64url')}`;

/** True when `token` is the server's local token (compared in constant time). */
export function isLocalToken(token: string, local: string | undefined): boolean {
  return local !== undefined && timingSafeEqual(Buffer.from(sha256(token), 'hex'), Buffer.from(sha256(local), 'hex'));
}

/** Leaves the note (replacing a stale one), readable by the owner only. */
export function writeNote(store: string, note: Omit<ServeNote, 'store'>): void {
  const path = notePath(store);
  rmSync(path, { force: true });
  writeFileSync(path, JSON.stringify({ ...note, store: noteFile(store) }), { mode: 0o600, flag: 'wx' });
}

/** Removes the note if it is this process's. */
export function removeNote(store: string, pid = process.pid): void {
  const note = readNote(store);
  if (note && note.pid === pid) rmSync(notePath(store), { force: true });
}

/** The note of a store whose server process is alive, or null (none, unreadable, or left by a dead process). */
export function readNote(store: string): ServeNote | null {
  let note: ServeNote;
  try {
    note = JSON.parse(readFileSync(notePath(store), 'utf8')) as ServeNote;
  } catch {
    return null;
  }
  if (typeof note.pid !== 'number' || typeof note.url !== 'string' || typeof note.token !== 'string') return null;
  try {
    process.kill(note.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  return note;
}
