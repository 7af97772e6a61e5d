import type { Engine } from '../engine/engine.js';
import { isCurrencyCode } from './money.js';

/**
 * The store's currency (ISO 4217), or null when none is set. The `settings` table (key, value) is written by
 * `clientele config set currency CNY`; until a store has it, there is no currency and money shows no symbol.
 */
export async function storeCurrency(engine: Engine): Promise<string | null> {
  const t = await engine.query<{ n: number }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'settings'");
  if (!t[0] || Number(t[0].n) === 0) return null;
  const rows = await engine.query<{ value: unknown }>("SELECT CAST(value AS VARCHAR) AS value FROM settings WHERE key = 'currency' LIMIT 1");
  const v = rows[0]?.value;
  const code = typeof v === 'string' ? v.replace(/^"|"$/g, '').trim().toUpperCase() : null;
  return isCurrencyCode(code) ? code : null;
}
