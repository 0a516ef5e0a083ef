// Debian's Chromium, headless, driven by playwright-core (which downloads no browser): a fresh
// profile per run, and a record of everything the page does that the tests assert about —
// every request (with its headers and body), console errors and warnings, uncaught exceptions.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** The browser binary: Debian's `chromium` package (scripts/toolchain.sh installs it). */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags the issue names: nothing phones home, no first-run UI, no GPU. */
export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where screenshots of each state go, for a human to look at (not committed). */
export const SCREENSHOTS = fileURLToPath(new URL('../../target/screenshots/', import.meta.url));

/**
 * Starts Chromium with a fresh user-data-dir, the clock's zone and locale pinned (UTC, en-US) so
 * the page's local dates can be compared with Node's. Every request any page makes is recorded
 * and, if it leaves `origin`, aborted (request interception).
 *
 * @param {string} origin the only origin pages may load from, e.g. "http://localhost:9000"
 * @returns {Promise<{ context, page, requests: object[], foreign: string[], problems: string[], screenshot(page, name): Promise<void>, close(): Promise<void> }>}
 */
export async function openChromium(origin) {
  const profile = mkdtempSync(join(tmpdir(), 'rtc-token-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    timezoneId: 'UTC',
    locale: 'en-US',
    viewport: { width: 1100, height: 900 },
  });
  const requests = [];
  const foreign = [];
  const problems = [];
  await context.route('**/*', async (route) => {
    const request = route.request();
    requests.push({ url: request.url(), method: request.method(), headers: await request.allHeaders(), body: request.postData() ?? '' });
    if (new URL(request.url()).origin !== origin) {
      foreign.push(request.url());
      return route.abort('blockedbyclient');
    }
    return route.fallback();
  });
  const watch = (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    requests,
    foreign,
    problems,
    screenshot: (which, name) => which.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
