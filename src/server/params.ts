/** Reading requests strictly: query parameters and JSON bodies are checked here, and a bad one is a 400 (UsageError). */
import type { Context } from 'hono';
import { UsageError } from '../errors.js';
import { HttpError } from './errors.js';

export function intQuery(c: Context, name: string, o: { min: number; max: number; default: number }): number {
  const v = c.req.query(name);
  if (v === undefined || v === '') return o.default;
  if (!/^-?\d{1,15}$/.test(v) || Number(v) < o.min || Number(v) > o.max) throw new UsageError(`${name}: expected a whole number from ${o.min} to ${o.max}`);
  return Number(v);
}

export function numberQuery(c: Context, name: string, o: { min: number; max: number; default?: number }): number | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') return o.default;
  const n = Number(v);
  if (!Number.isFinite(n) || n < o.min || n > o.max) throw new UsageError(`${name}: expected a number from ${o.min} to ${o.max}`);
  return n;
}

export function enumQuery<T extends string>(c: Context, name: string, values: readonly T[], fallback: T): T {
  const v = c.req.query(name);
  if (v === undefined || v === '') return fallback;
  if (!(values as readonly string[]).includes(v)) throw new UsageError(`${name}: use one of ${values.join(', ')}`);
  return v as T;
}

export function stringQuery(c: Context, name: string, o: { max: number; required?: boolean }): string | undefined {
  const v = c.req.query(name);
  if (v === undefined || v === '') {
    if (o.required) throw new UsageError(`${name} is required`);
    return undefined;
  }
  if (v.length > o.max) throw new UsageError(`${name}: at most ${o.max} characters`);
  return v;
}

/** Paging parameters shared by every list: page from 1, pageSize up to 500. */
export function paging(c: Context, defaultSize = 50): { page: number; pageSize: number; limit: number; offset: number } {
  const page = intQuery(c, 'page', { min: 1, max: 1_000_000, default: 1 });
  const pageSize = intQuery(c, 'pageSize', { min: 1, max: 500, default: defaultSize });
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

/** Reads a JSON object body of at most `limit` bytes: 415 if it is not JSON, 413 if too big, 400 if malformed. */
export async function jsonBody(c: Context, limit = 64 * 1024): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'send the body as application/json');
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > limit) throw new HttpError(413, `the body is larger than ${limit} bytes`);
  const body = c.req.raw.body;
  if (!body) throw new UsageError('the body is empty: expected a JSON object');
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError(413, `the body is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new UsageError('the body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

export function str(o: Record<string, unknown>, key: string, max: number, required = true): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw new UsageError(`${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw new UsageError(`${key}: expected a string`);
  if (v.length > max) throw new UsageError(`${key}: at most ${max} characters`);
  return v;
}

export function num(o: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new UsageError(`${key}: expected a number from ${min} to ${max}`);
  return v;
}

export function bool(o: Record<string, unknown>, key: string): boolean | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new UsageError(`${key}: expected true or false`);
  return v;
}

/** A calendar date YYYY-MM-DD (a real day: 2024-02-30 is refused). */
export function dateQuery(c: Context, name: string, o: { required: true }): string;
export function dateQuery(c: Context, name: string, o?: { required?: boolean }): string | undefined;
export function dateQuery(c: Context, name: string, o: { required?: boolean } = {}): string | undefined {
  const v = stringQuery(c, name, { max: 10, required: o.required });
  if (v === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) throw new UsageError(`${name}: expected a date YYYY-MM-DD`);
  return v;
}

/** strptime codes a date format may use: the ones the engine knows, so a format never reaches it as an error. */
const DATE_CODES = ['d', '-d', 'm', '-m', 'y', '-y', 'Y', 'H', '-H', 'I', '-I', 'p', 'M', '-M', 'S', '-S', 'f', 'z', 'b', 'B', 'a', 'A', 'j', '%'];

/** The import's date format: auto, iso, a pattern such as DD/MM/YYYY, or strptime codes (%d/%m/%Y). */
export function dateFormatQuery(c: Context): string {
  const v = (stringQuery(c, 'dateFormat', { max: 64 }) ?? '').trim() || 'auto';
  if (/\p{Cc}/u.test(v)) throw new UsageError('dateFormat: control characters are not allowed in a date format');
  const bad = [...v.matchAll(/%(-?.?)/g)].map((m) => m[1]).find((code) => !DATE_CODES.includes(code));
  if (bad !== undefined) throw new UsageError(`dateFormat: %${bad} is not a date code; use auto, iso, a pattern such as DD/MM/YYYY, or the codes ${DATE_CODES.map((x) => `%${x}`).join(' ')}`);
  return v;
}
