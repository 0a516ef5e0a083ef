// The key-material differential test (issue 17, item 4) in headless Chromium: the runtime-neutral
// body (js-tests/keys/body.mjs) over the package's `browser` entry, served with the fixture from a
// loopback server of this test's own (no node:crypto in a page: every key is read and every
// signature made in wasm). The rule of the wasm-only runtimes (js-tests/keys/judge.mjs):
// jsonwebtoken's outcome or a refusal, never a payload or token where jsonwebtoken throws, never
// another deterministic token; zero forgeries. The other runtimes' rows: runtimes/key-material.test.mjs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, extname, join, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { buildCorpus } from '../keys/corpus.mjs';
import { judgeKeyMaterial, makeKeyMaterialFixture, rowReport } from '../keys/fixture.mjs';
import { openChromium } from './chromium.mjs';

const require = createRequire(import.meta.url);
const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');
const packageDir = dirname(require.resolve('rtc-token/package.json'));
const fixture = makeKeyMaterialFixture(jsonwebtoken, buildCorpus());
const TYPES = { '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };
let server;
let origin;
let browser;

/** `/` an empty page, `/test/…` the body and the fixture, `/package/…` the installed package's files. */
function serve(request, response) {
  const path = new URL(request.url, origin).pathname;
  const send = (status, type, body) => response.writeHead(status, { 'content-type': type }).end(body);
  if (path === '/') return send(200, 'text/html; charset=utf-8', '<!doctype html><title>key material</title>');
  if (path === '/test/body.mjs') return send(200, TYPES['.mjs'], readFileSync(new URL('../keys/body.mjs', import.meta.url)));
  if (path === '/test/key-material.data.mjs') return send(200, TYPES['.mjs'], `export default ${JSON.stringify(fixture.data)};\n`);
  const file = join(packageDir, decodeURIComponent(path.slice('/package/'.length)));
  if (!path.startsWith('/package/') || !file.startsWith(packageDir + sep) || !TYPES[extname(file)]) return send(404, 'text/plain', 'not here');
  return send(200, TYPES[extname(file)], readFileSync(file));
}

before(async () => {
  server = createServer(serve);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await openChromium(origin);
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

test("key material in Chromium (browser entry, wasm only): jsonwebtoken's outcome or a refusal, zero forgeries", async (t) => {
  const { page } = browser;
  const started = performance.now();
  await page.goto(`${origin}/`);
  const result = await page.evaluate(async () => {
    const api = await import('/package/entries/browser.mjs');
    const { runKeyMaterial } = await import('/test/body.mjs');
    const { default: data } = await import('/test/key-material.data.mjs');
    return runKeyMaterial(api, data);
  });
  assert.equal(result.outcomes.length, fixture.cases.length, 'the body ran a different number of cases');
  const tally = judgeKeyMaterial(fixture, result, { label: 'Chromium', relaxed: true, jwt: jsonwebtoken });
  console.log(rowReport('Chromium, browser entry', tally, result.count).join('\n'));
  t.diagnostic(`Chromium: ${result.count} cases in ${Math.round(performance.now() - started)} ms`);
  assert.equal(tally.forgeriesAccepted, 0, `${tally.forgeriesAccepted} forged tokens accepted (listed above)`);
  assert.equal(tally.mismatches.length, 0, `${tally.mismatches.length} outcomes differ from jsonwebtoken's (listed above)`);
  // Everything came from this test's server; nothing went wrong in the page.
  assert.ok(browser.requests.some((r) => r.url.endsWith('/package/rtc_token_bg.wasm')), 'the full core was fetched');
  assert.deepEqual(browser.foreign, []);
  assert.deepEqual(browser.problems, []);
});
