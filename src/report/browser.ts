import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ClienteleError } from '../errors.js';

export interface BrowserPage {
  readonly page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium; the project installs it with scripts/install-system-deps.sh (no browser download). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Opens a URL (file:// or http://) in headless Chromium, with a closed network: nothing leaves the machine. */
export async function openInBrowser(url: string, viewport = { width: 1280, height: 900 }): Promise<BrowserPage> {
  if (!existsSync(CHROMIUM)) throw new ClienteleError(`Chromium is not installed at ${CHROMIUM}`, 'run: bash scripts/install-system-deps.sh (as root), or set CHROMIUM_PATH');
  // Playwright gives the browser a fresh temporary profile of its own.
  let browser: Browser | undefined;
  try {
    // Loaded here, not at start-up: playwright-core alone costs 0.4 s of CPU.
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport });
    await page.goto(url, { waitUntil: 'load' });
    const b = browser;
    return {
      page,
      close: async () => {
        await b.close();
      },
    };
  } catch (e) {
    await browser?.close();
    throw e;
  }
}
