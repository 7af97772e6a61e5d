/**
 * The Hono app over one store. Routes are data (routes/*.ts); this file registers them behind auth, maps errors
 * in one place (errors.ts), logs one line per request, and serves the OpenAPI document built from the same table.
 */
import { Hono } from 'hono';
import { requireAccess } from './auth.js';
import { HttpError, onError } from './errors.js';
import { openApiDocument, S } from './openapi.js';
import type { AppEnv, RouteSpec, ServerOptions, ServerState } from './route.js';
import { actRoutes } from './routes/act.js';
import { adminRoutes } from './routes/admin.js';
import { customerRoutes } from './routes/customers.js';
import { dataRoutes } from './routes/data.js';
import { modelRoutes } from './routes/models.js';
import { segmentRoutes } from './routes/segments.js';
import { systemRoutes } from './routes/system.js';
import { targetRoutes } from './routes/targets.js';
import { companyRoutes } from './routes/company.js';
import { campaignRoutes } from './routes/campaigns.js';
import { decideRoutes } from './routes/decide.js';
import { valueRoutes } from './routes/value.js';
import { createState } from './state.js';
import { registerStatic } from './static.js';

const openApiRoute: RouteSpec = {
  method: 'get',
  path: '/openapi.json',
  access: 'public',
  tag: 'system',
  summary: 'This document',
  response: { description: 'OpenAPI 3.1', schema: S.any },
  handler: async (c) => c.json(openApiDocument(ROUTES)),
};

/** Every route the server has, in the order of the method: data in, value, customers, segments, targets, models, actions, admin. */
export const ROUTES: readonly RouteSpec[] = [...systemRoutes, openApiRoute, ...dataRoutes, ...valueRoutes, ...customerRoutes, ...segmentRoutes, ...companyRoutes, ...targetRoutes, ...campaignRoutes, ...decideRoutes, ...modelRoutes, ...actRoutes, ...adminRoutes];

/** `/api/customers/{id}` → `/api/customers/:id`. */
export const honoPath = (p: string): string => p.replace(/\{(\w+)\}/g, ':$1');

/** Each route's path as a pattern: a request is logged by its route's path, so no id in it reaches the log. */
const ROUTE_PATTERNS = ROUTES.filter((r) => r.path.includes('{')).map((r) => ({ re: new RegExp(`^${r.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}/?$`), path: r.path }));

/**
 * The path a request is logged with: its route's (`/api/customers/{id}`), since an id in a path may be personal (a
 * customer known by an email or a phone, QA session 9, S1); a path no route has keeps its first two segments only.
 */
export function loggedPath(pathname: string): string {
  const hit = ROUTE_PATTERNS.find((p) => p.re.test(pathname));
  if (hit) return hit.path;
  const parts = pathname.split('/');
  return parts.length > 3 ? `${parts.slice(0, 3).join('/')}/…` : pathname;
}

export function createApp(options: ServerOptions): { app: Hono<AppEnv>; state: ServerState } {
  const state = createState(options);
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    const t0 = performance.now();
    await next();
    // Method, path without query, status, time and user id: never a token, a body or personal data.
    const u = c.get('user');
    state.options.log?.(`${c.req.method} ${loggedPath(new URL(c.req.url).pathname)} ${c.res.status} ${(performance.now() - t0).toFixed(1)}ms user=${u ? u.id : '-'}`);
    const failure = c.get('failure');
    // A bug: its class always; its message and stack only when debugging (they may quote data values).
    if (failure !== undefined) state.options.log?.(state.options.debug && failure instanceof Error ? `  ${failure.stack}` : `  internal error: ${failure instanceof Error ? failure.name : typeof failure}`);
    c.header('X-Content-Type-Options', 'nosniff');
    // Answers without personal data may say they can be revalidated (ETag); everything else is never stored.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });
  for (const r of ROUTES) app.on(r.method.toUpperCase(), honoPath(r.path), requireAccess(r.access, state), (c) => r.handler(c, state));
  registerStatic(app);
  app.notFound(() => {
    throw new HttpError(404, 'no such route; see GET /openapi.json');
  });
  app.onError(onError);
  return { app, state };
}
