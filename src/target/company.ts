import { UsageError } from '../errors.js';

/** What the company is, for the fit of a segment (门当户对). Loose in, strict out; defaults beside each field. */
export interface CompanyProfile {
  /** premium | mid | budget. Default mid: no price position assumed. */
  readonly priceTier: 'premium' | 'mid' | 'budget';
  /** high | medium | low: how much service per customer the company can give. Default medium. */
  readonly serviceCapacity: 'high' | 'medium' | 'low';
  /** Categories the company is good at (lower case). Default none. */
  readonly strengths: readonly string[];
  /** Categories the company wants to grow (lower case). Default none. */
  readonly strategicCategories: readonly string[];
}

export function normalizeCompany(input: unknown): CompanyProfile {
  const o = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const pick = <T extends string>(key: string, allowed: readonly T[], dflt: T): T => {
    const v = o[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new UsageError(`company.${key}: expected one of ${allowed.join(', ')}`);
    return v as T;
  };
  const list = (key: string): string[] => {
    const v = o[key];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UsageError(`company.${key}: expected a list of category names`);
    return v.map((x: string) => x.toLowerCase());
  };
  for (const k of Object.keys(o)) if (!['priceTier', 'serviceCapacity', 'strengths', 'strategicCategories'].includes(k)) throw new UsageError(`company.${k}: unknown field`, 'fields: priceTier, serviceCapacity, strengths, strategicCategories');
  return { priceTier: pick('priceTier', ['premium', 'mid', 'budget'], 'mid'), serviceCapacity: pick('serviceCapacity', ['high', 'medium', 'low'], 'medium'), strengths: list('strengths'), strategicCategories: list('strategicCategories') };
}
