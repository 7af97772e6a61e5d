import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoFiles } from '../cli/commands/demo.js';
import { generateDemo, type DemoFiles } from '../demo/index.js';
import { readCsvRecords } from '../test-support/csv.js';
import { tempStore } from '../test-support/temp.js';
import { computeValue, normalizeValueConfig } from '../value/index.js';
import { accountContacts, accountsReport } from './accounts.js';

let store: Awaited<ReturnType<typeof tempStore>>;
let files: DemoFiles;
beforeAll(async () => {
  store = await tempStore();
  files = (await generateDemo({ customers: 2000, seed: 6, outDir: join(store.dir.dir, 'demo') })).files;
  await importDemoFiles(store.engine, files);
  await computeValue(store.engine, { config: normalizeValueConfig({}) });
}, 120_000);
afterAll(async () => store.close());

describe('who decides at company accounts, on the demo company', () => {
  it('counts accounts, contacts and missing decision makers as the files say', async () => {
    const r = await accountsReport(store.engine, 10_000);
    const orgs = new Set(readCsvRecords(files.customers).filter((c) => c.type === 'company' || c.type === 'government').map((c) => c.customer_id));
    const buyers = new Set(readCsvRecords(files.orders).filter((l) => l.kind === 'sale').map((l) => l.customer_id));
    const accounts = [...orgs].filter((id) => buyers.has(id));
    const contacts = readCsvRecords(files.contacts);
    const dm = new Set(contacts.filter((c) => c.role === 'decision maker').map((c) => c.customer_id));
    expect(r.accounts).toBe(accounts.length);
    expect(r.withContacts).toBe(accounts.filter((id) => contacts.some((c) => c.customer_id === id)).length);
    expect(r.withoutDecisionMaker).toBe(accounts.filter((id) => !dm.has(id)).length);
    expect(r.withoutDecisionMaker).toBeGreaterThan(0);
    expect(r.flagged.every((f) => !dm.has(f.customerId))).toBe(true);
    const profits = r.flagged.map((f) => f.profit);
    expect(profits).toEqual([...profits].sort((a, b) => b - a));
    const one = r.flagged[0].customerId;
    expect((await accountContacts(store.engine, one)).map((c) => c.name).sort()).toEqual(contacts.filter((c) => c.customer_id === one).map((c) => c.name).sort());
  });
});
