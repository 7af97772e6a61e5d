import { DEFAULT_QUALIFY } from '../act/index.js';
import { refreshCustomerList } from '../catalog/index.js';
import type { Engine } from '../engine/engine.js';
import type { ValueReport } from '../value/index.js';
import { computeValue } from '../value/index.js';
import { TokenCache } from './auth.js';
import { HttpError } from './errors.js';
import { Gate } from './lock.js';
import { LoginLimiter } from './rate-limit.js';
import type { AppContext, AuthUser, ServerOptions, ServerState } from './route.js';

export const DEFAULTS = { maxUploadBytes: 200 * 1024 * 1024, loginTtlSeconds: 12 * 3600, idleTimeoutSeconds: 3600, loginAttempts: 5, loginWindowMs: 15 * 60_000, loginBackoffMs: 1000, qualify: DEFAULT_QUALIFY } as const;

/** Largest number of cached figures; the oldest goes first. */
const MEMO_ENTRIES = 1000;

export function createState(o: ServerOptions): ServerState {
  const options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as ServerState['options'];
  const gate = new Gate();
  const engine = o.engine;
  let current: Promise<ValueReport> | null = null;
  // The run `current` resolved to, while it is still current: a reader holding the gate sees it only if no write
  // since has changed the data (writers call changed() before they release the gate).
  let settled: ValueReport | null = null;
  const memos = new Map<string, Promise<unknown>>();
  // A read whose client has gone is dropped while it waits for a view (nobody would read its answer).
  const viewFor = async <T>(fn: (view: Engine) => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await engine.read(fn, signal);
    } catch (e) {
      if (signal?.aborted) throw new HttpError(499, 'the client closed the request');
      throw e;
    }
  };
  const read = <T>(fn: (view: Engine) => Promise<T>, signal?: AbortSignal): Promise<T> => gate.read(() => viewFor(fn, signal));
  const value = (): Promise<ValueReport> => {
    if (!current) {
      const p = gate.write(async () => {
        const v = await computeValue(engine, { config: options.valueConfig });
        // The paged, sorted customer list of this run, built once per run (it is what makes big lists cheap).
        await refreshCustomerList(engine, { runId: v.runId, asOf: v.asOf });
        if (current === p) settled = v;
        return v;
      });
      current = p;
      p.catch(() => {
        if (current === p) current = null;
      });
    }
    return current;
  };
  return {
    engine,
    options,
    limiter: new LoginLimiter({ max: options.loginAttempts, windowMs: options.loginWindowMs, backoffMs: options.loginBackoffMs }),
    tokens: new TokenCache(30_000, Date.now, options.idleTimeoutSeconds * 1000),
    read,
    write: (fn) => gate.write(fn),
    value,
    async withValue<T>(fn: (view: Engine, v: ValueReport) => Promise<T>, signal?: AbortSignal): Promise<T> {
      for (;;) {
        const v = await value();
        const out = await gate.read(async () => (settled === v ? { ok: true as const, value: await viewFor((view) => fn(view, v), signal) } : { ok: false as const }));
        if (out.ok) return out.value;
      }
    },
    changed() {
      current = null;
      settled = null;
      memos.clear();
    },
    forget() {
      memos.clear();
    },
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let p = memos.get(key) as Promise<T> | undefined;
      if (!p) {
        const fresh = compute();
        p = fresh;
        memos.set(key, fresh);
        fresh.catch(() => {
          if (memos.get(key) === fresh) memos.delete(key);
        });
        if (memos.size > MEMO_ENTRIES) memos.delete(memos.keys().next().value as string);
      }
      return p;
    },
    user(c: AppContext): AuthUser {
      const u = c.get('user');
      if (!u) throw new Error('ServerState.user: called on a public route');
      return u;
    },
  };
}
