/**
 * Issue #15's "Done when": on a telecom-style customers file that the test generates (the IBM Telco churn file's
 * 21 columns, 7,043 customers, blank TotalCharges for those who joined this month), every command in the README's
 * "Using it" section runs, in the README's order, as a user would run it (the built CLI, a store of its own), and
 * `value` shows recurring revenue and margin.
 *
 * The commands are read from README.md: each one (its command words, e.g. `clv fit`, `segment create`) must have
 * its telecom run below, so a command added to the README without one fails here. A command that needs data the
 * file does not have (leads, referrals, another company's demo) must refuse or answer with a clear sentence, never
 * fail. Figures are checked against the generated rows, counted here.
 */
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTelco, telcoCsv } from '../act/telco-fixture.js';
import { CLI, runCli, serveCli } from '../test-support/cli.js';
import { projectRoot } from '../test-support/shared-data.js';
import { tempDir } from '../test-support/temp.js';

const AS_OF = '2024-06-30';
const telco = generateTelco();
const tmp = tempDir();
const db = join(tmp.dir, 'telco.duckdb');
const file = join(tmp.dir, 'telco.csv');
const at = (name: string) => join(tmp.dir, name);

// Independent figures from the generated rows: an active customer with tenure m has paid m + 1 months (the current
// one included), a churned one m months (they left within the last month, as in the real file).
const paid = (t: (typeof telco)[number]) => (t.Churn === 'Yes' ? t.tenure : t.tenure + 1);
const recurringRevenue = telco.reduce((a, t) => a + paid(t) * t.MonthlyCharges, 0);
const billingLines = telco.reduce((a, t) => a + paid(t), 0);
const churned = telco.filter((t) => t.Churn === 'Yes').length;

/** The README's "Using it" commands: the words after `clientele` and its global options, up to the first option or argument. */
function readmeCommands(): string[][] {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using it'), readme.indexOf('## For developers'));
  const out: string[][] = [];
  for (const line of section.split('\n')) {
    const m = /^npx --no-install clientele (.*)$/.exec(line.trim());
    if (!m) continue;
    const words = m[1].replace(/\s+#.*$/, '').split(/\s+/);
    let i = 0;
    while (words[i]?.startsWith('--')) i += words[i] === '--lang' || words[i] === '--db' ? 2 : 1;
    out.push(words.slice(i));
  }
  return out;
}

/** A command's key: its command words (two for the commands that have subcommands). */
const WITH_SUBCOMMANDS = new Set(['clv', 'segment', 'subscriptions', 'campaign', 'config', 'imports', 'user', 'leads', 'company', 'recommend']);
function keyOf(words: readonly string[]): string {
  if (words[0] === 'imports' && words[1] !== 'remove') return 'imports';
  if (words[0] === 'recommend') return `recommend ${words[1]}`;
  return WITH_SUBCOMMANDS.has(words[0]) && words[1] && !words[1].startsWith('-') ? `${words[0]} ${words[1]}` : words[0];
}

const ran = new Set<string>();
async function cli(args: readonly string[], o: { code?: number; env?: NodeJS.ProcessEnv } = {}): Promise<{ stdout: string; stderr: string }> {
  const r = await runCli(['--db', db, ...args], o.env ?? {});
  expect(r.code, `clientele ${args.join(' ')}\n${r.stderr}`).toBe(o.code ?? 0);
  if (o.code) {
    // A refusal is one clear line and a hint, never a stack trace.
    expect(r.stderr).toMatch(/^clientele: .+\n\s+hint: .+/m);
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  }
  ran.add(keyOf(args));
  return r;
}
const json = async (args: readonly string[]) => JSON.parse((await cli([...args, '--json'])).stdout);

beforeAll(() => {
  tmp.file('telco.csv', telcoCsv(telco));
});
afterAll(() => tmp.cleanup());

describe('the README on a telecom customers file (7,043 customers, IBM Telco shape)', () => {
  it('the generated file has the real file’s shape', () => {
    const header = readFileSync(file, 'utf8').split('\n')[0];
    expect(header).toBe(
      'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn',
    );
    expect(telco.length).toBe(7043);
    expect(telco.filter((t) => t.TotalCharges === ' ').length).toBe(11);
    expect(churned / telco.length).toBeGreaterThan(0.24);
    expect(churned / telco.length).toBeLessThan(0.29);
  });

  it('imports it, derives and bills the subscriptions, and undoes and redoes an import', async () => {
    expect((await cli(['import', 'customers', file])).stdout).toMatch(/7,043 read = 7,043 loaded \+ 0 quarantined/);
    expect((await cli(['quarantine', '--import', '1'])).stdout).toMatch(/quarantined nothing/);
    await cli(['quarantine', '--out', at('quarantine.csv')]);
    expect((await cli(['quarantine', '--warnings'])).stdout).toMatch(/No warnings/);
    // Before any subscription there are no order lines: value says what to do, naming subscriptions.
    const early = await cli(['value'], { code: 5 });
    expect(early.stderr).toMatch(/subscriptions from-customers/);
    const sub = await json(['subscriptions', 'from-customers', '--as-of', AS_OF]);
    expect(sub).toMatchObject({ created: 7043, skipped: 0, active: 7043 - churned, ended: churned, lines: billingLines });
    expect(sub.recurringRevenue).toBeCloseTo(recurringRevenue, 4);
    expect((await cli(['imports'])).stdout).toMatch(/subscriptions\s+customers \(tenure and charges\)/);
    expect((await cli(['config', 'set', 'currency', 'USD'])).stdout).toMatch(/USD/);
    // Undo and redo: the same file with other options replaces import #1 (as #3); removing #3 takes the file out,
    // leaving the subscribers as placeholder customers (their billing lines need them); importing it again redoes it.
    expect((await cli(['import', 'customers', file, '--map', 'customer_id=customerID'])).stdout).toMatch(/replaces import #1 of the same file/);
    const twoYear = telco.filter((t) => t.Contract === 'Two year').length;
    expect((await cli(['segment', 'create', 'two-year', '--rule', 'attributes.Contract = "Two year"'])).stdout).toMatch(new RegExp(`Segment "two-year": ${twoYear.toLocaleString('en-US')} customers`));
    expect((await cli(['imports', 'remove', '3'])).stdout).toMatch(/Removed import #3/);
    // The saved segment follows the data: its members went with the file's columns.
    expect((await cli(['segment', 'show', 'two-year'])).stdout).toMatch(/members\s+0 /);
    // A new rule naming a column that is gone is refused, not a segment of 0 (segment/attributes.ts). (A rule error
    // shows the rule under its message, so not through cli(), which wants one line then the hint.)
    const gone = await runCli(['--db', db, 'segment', 'create', 'two-year-again', '--rule', 'attributes.Contract = "Two year"']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/^clientele: no customer has the attribute attributes\.Contract \(no customer has imported attributes\) at column 1\n[\s\S]*\n\s+hint: /);
    expect((await cli(['import', 'customers', file])).stdout).toMatch(/7,043 read = 7,043 loaded/);
    expect((await cli(['imports'])).stdout).toMatch(/customers\s+7,043\n/);
    expect((await cli(['segment', 'show', 'two-year'])).stdout).toMatch(new RegExp(`members\\s+${twoYear.toLocaleString('en-US')} `));
    // Billing again is idempotent: the same lines, not twice as many.
    const billed = await json(['subscriptions', 'bill', '--as-of', AS_OF]);
    expect(billed.lines).toBe(billingLines);
    // Another company's demo is refused in this store, and nothing is written.
    expect((await cli(['demo', '--customers', '100000', '--seed', '7', '--out', at('big-demo-data')], { code: 4 })).stderr).toMatch(/already holds data/);
    expect(existsSync(at('big-demo-data'))).toBe(false);
  }, 600_000);

  it('value shows recurring revenue and margin; one customer; the report', async () => {
    const v = await cli(['value', '--margin-rate', '0.6']);
    const usd = (n: number) => `$${Math.round(n).toLocaleString('en-US')}`;
    expect(v.stdout).toContain(`recurring revenue  ${usd(recurringRevenue)} (100.0% of net revenue) from subscriptions: ${billingLines.toLocaleString('en-US')} billing lines, 7,043 customers`);
    expect(v.stdout).toContain(`recurring margin   ${usd(0.6 * recurringRevenue)} (60.0% of recurring revenue; from the margin rate, assumed)`);
    const vj = await json(['value', '--as-of', AS_OF]);
    expect(vj.revenue.net).toBeCloseTo(recurringRevenue, 4);
    expect(vj.profit.grossMargin).toBeCloseTo(0.6 * recurringRevenue, 4);
    expect(vj.recurring).toMatchObject({ lines: billingLines, customers: 7043, marginFrom: 'margin rate' });
    expect(vj.recurring.margin).toBeCloseTo(0.6 * recurringRevenue, 4);
    // An earlier day: fewer months billed (the value run reads the lines as of that day).
    const march = await json(['value', '--as-of', '2024-03-31']);
    expect(march.revenue.net).toBeLessThan(recurringRevenue);
    const one = telco.find((t) => t.Churn === 'No' && t.tenure > 12)!;
    const c = await cli(['customer', one.customerID]);
    expect(c.stdout).toContain(`net revenue              ${usd(paid(one) * one.MonthlyCharges)}`);
    await cli(['report', '--out', at('report.html')]);
    expect(readFileSync(at('report.html'), 'utf8')).toContain('<html');
  }, 600_000);

  it('lifetime value: purchase models say the data are subscriptions; sBG by cohort feeds value', async () => {
    const fit = await cli(['clv', 'fit', '--model', 'bgnbd', '--calibration-end', '2022-12-31', '--time-unit', 'week']);
    expect(fit.stdout).toMatch(/billing lines: a purchase model reads each renewal as a purchase\. For subscriptions use clientele clv fit --model sbg/);
    expect((await cli(['clv', 'check', '--calibration-end', '2022-12-31'])).stdout).toMatch(/Cumulative repeat purchases/);
    // The purchase fit reaches a boundary on billing lines: predict refuses to save it, and says why.
    const predict = await cli(['clv', 'predict', '--horizon', '52', '--discount-rate', '0.002', '--out', at('clv.csv')], { code: 2 });
    expect(predict.stderr).toMatch(/boundary, so no predictions were saved/);
    const sbg = await json(['clv', 'fit', '--model', 'sbg', '--by', 'plan']);
    const m2m = sbg.cohorts.find((c: { cohort: string }) => c.cohort === 'Month-to-month');
    expect(m2m.customers).toBe(telco.filter((t) => t.Contract === 'Month-to-month').length);
    expect(m2m.lost).toBe(telco.filter((t) => t.Contract === 'Month-to-month' && t.Churn === 'Yes').length);
    expect(m2m.fit.regular).toBe(true);
    expect(sbg.predictions.customers).toBeGreaterThan(0);
    const table = await cli(['clv', 'fit', '--model', 'sbg', '--by', 'plan']);
    expect(table.stdout).toMatch(/Lifetime value saved for [\d,]+ subscribers/);
    // From now on value takes the subscribers' long-term value from sBG.
    const v = await json(['value']);
    expect(v.sources.longTermValue).toMatch(/^clv_predictions/);
  }, 600_000);

  it('churn: learned from the Churn column, then the churn list uses it', async () => {
    const learned = await json(['churn', '--learn']);
    expect(learned.outcome).toEqual({ column: 'churn', kind: 'churn column' });
    expect(learned.known).toBe(7043);
    expect(learned.churned).toBe(churned);
    expect(learned.auc).toBeGreaterThan(0.8);
    const list = await cli(['churn', '--out', at('winback.csv')]);
    expect(list.stdout).toMatch(/P\(alive\) = 1 − the churn probability learned from past outcomes/);
    expect(readFileSync(at('winback.csv'), 'utf8').split('\n').length).toBeGreaterThan(2);
    // In 简体中文 the churn list says where P(alive) came from in Chinese, and value names recurring revenue.
    expect((await cli(['--lang', 'zh-CN', 'churn'])).stdout).toMatch(/存活概率 = 1 − 从实际结果学得的流失概率（churn --learn：基于 churn 的逻辑回归，\d+ 个特征，留出样本 AUC [\d.]+）；风险价值 = 价值 × 该概率；未使用 sbg 模型的存活概率/);
    expect((await cli(['--lang', 'zh-CN', 'value'])).stdout).toMatch(/经常性收入 .+来自订阅/);
    // The report's churn section: the model each figure came from, held-out AUC, drivers and expected loss.
    await cli(['report', '--out', at('churn-report.html')]);
    const html = readFileSync(at('churn-report.html'), 'utf8');
    const section = html.slice(html.indexOf('<section id="churn-section">'), html.indexOf('</section>', html.indexOf('<section id="churn-section">')));
    expect(section).toContain('Churn: learned from past outcomes');
    expect(section).toContain(`held-out AUC ${learned.auc.toFixed(3)}`);
    expect(section).toContain('a logistic regression learned from the churn column &quot;churn&quot;');
    expect(section).toContain('a year of the monthly charge of each customer');
    expect(section).toContain('P(alive) = 1 − the learned churn probability');
    expect(section).toMatch(/sBG \(Fader &amp; Hardie 2007\)/);
    expect(section).toContain(learned.drivers[0].en.replaceAll('&', '&amp;'));
    const top = learned.top[0];
    const charge = telco.find((t) => t.customerID === top.customerId)!.MonthlyCharges;
    expect(top.value).toBeCloseTo(12 * charge, 9);
    expect(section).toContain(`<td>${top.customerId}</td><td class="num">${(top.probability * 100).toFixed(1)}%</td><td class="num">$${(12 * charge).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 })}`);
    // In 简体中文: the same section, in Chinese words (model names, column names and ids stay as they are).
    await cli(['--lang', 'zh-CN', 'report', '--out', at('churn-report-zh.html')]);
    const zh = readFileSync(at('churn-report-zh.html'), 'utf8');
    const zhSection = zh.slice(zh.indexOf('<section id="churn-section">'), zh.indexOf('</section>', zh.indexOf('<section id="churn-section">')));
    expect(zhSection).toContain('客户流失：从实际结果学习');
    expect(zhSection).toContain(`留出样本 AUC ${learned.auc.toFixed(3)}`);
    expect(zhSection).toContain(learned.drivers[0].zh.replaceAll('&', '&amp;'));
    const text = zhSection.replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/g, ' ');
    const words = (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !/^(AUC|Brier|Fader|Hardie|sBG|clientele|churn|learn|exp|USD|contract|tenure|monthlycharges|internetservice|onlinesecurity|techsupport|paymentmethod|seniorcitizen|onlinebackup|deviceprotection|streamingtv|streamingmovies|multiplelines|paperlessbilling|dependents|partner|phoneservice|gender|DSL|Fiber|optic|Yes|One|Two|year|Month|month|Bank|transfer|automatic|Credit|card|Electronic|check|Mailed|Female|Male|internet|service|phone)$/i.test(w));
    expect(words).toEqual([]);
  }, 600_000);

  it('segments, targets and budget', async () => {
    expect((await cli(['segment', 'create', 'monthly', '--rule', 'attributes.Contract = "Month-to-month" and attributes.InternetService = "Fiber optic" and profit > 100'])).stdout).toMatch(/Segment "monthly": [\d,]+ customers/);
    const expected = telco.filter((t) => t.Contract === 'Month-to-month' && t.InternetService === 'Fiber optic' && 0.6 * paid(t) * t.MonthlyCharges > 100).length;
    expect((await cli(['segment', 'show', 'monthly'])).stdout).toMatch(new RegExp(`members\\s+${expected.toLocaleString('en-US')} `));
    await cli(['segment', 'export', 'monthly', '--out', at('monthly.csv')]);
    expect(readFileSync(at('monthly.csv'), 'utf8').trim().split('\n').length).toBe(expected + 1);
    expect((await cli(['segment', 'cluster', '--features', 'rfm,profit'])).stdout).toMatch(/clusters of 7,043 buyers/);
    await cli(['company', 'set', '--price-tier', 'premium', '--service-capacity', 'high']);
    expect((await cli(['target', '--by', 'tier'])).stdout).toMatch(/Target selection as of 2024-06-30/);
    expect((await cli(['allocate', '--budget', '50000', '--min', 'At Risk=2000'])).stdout).toMatch(/Budget 50,000/);
    expect((await cli(['campaign', 'create', 'winback', '--segment', 'At Risk', '--holdout', '10%', '--out', at('treated.csv')])).stdout).toMatch(/Campaign 1 "winback"/);
    expect((await cli(['campaign', 'measure', '1'])).stdout).toMatch(/Verdict/);
    expect((await cli(['big-customers'])).stdout).toMatch(/Profit concentration/);
    expect((await cli(['sources', '--cost', 'ads=20000'])).stdout).toMatch(/Where good customers come from/);
    expect((await cli(['stages'])).stdout).toMatch(/Purchase stages/);
    // Customers who cancelled are in decline (退化期), whatever their recent billing.
    const life = await json(['lifecycle']);
    expect(life.stages.find((x: { stage: string }) => x.stage === 'decline').customers).toBe(churned);
    expect((await cli(['accounts'])).stdout).toMatch(/0 company and government accounts/);
    expect((await cli(['segment', 'portrait', 'cluster-2'])).stdout).toMatch(/Portrait of "cluster-2"/);
    expect((await cli(['migrate', '--from', '2024-03-31', '--to', AS_OF])).stdout).toMatch(/Re-screening 2024-03-31 → 2024-06-30/);
    // sBG cohorts by the saved segment: its members and the others.
    const bySegment = await json(['clv', 'fit', '--model', 'sbg', '--by', 'segment:monthly']);
    expect(Object.fromEntries(bySegment.cohorts.map((c: { cohort: string; customers: number }) => [c.cohort, c.customers]))).toEqual({ monthly: expected, 'not monthly': 7043 - expected });
  }, 600_000);

  it('prospects and retention: what the file has, and clear answers for what it has not', async () => {
    expect((await cli(['leads', 'qualify', '--out', at('qualified.csv')])).stdout).toMatch(/^0 leads/);
    expect((await cli(['leads', 'score', '--exclude', 'duration', '--out', at('scored.csv')], { code: 5 })).stderr).toMatch(/too few leads with a known outcome/);
    expect((await cli(['lookalike', '--out', at('lookalikes.csv')])).stdout).toMatch(/held-out check: AUC/);
    expect((await cli(['referrals', '--chart', at('referrers.svg')])).stdout).toMatch(/Nobody has referred anyone/);
    const one = telco.find((t) => t.Churn === 'No')!;
    expect((await cli(['recommend', '--customer', one.customerID])).stdout).toMatch(new RegExp(one.customerID));
    expect((await cli(['recommend', '--evaluate', '2024-01-01'])).stdout).toMatch(/hit rate @10/);
    expect((await cli(['care', '--from', '2025-01-01', '--to', '2025-02-28', '--out', at('care.csv')])).stdout).toMatch(/7,043 customers/);
  }, 600_000);

  it('a file of contracts, in a store of its own, bills the same recurring revenue', async () => {
    // The same subscriptions as a contracts file: start = as-of − tenure months, end for those who left.
    const addMonths = (day: string, k: number) => {
      const [y, m, d] = day.split('-').map(Number);
      const total = y * 12 + m - 1 + k;
      const last = new Date(Date.UTC(Math.floor(total / 12), (total % 12) + 1, 0)).getUTCDate();
      return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
    };
    const rows = telco.map((t) => {
      const start = addMonths(AS_OF, -t.tenure);
      return [t.customerID, t.customerID, t.Contract, start, t.Churn === 'Yes' ? addMonths(start, t.tenure) : '', 'monthly', t.MonthlyCharges].join(',');
    });
    tmp.file('subs.csv', ['subscription_id,customer_id,plan,started_at,ended_at,billing_period,recurring_charge', ...rows].join('\n') + '\n');
    const contracts = join(tmp.dir, 'contracts.duckdb');
    const imp = await runCli(['--db', contracts, 'import', 'subscriptions', at('subs.csv'), '--json']);
    expect(imp.code, imp.stderr).toBe(0);
    const bill = await runCli(['--db', contracts, 'subscriptions', 'bill', '--as-of', AS_OF, '--json']);
    expect(bill.code, bill.stderr).toBe(0);
    const r = JSON.parse(bill.stdout);
    expect(r.lines).toBe(billingLines);
    expect(r.recurringRevenue).toBeCloseTo(recurringRevenue, 4);
    ran.add('import');
    ran.add('subscriptions bill');
    // The telco-customers preset: the import and the subscriptions in one command, the same lines and revenue.
    const one = await runCli(['--db', join(tmp.dir, 'telco2.duckdb'), 'import', 'customers', file, '--preset', 'telco-customers', '--as-of', AS_OF, '--json']);
    expect(one.code, one.stderr).toBe(0);
    const both = JSON.parse(one.stdout);
    expect(both.imported).toBe(7043);
    expect(both.subscriptions).toMatchObject({ created: 7043, lines: billingLines });
    expect(both.subscriptions.recurringRevenue).toBeCloseTo(recurringRevenue, 4);
    const wrong = await runCli(['--db', join(tmp.dir, 'telco3.duckdb'), 'import', 'customers', file, '--as-of', AS_OF]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--as-of is for a preset that derives subscriptions/);
  }, 600_000);

  it('the dashboard and the API serve the telecom store', async () => {
    const add = spawn(process.execPath, [CLI, '--db', db, 'user', 'add', 'ana', '--role', 'analyst', '--password-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
    add.stdin.end('telecom-password-1\n');
    const [code] = await once(add, 'exit');
    expect(code).toBe(0);
    ran.add('user add');
    const { child, url } = await serveCli(['--db', db, 'serve', '--port', '0']);
    ran.add('serve');
    try {
      const login = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ana', password: 'telecom-password-1' }) });
      expect(login.status).toBe(200);
      const { token } = (await login.json()) as { token: string };
      const get = async (path: string) => {
        const res = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status, path).toBe(200);
        return res.json() as Promise<Record<string, unknown>>;
      };
      const page = await get('/api/customers?r=5&sort=profit&page=1');
      expect(Array.isArray(page.rows ?? page.customers ?? page.items)).toBe(true);
      const count = await get(`/api/segments/count?rule=${encodeURIComponent('attributes.Contract = "Two year"')}`);
      expect(JSON.stringify(count)).toContain(String(telco.filter((t) => t.Contract === 'Two year').length));
      const value = await get('/api/value');
      expect(value.recurring).toMatchObject({ lines: billingLines, customers: 7043 });
      const churn = await get('/api/churn');
      expect((churn.pAlive as { source: string }).source).toBe('learned');
      expect((await fetch(`${url}/`)).status).toBe(200);
    } finally {
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      await done;
    }
  }, 600_000);

  it('ran every command of the README’s "Using it" section', () => {
    // Commands about where the store lives, not about the data: tested with their engine.
    const elsewhere = (k: string) => /^cluster\b/.test(k); // copies a store to a ClickHouse cluster (src/engine/clickhouse)
    const keys = new Set(readmeCommands().map(keyOf).filter((k) => !elsewhere(k)));
    expect(keys.size).toBeGreaterThan(35);
    expect([...keys].filter((k) => !ran.has(k)).sort()).toEqual([]);
  });
});
