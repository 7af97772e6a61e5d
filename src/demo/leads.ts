/**
 * Prospects: source, MAN qualification (budget, authority, need) and an outcome drawn from a logistic model
 * (MODEL.leadLogit), so a scorer has something real to learn. Leads created in the last 90 days are still open.
 */
import type { Calendar, CsvWriter } from './csv.js';
import { csvField, pad } from './csv.js';
import { customerId, customersBy } from './customers.js';
import { MODEL } from './model.js';
import { cumulative, type Rng } from './random.js';
import { COUNTRIES, INDUSTRIES } from './vocab.js';

export const LEAD_HEADER = [
  'lead_id', 'name', 'email', 'phone', 'company', 'source', 'referred_by', 'budget', 'authority', 'need', 'status', 'outcome', 'created_at',
  'industry', 'employees', 'region',
] as const;

const SOURCES = ['referral', 'ads', 'partner', 'records', 'superior', 'acquaintance', 'old_customer'];
const SOURCE_CDF = cumulative([22, 30, 14, 14, 5, 8, 7]);
const AUTHORITY = ['decision maker', 'influencer', 'none'];
const AUTHORITY_CDF = cumulative([30, 40, 30]);
const NEED = ['high', 'medium', 'low'];
const NEED_CDF = cumulative([25, 45, 30]);
const COUNTRY_CDF = cumulative(COUNTRIES.map((c) => c.weight));

export function leadCount(customers: number): number {
  return Math.max(200, Math.round(customers * MODEL.leadsPerCustomer));
}

/** P(won) of a lead under the demo's logistic model. */
export function leadWinProbability(budget: number, authority: string, need: string, source: string): number {
  const m = MODEL.leadLogit;
  const z = m.intercept + m.budget * Math.log10(budget / 10_000) + (m.authority[authority] ?? 0) + (m.need[need] ?? 0) + (m.source[source] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

/** `span`: days of the window; `signupSpan`: days over which customers sign up (see customers.ts). */
export function writeLeads(rng: Rng, out: CsvWriter, count: number, customers: number, customerWidth: number, span: number, signupSpan: number, cal: Calendar): void {
  const width = Math.max(6, String(count).length);
  for (let i = 0; i < count; i++) {
    const num = pad(i + 1, width);
    const id = `L${num}`;
    const source = SOURCES[rng.weighted(SOURCE_CDF)];
    const created = rng.uniform() * span;
    let referredBy = '';
    if (source === 'referral' || (source === 'acquaintance' && rng.bernoulli(0.5))) {
      // A referrer is a customer who had signed up by then; some referrals come from other leads, forming chains.
      const known = customersBy(created - 1, customers, signupSpan);
      referredBy = (i > 0 && rng.bernoulli(0.3)) || known < 1 ? (i > 0 ? `L${pad(1 + rng.int(i), width)}` : '') : customerId(rng.int(known), customerWidth);
    }
    const b2b = rng.bernoulli(0.6);
    const staff = b2b ? Math.max(2, Math.round(rng.lognormal(Math.log(60), 1.3))) : 0;
    const budget = Math.round(rng.lognormal(Math.log(b2b ? 20_000 : 3_000), 0.9) / 100) * 100;
    const authority = AUTHORITY[rng.weighted(AUTHORITY_CDF)];
    const need = NEED[rng.weighted(NEED_CDF)];
    const country = COUNTRIES[rng.weighted(COUNTRY_CDF)];
    const region = rng.pick(country.regions).name;
    let status: string;
    let outcome = '';
    if (created > span - 90 && rng.bernoulli(0.8)) {
      status = rng.pick(['new', 'contacted', 'qualified']);
    } else {
      const won = rng.uniform() < leadWinProbability(Math.max(100, budget), authority, need, source);
      status = won ? 'won' : 'lost';
      outcome = won ? 'true' : 'false';
    }
    const company = b2b ? csvField(country.chinese ? `潜在公司 ${num}` : `Prospect ${num} Inc.`) : '';
    out.line(
      [
        id, `Lead ${num}`, `lead-${num}@example.com`, `${country.dial} 555 ${num}`, company, source, referredBy, String(budget), authority, need,
        status, outcome, cal.date(created), b2b ? rng.pick(INDUSTRIES) : '', b2b ? String(staff) : '', csvField(region),
      ].join(','),
    );
  }
}
