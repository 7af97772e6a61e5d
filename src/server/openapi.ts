/** The OpenAPI 3.1 document, built from the same route table the app registers, so the two cannot drift. */
import type { RouteSpec, Schema } from './route.js';

const ERROR: Schema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['status', 'code', 'message'],
      properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' }, hint: { type: 'string' }, line: { type: 'integer' }, column: { type: 'string' } },
    },
  },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (wrong type, out of range, bad rule)',
  401: 'No token, or an unknown or expired one',
  403: 'The role does not allow this',
  404: 'Not found',
  413: 'The body is larger than allowed',
  415: 'Wrong content type',
  422: 'The file cannot be imported, or the data cannot be fitted',
  429: 'Too many failed logins: see Retry-After',
  500: 'Internal error (a bug); no details are given',
  503: 'The store is unavailable',
};

export function openApiDocument(routes: readonly RouteSpec[], version = '0.1.0'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const statuses = new Set<number>([400, 500, ...(r.access === 'public' ? [] : [401, 403]), ...(r.errors ?? [])]);
    const responses: Record<string, unknown> = {
      200: { description: r.response.description, content: { [r.response.contentType ?? 'application/json']: { schema: r.response.schema } } },
    };
    for (const s of [...statuses].sort()) responses[s] = { description: DESCRIPTIONS[s] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    (paths[r.path] ??= {})[r.method] = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method}${r.path.replace(/[{}]/g, '').replace(/[/-](\w)/g, (_m, ch: string) => ch.toUpperCase())}`,
      'x-role': r.access,
      security: r.access === 'public' ? [] : [{ bearer: [] }],
      ...(r.params?.length ? { parameters: r.params.map((p) => ({ name: p.name, in: p.in, required: p.in === 'path' ? true : (p.required ?? false), schema: p.schema, ...(p.description ? { description: p.description } : {}) })) } : {}),
      ...(r.body ? { requestBody: { required: true, ...(r.body.description ? { description: r.body.description } : {}), content: { [r.body.contentType]: { schema: r.body.schema } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Clientele API',
      version,
      description:
        'JSON API over a Clientele store: the same analyses as the CLI. Roles: viewer (read-only; personal data masked), analyst (everything but users), admin (everything). Sign in with POST /api/login and send Authorization: Bearer TOKEN. Failed logins are limited per account and per address (429 with Retry-After).',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: { Error: ERROR } },
    paths,
  };
}

/** Schema shorthands for the route files. */
export const S = {
  obj: (properties: Record<string, Schema>, required: readonly string[] = []): Schema => ({ type: 'object', properties, ...(required.length ? { required } : {}) }),
  arr: (items: Schema): Schema => ({ type: 'array', items }),
  str: { type: 'string' } as Schema,
  int: { type: 'integer' } as Schema,
  num: { type: 'number' } as Schema,
  bool: { type: 'boolean' } as Schema,
  any: { type: 'object', additionalProperties: true } as Schema,
  nullable: (s: Schema): Schema => ({ ...s, type: [s.type as string, 'null'] }),
};

export const PAGE_PARAMS = [
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
  { name: 'pageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
] as const;
