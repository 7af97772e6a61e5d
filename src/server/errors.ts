/**
 * The one place errors become HTTP statuses (as cli/main.ts is for exit codes). Handlers throw; `toResponse`
 * maps. Anything unexpected is a 500 with a generic message: no stack, no SQL, no personal data.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ClienteleError, ImportError, NotFoundError, StoreError, UsageError } from '../errors.js';
import { localizeError, translateCore } from '../cli/i18n/index.js';

/** An HTTP-only failure (auth, limits): the server's single exception class, after hono's HTTPException. */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 429 | 499,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** The message in 简体中文, for clients whose Accept-Language asks for Chinese, and a stable code. */
    readonly i18n?: { readonly zh: string; readonly code: string },
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * The language of an error's message: Chinese when the client's Accept-Language ranks zh (zh, zh-CN, zh-Hans …)
 * above every other language (by q-value, then order), else English.
 */
export function errorLanguage(acceptLanguage: string | undefined): 'en' | 'zh' {
  let best: { zh: boolean; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [tag, ...params] = part.trim().split(';');
    if (!tag || tag === '*') continue;
    const qp = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)).find((m) => m);
    const q = qp ? Number(qp[1]) : 1;
    if (!(q > 0)) continue;
    if (!best || q > best.q) best = { zh: /^zh\b/i.test(tag.trim()), q };
  }
  return best?.zh ? 'zh' : 'en';
}

/**
 * Commands that the core's hints name, as the API routes that do the same: an API client is told a route, not a
 * command line. Longest first; a command not listed stays as it is.
 */
const API_ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['clientele segment --help', 'GET /api/segments/fields'],
  ['clientele import orders FILE', 'POST /api/imports?entity=orders'],
  ['clientele import customers FILE', 'POST /api/imports?entity=customers'],
  ['clientele import subscriptions FILE', 'POST /api/imports?entity=subscriptions'],
  ['clientele segment create NAME --rule "..."', 'POST /api/segments'],
  ['clientele segment list', 'GET /api/segments'],
  ['clientele campaign list', 'GET /api/campaigns'],
  ['clientele user list', 'GET /api/users'],
  ['clientele value --json', 'GET /api/customers'],
  ['clientele value --help', 'GET /api/config'],
  ['clientele imports', 'GET /api/imports'],
  ['clientele clv predict', 'POST /api/clv/predict'],
  ['clientele clv fit', 'POST /api/clv/fit'],
  ['clientele value', 'GET /api/value'],
];

/** The import's command-line options as the query parameters of `POST /api/imports` (src/server/routes/data.ts). */
const API_PARAMS: Readonly<Record<string, string>> = { 'date-format': 'dateFormat', map: 'map', delimiter: 'delimiter', encoding: 'encoding', sheet: 'sheet', preset: 'preset' };
/** Words that follow an option in prose ("try --delimiter and --encoding"): not its value. */
const PROSE = new Set(['and', 'or', 'to', 'with', 'for', 'instead', 'again', 'loads', 'it', 'the', 'a', 'is', 'was', 'as', 'in', 'on']);
const OPTION = /--(date-format|map|delimiter|encoding|sheet|preset|append)\b(?: ("[^"]*"|“[^”]*”|[\w.%/:-]+(?:=(?:"[^"]*"|\S+))?))?/g;

/** Text in the API's terms: an import option named as its query parameter (`--date-format X` → `dateFormat=X`). */
export function apiOptions(text: string): string {
  return text.replace(OPTION, (_m, option: string, value: string | undefined) => {
    const word = value !== undefined && PROSE.has(value.toLowerCase());
    if (option === 'append') return `append=true${value !== undefined ? ` ${value}` : ''}`;
    const param = API_PARAMS[option];
    return value === undefined ? param : word ? `${param} ${value}` : `${param}=${value}`;
  });
}

/** A hint in the API's terms: the commands it names replaced by their routes, the import's options by its parameters. */
export function apiHint(hint: string): string {
  let out = hint;
  for (const [command, route] of API_ROUTES) out = out.split(command).join(route);
  // A parameter given after a route joins its query: `POST /api/imports?entity=orders&preset=x`.
  return apiOptions(out).replace(/(\/api\/\S+\?\S+) (\w+=\S+)/g, '$1&$2');
}

export interface ErrorBody {
  readonly error: { readonly status: number; readonly code: string; readonly message: string; readonly hint?: string; readonly line?: number; readonly column?: string };
}

const CODES: Record<number, string> = { 400: 'bad_request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 405: 'method_not_allowed', 413: 'payload_too_large', 415: 'unsupported_media_type', 422: 'unprocessable', 429: 'rate_limited', 499: 'client_closed_request', 500: 'internal', 503: 'unavailable' };

export function statusOf(e: unknown): number {
  if (e instanceof HttpError) return e.status;
  if (e instanceof HTTPException) return e.status;
  if (e instanceof UsageError) return 400;
  if (e instanceof NotFoundError) return 404;
  if (e instanceof ImportError) return 422;
  if (e instanceof StoreError) return 503;
  // A fit that cannot converge on these data (clv FitError) is the data's fault, not a bug.
  if (e instanceof ClienteleError && e.name === 'FitError') return 422;
  return 500;
}

export function errorBody(e: unknown, lang: 'en' | 'zh' = 'en'): { status: number; body: ErrorBody; headers: Record<string, string> } {
  const status = statusOf(e);
  const code = e instanceof HttpError && e.i18n ? e.i18n.code : (CODES[status] ?? 'error');
  if (status === 500) return { status, body: { error: { status, code, message: lang === 'zh' ? '内部错误' : 'internal error' } }, headers: {} };
  // Core errors (an import's refusals …) in the client's language, as the CLI prints them.
  const zh = (s: string) => (lang === 'zh' ? translateCore(s, 'zh-CN') : s);
  const said = e instanceof ClienteleError ? localizeError(e, lang === 'zh' ? 'zh-CN' : 'en') : null;
  const message = e instanceof HttpError && e.i18n && lang === 'zh' ? e.i18n.zh : said ? apiOptions(said.message) : zh(e instanceof Error ? e.message : String(e));
  const hint = said?.hint !== undefined ? apiHint(said.hint) : undefined;
  const where = e instanceof ImportError ? { ...(e.line ? { line: e.line } : {}), ...(e.column ? { column: e.column } : {}) } : {};
  return { status, body: { error: { status, code, message, ...(hint ? { hint } : {}), ...where } }, headers: e instanceof HttpError ? { ...e.headers } : {} };
}

/** hono's onError handler. */
export function onError(e: Error, c: Context): Response {
  const { status, body, headers } = errorBody(e, errorLanguage(c.req.header('accept-language')));
  if (status === 500) c.set('failure', e);
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  // The rest of a refused body is never read: close the connection so a client cannot reuse a half-read socket.
  if (status === 413 || status === 415) c.header('Connection', 'close');
  return c.json(body, status as 400);
}
