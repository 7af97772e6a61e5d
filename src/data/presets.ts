import type { EntityName } from './entities.js';
import type { Reshape } from './reshape.js';
import type { Delimiter } from './sniff.js';

/**
 * Column mappings for data sets users commonly have. A preset only says what auto-matching could not
 * guess (header-less files, odd names, date formats); the importer still validates every row.
 */
export interface Preset {
  readonly name: string;
  readonly entity: EntityName;
  readonly description: string;
  readonly delimiter?: Delimiter;
  /** Variants by the file's shape, tried in order; the first whose test passes applies. */
  readonly variants: readonly PresetVariant[];
  /** What the import command does next with the imported rows (the CLI: `import … --preset telco-customers`). */
  readonly then?: 'subscriptions-from-customers';
}

export interface PresetVariant {
  readonly label: string;
  readonly header: boolean;
  /** Names for a header-less file's columns, in order. */
  readonly columnNames?: readonly string[];
  /** Applies when the file's first row has this many fields. */
  readonly fieldCount?: number;
  /** field → file column */
  readonly map: Readonly<Record<string, string>>;
  /** field → strftime format */
  readonly dateFormats?: Readonly<Record<string, string>>;
  /** Fields made from the record's line when the file has none (e.g. bank prospects have no id). */
  readonly lineKey?: string;
  /** A reshaping of the file before import (src/data/reshape.ts). */
  readonly reshape?: Reshape;
}

export const PRESETS: readonly Preset[] = [
  {
    name: 'online-retail',
    entity: 'orders',
    description: 'UCI Online Retail (InvoiceNo, StockCode, …); invoices starting with C are cancellations',
    delimiter: ',',
    variants: [
      {
        label: 'Online Retail',
        header: true,
        map: {
          order_id: 'InvoiceNo',
          product_id: 'StockCode',
          product_name: 'Description',
          quantity: 'Quantity',
          ordered_at: 'InvoiceDate',
          unit_price: 'UnitPrice',
          customer_id: 'CustomerID',
          country: 'Country',
        },
      },
    ],
  },
  {
    name: 'cdnow',
    entity: 'orders',
    description: 'CDNOW master (customer_id date number_of_cds dollar_value) or sample (master_id sample_id date cds dollars, no header)',
    delimiter: 'whitespace',
    variants: [
      {
        label: 'CDNOW sample (no header; customer = master_id)',
        header: false,
        fieldCount: 5,
        columnNames: ['master_id', 'sample_id', 'date', 'number_of_cds', 'dollar_value'],
        map: { customer_id: 'master_id', ordered_at: 'date', quantity: 'number_of_cds', amount: 'dollar_value' },
        dateFormats: { ordered_at: '%Y%m%d' },
      },
      {
        label: 'CDNOW master',
        header: true,
        fieldCount: 4,
        map: { customer_id: 'customer_id', ordered_at: 'date', quantity: 'number_of_cds', amount: 'dollar_value' },
        dateFormats: { ordered_at: '%Y%m%d' },
      },
    ],
  },
  {
    name: 'customer-personality',
    entity: 'customers',
    description: 'Customer Personality Analysis (marketing_campaign.csv, tab-separated); spend and campaign columns kept as attributes',
    delimiter: '\t',
    variants: [
      {
        label: 'Customer Personality',
        header: true,
        map: { customer_id: 'ID', birth_year: 'Year_Birth', education: 'Education', marital_status: 'Marital_Status', income: 'Income', signup_date: 'Dt_Customer' },
        dateFormats: { signup_date: '%d-%m-%Y' },
      },
    ],
  },
  {
    name: 'customer-personality-spend',
    entity: 'orders',
    description: "Customer Personality as order lines: each customer's Mnt* spend per category becomes a line, dated at the last purchase (reference date − Recency)",
    delimiter: '\t',
    variants: [{ label: 'Customer Personality spend', header: true, map: {}, reshape: 'customer-personality-spend' }],
  },
  {
    name: 'bank-marketing',
    entity: 'leads',
    description: 'UCI Bank Marketing (bank-full.csv or bank-additional-full.csv, ;-separated); y is the outcome, the rest kept as attributes',
    delimiter: ';',
    variants: [
      {
        label: 'Bank Marketing',
        header: true,
        map: { outcome: 'y' },
        lineKey: 'lead_id',
      },
    ],
  },
  {
    name: 'telco-customers',
    entity: 'customers',
    description:
      'IBM Telco customer churn (customerID, tenure, Contract, MonthlyCharges, services, Churn): the customers, then one subscription each (tenure months up to --as-of, default today), billed into order lines',
    delimiter: ',',
    then: 'subscriptions-from-customers',
    variants: [
      {
        label: 'Telco customer churn',
        header: true,
        // Only the id and gender are customer fields; tenure, charges, contract, services and Churn stay attributes
        // (subscriptions and churn --learn read them there). Partner and PhoneService are yes/no answers here, not a
        // partner id or a phone number, so nothing else is matched.
        map: { customer_id: 'customerID', gender: 'gender' },
      },
    ],
  },
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}

export function presetVariant(preset: Preset, firstRowFieldCount: number): PresetVariant {
  return preset.variants.find((v) => v.fieldCount === undefined || v.fieldCount === firstRowFieldCount) ?? preset.variants[preset.variants.length - 1];
}
