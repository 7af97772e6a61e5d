/**
 * Debian's Chromium for the browser tests, driven by playwright-core: headless, no sandbox (tests run as root in
 * CI), no network of its own (no QUIC, background fetches, component updates or sync), and a fresh profile
 * folder each time, removed on close.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM } from '../report/browser.js';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] as const;

export async function launchChromium(o: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'clientele-chromium-'));
  try {
    // launchPersistentContext is how Playwright takes a --user-data-dir of our own.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: o.viewport ?? { width: 1440, height: 900 },
      locale: o.locale ?? 'en-US',
      acceptDownloads: true,
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
