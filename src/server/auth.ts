/** Bearer tokens → users, and role checks. Every route but login, health and the OpenAPI document needs a token. */
import type { MiddlewareHandler } from 'hono';
import { hasRole, userOfToken } from './accounts.js';
import { HttpError } from './errors.js';
import type { Access, AppEnv, ServerState } from './route.js';

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="clientele"' };

export function requireAccess(access: Access, s: ServerState): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('user', null);
    if (access !== 'public') {
      const header = c.req.header('authorization') ?? '';
      const m = /^Bearer ([^\s]+)$/i.exec(header);
      if (!m) throw new HttpError(401, 'sign in first: send Authorization: Bearer TOKEN (POST /api/login gives one)', CHALLENGE);
      const user = await s.gate.read(() => userOfToken(s.engine, m[1]));
      if (!user) throw new HttpError(401, 'the token is unknown or has expired: sign in again', CHALLENGE);
      c.set('user', { ...user, token: m[1] });
      if (!hasRole(user.role, access)) throw new HttpError(403, `this needs the ${access} role; you are ${user.role}`);
    }
    await next();
  };
}
