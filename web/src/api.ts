/** The API client: one token per browser tab (sessionStorage), JSON in and out, errors as ApiError. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Role = 'viewer' | 'analyst' | 'admin';
export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: { readonly id: number; readonly name: string; readonly role: Role };
}

const KEY = 'clientele.session';
let onUnauthorised: () => void = () => undefined;

export function savedSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return s && new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export function saveSession(s: Session | null): void {
  if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
  else sessionStorage.removeItem(KEY);
}

/** Called when the server says the token is gone: the app shows the login again. */
export function setUnauthorisedHandler(f: () => void): void {
  onUnauthorised = f;
}

/** The page's language (app.tsx sets <html lang>), so the API answers errors in it (Accept-Language). */
function language(): Record<string, string> {
  return { 'accept-language': document.documentElement.lang || 'en' };
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const s = savedSession();
  return { ...language(), ...(s ? { authorization: `Bearer ${s.token}` } : {}), ...extra };
}

async function failure(res: Response): Promise<ApiError> {
  let message = `${res.status} ${res.statusText}`;
  let hint: string | undefined;
  try {
    const b = (await res.json()) as { error?: { message?: string; hint?: string } };
    if (b.error?.message) message = b.error.message;
    hint = b.error?.hint;
  } catch {
    // not JSON: keep the status line
  }
  if (res.status === 401) onUnauthorised();
  return new ApiError(res.status, message, hint);
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

export async function get<T>(path: string, q?: Query, signal?: AbortSignal): Promise<T> {
  const res = await fetch(withQuery(path, q), { headers: headers(), ...(signal ? { signal } : {}) });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export async function send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, { method, headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

export async function login(name: string, password: string): Promise<Session> {
  const res = await fetch('/api/login', { method: 'POST', headers: { ...language(), 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  if (!res.ok) {
    const e = await failure(res);
    throw e;
  }
  const s = (await res.json()) as Session;
  saveSession(s);
  return s;
}

export async function logout(): Promise<void> {
  try {
    await send('POST', '/api/logout');
  } finally {
    saveSession(null);
  }
}

/** Downloads a file the API serves (e.g. a segment's CSV) with the token, and hands it to the browser. */
export async function download(path: string, filename: string): Promise<number> {
  const res = await fetch(path, { headers: headers() });
  if (!res.ok) throw await failure(res);
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return blob.size;
}

/**
 * Uploads a file as the raw body (the server streams it to disk), reporting bytes sent; XMLHttpRequest because
 * fetch has no upload progress. Resolves with the import report.
 */
export function upload<T>(path: string, file: Blob, onProgress: (sent: number, total: number) => void): { done: Promise<T>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<T>((resolve, reject) => {
    xhr.open('POST', path);
    for (const [k, v] of Object.entries(headers({ 'content-type': 'application/octet-stream' }))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // keep null
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else {
        if (xhr.status === 401) onUnauthorised();
        const e = (body as { error?: { message?: string; hint?: string } } | null)?.error;
        reject(new ApiError(xhr.status, e?.message ?? `${xhr.status}`, e?.hint));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'the upload failed: network error'));
    xhr.onabort = () => reject(new ApiError(0, 'the upload was cancelled'));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
