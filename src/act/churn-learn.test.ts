/**
 * churn --learn on a generated telecom-style customers file (issue #15): held-out AUC at least that of a plain
 * logistic regression on the same split, fitted here independently (raw features, Newton–Raphson, no squares);
 * outcome detection; leakage columns left out; expected loss = probability × a year of the monthly charge.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedData } from '../test-support/shared-data.js';
import { normalizeValueConfig } from '../value/config.js';
import { importFiles } from '../data/import.js';
import { runCli } from '../test-support/cli.js';
import { tempStore } from '../test-support/temp.js';
import { DEFAULT_CHURN_LEARN, findOutcome, learnChurn, learnChurnFromRows, outcomeOf, type ChurnLearnResult } from './churn-learn.js';
import { generateTelco, TELCO_HEADER, telcoCsv, type TelcoCustomer } from './telco-fixture.js';

const telco = generateTelco();
let store: Awaited<ReturnType<typeof tempStore>>;
let file: string;
let result: ChurnLearnResult;

beforeAll(async () => {
  store = await tempStore();
  file = store.dir.file('telco.csv', telcoCsv(telco));
  await importFiles(store.engine, { entity: 'customers', files: [file] });
  result = await learnChurn(store.engine);
}, 120_000);
afterAll(async () => store.close());

/** Mann–Whitney AUC, ties ½, written out again here. */
function aucOf(p: number[], y: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  const pos = p.filter((_, i) => y[i]);
  const neg = p.filter((_, i) => !y[i]).sort((a, b) => a - b);
  for (const v of pos) {
    let lo = 0;
    let hi = neg.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (neg[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    let eq = lo;
    while (eq < neg.length && neg[eq] === v) eq++;
    wins += lo + (eq - lo) / 2;
    pairs += neg.length;
  }
  return wins / pairs;
}

/** A plain logistic regression: the numbers standardised, every category one-hot, fitted to its maximum likelihood. */
function plainLogistic(train: TelcoCustomer[], test: TelcoCustomer[]): number[] {
  const numeric = ['tenure', 'MonthlyCharges', 'TotalCharges', 'SeniorCitizen'] as const;
  const categorical = ['gender', 'Partner', 'Dependents', 'PhoneService', 'MultipleLines', 'InternetService', 'OnlineSecurity', 'OnlineBackup', 'DeviceProtection', 'TechSupport', 'StreamingTV', 'StreamingMovies', 'Contract', 'PaperlessBilling', 'PaymentMethod'] as const;
  // TotalCharges is blank for the customers who joined this month: they have paid nothing yet, 0.
  const num = (r: TelcoCustomer, k: (typeof numeric)[number]) => (r[k] === ' ' ? 0 : Number(r[k]));
  const stats = numeric.map((k) => {
    const v = train.map((r) => num(r, k));
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return { m, s: Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length) || 1 };
  });
  const levels = categorical.map((k) => [...new Set(train.map((r) => r[k]))].sort().slice(1));
  const x = (r: TelcoCustomer) => [1, ...numeric.map((k, i) => (num(r, k) - stats[i].m) / stats[i].s), ...categorical.flatMap((k, i) => levels[i].map((l) => (r[k] === l ? 1 : 0)))];
  const X = train.map(x);
  const y = train.map((r) => (r.Churn === 'Yes' ? 1 : 0));
  // Newton–Raphson to the maximum-likelihood estimate (a ridge of 1e-6 only keeps the Hessian invertible where
  // levels are collinear, e.g. "No internet service" in every service column), until no coefficient moves by 1e-6.
  const k = X[0].length;
  const w = new Array<number>(k).fill(0);
  let converged = false;
  for (let it = 0; it < 100; it++) {
    const g = new Array<number>(k).fill(0);
    const H = Array.from({ length: k }, (_, j) => Array.from({ length: k }, (_, l) => (j === l && j > 0 ? 1e-6 : 0)));
    for (let j = 1; j < k; j++) g[j] -= 1e-6 * w[j];
    for (let i = 0; i < X.length; i++) {
      const p = 1 / (1 + Math.exp(-X[i].reduce((a, v, j) => a + v * w[j], 0)));
      for (let j = 0; j < k; j++) {
        g[j] += (y[i] - p) * X[i][j];
        if (X[i][j] !== 0) for (let l = 0; l < k; l++) H[j][l] += p * (1 - p) * X[i][j] * X[i][l];
      }
    }
    // Solve H · step = g by Gaussian elimination with partial pivoting.
    const A = H.map((row, j) => [...row, g[j]]);
    for (let c = 0; c < k; c++) {
      let piv = c;
      for (let r = c + 1; r < k; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
      [A[c], A[piv]] = [A[piv], A[c]];
      for (let r = c + 1; r < k; r++) {
        const f = A[r][c] / A[c][c];
        for (let l = c; l <= k; l++) A[r][l] -= f * A[c][l];
      }
    }
    const step = new Array<number>(k).fill(0);
    for (let r = k - 1; r >= 0; r--) step[r] = (A[r][k] - A[r].slice(r + 1, k).reduce((a, v, l) => a + v * step[r + 1 + l], 0)) / A[r][r];
    for (let j = 0; j < k; j++) w[j] += step[j];
    if (Math.max(...step.map(Math.abs)) < 1e-6) {
      converged = true;
      break;
    }
  }
  expect(converged).toBe(true);
  return test.map((r) => 1 / (1 + Math.exp(-x(r).reduce((a, v, j) => a + v * w[j], 0))));
}

describe('churn --learn on a telecom-style customers file', () => {
  it('finds the Churn column and leaves churn-named and identifying columns out of the features', () => {
    expect(result.outcome).toEqual({ column: 'churn', kind: 'churn column' });
    expect(result.known).toBe(telco.length);
    expect(result.churned).toBe(telco.filter((r) => r.Churn === 'Yes').length);
    expect(result.excluded).toContain('churn');
    expect(result.drivers.every((d) => !/churn|customerid/i.test(d.feature))).toBe(true);
    expect(result.test).toBe(result.heldOut.length);
    expect(Math.abs(result.test / result.known - 0.25)).toBeLessThan(0.01);
  });

  it('reaches a held-out AUC at least that of a plain logistic regression on the same split', () => {
    const held = new Set(result.heldOut);
    const train = telco.filter((r) => !held.has(r.customerID));
    const test = telco.filter((r) => held.has(r.customerID));
    const plain = aucOf(plainLogistic(train, test), test.map((r) => r.Churn === 'Yes'));
    expect(plain).toBeGreaterThan(0.75); // the dependence is real
    expect(result.auc).toBeGreaterThanOrEqual(plain);
    // Calibrated in the large on the held-out customers, and decile by decile within a few points.
    expect(Math.abs(result.calibrationSummary.meanPredicted - result.calibrationSummary.observed)).toBeLessThan(0.03);
    expect(result.calibrationSummary.error).toBeLessThan(0.05);
  }, 60_000);

  it('does so again on two other splits of the same file (not one lucky split)', () => {
    const rows = telco.map((t) => ({ id: t.customerID, values: Object.fromEntries(TELCO_HEADER.filter((h) => h !== 'customerID').map((h) => [h.toLowerCase(), String(t[h]).trim()]).filter(([, v]) => v !== '')) }));
    for (const seed of [2, 3]) {
      const r = learnChurnFromRows(rows, { ...DEFAULT_CHURN_LEARN, seed });
      const held = new Set(r.heldOut);
      const test = telco.filter((x) => held.has(x.customerID));
      const plain = aucOf(plainLogistic(telco.filter((x) => !held.has(x.customerID)), test), test.map((x) => x.Churn === 'Yes'));
      expect(r.auc, `split ${seed}`).toBeGreaterThanOrEqual(plain);
    }
  }, 120_000);

  it('names the drivers in plain words, the contract first among them', () => {
    const contract = result.drivers.find((d) => d.feature.startsWith('contract='));
    expect(contract).toBeDefined();
    expect(result.drivers.some((d) => /tenure/.test(d.feature))).toBe(true);
    for (const d of result.drivers) {
      expect(d.en).toMatch(/(raises|lowers) the odds of churning/);
      expect(d.zh).toMatch(/流失几率/);
    }
  });

  it('scores every active customer, with expected loss = probability × 12 monthly charges, stored', async () => {
    const active = telco.filter((r) => r.Churn === 'No');
    expect(result.scored.length).toBe(active.length);
    expect(result.value).toEqual({ source: 'monthly charge × 12', column: 'monthlycharges' });
    const byId = new Map(active.map((r) => [r.customerID, r]));
    for (const s of result.scored.slice(0, 50)) {
      expect(s.value).toBeCloseTo(12 * byId.get(s.customerId)!.MonthlyCharges, 9);
      expect(s.expectedLoss).toBeCloseTo(s.probability * s.value!, 9);
    }
    const [{ n, model }] = await store.engine.query<{ n: number; model: string }>('SELECT count(*) AS n, CAST(max(model) AS VARCHAR) AS model FROM churn_scores');
    expect(Number(n)).toBe(active.length);
    expect(JSON.parse(model).auc).toBeCloseTo(result.auc, 12);
  });

  it('runs from the CLI with --json', async () => {
    const db = `${store.dir.dir}/cli.duckdb`;
    expect((await runCli(['--db', db, 'import', 'customers', file, '--json'])).code).toBe(0);
    const r = await runCli(['--db', db, 'churn', '--learn', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.auc).toBeCloseTo(result.auc, 12);
    expect(out.scored).toBe(result.scored.length);
  }, 60_000);
});

describe('past churn from other columns', () => {
  it('reads an active flag inverted and an end date as churned', () => {
    expect(findOutcome(new Set(['plan', 'active']))).toEqual({ column: 'active', kind: 'active flag' });
    expect(outcomeOf('active flag', 'No')).toBe(true);
    expect(outcomeOf('active flag', '是')).toBe(false);
    expect(findOutcome(new Set(['end_date']))).toEqual({ column: 'end_date', kind: 'end date' });
    expect(outcomeOf('end date', '2024-03-01')).toBe(true);
    expect(outcomeOf('end date', undefined)).toBe(false);
    expect(outcomeOf('churn column', 'maybe')).toBeNull();
  });

  it('says what to import when there is no outcome at all', () => {
    expect(() => learnChurnFromRows([{ id: 'a', values: { plan: 'x' } }])).toThrow(/no past churn/);
  });

  it('finds churn in columns named with punctuation or a note, and in the one the user names', () => {
    expect(findOutcome(new Set(['tenure', 'churned?']))).toEqual({ column: 'churned?', kind: 'churn column' });
    expect(findOutcome(new Set(['tenure', 'churn_(yes/no)']))).toEqual({ column: 'churn_(yes/no)', kind: 'churn column' });
    expect(findOutcome(new Set(['tenure', 'is_active?']))).toEqual({ column: 'is_active?', kind: 'active flag' });
    expect(findOutcome(new Set(['tenure', 'left_company']))).toBeNull();
    expect(findOutcome(new Set(['tenure', 'left_company']), 'Left company')).toEqual({ column: 'left_company', kind: 'churn column' });
    expect(findOutcome(new Set(['tenure', 'left_company']), 'nope')).toBeNull();
  });

  it('learns from a column the user names, and names the columns when it is not there', () => {
    // 40 customers: those on the monthly plan left (yes), the others stayed; a second column is noise.
    const rows = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, values: { plan: i % 2 ? 'monthly' : 'yearly', noise: String((i * 7) % 5), left_company: i % 2 ? 'Yes' : 'No' } }));
    expect(() => learnChurnFromRows(rows)).toThrow(/no past churn/);
    const r = learnChurnFromRows(rows, { ...DEFAULT_CHURN_LEARN, churnColumn: 'Left company' });
    expect(r.outcome).toEqual({ column: 'left_company', kind: 'churn column' });
    expect(r.churned).toBe(20);
    // The same model as when the column has a name Clientele knows.
    const known = learnChurnFromRows(rows.map((x) => ({ id: x.id, values: { plan: x.values.plan, noise: x.values.noise, churn: x.values.left_company } })));
    expect(r.auc).toBe(known.auc);
    expect(r.drivers.map((d) => d.en)).toEqual(known.drivers.map((d) => d.en));
    expect(() => learnChurnFromRows(rows, { ...DEFAULT_CHURN_LEARN, churnColumn: 'Gone' })).toThrow(/no column Gone/);
  });
});

describe('churn --learn with order lines alone (CDNOW sample): silence longer than the customer’s own rhythm', () => {
  it('labels exactly the repeat buyers an independent count over the raw file labels, and scores today’s', async () => {
    const s = await tempStore();
    try {
      await importFiles(s.engine, { entity: 'orders', files: [sharedData('cdnow', 'CDNOW_sample.txt')], preset: 'cdnow' });
      const r = await learnChurn(s.engine, { config: normalizeValueConfig({}), windowDays: 180 });
      expect(r.outcome.kind).toBe('silence');
      // Independent: purchase days per customer from the raw file (master_id, date as YYYYMMDD).
      const days = new Map<string, Set<string>>();
      for (const line of readFileSync(sharedData('cdnow', 'CDNOW_sample.txt'), 'utf8').split(/\r?\n/)) {
        const f = line.trim().split(/\s+/);
        if (f.length < 5) continue;
        const d = `${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)}`;
        days.set(f[0], (days.get(f[0]) ?? new Set()).add(d));
      }
      const last = [...days.values()].flatMap((x) => [...x]).sort().at(-1)!;
      const cutoff = new Date(Date.parse(`${last}T00:00:00Z`) - 180 * 86_400_000).toISOString().slice(0, 10);
      const diff = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
      let labelled = 0;
      let churned = 0;
      for (const set of days.values()) {
        const before = [...set].filter((d) => d <= cutoff).sort();
        if (before.length < 2) continue;
        const gap = Math.max(1, diff(before[0], before.at(-1)!)) / (before.length - 1);
        if (!(2 * gap <= 180 && diff(before.at(-1)!, cutoff) / gap < 2)) continue;
        labelled++;
        if (![...set].some((d) => d > cutoff)) churned++;
      }
      expect(r.known).toBe(labelled);
      expect(r.churned).toBe(churned);
      expect(r.auc).toBeGreaterThan(0.6);
      expect(r.scored.length).toBeGreaterThan(0);
      expect(r.scored.every((c) => c.probability > 0 && c.probability < 1)).toBe(true);
    } finally {
      await s.close();
    }
  }, 120_000);
});

describe('a model with no skill (QA session 8, F16)', () => {
  it('is not saved below a held-out AUC of 0.6: churn keeps what it had, and the CLI says why in both languages', async () => {
    const s = await tempStore();
    try {
      // Churn drawn independently of the only columns (a deterministic scramble): nothing predicts it.
      const lines = ['customer_id,age,level,churn'];
      let x = 12345;
      const next = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
      for (let i = 0; i < 3000; i++) lines.push(`N${i},${20 + Math.floor(next() * 50)},${['gold', 'silver', 'bronze'][Math.floor(next() * 3)]},${next() < 0.4 ? 'yes' : 'no'}`);
      const file = s.dir.file('noise.csv', lines.join('\n') + '\n');
      await importFiles(s.engine, { entity: 'customers', files: [file] });
      const r = await learnChurn(s.engine);
      expect(r.auc).toBeLessThan(0.6);
      expect(r.saved).toBe(false);
      expect(r.earlierModel).toBe(false);
      expect((await s.engine.query<{ n: number }>('SELECT count(*) AS n FROM churn_scores'))[0].n).toBe(0);
      const db = `${s.dir.dir}/cli.duckdb`;
      expect((await runCli(['--db', db, 'import', 'customers', file, '--json'])).code).toBe(0);
      for (const lang of ['en', 'zh-CN']) {
        const out = await runCli(['--db', db, '--lang', lang, 'churn', '--learn']);
        expect(out.code, out.stderr).toBe(0);
        expect(out.stdout).toMatch(lang === 'en' ? /Not saved: a held-out AUC of 0\.\d+ is little better than chance/ : /未保存：留出集 AUC 为 0\.\d+/);
        expect(out.stdout).not.toMatch(/churn_scores/);
      }
    } finally {
      await s.close();
    }
  }, 120_000);
});

describe('churn --learn before any value run (QA session 8, F17)', () => {
  it('runs the value computation itself, so every scored customer with orders has a value and an expected loss', async () => {
    const s = await tempStore();
    try {
      const customers = ['customer_id,plan,churn'];
      const orders = ['order_id,customer_id,ordered_at,amount'];
      for (let i = 0; i < 600; i++) {
        const plan = ['basic', 'plus', 'pro'][i % 3];
        customers.push(`K${i},${plan},${plan === 'basic' || i % 11 === 0 ? 'yes' : 'no'}`);
        orders.push(`O${i}a,K${i},2024-0${1 + (i % 6)}-1${i % 10},${10 + (i % 37)}`, `O${i}b,K${i},2024-0${4 + (i % 6)}-0${1 + (i % 9)},${5 + (i % 13)}`);
      }
      await importFiles(s.engine, { entity: 'customers', files: [s.dir.file('k.csv', customers.join('\n') + '\n')] });
      await importFiles(s.engine, { entity: 'orders', files: [s.dir.file('o.csv', orders.join('\n') + '\n')] });
      expect((await s.engine.query<{ n: number }>('SELECT count(*) AS n FROM value_runs'))[0].n).toBe(0);
      const r = await learnChurn(s.engine, { config: normalizeValueConfig({}) });
      expect(r.saved).toBe(true);
      expect(r.value.source).toBe('current value (latest value run)');
      expect(r.scored.length).toBeGreaterThan(0);
      expect(r.scored.every((c) => c.value !== null && c.expectedLoss !== null)).toBe(true);
      // Each expected loss is the probability times that customer's current value, as stored by the run.
      const values = new Map((await s.engine.query<{ customer_id: string; v: number }>('SELECT customer_id, current_value AS v FROM customer_value')).map((x) => [x.customer_id, Number(x.v)]));
      for (const c of r.scored.slice(0, 50)) expect(c.expectedLoss!).toBeCloseTo(c.probability * values.get(c.customerId)!, 9);
    } finally {
      await s.close();
    }
  }, 120_000);
});
