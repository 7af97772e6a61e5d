import type { ValueReport } from '../value/index.js';
import { computeValue } from '../value/index.js';
import { Gate } from './lock.js';
import { LoginLimiter } from './rate-limit.js';
import type { AppContext, AuthUser, ServerOptions, ServerState } from './route.js';

export const DEFAULTS = { maxUploadBytes: 200 * 1024 * 1024, loginTtlSeconds: 12 * 3600, loginAttempts: 5, loginWindowMs: 60_000 } as const;

export function createState(o: ServerOptions): ServerState {
  const options = { ...DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as ServerState['options'];
  const gate = new Gate();
  let current: Promise<ValueReport> | null = null;
  const memos = new Map<string, Promise<unknown>>();
  return {
    engine: o.engine,
    gate,
    options,
    limiter: new LoginLimiter(options.loginAttempts, options.loginWindowMs),
    value() {
      if (!current) {
        const p = gate.write(() => computeValue(o.engine, { config: options.valueConfig }));
        current = p;
        p.catch(() => {
          if (current === p) current = null;
        });
      }
      return current;
    },
    changed() {
      current = null;
      memos.clear();
    },
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      let p = memos.get(key) as Promise<T> | undefined;
      if (!p) {
        const fresh = compute();
        p = fresh;
        memos.set(key, fresh);
        fresh.catch(() => memos.delete(key));
        if (memos.size > 1000) memos.delete(memos.keys().next().value as string);
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
