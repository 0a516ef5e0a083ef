// The token server's policy over real HTTP on loopback: the server decides what a caller may
// mint (grants: the participant default, caller keys, the three `authorize` recipes), every
// token's lifetime is capped, browsers and host names are allow-listed, it fails closed off
// loopback, and each minted token leaves one audit line without the token, key or secret.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { verify } from 'rtc-token';
import { createHandler, listen, serveFromEnv } from 'rtc-token/server/node';
import { jsonwebtoken } from './helpers.mjs';
import { printed } from './printed.mjs';

const API_KEY = 'policy-test-key';
const SECRET = 'policy-test-secret-0123456789abcdef-0123';
const CALLER_KEY = 'k'.repeat(16) + '-policy-caller-key-0123';
const SESSION_SECRET = 'the app session secret, test only, 32+';
const running = [];
after(() => Promise.all(running.map((r) => r.close())));

async function serve(config, options = {}) {
  const lines = [];
  const server = await listen(createHandler({ apiKey: API_KEY, secret: SECRET, log: (l) => lines.push(l), ...config }), { port: 0, ...options });
  running.push(server);
  const base = `http://127.0.0.1:${server.port}`;
  const get = async (path, headers = {}) => {
    const response = await fetch(`${base}${path}`, { headers, signal: AbortSignal.timeout(5000) });
    const body = await response.json();
    return { status: response.status, body, headers: response.headers, claims: body.token ? verify(body.token, SECRET, { algorithms: ['HS256'] }) : undefined };
  };
  return { base, port: server.port, get, lines };
}

/** A request with a Host header of our choosing (fetch keeps its own). */
function rawGet(port, path, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, headers, timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text), headers: res.headers }));
    });
    req.on('error', reject);
  });
}

describe('grants: a request can only narrow what the server grants', () => {
  test('anonymous on an open server: the participant grant, and every wider ask a 4xx naming it', async () => {
    const { get } = await serve({});
    const minted = await get('/get-token');
    assert.equal(minted.status, 200);
    assert.deepEqual([minted.claims.permissions, minted.claims.roles, minted.claims.exp - minted.claims.iat], [['allow_join'], ['rtc'], 7200]);
    assert.equal(minted.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(minted.headers.get('cache-control'), 'no-store');
    for (const [query, status, refused] of [
      ['permissions=allow_join,allow_mod', 403, 'allow_mod'],
      ['permissions=ask_join', 403, 'ask_join'],
      ['role=crawler', 403, 'crawler'],
      ['role=rtc,crawler', 403, 'crawler'],
      ['ttl=100y', 400, '86400 seconds'],
      ['ttl=25h', 400, '86400 seconds'],
      ['ttl=99999999999999999999999', 400, '86400 seconds'],
    ]) {
      const answer = await get(`/get-token?${query}`);
      assert.equal(answer.status, status, query);
      assert.match(answer.body.error, new RegExp(refused), query);
      assert.equal(answer.body.token, undefined);
    }
    const narrowed = await get('/get-token?ttl=10m&roomId=2kyv-gzay-64pg&peerId=lxvdplwt');
    assert.deepEqual([narrowed.claims.roomId, narrowed.claims.participantId, narrowed.claims.exp - narrowed.claims.iat], ['2kyv-gzay-64pg', 'lxvdplwt', 600]);
  });

  test('the lifetime cap is configurable, and a grant may lower it', async () => {
    const { get } = await serve({ maxTtl: '1h', authorize: () => ({ permissions: ['allow_join'], roles: ['rtc'], maxTtl: 1800 }) });
    assert.match((await get('/get-token?ttl=2h')).body.error, /3600 seconds/);
    assert.equal((await get('/get-token?ttl=2h')).status, 400);
    const over = await get('/get-token?ttl=45m');
    assert.deepEqual([over.status, over.body.refused], [403, ['ttl']]);
    const fallback = await get('/get-token');
    assert.equal(fallback.claims.exp - fallback.claims.iat, 1800, 'the default lifetime stays within the grant');
  });

  test('caller keys: a server-to-server caller mints what its grant allows; a wrong key is 401', async () => {
    const grant = { permissions: ['allow_join', 'allow_mod'], roles: ['crawler', 'rtc'] };
    const { get, lines } = await serve({ callerKeys: [{ id: 'backend', key: CALLER_KEY, grant }] });
    const asCaller = { Authorization: `Bearer ${CALLER_KEY}` };
    const moderator = await get('/get-token?permissions=allow_join,allow_mod&role=crawler', asCaller);
    assert.deepEqual([moderator.status, moderator.claims.permissions, moderator.claims.roles], [200, ['allow_join', 'allow_mod'], ['crawler']]);
    for (const headers of [{ Authorization: `Bearer ${CALLER_KEY}x` }, { Authorization: `Bearer ${CALLER_KEY.slice(0, -1)}` }, { Authorization: 'Bearer ' }]) {
      assert.equal((await get('/get-token', headers)).status, 401);
    }
    // Not open (it has caller keys): anonymous callers get nothing, and are told why.
    const anonymous = await get('/get-token?role=crawler');
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.body.error, /authenticated callers only.*RTC_TOKEN_OPEN=participant/);
    assert.ok(lines.length >= 1 && lines.every((line) => !line.includes(CALLER_KEY)), 'the caller key is never logged');
    assert.throws(() => createHandler({ apiKey: API_KEY, secret: SECRET, callerKeys: [{ id: 'x', key: 'short' }] }), /at least 32 characters/);
  });

  test("recipe 1: the app's own session JWT, checked with this package's verify", async () => {
    const { get } = await serve({
      authorize(request) {
        const session = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
        try {
          const user = verify(session, SESSION_SECRET, { algorithms: ['HS256'], issuer: 'my-app' });
          return { permissions: user.host ? ['allow_join', 'allow_mod'] : ['allow_join'], roles: ['rtc'], participantId: user.sub, maxTtl: '2h' };
        } catch {
          return null;
        }
      },
    });
    const session = (claims) => ({ Authorization: `Bearer ${jsonwebtoken.sign(claims, SESSION_SECRET, { issuer: 'my-app', expiresIn: '1h' })}` });
    const host = await get('/get-token?permissions=allow_join,allow_mod', session({ sub: 'ada', host: true }));
    assert.deepEqual([host.status, host.claims.participantId, host.claims.permissions], [200, 'ada', ['allow_join', 'allow_mod']]);
    assert.equal((await get('/get-token?permissions=allow_mod', session({ sub: 'bob' }))).status, 403);
    assert.equal((await get('/get-token?participantId=ada', session({ sub: 'bob' }))).status, 403, 'bob cannot mint for ada');
    assert.equal((await get('/get-token?ttl=3h', session({ sub: 'bob' }))).status, 403);
    assert.equal((await get('/get-token')).status, 401, 'no session');
    assert.equal((await get('/get-token', { Authorization: `Bearer ${jsonwebtoken.sign({ sub: 'eve' }, 'guessed secret', { issuer: 'my-app' })}` })).status, 401);
  });

  test('recipe 2: a cookie looked up in a session store (async); hook failures are 500s', async () => {
    const sessions = new Map([['s-1', { user: 'ada', room: '2kyv-gzay-64pg' }]]);
    const { get } = await serve({
      async authorize(request) {
        const sid = /(?:^|; )sid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
        if (sid === 'boom') throw new Error('store down');
        if (sid === 'odd') return { permissions: 'allow_join' };
        const session = await Promise.resolve(sessions.get(sid));
        return session ? { permissions: ['allow_join'], roles: ['rtc'], roomId: session.room, participantId: session.user } : null;
      },
    });
    const ok = await get('/get-token', { Cookie: 'theme=dark; sid=s-1' });
    assert.deepEqual([ok.claims.roomId, ok.claims.participantId], ['2kyv-gzay-64pg', 'ada']);
    assert.equal((await get('/get-token?roomId=abcd-efgh-ijkl', { Cookie: 'sid=s-1' })).status, 403);
    assert.equal((await get('/get-token', { Cookie: 'sid=s-2' })).status, 401);
    assert.deepEqual([(await get('/get-token', { Cookie: 'sid=boom' })).status, (await get('/get-token', { Cookie: 'sid=odd' })).status], [500, 500]);
  });

  test('recipe 3: caller keys from the environment or a file, for rtc-token serve', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtc-keys-'));
    try {
      const file = join(dir, 'keys');
      writeFileSync(file, `backend:${CALLER_KEY}\nother:${'o'.repeat(40)}\n`);
      for (const keys of [{ RTC_TOKEN_CALLER_KEYS: `backend:${CALLER_KEY}` }, { RTC_TOKEN_CALLER_KEYS_FILE: file }]) {
        const lines = [];
        const server = await serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: SECRET, PORT: '0', ...keys }, log: (l) => lines.push(l) });
        running.push(server);
        const response = await fetch(`http://127.0.0.1:${server.port}/get-token?role=crawler`, { headers: { Authorization: `Bearer ${CALLER_KEY}` } });
        const { token } = await response.json();
        assert.deepEqual(verify(token, SECRET).roles, ['crawler']);
        const audit = JSON.parse(lines.find((line) => line.startsWith('{')));
        assert.deepEqual([audit.caller, audit.grant, audit.roles], ['backend', 'caller key', ['crawler']]);
        assert.ok(lines.every((line) => !line.includes(CALLER_KEY) && !line.includes(SECRET) && !line.includes(token)));
      }
      await assert.rejects(serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', RTC_TOKEN_CALLER_KEYS_FILE: join(dir, 'missing') }, log: () => {} }), /cannot be read \(ENOENT\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('who may call: origins and host names', () => {
  test('CORS: development on loopback allows http://localhost:*; a foreign page gets no token', async () => {
    const lines = [];
    const dev = await serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', PORT: '0' }, log: (l) => lines.push(l) });
    running.push(dev);
    const at = (origin) => fetch(`http://127.0.0.1:${dev.port}/get-token`, { headers: { Origin: origin } });
    const local = await at('http://localhost:5173');
    assert.deepEqual([local.status, local.headers.get('access-control-allow-origin'), local.headers.get('vary')], [200, 'http://localhost:5173', 'Origin']);
    const foreign = await at('https://evil.example');
    assert.deepEqual([foreign.status, foreign.headers.get('access-control-allow-origin')], [403, null]);
    // Configured keys: only the listed origins.
    const prod = await serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: SECRET, PORT: '0', CORS_ORIGINS: 'https://app.example' }, log: () => {} });
    running.push(prod);
    const asked = (origin) => fetch(`http://127.0.0.1:${prod.port}/get-token`, { headers: { Origin: origin } });
    assert.equal((await asked('https://app.example')).headers.get('access-control-allow-origin'), 'https://app.example');
    assert.equal((await asked('http://localhost:5173')).status, 403);
  });

  test('Host: a loopback server answers loopback names only (DNS rebinding), ALLOWED_HOSTS sets others', async () => {
    const server = await serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: SECRET, PORT: '0' }, log: () => {} });
    running.push(server);
    for (const host of ['localhost:9000', '127.0.0.1', '[::1]:80']) assert.equal((await rawGet(server.port, '/get-token', { Host: host })).status, 200, host);
    for (const host of ['evil.example', 'evil.example:9000', 'localhost.evil.example', '127.0.0.1.nip.io']) {
      const answer = await rawGet(server.port, '/get-token', { Host: host });
      assert.deepEqual([answer.status, answer.body.token], [421, undefined], host);
    }
    const named = await serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: SECRET, PORT: '0', ALLOWED_HOSTS: 'tokens.example' }, log: () => {} });
    running.push(named);
    assert.equal((await rawGet(named.port, '/get-token', { Host: 'tokens.example' })).status, 200);
    assert.equal((await rawGet(named.port, '/get-token', { Host: 'localhost' })).status, 421);
  });
});

describe('fails closed', () => {
  test('off loopback: no keys, or keys without any authorization, refuse to start, saying what to set', async () => {
    const keys = { VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: SECRET, PORT: '0' };
    await assert.rejects(serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', HOST: '0.0.0.0', PORT: '0' }, log: () => {} }), /refusing to serve on 0\.0\.0\.0 in development mode: set VIDEOSDK_API_KEY/);
    await assert.rejects(serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', ...keys, HOST: '0.0.0.0' }, log: () => {} }), /without authorization: set RTC_TOKEN_CALLER_KEYS .* RTC_TOKEN_OPEN=participant/);
    await assert.rejects(serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', ...keys, HOST: '::', RTC_TOKEN_OPEN: 'none' }, log: () => {} }), /without authorization/);
    await assert.rejects(serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', ...keys, RTC_TOKEN_OPEN: 'everyone' }, log: () => {} }), /RTC_TOKEN_OPEN must be "participant"/);
    await assert.rejects(serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', ...keys, CORS_ORIGINS: '*' }, log: () => {} }), /any web page/);
    // On loopback, RTC_TOKEN_OPEN=none closes the anonymous door too.
    const closed = await serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', ...keys, RTC_TOKEN_OPEN: 'none' }, log: () => {} });
    running.push(closed);
    assert.equal((await fetch(`http://127.0.0.1:${closed.port}/get-token`)).status, 401);
  });

  test('a secret shorter than 32 bytes draws a warning; the secret itself is never printed', async () => {
    const lines = [];
    const server = await serveFromEnv({ env: { RTC_TOKEN_STATE: 'memory', VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: 'short-secret', PORT: '0' }, log: (l) => lines.push(l) });
    running.push(server);
    assert.match(lines[0], /WARNING: VIDEOSDK_SECRET_KEY is shorter than 32 bytes/);
    assert.ok(!lines[0].includes('short-secret'));
  });
});

test('the audit log: one JSON line per token minted, without the token, the secret or a key', async () => {
  const { get, lines } = await serve({});
  const minted = await get('/get-token?roomId=2kyv-gzay-64pg&participantId=p1');
  await get('/get-token?role=crawler'); // refused: no token, no audit line
  const audits = lines.map((line) => JSON.parse(line));
  assert.equal(audits.length, 1);
  const [audit] = audits;
  assert.deepEqual(Object.keys(audit), ['event', 'time', 'client', 'caller', 'grant', 'permissions', 'roles', 'roomId', 'participantId', 'jti', 'exp']);
  assert.deepEqual([audit.event, audit.client, audit.caller, audit.grant, audit.roomId, audit.participantId], ['token', '127.0.0.1', null, 'participant', '2kyv-gzay-64pg', 'p1']);
  assert.deepEqual([audit.jti, audit.exp], [minted.claims.jti, minted.claims.exp]);
  assert.ok(!lines[0].includes(minted.body.token) && !lines[0].includes(SECRET));
});

test('rtc-token serve, as a new user runs it with real keys and no policy settings', async () => {
  const bin = join(import.meta.dirname, 'node_modules', '.bin', 'rtc-token');
  const child = spawn(bin, ['serve', '--port', '0'], { env: { ...process.env, RTC_TOKEN_STATE: 'memory', VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: SECRET, HOST: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = (await printed(child, /listening on (http:\/\/localhost:\d+)/)).replace('localhost', '127.0.0.1');
    const anonymous = await (await fetch(`${url}/get-token`)).json();
    const claims = verify(anonymous.token, SECRET);
    assert.deepEqual([claims.permissions, claims.roles], [['allow_join'], ['rtc']]);
    assert.ok(claims.exp - claims.iat <= 24 * 3600);
    for (const query of ['permissions=allow_mod', 'role=crawler', 'ttl=100y']) {
      const response = await fetch(`${url}/get-token?${query}`);
      assert.ok(response.status >= 400 && response.status < 500, query);
      assert.match((await response.json()).error, /allow_mod|crawler|86400/);
    }
    const foreign = await fetch(`${url}/get-token`, { headers: { Origin: 'https://evil.example' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal((await rawGet(Number(new URL(url).port), '/get-token', { Host: 'evil.example' })).status, 421);
  } finally {
    child.kill();
  }
});

/** A client written the way VideoSDK's sample apps call their token server. */
async function sampleClient(base) {
  const json = { 'Content-Type': 'application/json' };
  const { token } = await (await fetch(`${base}/get-token`)).json();
  const { roomId } = await (await fetch(`${base}/create-meeting/`, { method: 'POST', headers: json, body: JSON.stringify({ token, region: 'sg001' }) })).json();
  const result = await (await fetch(`${base}/validate-meeting/${roomId}/`, { method: 'POST', headers: json, body: JSON.stringify({ token }) })).json();
  const scoped = await (await fetch(`${base}/get-token?roomId=${roomId}&peerId=lxvdplwt`)).json();
  return { roomId, validated: result.roomId === roomId, scoped: verify(scoped.token, SECRET) };
}

test("VideoSDK's sample client works unchanged, with the embedded registry and forwarding to a VideoSDK API", async () => {
  const rooms = new Set();
  // A stand-in of VideoSDK's room API: room objects with roomId, the token in Authorization.
  const upstream = http.createServer((req, res) => {
    const send = (status, body) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    try {
      verify(req.headers.authorization, SECRET);
    } catch {
      return send(401, { message: 'Unauthorized token' });
    }
    if (req.method === 'POST' && req.url === '/v2/rooms') {
      const roomId = `up${rooms.size}0-roo0-m000`;
      rooms.add(roomId);
      return send(200, { roomId, userId: 'u1', disabled: false, links: { get_room: `/v2/rooms/${roomId}` } });
    }
    const id = /^\/v2\/rooms\/validate\/(.+)$/.exec(req.url)?.[1];
    return rooms.has(id) ? send(200, { roomId: id, disabled: false }) : send(400, { error: 'Invalid meeting id' });
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  try {
    const embedded = await serve({});
    const forwarding = await serve({ endpoint: `http://127.0.0.1:${upstream.address().port}` });
    for (const { base } of [embedded, forwarding]) {
      const { roomId, validated, scoped } = await sampleClient(base);
      assert.match(roomId, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
      assert.equal(validated, true);
      assert.deepEqual([scoped.roomId, scoped.participantId, scoped.roles], [roomId, 'lxvdplwt', ['rtc']]);
    }
    assert.equal(rooms.size, 1, 'the forwarding server created its room upstream');
  } finally {
    await new Promise((resolve) => upstream.close(resolve));
  }
});
