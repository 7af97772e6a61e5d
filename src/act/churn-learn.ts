/**
 * Churn learned from outcomes (`clientele churn --learn`), with lead scoring's discipline (leads.ts): past churn
 * is the outcome, the customer's fields and imported attributes the features; a seeded, stratified train/test split;
 * held-out AUC, calibration and Brier; the top drivers in plain words; then every active customer gets a churn
 * probability and an expected loss = probability × value, stored in `churn_scores` for the churn list and the
 * dashboard.
 *
 * Where past churn comes from, first found: a churn column (Churn, Churned, Exited, Attrition, 流失 … yes/no,
 * 1/0, true/false), an active flag (Active, Is active, 活跃 …, inverted), or an end date (End date, Churn date,
 * Cancelled at, 终止日期 …: set means churned). Every column whose name mentions churn is left out of the
 * features (a churn reason or score restates the outcome), as are personal data and identifiers.
 * Value: a year of the customer's monthly charge when the file has one (MonthlyCharges, monthly fee, MRR, 月费 …),
 * else their current value in the latest value run; the output says which.
 */
import type { Engine } from '../engine/engine.js';
import { computeValue, type ValueConfig } from '../value/index.js';
import { NotFoundError, UsageError } from '../errors.js';
import { linesOf, type LineSource } from '../data/line-source.js';
import { sqlChurnLearnCustomers, sqlInsertChurnScores, sqlLatestCurrentValue } from '../sql/churn.js';
import { keyOf } from './lead-rows.js';
import { featureLabel, plainFigure } from './churn-labels.js';
import { designFeatures, encode, split, type Feature, type LeadRow } from './leads.js';
import { fitLogistic, predictLogistic, type LogisticModel } from './logistic.js';
import { auc, brier, calibration, calibrationError } from './metrics.js';

const CHURN_KEYS = ['churn', 'churned', 'is_churned', 'churn_flag', 'churn_label', 'exited', 'attrition', 'attrited', 'lost', '流失', '是否流失', '已流失'];
const ACTIVE_KEYS = ['active', 'is_active', 'active_flag', 'still_active', '活跃', '是否活跃', '在网'];
const END_KEYS = ['end_date', 'churn_date', 'cancel_date', 'cancelled_at', 'canceled_at', 'cancellation_date', 'terminated_at', 'termination_date', '终止日期', '退订日期', '流失日期'];
const CHARGE_KEYS = ['monthlycharges', 'monthly_charges', 'monthly_charge', 'monthly_fee', 'monthly_payment', 'mrr', 'recurring_charge', '月费', '月消费', '月租'];
const TRUE = new Set(['yes', 'y', 'true', 't', '1', 'churned', 'left', 'lost', 'cancelled', 'canceled', 'exited', '是', '流失', '已流失']);
const FALSE = new Set(['no', 'n', 'false', 'f', '0', 'stayed', 'retained', 'active', 'current', '否', '未流失', '在网']);
/** Never features: identifiers, personal data, and the outcome's own columns. */
const NEVER = new Set(['customer_id', 'customerid', 'id', 'name', 'email', 'phone', 'address', 'birth_date', 'referred_by', 'opt_out']);

export interface ChurnLearnOptions {
  /** Value config: with order lines and no outcome column, churn is learned from silence (needs value runs). */
  readonly config?: ValueConfig;
  /** Silence rule: days after the cutoff in which a customer must buy again (default 180). */
  readonly windowDays?: number;
  /** Share of customers with a known outcome held out for the check. Default 0.25. */
  readonly holdout: number;
  readonly seed: number;
  /** Columns left out (lower case), e.g. ones only known after the customer left. */
  readonly exclude: readonly string[];
  /** L2 penalty. Default 1. */
  readonly lambda: number;
  /** The column that holds past churn, named by the user (`--churn COLUMN`): yes/no, an active flag or an end date. */
  readonly churnColumn?: string;
}

export const DEFAULT_CHURN_LEARN: ChurnLearnOptions = { holdout: 0.25, seed: 1, exclude: [], lambda: 1 };

/** A driver in plain words, in English and 简体中文. */
export interface Driver {
  readonly feature: string;
  readonly coefficient: number;
  /** Multiplies the odds of churning: per standard deviation (numbers) or against the most common value (categories). */
  readonly oddsRatio: number;
  readonly en: string;
  readonly zh: string;
}

export interface ChurnLearnResult {
  /** Where the outcome came from: the column and how it was read. */
  readonly outcome: { readonly column: string; readonly kind: 'churn column' | 'active flag' | 'end date' | 'silence' };
  readonly known: number;
  readonly churned: number;
  readonly train: number;
  readonly test: number;
  readonly auc: number;
  readonly brier: number;
  readonly calibration: ReturnType<typeof calibration>;
  readonly calibrationSummary: { readonly meanPredicted: number; readonly observed: number; readonly error: number };
  readonly features: number;
  readonly excluded: readonly string[];
  readonly drivers: readonly Driver[];
  /** Held-out customer ids (for checks against other models on the same split). */
  readonly heldOut: readonly string[];
  /** Every active customer (not churned), highest expected loss first (then probability). */
  readonly scored: ReadonlyArray<{ readonly customerId: string; readonly probability: number; readonly value: number | null; readonly expectedLoss: number | null; readonly factors: readonly string[] }>;
  readonly value: { readonly source: 'monthly charge × 12' | 'current value (latest value run)' | 'none'; readonly column: string | null };
  /** A short name of the model each figure came from, for the churn list and the dashboard. */
  readonly model: string;
  /**
   * False when the model ranks held-out customers little better than chance (AUC below SKILL_AUC): its scores are
   * not saved (churn_scores, and so `churn` and the report, stay as they were) and its drivers are not facts.
   */
  readonly saved: boolean;
  /** When not saved: the store holds the scores of a model learned before (`churn` keeps using them), else none. */
  readonly earlierModel: boolean;
}

/**
 * Below this held-out AUC a learned churn model is not used: 0.5 is a coin, and `lookalike` calls a model under 0.6
 * weak (src/cli/commands/lookalike.ts). The recency rule, or an earlier model, stays in use instead.
 */
export const SKILL_AUC = 0.6;

/** Saves the scores of a model with skill; returns the result marked saved or not. */
async function saveIfSkilled(engine: Engine, r: Omit<ChurnLearnResult, 'saved' | 'earlierModel'>): Promise<ChurnLearnResult> {
  const saved = r.auc >= SKILL_AUC;
  if (saved) await saveScores(engine, r);
  const earlierModel = !saved && Number((await engine.query<{ n: number }>('SELECT count(*) AS n FROM churn_scores'))[0].n) > 0;
  return { ...r, saved, earlierModel };
}

interface CustomerRowSql {
  customer_id: string;
  attributes: string | null;
  [field: string]: unknown;
}

function truth(v: string | undefined): boolean | null {
  if (v === undefined) return null;
  const k = v.trim().toLowerCase();
  if (TRUE.has(k)) return true;
  if (FALSE.has(k)) return false;
  return null;
}

/** Reads the outcome column of one customer: true churned, false active, null unknown. */
export function outcomeOf(kind: ChurnLearnResult['outcome']['kind'], v: string | undefined): boolean | null {
  if (kind === 'end date') return v !== undefined && v.trim() !== '';
  if (kind === 'silence') return truth(v);
  const t = truth(v);
  return kind === 'active flag' && t !== null ? !t : t;
}

/** A column name without case, spaces or punctuation at its ends: `Churned?`, `churn (yes/no)` and `Churned` meet. */
function looseKey(k: string): string {
  return keyOf(k).replace(/\(.*\)|（.*）/gu, '').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/**
 * The first column that carries past churn, among the keys every row may have; `given`, a column the user named,
 * first (read as an active flag or an end date when its name says so, else as yes/no).
 */
export function findOutcome(keys: ReadonlySet<string>, given?: string): ChurnLearnResult['outcome'] | null {
  const byLoose = new Map<string, string>();
  for (const k of keys) if (!byLoose.has(looseKey(k))) byLoose.set(looseKey(k), k);
  if (given !== undefined) {
    const column = keys.has(keyOf(given)) ? keyOf(given) : byLoose.get(looseKey(given));
    if (column === undefined) return null;
    const l = looseKey(column);
    return { column, kind: ACTIVE_KEYS.includes(l) ? 'active flag' : END_KEYS.includes(l) ? 'end date' : 'churn column' };
  }
  for (const k of CHURN_KEYS) if (byLoose.has(k)) return { column: byLoose.get(k)!, kind: 'churn column' };
  for (const k of ACTIVE_KEYS) if (byLoose.has(k)) return { column: byLoose.get(k)!, kind: 'active flag' };
  for (const k of END_KEYS) if (byLoose.has(k)) return { column: byLoose.get(k)!, kind: 'end date' };
  return null;
}

/** The column names looked for, for messages. */
const LOOKED_FOR = 'Churn, Churned, Exited, Active, End date (or 流失, 是否流失, 活跃, 终止日期)';

/** A driver's sentence: which way it moves churn and by how much; the feature by its label (churn-labels.ts). */
export function driverWords(f: Feature, coefficient: number, headers: ReadonlyMap<string, string> = new Map()): Driver {
  const oddsRatio = Math.exp(coefficient);
  const up = coefficient > 0;
  const times = `×${oddsRatio.toFixed(2)}`;
  const label = featureLabel(f.source, headers);
  let en: string;
  let zh: string;
  if (f.kind === 'level' || f.kind === 'sentinel') {
    en = `${label.en} = ${f.level} ${up ? 'raises' : 'lowers'} the odds of churning (${times} against the most common value)`;
    zh = `${label.zh} 为 ${f.level} 时流失几率${up ? '上升' : '下降'}（相对最常见取值 ${times}）`;
  } else if (f.kind === 'square') {
    en = `${label.en} far from its average ${up ? 'raises' : 'lowers'} the odds of churning (${times} at one standard deviation)`;
    zh = `${label.zh} 偏离平均值时流失几率${up ? '上升' : '下降'}（偏离一个标准差时 ${times}）`;
  } else {
    en = `higher ${label.en} ${up ? 'raises' : 'lowers'} the odds of churning (${times} per standard deviation, ${plainFigure(f.sd!)})`;
    zh = `${label.zh} 越高，流失几率${up ? '越高' : '越低'}（每增加一个标准差 ${plainFigure(f.sd!)}，${times}）`;
  }
  return { feature: f.name, coefficient, oddsRatio, en, zh };
}

function topFactors(m: LogisticModel, features: readonly Feature[], x: Float64Array, headers: ReadonlyMap<string, string>, n = 3): string[] {
  return features
    .map((f, j) => ({ f, c: m.coefficients[j] * x[j] }))
    .filter((t) => t.c > 0)
    .sort((a, b) => b.c - a.c)
    .slice(0, n)
    .map((t) => `${headers.get(t.f.source) ?? t.f.source}${t.f.name.slice(t.f.source.length)} +${t.c.toFixed(2)}`);
}

/** The learning itself, on rows already read: pure, so it can be tested against other models on the same split. */
export function learnChurnFromRows(
  rows: ReadonlyArray<{ readonly id: string; readonly values: Readonly<Record<string, string>>; readonly value?: number | null }>,
  o: ChurnLearnOptions = DEFAULT_CHURN_LEARN,
  /** Customers to score instead of the training customers who stayed (the silence rule scores today's figures). */
  scoreRows?: ReadonlyArray<{ readonly id: string; readonly values: Readonly<Record<string, string>>; readonly value?: number | null }>,
  /** Imported attributes' headers as the file wrote them, by the key the rows use: drivers are named by them. */
  headers: ReadonlyMap<string, string> = new Map(),
): Omit<ChurnLearnResult, 'value' | 'saved' | 'earlierModel'> {
  if (!(o.holdout > 0 && o.holdout < 1)) throw new UsageError(`--holdout ${o.holdout}: expected a share between 0 and 1`);
  const keys = new Set(rows.flatMap((r) => Object.keys(r.values)));
  const outcome = findOutcome(keys, o.churnColumn);
  if (!outcome) {
    if (o.churnColumn !== undefined) throw new NotFoundError(`the customers have no column ${o.churnColumn}`, `their columns: ${[...keys].sort().join(', ')}`);
    throw new NotFoundError(
      'no past churn to learn from: the customers have no churn column, active flag or end date',
      `import customers with a column such as Churn (yes/no), Active (yes/no) or End date, or name yours with --churn COLUMN (looked for: ${LOOKED_FOR})`,
    );
  }
  // Every column naming churn (a reason, a score, a category) restates the outcome; so do the other outcome columns.
  const exclude = new Set([...o.exclude.map((e) => keyOf(e)), ...[...keys].filter((k) => /churn|流失/.test(k) || k === outcome.column || END_KEYS.includes(k) || ACTIVE_KEYS.includes(k) || NEVER.has(k))]);
  const all: Array<LeadRow & { value: number | null }> = rows.map((r) => {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.values)) if (!exclude.has(k)) values[k] = v;
    return { id: r.id, outcome: outcomeOf(outcome.kind, r.values[outcome.column]), values, value: r.value ?? null };
  });
  const known = all.filter((r) => r.outcome !== null);
  const churned = known.filter((r) => r.outcome).length;
  if (churned < 5 || known.length - churned < 5) {
    throw new NotFoundError(
      `too few customers with a known outcome to learn from (${churned} churned, ${known.length - churned} stayed; need 5 of each)`,
      `churn was read from the ${outcome.column} column (${outcome.kind}): check it holds yes/no, 1/0 or true/false, or name another with --churn COLUMN`,
    );
  }
  const { train, test } = split(known, o.holdout, o.seed);
  // Scales, medians and levels from the training customers only: the held-out ones are unseen in every way.
  const features = designFeatures(train, new Set());
  const model = fitLogistic(train.map((r) => encode(r, features)), train.map((r) => r.outcome as boolean), o.lambda);
  const testP = test.map((r) => predictLogistic(model, encode(r, features)));
  const testY = test.map((r) => r.outcome as boolean);
  const bins = calibration(testP, testY);
  const a = auc(testP, testY);
  const toScore = scoreRows
    ? scoreRows.map((r) => ({ id: r.id, outcome: false as boolean | null, values: Object.fromEntries(Object.entries(r.values).filter(([k]) => !exclude.has(k))), value: r.value ?? null }))
    : all.filter((r) => r.outcome === false);
  const scored = toScore
    .map((r) => {
      const x = encode(r, features);
      const probability = predictLogistic(model, x);
      return { customerId: r.id, probability, value: r.value, expectedLoss: r.value === null ? null : probability * r.value, factors: topFactors(model, features, x, headers) };
    })
    .sort((p, q) => (q.expectedLoss ?? -1) - (p.expectedLoss ?? -1) || q.probability - p.probability || p.customerId.localeCompare(q.customerId));
  return {
    outcome,
    known: known.length,
    churned,
    train: train.length,
    test: test.length,
    auc: a,
    brier: brier(testP, testY),
    calibration: bins,
    calibrationSummary: { meanPredicted: testP.reduce((s, p) => s + p, 0) / testP.length, observed: testY.filter(Boolean).length / testY.length, error: calibrationError(bins) },
    features: features.length,
    excluded: [...exclude].sort(),
    drivers: features
      .map((f, j) => driverWords(f, model.coefficients[j], headers))
      .sort((p, q) => Math.abs(q.coefficient) - Math.abs(p.coefficient))
      .slice(0, 8),
    heldOut: test.map((r) => r.id),
    scored,
    model: `churn --learn: logistic regression on ${outcome.column} (${features.length} features, held-out AUC ${a.toFixed(3)})`,
  };
}

/** Reads the customers, learns, and replaces `churn_scores`. */
export async function learnChurn(engine: Engine, options: Partial<ChurnLearnOptions> = {}): Promise<ChurnLearnResult> {
  const o = { ...DEFAULT_CHURN_LEARN, ...options };
  const sql = await engine.query<CustomerRowSql>(sqlChurnLearnCustomers(engine.dialect));
  // Each attribute's header as the file wrote it, by the key the model uses (drivers are named by it).
  const headers = new Map<string, string>();
  const rows = sql.map((r) => {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(r)) if (k !== 'attributes' && k !== 'customer_id' && v !== null && v !== '') values[k] = String(v);
    if (r.attributes) {
      for (const [k, v] of Object.entries(JSON.parse(r.attributes) as Record<string, unknown>)) {
        if (v === null || v === '') continue;
        values[keyOf(k)] = String(v);
        if (!headers.has(keyOf(k))) headers.set(keyOf(k), k.trim());
      }
    }
    return { id: r.customer_id, values };
  });
  const keys = new Set(rows.flatMap((r) => Object.keys(r.values)));
  if (!findOutcome(keys, o.churnColumn) && o.churnColumn === undefined) {
    const lines = linesOf(engine);
    const [{ n }] = lines ? [{ n: (await lines.orderSpan()).firstDay ? 1 : 0 }] : await engine.query<{ n: number }>('SELECT count(*) AS n FROM order_lines WHERE customer_id IS NOT NULL');
    if (Number(n) > 0 && o.config) {
      return learnFromSilence(engine, rows, o as ChurnLearnOptions & { config: ValueConfig }, lines, headers);
    }
    if (rows.length === 0) throw new NotFoundError('the store has no customers', 'import customers first: clientele import customers FILE');
  }
  const charge = CHARGE_KEYS.find((k) => keys.has(k)) ?? null;
  const readCurrent = async () => new Map((await engine.query<{ customer_id: string; current_value: number | null }>(sqlLatestCurrentValue()).catch(() => [])).filter((r) => r.current_value !== null).map((r) => [r.customer_id, Number(r.current_value)]));
  let current = charge ? new Map<string, number>() : await readCurrent();
  // No value run yet, but order lines: run it (as other commands do), so expected losses have a value.
  if (!charge && current.size === 0 && o.config) {
    const hasLines = await computeValue(engine, { config: o.config }).then(() => true, (e: unknown) => (e instanceof NotFoundError ? false : Promise.reject(e)));
    if (hasLines) current = await readCurrent();
  }
  const valueOf = (r: { id: string; values: Record<string, string> }): number | null => {
    if (charge) {
      const m = Number(r.values[charge]);
      return Number.isFinite(m) ? 12 * m : null;
    }
    return current.get(r.id) ?? null;
  };
  const learned = learnChurnFromRows(rows.map((r) => ({ ...r, value: valueOf(r) })), o, undefined, headers);
  const value: ChurnLearnResult['value'] = charge ? { source: 'monthly charge × 12', column: charge } : current.size ? { source: 'current value (latest value run)', column: null } : { source: 'none', column: null };
  const result = { ...learned, value };
  return saveIfSkilled(engine, result);
}

async function saveScores(engine: Engine, r: Omit<ChurnLearnResult, 'saved' | 'earlierModel'>): Promise<void> {
  // The model's description travels with the scores: the report's churn section reads it (src/report/churn.ts).
  const modelJson = JSON.stringify({
    name: r.model,
    outcome: r.outcome,
    auc: r.auc,
    brier: r.brier,
    calibrationError: r.calibrationSummary.error,
    features: r.features,
    test: r.test,
    known: r.known,
    churned: r.churned,
    drivers: r.drivers.map((d) => ({ feature: d.feature, en: d.en, zh: d.zh })),
  });
  await engine.transaction(async () => {
    await engine.run('DELETE FROM churn_scores');
    for (let i = 0; i < r.scored.length; i += 20_000) {
      const chunk = r.scored.slice(i, i + 20_000).map((s) => ({ customer_id: s.customerId, probability: s.probability, value: s.value, expected_loss: s.expectedLoss, factors: s.factors.join('; ') }));
      await engine.run(sqlInsertChurnScores(engine.dialect), [JSON.stringify(chunk), modelJson, r.value.source]);
    }
  });
}

const SUMMARY_FEATURES = ['recency_days', 'purchase_days', 'orders', 'net_revenue', 'span_days', 'tenure_days', 'categories', 'discounts', 'returns', 'satisfaction', 'top_category'] as const;

/**
 * With order lines alone: churn is silence longer than the customer's own rhythm. At a cutoff `windowDays` before
 * the last order day, repeat buyers whose usual gap g (span / (purchase days − 1)) fits twice in the window are
 * labelled: churned when they bought nothing after the cutoff. Features are their figures as of the cutoff (the value
 * run then) and their profile; today's figures are scored for the repeat buyers not yet silent for 2 gaps.
 */
async function learnFromSilence(
  engine: Engine,
  profile: ReadonlyArray<{ id: string; values: Record<string, string> }>,
  o: ChurnLearnOptions & { config: ValueConfig },
  lines: LineSource | null = null,
  headers: ReadonlyMap<string, string> = new Map(),
): Promise<ChurnLearnResult> {
  const window = o.windowDays ?? 180;
  if (!(Number.isInteger(window) && window >= 14)) throw new UsageError(`--window ${window}: expected a whole number of days, at least 14`);
  // On a ClickHouse store the lines are read on the cluster; the value runs compute their figures there as of each day.
  const [{ last }] = lines
    ? [{ last: (await lines.orderSpan()).lastDay ?? '' }]
    : await engine.query<{ last: string }>(`SELECT CAST(CAST(max(ordered_at) AS ${engine.dialect.type('date')}) AS ${engine.dialect.type('text')}) AS last FROM order_lines WHERE customer_id IS NOT NULL`);
  const asOf = last.slice(0, 10);
  const cutoff = new Date(Date.parse(`${asOf}T00:00:00Z`) - window * 86_400_000).toISOString().slice(0, 10);
  const byId = new Map(profile.map((p) => [p.id, p.values]));
  // In customer order: the model's held-out split depends on the rows' order, which must not depend on the engine.
  const figures = async (day: string) => {
    const v = await computeValue(engine, { config: o.config, asOf: day });
    const rs = await engine.query<Record<string, unknown>>(
      `SELECT s.customer_id, ${SUMMARY_FEATURES.map((f) => `s.${f}`).join(', ')}, v.current_value FROM customer_summary s JOIN customer_value v ON v.customer_id = s.customer_id AND v.run_id = s.run_id WHERE s.run_id = $1 AND s.purchase_days >= 2 ORDER BY s.customer_id`,
      [v.runId],
    );
    return rs.map((r) => {
      const values: Record<string, string> = { ...(byId.get(String(r.customer_id)) ?? {}) };
      // Figures are heavy-tailed (a few customers buy a thousand times the median): on a log scale, so that the
      // model's squared terms cannot extrapolate the biggest customers to certain churn.
      const log = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));
      for (const f of SUMMARY_FEATURES) {
        if (r[f] === null || r[f] === undefined) continue;
        values[f === 'top_category' ? f : `log_${f}`] = f === 'top_category' ? String(r[f]) : String(log(Number(r[f])));
      }
      const gap = Math.max(1, Number(r.span_days)) / (Number(r.purchase_days) - 1);
      values.log_usual_gap_days = String(log(gap));
      values.gaps_silent = String(Number(r.recency_days) / gap);
      return { id: String(r.customer_id), values, gap, value: r.current_value === null ? null : Number(r.current_value) };
    });
  };
  const past = await figures(cutoff);
  const after = new Set(
    lines
      ? await lines.buyersAfter(cutoff)
      : (await engine.query<{ customer_id: string }>(`SELECT DISTINCT customer_id FROM order_lines WHERE customer_id IS NOT NULL AND kind = 'sale' AND CAST(ordered_at AS ${engine.dialect.type('date')}) > CAST($1 AS ${engine.dialect.type('date')})`, [cutoff])).map((r) => r.customer_id),
  );
  // Label only those whose rhythm the window can judge (2 gaps fit in it), and who were not already gone at the cutoff.
  const train = past.filter((r) => 2 * r.gap <= window && Number(r.values.gaps_silent) < 2).map((r) => ({ id: r.id, values: { ...r.values, churn: after.has(r.id) ? 'no' : 'yes' }, value: r.value }));
  const now = (await figures(asOf)).filter((r) => Number(r.values.gaps_silent) < 2);
  const learned = learnChurnFromRows(train, o, now, headers);
  const model = `churn --learn: logistic regression on silence (no purchase within ${window} days after ${cutoff}, for repeat buyers whose usual gap fits twice in it; ${learned.features} features, held-out AUC ${learned.auc.toFixed(3)})`;
  const result: Omit<ChurnLearnResult, 'saved' | 'earlierModel'> = { ...learned, outcome: { column: `silence after ${cutoff}`, kind: 'silence' }, model, value: { source: 'current value (latest value run)', column: null } };
  return saveIfSkilled(engine, result);
}
