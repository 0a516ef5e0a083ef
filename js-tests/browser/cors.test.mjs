// A web page on another origin cannot take a token from the token server; a page on an allowed
// origin can. Headless Chromium (Debian's) loads two pages from two loopback origins, each of
// which calls `rtc-token serve`'s GET /get-token the way any script on a visited site could.
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { serveFromEnv } from 'rtc-token/server/node';
import { CHROMIUM, FLAGS } from './chromium.mjs';

const SECRET = 'cors-test-secret-0123456789abcdef-0123';
let tokenServer;
let pages;
let context;
let profile;

let tokenUrl; // set once the token server listens; the pages read it per request

/** A page server on a free loopback port whose page fetches the token server and shows what it got. */
async function pageServer() {
  const server = http.createServer((req, res) => {
    const html = `<!doctype html><title>loading</title><script>
      fetch(${JSON.stringify(tokenUrl)}, { credentials: 'include' })
        .then((response) => response.json())
        .then((body) => { document.title = body.token ? 'token' : 'answer without token'; })
        .catch((error) => { document.title = 'blocked: ' + error.message; });
    </script>`;
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

before(async () => {
  pages = { app: await pageServer(), foreign: await pageServer() };
  // Real keys (not development mode, which allows every loopback origin), the app's origin listed.
  const env = { RTC_TOKEN_STATE: 'memory', VIDEOSDK_API_KEY: 'cors-test-key', VIDEOSDK_SECRET_KEY: SECRET, PORT: '0', CORS_ORIGINS: pages.app.origin };
  tokenServer = await serveFromEnv({ env, log: () => {} });
  tokenUrl = `http://127.0.0.1:${tokenServer.port}/get-token`;
  profile = mkdtempSync(join(tmpdir(), 'rtc-token-cors-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  for (const page of Object.values(pages ?? {})) page.server.close();
  await tokenServer?.close();
});

async function titleOf(origin) {
  const page = await context.newPage();
  try {
    await page.goto(origin);
    await page.waitForFunction(() => document.title !== 'loading', null, { timeout: 10_000 });
    return await page.title();
  } finally {
    await page.close();
  }
}

test('a page on a foreign origin cannot read a token; the allowed origin can', async () => {
  assert.equal(await titleOf(pages.foreign.origin), 'blocked: Failed to fetch');
  assert.equal(await titleOf(pages.app.origin), 'token');
});
