import { UsageError } from '../errors.js';
import type { EntitySpec } from './entities.js';

export type MatchSource = 'map' | 'preset' | 'name' | 'alias';

export interface ColumnMatch {
  readonly field: string;
  readonly column: string;
  readonly via: MatchSource;
}

export interface ColumnMapping {
  readonly matches: readonly ColumnMatch[];
  /** File columns that no field took: kept as attributes where the entity keeps them. */
  readonly unmatched: readonly string[];
  /** Fields no column took. */
  readonly missing: readonly string[];
}

/** `Customer ID`, `customer_id`, `CustomerID` and `customer-id` all read as `customerid`. CJK is kept. */
export function normalizeColumnName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Parses `--map field=Column` options; the column may contain `=`. */
export function parseMapOptions(options: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of options) {
    const i = o.indexOf('=');
    if (i <= 0 || i === o.length - 1) throw new UsageError(`--map ${o}: expected field=Column`, 'for example --map customer_id="Client No"');
    out[o.slice(0, i).trim()] = o.slice(i + 1).trim();
  }
  return out;
}

/**
 * Matches a file's columns to an entity's fields: explicit `--map` first, then the preset, then exact field
 * names, then the aliases (English and Chinese) in the order fields are declared. A column serves one field.
 */
export function matchColumns(spec: EntitySpec, columns: readonly string[], explicit: Readonly<Record<string, string>> = {}, preset: Readonly<Record<string, string>> = {}): ColumnMapping {
  const byNorm = new Map<string, string>();
  for (const c of columns) if (!byNorm.has(normalizeColumnName(c))) byNorm.set(normalizeColumnName(c), c);
  const taken = new Set<string>();
  const matches: ColumnMatch[] = [];
  const fieldNames = new Set(spec.fields.map((f) => f.name));

  const take = (field: string, column: string, via: MatchSource) => {
    matches.push({ field, column, via });
    taken.add(column);
  };
  const findColumn = (name: string): string | undefined => (columns.includes(name) ? name : byNorm.get(normalizeColumnName(name)));

  for (const [sourceName, map] of [['map', explicit], ['preset', preset]] as const) {
    for (const [field, column] of Object.entries(map)) {
      if (!fieldNames.has(field)) {
        throw new UsageError(`${sourceName === 'map' ? '--map' : 'preset'}: ${spec.name} has no field "${field}"`, `fields: ${[...fieldNames].join(', ')}`);
      }
      if (matches.some((m) => m.field === field)) continue;
      const found = findColumn(column);
      if (!found) {
        if (sourceName === 'preset') continue;
        throw new UsageError(`--map ${field}=${column}: the file has no column "${column}"`, `its columns are: ${columns.join(', ')}`);
      }
      take(field, found, sourceName);
    }
  }
  for (const via of ['name', 'alias'] as const) {
    for (const f of spec.fields) {
      if (matches.some((m) => m.field === f.name)) continue;
      const names = via === 'name' ? [f.name] : f.aliases;
      for (const n of names) {
        const c = byNorm.get(normalizeColumnName(n));
        if (c !== undefined && !taken.has(c)) {
          take(f.name, c, via);
          break;
        }
      }
    }
  }
  const order = new Map(spec.fields.map((f, i) => [f.name, i]));
  matches.sort((a, b) => order.get(a.field)! - order.get(b.field)!);
  return {
    matches,
    unmatched: columns.filter((c) => !taken.has(c)),
    missing: spec.fields.filter((f) => !matches.some((m) => m.field === f.name)).map((f) => f.name),
  };
}
