import { ROLES, addUser, endSession, isRole, issueToken, listSessions, listUsers, removeUser, findUser, setPassword } from '../accounts.js';
import type { AuthUser } from '../route.js';
import { audit, auditPage } from '../audit.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { PAGE_PARAMS, S } from '../openapi.js';
import { jsonBody, num, paging, str, stringQuery } from '../params.js';
import type { RouteSpec } from '../route.js';

const USER = S.obj({ id: S.int, name: S.str, role: { type: 'string', enum: [...ROLES] }, createdAt: S.str });
const NAME = [{ name: 'name', in: 'path', schema: S.str }] as const;

/** An admin setting their own password keeps the session they do it from; anyone else's sessions all end. */
const target0 = (u: AuthUser, name: string): string | undefined => (u.name === name ? u.token : undefined);

export const adminRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/users',
    access: 'admin',
    tag: 'admin',
    summary: 'Users and their roles',
    response: { description: 'Users', schema: S.obj({ users: S.arr(USER) }) },
    handler: async (c, s) => c.json({ users: await s.read((view) => listUsers(view)) }),
  },
  {
    method: 'post',
    path: '/api/users',
    access: 'admin',
    tag: 'admin',
    summary: 'Add a user (audited)',
    errors: [413, 415],
    body: { contentType: 'application/json', schema: S.obj({ name: S.str, role: { type: 'string', enum: [...ROLES] }, password: { type: 'string', minLength: 8 } }, ['name', 'role', 'password']) },
    response: { description: 'The user', schema: USER },
    handler: async (c, s) => {
      const b = await jsonBody(c, 8 * 1024);
      const name = str(b, 'name', 64)!;
      const role = str(b, 'role', 16)!;
      if (!isRole(role)) throw new UsageError(`role: use ${ROLES.join(', ')}`);
      const password = str(b, 'password', 1024)!;
      const u = s.user(c);
      const user = await s.write(async () => {
        const user = await addUser(s.engine, name, role, password);
        await audit(s.engine, u, 'user.add', `${name} (${role})`);
        return user;
      });
      return c.json(user);
    },
  },
  {
    method: 'delete',
    path: '/api/users/{name}',
    access: 'admin',
    tag: 'admin',
    summary: 'Remove a user and their tokens (audited)',
    params: NAME,
    errors: [404],
    response: { description: 'Removed', schema: S.obj({ removed: S.str }) },
    handler: async (c, s) => {
      const name = c.req.param('name') ?? '';
      const u = s.user(c);
      await s.write(async () => {
        const removed = await removeUser(s.engine, name);
        s.tokens.forgetUser(removed.id);
        await audit(s.engine, u, 'user.remove', name);
      });
      return c.json({ removed: name });
    },
  },
  {
    method: 'post',
    path: '/api/users/{name}/tokens',
    access: 'admin',
    tag: 'admin',
    summary: 'A new API token for a user, shown once (audited)',
    params: NAME,
    errors: [404, 413, 415],
    body: { contentType: 'application/json', schema: S.obj({ days: { type: 'integer', minimum: 1, maximum: 366, default: 90 } }) },
    response: { description: 'The token', schema: S.obj({ token: S.str, expiresAt: S.str }) },
    handler: async (c, s) => {
      const name = c.req.param('name') ?? '';
      const b = await jsonBody(c, 1024);
      const days = num(b, 'days', 1, 366) ?? 90;
      const u = s.user(c);
      const t = await s.write(async () => {
        const target = await findUser(s.engine, name);
        if (!target) throw new NotFoundError(`there is no user "${name}"`);
        const t = await issueToken(s.engine, target, 'api', Math.round(days * 86400));
        await audit(s.engine, u, 'user.token', name);
        return t;
      });
      return c.json(t);
    },
  },
  {
    method: 'put',
    path: '/api/users/{name}/password',
    access: 'admin',
    tag: 'admin',
    summary: "Set a user's password; every session of theirs ends (audited)",
    params: NAME,
    errors: [404, 413, 415],
    body: { contentType: 'application/json', schema: S.obj({ password: { type: 'string', minLength: 8, maxLength: 1024 } }, ['password']) },
    response: { description: 'Set', schema: S.obj({ user: S.str }) },
    handler: async (c, s) => {
      const name = c.req.param('name') ?? '';
      const b = await jsonBody(c, 8 * 1024);
      const password = str(b, 'password', 1024)!;
      const u = s.user(c);
      await s.write(async () => {
        const target = await setPassword(s.engine, name, password, target0(u, name));
        s.tokens.forgetUser(target.id);
        await audit(s.engine, u, 'user.password', name);
      });
      return c.json({ user: name });
    },
  },
  {
    method: 'get',
    path: '/api/sessions',
    access: 'admin',
    tag: 'admin',
    summary: 'Sessions (login and API tokens) that have not expired: an id, the user, kind and times; never the token',
    response: { description: 'Sessions', schema: S.obj({ sessions: S.arr(S.obj({ id: S.str, user: S.str, kind: S.str, createdAt: S.str, expiresAt: S.str })) }) },
    handler: async (c, s) => c.json({ sessions: await s.read((view) => listSessions(view), c.req.raw.signal) }),
  },
  {
    method: 'delete',
    path: '/api/sessions/{id}',
    access: 'admin',
    tag: 'admin',
    summary: 'End a session at once (audited)',
    params: [{ name: 'id', in: 'path', schema: { type: 'string', pattern: '^[0-9a-f]{16}$' } }],
    errors: [404],
    response: { description: 'Ended', schema: S.obj({ ended: S.str, user: S.str }) },
    handler: async (c, s) => {
      const id = c.req.param('id') ?? '';
      const u = s.user(c);
      const r = await s.write(async () => {
        const r = await endSession(s.engine, id);
        s.tokens.forgetHash(id);
        await audit(s.engine, u, 'session.end', `${id} (${r.user})`);
        return r;
      });
      return c.json({ ended: id, user: r.user });
    },
  },
  {
    method: 'get',
    path: '/api/audit',
    access: 'admin',
    tag: 'admin',
    summary: 'The audit log, newest first',
    params: [...PAGE_PARAMS, { name: 'action', in: 'query', schema: S.str }],
    response: { description: 'A page', schema: S.obj({ total: S.int, page: S.int, pageSize: S.int, entries: S.arr(S.any) }) },
    handler: async (c, s) => {
      const p = paging(c);
      const action = stringQuery(c, 'action', { max: 64 });
      const r = await s.read((view) => auditPage(view, { limit: p.limit, offset: p.offset, ...(action ? { action } : {}) }));
      return c.json({ ...r, page: p.page, pageSize: p.pageSize });
    },
  },
];
