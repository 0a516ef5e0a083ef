// The README's examples, run as written against the installed package: the quick start (the
// jsonwebtoken snippet from VideoSDK's docs and rtc-token's version of it must give the same
// token under the same clock), rtc-token/hmac, and the curl calls against the token server in its
// `make start` configuration (no keys set: development mode). The reader's names (API_KEY,
// SECRET, token) are defined in front of the snippets that use them; nothing else is added.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { serveFromEnv } from 'rtc-token/server/node';
import { defines, example, runNode, scratch } from './docs-examples.mjs';
import { atTime, jsonwebtoken } from './helpers.mjs';

const API_KEY = 'readme-api-key';
const SECRET = 'readme secret, test only, 32 bytes+';
const keys = defines({ API_KEY, SECRET });
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// 2023-11-14T22:13:20Z, as the vectors freeze it.
const FROZEN = 1_700_000_000;
const freezeClock = `Date.now = () => ${FROZEN * 1000 + 123};`;

let project;
before(() => {
  project = scratch();
});
after(() => project?.remove());

/** The claims of `token`, checked by the real jsonwebtoken with the README's secret. */
function verified(token, options = {}) {
  return jsonwebtoken.verify(token, SECRET, { algorithms: ['HS256'], ...options });
}

/** The token VideoSDK's snippet makes: its key and permission, 24 hours, a fresh uuid v4 `jti`. */
function assertDocsToken(token) {
  const claims = verified(token);
  assert.deepEqual([claims.apikey, claims.permissions, claims.exp - claims.iat], [API_KEY, ['allow_join'], 24 * 3600]);
  assert.match(claims.jti, UUID_V4);
}

test("quick start: rtc-token's version of VideoSDK's snippet signs with a fresh uuid jti", async () => {
  const [token] = await runNode(project, example('README.md', 'quickstart-sign'), { prelude: keys });
  assertDocsToken(token);
});

test("quick start: VideoSDK's jsonwebtoken snippet and rtc-token's give the same token, byte for byte", async () => {
  const [ours] = await runNode(project, example('README.md', 'quickstart-sign'), { prelude: `${keys}\n${freezeClock}` });
  const { jti, iat } = verified(ours, { clockTimestamp: FROZEN });
  assert.equal(iat, FROZEN);
  // The snippet as VideoSDK's docs write it, its `uuid4` package standing in with rtc-token's uuid.
  project.fake('uuid4', `module.exports = () => ${JSON.stringify(jti)};`);
  const [theirs] = await runNode(project, example('README.md', 'quickstart-jsonwebtoken'), { prelude: `${keys}\n${freezeClock}` });
  assert.equal(ours, theirs);
  // And the frozen clock is one both libraries read: the same token again, in this process.
  assert.equal(ours, atTime(FROZEN, () => jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'] }, SECRET, { algorithm: 'HS256', expiresIn: '24h', jwtid: jti })));
});

test('quick start: generateToken with jwtid: true', async () => {
  const [token] = await runNode(project, example('README.md', 'quickstart-generate'), { prelude: keys });
  assertDocsToken(token);
});

test('quick start: verify and decode, with a valid and an expired token', async () => {
  const code = example('README.md', 'quickstart-verify');
  const show = "console.log(header.alg, payload.apikey);";
  const valid = jsonwebtoken.sign({ apikey: API_KEY }, SECRET, { expiresIn: '1h' });
  assert.deepEqual(await runNode(project, code, { prelude: `${keys}\n${defines({ token: valid })}`, epilogue: show }), [`HS256 ${API_KEY}`]);
  const expired = atTime(FROZEN, () => jsonwebtoken.sign({ apikey: API_KEY }, SECRET, { expiresIn: '1h' }));
  const lines = await runNode(project, code, { prelude: `${keys}\n${defines({ token: expired })}`, epilogue: show });
  // console.log shows a Date as util.inspect does: its ISO form.
  assert.deepEqual(lines, [`expired at ${new Date((FROZEN + 3600) * 1000).toISOString()}`, `HS256 ${API_KEY}`]);
});

test('rtc-token/hmac: sign and verify with a secret', async () => {
  assert.deepEqual(await runNode(project, example('README.md', 'hmac'), { prelude: keys }), [API_KEY]);
});

test("the README's curl calls for the three routes work as written", async () => {
  const block = example('README.md', 'curl');
  for (const route of ['/get-token', '/create-meeting', '/validate-meeting/']) assert.ok(block.includes(route), route);
  assert.ok(!/\$\{?[A-Z_]*SECRET/.test(block), 'the example must not need the secret');

  // Only the address changes, from http://localhost:9000 to a free loopback port, so the test
  // never collides with a real server.
  const lines = [];
  const server = await serveFromEnv({ env: {}, port: 0, log: (line) => lines.push(line) });
  try {
    assert.match(lines[0], /DEVELOPMENT MODE/);
    const script = block.replaceAll('http://localhost:9000', `http://127.0.0.1:${server.port}`);
    // Asynchronously: a synchronous child would block the event loop that serves its requests.
    const output = await new Promise((resolve, reject) => {
      const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill(), 20_000);
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('exit', (code) => {
        clearTimeout(timer);
        code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`));
      });
    });
    const answer = JSON.parse(output.trim());
    assert.equal(answer.valid, true);
    assert.match(answer.meetingId, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    // The request lines; each minted token also leaves an audit line (JSON).
    const requests = lines.slice(1).filter((l) => !l.startsWith('{'));
    assert.equal(lines.slice(1).filter((l) => l.startsWith('{"event":"token"')).length, 1);
    assert.deepEqual(requests.map((l) => l.replace(/ [0-9.]+ms$/, '')), [
      'GET /get-token 200',
      'POST /create-meeting 200',
      `POST /validate-meeting/${answer.meetingId} 200`,
    ]);
  } finally {
    await server.close();
  }
});
