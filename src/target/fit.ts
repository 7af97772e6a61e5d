/**
 * Fit of a group of customers with the company (门当户对), from its members' attributes against the profile. Every
 * component is a score in 0..1 with the figure it comes from, so each can be shown and checked:
 *
 * - price: the members' mean place among all buyers (mid-distribution rank, 0.5 = like the base) on order value and
 *   on paying full price (1 − place on discount share), averaged. A premium company fits high places, a budget one
 *   low places, a mid one the middle: premium m, budget 1 − m, mid 1 − 2|m − ½|.
 * - service: the members' mean place on the service they take (the mean of a customer's places on orders and on cost
 *   to serve: how often and how heavily they are served). High capacity fits high places, low capacity low ones,
 *   medium the middle (same three formulas).
 * - category, region, channel, focus: the share s of members whose main category, region (else country) or
 *   acquisition channel is one the company names, or who are organisations (b2b) or individuals and households
 *   (b2c), against the share b among all buyers, on the same scale as the places (½ = like the base):
 *   score = ½·s/b when s ≤ b, ½ + ½·(s − b)/(1 − b) above (s itself when b is 0 or 1).
 *
 * Fit = 100 × the mean of the components that apply. When the company has no profile, one is inferred from the
 * customers it already serves most profitably (top 20% by profit): see inferCompany.
 */
import type { CompanyProfile, Focus, PriceTier, ServiceCapacity } from './company.js';

/** Mean places and shares of one group of customers (or of the best customers, or of all buyers). */
export interface FitInputs {
  readonly customers: number;
  /** Mean place on order value, 0..1; null when unknown. */
  readonly pOrderValue: number | null;
  /** Mean place on discount share, 0..1 (high = many discounts). */
  readonly pDiscount: number | null;
  /** Mean place on cost to serve, 0..1. */
  readonly pService: number | null;
  readonly orderValue: number | null;
  readonly discountShare: number | null;
  readonly serviceCost: number | null;
  /** Members per value (lower case; '' = unknown) of each attribute. */
  readonly shares: Readonly<Record<'category' | 'region' | 'channel' | 'type', Readonly<Record<string, number>>>>;
}

export type FitCode = 'price' | 'service' | 'category' | 'region' | 'channel' | 'focus';

/** One part of the fit: score 0..1, and the figure it comes from next to the same figure for all buyers. */
export interface FitComponent {
  readonly code: FitCode;
  readonly score: number;
  /** What the company asked for (a tier, a capacity, a focus, or the names listed). */
  readonly wanted: string;
  /** place (0..1, 0.5 = like the base) for price and service; share (0..1) for the others. */
  readonly unit: 'place' | 'share';
  readonly figure: number;
  /** The same figure over all buyers. */
  readonly base: number;
}

const ORGANISATIONS = new Set(['company', 'government']);

/** The price place of a group: the mean of its places on order value and on paying full price. */
export function pricePlace(x: FitInputs): number | null {
  const parts = [x.pOrderValue, x.pDiscount === null ? null : 1 - x.pDiscount].filter((v): v is number => v !== null);
  return parts.length ? parts.reduce((a, b) => a + b, 0) / parts.length : null;
}

/** Score of a place m for a three-level setting: the top fits high places, the bottom low, the middle the middle. */
function levelScore(m: number, level: 'high' | 'middle' | 'low'): number {
  return level === 'high' ? m : level === 'low' ? 1 - m : 1 - 2 * Math.abs(m - 0.5);
}

function shareOf(counts: Readonly<Record<string, number>>, match: (v: string) => boolean): number | null {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  if (!total) return null;
  return Object.entries(counts).filter(([v]) => v !== '' && match(v)).reduce((a, [, n]) => a + n, 0) / total;
}

/** A share against the base share, on the places' scale: 0 none, ½ like all buyers, 1 all members. */
export function shareScore(s: number, b: number): number {
  if (b <= 0 || b >= 1) return s;
  return s <= b ? (0.5 * s) / b : 0.5 + (0.5 * (s - b)) / (1 - b);
}

/** How the data writes a lower-case name of a category, region or channel (for `wanted`; identity by default). */
export type Spelling = (dim: 'category' | 'region' | 'channel', lower: string) => string;

/** The fit components of a group against a profile; `base` is all buyers; `spell` writes the listed names as the data does. */
export function fitComponents(x: FitInputs, base: FitInputs, p: CompanyProfile, spell: Spelling = (_d, v) => v): FitComponent[] {
  const out: FitComponent[] = [];
  const price = pricePlace(x);
  if (p.priceTier !== null && price !== null) {
    out.push({ code: 'price', score: levelScore(price, p.priceTier === 'premium' ? 'high' : p.priceTier === 'budget' ? 'low' : 'middle'), wanted: p.priceTier, unit: 'place', figure: price, base: pricePlace(base) ?? 0.5 });
  }
  if (p.serviceCapacity !== null && x.pService !== null) {
    out.push({ code: 'service', score: levelScore(x.pService, p.serviceCapacity === 'high' ? 'high' : p.serviceCapacity === 'low' ? 'low' : 'middle'), wanted: p.serviceCapacity, unit: 'place', figure: x.pService, base: base.pService ?? 0.5 });
  }
  const listed = (code: FitCode, dim: 'category' | 'region' | 'channel', names: readonly string[]) => {
    if (!names.length) return;
    const set = new Set(names);
    const share = shareOf(x.shares[dim], (v) => set.has(v));
    const b = shareOf(base.shares[dim], (v) => set.has(v)) ?? 0;
    if (share !== null) out.push({ code, score: shareScore(share, b), wanted: names.map((v) => spell(dim, v)).join(', '), unit: 'share', figure: share, base: b });
  };
  listed('category', 'category', [...new Set([...p.strengths, ...p.strategicCategories])]);
  listed('region', 'region', p.regions);
  listed('channel', 'channel', p.channels);
  if (p.focus === 'b2b' || p.focus === 'b2c') {
    const isFocus = (v: string) => (p.focus === 'b2b' ? ORGANISATIONS.has(v) : !ORGANISATIONS.has(v));
    // Unknown type counts as an individual: the importer's default customer.
    const all = (c: Readonly<Record<string, number>>) => Object.entries(c).reduce((a, [v, n]) => a + n * Number(isFocus(v === '' ? 'individual' : v)), 0) / Math.max(1, Object.values(c).reduce((a, b) => a + b, 0));
    out.push({ code: 'focus', score: shareScore(all(x.shares.type), all(base.shares.type)), wanted: p.focus, unit: 'share', figure: all(x.shares.type), base: all(base.shares.type) });
  }
  return out;
}

/** Fit 0..100 from the components; 50 (no preference) when none applies. */
export function fitScore(components: readonly FitComponent[]): number {
  return components.length ? (100 * components.reduce((a, c) => a + c.score, 0)) / components.length : 50;
}

/** How the inference reads a place: at least this far above or below the middle is a tier. */
const TIER_MARGIN = 0.05;

/**
 * The profile of a company that has none, read from its most profitable customers (top 20% by profit): their
 * price and service places set the price tier and service capacity (premium / high when at least 0.55, budget / low
 * when at most 0.45); categories, regions and channels that hold at least 10% of them and more of them than of all
 * buyers are its core ones; b2b when at least half are organisations, b2c when at most 5% are.
 */
export function inferCompany(best: FitInputs, base: FitInputs): CompanyProfile {
  const tier = <T>(m: number | null, hi: T, mid: T, lo: T): T | null => (m === null ? null : m >= 0.5 + TIER_MARGIN ? hi : m <= 0.5 - TIER_MARGIN ? lo : mid);
  const over = (dim: keyof FitInputs['shares']) => {
    const b = best.shares[dim];
    const a = base.shares[dim];
    const bt = Object.values(b).reduce((s, n) => s + n, 0);
    const at = Object.values(a).reduce((s, n) => s + n, 0);
    if (!bt || !at) return [];
    return Object.entries(b)
      .filter(([v, n]) => v !== '' && n / bt >= 0.1 && n / bt > (a[v] ?? 0) / at)
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .map(([v]) => v);
  };
  const typeCounts = best.shares.type;
  const total = Object.values(typeCounts).reduce((a, b) => a + b, 0);
  const org = total ? Object.entries(typeCounts).filter(([v]) => ORGANISATIONS.has(v)).reduce((a, [, n]) => a + n, 0) / total : null;
  const focus: Focus | null = org === null ? null : org >= 0.5 ? 'b2b' : org <= 0.05 ? 'b2c' : null;
  return {
    priceTier: tier<PriceTier>(pricePlace(best), 'premium', 'mid', 'budget'),
    serviceCapacity: tier<ServiceCapacity>(best.pService, 'high', 'medium', 'low'),
    strengths: over('category'),
    strategicCategories: [],
    regions: over('region'),
    channels: over('channel'),
    focus,
  };
}
