// The package's `browser` entry in headless Chromium gives the same sign, verify and decode
// results as Node: the runtime suite's one conformance body (js-tests/runtimes/conformance.mjs,
// expectations computed here by the real jsonwebtoken under a frozen clock) run in a page, over
// the browser entry the token server serves from the package.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { createHandler, listen } from 'rtc-token/server/node';
import { conformanceChecks, makeFixture } from '../runtimes/fixture.mjs';
import { openChromium } from './chromium.mjs';

const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');
const fixture = makeFixture(jsonwebtoken);
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

test('browser entry: the conformance body passes in Chromium, as in Node, Deno, Bun and workerd', async () => {
  const { page } = browser;
  // The test's own modules, served on the page's origin by interception (never by the server).
  const modules = {
    '/test-only/conformance.mjs': readFileSync(new URL('../runtimes/conformance.mjs', import.meta.url), 'utf8'),
    '/test-only/fixture.mjs': `export default ${JSON.stringify(fixture)};\n`,
  };
  await page.route('**/test-only/*', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: modules[new URL(route.request().url()).pathname] }),
  );
  await page.goto(`${server.url}/`);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });
  const result = await page.evaluate(async () => {
    const api = await import('/inspector/rtc-token/browser.mjs');
    const { conformance } = await import('/test-only/conformance.mjs');
    const { default: data } = await import('/test-only/fixture.mjs');
    return conformance(api, data);
  });

  const failed = result.checks.filter((c) => !c.ok);
  for (const c of failed) console.log(`     ${c.name}: ${c.detail}`);
  assert.deepEqual(failed, []);
  assert.equal(result.checks.length, conformanceChecks(fixture));
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
  console.log(`ok   Chromium, browser entry: ${result.checks.length}/${result.checks.length} checks`);
  assert.deepEqual(browser.foreign, []);
  assert.deepEqual(browser.problems, []);
});
