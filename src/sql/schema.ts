import { ENTITIES, type EntityName, type EntitySpec, type FieldType } from '../data/entities.js';
import type { Dialect, SqlType } from './dialect.js';
import { CUSTOMER_VALUE_COLUMNS, sqlCustomerValueRowsFrom, sqlCustomerValueView } from './value-codes.js';

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
  {
    version: 2,
    description: 'customer value: runs, per-customer summary and classes',
    statements: (d) => {
      const t = (x: SqlType) => d.type(x);
      return [
        `CREATE TABLE value_runs (
          run_id ${t('bigint')} PRIMARY KEY,
          as_of ${t('date')} NOT NULL,
          config ${t('json')} NOT NULL,
          fingerprint ${t('text')} NOT NULL,
          created_at ${t('timestamp')} NOT NULL,
          result ${t('json')}
        )`,
        `CREATE TABLE customer_summary (
          customer_id ${t('text')} NOT NULL,
          type ${t('text')},
          derived ${t('boolean')},
          first_purchase ${t('date')},
          last_purchase ${t('date')},
          orders ${t('bigint')} NOT NULL,
          purchase_days ${t('bigint')} NOT NULL,
          lines ${t('bigint')} NOT NULL,
          gross_revenue ${t('double')} NOT NULL,
          returns ${t('double')} NOT NULL,
          cancellations ${t('double')} NOT NULL,
          adjustments ${t('double')} NOT NULL,
          discounts ${t('double')} NOT NULL,
          net_revenue ${t('double')} NOT NULL,
          revenue_recent ${t('double')} NOT NULL,
          revenue_prior ${t('double')} NOT NULL,
          cogs ${t('double')} NOT NULL,
          cogs_assumed_revenue ${t('double')} NOT NULL,
          uncosted_revenue ${t('double')} NOT NULL,
          gross_margin ${t('double')} NOT NULL,
          cost_to_serve ${t('double')} NOT NULL,
          bad_debt ${t('double')} NOT NULL,
          payments ${t('bigint')} NOT NULL,
          late_payments ${t('bigint')} NOT NULL,
          avg_days_late ${t('double')},
          max_days_late ${t('double')},
          profit ${t('double')} NOT NULL,
          tenure_days ${t('bigint')},
          recency_days ${t('bigint')},
          span_days ${t('bigint')},
          categories ${t('bigint')} NOT NULL,
          top_category ${t('text')},
          top_category_revenue ${t('double')},
          categorized_revenue ${t('double')} NOT NULL,
          off_core_revenue ${t('double')} NOT NULL,
          surveys ${t('bigint')} NOT NULL,
          satisfaction ${t('double')},
          nps ${t('double')},
          referrals ${t('bigint')} NOT NULL,
          industry ${t('text')},
          employees ${t('bigint')},
          annual_revenue ${t('double')},
          credit_rating ${t('text')},
          run_id ${t('bigint')} NOT NULL
        )`,
        `CREATE TABLE customer_value (
          customer_id ${t('text')} NOT NULL,
          r ${t('integer')},
          f ${t('integer')},
          m ${t('integer')},
          segment ${t('text')} NOT NULL,
          current_value ${t('double')} NOT NULL,
          p_alive ${t('double')},
          long_term_value ${t('double')} NOT NULL,
          long_term_source ${t('text')} NOT NULL,
          loyalty ${t('double')} NOT NULL,
          satisfaction_score ${t('double')},
          value_quadrant ${t('text')},
          value_loyalty ${t('text')},
          satisfaction_loyalty ${t('text')},
          s_purchase_power ${t('double')},
          s_high_margin ${t('double')},
          s_price_insensitivity ${t('double')},
          s_pays_on_time ${t('double')},
          s_low_cost_to_serve ${t('double')},
          s_low_risk ${t('double')},
          s_growth ${t('double')},
          s_loyalty ${t('double')},
          s_referrals ${t('double')},
          s_credit ${t('double')},
          s_industry ${t('double')},
          s_scale ${t('double')},
          good_score ${t('double')},
          flag_loss_making ${t('boolean')} NOT NULL,
          flag_costs_more_than_brings ${t('boolean')} NOT NULL,
          flag_bad_debt ${t('boolean')} NOT NULL,
          flag_chronic_late ${t('boolean')} NOT NULL,
          flag_off_strategy ${t('boolean')} NOT NULL,
          run_id ${t('bigint')} NOT NULL
        )`,
      ];
    },
  },
  {
    version: 3,
    description: 'lifetime value: fits, predictions and holdout checks',
    statements: (d) => {
      const t = (x: SqlType) => d.type(x);
      return [
        `CREATE TABLE clv_fits (
          fit_id ${t('bigint')} PRIMARY KEY,
          model ${t('text')} NOT NULL,
          params ${t('json')} NOT NULL,
          standard_errors ${t('json')} NOT NULL,
          log_likelihood ${t('double')} NOT NULL,
          customers ${t('bigint')} NOT NULL,
          distinct_rows ${t('bigint')} NOT NULL,
          time_unit ${t('text')} NOT NULL,
          calibration_end ${t('date')} NOT NULL,
          fit_ms ${t('double')} NOT NULL,
          created_at ${t('timestamp')} NOT NULL
        )`,
        `CREATE TABLE clv_predictions (
          customer_id ${t('text')} NOT NULL,
          fit_id ${t('bigint')} NOT NULL,
          model ${t('text')} NOT NULL,
          x ${t('double')} NOT NULL,
          t_x ${t('double')} NOT NULL,
          t ${t('double')} NOT NULL,
          p_alive ${t('double')} NOT NULL,
          expected_purchases ${t('double')} NOT NULL,
          expected_spend ${t('double')} NOT NULL,
          clv ${t('double')} NOT NULL,
          horizon ${t('double')} NOT NULL,
          time_unit ${t('text')} NOT NULL,
          discount_rate ${t('double')} NOT NULL,
          margin ${t('double')} NOT NULL,
          created_at ${t('timestamp')} NOT NULL
        )`,
        `CREATE TABLE clv_checks (
          check_id ${t('bigint')} PRIMARY KEY,
          model ${t('text')} NOT NULL,
          calibration_end ${t('date')} NOT NULL,
          holdout_end ${t('date')} NOT NULL,
          time_unit ${t('text')} NOT NULL,
          result ${t('json')} NOT NULL,
          created_at ${t('timestamp')} NOT NULL
        )`,
      ];
    },
  },
  {
    version: 4,
    description: 'segments: saved rules and their members per value run',
    statements: (d) => {
      const t = (x: SqlType) => d.type(x);
      return [
        `CREATE TABLE segments (
          name ${t('text')} PRIMARY KEY,
          kind ${t('text')} NOT NULL,
          rule ${t('text')} NOT NULL,
          definition ${t('json')},
          run_id ${t('bigint')},
          members ${t('bigint')},
          created_at ${t('timestamp')} NOT NULL,
          updated_at ${t('timestamp')} NOT NULL
        )`,
        `CREATE TABLE segment_members (
          name ${t('text')} NOT NULL,
          customer_id ${t('text')} NOT NULL,
          run_id ${t('bigint')} NOT NULL
        )`,
      ];
    },
  },
  {
    // Versions 5 and 6 were never used; numbers only need to be unique and applied in this order.
    version: 7,
    description: 're-screening: customer movements between two dates',
    statements: (d) => [
      `CREATE TABLE screenings (
        screening_id ${d.type('bigint')} PRIMARY KEY,
        from_date ${d.type('date')} NOT NULL,
        to_date ${d.type('date')} NOT NULL,
        result ${d.type('json')} NOT NULL,
        created_at ${d.type('timestamp')} NOT NULL
      )`,
    ],
  },
  {
    // (5 and 6 unused: see version 7.)
    version: 8,
    description: 'lead scores',
    statements: (d) => [
      `CREATE TABLE lead_scores (
        lead_id ${d.type('text')} NOT NULL,
        score ${d.type('double')} NOT NULL,
        factors ${d.type('text')},
        created_at ${d.type('timestamp')} NOT NULL
      )`,
    ],
  },
  {
    // 9, not 6: a version below the last one would make stores at 7 or 8 look newer than this program.
    version: 9,
    description: 'server: users, API tokens (SHA-256 only) and the audit log',
    statements: (d) => [
      `CREATE TABLE users (
        user_id ${d.type('bigint')} PRIMARY KEY,
        name ${d.type('text')} NOT NULL UNIQUE,
        role ${d.type('text')} NOT NULL,
        -- scrypt$N$r$p$salt$hash (base64): never the password itself
        password_hash ${d.type('text')} NOT NULL,
        created_at ${d.type('timestamp')} NOT NULL
      )`,
      `CREATE TABLE api_tokens (
        token_hash ${d.type('text')} PRIMARY KEY,
        user_id ${d.type('bigint')} NOT NULL,
        kind ${d.type('text')} NOT NULL,
        created_at ${d.type('timestamp')} NOT NULL,
        expires_at ${d.type('timestamp')} NOT NULL
      )`,
      `CREATE TABLE audit_log (
        happened_at ${d.type('timestamp')} NOT NULL,
        user_id ${d.type('bigint')},
        user_name ${d.type('text')},
        action ${d.type('text')} NOT NULL,
        target ${d.type('text')}
      )`,
    ],
  },
  {
    version: 10,
    // 3 gave clv_fits no holdout end; a check's fit needs it to be read back on its own.
    description: 'lifetime value: holdout end of a fit (NULL when the fit used all the data)',
    statements: (d) => [`ALTER TABLE clv_fits ADD COLUMN holdout_end ${d.type('date')}`],
  },
  {
    version: 11,
    // Derived data only: rebuilt from order_lines and products whenever facts_state does not match them.
    description: 'customer facts: per-customer line figures kept up to date by imports (src/sql/facts.ts)',
    statements: (d) => {
      const t = (x: SqlType) => d.type(x);
      const money = ['gross_revenue', 'returns', 'cancellations', 'adjustments', 'discounts', 'net_revenue', 'revenue_recent', 'revenue_prior', 'cogs_known', 'uncosted'];
      return [
        `CREATE TABLE customer_facts (
          customer_id ${t('text')} NOT NULL,
          first_purchase ${t('date')},
          last_purchase ${t('date')},
          orders ${t('bigint')} NOT NULL,
          purchase_days ${t('bigint')} NOT NULL,
          lines ${t('bigint')} NOT NULL,
          ${money.map((m) => `${m} ${t('double')} NOT NULL`).join(',\n          ')},
          categories ${t('bigint')} NOT NULL,
          top_category ${t('text')},
          top_category_revenue ${t('double')},
          categorized_revenue ${t('double')} NOT NULL
        )`,
        `CREATE TABLE customer_category_facts (
          customer_id ${t('text')} NOT NULL,
          category ${t('text')} NOT NULL,
          net ${t('double')} NOT NULL
        )`,
        `CREATE TABLE facts_state (
          -- what the facts were built from (sqlFactsInputs): order lines, done order imports, products digest
          lines ${t('bigint')} NOT NULL,
          order_imports ${t('text')} NOT NULL,
          products ${t('text')} NOT NULL,
          as_of ${t('date')},
          window_days ${t('integer')} NOT NULL,
          unattributed_lines ${t('bigint')} NOT NULL,
          unattributed_net ${t('double')} NOT NULL,
          built_at ${t('timestamp')} NOT NULL
        )`,
      ];
    },
  },
  {
    // 12 is reserved for work on another branch; numbers only need to be unique and applied in order.
    version: 13,
    description: 'customer list: the latest value run\'s customers with their place in every sort order',
    // Derived from customer_summary and customer_value (sql/customers.ts fills it); p_* are places in descending order.
    statements: (d) => {
      const t = (x: SqlType) => d.type(x);
      return [
        `CREATE TABLE customer_list (
          run_id ${t('bigint')} NOT NULL,
          customer_id ${t('text')} NOT NULL,
          type ${t('text')},
          country ${t('text')},
          city ${t('text')},
          orders ${t('bigint')},
          net_revenue ${t('double')},
          profit ${t('double')},
          cost_to_serve ${t('double')},
          first_purchase ${t('date')},
          last_purchase ${t('date')},
          recency_days ${t('bigint')},
          segment ${t('text')},
          r ${t('integer')},
          f ${t('integer')},
          m ${t('integer')},
          value_quadrant ${t('text')},
          value_loyalty ${t('text')},
          satisfaction_loyalty ${t('text')},
          long_term_value ${t('double')},
          good_score ${t('double')},
          flag_loss_making ${t('boolean')},
          flag_costs_more_than_brings ${t('boolean')},
          flag_bad_debt ${t('boolean')},
          flag_chronic_late ${t('boolean')},
          flag_off_strategy ${t('boolean')},
          p_profit ${t('integer')} NOT NULL,
          p_revenue ${t('integer')} NOT NULL,
          p_orders ${t('integer')} NOT NULL,
          p_last_purchase ${t('integer')} NOT NULL,
          p_first_purchase ${t('integer')} NOT NULL,
          p_recency_days ${t('integer')} NOT NULL,
          p_customer_id ${t('integer')} NOT NULL,
          p_good_score ${t('integer')} NOT NULL,
          p_long_term_value ${t('integer')} NOT NULL
        )`,
      ];
    },
  },
  {
    // Numbers only need to be unique and applied in order (the lead renumbers on merge).
    version: 14,
    description: 'undo and settings: options of each import, rows an import replaced (kept to restore them), store settings',
    statements: (d) => [
      // The import's normalised options (JSON): with the file's SHA-256, what makes a re-import "the same".
      `ALTER TABLE imports ADD COLUMN options ${d.type('text')}`,
      // Keyed rows an import replaced, with the import that replaced them: removing that import restores them.
      ...SUPERSEDED_ENTITIES.map((e) => `CREATE TABLE ${supersededTable(e)} AS SELECT *, CAST(NULL AS ${d.type('bigint')}) AS superseded_by FROM ${ENTITIES[e].table} WHERE FALSE`),
      `CREATE TABLE settings (
        key ${d.type('text')} PRIMARY KEY,
        -- JSON text: a number, a string or a threshold object
        value ${d.type('text')} NOT NULL,
        updated_at ${d.type('timestamp')} NOT NULL
      )`,
    ],
  },
  {
    // decide-17 (issue #17): the company profile (门当户对) and campaigns with a holdout. Renumber freely when merging.
    version: 15,
    description: 'company profile and campaigns with a holdout (treated and control customers, measured lift)',
    statements: (d) => {
      const t = (x: SqlType) => d.type(x);
      return [
        `CREATE TABLE company_profile (
          profile ${t('json')} NOT NULL,
          updated_at ${t('timestamp')} NOT NULL,
          updated_by ${t('text')}
        )`,
        `CREATE TABLE campaigns (
          campaign_id ${t('bigint')} PRIMARY KEY,
          name ${t('text')} NOT NULL,
          source ${t('text')} NOT NULL,
          holdout ${t('double')} NOT NULL,
          seed ${t('bigint')} NOT NULL,
          sent_at ${t('date')} NOT NULL,
          window_days ${t('integer')} NOT NULL,
          cost_per_contact ${t('double')} NOT NULL,
          created_at ${t('timestamp')} NOT NULL
        )`,
        `CREATE TABLE campaign_members (
          campaign_id ${t('bigint')} NOT NULL,
          customer_id ${t('text')} NOT NULL,
          stratum ${t('text')} NOT NULL,
          treated ${t('boolean')} NOT NULL
        )`,
        sqlEntityTable(d, ENTITIES.contacts),
        `CREATE TABLE campaign_responses (
          campaign_id ${t('bigint')} NOT NULL,
          customer_id ${t('text')} NOT NULL,
          responded_at ${t('date')},
          revenue ${t('double')},
          profit ${t('double')}
        )`,
      ];
    },
  },
  {
    version: 16,
    // clv-15: why a fit cannot be read as it stands (boundary, singular Hessian, limit); NULL for older fits.
    description: 'lifetime value: the diagnostics of each fit (JSON list; [] for a regular optimum)',
    statements: (d) => [`ALTER TABLE clv_fits ADD COLUMN diagnostics ${d.type('json')}`],
  },
  {
    version: 17,
    // clv-15: `clientele churn --learn` replaces these rows; the churn list and the dashboard read them.
    description: 'churn learned from outcomes: each active customer\'s churn probability, value and expected loss',
    statements: (d) => [
      `CREATE TABLE churn_scores (
        customer_id ${d.type('text')} NOT NULL,
        probability ${d.type('double')} NOT NULL,
        value ${d.type('double')},
        expected_loss ${d.type('double')},
        factors ${d.type('text')},
        model ${d.type('json')} NOT NULL,
        value_source ${d.type('text')},
        created_at ${d.type('timestamp')} NOT NULL
      )`,
    ],
  },
  {
    version: 18,
    // clv-15: contracts and subscriptions (src/data/entities.ts); billing lines go to order_lines (src/sql/subscriptions.ts).
    description: 'subscriptions and contracts: customer, plan, start, end or active, billing period, recurring charge and cost, services',
    statements: (d) => [sqlEntityTable(d, ENTITIES.subscriptions)],
  },
  {
    // import-core branch: the lead may renumber this when merging.
    version: 19,
    description: 'import warnings: bad values of optional fields, dropped while their rows loaded',
    statements: (d) => [
      `CREATE TABLE import_warnings (
        import_id ${d.type('bigint')} NOT NULL,
        file ${d.type('text')} NOT NULL,
        line ${d.type('bigint')},
        column_name ${d.type('text')},
        field ${d.type('text')},
        value ${d.type('text')},
        reason ${d.type('text')} NOT NULL
      )`,
    ],
  },
  {
    // value-scale branch (issue 16): the lead may renumber this when merging.
    version: 20,
    description: 'value runs store the good-customer score, not the twelve criterion scores behind it (computed when one customer is explained)',
    statements: () =>
      ['s_purchase_power', 's_high_margin', 's_price_insensitivity', 's_pays_on_time', 's_low_cost_to_serve', 's_low_risk', 's_growth', 's_loyalty', 's_referrals', 's_credit', 's_industry', 's_scale'].map(
        (col) => `ALTER TABLE customer_value DROP COLUMN ${col}`,
      ),
  },
  {
    // value-5x branch (issue 16): the lead may renumber this when merging.
    version: 21,
    description: 'value runs store their classes as codes (customer_value_rows); customer_value is a view naming them',
    // What a run writes was a third of its time, and customer_value's five text classes (segment, long-term source,
    // the three matrix cells) about a third of that table's: codes now, named by the view (value-codes.ts).
    statements: (d) => {
      const t = (x: SqlType) => d.type(x);
      return [
        // Codes are nullable: a stored class without a code (none today) is moved as NULL rather than refused.
        `CREATE TABLE customer_value_rows (
          customer_id ${t('text')} NOT NULL,
          r ${t('integer')},
          f ${t('integer')},
          m ${t('integer')},
          segment ${t('tinyint')},
          current_value ${t('double')} NOT NULL,
          p_alive ${t('double')},
          long_term_value ${t('double')} NOT NULL,
          long_term_source ${t('tinyint')},
          loyalty ${t('double')} NOT NULL,
          satisfaction_score ${t('double')},
          value_quadrant ${t('tinyint')},
          value_loyalty ${t('tinyint')},
          satisfaction_loyalty ${t('tinyint')},
          good_score ${t('double')},
          flag_loss_making ${t('boolean')} NOT NULL,
          flag_costs_more_than_brings ${t('boolean')} NOT NULL,
          flag_bad_debt ${t('boolean')} NOT NULL,
          flag_chronic_late ${t('boolean')} NOT NULL,
          flag_off_strategy ${t('boolean')} NOT NULL,
          run_id ${t('bigint')} NOT NULL
        )`,
        `INSERT INTO customer_value_rows (${CUSTOMER_VALUE_COLUMNS.join(', ')}) ${sqlCustomerValueRowsFrom('customer_value')}`,
        'DROP TABLE customer_value',
        sqlCustomerValueView(),
      ];
    },
  },
];

/** Keyed entities whose replaced rows are kept (see migration 14). */
export const SUPERSEDED_ENTITIES = ['customers', 'products', 'leads'] as const satisfies readonly EntityName[];

/** Where the rows an import replaced are kept, beside the entity's table. */
export function supersededTable(entity: (typeof SUPERSEDED_ENTITIES)[number]): string {
  return `${ENTITIES[entity].table}_superseded`;
}

/** Tables whose rows carry the import_id that wrote them. */
export const IMPORTED_TABLES: readonly string[] = [...Object.values(ENTITIES).map((e) => e.table), 'quarantine', 'import_warnings', ...SUPERSEDED_ENTITIES.map(supersededTable)];

export function sqlCreateMigrationsTable(d: Dialect): string {
  return `CREATE TABLE IF NOT EXISTS schema_migrations (
    version ${d.type('integer')} PRIMARY KEY,
    description ${d.type('text')} NOT NULL,
    applied_at ${d.type('timestamp')} NOT NULL
  )`;
}
