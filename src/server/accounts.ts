/**
 * Users, passwords and API tokens. Passwords are hashed with scrypt (memory-hard; N = 2^15, r = 8, p = 1, a random
 * 16-byte salt) and compared in constant time. Tokens are 32 random bytes, shown once, stored only as SHA-256.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Engine } from '../engine/engine.js';
import { NotFoundError, UsageError } from '../errors.js';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

/** True when `role` may do what `needed` may: viewer < analyst < admin. */
export function hasRole(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export interface User {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly createdAt: string;
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keylen: 32 } as const;
// scrypt needs 128·N·r bytes; Node's default cap (32 MiB) is exactly that, so leave room.
const MAXMEM = 128 * SCRYPT.N * SCRYPT.r * 2;

function scrypt(password: string, salt: Buffer, keylen: number, o: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFKC'), salt, keylen, o, (e, key) => (e ? reject(e) : resolve(key))));
}

/** `scrypt$N$r$p$salt$hash`, base64 parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p, maxmem: MAXMEM });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: 128 * Number(n) * Number(r) * 2 });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// Compared against when the user does not exist, so an unknown name takes as long as a wrong password.
const DUMMY_HASH = hashPassword(randomBytes(16).toString('hex'));

const NAME = /^[A-Za-z0-9_.@-]{1,64}$/;

export function checkUserName(name: string): string {
  if (!NAME.test(name)) throw new UsageError(`user name "${name.slice(0, 80)}": use 1 to 64 letters, digits, _ . @ -`);
  return name;
}

export function checkPassword(password: string): string {
  if (password.length < 8) throw new UsageError('the password is too short: use at least 8 characters');
  if (password.length > 1024) throw new UsageError('the password is too long: use at most 1024 characters');
  return password;
}

interface UserRow {
  user_id: number;
  name: string;
  role: string;
  password_hash: string;
  created_at: Date;
}

const toUser = (r: UserRow): User => ({ id: r.user_id, name: r.name, role: r.role as Role, createdAt: new Date(r.created_at).toISOString() });

export async function addUser(engine: Engine, name: string, role: Role, password: string): Promise<User> {
  checkUserName(name);
  if (!isRole(role)) throw new UsageError(`role "${String(role)}": use ${ROLES.join(', ')}`);
  const hash = await hashPassword(checkPassword(password));
  return engine.transaction(async () => {
    if ((await engine.query('SELECT 1 FROM users WHERE name = $1', [name])).length) throw new UsageError(`a user "${name}" exists already`, 'remove it first, or choose another name');
    const [{ next }] = await engine.query<{ next: number }>('SELECT COALESCE(max(user_id), 0) + 1 AS next FROM users');
    await engine.run(`INSERT INTO users VALUES ($1, $2, $3, $4, ${engine.dialect.sqlNow})`, [next, name, role, hash]);
    return (await findUser(engine, name))!;
  });
}

export async function findUser(engine: Engine, name: string): Promise<User | null> {
  const [r] = await engine.query<UserRow>('SELECT user_id, name, role, password_hash, created_at FROM users WHERE name = $1', [name]);
  return r ? toUser(r) : null;
}

export async function listUsers(engine: Engine): Promise<User[]> {
  return (await engine.query<UserRow>('SELECT user_id, name, role, password_hash, created_at FROM users ORDER BY name')).map(toUser);
}

/** Removes the user and every token of theirs. */
export async function removeUser(engine: Engine, name: string): Promise<User> {
  const user = await findUser(engine, name);
  if (!user) throw new NotFoundError(`there is no user "${name}"`, 'see them with: clientele user list');
  await engine.transaction(async () => {
    await engine.run('DELETE FROM api_tokens WHERE user_id = $1', [user.id]);
    await engine.run('DELETE FROM users WHERE user_id = $1', [user.id]);
  });
  return user;
}

/** The user whose name and password these are, or null; as slow for an unknown name as for a wrong password. */
export async function checkLogin(engine: Engine, name: string, password: string): Promise<User | null> {
  return verifyLogin(await loginRecord(engine, name), password);
}

/** What a sign-in is checked against (the stored hash), or null for an unknown or malformed name. */
export type LoginRecord = UserRow | null;

export async function loginRecord(engine: Engine, name: string): Promise<LoginRecord> {
  const [r] = NAME.test(name) ? await engine.query<UserRow>('SELECT user_id, name, role, password_hash, created_at FROM users WHERE name = $1', [name]) : [];
  return r ?? null;
}

/** The password check of `checkLogin`, apart from the store: scrypt takes a while and needs no connection. */
export async function verifyLogin(r: LoginRecord, password: string): Promise<User | null> {
  const ok = await verifyPassword(password, r ? r.password_hash : await DUMMY_HASH);
  return r && ok ? toUser(r) : null;
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export type TokenKind = 'login' | 'api';

/** A new token for the user: returned once, stored as its SHA-256 only. */
export async function issueToken(engine: Engine, user: User, kind: TokenKind, ttlSeconds: number, now = new Date()): Promise<{ token: string; expiresAt: string }> {
  const token = `clt_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
  await engine.run('INSERT INTO api_tokens VALUES ($1, $2, $3, $4, $5)', [sha256(token), user.id, kind, now, expiresAt]);
  return { token, expiresAt: expiresAt.toISOString() };
}

/** The user a bearer token belongs to, if it exists and has not expired, with the token's kind. */
export async function userOfToken(engine: Engine, token: string, now = new Date()): Promise<(User & { expiresAt: string; kind: TokenKind }) | null> {
  if (!/^clt_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [r] = await engine.query<UserRow & { expires_at: Date; kind: TokenKind }>(
    'SELECT u.user_id, u.name, u.role, u.password_hash, u.created_at, t.expires_at, t.kind FROM api_tokens t JOIN users u ON u.user_id = t.user_id WHERE t.token_hash = $1 AND t.expires_at > $2',
    [sha256(token), now],
  );
  return r ? { ...toUser(r), expiresAt: new Date(r.expires_at).toISOString(), kind: r.kind } : null;
}

/** A session (a login or API token) as admins see it: an id made from its hash, never the token. */
export interface Session {
  /** The first 16 hex digits of the token's SHA-256: enough to name it, useless to sign in with. */
  readonly id: string;
  readonly user: string;
  readonly kind: TokenKind;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export const sessionId = (tokenHash: string): string => tokenHash.slice(0, 16);

/** Sessions that have not expired, newest first. */
export async function listSessions(engine: Engine, now = new Date()): Promise<Session[]> {
  const rows = await engine.query<{ token_hash: string; name: string; kind: TokenKind; created_at: Date; expires_at: Date }>(
    'SELECT t.token_hash, u.name, t.kind, t.created_at, t.expires_at FROM api_tokens t JOIN users u ON u.user_id = t.user_id WHERE t.expires_at > $1 ORDER BY t.created_at DESC, t.token_hash',
    [now],
  );
  return rows.map((r) => ({ id: sessionId(r.token_hash), user: r.name, kind: r.kind, createdAt: new Date(r.created_at).toISOString(), expiresAt: new Date(r.expires_at).toISOString() }));
}

/** Ends the session with this id; its user id, to forget cached tokens (404 when there is none). */
export async function endSession(engine: Engine, id: string): Promise<{ userId: number; user: string }> {
  if (!/^[0-9a-f]{16}$/.test(id)) throw new NotFoundError(`there is no session "${id.slice(0, 20)}"`, 'see them with GET /api/sessions');
  const [r] = await engine.query<{ user_id: number; name: string }>('SELECT t.user_id, u.name FROM api_tokens t JOIN users u ON u.user_id = t.user_id WHERE starts_with(t.token_hash, $1)', [id]);
  if (!r) throw new NotFoundError(`there is no session "${id}"`, 'see them with GET /api/sessions');
  await engine.run('DELETE FROM api_tokens WHERE starts_with(token_hash, $1)', [id]);
  return { userId: Number(r.user_id), user: r.name };
}

/**
 * Sets a user's password and ends their sessions, all but `keepToken` (the one that asked for the change). Login
 * and API tokens alike: whoever knew the old password may have made either.
 */
export async function setPassword(engine: Engine, name: string, password: string, keepToken?: string): Promise<User> {
  const hash = await hashPassword(checkPassword(password));
  const user = await findUser(engine, name);
  if (!user) throw new NotFoundError(`there is no user "${name}"`, 'see them with: clientele user list');
  await engine.transaction(async () => {
    await engine.run('UPDATE users SET password_hash = $2 WHERE user_id = $1', [user.id, hash]);
    await engine.run('DELETE FROM api_tokens WHERE user_id = $1 AND token_hash <> $2', [user.id, keepToken ? sha256(keepToken) : '']);
  });
  return user;
}

export async function revokeToken(engine: Engine, token: string): Promise<void> {
  await engine.run('DELETE FROM api_tokens WHERE token_hash = $1', [sha256(token)]);
}
