import { ROLES, addUser, isRole, issueToken, listUsers, removeUser, findUser } from '../accounts.js';
import { audit, auditPage } from '../audit.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { PAGE_PARAMS, S } from '../openapi.js';
import { jsonBody, num, paging, str, stringQuery } from '../params.js';
import type { RouteSpec } from '../route.js';

const USER = S.obj({ id: S.int, name: S.str, role: { type: 'string', enum: [...ROLES] }, createdAt: S.str });
const NAME = [{ name: 'name', in: 'path', schema: S.str }] as const;

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
