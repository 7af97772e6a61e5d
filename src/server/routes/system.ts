import { getConnInfo } from '@hono/node-server/conninfo';
import { checkPassword, findUser, issueToken, loginRecord, revokeToken, setPassword, verifyLogin } from '../accounts.js';
import { audit } from '../audit.js';
import { HttpError } from '../errors.js';
import { S } from '../openapi.js';
import { jsonBody, str } from '../params.js';
import type { AppContext, RouteSpec } from '../route.js';
import { storeCurrency } from '../../report/currency.js';

const USER = S.obj({ id: S.int, name: S.str, role: { type: 'string', enum: ['viewer', 'analyst', 'admin'] } }, ['id', 'name', 'role']);

/** The client's address as the socket sees it; X-Forwarded-For is not trusted (anyone can send it). */
function address(c: AppContext): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export const systemRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/health',
    access: 'public',
    tag: 'system',
    summary: 'Liveness: the server runs and the store answers',
    response: { description: 'OK', schema: S.obj({ ok: S.bool }) },
    handler: async (c, s) => {
      await s.read((view) => view.query('SELECT 1'));
      return c.json({ ok: true });
    },
  },
  {
    method: 'post',
    path: '/api/login',
    access: 'public',
    tag: 'auth',
    summary: 'Sign in: a bearer token for the other routes',
    errors: [401, 413, 415, 429],
    body: { contentType: 'application/json', schema: S.obj({ name: S.str, password: S.str }, ['name', 'password']) },
    response: { description: 'A token, shown once', schema: S.obj({ token: S.str, expiresAt: S.str, user: USER }, ['token', 'expiresAt', 'user']) },
    handler: async (c, s) => {
      const body = await jsonBody(c, 8 * 1024);
      const name = str(body, 'name', 64)!;
      const password = str(body, 'password', 1024)!;
      // Counted as a failure before the password is checked, in one synchronous step (rate-limit.ts).
      const gate = s.limiter.begin(name.toLowerCase(), address(c));
      if ('wait' in gate) throw new HttpError(429, `too many failed sign-ins: wait ${gate.wait} s and try again`, { 'Retry-After': String(gate.wait) }, { zh: `登录失败次数过多：请等待 ${gate.wait} 秒后再试`, code: 'login_rate_limited' });
      // The hash is read on a view; scrypt then runs without holding one.
      const user = await verifyLogin(await s.read((view) => loginRecord(view, name)), password);
      if (!user) {
        const known = await s.read((view) => findUser(view, name).catch(() => null));
        if (known) await s.write(() => audit(s.engine, known, 'login.failed', null));
        throw new HttpError(401, 'wrong name or password');
      }
      s.limiter.succeed(gate.attempt);
      const t = await s.write(async () => {
        const t = await issueToken(s.engine, user, 'login', s.options.loginTtlSeconds);
        await audit(s.engine, user, 'login', null);
        return t;
      });
      return c.json({ token: t.token, expiresAt: t.expiresAt, user: { id: user.id, name: user.name, role: user.role } });
    },
  },
  {
    method: 'post',
    path: '/api/logout',
    access: 'viewer',
    tag: 'auth',
    summary: 'Revoke the token this request carries',
    response: { description: 'Revoked', schema: S.obj({ ok: S.bool }) },
    handler: async (c, s) => {
      const u = s.user(c);
      await s.write(async () => {
        await revokeToken(s.engine, u.token);
        s.tokens.forgetToken(u.token);
        await audit(s.engine, u, 'logout', null);
      });
      return c.json({ ok: true });
    },
  },
  {
    method: 'get',
    path: '/api/me',
    access: 'viewer',
    tag: 'auth',
    summary: 'Who the token belongs to, and what their role allows',
    response: { description: 'The user', schema: S.obj({ id: S.int, name: S.str, role: S.str, tokenExpiresAt: S.str, personalData: { type: 'string', enum: ['masked', 'visible'] } }) },
    handler: async (c, s) => {
      const u = s.user(c);
      return c.json({ id: u.id, name: u.name, role: u.role, tokenExpiresAt: u.expiresAt, personalData: u.role === 'viewer' ? 'masked' : 'visible' });
    },
  },
  {
    method: 'put',
    path: '/api/me/password',
    access: 'viewer',
    tag: 'auth',
    summary: "Change one's own password: the current one is checked, and every other session of the user ends (audited)",
    errors: [401, 413, 415, 429],
    body: { contentType: 'application/json', schema: S.obj({ current: S.str, password: { type: 'string', minLength: 8, maxLength: 1024 } }, ['current', 'password']) },
    response: { description: 'Changed; how many other sessions ended', schema: S.obj({ ok: S.bool, endedSessions: S.int }) },
    handler: async (c, s) => {
      const u = s.user(c);
      const body = await jsonBody(c, 8 * 1024);
      const current = str(body, 'current', 1024)!;
      const password = checkPassword(str(body, 'password', 1024)!);
      // The current password is a sign-in: limited and counted the same way.
      const gate = s.limiter.begin(u.name.toLowerCase(), address(c));
      if ('wait' in gate) throw new HttpError(429, `too many failed sign-ins: wait ${gate.wait} s and try again`, { 'Retry-After': String(gate.wait) }, { zh: `登录失败次数过多：请等待 ${gate.wait} 秒后再试`, code: 'login_rate_limited' });
      if (!(await verifyLogin(await s.read((view) => loginRecord(view, u.name)), current))) throw new HttpError(401, 'the current password is wrong', {}, { zh: '当前密码不正确', code: 'wrong_current_password' });
      s.limiter.succeed(gate.attempt);
      const ended = await s.write(async () => {
        const before = (await s.engine.query<{ n: number }>('SELECT count(*) AS n FROM api_tokens WHERE user_id = $1', [u.id]))[0].n;
        await setPassword(s.engine, u.name, password, u.token);
        s.tokens.forgetUser(u.id);
        await audit(s.engine, u, 'user.password', u.name);
        return Number(before) - 1;
      });
      return c.json({ ok: true, endedSessions: ended });
    },
  },
  {
    method: 'get',
    path: '/api/config',
    access: 'viewer',
    tag: 'system',
    summary: 'The value config and company profile the server analyses with, and its limits',
    response: { description: 'Config in effect; currency is the store setting (ISO 4217) or null', schema: S.obj({ value: S.any, company: S.any, maxUploadBytes: S.int, currency: S.nullable(S.str) }) },
    handler: async (c, s) => c.json({ value: s.options.valueConfig, company: s.options.company, maxUploadBytes: s.options.maxUploadBytes, currency: await s.read((view) => storeCurrency(view)) }),
  },
];
