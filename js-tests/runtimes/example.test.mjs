// The README's Cloudflare Worker (examples/cloudflare-worker/src/index.js), installed against the
// packed tarball, bundled as wrangler does and served by workerd with its secrets as bindings:
// each request gets a fresh token that the real jsonwebtoken verifies.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { bundledWorker, serveWorker, workerdBuildDate } from './workerd.mjs';

const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');
const secrets = { VIDEOSDK_API_KEY: 'example-api-key', VIDEOSDK_SECRET_KEY: 'example secret, test only' };
const example = bundledWorker('example', '../../examples/cloudflare-worker/src/index.js');

async function withWorker(compatibilityDate, bindings, fn) {
  const worker = await serveWorker({ modules: example.modules, dir: example.project.dir, compatibilityDate, bindings });
  try {
    return await fn(worker.url);
  } finally {
    await worker.stop();
  }
}

for (const date of ['2024-09-23', workerdBuildDate()]) {
  test(`the example Worker mints a token per request (workerd ${date})`, async () => {
    await withWorker(date, secrets, async (url) => {
      const mint = async () => {
        const response = await fetch(`${url}token?roomId=2kyv-gzay-64pg&participantId=lxvdplwt`);
        assert.equal(response.status, 200);
        return (await response.json()).token;
      };
      const [first, second] = [await mint(), await mint()];
      const claims = jsonwebtoken.verify(first, secrets.VIDEOSDK_SECRET_KEY, { algorithms: ['HS256'] });
      const { iat, exp, jti, ...rest } = claims;
      assert.deepEqual(rest, {
        apikey: secrets.VIDEOSDK_API_KEY,
        permissions: ['allow_join'],
        version: 2,
        roomId: '2kyv-gzay-64pg',
        participantId: 'lxvdplwt',
        roles: ['rtc'],
      });
      assert.equal(exp - iat, 120 * 60);
      assert.ok(Math.abs(iat - Date.now() / 1000) < 60, `iat ${iat} is not now`);
      assert.match(jti, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.notEqual(jsonwebtoken.decode(second).jti, jti, 'each request draws its own jwtid');
      // The same claims through jsonwebtoken give the same bytes.
      assert.equal(jsonwebtoken.sign(claims, secrets.VIDEOSDK_SECRET_KEY, { algorithm: 'HS256' }), first);

      const other = await fetch(`${url}elsewhere`);
      assert.equal(other.status, 404);
      await other.text();
    });
  });
}

test('the example Worker without its secret answers 500 with jsonwebtoken\'s message', async () => {
  await withWorker('2024-09-23', { VIDEOSDK_API_KEY: secrets.VIDEOSDK_API_KEY }, async (url) => {
    const response = await fetch(`${url}token`);
    assert.equal(response.status, 500);
    let expected;
    try {
      jsonwebtoken.sign({ apikey: 'k' }, undefined, { algorithm: 'HS256' });
    } catch (error) {
      expected = error.message;
    }
    assert.deepEqual(await response.json(), { error: expected });
  });
});
