import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../data/import.js';
import { sharedData } from '../test-support/shared-data.js';
import { tempStore } from '../test-support/temp.js';
import { normalizeValueConfig } from '../value/index.js';
import { campaignExport, loadLeadContacts } from './contacts.js';
import { LOOKALIKE_EXTRA_HEADERS, findLookalikes, lookalikeItems } from './lookalike.js';

const config = normalizeValueConfig({});

/**
 * Eleven customers. c1 and c2 buy most often and last (RFM Champions: r = 5, f = 5); c3, c4 four times long ago;
 * c5–c10 once or twice; c11 never. Industry: c1, c2, c3 and c11 retail, the others bank. Everyone is a clerk (one
 * value: no information). Leads: L1 retail, L2 bank, L3 nothing known, L4 retail but already won (not open);
 * their `job` is the customers' occupation.
 * With best = Champions: industry known for 2 best and 9 others, π = 2/11; retail has 2 best of 4, bank 0 of 7.
 *   P(best | retail) = (2 + 10·2/11) / (4 + 10) = 3/11,  P(best | bank) = (0 + 20/11) / (7 + 10) = 20/187,
 * and a profile's similarity is σ(logit(2/11) + w) = that shrunk share, since w = logit(P(best | v)) − logit(2/11).
 */
let store: Awaited<ReturnType<typeof tempStore>>;
beforeAll(async () => {
  store = await tempStore();
  const f = store.dir.file;
  const ids = Array.from({ length: 11 }, (_, i) => `c${i + 1}`);
  const industry = (id: string) => (['c1', 'c2', 'c3', 'c11'].includes(id) ? 'Retail' : 'bank');
  await importFiles(store.engine, { entity: 'customers', files: [f('c.csv', ['customer_id,industry,occupation,opt_out', ...ids.map((id) => `${id},${industry(id)},clerk,${id === 'c11'}`)].join('\n') + '\n')] });
  const orders = ['order_id,customer_id,ordered_at,quantity,unit_price'];
  let n = 0;
  const buy = (c: string, days: string[]) => days.forEach((d) => orders.push(`O${++n},${c},${d},1,10`));
  for (const c of ['c1', 'c2']) buy(c, ['2024-01-10', '2024-02-10', '2024-03-10', '2024-05-10', '2024-06-30']);
  for (const c of ['c3', 'c4']) buy(c, ['2024-01-05', '2024-01-20', '2024-02-05', '2024-02-20']);
  for (const [i, c] of ['c5', 'c6', 'c7', 'c8', 'c9', 'c10'].entries()) buy(c, i % 2 ? ['2024-01-02'] : ['2024-01-03', '2024-04-01']);
  await importFiles(store.engine, { entity: 'orders', files: [f('o.csv', orders.join('\n') + '\n')] });
  await importFiles(store.engine, {
    entity: 'leads',
    files: [f('l.csv', 'lead_id,name,email,industry,job,outcome,opt_out\nL1,One,one@example.com,retail,clerk,,no\nL2,Two,two@example.com,Bank,clerk,,yes\nL3,Three,,,,,\nL4,Four,,Retail,clerk,true,\n')],
  });
});
afterAll(async () => store.close());

describe('findLookalikes on hand-built customers and leads', () => {
  it('scores the open leads by the Champions’ industry, matching job to occupation', async () => {
    const r = await findLookalikes(store.engine, config, { best: 'champions' });
    expect(r.among).toBe('leads');
    expect(r.best).toEqual({ definition: 'champions', customers: 2, widened: false });
    expect(r.customers).toBe(11);
    expect(r.notes).toContain('the leads carry occupation, industry of the compared attributes; the others are left out');
    expect(r.attributes.map((a) => a.name)).toEqual(['industry']);
    expect(r.lookalikes.map((l) => l.id)).toEqual(['L1', 'L3', 'L2']);
    const [l1, l3, l2] = r.lookalikes;
    expect(l1.similarity).toBeCloseTo(3 / 11, 12);
    expect(l1.lift).toBeCloseTo(3 / 11 / (2 / 11), 12);
    expect(l3.similarity).toBeCloseTo(2 / 11, 12);
    expect(l2.similarity).toBeCloseTo(20 / 187, 12);
    expect(l1.drivers.map((d) => [d.feature, d.level])).toEqual([['industry', 'Retail']]); // as the customers wrote it
    expect(l1.drivers[0].weight).toBeCloseTo(Math.log(3 / 8) - Math.log(2 / 9), 12);
    expect(l2.drivers).toEqual([]);
    expect(l2.against.map((d) => [d.level, Number(d.weight.toFixed(12))])).toEqual([['bank', Number((Math.log(20 / 167) - Math.log(2 / 9)).toFixed(12))]]);
  });

  it('scores customers who never bought, and other customers, never the best ones', async () => {
    const nb = await findLookalikes(store.engine, config, { best: 'champions', among: 'non-buyers' });
    expect(nb.lookalikes.map((l) => [l.id, l.segment])).toEqual([['c11', 'No Purchase']]);
    expect(nb.lookalikes[0].similarity).toBeCloseTo(3 / 11, 12);
    const others = await findLookalikes(store.engine, config, { best: 'champions', among: 'customers' });
    expect(others.lookalikes.some((l) => l.id === 'c1' || l.id === 'c2')).toBe(false);
  });

  it('exports lead lookalikes with contact fields, leaving out the lead who opted out', async () => {
    const r = await findLookalikes(store.engine, config, { best: 'champions' });
    const x = campaignExport(lookalikeItems(r), await loadLeadContacts(store.engine), LOOKALIKE_EXTRA_HEADERS, 'leads');
    expect(x.headers).toEqual(['lead_id', 'name', 'email', 'phone', 'company', 'reason', 'offer', 'similarity', 'lift', 'rank', 'drivers', 'against']);
    expect(x.rows.map((row) => [row[0], row[1], row[5], row[9]])).toEqual([
      ['L1', 'One', 'looks like your best customers: industry = Retail +0.52', 1],
      ['L3', 'Three', 'no attribute in common with the best customers', 2],
    ]);
    expect(x.optedOut).toBe(1);
  });

  it('says when there are too few best customers', async () => {
    await expect(findLookalikes(store.engine, config, { best: 'champions', asOf: '2024-01-04' })).rejects.toThrow(/best customers/);
  });
});

describe('lookalikes on Customer Personality (marketing_campaign.csv)', () => {
  let cp: Awaited<ReturnType<typeof tempStore>>;
  beforeAll(async () => {
    cp = await tempStore();
    const file = sharedData('customer_personality', 'marketing_campaign.csv');
    await importFiles(cp.engine, { entity: 'customers', files: [file], preset: 'customer-personality' });
    await importFiles(cp.engine, { entity: 'orders', files: [file], preset: 'customer-personality-spend' });
  });
  afterAll(async () => cp.close());

  it('finds income and children at home driving similarity to tier IV Champions, checked on held-out customers', async () => {
    const r = await findLookalikes(cp.engine, config, { addAttributes: ['Kidhome', 'Teenhome'] });
    console.log(`customer_personality lookalikes: ${r.best.customers} best of ${r.customers}, held-out AUC ${r.check?.auc.toFixed(3)}, top attributes ${r.attributes.slice(0, 3).map((a) => `${a.name} (IV ${a.iv.toFixed(2)})`).join(', ')}`);
    expect(r.among).toBe('customers');
    expect(r.best.definition).toBe('both');
    expect(r.attributes.slice(0, 2).map((a) => a.name)).toEqual(['income', 'Kidhome']);
    expect(r.check!.auc).toBeGreaterThan(0.7);
    // Candidates are neither tier IV nor Champions, best first.
    expect(r.lookalikes.length).toBe(r.candidates);
    for (let i = 1; i < r.lookalikes.length; i++) expect(r.lookalikes[i].similarity).toBeLessThanOrEqual(r.lookalikes[i - 1].similarity);
  });
});
