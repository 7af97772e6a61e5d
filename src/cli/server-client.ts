/**
 * The CLI's way to a store that `clientele serve` holds (server/local.ts): the note beside the store names the
 * server and a local token, and `value`, `customer ID` and `import ENTITY FILE` send their work there instead of
 * opening the store, which DuckDB would refuse. The server's answers are the same objects the commands print, and
 * its refusals become the CLI's own errors (a usage error, not found, an import error), never raw text.
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { ClienteleError, ImportError, NotFoundError, StoreError, UsageError } from '../errors.js';
import { readNote } from '../server/local.js';
import { getLang, t } from './i18n/index.js';

export interface ServerClient {
  readonly url: string;
  get<T>(path: string): Promise<T>;
  /** Sends a file as the body of a POST (streamed from disk). */
  upload<T>(path: string, file: string): Promise<T>;
}

interface ErrorBody {
  error?: { status?: number; message?: string; hint?: string; line?: number; column?: string };
}

async function answer<T>(res: Response, file?: string): Promise<T> {
  if (res.ok) return (await res.json()) as T;
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // not JSON: the status says enough
  }
  const message = body.error?.message ?? t('served.status', { status: res.status });
  const hint = body.error?.hint;
  if (res.status === 400 || res.status === 413 || res.status === 415) throw new UsageError(message, hint);
  if (res.status === 404) throw new NotFoundError(message, hint);
  if (res.status === 422) throw new ImportError(message, file ?? '', hint, body.error?.line, body.error?.column);
  throw new StoreError(t('served.answered', { status: res.status, message }), hint ?? t('served.answered.hint'));
}

/**
 * The server holding `db`, when one runs and answers; null when there is none (the command then opens the store
 * itself, as usual). A note left by a process that is gone is ignored.
 */
export async function runningServer(db: string): Promise<ServerClient | null> {
  const note = readNote(db);
  if (!note) return null;
  try {
    const health = await fetch(`${note.url}/api/health`, { signal: AbortSignal.timeout(3000) });
    if (!health.ok) return null;
  } catch {
    return null;
  }
  // The server's refusals in the CLI's language, where it has them.
  const headers = { authorization: `Bearer ${note.token}`, 'accept-language': getLang() };
  const call = async (path: string, init: RequestInit = {}, file?: string) => {
    try {
      return await fetch(note.url + path, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
    } catch (e) {
      if (e instanceof ClienteleError) throw e;
      throw new StoreError(`${t('served.noAnswer', { url: note.url })}${file ? ` (${basename(file)})` : ''}`, t('served.noAnswer.hint'));
    }
  };
  return {
    url: note.url,
    get: async <T>(path: string) => answer<T>(await call(path)),
    upload: async <T>(path: string, file: string) => {
      let body: Blob;
      try {
        body = await openAsBlob(file);
      } catch {
        throw new UsageError(t('served.unreadable', { file }), t('served.unreadable.hint'));
      }
      return answer<T>(await call(path, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } }, file), basename(file));
    },
  };
}

/** Says on standard error that the work went to the server (stdout stays the command's own output). */
export function viaServer(client: ServerClient): void {
  process.stderr.write(`clientele: ${t('served.via', { url: client.url })}\n`);
}
