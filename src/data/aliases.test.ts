import { describe, expect, it } from 'vitest';
import { ALIASES } from './aliases.js';
import { TRADITIONAL_TO_SIMPLIFIED } from './aliases-traditional.js';
import { ENTITIES, ENTITY_NAMES, type EntityName } from './entities.js';
import { matchColumns, normalizeColumnName } from './mapping.js';

const entries = ENTITY_NAMES.flatMap((e) => Object.entries(ALIASES[e] ?? {}).flatMap(([field, names]) => names.map((alias) => [e, field, alias] as [EntityName, string, string])));

describe('the alias dictionary', () => {
  it('lists every field of every entity, and only fields that exist', () => {
    for (const e of ENTITY_NAMES) {
      const table = ALIASES[e];
      if (!table) continue; // an entity added later reads its spec's own aliases
      expect(Object.keys(table).sort(), e).toEqual(ENTITIES[e].fields.map((f) => f.name).sort());
    }
    expect(entries.length).toBeGreaterThan(1000);
  });

  // One test per entry: the name alone, as a file's only column, maps to its field.
  it.each(entries)('%s: %s ← "%s"', (e, field, alias) => {
    const m = matchColumns(ENTITIES[e], [alias]);
    expect(m.matches).toHaveLength(1);
    expect(m.matches[0].field).toBe(field);
  });

  it('maps no name to two fields of one entity (after normalising, field names included)', () => {
    const clashes: string[] = [];
    for (const e of ENTITY_NAMES) {
      const owner = new Map<string, string>(ENTITIES[e].fields.map((f) => [normalizeColumnName(f.name), f.name]));
      for (const [field, names] of Object.entries(ALIASES[e] ?? {})) {
        for (const n of names) {
          const k = normalizeColumnName(n);
          const o = owner.get(k);
          if (o !== undefined && o !== field) clashes.push(`${e}: "${n}" → ${o} and ${field}`);
          owner.set(k, o ?? field);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('has no name twice in one field', () => {
    for (const [e, field, alias] of entries) expect(ALIASES[e]![field].filter((x) => x === alias), `${e}.${field} "${alias}"`).toHaveLength(1);
  });

  it("keeps every name the entities' own lists had (nothing that matched before stops matching)", () => {
    const lost: string[] = [];
    for (const e of ENTITY_NAMES) {
      if (!ALIASES[e]) continue;
      for (const f of ENTITIES[e].fields) {
        const dict = new Set(ALIASES[e]![f.name].map(normalizeColumnName));
        // The one name moved on purpose: in an order file a bare id is the order's own (QA session 8, F3).
        for (const a of f.aliases) if (!dict.has(normalizeColumnName(a)) && !(e === 'orders' && f.name === 'customer_id' && a === 'id')) lost.push(`${e}.${f.name} "${a}"`);
      }
    }
    expect(lost).toEqual([]);
  });
});

describe('traditional to simplified folding', () => {
  it('is one character to one other, never chained', () => {
    const map = new Map<string, string>();
    for (const p of TRADITIONAL_TO_SIMPLIFIED) {
      expect([...p], p).toHaveLength(2);
      expect(p[0], p).not.toBe(p[1]);
      if (map.has(p[0])) expect(map.get(p[0]), p).toBe(p[1]);
      map.set(p[0], p[1]);
    }
    for (const s of map.values()) expect(map.has(s), s).toBe(false);
  });

  it('reads the traditional spellings real exports use as their simplified names', () => {
    expect(normalizeColumnName('客戶編號')).toBe('客户编号');
    expect(normalizeColumnName('發票號碼')).toBe('发票号码');
    expect(normalizeColumnName('訂單日期')).toBe('订单日期');
    expect(normalizeColumnName('實付金額')).toBe('实付金额');
  });
});
