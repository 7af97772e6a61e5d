/**
 * Test and bench support only (not exported from index.ts): the CDNOW calibration summaries of
 * Fader & Hardie, read in place from ../shared/data/cdnow (see SOURCE.md there). Weeks.
 */
import { readFileSync } from 'node:fs';
import { sharedData } from '../test-support/shared-data.js';

export interface CdnowCustomer {
  id: number;
  x: number;
  tx: number;
  T: number;
  /** Mean repeat-transaction spend (0 when x = 0). */
  zbar: number;
}

/** The 2,357-customer sample with spend: cdnow_customers_summary_with_transactions.csv (ID,x,t_x,T,zbar). */
export function loadCdnowSummary(): CdnowCustomer[] {
  const text = readFileSync(sharedData('cdnow', 'cdnow_customers_summary_with_transactions.csv'), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(1).map((line) => {
    const [id, x, tx, T, zbar] = line.split(',').map(Number);
    return { id, x, tx, T, zbar };
  });
}

/** cdnow_customers_summary.csv (ID,frequency,recency,T): the BG/NBD paper's input. */
export function loadCdnowRfm(): { x: number; tx: number; T: number }[] {
  const text = readFileSync(sharedData('cdnow', 'cdnow_customers_summary.csv'), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  return lines.slice(1).map((line) => {
    const [, x, tx, T] = line.split(',').map(Number);
    return { x, tx, T };
  });
}
