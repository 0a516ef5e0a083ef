// The inspector page from the Worker form of the token server: the README's Worker installed
// against the packed tarball, bundled as wrangler does, served by workerd on loopback, opened in
// headless Chromium. The page, its scripts and the .wasm all come from the Worker.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freshProject } from '../runtimes/project.mjs';
import { bundleWorker, serveWorker } from '../runtimes/workerd.mjs';
import { openChromium } from './chromium.mjs';

const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');
const SECRETS = { VIDEOSDK_API_KEY: 'worker-inspector-key', VIDEOSDK_SECRET_KEY: 'worker-inspector-secret, test only' };
const PAGE_SECRET = 'typed-into-the-page-served-by-workerd';
let project;
let worker;
let browser;

before(async () => {
  project = freshProject('inspector-worker', ['../browser/worker-entry.mjs']);
  const modules = await bundleWorker(join(project.dir, 'worker-entry.mjs'), project.dir);
  // The old compatibility date: what works only on new dates fails for many deployed Workers.
  worker = await serveWorker({ modules, dir: project.dir, compatibilityDate: '2024-09-23', bindings: SECRETS });
  browser = await openChromium(new URL(worker.url).origin);
});

after(async () => {
  await browser?.close();
  await worker?.stop();
  project?.remove();
});

test('the Worker form serves the page; it loads the wasm and decodes and verifies a token', async () => {
  const { page } = browser;
  const response = await page.goto(worker.url);
  assert.equal(response.status(), 200, worker.stderr());
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 15_000 });

  const claims = { apikey: SECRETS.VIDEOSDK_API_KEY, permissions: ['ask_join'], version: 2, roomId: 'abcd-efgh-ijkl' };
  const token = jsonwebtoken.sign(claims, PAGE_SECRET, { expiresIn: '1h' });
  await page.fill('#token', token);
  assert.equal(await page.textContent('#claims'), JSON.stringify(jsonwebtoken.decode(token), null, 2));
  assert.equal(await page.textContent('#verdict-headline'), 'Signature not checked: enter the secret to verify it.');
  await page.fill('#secret', PAGE_SECRET);
  assert.equal(await page.textContent('#verdict-headline'), 'Valid: the signature matches the secret and the room-side check accepts it');
  assert.equal(await page.textContent('#verdict-details li'), 'Presented to a room: asks to join.');
  await browser.screenshot(page, '12-worker');

  const paths = new Set(browser.requests.map((r) => new URL(r.url).pathname));
  assert.ok(paths.has('/inspector/rtc-token/hmac/rtc_token_bg.wasm'), 'the .wasm came from the Worker');
  assert.deepEqual(browser.foreign, []);
  for (const request of browser.requests) assert.ok(!request.url.includes(PAGE_SECRET) && !JSON.stringify(request.headers).includes(PAGE_SECRET));
  assert.deepEqual(browser.problems, []);
});
