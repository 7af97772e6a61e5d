import { UsageError } from '../errors.js';

export type PriceTier = 'premium' | 'mid' | 'budget';
export type ServiceCapacity = 'high' | 'medium' | 'low';
export type Focus = 'b2b' | 'b2c' | 'both';

/**
 * What the company is, for the fit of a segment (门当户对). Loose in, strict out. Every field may be unset: an unset
 * field adds no fit component, and a profile with nothing set is "no profile" (fit is then inferred from the data).
 */
export interface CompanyProfile {
  /** premium | mid | budget: the price position. Default unset. */
  readonly priceTier: PriceTier | null;
  /** high | medium | low: how much service per customer the company can give. Default unset. */
  readonly serviceCapacity: ServiceCapacity | null;
  /** Core categories: what the company is good at (lower case). Default none. */
  readonly strengths: readonly string[];
  /** Categories the company wants to grow (lower case). Default none. */
  readonly strategicCategories: readonly string[];
  /** Regions (or countries) served, lower case. Default none: every region. */
  readonly regions: readonly string[];
  /** Sales or acquisition channels the company works through, lower case. Default none: every channel. */
  readonly channels: readonly string[];
  /** b2b (companies and government), b2c (individuals and households) or both. Default unset. */
  readonly focus: Focus | null;
}

const FIELDS = ['priceTier', 'serviceCapacity', 'strengths', 'coreCategories', 'strategicCategories', 'regions', 'channels', 'focus'] as const;

export const PRICE_TIERS: readonly PriceTier[] = ['premium', 'mid', 'budget'];
export const SERVICE_CAPACITIES: readonly ServiceCapacity[] = ['high', 'medium', 'low'];
export const FOCUSES: readonly Focus[] = ['b2b', 'b2c', 'both'];

export function normalizeCompany(input: unknown): CompanyProfile {
  const o = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const pick = <T extends string>(key: string, allowed: readonly T[]): T | null => {
    const v = o[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new UsageError(`company.${key}: expected one of ${allowed.join(', ')}`);
    return v as T;
  };
  const list = (key: string): string[] => {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UsageError(`company.${key}: expected a list of names`);
    if (v.length > 200 || v.some((x: string) => x.length > 200)) throw new UsageError(`company.${key}: at most 200 names of 200 characters`);
    return [...new Set(v.map((x: string) => x.trim().toLowerCase()).filter(Boolean))];
  };
  for (const k of Object.keys(o)) if (!(FIELDS as readonly string[]).includes(k)) throw new UsageError(`company.${k}: unknown field`, `fields: ${FIELDS.join(', ')}`);
  return {
    priceTier: pick('priceTier', PRICE_TIERS),
    serviceCapacity: pick('serviceCapacity', SERVICE_CAPACITIES),
    // coreCategories is the name for strengths; both are accepted.
    strengths: [...new Set([...list('strengths'), ...list('coreCategories')])],
    strategicCategories: list('strategicCategories'),
    regions: list('regions'),
    channels: list('channels'),
    focus: pick('focus', FOCUSES),
  };
}

/** True when nothing is set: fit must then be inferred from the data. */
export function isEmptyProfile(p: CompanyProfile): boolean {
  return p.priceTier === null && p.serviceCapacity === null && p.focus === null && !p.strengths.length && !p.strategicCategories.length && !p.regions.length && !p.channels.length;
}

/** `over` wins field by field where it is set. */
export function mergeCompany(base: CompanyProfile, over: CompanyProfile): CompanyProfile {
  return {
    priceTier: over.priceTier ?? base.priceTier,
    serviceCapacity: over.serviceCapacity ?? base.serviceCapacity,
    strengths: over.strengths.length ? over.strengths : base.strengths,
    strategicCategories: over.strategicCategories.length ? over.strategicCategories : base.strategicCategories,
    regions: over.regions.length ? over.regions : base.regions,
    channels: over.channels.length ? over.channels : base.channels,
    focus: over.focus ?? base.focus,
  };
}
