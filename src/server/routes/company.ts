import type { Engine } from '../../engine/engine.js';
import { mergeCompany, normalizeCompany, readCompany, writeCompany, type CompanyProfile } from '../../target/index.js';
import { audit } from '../audit.js';
import { S } from '../openapi.js';
import { jsonBody } from '../params.js';
import type { RouteSpec, ServerState } from '../route.js';

/** The profile in effect: the server's config section, then the stored profile field by field. */
export async function companyInEffect(view: Engine, s: ServerState): Promise<CompanyProfile> {
  return mergeCompany(s.options.company, (await readCompany(view))?.profile ?? normalizeCompany({}));
}

const PROFILE = S.obj({
  priceTier: S.nullable({ type: 'string', enum: ['premium', 'mid', 'budget'] }),
  serviceCapacity: S.nullable({ type: 'string', enum: ['high', 'medium', 'low'] }),
  strengths: S.arr(S.str),
  strategicCategories: S.arr(S.str),
  regions: S.arr(S.str),
  channels: S.arr(S.str),
  focus: S.nullable({ type: 'string', enum: ['b2b', 'b2c', 'both'] }),
});

export const companyRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/company',
    access: 'viewer',
    tag: 'targets',
    summary: 'The company profile (门当户对): the stored one (or null: fit is inferred), and the one in effect',
    response: { description: 'Profile', schema: S.obj({ stored: S.nullable(S.any), inEffect: PROFILE }) },
    handler: async (c, s) => c.json(await s.read(async (view) => ({ stored: await readCompany(view), inEffect: await companyInEffect(view, s) }))),
  },
  {
    method: 'put',
    path: '/api/company',
    access: 'analyst',
    tag: 'targets',
    summary: 'Replace the stored company profile (an empty one clears it: fit is then inferred); audited',
    errors: [413, 415],
    body: { contentType: 'application/json', schema: S.obj({ priceTier: S.any, serviceCapacity: S.any, strengths: S.arr(S.str), coreCategories: S.arr(S.str), strategicCategories: S.arr(S.str), regions: S.arr(S.str), channels: S.arr(S.str), focus: S.any }) },
    response: { description: 'The stored profile, or null', schema: S.obj({ stored: S.nullable(S.any) }) },
    handler: async (c, s) => {
      const profile = normalizeCompany(await jsonBody(c));
      const u = s.user(c);
      const stored = await s.write(async () => {
        const r = await writeCompany(s.engine, profile, u.name);
        await audit(s.engine, u, 'company.set', null);
        s.forget();
        return r;
      });
      return c.json({ stored });
    },
  },
];
