/**
 * Lookalikes: prospects (open leads), non-buying customers or other customers scored by how much their profile looks
 * like the best customers' — value tier IV and RFM Champions of the value run — with the attributes that drive it
 * (lookalike-model.ts). The model is checked on held-out customers (AUC: do the attributes tell best customers
 * apart at all?), then refitted on every customer to score the candidates.
 */
import { ENTITIES } from '../data/entities.js';
import type { Engine } from '../engine/engine.js';
import { NotFoundError, UsageError } from '../errors.js';
import { createRandom } from '../clv/random.js';
import { PROFILE_FIELDS, sqlLookalikeCustomers } from '../sql/lookalike.js';
import { computeValue, type ValueConfig } from '../value/index.js';
import type { CampaignItem } from './contacts.js';
import { keyOf, loadLeads } from './lead-rows.js';
import { describeContribution, fitLookalike, scoreProfile, type Contribution, type FeatureSpec, type LookalikeModel, type Profile } from './lookalike-model.js';
import { auc } from './metrics.js';

export type LookalikeAmong = 'leads' | 'non-buyers' | 'customers';
export type BestDefinition = 'both' | 'either' | 'tier-iv' | 'champions';

export interface LookalikeOptions {
  readonly asOf?: string; // default: the value run's (the last order day)
  readonly among: LookalikeAmong | 'auto'; // auto: open leads when there are leads, else non-buyers, else the other customers
  readonly best: BestDefinition; // both: tier IV and Champions (widened to either when fewer than minBest)
  /** Attributes compared: profile fields or imported attribute names. Default PROFILE_FIELDS, plus `addAttributes`. */
  readonly attributes?: readonly string[];
  readonly addAttributes: readonly string[]; // []
  /** Attributes never compared, whatever the lists above say: the personal ones for a reader who may not see them. */
  readonly omit?: readonly string[]; // none
  readonly holdout: number; // 0.25: share of customers held out for the check
  readonly seed: number; // 1
  readonly minBest: number; // 10: fewer best customers than this widens "both" to "either"
}

export const DEFAULT_LOOKALIKE: LookalikeOptions = { among: 'auto', best: 'both', addAttributes: [], holdout: 0.25, seed: 1, minBest: 10 };

export interface Lookalike {
  readonly id: string;
  readonly kind: 'lead' | 'customer';
  readonly rank: number;
  /** P(best | profile) under the model, and that over the share of best customers. */
  readonly similarity: number;
  readonly lift: number;
  /** The attributes that make them look like the best customers (positive terms, largest first). */
  readonly drivers: readonly Contribution[];
  /** The attributes that make them look least like the best customers (negative terms, largest first). */
  readonly against: readonly Contribution[];
  /** All known terms, largest |w| first (for JSON). */
  readonly terms: readonly Contribution[];
  readonly segment: string | null;
}

export interface AttributeDriver {
  readonly name: string;
  readonly kind: FeatureSpec['kind'];
  readonly iv: number;
  /** Share of customers with the attribute known. */
  readonly known: number;
  /** The most best-like values: share among best and other customers, weight. */
  readonly top: ReadonlyArray<{ readonly level: string; readonly bestShare: number; readonly otherShare: number; readonly weight: number }>;
}

export interface LookalikeReport {
  readonly asOf: string;
  readonly among: LookalikeAmong;
  readonly best: { readonly definition: BestDefinition; readonly customers: number; readonly widened: boolean };
  readonly customers: number;
  readonly attributes: readonly AttributeDriver[];
  /** Held-out check: AUC of the model at telling best customers from the others. */
  readonly check: { readonly auc: number; readonly test: number; readonly testBest: number } | null;
  readonly candidates: number;
  readonly lookalikes: readonly Lookalike[];
  readonly notes: readonly string[];
}

const NUMBER_FIELDS = new Set(['age', 'income', 'employees', 'annual_revenue']);

/** Lead keys that mean a customer field: the field's name and the importer's aliases for it (job → occupation). */
function aliasesOf(field: string): string[] {
  const spec = ENTITIES.customers.fields.find((f) => f.name === field);
  return [...new Set([field, ...(spec?.aliases ?? [])].map(keyOf))].filter((k) => k !== 'id' && k !== 'customer_id');
}

interface CustomerRow {
  readonly customer_id: string;
  readonly segment: string;
  readonly value_quadrant: string | null;
  readonly bought: boolean;
  readonly attributes: string | null;
  readonly [field: string]: unknown;
}

function customerProfile(r: CustomerRow, names: readonly string[]): Profile {
  const attrs: Record<string, string> = {};
  if (r.attributes) for (const [k, v] of Object.entries(JSON.parse(r.attributes) as Record<string, unknown>)) if (v !== null && v !== '') attrs[keyOf(k)] = String(v);
  const p: Record<string, string | number> = {};
  for (const n of names) {
    const v = (PROFILE_FIELDS as readonly string[]).includes(n) ? r[n] : attrs[keyOf(n)];
    if (v !== null && v !== undefined && v !== '') p[n] = typeof v === 'number' || typeof v === 'bigint' ? Number(v) : String(v);
  }
  return p;
}

function isBest(r: Pick<CustomerRow, 'segment' | 'value_quadrant'>, d: BestDefinition): boolean {
  const iv = r.value_quadrant === 'IV';
  const ch = r.segment === 'Champions';
  return d === 'both' ? iv && ch : d === 'either' ? iv || ch : d === 'tier-iv' ? iv : ch;
}

function specsOf(names: readonly string[], profiles: readonly Profile[]): FeatureSpec[] {
  return names.map((name) => {
    if (name === 'lifestyle') return { name, kind: 'tags' };
    if (NUMBER_FIELDS.has(name)) return { name, kind: 'number' };
    if ((PROFILE_FIELDS as readonly string[]).includes(name)) return { name, kind: 'category' };
    const vals = profiles.map((p) => p[name]).filter((v) => v !== undefined);
    const nums = vals.filter((v) => Number.isFinite(Number(v)));
    return { name, kind: vals.length && nums.length >= 0.95 * vals.length ? 'number' : 'category' };
  });
}

function drivers(m: LookalikeModel, customers: number): AttributeDriver[] {
  return m.features.map((f) => ({
    name: f.name,
    kind: f.kind,
    iv: f.iv,
    known: (f.known.best + f.known.other) / customers,
    top: f.levels
      .filter((l) => l.best > 0 && l.weight > 0)
      .slice(0, 3)
      .map((l) => ({ level: l.label, bestShare: l.best / f.known.best, otherShare: l.other / f.known.other, weight: l.weight })),
  }));
}

function heldOutCheck(rows: ReadonlyArray<{ profile: Profile; best: boolean }>, specs: readonly FeatureSpec[], o: LookalikeOptions): LookalikeReport['check'] {
  const rng = createRandom(o.seed);
  const train: typeof rows[number][] = [];
  const test: typeof rows[number][] = [];
  for (const cls of [true, false]) {
    const group = rows.filter((r) => r.best === cls);
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [group[i], group[j]] = [group[j], group[i]];
    }
    const cut = Math.round(group.length * o.holdout);
    test.push(...group.slice(0, cut));
    train.push(...group.slice(cut));
  }
  const testBest = test.filter((r) => r.best).length;
  if (testBest < 2 || testBest === test.length || !train.some((r) => r.best)) return null;
  const m = fitLookalike(train, specs);
  return { auc: auc(test.map((r) => scoreProfile(m, r.profile).logOdds), test.map((r) => r.best)), test: test.length, testBest };
}

export async function findLookalikes(engine: Engine, config: ValueConfig, options: Partial<LookalikeOptions> = {}): Promise<LookalikeReport> {
  const o: LookalikeOptions = { ...DEFAULT_LOOKALIKE, ...options };
  if (!(o.holdout > 0 && o.holdout < 1)) throw new UsageError(`lookalike: --holdout ${o.holdout}: expected a share between 0 and 1`);
  const value = await computeValue(engine, { config, ...(o.asOf ? { asOf: o.asOf } : {}) });
  const rows = await engine.query<CustomerRow>(sqlLookalikeCustomers(engine.dialect), [value.runId, value.asOf]);
  const notes: string[] = [];
  let definition = o.best;
  let widened = false;
  if (definition === 'both' && options.best === undefined && rows.filter((r) => isBest(r, 'both')).length < o.minBest) {
    definition = 'either';
    widened = true;
    notes.push(`fewer than ${o.minBest} customers are both tier IV and Champions: best customers are tier IV or Champions`);
  }
  const bestCount = rows.filter((r) => isBest(r, definition)).length;
  if (bestCount < 2) throw new NotFoundError(`only ${bestCount} best customers (${definition}) as of ${value.asOf}: too few to learn what they look like`, 'import more orders, or try --best either');
  if (bestCount === rows.length) throw new NotFoundError('every customer is a best customer: there is nothing to tell them apart from');
  const omitted = new Set(o.omit ?? []);
  const names = [...new Set([...(o.attributes ?? PROFILE_FIELDS), ...o.addAttributes])].filter((n) => !omitted.has(n));
  const leads = await loadLeads(engine);
  const open = leads.filter((l) => l.outcome === null);
  const among: LookalikeAmong = o.among !== 'auto' ? o.among : leads.length ? 'leads' : rows.some((r) => !r.bought) ? 'non-buyers' : 'customers';
  const candidateLeads = among === 'leads' ? (open.length ? open : leads) : [];
  if (among === 'leads' && !open.length && leads.length) notes.push('no open leads (all have an outcome): every lead is scored');
  const leadProfiles = candidateLeads.map((l) => {
    const p: Record<string, string> = {};
    for (const n of names) {
      const key = (PROFILE_FIELDS as readonly string[]).includes(n) ? aliasesOf(n).find((k) => l.values[k] !== undefined) : keyOf(n);
      if (key !== undefined && l.values[key] !== undefined) p[n] = l.values[key];
    }
    return { id: l.leadId, profile: p as Profile };
  });
  // Only attributes the candidates have can make them look alike; the rest would add nothing to anyone.
  const usable = among === 'leads' ? names.filter((n) => leadProfiles.some((c) => c.profile[n] !== undefined)) : names;
  if (among === 'leads' && usable.length < names.length) notes.push(`the leads carry ${usable.length ? usable.join(', ') : 'none'} of the compared attributes; the others are left out`);
  const fitRows = rows.map((r) => ({ id: r.customer_id, profile: customerProfile(r, usable), best: isBest(r, definition), row: r }));
  const specs = specsOf(usable, fitRows.map((r) => r.profile));
  const model = fitLookalike(fitRows, specs);
  if (!model.features.length) notes.push('no attribute is known for both best and other customers with two or more values: every candidate scores the same');
  const candidates =
    among === 'leads'
      ? leadProfiles.map((c) => ({ id: c.id, kind: 'lead' as const, profile: c.profile, segment: null }))
      : fitRows.filter((r) => (among === 'non-buyers' ? !r.row.bought : !isBest(r.row, 'either'))).map((r) => ({ id: r.id, kind: 'customer' as const, profile: r.profile, segment: r.row.segment }));
  const scored = candidates
    .map((c) => ({ c, s: scoreProfile(model, c.profile) }))
    .sort((a, b) => b.s.logOdds - a.s.logOdds || a.c.id.localeCompare(b.c.id));
  return {
    asOf: value.asOf,
    among,
    best: { definition, customers: bestCount, widened },
    customers: rows.length,
    attributes: drivers(model, rows.length),
    check: model.features.length ? heldOutCheck(fitRows, specs, o) : null,
    candidates: candidates.length,
    lookalikes: scored.map(({ c, s }, i) => ({
      id: c.id,
      kind: c.kind,
      rank: i + 1,
      similarity: s.similarity,
      lift: s.lift,
      drivers: s.contributions.filter((t) => t.weight > 0).slice(0, 3),
      against: s.contributions.filter((t) => t.weight < 0).slice(0, 2),
      terms: s.contributions.slice(0, 8),
      segment: c.segment,
    })),
    notes,
  };
}

export const LOOKALIKE_EXTRA_HEADERS = ['similarity', 'lift', 'rank', 'drivers', 'against'] as const;

const NEXT: Record<LookalikeAmong, string> = {
  leads: 'pursue: a prospect that looks like your best customers',
  'non-buyers': 'a first-purchase offer: they look like your best customers',
  customers: 'grow: treat like a best customer (upgrade or loyalty offer)',
};

/** The lookalikes as campaign items (leads or customers), best first; `top` keeps the first n. */
export function lookalikeItems(r: Pick<LookalikeReport, 'lookalikes' | 'among'>, top = Infinity): CampaignItem[] {
  return r.lookalikes.slice(0, top).map((l) => ({
    customerId: l.id,
    kind: l.kind,
    reason: l.drivers.length ? `looks like your best customers: ${l.drivers.map(describeContribution).join('; ')}` : 'no attribute in common with the best customers',
    offer: NEXT[r.among],
    extra: [Number(l.similarity.toFixed(6)), Number(l.lift.toFixed(4)), l.rank, l.drivers.map(describeContribution).join('; '), l.against.map(describeContribution).join('; ')],
  }));
}
