/**
 * Test support only (not exported from index.ts): a telecom-style customers file, like the one issue #15 tried —
 * in the IBM Telco customer churn file's shape (its 21 columns in its order: customerID, gender, SeniorCitizen,
 * Partner, Dependents, tenure (months), PhoneService, MultipleLines, InternetService, OnlineSecurity, OnlineBackup,
 * DeviceProtection, TechSupport, StreamingTV, StreamingMovies, Contract, PaperlessBilling, PaymentMethod,
 * MonthlyCharges, TotalCharges, Churn (Yes/No)), with the real file's quirks: "No phone service" / "No internet
 * service" as values, and TotalCharges a single blank for the 11 customers who joined this month (tenure 0, none of
 * whom has churned). Churn depends on contract, tenure (through its logarithm, so the effect is not linear),
 * charges, fibre, support and payment. Seeded; written by the tests, never shipped.
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
  readonly MultipleLines: string;
  readonly InternetService: string;
  readonly OnlineSecurity: string;
  readonly OnlineBackup: string;
  readonly DeviceProtection: string;
  readonly TechSupport: string;
  readonly StreamingTV: string;
  readonly StreamingMovies: string;
  readonly Contract: string;
  readonly PaperlessBilling: string;
  readonly PaymentMethod: string;
  readonly MonthlyCharges: number;
  /** Blank (a single space, as in the real file) for customers with tenure 0. */
  readonly TotalCharges: number | ' ';
  readonly Churn: string;
}

export const TELCO_HEADER = [
  'customerID', 'gender', 'SeniorCitizen', 'Partner', 'Dependents', 'tenure', 'PhoneService', 'MultipleLines', 'InternetService', 'OnlineSecurity', 'OnlineBackup',
  'DeviceProtection', 'TechSupport', 'StreamingTV', 'StreamingMovies', 'Contract', 'PaperlessBilling', 'PaymentMethod', 'MonthlyCharges', 'TotalCharges', 'Churn',
] as const;

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
    // Joined this month (tenure 0): 11 customers, as in the real file; everyone else has paid at least one month.
    const joined = i % Math.max(1, Math.floor(n / 11)) === 7 && i < 11 * Math.floor(n / 11);
    const tenure = joined ? 0 : Math.min(72, Math.max(1, Math.round(contract === 'Month-to-month' ? rng.gamma(1.2, 1 / 14) : contract === 'One year' ? 12 + rng.uniform() * 60 : 24 + rng.uniform() * 48)));
    const internet = pick(['Fiber optic', 'DSL', 'No'], [44, 34, 22]);
    const net = internet !== 'No';
    const security = net ? yes(0.35) : 'No internet service';
    const support = net ? yes(0.35) : 'No internet service';
    const tv = net ? yes(0.45) : 'No internet service';
    const backup = net ? yes(0.4) : 'No internet service';
    const protection = net ? yes(0.4) : 'No internet service';
    const movies = net ? yes(0.45) : 'No internet service';
    const phone = yes(0.9);
    const lines = phone === 'Yes' ? yes(0.47) : 'No phone service';
    const senior = rng.uniform() < 0.16 ? 1 : 0;
    const payment = pick(['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'], [34, 23, 22, 21]);
    const monthly = Math.round((20 + (phone === 'Yes' ? 5 : 0) + (internet === 'Fiber optic' ? 50 : internet === 'DSL' ? 25 : 0) + (tv === 'Yes' ? 10 : 0) + (movies === 'Yes' ? 10 : 0) + (lines === 'Yes' ? 5 : 0) + (security === 'Yes' ? 5 : 0) + (backup === 'Yes' ? 5 : 0) + (protection === 'Yes' ? 5 : 0) + rng.normal() * 4) * 100) / 100;
    const logit =
      -0.1 +
      (contract === 'Month-to-month' ? 1.3 : contract === 'Two year' ? -1.4 : 0) -
      0.75 * Math.log1p(tenure) +
      1.1 * Math.exp(-tenure / 6) +
      0.012 * (monthly - 65) +
      (internet === 'Fiber optic' ? 0.6 : 0) +
      (support === 'Yes' ? -0.5 : 0) +
      (security === 'Yes' ? -0.4 : 0) +
      (backup === 'Yes' ? -0.2 : 0) +
      (payment === 'Electronic check' ? 0.45 : 0) +
      0.3 * senior;
    const churn = rng.uniform() < 1 / (1 + Math.exp(-logit)) && tenure > 0;
    out.push({
      customerID: `${String(1000 + i).padStart(4, '0')}-T${(i * 7919) % 100000}`,
      gender: rng.uniform() < 0.5 ? 'Female' : 'Male',
      SeniorCitizen: senior,
      Partner: yes(0.48),
      Dependents: yes(0.3),
      tenure,
      PhoneService: phone,
      MultipleLines: lines,
      InternetService: internet,
      OnlineSecurity: security,
      OnlineBackup: backup,
      DeviceProtection: protection,
      TechSupport: support,
      StreamingTV: tv,
      StreamingMovies: movies,
      Contract: contract,
      PaperlessBilling: yes(0.59),
      PaymentMethod: payment,
      MonthlyCharges: monthly,
      TotalCharges: tenure === 0 ? ' ' : Math.round(monthly * tenure * 100) / 100,
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
