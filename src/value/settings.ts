/**
 * Settings that stay with the store: cost assumptions, currency and thresholds given once (`clientele config set`,
 * or the first `--margin-rate` / `--cost-per-order` on `value`) are saved in the store's `settings` table and used
 * by every later command, the report and the server until changed.
 *
 * Precedence, per setting: given to this command (a flag or the config file) > saved in the store > default.
 * "Given" means different from the default config: a command cannot ask for the default over a saved setting
 * other than by `clientele config unset KEY`.
 */
import type { Engine } from '../engine/engine.js';
import { UsageError } from '../errors.js';
import { normalizeValueConfig, type Threshold, type ValueConfig } from './config.js';

/** Where a setting's value came from. */
export type SettingSource = 'command' | 'store' | 'default';

export interface SettingUsed {
  /** The key as `clientele config set` names it. */
  readonly key: SettingKey;
  /** null: none (no assumption). */
  readonly value: number | string | Threshold | null;
  readonly source: SettingSource;
}

interface SettingSpec {
  /** The ValueConfig path it sets, or null for settings outside the value config (currency). */
  readonly path: readonly string[] | null;
  readonly help: string;
  /** The text of `config set KEY VALUE` → the JSON value stored. */
  parse(text: string, key: string): number | string | Threshold;
}

function number(min: number, max: number) {
  return (text: string, key: string): number => {
    const v = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(v) || v < min || v > max) throw new UsageError(`config ${key}: expected a number from ${min} to ${max === Number.MAX_VALUE ? 'any' : max}, got "${text}"`);
    return v;
  };
}

function threshold(text: string, key: string): Threshold {
  const t = text.trim();
  const q = /^(?:q|quantile[:= ]?)\s*([0-9.]+)$/i.exec(t);
  if (q) {
    const v = Number(q[1]);
    if (Number.isFinite(v) && v >= 0 && v <= 1) return { quantile: v };
  } else if (t !== '' && Number.isFinite(Number(t))) return { value: Number(t) };
  throw new UsageError(`config ${key}: expected a fixed value (e.g. 4) or a quantile of the customers (e.g. q0.6), got "${text}"`);
}

/** Every setting the store keeps, with its help. */
export const SETTINGS = {
  'margin-rate': { path: ['marginRate'], help: 'gross margin rate for products without unit_cost or margin_rate (−1 to 1)', parse: number(-1, 1) },
  'cost-per-order': { path: ['costPerOrder'], help: 'cost to serve per order when there are no service costs', parse: number(0, Number.MAX_VALUE) },
  'lost-after': { path: ['lostAfterDays'], help: 'buyers silent for more than this many days are "Lost"', parse: number(1, Number.MAX_VALUE) },
  currency: {
    path: null,
    help: 'ISO 4217 code of the money in the data (e.g. GBP, CNY), used to format amounts; default none',
    parse: (text: string, key: string) => {
      const c = text.trim().toUpperCase();
      if (!/^[A-Z]{3}$/.test(c)) throw new UsageError(`config ${key}: expected an ISO 4217 currency code such as GBP, EUR, USD or CNY, got "${text}"`);
      return c;
    },
  },
  'threshold.current-value': { path: ['thresholds', 'currentValue'], help: 'current value (annualised profit) cut between low and high: a value or q0..1', parse: threshold },
  'threshold.long-term-value': { path: ['thresholds', 'longTermValue'], help: 'long-term value cut: a value or q0..1', parse: threshold },
  'threshold.loyalty': { path: ['thresholds', 'loyalty'], help: 'loyalty index cut: a value or q0..1', parse: threshold },
  'threshold.satisfaction': { path: ['thresholds', 'satisfaction'], help: 'mean satisfaction (1–5) cut: a value or q0..1', parse: threshold },
} as const satisfies Record<string, SettingSpec>;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** `margin-rate`, `marginRate`, `margin_rate` and `thresholds.loyalty` all name a setting. */
export function settingKey(name: string): SettingKey {
  const norm = name.trim().replace(/([a-z])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase().replace(/^thresholds\./, 'threshold.').replace(/-days$/, '');
  if ((SETTING_KEYS as string[]).includes(norm)) return norm as SettingKey;
  throw new UsageError(`no setting "${name}"`, `settings: ${SETTING_KEYS.join(', ')}`);
}

export type StoredSettings = Partial<Record<SettingKey, number | string | Threshold>>;

/** The settings saved in the store. */
export async function readSettings(engine: Engine): Promise<StoredSettings> {
  const rows = await engine.query<{ key: string; value: string }>('SELECT key, value FROM settings ORDER BY key');
  const out: StoredSettings = {};
  for (const r of rows) {
    if (!(SETTING_KEYS as string[]).includes(r.key)) continue;
    // A value written by other means that is not JSON is left out (as if unset), never a failure of every command.
    try {
      out[r.key as SettingKey] = JSON.parse(r.value) as number | string | Threshold;
    } catch {
      continue;
    }
  }
  return out;
}

/** Saves one setting from its text (as typed after `config set KEY`); returns the value stored. */
export async function setSetting(engine: Engine, name: string, text: string): Promise<{ key: SettingKey; value: number | string | Threshold }> {
  const key = settingKey(name);
  const value = (SETTINGS[key] as SettingSpec).parse(text, key);
  await saveSetting(engine, key, value);
  return { key, value };
}

async function saveSetting(engine: Engine, key: SettingKey, value: number | string | Threshold): Promise<void> {
  await engine.transaction(async () => {
    await engine.run('DELETE FROM settings WHERE key = $1', [key]);
    await engine.run(`INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, ${engine.dialect.sqlNow})`, [key, JSON.stringify(value)]);
  });
}

/** Forgets one setting; returns whether it was set. */
export async function unsetSetting(engine: Engine, name: string): Promise<boolean> {
  const key = settingKey(name);
  return (await engine.run('DELETE FROM settings WHERE key = $1', [key])) > 0;
}

/**
 * Saves the cost assumptions a command was given when the store has none yet (the first `--margin-rate` on
 * `value`): returns the keys it saved.
 */
export async function saveFirstGiven(engine: Engine, given: { readonly marginRate?: number; readonly costPerOrder?: number }): Promise<SettingKey[]> {
  const stored = await readSettings(engine);
  const saved: SettingKey[] = [];
  for (const [key, v] of [['margin-rate', given.marginRate], ['cost-per-order', given.costPerOrder]] as const) {
    if (v === undefined || stored[key] !== undefined) continue;
    await saveSetting(engine, key, v);
    saved.push(key);
  }
  return saved;
}

const DEFAULT = normalizeValueConfig({});

function get(o: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], o);
}

function set<T>(o: T, path: readonly string[], v: unknown): T {
  const [k, ...rest] = path;
  const obj = o as Record<string, unknown>;
  return { ...obj, [k]: rest.length ? set(obj[k], rest, v) : v } as T;
}

/** The config a command runs with once the store's settings fill what it was not given, and where each came from. */
export function applySettings(config: ValueConfig, stored: StoredSettings): { config: ValueConfig; used: SettingUsed[] } {
  let out = config;
  const used: SettingUsed[] = [];
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key] as SettingSpec;
    const saved = stored[key];
    if (spec.path === null) {
      used.push({ key, value: saved ?? null, source: saved === undefined ? 'default' : 'store' });
      continue;
    }
    const mine = get(config, spec.path);
    const given = JSON.stringify(mine) !== JSON.stringify(get(DEFAULT, spec.path));
    if (given || saved === undefined) {
      used.push({ key, value: mine as SettingUsed['value'], source: given ? 'command' : 'default' });
      continue;
    }
    out = set(out, spec.path, saved);
    used.push({ key, value: saved, source: 'store' });
  }
  return { config: out, used };
}

/** The store's settings applied to a command's config. Reads only: works on a read view. */
export async function resolveSettings(engine: Engine, config: ValueConfig): Promise<{ config: ValueConfig; used: SettingUsed[] }> {
  return applySettings(config, await readSettings(engine));
}

const SOURCE_WORDS: Record<SettingSource, { en: string; zh: string }> = {
  command: { en: 'given to this command', zh: '本次指定' },
  store: { en: 'saved in the store', zh: '已保存的设置' },
  default: { en: 'default', zh: '默认' },
};

function showValue(v: SettingUsed['value'], lang: 'en' | 'zh-CN'): string {
  if (v === null) return lang === 'zh-CN' ? '无' : 'none';
  if (typeof v === 'object') return 'quantile' in v ? (lang === 'zh-CN' ? `购买客户的 ${v.quantile} 分位数` : `q${v.quantile}`) : String(v.value);
  return String(v);
}

/**
 * One line naming the settings a figure was computed with: those not at their default, and always the margin rate
 * and cost per order (whether profit stands on an assumption).
 */
export function describeSettings(used: readonly SettingUsed[], lang: 'en' | 'zh-CN' = 'en'): string {
  const shown = used.filter((u) => u.source !== 'default' || u.key === 'margin-rate' || u.key === 'cost-per-order' || u.key === 'currency');
  if (lang === 'zh-CN') return shown.map((u) => `${ZH_LABELS[u.key] ?? u.key} ${showValue(u.value, lang)}（${SOURCE_WORDS[u.source].zh}）`).join('，');
  return shown.map((u) => `${u.key} ${showValue(u.value, lang)} (${SOURCE_WORDS[u.source].en})`).join(', ');
}

/** The settings' names in 简体中文 (English keeps the key a user types after `config set`). */
const ZH_LABELS: Record<string, string> = {
  'margin-rate': '毛利率',
  'cost-per-order': '每单服务成本',
  'lost-after': '判定为流失的天数',
  currency: '币种',
  'threshold.current-value': '当前价值阈值',
  'threshold.long-term-value': '长期价值阈值',
  'threshold.loyalty': '忠诚度阈值',
  'threshold.satisfaction': '满意度阈值',
};
