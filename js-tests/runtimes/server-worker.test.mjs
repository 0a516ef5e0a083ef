// The token server's fetch handler served by workerd (bundled as wrangler bundles it), over real
// HTTP on loopback: the same routes, answers and refusals as through the node:http adapter
// (js-tests/server.test.mjs), at an old and a current compatibility date; and docs/SERVER.md's
// Worker (its block marked `example server-worker`), as written.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { example } from '../docs-examples.mjs';
import { bundledWorker, bundleWorker, serveWorker, workerdBuildDate } from './workerd.mjs';

const jsonwebtoken = createRequire(new URL('../package.json', import.meta.url))('jsonwebtoken');
const CALLER_KEY = 'worker-caller-key-0123456789abcdef-0123';
const keys = { VIDEOSDK_API_KEY: 'worker-api-key', VIDEOSDK_SECRET_KEY: 'worker secret, test only, 32 bytes+' };
// The Worker as a deployment configures it: anyone may get a participant token, a backend more.
const bindings = { ...keys, RTC_TOKEN_OPEN: 'participant', RTC_TOKEN_CALLER_KEYS: `backend:${CALLER_KEY}`, CORS_ORIGINS: 'https://app.example' };
const server = bundledWorker('server-worker', 'entries/server-worker.mjs');

const post = (url, body) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const claimsOf = (token) => {
  const { iat, exp, jti, ...claims } = jsonwebtoken.verify(token, keys.VIDEOSDK_SECRET_KEY, { algorithms: ['HS256'] });
  assert.match(jti, /^[0-9a-f-]{36}$/);
  return { claims, ttl: exp - iat };
};

for (const date of ['2024-09-23', workerdBuildDate()]) {
  test(`the token server's fetch handler in workerd (${date})`, async () => {
    const worker = await serveWorker({ modules: server.modules, dir: server.project.dir, compatibilityDate: date, bindings });
    try {
      const base = worker.url;
      // The VideoSDK sample client's calls: a token scoped with roomId and peerId, then rooms.
      const minted = await fetch(`${base}get-token?roomId=2kyv-gzay-64pg&peerId=lxvdplwt`);
      assert.equal(minted.status, 200);
      assert.equal(minted.headers.get('cache-control'), 'no-store');
      assert.equal(minted.headers.get('x-content-type-options'), 'nosniff');
      const { token } = await minted.json();
      assert.deepEqual(claimsOf(token), {
        claims: { apikey: keys.VIDEOSDK_API_KEY, permissions: ['allow_join'], version: 2, roomId: '2kyv-gzay-64pg', participantId: 'lxvdplwt', roles: ['rtc'] },
        ttl: 120 * 60,
      });
      const participant = (await (await fetch(`${base}get-token`)).json()).token;
      const created = await post(`${base}create-meeting/`, { token: participant, region: 'sg001' });
      assert.equal(created.status, 200);
      const { roomId, meetingId } = await created.json();
      assert.match(roomId, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
      assert.equal(meetingId, roomId);
      const validated = await post(`${base}validate-meeting/${roomId}/`, { token: participant });
      assert.equal(validated.status, 200);
      const room = await validated.json();
      assert.deepEqual([room.roomId, room.valid], [roomId, true]);

      // The policy: anonymous asks beyond the participant grant, and lifetimes over the cap.
      for (const [query, status] of [['permissions=allow_mod', 403], ['role=crawler', 403], ['ttl=100y', 400], ['ttl=99999999999999999999999', 400]]) {
        const answer = await fetch(`${base}get-token?${query}`);
        assert.equal(answer.status, status, query);
        assert.equal((await answer.json()).token, undefined);
      }
      const server = await fetch(`${base}get-token?role=crawler&permissions=allow_join,allow_mod`, { headers: { Authorization: `Bearer ${CALLER_KEY}` } });
      assert.deepEqual(claimsOf((await server.json()).token).claims.roles, ['crawler']);
      assert.equal((await fetch(`${base}get-token`, { headers: { Authorization: 'Bearer not-the-key' } })).status, 401);
      // Browsers: the app's origin is reflected, any other page gets no token.
      const allowed = await fetch(`${base}get-token`, { headers: { Origin: 'https://app.example' } });
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example');
      await allowed.text();
      const foreign = await fetch(`${base}get-token`, { headers: { Origin: 'https://evil.example' } });
      assert.deepEqual([foreign.status, foreign.headers.get('access-control-allow-origin')], [403, null]);
      await foreign.text();

      // Refusals: an expired token, a foreign signature, bad JSON, a missing route and method.
      const expired = jsonwebtoken.sign({ apikey: keys.VIDEOSDK_API_KEY, permissions: ['allow_join'], exp: 1 }, keys.VIDEOSDK_SECRET_KEY);
      const refused = await post(`${base}validate-meeting/${roomId}`, { token: expired });
      assert.equal(refused.status, 401);
      assert.equal((await refused.json()).error, 'Token is invalid or expired');
      const forged = jsonwebtoken.sign({ apikey: keys.VIDEOSDK_API_KEY, permissions: ['allow_join'] }, 'another secret', { expiresIn: '1h' });
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
        assert.ok(!body.includes(keys.VIDEOSDK_SECRET_KEY), 'no secret in a response');
        assert.equal(typeof JSON.parse(body).error, 'string');
      }
    } finally {
      await worker.stop();
    }
  });
}

test('a Worker with keys and no authorization settings fails closed: anonymous callers are told what to set', async () => {
  const worker = await serveWorker({ modules: server.modules, dir: server.project.dir, compatibilityDate: workerdBuildDate(), bindings: keys });
  try {
    const answer = await fetch(`${worker.url}get-token`);
    assert.equal(answer.status, 401);
    assert.match((await answer.json()).error, /RTC_TOKEN_OPEN=participant/);
  } finally {
    await worker.stop();
  }
});

test("docs/SERVER.md's Worker, as written: a signed-in user gets a token for their own identity", async () => {
  const code = example('docs/SERVER.md', 'server-worker');
  const { dir } = server.project;
  writeFileSync(join(dir, 'docs-worker.mjs'), code);
  const docsModules = await bundleWorker(join(dir, 'docs-worker.mjs'), dir);
  const SESSION_SECRET = 'the app session secret, test only';
  const worker = await serveWorker({ modules: docsModules, dir, compatibilityDate: workerdBuildDate(), bindings: { ...keys, SESSION_SECRET } });
  try {
    const cookie = (sub, secret = SESSION_SECRET) => ({ Cookie: `theme=dark; session=${jsonwebtoken.sign({ sub }, secret, { expiresIn: '1h' })}` });
    const signedIn = await fetch(`${worker.url}get-token`, { headers: { ...cookie('ada'), Origin: 'https://app.example.com' } });
    assert.equal(signedIn.status, 200, worker.stderr());
    assert.equal(signedIn.headers.get('access-control-allow-origin'), 'https://app.example.com');
    const { claims, ttl } = claimsOf((await signedIn.json()).token);
    assert.deepEqual([claims.participantId, claims.permissions, claims.roles, ttl], ['ada', ['allow_join'], ['rtc'], 7200]);
    for (const [headers, query, status] of [
      [{}, '', 401],
      [cookie('ada', 'a guessed secret'), '', 401],
      [cookie('ada'), '?participantId=bob', 403],
      [cookie('ada'), '?permissions=allow_mod', 403],
      [cookie('ada'), '?ttl=3h', 403],
      [{ ...cookie('ada'), Origin: 'https://evil.example' }, '', 403],
    ]) {
      const answer = await fetch(`${worker.url}get-token${query}`, { headers });
      assert.equal(answer.status, status, `${query} ${JSON.stringify(headers).slice(0, 40)}`);
      assert.equal((await answer.json()).token, undefined);
    }
  } finally {
    await worker.stop();
  }
});
