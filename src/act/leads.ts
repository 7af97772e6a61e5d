/**
 * Lead scoring: learn from leads with a known outcome (regularised logistic regression on the lead's fields and
 * imported attributes), check it on a held-out split (AUC, calibration, Brier), explain each score by its top
 * factors, and score the open leads.
 */
import type { Engine } from '../engine/engine.js';
import { NotFoundError, UsageError } from '../errors.js';
import { createRandom } from '../clv/random.js';
import { fitLogistic, predictLogistic, type LogisticModel } from './logistic.js';
import { auc, brier, calibration, calibrationError } from './metrics.js';
import type { CampaignItem } from './contacts.js';
import { loadLeads } from './lead-rows.js';
import { sqlDeleteLeadScores, sqlInsertLeadScores } from '../sql/act.js';

/** A row with an outcome (null: unknown) and its values by lower-case key; lead scoring and churn learning share it. */
export interface LeadRow {
  readonly id: string;
  readonly outcome: boolean | null;
  readonly values: Readonly<Record<string, string>>;
}

export interface Feature {
  readonly name: string;
  /** numeric: standardised value; square: its square (for U-shaped effects such as age); level: one-hot. */
  readonly kind: 'numeric' | 'square' | 'level' | 'sentinel';
  readonly source: string;
  readonly level?: string;
  readonly mean?: number;
  readonly sd?: number;
  readonly median?: number;
}

export interface LeadScoreOptions {
  /** Share of known leads held out for the check. */
  readonly holdout: number;
  readonly seed: number;
  /** Columns left out, e.g. duration (known only after the call). */
  readonly exclude: readonly string[];
  /** L2 penalty. */
  readonly lambda: number;
}

export interface LeadScoreResult {
  readonly known: number;
  readonly open: number;
  readonly train: number;
  readonly test: number;
  readonly positiveRate: number;
  readonly auc: number;
  readonly brier: number;
  readonly calibration: ReturnType<typeof calibration>;
  /** Held-out mean predicted and observed rates (calibration in the large) and the expected calibration error over the deciles. */
  readonly calibrationSummary: { readonly meanPredicted: number; readonly observed: number; readonly error: number };
  readonly features: number;
  readonly excluded: readonly string[];
  readonly topFactors: ReadonlyArray<{ feature: string; coefficient: number }>;
  readonly scored: ReadonlyArray<{ leadId: string; score: number; factors: readonly string[] }>;
}

async function loadLeadRows(engine: Engine): Promise<LeadRow[]> {
  // status ("won", "lost") restates the outcome: never a feature.
  return (await loadLeads(engine)).map((l) => {
    const { status: _status, ...values } = l.values;
    return { id: l.leadId, outcome: l.outcome, values };
  });
}

/** Numbers are standardised (missing = median); categories become one column per level seen often enough. */
export function designFeatures(rows: readonly LeadRow[], exclude: ReadonlySet<string>): Feature[] {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.values)))].filter((k) => !exclude.has(k.toLowerCase())).sort();
  const out: Feature[] = [];
  for (const k of keys) {
    const vals = rows.map((r) => r.values[k]).filter((v): v is string => v !== undefined && v !== '');
    const nums = vals.map(Number).filter((v) => Number.isFinite(v));
    if (vals.length && nums.length >= 0.95 * vals.length) {
      const sorted = [...nums].sort((a, b) => a - b);
      const median = sorted[Math.floor((sorted.length - 1) / 2)];
      const mean = nums.reduce((a, b) => a + b, 0) / nums.length;
      const sd = Math.sqrt(nums.reduce((a, b) => a + (b - mean) ** 2, 0) / nums.length) || 1;
      out.push({ name: k, kind: 'numeric', source: k, mean, sd, median });
      out.push({ name: `${k}²`, kind: 'square', source: k, mean, sd, median });
      // A value most rows share is often a code (Bank Marketing's pdays = 999, "not contacted"): flag it too.
      const counts = new Map<number, number>();
      for (const v of nums) counts.set(v, (counts.get(v) ?? 0) + 1);
      const [mode, modeCount] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
      if (modeCount >= 0.5 * nums.length && modeCount < nums.length) out.push({ name: `${k}=${mode}`, kind: 'sentinel', source: k, level: String(mode) });
    } else {
      const counts = new Map<string, number>();
      for (const v of vals) counts.set(v, (counts.get(v) ?? 0) + 1);
      const minCount = Math.max(30, 0.005 * rows.length);
      // The most common level is the reference (no column); rare levels are pooled with it.
      const levels = [...counts].filter(([, n]) => n >= minCount).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      for (const [level] of levels.slice(1)) out.push({ name: `${k}=${level}`, kind: 'level', source: k, level });
    }
  }
  return out;
}

export function encode(row: LeadRow, features: readonly Feature[]): Float64Array {
  return Float64Array.from(features, (f) => {
    const v = row.values[f.source];
    if (f.kind === 'level') return v === f.level ? 1 : 0;
    if (f.kind === 'sentinel') return v !== undefined && Number(v) === Number(f.level) ? 1 : 0;
    const n = v === undefined || v === '' || !Number.isFinite(Number(v)) ? f.median! : Number(v);
    const z = (n - f.mean!) / f.sd!;
    return f.kind === 'square' ? z * z : z;
  });
}

/** A seeded, stratified split: the same share of positives and negatives in the holdout. */
export function split(rows: readonly LeadRow[], holdout: number, seed: number): { train: LeadRow[]; test: LeadRow[] } {
  const rng = createRandom(seed);
  const train: LeadRow[] = [];
  const test: LeadRow[] = [];
  for (const cls of [true, false]) {
    const group = rows.filter((r) => r.outcome === cls);
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [group[i], group[j]] = [group[j], group[i]];
    }
    const cut = Math.round(group.length * holdout);
    test.push(...group.slice(0, cut));
    train.push(...group.slice(cut));
  }
  return { train, test };
}

export function explain(m: LogisticModel, features: readonly Feature[], x: Float64Array, n = 3): string[] {
  return features
    .map((f, j) => ({ f, c: m.coefficients[j] * x[j] }))
    .filter((t) => t.c !== 0)
    .sort((a, b) => Math.abs(b.c) - Math.abs(a.c))
    .slice(0, n)
    .map((t) => `${t.f.name} ${t.c > 0 ? '+' : '−'}${Math.abs(t.c).toFixed(2)}`);
}

export async function scoreLeads(engine: Engine, o: LeadScoreOptions): Promise<LeadScoreResult> {
  if (!(o.holdout > 0 && o.holdout < 1)) throw new UsageError(`--holdout ${o.holdout}: expected a share between 0 and 1`);
  const rows = await loadLeadRows(engine);
  const known = rows.filter((r) => r.outcome !== null);
  const open = rows.filter((r) => r.outcome === null);
  if (known.filter((r) => r.outcome).length < 5 || known.filter((r) => !r.outcome).length < 5) {
    throw new NotFoundError('too few leads with a known outcome to learn from (need at least 5 won and 5 lost)', 'import leads with an outcome column (won / lost, yes / no)');
  }
  const exclude = new Set(o.exclude.map((e) => e.toLowerCase()));
  const { train, test } = split(known, o.holdout, o.seed);
  // Scales, medians and levels come from the training leads only: the held-out ones are unseen in every way.
  const features = designFeatures(train, exclude);
  const model = fitLogistic(train.map((r) => encode(r, features)), train.map((r) => r.outcome as boolean), o.lambda);
  const testP = test.map((r) => predictLogistic(model, encode(r, features)));
  const testY = test.map((r) => r.outcome as boolean);
  const bins = calibration(testP, testY);
  const scored = open.map((r) => {
    const x = encode(r, features);
    return { leadId: r.id, score: predictLogistic(model, x), factors: explain(model, features, x) };
  });
  await engine.transaction(async () => {
    await engine.run(sqlDeleteLeadScores());
    for (let i = 0; i < scored.length; i += 500) {
      const batch = scored.slice(i, i + 500);
      await engine.run(sqlInsertLeadScores(engine.dialect, batch.length), batch.flatMap((s) => [s.leadId, s.score, s.factors.join('; ')]));
    }
  });
  return {
    known: known.length,
    open: open.length,
    train: train.length,
    test: test.length,
    positiveRate: known.filter((r) => r.outcome).length / known.length,
    auc: auc(testP, testY),
    brier: brier(testP, testY),
    calibration: bins,
    calibrationSummary: { meanPredicted: testP.reduce((a, p) => a + p, 0) / testP.length, observed: testY.filter(Boolean).length / testY.length, error: calibrationError(bins) },
    features: features.length,
    excluded: [...exclude],
    topFactors: features
      .map((f, j) => ({ feature: f.name, coefficient: model.coefficients[j] }))
      .sort((a, b) => Math.abs(b.coefficient) - Math.abs(a.coefficient))
      .slice(0, 10),
    scored: [...scored].sort((a, b) => b.score - a.score),
  };
}

export const SCORE_EXTRA_HEADERS = ['score', 'rank', 'top_factors'] as const;

/** Open leads as campaign items, best first: the reason is the score and its top factors. */
export function scoreItems(r: Pick<LeadScoreResult, 'scored'>): CampaignItem[] {
  return r.scored.map((s, i) => ({
    customerId: s.leadId,
    kind: 'lead',
    reason: `${(s.score * 100).toFixed(1)}% likely to convert${s.factors.length ? `: ${s.factors.join('; ')}` : ''}`,
    offer: `contact, priority ${i + 1} of ${r.scored.length}`,
    extra: [Number(s.score.toFixed(6)), i + 1, s.factors.join('; ')],
  }));
}
