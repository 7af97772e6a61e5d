import { readFile, writeFile } from 'node:fs/promises';
import { ImportError } from '../errors.js';
import { splitCsvLine } from './sniff.js';

/**
 * Reshapes a customer-level summary into order lines before import, for data sets that have no transactions.
 *
 * `customer-personality-spend`: each customer's two-year spend per product group (MntWines, MntFruits, …) becomes
 * one sale line of that category, all in one order dated on the customer's last purchase, which is the reference
 * date minus `Recency` days. The file does not say its reference date; the latest enrolment date (Dt_Customer) is
 * used, and the import says so. Every customer then has one order: frequency carries no information.
 */
export const RESHAPES = ['customer-personality-spend'] as const;
export type Reshape = (typeof RESHAPES)[number];

const CATEGORIES: Readonly<Record<string, string>> = {
  MntWines: 'Wines',
  MntFruits: 'Fruits',
  MntMeatProducts: 'Meat',
  MntFishProducts: 'Fish',
  MntSweetProducts: 'Sweets',
  MntGoldProds: 'Gold',
};

const dmy = (s: string): number | null => {
  const m = /^(\d{1,2})-(\d{1,2})-(\d{4})$/.exec(s.trim());
  return m ? Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])) : null;
};

/** Writes the reshaped CSV to `out`; returns a note for the import summary. */
export async function reshapeFile(kind: Reshape, input: string, out: string, delimiter: string): Promise<string> {
  const lines = (await readFile(input, 'utf8')).replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0], delimiter).map((h) => h.trim());
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new ImportError(`the ${kind} preset needs a column "${name}"`, input, `the file's columns are: ${header.join(', ')}`);
    return i;
  };
  const id = col('ID');
  const enrolled = col('Dt_Customer');
  const recency = col('Recency');
  const spend = Object.keys(CATEGORIES).map((c) => [col(c), CATEGORIES[c]] as const);
  const rows = lines.slice(1).map((l) => splitCsvLine(l, delimiter));
  const reference = Math.max(...rows.map((r) => dmy(r[enrolled] ?? '') ?? -Infinity));
  if (!Number.isFinite(reference)) throw new ImportError('no Dt_Customer date could be read', input, 'Dt_Customer must be DD-MM-YYYY');
  const out_: string[] = ['order_id,customer_id,ordered_at,category,amount,channel'];
  for (const r of rows) {
    const days = Number(r[recency]);
    // A bad Recency keeps the line's date empty: the importer quarantines it with its reason, nothing is dropped.
    const day = Number.isFinite(days) && r[recency].trim() !== '' ? new Date(reference - days * 86_400_000).toISOString().slice(0, 10) : '';
    for (const [i, category] of spend) out_.push([`${r[id]}-spend`, r[id], day, category, r[i] ?? '', 'summary'].join(','));
  }
  await writeFile(out, out_.join('\n') + '\n');
  return `reshaped: each customer's Mnt* spend became one line per category in one order dated ${new Date(reference).toISOString().slice(0, 10)} (the latest Dt_Customer, assumed to be the file's reference date) minus Recency days`;
}
