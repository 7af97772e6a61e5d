/**
 * Lookalike scoring by weights of evidence (naive Bayes): how much more often each attribute value occurs among the
 * best customers than among the others. By Bayes, ln[P(v | best) / P(v | other)] = logit P(best | v) − logit π_a,
 * and P(best | v) is shrunk towards π_a, the share of best customers among those with attribute a known, by m
 * pseudo-customers (the smoothing of Micci-Barreca 2001, "A preprocessing scheme for high-cardinality categorical
 * attributes", SIGKDD Explorations 3(1)), so a value seen on two customers cannot dominate:
 *   w(a, v) = logit[(n_best(a, v) + m·π_a) / (n(a, v) + m)] − logit(π_a).
 * A profile's log-odds of being "best" is logit(π) + Σ_a w(a, x_a) over its known attributes (π = share of best
 * customers); its similarity is σ of that, and its lift similarity / π. An unknown or never-seen value adds 0.
 * What drives a profile's similarity is its largest terms w(a, x_a); what drives it overall is each attribute's
 * information value IV_a = Σ_v (p_best(v) − p_other(v)) · w(a, v), p the shares of value v among best and other
 * customers (Siddiqi 2006, Credit Risk Scorecards). Numbers are binned at the quintiles of all customers (their own
 * values when there are five or fewer); tags ("travel;reading") count each tag present. Pure: no I/O.
 */

export type ProfileValue = string | number | readonly string[];
export type Profile = Readonly<Record<string, ProfileValue | undefined>>;

export interface FeatureSpec {
  readonly name: string;
  readonly kind: 'category' | 'number' | 'tags';
}

export interface LevelStat {
  /** The value as compared (lower case), and as first seen. */
  readonly level: string;
  readonly label: string;
  readonly best: number;
  readonly other: number;
  readonly weight: number;
}

export interface FeatureModel {
  readonly name: string;
  readonly kind: FeatureSpec['kind'];
  /** Upper edges of the bins of a binned number (the last bin is open). */
  readonly edges: readonly number[] | null;
  readonly known: { readonly best: number; readonly other: number };
  readonly levels: readonly LevelStat[];
  readonly iv: number;
}

export interface LookalikeModel {
  readonly best: number;
  readonly other: number;
  /** π: the share of best customers. */
  readonly prior: number;
  readonly features: readonly FeatureModel[];
}

export interface Contribution {
  readonly feature: string;
  readonly level: string;
  readonly weight: number;
}

export interface ProfileScore {
  readonly logOdds: number;
  readonly similarity: number;
  readonly lift: number;
  /** Known attributes' terms, largest |w| first. */
  readonly contributions: readonly Contribution[];
}

const fmt = (n: number) => (Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 100) / 100));

function quantileEdges(values: readonly number[], bins: number): number[] | null {
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = new Set(sorted);
  if (distinct.size <= bins) return null; // few values: each is its own level
  const at = (q: number) => {
    const h = (sorted.length - 1) * q;
    const lo = Math.floor(h);
    return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? sorted[lo]) - sorted[lo]);
  };
  return [...new Set(Array.from({ length: bins - 1 }, (_, i) => at((i + 1) / bins)))];
}

function binLabel(edges: readonly number[], i: number): string {
  if (i === 0) return `≤ ${fmt(edges[0])}`;
  if (i === edges.length) return `> ${fmt(edges[edges.length - 1])}`;
  return `${fmt(edges[i - 1])}–${fmt(edges[i])}`;
}

/** The levels of a value, as compared (lower case) and as written: one for a category or a number, one per tag. Null when unknown. */
export function levelsOf(f: Pick<FeatureModel, 'kind' | 'edges'>, v: ProfileValue | undefined): Array<{ key: string; label: string }> | null {
  if (v === undefined || v === null) return null;
  const same = (label: string) => ({ key: label.toLowerCase(), label });
  if (f.kind === 'tags') {
    const tags = (Array.isArray(v) ? v : String(v).split(/[;,|]/)).map((t) => t.trim()).filter(Boolean);
    const seen = new Map<string, { key: string; label: string }>();
    for (const t of tags) if (!seen.has(t.toLowerCase())) seen.set(t.toLowerCase(), same(t));
    return seen.size ? [...seen.values()] : null;
  }
  if (f.kind === 'number') {
    if (typeof v === 'string' && v.trim() === '') return null;
    const n = typeof v === 'number' ? v : Number(String(v).replace(/,/g, ''));
    if (!Number.isFinite(n)) return null;
    if (!f.edges) return [same(String(n))];
    let i = 0;
    while (i < f.edges.length && n > f.edges[i]) i++;
    return [same(binLabel(f.edges, i))];
  }
  const s = String(v).trim();
  return s ? [same(s)] : null;
}

export interface FitOptions {
  readonly m: number; // 10: pseudo-customers shrinking each value's share of best customers towards its attribute's
  readonly bins: number; // 5: quintiles
  readonly maxLevels: number; // 500: attributes with more values (ids, free text) are left out
}

export const DEFAULT_FIT: FitOptions = { m: 10, bins: 5, maxLevels: 500 };

const logit = (p: number) => Math.log(p / (1 - p));

/** Weights of evidence of every usable attribute, from customers marked best or not. */
export function fitLookalike(rows: ReadonlyArray<{ readonly profile: Profile; readonly best: boolean }>, specs: readonly FeatureSpec[], o: FitOptions = DEFAULT_FIT): LookalikeModel {
  const best = rows.filter((r) => r.best).length;
  const other = rows.length - best;
  if (best === 0 || other === 0) throw new RangeError('fitLookalike requires at least one best and one other customer');
  const features: FeatureModel[] = [];
  for (const spec of specs) {
    let edges: number[] | null = null;
    if (spec.kind === 'number') {
      const nums = rows.flatMap((r) => levelsOf({ kind: 'number', edges: null }, r.profile[spec.name]) ?? []).map((l) => Number(l.key));
      edges = quantileEdges(nums, o.bins);
    }
    const shape = { kind: spec.kind, edges };
    const count = new Map<string, { label: string; best: number; other: number }>();
    const known = { best: 0, other: 0 };
    for (const r of rows) {
      const ls = levelsOf(shape, r.profile[spec.name]);
      if (!ls) continue;
      known[r.best ? 'best' : 'other']++;
      for (const l of ls) {
        const c = count.get(l.key) ?? { label: l.label, best: 0, other: 0 };
        c[r.best ? 'best' : 'other']++;
        count.set(l.key, c);
      }
    }
    if (known.best === 0 || known.other === 0 || count.size < 2 || count.size > o.maxLevels) continue;
    const pa = known.best / (known.best + known.other);
    const levels: LevelStat[] = [];
    let iv = 0;
    for (const [level, c] of count) {
      const weight = logit((c.best + o.m * pa) / (c.best + c.other + o.m)) - logit(pa);
      iv += (c.best / known.best - c.other / known.other) * weight;
      levels.push({ level, label: c.label, best: c.best, other: c.other, weight });
    }
    levels.sort((a, b) => b.weight - a.weight || a.level.localeCompare(b.level));
    features.push({ name: spec.name, kind: spec.kind, edges, known, levels, iv });
  }
  features.sort((a, b) => b.iv - a.iv || a.name.localeCompare(b.name));
  return { best, other, prior: best / rows.length, features };
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function scoreProfile(m: LookalikeModel, profile: Profile): ProfileScore {
  const contributions: Contribution[] = [];
  for (const f of m.features) {
    for (const l of levelsOf(f, profile[f.name]) ?? []) {
      const stat = f.levels.find((x) => x.level === l.key);
      if (stat) contributions.push({ feature: f.name, level: stat.label, weight: stat.weight });
    }
  }
  contributions.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || a.feature.localeCompare(b.feature) || a.level.localeCompare(b.level));
  const logOdds = logit(m.prior) + contributions.reduce((a, c) => a + c.weight, 0);
  const similarity = sigmoid(logOdds);
  return { logOdds, similarity, lift: similarity / m.prior, contributions };
}

/** "industry = retail +0.84" */
export function describeContribution(c: Contribution): string {
  return `${c.feature} = ${c.level} ${c.weight >= 0 ? '+' : '−'}${Math.abs(c.weight).toFixed(2)}`;
}
