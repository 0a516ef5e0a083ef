// The package's `browser` entries in headless Chromium give the same sign, verify and decode
// results as Node: the runtime suite's one conformance body (js-tests/runtimes/conformance.mjs,
// expectations computed here by the real jsonwebtoken under a frozen clock) run in a page, over
// rtc-token/hmac's browser entry as the token server serves it from the package (the inspector's),
// and over the main entry's, served from the installed package directory.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { createHandler, listen } from 'rtc-token/server/node';
import { conformanceChecks, makeFixture } from '../runtimes/fixture.mjs';
import { openChromium } from './chromium.mjs';

const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');
const fixture = makeFixture(jsonwebtoken);
const packageDir = dirname(createRequire(import.meta.url).resolve('rtc-token/package.json'));
let server;
let browser;

before(async () => {
  server = await listen(createHandler({ apiKey: 'browser-entry-key', secret: 'browser-entry-server-secret' }), { port: 0 });
  browser = await openChromium(server.url);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [entry, url] of [
  ['rtc-token/hmac', '/inspector/rtc-token/entries/hmac/browser.mjs'],
  ['rtc-token', '/test-only/package/entries/browser.mjs'],
]) {
  test(`browser entry of ${entry}: the conformance body passes in Chromium, as in Node, Deno, Bun and workerd`, async () => {
    const { page } = browser;
    // The test's own modules, and the package's files for the main entry, served on the page's
    // origin by interception (never by the server).
    const modules = {
      '/test-only/conformance.mjs': readFileSync(new URL('../runtimes/conformance.mjs', import.meta.url), 'utf8'),
      '/test-only/fixture.mjs': `export default ${JSON.stringify(fixture)};\n`,
    };
    await page.route('**/test-only/**', (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path.startsWith('/test-only/package/')) {
        const file = path.slice('/test-only/package/'.length);
        const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8';
        return route.fulfill({ status: 200, contentType: type, body: readFileSync(join(packageDir, file)) });
      }
      return route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: modules[path] });
    });
    await page.goto(`${server.url}/`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
    const result = await page.evaluate(
      async ([entryUrl, entryName]) => {
        const api = await import(entryUrl);
        const { conformance } = await import('/test-only/conformance.mjs');
        const { default: data } = await import('/test-only/fixture.mjs');
        return conformance(api, data, entryName);
      },
      [url, entry],
    );
    await page.unroute('**/test-only/**');

    const failed = result.checks.filter((c) => !c.ok);
    for (const c of failed) console.log(`     ${c.name}: ${c.detail}`);
    assert.deepEqual(failed, []);
    assert.equal(result.checks.length, conformanceChecks(fixture, entry));
    // No node:crypto in a browser: the asymmetric signatures were made and checked in wasm.
    assert.deepEqual(result.host, { signed: 0, verified: 0, declined: 0 });
    const realNow = Date.now;
    Date.now = () => fixture.nowMs;
    let reference;
    try {
      reference = jsonwebtoken.sign(fixture.uuid.payload, fixture.secrets.text, { ...fixture.uuid.options, jwtid: result.minted.jwtid });
    } finally {
      Date.now = realNow;
    }
    assert.equal(result.minted.token, reference, 'the uuid-jwtid token differs from jsonwebtoken');
    // A browser has neither Node global: the row tests what its name says.
    assert.deepEqual(result.globals, { process: false, Buffer: false });
    console.log(`ok   Chromium, browser entry of ${entry}: ${result.checks.length}/${result.checks.length} checks`);
    assert.deepEqual(browser.foreign, []);
    assert.deepEqual(browser.problems, []);
  });
}
