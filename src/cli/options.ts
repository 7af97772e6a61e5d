import { UsageError } from '../errors.js';
import { t } from './i18n/index.js';

/** A numeric option in [min, max], or a UsageError naming the option. */
export function numberOption(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(t('cli.optionNumber', { name, value: v, min, max }));
  return n;
}

/** The same for an option that may be absent. */
export function optionalNumberOption(name: string, v: string | undefined, min: number, max: number): number | undefined {
  return v === undefined ? undefined : numberOption(name, v, min, max);
}
