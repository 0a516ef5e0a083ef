// The token server's side of the inspector page, over real HTTP on loopback: GET / answers
// browsers with the page under a strict Content-Security-Policy and every other client with the
// JSON description as before; the page's files and the package's browser entry are served from
// the package itself, the .wasm byte for byte the installed one; `inspector: false` turns it off.
// (js-tests/browser/ drives the page in Chromium.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { createHandler, listen } from 'rtc-token/server/node';

const SECRET = 'inspector-server-test-secret-0123456789';
const packageDir = dirname(createRequire(import.meta.url).resolve('rtc-token/package.json'));
const HTML = { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
let server;
let base;

before(async () => {
  server = await listen(createHandler({ apiKey: 'inspector-key', secret: SECRET }), { port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});
after(() => server.close());

const get = (path, headers = {}, method = 'GET') => fetch(`${base}${path}`, { method, headers, signal: AbortSignal.timeout(5000) });

test('GET / to a browser: the page, under a strict Content-Security-Policy', async () => {
  const response = await get('/', HTML);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
  const csp = Object.fromEntries(
    response.headers.get('content-security-policy').split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values];
    }),
  );
  assert.deepEqual(csp['default-src'], ["'none'"]);
  // Scripts from this origin only, no 'unsafe-inline' or 'unsafe-eval': wasm compilation only.
  assert.deepEqual(csp['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(csp['connect-src'], ["'self'"]);
  assert.deepEqual(csp['form-action'], ["'none'"]);
  assert.deepEqual(csp['require-trusted-types-for'], ["'script'"]);
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
  assert.equal(response.headers.get('vary'), 'Accept, Origin');
  const html = await response.text();
  assert.match(html, /<script type="module" src="inspector\/main.mjs"><\/script>/);
  // No inline script, no inline style, nothing from another origin.
  assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/);
  assert.doesNotMatch(html, /\sstyle=|<style/);
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
});

test('GET / to anything else: the JSON description, as before the page existed', async () => {
  for (const headers of [{}, { Accept: '*/*' }, { Accept: 'application/json' }]) {
    const response = await get('/', headers);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal((await response.json()).service, 'rtc-token');
  }
});

test('the page\'s files and the HMAC-only browser entry come from the package, the .wasm byte for byte', async () => {
  const wasm = await get('/inspector/rtc-token/hmac/rtc_token_bg.wasm');
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.deepEqual(Buffer.from(await wasm.arrayBuffer()), readFileSync(join(packageDir, 'hmac/rtc_token_bg.wasm')));
  // The page needs only the HMAC-only core (its tokens are HS256): the full one is not embedded.
  assert.equal((await get('/inspector/rtc-token/rtc_token_bg.wasm')).status, 404);
  for (const name of ['entries/hmac/browser.mjs', 'api.mjs', 'boundary/cores.mjs', 'boundary/instantiate.mjs', 'errors.mjs', 'hmac/rtc_token_bg.js']) {
    const response = await get(`/inspector/rtc-token/${name}`);
    assert.equal(response.status, 200, name);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(await response.text(), readFileSync(join(packageDir, name), 'utf8'), `${name} is the package's own`);
  }
  for (const name of ['main.mjs', 'report.mjs', 'mint.mjs', 'view.mjs', 'when.mjs', 'inspector.css', 'favicon.svg']) {
    const response = await get(`/inspector/${name}`);
    assert.equal(response.status, 200, name);
    await response.arrayBuffer();
  }
  const head = await get('/inspector/main.mjs', {}, 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-type'), 'text/javascript; charset=utf-8');
});

test('an unknown page file is the server\'s JSON 404; POST to a page file is not served', async () => {
  const missing = await get('/inspector/nothing.mjs');
  assert.equal(missing.status, 404);
  assert.match((await missing.json()).error, /no route GET \/inspector\/nothing.mjs/);
  const post = await fetch(`${base}/inspector/main.mjs`, { method: 'POST', body: '{}' });
  assert.equal(post.status, 404);
  await post.text();
});

test('inspector: false serves no page', async () => {
  const off = await listen(createHandler({ apiKey: 'k', secret: SECRET, inspector: false }), { port: 0 });
  try {
    const page = await fetch(`http://127.0.0.1:${off.port}/`, { headers: HTML });
    assert.equal(page.headers.get('content-type'), 'application/json; charset=utf-8');
    await page.text();
    const file = await fetch(`http://127.0.0.1:${off.port}/inspector/main.mjs`);
    assert.equal(file.status, 404);
    await file.text();
  } finally {
    await off.close();
  }
});

test('the CommonJS build of the handler serves the same page (the assets module is loaded by import())', async () => {
  const { createHandler: createCjsHandler } = createRequire(import.meta.url)('rtc-token/server');
  const handler = createCjsHandler({ apiKey: 'k', secret: SECRET });
  const page = await handler(new Request('http://localhost/', { headers: HTML }));
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(await page.text(), /<title>rtc-token inspector<\/title>/);
  const wasm = await handler(new Request('http://localhost/inspector/rtc-token/hmac/rtc_token_bg.wasm'));
  assert.deepEqual(Buffer.from(await wasm.arrayBuffer()), readFileSync(join(packageDir, 'hmac/rtc_token_bg.wasm')));
});
