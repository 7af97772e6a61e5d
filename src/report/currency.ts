import type { Engine } from '../engine/engine.js';
import { readSettings } from '../value/settings.js';
import { isCurrencyCode } from './money.js';

/**
 * The store's currency (ISO 4217), or null when none is set: the `currency` setting that
 * `clientele config set currency CNY` saves. Without one, money shows no symbol.
 */
export async function storeCurrency(engine: Engine): Promise<string | null> {
  const c = (await readSettings(engine)).currency;
  return isCurrencyCode(c) ? c : null;
}
