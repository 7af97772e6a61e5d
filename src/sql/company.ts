import type { Dialect } from './dialect.js';

/** The stored company profile (at most one row): profile JSON, when and by whom it was set. */
export const sqlReadCompany = (): string => `SELECT CAST(profile AS VARCHAR) AS profile, CAST(updated_at AS VARCHAR) AS updated_at, updated_by FROM company_profile LIMIT 1`;

export const sqlClearCompany = (): string => `DELETE FROM company_profile`;

/** $1 profile JSON, $2 who set it. */
export const sqlWriteCompany = (d: Dialect): string => `INSERT INTO company_profile (profile, updated_at, updated_by) VALUES ($1, ${d.sqlNow}, $2)`;
