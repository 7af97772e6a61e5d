/** The company profile kept in the store: one row, replaced whole. The CLI and the API read and write it here. */
import type { Engine } from '../engine/engine.js';
import { sqlClearCompany, sqlReadCompany, sqlWriteCompany } from '../sql/company.js';
import { isEmptyProfile, normalizeCompany, type CompanyProfile } from './company.js';

export interface StoredCompany {
  readonly profile: CompanyProfile;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
}

export async function readCompany(engine: Engine): Promise<StoredCompany | null> {
  const [row] = await engine.query<{ profile: string; updated_at: string; updated_by: string | null }>(sqlReadCompany());
  return row ? { profile: normalizeCompany(JSON.parse(row.profile)), updatedAt: row.updated_at, updatedBy: row.updated_by } : null;
}

/** Replaces the stored profile; an empty profile clears it (fit is then inferred). */
export async function writeCompany(engine: Engine, profile: CompanyProfile, by: string | null): Promise<StoredCompany | null> {
  await engine.transaction(async () => {
    await engine.run(sqlClearCompany());
    if (!isEmptyProfile(profile)) await engine.run(sqlWriteCompany(engine.dialect), [JSON.stringify(profile), by]);
  });
  return readCompany(engine);
}
