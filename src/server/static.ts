/**
 * The dashboard: the single-page app that `npm run build` puts in dist/web (web/, built by Vite), served at `/`
 * beside the API. Only files inside that folder are ever read; everything is bundled, nothing is fetched from
 * elsewhere, and the page may talk to this server alone (its Content-Security-Policy says so).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { AppEnv } from './route.js';

/** dist/web from both src/server (tests) and dist/server (the built CLI). */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

// ECharts and React set element styles from script; nothing else inline is allowed.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>Clientele</title><p>The dashboard is not built: run <code>npm run build</code>. The API is under <a href="/openapi.json">/api</a>.</p>';

/** The file for a request path, or null when there is none inside `root` (never a path outside it). */
export async function webFile(root: string, path: string): Promise<{ body: ArrayBuffer; type: string } | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(path === '/' ? '/index.html' : path);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const file = resolve(root, '.' + rel);
  if (!file.startsWith(resolve(root) + sep)) return null;
  const type = TYPES[extname(file).toLowerCase()];
  if (!type) return null;
  try {
    if (!(await stat(file)).isFile()) return null;
    const buf = await readFile(file);
    return { body: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, type };
  } catch {
    return null;
  }
}

/**
 * GET (and HEAD) of / and the built files, as middleware after the API routes: it is no route of the API (the
 * OpenAPI document lists those alone), and anything it does not have falls through to the app's JSON 404.
 */
export function registerStatic(app: Hono<AppEnv>, root = WEB_ROOT): void {
  app.use(async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || path.startsWith('/api/')) return next();
    const f = await webFile(root, path);
    if (!f) {
      if (path === '/') return c.html(NOT_BUILT, 200, { 'Content-Security-Policy': CSP });
      return next();
    }
    const headers: Record<string, string> = { 'Content-Type': f.type };
    if (f.type.startsWith('text/html')) headers['Content-Security-Policy'] = CSP;
    return c.body(f.body, 200, headers);
  });
}
