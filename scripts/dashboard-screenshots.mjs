#!/usr/bin/env node
/**
 * Screenshots of the dashboard's main pages in English and Chinese, for the docs, taken with Debian's Chromium
 * (scripts/install-system-deps.sh) from a running `clientele serve`:
 *
 *   node bin/clientele.js demo
 *   printf 'demo-password\n' | node bin/clientele.js user add admin --role admin --password-stdin
 *   node bin/clientele.js serve --port 8080 &
 *   CLIENTELE_PASSWORD=demo-password node scripts/dashboard-screenshots.mjs --url http://127.0.0.1:8080 --user admin --out docs
 *
 * Writes OUT/dashboard-PAGE.png (English) and OUT/dashboard-PAGE-zh-CN.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: o } = parseArgs({ options: { url: { type: 'string', default: 'http://127.0.0.1:8080' }, user: { type: 'string', default: 'admin' }, out: { type: 'string', default: 'docs' } } });
const password = process.env.CLIENTELE_PASSWORD;
if (!password) {
  console.error('dashboard-screenshots: set CLIENTELE_PASSWORD to the password of --user');
  process.exit(2);
}
const out = resolve(o.out);
mkdirSync(out, { recursive: true });

const PAGES = [
  ['overview', '#/overview'],
  ['rfm', '#/rfm?r=2&f=4'],
  ['matrices', '#/matrices?m=currentLongTerm&cell=II'],
  ['customer', null],
  ['segments', '#/segments'],
  ['targets', '#/targets'],
  ['allocation', '#/allocation'],
  ['churn', '#/churn'],
  ['import', '#/import'],
];

const profile = mkdtempSync(join(tmpdir(), 'clientele-shots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1440, height: 900 },
});
// A function, not a string: the page's Content-Security-Policy forbids eval.
const settled = (page) => page.waitForFunction(() => !document.querySelector('.state.loading, [data-loading="true"], [data-state="counting"]'));
try {
  for (const lang of ['en', 'zh-CN']) {
    const page = await context.newPage();
    await page.goto(o.url);
    await page.evaluate(`localStorage.setItem('clientele.lang', ${JSON.stringify(lang)})`);
    await page.reload();
    await page.fill('input[name=name]', o.user);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-testid=role]');
    for (const [name, hash] of PAGES) {
      let h = hash;
      if (h === null) {
        // The most profitable customer.
        await page.evaluate(`window.location.hash = '#/customers'`);
        await page.waitForSelector('[data-testid=customer-table] tbody tr');
        h = `#/customer/${encodeURIComponent((await page.textContent('[data-testid=customer-table] tbody tr td a')).trim())}`;
      }
      await page.evaluate(`window.location.hash = ${JSON.stringify(h)}`);
      await settled(page);
      if (name === 'segments') {
        // The text fills the point-and-click builder too: a nested "any of" group inside "all of".
        await page.fill('[data-testid=rule-input]', 'rfm.segment in ("At Risk", "Can\'t Lose") and (profit > 100 or value.quadrant = "IV")');
        await page.waitForSelector('[data-testid=live-count][data-state=ok]');
        await page.waitForSelector('[data-condition="1.1"] [data-suggestion]');
        await settled(page);
      }
      const file = join(out, `dashboard-${name}${lang === 'en' ? '' : '-' + lang}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
