/** Bearer tokens → users, and role checks. Every route but login, health and the OpenAPI document needs a token. */
import type { MiddlewareHandler } from 'hono';
import { hasRole, revokeToken, sha256, userOfToken, type TokenKind, type User } from './accounts.js';
import { HttpError } from './errors.js';
import { isLocalToken } from './local.js';
import type { Access, AppEnv, ServerState } from './route.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="clientele"' };

type TokenUser = User & { expiresAt: string; kind: TokenKind };

/**
 * Known tokens for a short while, so a request does not cost a query to find its user. Only tokens that were
 * found are kept (an unknown one is asked about each time), by hash, until they expire or `ttlMs` passes; the
 * server forgets them when it revokes a token, ends a session, changes a password or removes a user, so those
 * take effect at once. It also keeps when each sign-in token was last used: one unused for `idleMs` is idle
 * (`lookup` says so once, and the caller ends it). The idle clock lives in the server's memory: a restarted
 * server counts from its start, and a token's lifetime bounds it either way.
 */
export class TokenCache {
  private readonly known = new Map<string, { user: TokenUser; until: number }>();
  private readonly lastUsed = new Map<string, number>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
    private readonly idleMs = Infinity,
  ) {}

  async lookup(token: string, find: (token: string) => Promise<TokenUser | null>): Promise<TokenUser | 'idle' | null> {
    const key = sha256(token);
    const t = this.now();
    const hit = this.known.get(key);
    let user: TokenUser | null;
    if (hit && hit.until > t) user = hit.user;
    else {
      this.known.delete(key);
      user = await find(token);
      if (user) {
        this.known.set(key, { user, until: Math.min(t + this.ttlMs, Date.parse(user.expiresAt)) });
        if (this.known.size > 10_000) this.known.delete(this.known.keys().next().value as string);
      }
    }
    if (!user) return null;
    if (user.kind === 'login') {
      const last = this.lastUsed.get(key);
      if (last !== undefined && t - last > this.idleMs) {
        this.forgetHash(key);
        return 'idle';
      }
      this.lastUsed.delete(key); // re-inserted last: the map stays in order of use, the oldest first
      this.lastUsed.set(key, t);
      if (this.lastUsed.size > 100_000) this.lastUsed.delete(this.lastUsed.keys().next().value as string);
    }
    return user;
  }

  forgetToken(token: string): void {
    this.forgetHash(sha256(token));
  }

  /** Forgets every token whose hash starts with `prefix` (a session id, or a whole hash). */
  forgetHash(prefix: string): void {
    for (const k of this.known.keys()) if (k.startsWith(prefix)) this.known.delete(k);
    for (const k of this.lastUsed.keys()) if (k.startsWith(prefix)) this.lastUsed.delete(k);
  }

  forgetUser(userId: number): void {
    for (const [k, v] of this.known) if (v.user.id === userId) this.known.delete(k);
  }
}

export function requireAccess(access: Access, s: ServerState): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', null);
    if (access !== 'public') {
      const header = c.req.header('authorization') ?? '';
      const m = /^Bearer ([^\s]+)$/i.exec(header);
      if (!m) throw new HttpError(401, 'sign in first: send Authorization: Bearer TOKEN (POST /api/login gives one)', CHALLENGE);
      if (isLocalToken(m[1], s.options.localToken)) {
        // The CLI on the same machine, through the note beside the store (local.ts): it could open the store itself.
        c.set('user', { id: 0, name: 'cli', role: 'admin', expiresAt: '9999-12-31T00:00:00.000Z', token: m[1] });
        return next();
      }
      const user = await s.tokens.lookup(m[1], (t) => s.read((view) => userOfToken(view, t)));
      if (user === 'idle') {
        await s.write(() => revokeToken(s.engine, m[1]));
        throw new HttpError(401, 'the session was idle too long: sign in again', CHALLENGE);
      }
      if (!user) throw new HttpError(401, 'the token is unknown or has expired: sign in again', CHALLENGE);
      c.set('user', { ...user, token: m[1] });
      if (!hasRole(user.role, access)) throw new HttpError(403, `this needs the ${access} role; you are ${user.role}`);
    }
    await next();
  };
}
