/**
 * Clusters of customers on chosen features (k-means on z-scores), named from what distinguishes them, and saved
 * as segments. Members are re-assigned to the stored centroids when the value run changes.
 */
import type { Engine, SqlValue } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { SQL_CLUSTER_NAMES, SQL_DELETE_MEMBERS, SQL_DELETE_SEGMENT, sqlAssignClusters, sqlFeatureRows, sqlInsertAssigned, sqlInsertSegment, sqlMarkFilled, sqlMemberCounts } from '../sql/segment.js';
import type { ValueConfig } from '../value/index.js';
import { compileField } from './compile.js';
import { FIELDS } from './fields.js';
import { chooseStableK, kmeans, standardise } from './kmeans.js';
import { checkSegmentName, latestRun, type ValueRun } from './store.js';

export interface ClusterDefinition {
  readonly features: readonly string[];
  readonly means: readonly number[];
  readonly sds: readonly number[];
  readonly medians: readonly number[];
  readonly centroid: readonly number[];
  readonly description: string;
}

export interface ClusterResult {
  readonly k: number;
  readonly chosenBy: 'given' | 'silhouette';
  /** Per k tried: silhouette, the smallest cluster's share, and whether it met the minimum size. */
  readonly silhouettes: ReadonlyArray<{ k: number; silhouette: number; smallestShare?: number; valid?: boolean }>;
  /** For k chosen by silhouette: the mean adjusted Rand index against three other seeds, and how clear the structure is. */
  readonly stability: number | null;
  readonly structure: 'strong' | 'reasonable' | 'none' | null;
  /** One line a manager can read: clusters worth naming, or no clear structure. */
  readonly verdict: string;
  readonly features: readonly string[];
  readonly imputed: Readonly<Record<string, number>>;
  readonly customers: number;
  /** Per cluster: its mean of each feature in the feature's units, and in z-scores (what the description reads). */
  readonly clusters: ReadonlyArray<{
    name: string;
    description: string;
    /** The description with its figures against all buyers, e.g. "recent (recency_days 21 vs 180)". */
    named: string;
    distinctive: ReadonlyArray<{ feature: string; mean: number; base: number; z: number }>;
    members: number;
    share: number;
    means: Readonly<Record<string, number>>;
    zScores: Readonly<Record<string, number>>;
  }>;
}

const WORDS: Readonly<Record<string, [string, string]>> = {
  'rfm.r': ['recent', 'lapsed'],
  'rfm.f': ['high-frequency', 'low-frequency'],
  'rfm.m': ['big-spending', 'small-spending'],
  age: ['older', 'young'],
  profit: ['high-profit', 'low-profit'],
  revenue: ['high-revenue', 'low-revenue'],
  orders: ['many orders', 'few orders'],
  recency_days: ['long silent', 'recently active'],
  income: ['high-income', 'low-income'],
  cost_to_serve: ['costly to serve', 'cheap to serve'],
  satisfaction: ['satisfied', 'dissatisfied'],
  tenure_days: ['long-standing', 'new'],
  discounts: ['discount-driven', 'few discounts'],
  long_term_value: ['high long-term value', 'low long-term value'],
  clv: ['high CLV', 'low CLV'],
  margin: ['high-margin', 'low-margin'],
  gross_margin: ['high gross margin', 'low gross margin'],
  discount_share: ['discount-driven', 'full-price'],
  p_alive: ['likely active', 'likely lapsed'],
  loyalty: ['loyal', 'disloyal'],
  good_score: ['good customers', 'weak customers'],
  purchase_days: ['frequent', 'infrequent'],
  nps: ['promoters', 'detractors'],
  referrals: ['referring', 'non-referring'],
  late_payments: ['late payers', 'prompt payers'],
  employees: ['large firms', 'small firms'],
  annual_revenue: ['high-turnover firms', 'low-turnover firms'],
};

/** The (at most three) features whose cluster mean is furthest from average, at least half a standard deviation. */
function distinctiveOf(features: readonly string[], centroid: ArrayLike<number>): Array<{ f: string; j: number; z: number }> {
  return features
    .map((f, j) => ({ f, j, z: centroid[j] }))
    .filter((x) => Math.abs(x.z) >= 0.5)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z) || a.f.localeCompare(b.f))
    .slice(0, 3);
}

const wordOf = (f: string, z: number) => (WORDS[f] ? WORDS[f][z > 0 ? 0 : 1] : `${z > 0 ? 'high' : 'low'} ${f.replace(/^attributes\./, '')}`);

/** "young, high-frequency, low-profit": the (at most three) features whose cluster mean is furthest from average. */
export function describeCentroid(features: readonly string[], centroid: ArrayLike<number>): string {
  const parts = distinctiveOf(features, centroid).map(({ f, z }) => wordOf(f, z));
  return parts.length ? parts.join(', ') : 'average on every feature';
}

const fig = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : Number(x.toPrecision(3)).toString());

/** The description with each feature's cluster mean against all buyers': "recent (recency_days 21 vs 180)". */
export function nameWithFigures(features: readonly string[], centroid: ArrayLike<number>, means: readonly number[], sds: readonly number[]): string {
  const parts = distinctiveOf(features, centroid).map(({ f, j, z }) => `${wordOf(f, z)} (${f} ${fig(means[j] + z * sds[j])} vs ${fig(means[j])})`);
  return parts.length ? parts.join(', ') : 'average on every feature';
}

export function resolveFeatures(list: string): string[] {
  const out: string[] = [];
  for (const given of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    // attributes.<Key> keeps the key's case (keys come from users' files); its values are read as numbers.
    const isAttribute = /^attributes\.[\p{L}\p{N}_]+$/iu.test(given);
    const raw = isAttribute ? `attributes.${given.slice('attributes.'.length)}` : given.toLowerCase();
    const names = raw === 'rfm' ? ['rfm.r', 'rfm.f', 'rfm.m'] : [raw];
    for (const n of names) {
      if (!isAttribute && (!Object.hasOwn(FIELDS, n) || FIELDS[n].type !== 'number')) throw new UsageError(`--features: ${n} is not a numeric field`, `numeric fields: rfm, attributes.<column>, ${Object.keys(FIELDS).filter((k) => FIELDS[k].type === 'number').join(', ')}`);
      if (!out.includes(n)) out.push(n);
    }
  }
  if (out.length === 0) throw new UsageError('--features: name at least one feature, e.g. rfm,profit,age');
  return out;
}

/** The features as compiled SQL expressions, with their parameters. */
function compileFeatures(engine: Engine, features: readonly string[], asOf: string): { cols: string[]; params: SqlValue[] } {
  const cols: string[] = [];
  const params: SqlValue[] = [];
  for (const f of features) {
    const c = compileField(engine.dialect, f, asOf, params.length + 1);
    cols.push(c.sql);
    params.push(...c.params);
  }
  return { cols, params };
}

async function loadFeatures(engine: Engine, features: readonly string[], asOf: string): Promise<{ ids: string[]; rows: (number | null)[][] }> {
  const { cols, params } = compileFeatures(engine, features, asOf);
  const data = await engine.query<Record<string, number | string | null>>(sqlFeatureRows(engine.dialect, cols), params);
  return { ids: data.map((r) => r.customer_id as string), rows: data.map((r) => features.map((_, i) => (r[`f${i}`] === null ? null : Number(r[`f${i}`])))) };
}

/**
 * Stores the members of every centroid in the engine (nearest centroid, as in kmeans.ts): no customer list
 * travels back. Names[i] belongs to centroids[i]; with `only`, just the members of that name.
 */
async function assignInEngine(engine: Engine, def: Pick<ClusterDefinition, 'features' | 'medians' | 'means' | 'sds'>, centroids: readonly (readonly number[])[], names: readonly string[], run: ValueRun, only?: string): Promise<number> {
  const { cols, params } = compileFeatures(engine, def.features, run.asOf);
  const first = params.length + 2;
  const assign = sqlAssignClusters(engine.dialect, cols, centroids.length, first);
  const stats = def.features.flatMap((_, j) => [def.medians[j], def.means[j], def.sds[j]]);
  const all = [...params, run.runId, ...stats, ...names, ...centroids.flat()];
  if (only !== undefined) all.push(only);
  return engine.run(sqlInsertAssigned(assign, `$${params.length + 1}`, only !== undefined ? `$${all.length}` : undefined), all);
}

/** Clusters the buyers of the latest value run and saves each cluster as a segment `prefix-1`, `prefix-2`, … */
export async function clusterCustomers(engine: Engine, o: { features: string; k: number | 'auto'; seed: number; prefix: string; config: ValueConfig }): Promise<ClusterResult> {
  const features = resolveFeatures(o.features);
  checkSegmentName(`${o.prefix}-1`);
  const run = await latestRun(engine, o.config);
  const { ids, rows } = await loadFeatures(engine, features, run.asOf);
  if (ids.length < 10) throw new UsageError(`only ${ids.length} customers have bought: too few to cluster`);
  const z = standardise(rows);
  // Fit on a seeded sample when there are many customers; every customer is then assigned to the nearest centroid.
  const fitOn = z.points.length > 50_000 ? sampleOf(z.points, 50_000, o.seed) : z.points;
  // k from 3 to 8 (two clusters only split the base into "more" and "less"); each cluster at least 5% of buyers.
  const choice = o.k === 'auto' ? chooseStableK(fitOn, [3, 4, 5, 6, 7, 8], { seed: o.seed, sample: 5000, minShare: 0.05 }) : { k: o.k, scores: [], stability: null, structure: null };
  if (choice.k > fitOn.length) throw new UsageError(`--k ${choice.k}: only ${fitOn.length} customers have bought`);
  const fit = kmeans(fitOn, choice.k, { seed: o.seed });
  const clusters = fit.centroids.map((centroid, c) => ({
    name: `${o.prefix}-${c + 1}`,
    description: describeCentroid(features, centroid),
    named: nameWithFigures(features, centroid, z.means, z.sds),
    distinctive: distinctiveOf(features, centroid).map(({ f, j, z: zz }) => ({ feature: f, mean: z.means[j] + zz * z.sds[j], base: z.means[j], z: zz })),
    means: Object.fromEntries(features.map((f, j) => [f, z.means[j] + centroid[j] * z.sds[j]])),
    zScores: Object.fromEntries(features.map((f, j) => [f, centroid[j]])),
    centroid: Array.from(centroid),
  }));
  // Clusters saved before under this prefix go: a new k may leave fewer. Matched in code, as LIKE would read _ as a wildcard.
  const own = new RegExp(`^${o.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`);
  const old = (await engine.query<{ name: string }>(SQL_CLUSTER_NAMES)).map((r) => r.name).filter((n) => own.test(n));
  const def = { features, means: z.means, sds: z.sds, medians: z.medians };
  const counts = await engine.transaction(async () => {
    for (const name of old) {
      await engine.run(SQL_DELETE_MEMBERS, [name]);
      await engine.run(SQL_DELETE_SEGMENT, [name]);
    }
    for (const [c, cl] of clusters.entries()) {
      const stored: ClusterDefinition & { all: number[][] } = { ...def, centroid: cl.centroid, description: cl.description, all: clusters.map((x) => x.centroid) };
      await engine.run(sqlInsertSegment(engine.dialect), [cl.name, 'cluster', `cluster ${c + 1} of ${choice.k} on ${features.join(', ')}: ${cl.description}`, JSON.stringify(stored), null, null]);
    }
    await assignInEngine(engine, def, clusters.map((c) => c.centroid), clusters.map((c) => c.name), run);
    const rows = await engine.query<{ name: string; n: number }>(sqlMemberCounts(clusters.length), clusters.map((c) => c.name));
    const byName = new Map(rows.map((r) => [r.name, Number(r.n)]));
    for (const cl of clusters) await engine.run(sqlMarkFilled(engine.dialect), [cl.name, run.runId, byName.get(cl.name) ?? 0]);
    return byName;
  });
  const imputed = Object.fromEntries(features.map((f, j) => [f, z.imputed[j]]));
  const best = choice.scores.find((x) => x.k === choice.k);
  const verdict =
    choice.structure === null
      ? `${choice.k} clusters as asked`
      : choice.structure === 'none'
        ? `no clear structure: the best silhouette (k = ${choice.k}) is ${best!.silhouette.toFixed(2)}, below 0.25; these ${choice.k} clusters cut a continuum and are not segments to act on`
        : `${choice.k} clusters worth naming: silhouette ${best!.silhouette.toFixed(2)} (${choice.structure}), stability across seeds ${choice.stability!.toFixed(2)} (adjusted Rand index${choice.stability! < 0.6 ? '; below 0.6, so the borders move with the seed' : ''})`;
  return {
    k: choice.k,
    chosenBy: o.k === 'auto' ? 'silhouette' : 'given',
    silhouettes: choice.scores,
    stability: choice.stability,
    structure: choice.structure,
    verdict,
    features,
    imputed,
    customers: ids.length,
    clusters: clusters.map(({ name, description, named, distinctive, means, zScores }) => ({ name, description, named, distinctive, members: counts.get(name) ?? 0, share: (counts.get(name) ?? 0) / ids.length, means, zScores })),
  };
}

function sampleOf(points: readonly Float64Array[], m: number, seed: number): Float64Array[] {
  // Every (n/m)-th point after a seeded offset: deterministic and spread over the (id-ordered) customers.
  const step = points.length / m;
  const offset = (seed % 97) / 97;
  return Array.from({ length: m }, (_, i) => points[Math.min(points.length - 1, Math.floor((i + offset) * step))]);
}

/** Re-assigns a cluster segment's customers to its stored centroids over the latest value run. */
export async function refreshClusterMembers(engine: Engine, name: string, definition: ClusterDefinition & { all: number[][] }, run: ValueRun): Promise<number> {
  const own = definition.all.findIndex((c) => c.every((v, j) => v === definition.centroid[j]));
  // Other centroids keep placeholder names: only this segment's rows are stored.
  const names = definition.all.map((_, i) => (i === own ? name : `\u0000${i}`));
  return engine.transaction(async () => {
    await engine.run(SQL_DELETE_MEMBERS, [name]);
    const n = await assignInEngine(engine, definition, definition.all, names, run, name);
    await engine.run(sqlMarkFilled(engine.dialect), [name, run.runId, n]);
    return n;
  });
}
