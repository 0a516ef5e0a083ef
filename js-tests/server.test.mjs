// The token server over real HTTP on loopback, through the node:http adapter: every route and
// every error, create → validate, refusals as 'Token is invalid or expired', forwarding to a
// stand-in of the VideoSDK API started here, development mode, and the secret never showing.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { configFromEnv, createHandler, listen, serveFromEnv } from 'rtc-token/server/node';
import { jsonwebtoken } from './helpers.mjs';

const API_KEY = 'server-test-key';
const SECRET = 'server-test-secret-0123456789abcdef';
// A server-to-server caller, granted every permission and role (SERVER_GRANT).
const CALLER_KEY = 'caller-key-0123456789abcdef-0123456789';
const AS_CALLER = { Authorization: `Bearer ${CALLER_KEY}` };
const seen = []; // every response body and header block, and every log line: the secret must be in none

async function call(base, path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, headers, signal: AbortSignal.timeout(5000) };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof ReadableStream ? body : JSON.stringify(body);
    if (body instanceof ReadableStream) init.duplex = 'half';
  }
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  seen.push(text, JSON.stringify([...response.headers]));
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
}

const mint = (payload, options = { expiresIn: '10m' }, secret = SECRET) =>
  jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'], ...payload }, secret, options);

describe('embedded registry', () => {
  let server;
  let base;
  before(async () => {
    // Limits off: this suite sends more requests from one client than the defaults admit
    // (js-tests/limits.test.mjs holds the limits).
    const config = { apiKey: API_KEY, secret: SECRET, open: true, callerKeys: [{ id: 'backend', key: CALLER_KEY }], limits: false };
    server = await listen(createHandler({ ...config, log: (line) => seen.push(line) }), { port: 0, log: (line) => seen.push(line) });
    base = `http://127.0.0.1:${server.port}`;
  });
  after(() => server.close());

  test('GET /get-token: an anonymous caller gets a participant token (allow_join, rtc, 120 minutes, a jti)', async () => {
    const { status, json, headers } = await call(base, '/get-token');
    assert.equal(status, 200);
    assert.equal(headers.get('content-type'), 'application/json; charset=utf-8');
    assert.deepEqual(Object.keys(json), ['token']);
    const claims = jsonwebtoken.verify(json.token, SECRET, { algorithms: ['HS256'] });
    assert.deepEqual(Object.keys(claims), ['apikey', 'permissions', 'version', 'roles', 'iat', 'exp', 'jti']);
    assert.equal(claims.apikey, API_KEY);
    assert.deepEqual(claims.permissions, ['allow_join']);
    assert.deepEqual(claims.roles, ['rtc']);
    assert.match(claims.jti, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(claims.exp - claims.iat, 7200);
    assert.ok(Math.abs(claims.iat - Date.now() / 1000) < 5);
  });

  test('GET /get-token: every query parameter becomes exactly the claim asked for, within the grant', async () => {
    const query = 'roomId=2kyv-gzay-64pg&participantId=lxvdplwt&permissions=allow_join,allow_mod&permissions=ask_join&role=rtc&ttl=600';
    const { status, json } = await call(base, `/get-token?${query}`, { headers: AS_CALLER });
    assert.equal(status, 200);
    const claims = jsonwebtoken.verify(json.token, SECRET, { algorithms: ['HS256'] });
    const { iat, exp, jti, ...asked } = claims;
    assert.deepEqual(asked, {
      apikey: API_KEY, permissions: ['allow_join', 'allow_mod', 'ask_join'], version: 2,
      roomId: '2kyv-gzay-64pg', participantId: 'lxvdplwt', roles: ['rtc'],
    });
    assert.equal(exp - iat, 600);
    const spanned = jsonwebtoken.decode((await call(base, '/get-token?ttl=2h&role=crawler', { headers: AS_CALLER })).json.token);
    assert.equal(spanned.exp - spanned.iat, 7200);
    assert.deepEqual(spanned.roles, ['crawler']);
    assert.equal(spanned.version, 2);
  });

  test('GET /get-token: each ask outside the grant is a 403, each rule broken a 400, naming it', async () => {
    const cases = [
      ['permissions=allow_all', 403, /permission "allow_all" not granted/],
      ['permissions=', 403, /permission "" not granted/],
      ['role=admin', 403, /role "admin" not granted/],
      ['roomId=', 400, /"roomId" must be a non-empty string/],
      ['ttl=soon', 400, /"ttl" must be a positive number of seconds or a time span/],
      ['ttl=1.5', 400, /"ttl" must be/],
      ['ttl=0', 400, /"ttl" must be/],
      ['room=x', 400, /unknown query parameter "room"/],
      ['roomId=a&roomId=b', 400, /"roomId" is given more than once/],
      ['participantId=a&peerId=b', 400, /"peerId" and "participantId" name the same thing/],
    ];
    for (const [query, want, message] of cases) {
      const { status, json } = await call(base, `/get-token?${query}`, { headers: AS_CALLER });
      assert.equal(status, want, query);
      assert.match(json.error, message, query);
    }
  });

  test('create → validate round trip; an unknown meeting is 404', async () => {
    const token = (await call(base, '/get-token')).json.token;
    const created = await call(base, '/create-meeting', { method: 'POST', body: { token, region: 'sg001' } });
    assert.equal(created.status, 200);
    assert.deepEqual(Object.keys(created.json), ['roomId', 'meetingId', 'createdAt', 'region']);
    assert.match(created.json.meetingId, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    assert.equal(created.json.roomId, created.json.meetingId);
    const valid = await call(base, `/validate-meeting/${created.json.meetingId}`, { method: 'POST', body: { token } });
    assert.equal(valid.status, 200);
    assert.deepEqual(valid.json, { ...created.json, valid: true });
    const again = await call(base, '/create-meeting/', { method: 'POST', body: { token } });
    assert.notEqual(again.json.meetingId, created.json.meetingId);
    const unknown = await call(base, '/validate-meeting/zzzz-zzzz-zzzz', { method: 'POST', body: { token } });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, { error: 'no such meeting', meetingId: 'zzzz-zzzz-zzzz', valid: false });
    const badId = await call(base, '/validate-meeting/not-a-meeting', { method: 'POST', body: { token } });
    assert.equal(badId.status, 400);
    assert.equal(badId.json.valid, false);
  });

  test('refused tokens: 401 Token is invalid or expired, with the reason', async () => {
    const created = (await call(base, '/create-meeting', { method: 'POST', body: { token: mint({}) } })).json.meetingId;
    const cases = [
      ['expired', mint({}, { expiresIn: -10 }), 'jwt expired'],
      ['expired (exp in the payload)', mint({ exp: Math.floor(Date.now() / 1000) - 1 }, {}), 'jwt expired'],
      ['another secret', mint({}, { expiresIn: '10m' }, 'not the secret'), 'invalid signature'],
      ['another app', jsonwebtoken.sign({ apikey: 'other', permissions: ['allow_join'] }, SECRET, { expiresIn: '10m' }), 'the token\'s "apikey" is not this service\'s API key'],
      ['no expiry', jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'] }, SECRET), 'the token has no "exp": access tokens must expire'],
      ['not a JWT', 'abc', 'jwt malformed'],
      ['breaks the rules', jsonwebtoken.sign({ apikey: API_KEY, permissions: ['root'] }, SECRET, { expiresIn: '10m' }), '"permissions" holds "root", which is not one of "allow_join", "ask_join" and "allow_mod"'],
    ];
    for (const [name, token, reason] of cases) {
      for (const path of ['/create-meeting', `/validate-meeting/${created}`]) {
        const { status, json } = await call(base, path, { method: 'POST', body: { token } });
        assert.equal(status, 401, `${name} ${path}`);
        assert.deepEqual(json, { error: 'Token is invalid or expired', reason }, `${name} ${path}`);
      }
    }
    const elsewhere = await call(base, `/validate-meeting/${created}`, { method: 'POST', body: { token: mint({ version: 2, roomId: 'abcd-efgh-ijkl' }) } });
    assert.equal(elsewhere.status, 401);
    assert.equal(elsewhere.json.reason, `the token is scoped to room "abcd-efgh-ijkl", not to room "${created}"`);
    const scopedHere = await call(base, `/validate-meeting/${created}`, { method: 'POST', body: { token: mint({ version: 2, roomId: created }) } });
    assert.deepEqual([scopedHere.status, scopedHere.json.valid], [200, true]);
    // Participants (rtc) and servers (crawler) alike open and check rooms.
    for (const roles of [['rtc'], ['crawler'], ['crawler', 'rtc']]) {
      const token = mint({ version: 2, roles });
      const made = await call(base, '/create-meeting', { method: 'POST', body: { token } });
      assert.equal(made.status, 200, String(roles));
      const checked = await call(base, `/validate-meeting/${made.json.roomId}`, { method: 'POST', body: { token } });
      assert.deepEqual([checked.status, checked.json.roomId], [200, made.json.roomId], String(roles));
    }
  });

  test('bad requests: 4xx JSON errors', async () => {
    const post = (path, body, headers) => call(base, path, { method: 'POST', body, headers });
    const cases = [
      [await post('/create-meeting', '{"token":'), 400, /not valid JSON/],
      [await post('/create-meeting', ''), 400, /not valid JSON/],
      [await post('/create-meeting', '[1]'), 400, /must be a JSON object/],
      [await post('/create-meeting', '\xff'), 400, /not valid JSON/],
      [await post('/create-meeting', {}), 400, /"token" is required/],
      [await post('/create-meeting', { token: 5 }), 400, /"token" is required/],
      [await post('/create-meeting', { token: mint({}), region: 3 }), 400, /"region" must be a VideoSDK region code/],
      [await post('/create-meeting', { token: mint({}), region: 'x'.repeat(1000) }), 400, /"region" must be a VideoSDK region code/],
      [await post('/create-meeting', { token: mint({}), region: '<script>' }), 400, /"region" must be a VideoSDK region code/],
      [await post('/validate-meeting/abcd-efgh-ijkl', {}), 400, /"token" is required/],
      [await post('/create-meeting', JSON.stringify({ token: 'x'.repeat(20_000) })), 413, /larger than 16384 bytes/],
      [await call(base, '/nowhere'), 404, /no route GET \/nowhere/],
      [await call(base, '/__proto__'), 404, /no route/],
      [await call(base, '/validate-meeting/a/b', { method: 'POST', body: {} }), 404, /no route/],
      [await call(base, '/get-token', { method: 'POST', body: {} }), 405, /POST is not allowed on \/get-token; use GET, OPTIONS/],
      [await call(base, '/create-meeting'), 405, /GET is not allowed on \/create-meeting; use POST, OPTIONS/],
      [await call(base, '/validate-meeting/abcd-efgh-ijkl', { method: 'DELETE' }), 405, /DELETE is not allowed/],
    ];
    for (const [{ status, json, headers }, want, message] of cases) {
      assert.equal(status, want, json.error);
      assert.match(json.error, message);
      assert.equal(headers.get('access-control-allow-origin'), null);
      assert.equal(headers.get('x-content-type-options'), 'nosniff');
      assert.equal(headers.get('cache-control'), 'no-store');
      if (want === 405) assert.match(headers.get('allow'), /OPTIONS/);
    }
  });

  test('an oversized body without a length (chunked) is cut off at the limit: 413', async () => {
    let sent = 0;
    const stream = new ReadableStream({
      pull(controller) {
        if (sent >= 200_000) return controller.close();
        sent += 10_000;
        controller.enqueue(new Uint8Array(10_000).fill(0x61));
      },
    });
    const { status, json } = await call(base, '/create-meeting', { method: 'POST', body: stream });
    assert.equal(status, 413);
    assert.match(json.error, /larger than 16384 bytes/);
    // The server still answers afterwards.
    assert.equal((await call(base, '/get-token')).status, 200);
  });

  test('CORS: an allowed origin is reflected (preflight and answers), never "*"', async () => {
    const strict = await listen(createHandler({ apiKey: API_KEY, secret: SECRET, corsOrigins: ['https://app.example'] }), { port: 0 });
    try {
      const at = `http://127.0.0.1:${strict.port}`;
      const preflight = await call(at, '/create-meeting', { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' } });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example');
      assert.equal(preflight.headers.get('access-control-allow-methods'), 'POST, OPTIONS');
      assert.match(preflight.headers.get('access-control-allow-headers'), /Content-Type/);
      const answer = await call(at, '/get-token', { headers: { Origin: 'https://app.example' } });
      assert.equal(answer.headers.get('access-control-allow-origin'), 'https://app.example');
      assert.equal(answer.headers.get('vary'), 'Origin');
      const foreign = await call(at, '/get-token', { headers: { Origin: 'https://other.example' } });
      assert.deepEqual([foreign.status, foreign.headers.get('access-control-allow-origin')], [403, null]);
      assert.throws(() => createHandler({ apiKey: API_KEY, secret: SECRET, corsOrigin: '*' }), /any web page/);
      assert.throws(() => createHandler({ apiKey: API_KEY, secret: SECRET, corsOrigins: ['https://a.example/'] }), /exact origins/);
    } finally {
      await strict.close();
    }
  });

  test('the log has one line per request, without query, body or secret', async () => {
    const lines = [];
    const logged = await listen(createHandler({ apiKey: API_KEY, secret: SECRET }), { port: 0, log: (l) => lines.push(l) });
    try {
      const token = (await call(`http://127.0.0.1:${logged.port}`, '/get-token?roomId=secret-room&role=rtc')).json.token;
      await call(`http://127.0.0.1:${logged.port}`, '/create-meeting', { method: 'POST', body: { token } });
    } finally {
      await logged.close();
    }
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^GET \/get-token 200 [0-9.]+ms$/);
    assert.match(lines[1], /^POST \/create-meeting 200 [0-9.]+ms$/);
    seen.push(...lines);
  });
});

describe('forwarding to a VideoSDK API (a local stand-in)', () => {
  let upstream;
  let server;
  let base;
  const requests = [];
  const token = mint({});
  before(async () => {
    upstream = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
        const send = (status, answer) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
        if (req.headers.authorization !== token) return send(401, { message: 'Unauthorized token' });
        if (req.method === 'POST' && req.url === '/v2/rooms') return send(200, { roomId: 'up00-stre-am01', region: JSON.parse(body).region });
        if (req.method === 'GET' && req.url === '/v2/rooms/validate/up00-stre-am01') return send(200, { roomId: 'up00-stre-am01' });
        if (req.method === 'GET' && req.url === '/v2/rooms/validate/boom-boom-boom') return send(503, { error: 'down' });
        return send(400, { error: 'Invalid meeting id' });
      });
    });
    await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${upstream.address().port}/`;
    server = await listen(createHandler({ apiKey: API_KEY, secret: SECRET, endpoint }), { port: 0, log: (l) => seen.push(l) });
    base = `http://127.0.0.1:${server.port}`;
  });
  after(async () => {
    await server.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  test('create: POST {endpoint}/v2/rooms with the token in Authorization → { meetingId }', async () => {
    const created = await call(base, '/create-meeting', { method: 'POST', body: { token, region: 'sg001' } });
    assert.equal(created.status, 200);
    assert.deepEqual(created.json, { roomId: 'up00-stre-am01', region: 'sg001', meetingId: 'up00-stre-am01' });
    const last = requests.at(-1);
    assert.deepEqual(last, { method: 'POST', url: '/v2/rooms', authorization: token, body: '{"region":"sg001"}' });
  });

  test('validate: GET {endpoint}/v2/rooms/validate/{id} → { meetingId, valid }', async () => {
    const valid = await call(base, '/validate-meeting/up00-stre-am01', { method: 'POST', body: { token } });
    assert.deepEqual([valid.status, valid.json], [200, { roomId: 'up00-stre-am01', meetingId: 'up00-stre-am01', valid: true }]);
    assert.deepEqual(requests.at(-1), { method: 'GET', url: '/v2/rooms/validate/up00-stre-am01', authorization: token, body: '' });
  });

  test('upstream refusals pass through (4xx as is, 5xx as 502); an unreachable upstream is 502', async () => {
    const unknown = await call(base, '/validate-meeting/abcd-efgh-ijkl', { method: 'POST', body: { token } });
    assert.deepEqual([unknown.status, unknown.json], [400, { error: 'Invalid meeting id', meetingId: 'abcd-efgh-ijkl', valid: false }]);
    const unauthorized = await call(base, '/create-meeting', { method: 'POST', body: { token: 'someone-else' } });
    assert.deepEqual([unauthorized.status, unauthorized.json], [401, { error: 'Unauthorized token' }]);
    const down = await call(base, '/validate-meeting/boom-boom-boom', { method: 'POST', body: { token } });
    assert.equal(down.status, 502);
    const closed = http.createServer();
    await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = closed.address().port;
    await new Promise((resolve) => closed.close(resolve));
    const orphan = await listen(createHandler({ apiKey: API_KEY, secret: SECRET, endpoint: `http://127.0.0.1:${port}` }), { port: 0 });
    try {
      const answer = await call(`http://127.0.0.1:${orphan.port}`, '/create-meeting', { method: 'POST', body: { token } });
      assert.deepEqual([answer.status, answer.json], [502, { error: 'the upstream API could not be reached' }]);
    } finally {
      await orphan.close();
    }
  });
});

describe('configuration', () => {
  test('development mode: a generated key pair, printed once, tokens that work', async () => {
    const lines = [];
    const running = await serveFromEnv({ env: {}, port: 0, log: (l) => lines.push(l) });
    try {
      assert.equal(lines.length, 1);
      assert.match(lines[0], /DEVELOPMENT MODE/);
      assert.equal(lines[0].split(/VIDEOSDK_SECRET_KEY=[0-9a-f]{64}/).length, 2, 'the generated secret is printed once');
      const key = /VIDEOSDK_API_KEY=(\S+)/.exec(lines[0])[1];
      const secret = /VIDEOSDK_SECRET_KEY=([0-9a-f]{64})\n/.exec(lines[0])[1];
      const { token } = (await call(`http://127.0.0.1:${running.port}`, '/get-token')).json;
      assert.equal(jsonwebtoken.verify(token, secret).apikey, key);
      await call(`http://127.0.0.1:${running.port}`, '/create-meeting', { method: 'POST', body: { token } });
      assert.equal(lines.length, 4); // the announcement, the audit line of the token, two request lines
      assert.ok(lines.slice(1).every((line) => !line.includes(secret)), 'a request log line shows the dev secret');
    } finally {
      await running.close();
    }
    const a = configFromEnv({});
    const b = configFromEnv({});
    assert.equal(a.development, true);
    assert.notEqual(a.secret, b.secret);
    assert.notEqual(a.apiKey, b.apiKey);
  });

  test('configured mode: the secret is never printed; half a key pair or a bad endpoint is refused', async () => {
    const lines = [];
    const env = { RTC_TOKEN_STATE: 'memory', VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: SECRET, PORT: '0', CORS_ORIGINS: 'https://a.example' };
    const running = await serveFromEnv({ env, log: (l) => lines.push(l) });
    try {
      assert.match(lines[0], /listening on http:\/\/localhost:\d+/);
      assert.doesNotMatch(lines[0], /DEVELOPMENT/);
      const { token } = (await call(`http://127.0.0.1:${running.port}`, '/get-token')).json;
      assert.equal(jsonwebtoken.verify(token, SECRET).apikey, API_KEY);
    } finally {
      await running.close();
    }
    seen.push(...lines);
    assert.deepEqual(configFromEnv(env), {
      apiKey: API_KEY, secret: SECRET, endpoint: undefined, callerKeys: [], open: false, maxTtl: undefined,
      corsOrigins: ['https://a.example'], loopbackDev: false, allowedHosts: undefined, development: false,
      limits: {}, clientAddressHeader: undefined, retention: { maxMeetings: undefined, idleSeconds: undefined },
    });
    assert.throws(() => configFromEnv({ VIDEOSDK_API_KEY: 'k' }), /set both VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY/);
    assert.throws(() => configFromEnv({ VIDEOSDK_SECRET_KEY: 's' }), /set both/);
    assert.throws(() => configFromEnv({ VIDEOSDK_API_ENDPOINT: 'ftp://x' }), /must be an http\(s\) URL/);
    await assert.rejects(serveFromEnv({ env: { PORT: 'ninety' }, log: () => {} }), /PORT must be a whole number/);
    assert.throws(() => createHandler({ apiKey: 'k' }), TypeError);
  });

  test('the secret appears in no response and no log line of this suite', () => {
    assert.ok(seen.length > 50, `${seen.length} responses and lines`);
    for (const text of seen) assert.ok(!text.includes(SECRET), `the secret leaked: ${text.slice(0, 200)}`);
  });
});
