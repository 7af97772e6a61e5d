import { ENTITIES, type EntitySpec, type FieldType } from '../data/entities.js';
import type { Dialect, SqlType } from './dialect.js';

const FIELD_SQL_TYPE: Record<FieldType, SqlType> = {
  text: 'text',
  number: 'double',
  integer: 'bigint',
  date: 'date',
  timestamp: 'timestamp',
  boolean: 'boolean',
};

/** Columns every entity table has beyond its fields. */
function sqlEntityTable(d: Dialect, spec: EntitySpec, extra: readonly string[] = []): string {
  const cols = spec.fields.map((f) => `${d.quoteIdent(f.name)} ${d.type(FIELD_SQL_TYPE[f.type])}`);
  if (spec.keepsAttributes) cols.push(`attributes ${d.type('json')}`);
  // Rows without a key are told apart by a hash of their values, so a line already stored is not stored twice.
  if (!spec.key) cols.push(`row_hash ${d.type('bigint')}`);
  cols.push(...extra, `import_id ${d.type('bigint')} NOT NULL`);
  return `CREATE TABLE ${spec.table} (\n  ${cols.join(',\n  ')}\n)`;
}

export interface Migration {
  readonly version: number;
  readonly description: string;
  statements(d: Dialect): string[];
}

/** Append only: a released migration never changes. The store records the versions it has applied. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'entities, imports and quarantine',
    statements: (d) => [
      `CREATE TABLE imports (
        import_id ${d.type('bigint')} PRIMARY KEY,
        entity ${d.type('text')} NOT NULL,
        file ${d.type('text')} NOT NULL,
        sha256 ${d.type('text')} NOT NULL,
        bytes ${d.type('bigint')} NOT NULL,
        format ${d.type('text')} NOT NULL,
        details ${d.type('json')},
        rows_read ${d.type('bigint')} NOT NULL,
        imported ${d.type('bigint')} NOT NULL,
        updated ${d.type('bigint')} NOT NULL,
        quarantined ${d.type('bigint')} NOT NULL,
        -- 'loading' while rows are being written outside the final transaction; see engine/store.ts recovery
        status ${d.type('text')} NOT NULL DEFAULT 'done',
        started_at ${d.type('timestamp')} NOT NULL,
        finished_at ${d.type('timestamp')} NOT NULL
      )`,
      `CREATE TABLE quarantine (
        import_id ${d.type('bigint')} NOT NULL,
        file ${d.type('text')} NOT NULL,
        line ${d.type('bigint')},
        column_name ${d.type('text')},
        reason ${d.type('text')} NOT NULL,
        raw ${d.type('text')}
      )`,
      sqlEntityTable(d, ENTITIES.customers, [`derived ${d.type('boolean')} NOT NULL DEFAULT FALSE`]),
      sqlEntityTable(d, ENTITIES.products, [`derived ${d.type('boolean')} NOT NULL DEFAULT FALSE`]),
      sqlEntityTable(d, ENTITIES.orders, [`line_no ${d.type('bigint')}`]),
      sqlEntityTable(d, ENTITIES['service-costs']),
      sqlEntityTable(d, ENTITIES.payments),
      sqlEntityTable(d, ENTITIES.surveys),
      sqlEntityTable(d, ENTITIES.leads),
    ],
  },
];

/** Tables whose rows carry the import_id that wrote them. */
export const IMPORTED_TABLES: readonly string[] = [...Object.values(ENTITIES).map((e) => e.table), 'quarantine'];

export function sqlCreateMigrationsTable(d: Dialect): string {
  return `CREATE TABLE IF NOT EXISTS schema_migrations (
    version ${d.type('integer')} PRIMARY KEY,
    description ${d.type('text')} NOT NULL,
    applied_at ${d.type('timestamp')} NOT NULL
  )`;
}
