/** Bearer tokens → users, and role checks. Every route but login, health and the OpenAPI document needs a token. */
import type { MiddlewareHandler } from 'hono';
import { hasRole, sha256, userOfToken, type User } from './accounts.js';
import { HttpError } from './errors.js';
import type { Access, AppEnv, ServerState } from './route.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="clientele"' };

type TokenUser = User & { expiresAt: string };

/**
 * Known tokens for a short while, so a request does not cost a query to find its user. Only tokens that were
 * found are kept (an unknown one is asked about each time), by hash, until they expire or `ttlMs` passes; the
 * server forgets them when it revokes a token or removes a user, so those take effect at once.
 */
export class TokenCache {
  private readonly known = new Map<string, { user: TokenUser; until: number }>();

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async lookup(token: string, find: (token: string) => Promise<TokenUser | null>): Promise<TokenUser | null> {
    const key = sha256(token);
    const t = this.now();
    const hit = this.known.get(key);
    if (hit && hit.until > t) return hit.user;
    this.known.delete(key);
    const user = await find(token);
    if (user) {
      this.known.set(key, { user, until: Math.min(t + this.ttlMs, Date.parse(user.expiresAt)) });
      if (this.known.size > 10_000) this.known.delete(this.known.keys().next().value as string);
    }
    return user;
  }

  forgetToken(token: string): void {
    this.known.delete(sha256(token));
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
      const user = await s.tokens.lookup(m[1], (t) => s.read((view) => userOfToken(view, t)));
      if (!user) throw new HttpError(401, 'the token is unknown or has expired: sign in again', CHALLENGE);
      c.set('user', { ...user, token: m[1] });
      if (!hasRole(user.role, access)) throw new HttpError(403, `this needs the ${access} role; you are ${user.role}`);
    }
    await next();
  };
}
