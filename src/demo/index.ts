/**
 * The demo company: a seeded, streaming generator of one CSV file per entity (see CONTEXT.md).
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { Activity, ORDER_HEADER, PAYMENT_HEADER, SERVICE_HEADER, SURVEY_HEADER } from './activity.js';
import { Calendar, CsvWriter } from './csv.js';
import { CUSTOMER_HEADER, drawCustomer } from './customers.js';
import { CONTACT_HEADER, writeContacts } from './contacts.js';
import { LEAD_HEADER, leadCount, writeLeads } from './leads.js';
import { MODEL } from './model.js';
import { makeCatalogue, PRODUCT_HEADER, productCount } from './products.js';
import { Rng } from './random.js';

export { MODEL } from './model.js';
export { Rng, logGamma } from './random.js';

export interface DemoOptions {
  /** Number of customers (≥ 1). */
  customers: number;
  /** Any safe integer; the same seed and options give byte-identical files. */
  seed: number;
  /** Directory for the CSV files; created if missing, existing files are overwritten. */
  outDir: string;
  /** First day of activity, ISO date. Default '2022-01-01'. */
  start?: string;
  /** Last day of activity (inclusive), ISO date. Default '2024-12-31'. */
  end?: string;
  /** Called about a hundred times (at most every 1,000 customers) and once at the end, with customers done and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoFiles {
  customers: string;
  products: string;
  orders: string;
  'service-costs': string;
  payments: string;
  surveys: string;
  leads: string;
  contacts: string;
}

export interface DemoResult {
  /** Paths of the files written. */
  files: DemoFiles;
  /** Data rows written per file, header excluded. */
  counts: Record<keyof DemoFiles, number>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function normalise(o: DemoOptions): { customers: number; seed: number; start: string; end: string } {
  const customers = o.customers;
  if (!Number.isInteger(customers) || customers < 1) throw new UsageError(`generateDemo: customers must be a positive integer, got ${customers}`);
  if (!Number.isSafeInteger(o.seed)) throw new UsageError(`generateDemo: seed must be an integer, got ${o.seed}`);
  if (typeof o.outDir !== 'string' || o.outDir === '') throw new UsageError('generateDemo: outDir must name a directory');
  const start = o.start ?? '2022-01-01'; // three full years: enough history for BG/NBD calibration and holdout
  const end = o.end ?? '2024-12-31';
  for (const d of [start, end]) {
    // The round trip rejects dates such as 2024-02-30, which Date.parse rolls over.
    if (!ISO_DATE.test(d) || Number.isNaN(Date.parse(d)) || new Date(Date.parse(d)).toISOString().slice(0, 10) !== d) throw new UsageError(`generateDemo: ${d} is not an ISO date (YYYY-MM-DD)`);
  }
  if (Date.parse(end) - Date.parse(start) < 28 * 86_400_000) throw new UsageError(`generateDemo: the window ${start}..${end} must span at least 28 days`);
  return { customers, seed: o.seed, start, end };
}

/** Writes the demo company's eight CSV files into `outDir`, streaming, and returns their paths and row counts. */
export async function generateDemo(options: DemoOptions): Promise<DemoResult> {
  const { customers: n, seed, start, end } = normalise(options);
  await mkdir(options.outDir, { recursive: true });
  const probe = new Calendar(start, 0, 0);
  // `span` is the number of days in the window: activity happens at instants in [0, span).
  const span = probe.offset(end) + 1;
  // The table reaches back far enough for birth dates.
  const cal = new Calendar(start, -40_000, span + 400);
  // Independent streams, so that e.g. the catalogue does not shift when the customer count changes.
  const rngCatalogue = new Rng(seed * 7 + 1);
  const rng = new Rng(seed);
  const rngLeads = new Rng(seed * 7 + 3);
  const rngContacts = new Rng(seed * 7 + 5);

  const files: DemoFiles = {
    customers: join(options.outDir, 'customers.csv'),
    products: join(options.outDir, 'products.csv'),
    orders: join(options.outDir, 'orders.csv'),
    'service-costs': join(options.outDir, 'service-costs.csv'),
    payments: join(options.outDir, 'payments.csv'),
    surveys: join(options.outDir, 'surveys.csv'),
    leads: join(options.outDir, 'leads.csv'),
    contacts: join(options.outDir, 'contacts.csv'),
  };
  const w = {
    customers: new CsvWriter(files.customers, CUSTOMER_HEADER),
    products: new CsvWriter(files.products, PRODUCT_HEADER),
    orders: new CsvWriter(files.orders, ORDER_HEADER),
    'service-costs': new CsvWriter(files['service-costs'], SERVICE_HEADER),
    payments: new CsvWriter(files.payments, PAYMENT_HEADER),
    surveys: new CsvWriter(files.surveys, SURVEY_HEADER),
    leads: new CsvWriter(files.leads, LEAD_HEADER),
    contacts: new CsvWriter(files.contacts, CONTACT_HEADER),
  };
  const writers = Object.values(w);
  try {
    const catalogue = makeCatalogue(rngCatalogue, productCount(n));
    for (const p of catalogue.products) w.products.line(p.row);

    const width = Math.max(6, String(n).length);
    // About a hundred progress calls, none more often than every thousand customers.
    const progressEvery = Math.max(1000, Math.ceil(n / 100));
    // Signups stop a week before the end, so every customer has some observed time.
    const signupSpan = span - 7;
    const activity = new Activity(rng, cal, catalogue, span, { orders: w.orders, services: w['service-costs'], payments: w.payments, surveys: w.surveys });
    for (let i = 0; i < n; i++) {
      const c = drawCustomer(rng, seed, i, n, width, signupSpan, cal, w.customers);
      activity.customer(c);
      writeContacts(rngContacts, w.contacts, c, span, cal);
      if (rng.uniform() < MODEL.guestOrdersPerCustomer) activity.guestOrder(span);
      if ((i & 255) === 255) for (const x of writers) await x.maybeFlush();
      if ((i + 1) % progressEvery === 0) options.onProgress?.(i + 1, n);
    }
    writeLeads(rngLeads, w.leads, leadCount(n), n, width, span, signupSpan, cal);
    await Promise.all(writers.map((x) => x.close()));
  } catch (e) {
    for (const x of writers) x.destroy();
    throw e;
  }
  options.onProgress?.(n, n);
  return {
    files,
    counts: {
      customers: w.customers.rows,
      products: w.products.rows,
      orders: w.orders.rows,
      'service-costs': w['service-costs'].rows,
      payments: w.payments.rows,
      surveys: w.surveys.rows,
      leads: w.leads.rows,
      contacts: w.contacts.rows,
    },
  };
}
