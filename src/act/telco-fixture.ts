/**
 * Test support only (not exported from index.ts): a telecom-style customers file, like the one issue #15 tried —
 * customerID, gender, SeniorCitizen, Partner, Dependents, tenure (months), PhoneService, InternetService,
 * OnlineSecurity, TechSupport, StreamingTV, Contract, PaperlessBilling, PaymentMethod, MonthlyCharges,
 * TotalCharges, Churn (Yes/No) — with a real dependence of churn on contract, tenure (through its logarithm, so the
 * effect is not linear), charges, fibre and support. Seeded; written by the tests, never shipped.
 */
import { createRandom } from '../clv/random.js';

export interface TelcoCustomer {
  readonly customerID: string;
  readonly gender: string;
  readonly SeniorCitizen: number;
  readonly Partner: string;
  readonly Dependents: string;
  readonly tenure: number;
  readonly PhoneService: string;
  readonly InternetService: string;
  readonly OnlineSecurity: string;
  readonly TechSupport: string;
  readonly StreamingTV: string;
  readonly Contract: string;
  readonly PaperlessBilling: string;
  readonly PaymentMethod: string;
  readonly MonthlyCharges: number;
  readonly TotalCharges: number;
  readonly Churn: string;
}

export const TELCO_HEADER = ['customerID', 'gender', 'SeniorCitizen', 'Partner', 'Dependents', 'tenure', 'PhoneService', 'InternetService', 'OnlineSecurity', 'TechSupport', 'StreamingTV', 'Contract', 'PaperlessBilling', 'PaymentMethod', 'MonthlyCharges', 'TotalCharges', 'Churn'] as const;

export function generateTelco(n = 7043, seed = 15): TelcoCustomer[] {
  const rng = createRandom(seed);
  const pick = <T>(items: readonly T[], weights: readonly number[]): T => {
    let u = rng.uniform() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) if ((u -= weights[i]) <= 0) return items[i];
    return items[items.length - 1];
  };
  const yes = (p: number) => (rng.uniform() < p ? 'Yes' : 'No');
  const out: TelcoCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const contract = pick(['Month-to-month', 'One year', 'Two year'], [55, 21, 24]);
    const tenure = Math.min(72, Math.max(0, Math.round(contract === 'Month-to-month' ? rng.gamma(1.2, 1 / 14) : contract === 'One year' ? 12 + rng.uniform() * 60 : 24 + rng.uniform() * 48)));
    const internet = pick(['Fiber optic', 'DSL', 'No'], [44, 34, 22]);
    const net = internet !== 'No';
    const security = net ? yes(0.35) : 'No internet service';
    const support = net ? yes(0.35) : 'No internet service';
    const tv = net ? yes(0.45) : 'No internet service';
    const phone = yes(0.9);
    const senior = rng.uniform() < 0.16 ? 1 : 0;
    const payment = pick(['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'], [34, 23, 22, 21]);
    const monthly = Math.round((20 + (phone === 'Yes' ? 5 : 0) + (internet === 'Fiber optic' ? 50 : internet === 'DSL' ? 25 : 0) + (tv === 'Yes' ? 10 : 0) + (security === 'Yes' ? 5 : 0) + rng.normal() * 4) * 100) / 100;
    const logit =
      -1.2 +
      (contract === 'Month-to-month' ? 1.3 : contract === 'Two year' ? -1.4 : 0) -
      0.75 * Math.log1p(tenure) +
      1.1 * Math.exp(-tenure / 6) +
      0.012 * (monthly - 65) +
      (internet === 'Fiber optic' ? 0.6 : 0) +
      (support === 'Yes' ? -0.5 : 0) +
      (security === 'Yes' ? -0.4 : 0) +
      (payment === 'Electronic check' ? 0.45 : 0) +
      0.3 * senior;
    const churn = rng.uniform() < 1 / (1 + Math.exp(-logit));
    out.push({
      customerID: `${String(1000 + i).padStart(4, '0')}-T${(i * 7919) % 100000}`,
      gender: rng.uniform() < 0.5 ? 'Female' : 'Male',
      SeniorCitizen: senior,
      Partner: yes(0.48),
      Dependents: yes(0.3),
      tenure,
      PhoneService: phone,
      InternetService: internet,
      OnlineSecurity: security,
      TechSupport: support,
      StreamingTV: tv,
      Contract: contract,
      PaperlessBilling: yes(0.59),
      PaymentMethod: payment,
      MonthlyCharges: monthly,
      TotalCharges: Math.round(monthly * Math.max(tenure, 0) * 100) / 100,
      Churn: churn ? 'Yes' : 'No',
    });
  }
  return out;
}

/** The file as CSV text (quoted where a value holds a comma or parenthesis-free text needs none). */
export function telcoCsv(rows: readonly TelcoCustomer[]): string {
  const q = (v: string | number) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  return [TELCO_HEADER.join(','), ...rows.map((r) => TELCO_HEADER.map((h) => q(r[h])).join(','))].join('\n') + '\n';
}
