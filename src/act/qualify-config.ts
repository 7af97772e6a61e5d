/**
 * Rules of the MAN check (money, authority, need): `unknown` in, strict out. Every default is written beside its
 * field. Field names are looked up among the lead's own fields first, then its imported attributes.
 */
import { UsageError } from '../errors.js';

export interface MoneyField {
  readonly field: string;
  /** The value at or above which the lead can pay. */
  readonly min: number;
}

export interface QualifyConfig {
  readonly money: {
    readonly budgetMin: number; // 1000: a budget at or above this passes
    readonly fields: readonly MoneyField[]; // balance ≥ 0, income ≥ 20000, annual_revenue ≥ 1000000: used, first present first, when the lead has no budget
    readonly blockers: Readonly<Record<string, readonly string[]>>; // {default: ['yes', 'y', 'true', '是']}: attribute values that fail the check whatever the amount (credit in default)
  };
  readonly authority: {
    readonly fields: readonly string[]; // authority, title, job_title, role, position, 职位, 决策权: the first present is used
    readonly decisionValues: readonly string[]; // decision maker, 决策者, owner, manager, director, …: a value equal to one, or containing one as a word, passes
  };
  readonly need: {
    readonly fields: readonly string[]; // need, needs, interest, need_score, 需求: the first present is used
    readonly pass: readonly string[]; // high, medium, 高, 中, yes
    readonly fail: readonly string[]; // low, none, no, 低, 无
    readonly minScore: number; // 3: a numeric need (a 1–5 score) at or above this passes
  };
  /** Values that mean "not known", for every field. */
  readonly unknownValues: readonly string[]; // unknown, n/a, na, -, 未知
  /** Sources that tempt people to skip the check: such leads get the same checks, and the output says so. */
  readonly privilegedSources: readonly string[]; // acquaintance, old customer, big company, superior, boss, friend, 熟人, 老客户, 大公司, 领导, 上级, 朋友
  readonly bigCompanyEmployees: number; // 1000: a lead whose employees attribute is at least this is a "big company" lead
}

export const DEFAULT_QUALIFY: QualifyConfig = {
  money: {
    budgetMin: 1000,
    fields: [
      { field: 'balance', min: 0 },
      { field: 'income', min: 20_000 },
      { field: 'annual_revenue', min: 1_000_000 },
    ],
    blockers: { default: ['yes', 'y', 'true', '是'] },
  },
  authority: {
    fields: ['authority', 'title', 'job_title', 'role', 'position', '职位', '决策权'],
    decisionValues: ['decision maker', 'decision-maker', 'decider', 'owner', 'founder', 'manager', 'director', 'head', 'ceo', 'cfo', 'coo', 'cto', 'president', 'vp', 'partner', 'buyer', 'procurement', '决策者', '决策人', '老板', '负责人', '经理', '总经理', '总监', '董事', '采购'],
  },
  need: {
    fields: ['need', 'needs', 'interest', 'need_score', '需求'],
    pass: ['high', 'medium', 'yes', '高', '中', '强', '有'],
    fail: ['low', 'none', 'no', '低', '无', '弱'],
    minScore: 3,
  },
  unknownValues: ['unknown', 'n/a', 'na', '-', '?', '未知', '不详'],
  privilegedSources: ['acquaintance', 'old customer', 'old_customer', 'existing customer', 'big company', 'superior', 'boss', 'friend', 'referred by a superior', '熟人', '老客户', '大公司', '领导', '上级', '朋友'],
  bigCompanyEmployees: 1000,
};

/** Columns that say where a lead came from: never read by a check. */
const SOURCE_COLUMNS: readonly string[] = ['source', 'lead_source', 'referred_by', 'referrer', 'referral', 'channel', 'origin', '来源', '线索来源', '推荐人', '介绍人'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, what: string): never {
  throw new UsageError(`qualify config: ${path}: ${what}`);
}

function checkKeys(o: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(path ? `${path}.${k}` : k, `unknown setting (expected one of: ${allowed.join(', ')})`);
}

function num(v: unknown, path: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function strings(v: unknown, path: string, dflt: readonly string[]): readonly string[] {
  if (v === undefined) return dflt;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.trim() === '')) fail(path, 'expected a list of non-empty strings');
  return (v as string[]).map((s) => s.trim());
}

function section(v: unknown, path: string, keys: readonly string[]): Record<string, unknown> {
  if (v === undefined) return {};
  if (!isObject(v)) fail(path, 'expected an object');
  checkKeys(v, keys, path);
  return v;
}

/** The one normaliser: unknown settings and wrong types are UsageErrors naming the setting. */
export function normalizeQualifyConfig(input: unknown): QualifyConfig {
  const top = section(input ?? {}, '', ['money', 'authority', 'need', 'unknownValues', 'privilegedSources', 'bigCompanyEmployees']);
  const d = DEFAULT_QUALIFY;
  const m = section(top.money, 'money', ['budgetMin', 'fields', 'blockers']);
  let fields = d.money.fields;
  if (m.fields !== undefined) {
    if (!Array.isArray(m.fields)) fail('money.fields', 'expected a list of {field, min}');
    fields = m.fields.map((f, i) => {
      const o = section(f, `money.fields[${i}]`, ['field', 'min']);
      if (typeof o.field !== 'string' || !o.field.trim()) fail(`money.fields[${i}].field`, 'expected a column name');
      if (o.min === undefined) fail(`money.fields[${i}].min`, 'expected a number');
      return { field: o.field.trim(), min: num(o.min, `money.fields[${i}].min`, 0) };
    });
  }
  let blockers = d.money.blockers;
  if (m.blockers !== undefined) {
    if (!isObject(m.blockers)) fail('money.blockers', 'expected an object of column → list of values');
    blockers = Object.fromEntries(Object.entries(m.blockers).map(([k, v]) => [k, strings(v, `money.blockers.${k}`, [])]));
  }
  const a = section(top.authority, 'authority', ['fields', 'decisionValues']);
  const n = section(top.need, 'need', ['fields', 'pass', 'fail', 'minScore']);
  const employees = num(top.bigCompanyEmployees, 'bigCompanyEmployees', d.bigCompanyEmployees);
  if (employees < 1) fail('bigCompanyEmployees', 'expected at least 1');
  const cfg: QualifyConfig = {
    money: { budgetMin: num(m.budgetMin, 'money.budgetMin', d.money.budgetMin), fields, blockers },
    authority: { fields: strings(a.fields, 'authority.fields', d.authority.fields), decisionValues: strings(a.decisionValues, 'authority.decisionValues', d.authority.decisionValues) },
    need: {
      fields: strings(n.fields, 'need.fields', d.need.fields),
      pass: strings(n.pass, 'need.pass', d.need.pass),
      fail: strings(n.fail, 'need.fail', d.need.fail),
      minScore: num(n.minScore, 'need.minScore', d.need.minScore),
    },
    unknownValues: strings(top.unknownValues, 'unknownValues', d.unknownValues),
    privilegedSources: strings(top.privilegedSources, 'privilegedSources', d.privilegedSources),
    bigCompanyEmployees: employees,
  };
  if (cfg.authority.fields.length === 0) fail('authority.fields', 'expected at least one column name');
  if (cfg.need.fields.length === 0) fail('need.fields', 'expected at least one column name');
  // Where a lead came from must never decide its check (DESIGN.md §1.6): no rule may read these columns.
  const read: Array<[string, string]> = [
    ...cfg.money.fields.map((f, i) => [`money.fields[${i}].field`, f.field] as [string, string]),
    ...Object.keys(cfg.money.blockers).map((k) => [`money.blockers.${k}`, k] as [string, string]),
    ...cfg.authority.fields.map((f, i) => [`authority.fields[${i}]`, f] as [string, string]),
    ...cfg.need.fields.map((f, i) => [`need.fields[${i}]`, f] as [string, string]),
  ];
  for (const [path, f] of read) {
    if (SOURCE_COLUMNS.includes(f.trim().toLowerCase().replace(/[\s-]+/g, '_'))) fail(path, `"${f}" says where the lead came from; a lead's source never decides its check`);
  }
  return cfg;
}
