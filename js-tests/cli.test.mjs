// The `rtc-token` command as npm installed it (node_modules/.bin/rtc-token, from the package's
// `bin`): sign → decode → verify round trips, the secret from each source, --help for every
// command, and clear errors with exit status 1 (refused) or 2 (usage) on bad input.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { jsonwebtoken } from './helpers.mjs';

const BIN = fileURLToPath(new URL('./node_modules/.bin/rtc-token', import.meta.url));
const SECRET = 'cli-test-secret';
const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIDEOSDK_')));

/** Runs the command; returns { status, stdout, stderr }. */
function cli(args, { env = {}, input } = {}) {
  const result = spawnSync(BIN, args, { env: { ...CLEAN_ENV, ...env }, input: input ?? '', encoding: 'utf8', timeout: 10_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('sign → decode → verify round trip; the token verifies in jsonwebtoken with exactly the claims asked for', () => {
  const signed = cli(['sign', '--apikey', 'k', '--permissions', 'allow_join,allow_mod', '--room-id', '2kyv-gzay-64pg', '--participant-id', 'lxvdplwt', '--role', 'rtc', '--expires-in', '600'], { env: { VIDEOSDK_SECRET_KEY: SECRET } });
  assert.equal(signed.status, 0, signed.stderr);
  const token = signed.stdout.trim();
  const { iat, exp, ...claims } = jsonwebtoken.verify(token, SECRET, { algorithms: ['HS256'] });
  assert.deepEqual(claims, { apikey: 'k', permissions: ['allow_join', 'allow_mod'], version: 2, roomId: '2kyv-gzay-64pg', participantId: 'lxvdplwt', roles: ['rtc'] });
  assert.equal(exp - iat, 600);

  const decoded = cli(['decode', token]);
  assert.equal(decoded.status, 0);
  assert.match(decoded.stdout, /"alg": "HS256"/);
  assert.match(decoded.stdout, /"roomId": "2kyv-gzay-64pg"/);
  assert.match(decoded.stdout, new RegExp(`issued +${new Date(iat * 1000).toISOString()}`));
  assert.match(decoded.stdout, new RegExp(`expires +${new Date(exp * 1000).toISOString()} +\\((9m 5\\d|10m 0)s? ?\\d*s? ?left\\)`));
  assert.match(decoded.stdout, /signature +not checked/);
  const viaStdin = cli(['decode', '--json'], { input: `${token}\n` });
  assert.deepEqual(JSON.parse(viaStdin.stdout), jsonwebtoken.decode(token, { complete: true }));

  const verified = cli(['verify', token, '--secret', SECRET]);
  assert.deepEqual([verified.status, verified.stdout.trim()], [0, 'valid']);
  const room = cli(['verify', token, '--apikey', 'k', '--room-id', '2kyv-gzay-64pg', '--use', 'room'], { env: { VIDEOSDK_SECRET_KEY: SECRET } });
  assert.deepEqual([room.status, room.stdout.trim()], [0, 'valid (join: direct, moderate: true)']);
});

test('the secret from --secret-stdin, --secret and VIDEOSDK_SECRET_KEY gives the same signature', () => {
  const payload = JSON.stringify({ apikey: 'k', permissions: ['ask_join'], iat: 1700000000, exp: 1700000600 });
  const tokens = [
    cli(['sign', '--payload', payload, '--secret-stdin'], { input: `${SECRET}\n` }),
    cli(['sign', '--payload', payload, '--secret', SECRET]),
    cli(['sign', '--payload', payload], { env: { VIDEOSDK_SECRET_KEY: SECRET } }),
  ].map((r) => r.stdout.trim());
  const expected = jsonwebtoken.sign(JSON.parse(payload), SECRET);
  assert.deepEqual(tokens, [expected, expected, expected]);
  // --plain is jsonwebtoken's sign without the access rules.
  const plain = cli(['sign', '--plain', '--payload', '{"sub":"x","iat":1700000000}', '--secret', SECRET]);
  assert.equal(plain.stdout.trim(), jsonwebtoken.sign({ sub: 'x', iat: 1700000000 }, SECRET));
  const withJti = cli(['sign', '--apikey', 'k', '--jwtid', '--secret', SECRET]).stdout.trim();
  assert.match(jsonwebtoken.decode(withJti).jti, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('decode shows an expired token as expired, and when', () => {
  const now = Math.floor(Date.now() / 1000);
  const token = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'], iat: now - 7300, exp: now - 100, nbf: now - 7300 }, SECRET);
  const { status, stdout } = cli(['decode', token]);
  assert.equal(status, 0);
  assert.match(stdout, /expires +\S+ +\(expired 1m 4\ds ago\)|expires +\S+ +\(expired 1m 3\ds ago\)/);
  assert.match(stdout, /issued +\S+ +\(2h 1m ago\)/);
  assert.match(stdout, /not before +\S+ +\(active\)/);
});

test('verify: exit status 1 and the reason for each refusal', () => {
  const expired = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'], exp: 1 }, SECRET);
  const crawler = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'], version: 2, roles: ['crawler'] }, SECRET);
  const good = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'] }, SECRET);
  const cases = [
    [[expired, '--secret', SECRET], 'invalid: jwt expired'],
    [[good, '--secret', 'wrong'], 'invalid: invalid signature'],
    [['a.b', '--secret', SECRET], 'invalid: jwt malformed'],
    [[good, '--secret', SECRET, '--algorithms', 'HS512'], 'invalid: invalid algorithm'],
    [[expired, '--secret', SECRET, '--use', 'room'], 'invalid: Token is invalid or expired (jwt expired)'],
    [[crawler, '--secret', SECRET, '--use', 'room'], 'invalid: Token is invalid or expired (a "crawler" token is for the server-side API only and cannot join a room)'],
    [[good, '--secret', SECRET, '--apikey', 'other'], 'invalid: Token is invalid or expired (the token\'s "apikey" is not this service\'s API key)'],
  ];
  for (const [args, line] of cases) {
    const { status, stdout } = cli(['verify', ...args]);
    assert.deepEqual([status, stdout.trim()], [1, line], args.join(' '));
  }
});

test('--help for the command and each subcommand', () => {
  for (const args of [['--help'], ['-h'], [], ['help']]) {
    const { status, stdout } = cli(args);
    assert.equal(status, 0);
    assert.match(stdout, /^rtc-token: VideoSDK access tokens/);
    assert.match(stdout, /sign +mint a token/);
  }
  for (const command of ['sign', 'decode', 'verify', 'serve']) {
    for (const args of [[command, '--help'], ['help', command], [command, 'x', '-h']]) {
      const { status, stdout } = cli(args);
      assert.equal(status, 0, args.join(' '));
      assert.match(stdout, new RegExp(`^usage: rtc-token ${command}`), args.join(' '));
    }
  }
  assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
});

test('bad input: a clear message and exit status 2 (usage) or 1 (refused)', () => {
  const cases = [
    [['frobnicate'], 2, /unknown command "frobnicate"/],
    [['help', 'frobnicate'], 2, /unknown command "frobnicate"/],
    [['sign', '--apikey', 'k', '--bogus'], 2, /Unknown option '--bogus'/],
    [['sign', '--apikey', 'k'], 2, /no secret: use --secret-stdin, --secret, or set VIDEOSDK_SECRET_KEY/],
    [['sign', '--payload', '{nope', '--secret', SECRET], 2, /--payload is not valid JSON/],
    [['sign', '--payload', '{}', '--apikey', 'k', '--secret', SECRET], 2, /--payload cannot be combined with --apikey/],
    [['sign', '--secret', 'x', '--secret-stdin'], 2, /not both/],
    [['sign', 'extra', '--secret', SECRET], 2, /unexpected argument "extra"/],
    [['sign', '--secret', SECRET], 1, /"apikey" is required/],
    [['sign', '--apikey', 'k', '--permissions', 'allow_all', '--secret', SECRET], 1, /"permissions" holds "allow_all"/],
    [['sign', '--apikey', 'k', '--role', 'rtc,crawler', '--secret', SECRET], 1, /cannot hold both/],
    [['sign', '--apikey', 'k', '--expires-in', 'soon', '--secret', SECRET], 1, /"expiresIn" should be a number of seconds/],
    [['decode', 'not-a-token'], 1, /not a JWT/],
    [['decode'], 2, /no token/],
    [['decode', 'a', 'b'], 2, /give one token/],
    [['verify', 'a.b.c'], 2, /no secret/],
    [['verify', 'a.b.c', '--secret', SECRET, '--use', 'rooms'], 2, /"use" must be "room" or "api"/],
    [['verify', '--secret-stdin'], 2, /stdin cannot carry both/],
    [['serve', '--port', 'ninety'], 2, /--port must be a whole number/],
    [['serve'], 2, /set both VIDEOSDK_API_KEY and VIDEOSDK_SECRET_KEY/, { VIDEOSDK_API_KEY: 'only-half' }],
  ];
  for (const [args, status, message, env] of cases) {
    const result = cli(args, { env });
    assert.equal(result.status, status, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
    assert.ok(!result.stderr.includes(SECRET) && !result.stdout.includes(SECRET), `${args.join(' ')} printed the secret`);
  }
});

test('serve: the token server on a free port, until SIGTERM', async () => {
  const child = spawn(BIN, ['serve', '--port', '0'], {
    env: { ...CLEAN_ENV, VIDEOSDK_API_KEY: 'k', VIDEOSDK_SECRET_KEY: SECRET },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`no banner: ${text}`)), 10_000);
      child.stdout.on('data', (chunk) => {
        text += chunk;
        const match = /listening on http:\/\/localhost:(\d+)/.exec(text);
        if (match) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${match[1]}`);
        }
      });
    });
    const { token } = await (await fetch(`${url}/get-token?roomId=abcd-efgh-ijkl`, { signal: AbortSignal.timeout(5000) })).json();
    assert.equal(jsonwebtoken.verify(token, SECRET).roomId, 'abcd-efgh-ijkl');
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});
