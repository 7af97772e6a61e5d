/**
 * Value suggestions for the point-and-click segment builder: for a text or boolean field its most common values
 * with how many customers have each, for a number or date field its spread (min, quartiles, max). Over every
 * customer, as a rule on that field would see them in the value run `run`.
 */
import type { Engine } from '../engine/engine.js';
import { sqlFieldRange, sqlFieldTopValues } from '../sql/segment.js';
import { compileField } from './compile.js';
import type { FieldType } from './fields.js';
import type { ValueRun } from './store.js';

export interface FieldSuggestions {
  readonly field: string;
  readonly type: FieldType;
  /** Text and boolean fields: the most common values, most customers first. */
  readonly values?: ReadonlyArray<{ readonly value: string; readonly customers: number }>;
  /** Number and date fields (dates as YYYY-MM-DD): null when no customer has a value. */
  readonly range?: { readonly customers: number; readonly min: number | string; readonly q1: number | string; readonly median: number | string; readonly q3: number | string; readonly max: number | string } | null;
}

const day = (epochDays: number) => new Date(Math.round(epochDays) * 86_400_000).toISOString().slice(0, 10);

export async function fieldSuggestions(engine: Engine, field: string, run: ValueRun, limit = 12): Promise<FieldSuggestions> {
  const f = compileField(engine.dialect, field, run.asOf);
  if (f.type === 'text' || f.type === 'boolean') {
    const rows = await engine.query<{ v: string; n: number }>(sqlFieldTopValues(engine.dialect, f.sql, limit), f.params);
    return { field, type: f.type, values: rows.map((r) => ({ value: r.v, customers: Number(r.n) })) };
  }
  const [r] = await engine.query<{ n: number; min: number | string | null; q1: number | null; median: number | null; q3: number | null; max: number | string | null }>(sqlFieldRange(engine.dialect, f.sql, f.type), f.params);
  if (!r || Number(r.n) === 0 || r.min === null) return { field, type: f.type, range: null };
  const q = (v: number | null) => (f.type === 'date' ? day(Number(v)) : Number(v));
  return {
    field,
    type: f.type,
    range: { customers: Number(r.n), min: f.type === 'date' ? String(r.min) : Number(r.min), q1: q(r.q1), median: q(r.median), q3: q(r.q3), max: f.type === 'date' ? String(r.max) : Number(r.max) },
  };
}
