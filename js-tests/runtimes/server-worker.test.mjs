// The token server's fetch handler served by workerd (bundled as wrangler bundles it), over real
// HTTP on loopback: the same routes, answers and refusals as through the node:http adapter
// (js-tests/server.test.mjs), at an old and a current compatibility date.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { freshProject } from './project.mjs';
import { bundleWorker, serveWorker, workerdBuildDate } from './workerd.mjs';

const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');
const bindings = { VIDEOSDK_API_KEY: 'worker-api-key', VIDEOSDK_SECRET_KEY: 'worker secret, test only' };
let project;
let modules;

before(async () => {
  project = freshProject('server-worker', ['entries/server-worker.mjs']);
  modules = await bundleWorker(join(project.dir, 'server-worker.mjs'), project.dir);
});

after(() => project?.remove());

const post = (url, body) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

for (const date of ['2024-09-23', workerdBuildDate()]) {
  test(`the token server's fetch handler in workerd (${date})`, async () => {
    const worker = await serveWorker({ modules, dir: project.dir, compatibilityDate: date, bindings });
    try {
      const base = worker.url;
      const minted = await fetch(`${base}get-token?roomId=2kyv-gzay-64pg&participantId=lxvdplwt&role=rtc`);
      assert.equal(minted.status, 200);
      const { token } = await minted.json();
      const { iat, exp, ...claims } = jsonwebtoken.verify(token, bindings.VIDEOSDK_SECRET_KEY, { algorithms: ['HS256'] });
      assert.deepEqual(claims, {
        apikey: bindings.VIDEOSDK_API_KEY,
        permissions: ['allow_join'],
        version: 2,
        roomId: '2kyv-gzay-64pg',
        participantId: 'lxvdplwt',
        roles: ['rtc'],
      });
      assert.equal(exp - iat, 120 * 60);

      // create → validate with an API token (an rtc-role token is for rooms, not the API).
      const apiToken = (await (await fetch(`${base}get-token`)).json()).token;
      const created = await post(`${base}create-meeting`, { token: apiToken });
      assert.equal(created.status, 200);
      const { meetingId } = await created.json();
      assert.match(meetingId, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
      const validated = await post(`${base}validate-meeting/${meetingId}`, { token: apiToken });
      assert.equal(validated.status, 200);
      assert.deepEqual(await validated.json(), { meetingId, valid: true });

      // Refusals: an expired token, a foreign signature, bad JSON, a missing route and method.
      const expired = jsonwebtoken.sign({ apikey: bindings.VIDEOSDK_API_KEY, permissions: ['allow_join'], exp: 1 }, bindings.VIDEOSDK_SECRET_KEY);
      const refused = await post(`${base}validate-meeting/${meetingId}`, { token: expired });
      assert.equal(refused.status, 401);
      assert.equal((await refused.json()).error, 'Token is invalid or expired');
      const forged = jsonwebtoken.sign({ apikey: bindings.VIDEOSDK_API_KEY, permissions: ['allow_join'] }, 'another secret');
      const forgedAnswer = await post(`${base}create-meeting`, { token: forged });
      assert.equal(forgedAnswer.status, 401);
      await forgedAnswer.text();
      for (const [response, status] of [
        [await post(`${base}create-meeting`, '{not json'), 400],
        [await post(`${base}create-meeting`, {}), 400],
        [await fetch(`${base}nowhere`), 404],
        [await fetch(`${base}create-meeting`), 405],
      ]) {
        assert.equal(response.status, status);
        const body = await response.text();
        assert.ok(!body.includes(bindings.VIDEOSDK_SECRET_KEY), 'no secret in a response');
        assert.equal(typeof JSON.parse(body).error, 'string');
      }
    } finally {
      await worker.stop();
    }
  });
}
