// The `rtc-token` command as npm installed it (node_modules/.bin/rtc-token, from the package's
// `bin`): sign → decode → verify round trips, the secret from each source (a file, stdin, the
// environment, the flag), --help for every command, clear errors with exit status 1 (refused) or
// 2 (usage) on bad input, token text printed escaped (no terminal escape reaches the screen), and
// the warnings about contradictory VideoSDK claims.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { jsonwebtoken } from './helpers.mjs';
import { printed } from './printed.mjs';

const BIN = fileURLToPath(new URL('./node_modules/.bin/rtc-token', import.meta.url));
const SECRET = 'cli-test-secret';
// RTC_TOKEN_STATE=memory: each server these tests start has its own state (the default with
// keys, a SQLite file per API key, would carry rate limits from one test, or run, to the next).
const CLEAN_ENV = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIDEOSDK_') && !k.startsWith('RTC_TOKEN_'))), RTC_TOKEN_STATE: 'memory' };
const DIR = mkdtempSync(join(tmpdir(), 'rtc-token-cli-'));
after(() => rmSync(DIR, { recursive: true, force: true }));

/** Runs the command; returns { status, stdout, stderr } as text, and `raw`: the bytes of both. */
function cli(args, { env = {}, input } = {}) {
  const result = spawnSync(BIN, args, { env: { ...CLEAN_ENV, ...env }, input: input ?? '', timeout: 10_000 });
  return {
    status: result.status,
    stdout: result.stdout.toString('utf8'),
    stderr: result.stderr.toString('utf8'),
    raw: { stdout: result.stdout, stderr: result.stderr },
  };
}

/** A file in the test's directory holding `content`; its path. */
function file(name, content) {
  const path = join(DIR, name);
  writeFileSync(path, content);
  return path;
}

/** An HS256 token made by hand: any header and payload, `iat` a string if wanted (jsonwebtoken refuses that). */
function handMade(header, payload, secret = SECRET) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT', ...header })}.${part(payload)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

// The VideoSDK docs' own sample payload: both roles.
const DOCS_PAYLOAD = { apikey: 'k', permissions: ['allow_join'], version: 2, roomId: '2kyv-gzay-64pg', participantId: 'lxvdplwt', roles: ['crawler', 'rtc'] };
const BOTH_ROLES = /"roles" holds both "crawler" \(server-side API only\) and "rtc" \(rooms only\), which contradict each other/;

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

test('the secret from --secret-file, --secret-stdin, --secret and VIDEOSDK_SECRET_KEY gives the same signature', () => {
  const payload = JSON.stringify({ apikey: 'k', permissions: ['ask_join'], iat: 1700000000, exp: 1700000600 });
  const path = file('secret', `${SECRET}\n`);
  const runs = [
    cli(['sign', '--payload', payload, '--secret-file', path]),
    cli(['sign', '--payload', payload, `--secret-file=${path}`]),
    cli(['sign', '--payload', payload, '--secret-file', '-'], { input: `${SECRET}\n` }),
    cli(['sign', '--payload', payload, '--secret-stdin'], { input: `${SECRET}\n` }),
    cli(['sign', '--payload', payload, '--secret', SECRET]),
    cli(['sign', '--payload', payload], { env: { VIDEOSDK_SECRET_KEY: SECRET } }),
    // A flag wins over the environment.
    cli(['sign', '--payload', payload, '--secret-file', path], { env: { VIDEOSDK_SECRET_KEY: 'not-this-one' } }),
  ];
  const expected = jsonwebtoken.sign(JSON.parse(payload), SECRET);
  for (const run of runs) assert.deepEqual([run.status, run.stdout, run.stderr], [0, `${expected}\n`, '']);
  // verify reads the secret the same ways.
  const token = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'] }, SECRET, { expiresIn: '10m' });
  assert.equal(cli(['verify', token, '--secret-file', path]).stdout, 'valid\n');
  assert.equal(cli(['verify', token, '--secret-file', '-'], { input: SECRET }).stdout, 'valid\n');
  assert.equal(cli(['verify', token, '--apikey', 'k', '--secret-file', path]).stdout, 'valid (join: direct, moderate: false)\n');
  // --plain is jsonwebtoken's sign without the access rules.
  const plain = cli(['sign', '--plain', '--payload', '{"sub":"x","iat":1700000000}', '--secret', SECRET]);
  assert.equal(plain.stdout.trim(), jsonwebtoken.sign({ sub: 'x', iat: 1700000000 }, SECRET));
  const withJti = cli(['sign', '--apikey', 'k', '--jwtid', '--secret', SECRET]).stdout.trim();
  assert.match(jsonwebtoken.decode(withJti).jti, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('a secret file or stdin loses one trailing newline ("\\n" or "\\r\\n") and nothing else; bytes that are not UTF-8 stay bytes', () => {
  const payload = JSON.stringify({ apikey: 'k', permissions: ['allow_join'], iat: 1700000000, exp: 1700000600 });
  const signedWith = (secret) => jsonwebtoken.sign(JSON.parse(payload), secret);
  const cases = [
    [`${SECRET}\r\n`, SECRET],
    [SECRET, SECRET],
    [`${SECRET}\n\n`, `${SECRET}\n`],
    [`  ${SECRET} \n`, `  ${SECRET} `],
    [Buffer.from([0xff, 0x00, 0x80, 0x0a]), Buffer.from([0xff, 0x00, 0x80])],
  ];
  for (const [i, [content, secret]] of cases.entries()) {
    const fromFile = cli(['sign', '--payload', payload, '--secret-file', file(`secret-${i}`, content)]);
    assert.deepEqual([fromFile.status, fromFile.stdout], [0, `${signedWith(secret)}\n`], JSON.stringify(String(content)));
    for (const flag of [['--secret-stdin'], ['--secret-file', '-']]) {
      const fromStdin = cli(['sign', '--payload', payload, ...flag], { input: content });
      assert.deepEqual([fromStdin.status, fromStdin.stdout], [0, `${signedWith(secret)}\n`], `${flag.join(' ')} ${JSON.stringify(String(content))}`);
    }
  }
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
  const crawler = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'], version: 2, roles: ['crawler'] }, SECRET, { expiresIn: '10m' });
  const good = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'] }, SECRET, { expiresIn: '10m' });
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

/** Asserts printed bytes hold no control character but the line feed, and no C1, bidi or line-separator character. */
function assertPrintable(bytes, what) {
  const controls = [...bytes].filter((byte) => (byte < 0x20 && byte !== 0x0a) || byte === 0x7f);
  assert.deepEqual(controls, [], `${what}: control bytes`);
  assert.doesNotMatch(bytes.toString('utf8'), /[\u0080-\u009f\u2028\u2029\p{Bidi_Control}]/u, `${what}: C1, bidi or separator characters`);
}

test('decode and verify print token text escaped: no escape sequence, C1 control or bidi override reaches the terminal', () => {
  // Each claim tries something: clear the line and print a fake verdict, a one-byte C1 CSI, a
  // right-to-left override, an isolate, a line separator, a terminal title (OSC … BEL).
  const roomId = 'r\x1b[2K\rvalid\n\u202e\x9b[31m';
  const participantId = 'p\u2066\u2028\x7f';
  const payload = { apikey: 'k\x1b[31m', permissions: ['allow_join'], version: 2, roomId, participantId, iat: '\x1b[5m', exp: Math.floor(Date.now() / 1000) + 600 };
  const token = handMade({ kid: '\x1b]0;pwned\x07' }, payload);

  const decoded = cli(['decode', token]);
  assert.equal(decoded.status, 0, decoded.stderr);
  assertPrintable(decoded.raw.stdout, 'decode');
  for (const shown of ['"kid": "\\u001b]0;pwned\\u0007"', '"roomId": "r\\u001b[2K\\rvalid\\n\\u202e\\u009b[31m"', '"participantId": "p\\u2066\\u2028\\u007f"']) {
    assert.ok(decoded.stdout.includes(shown), `decode shows ${shown}`);
  }
  assert.match(decoded.stdout, /^issued {6}"\\u001b\[5m" {2}\(not a number of seconds\)$/m);
  assert.ok(!decoded.stdout.split('\n').includes('valid'));

  const json = cli(['decode', '--json', token]);
  assertPrintable(json.raw.stdout, 'decode --json');
  assert.ok(json.stdout.includes('"roomId": "r\\u001b[2K\\rvalid\\n\\u202e\\u009b[31m"'));
  // Still JSON, and the same values.
  assert.deepEqual(JSON.parse(json.stdout), { header: { alg: 'HS256', typ: 'JWT', kid: '\x1b]0;pwned\x07' }, payload, signature: token.split('.')[2] });

  // The room-side reasons quote the token's roomId and participantId: one line each, escaped.
  const cases = [
    [['--room-id', 'other'], 'invalid: Token is invalid or expired (the token is scoped to room "r\\x1b[2K\\x0dvalid\\x0a\\u{202e}\\x9b[31m", not to room "other")\n'],
    [['--participant-id', 'x'], 'invalid: Token is invalid or expired (the token is scoped to participant "p\\u{2066}\\u{2028}\\x7f", not to participant "x")\n'],
    [[], 'valid\n'],
  ];
  for (const [args, stdout] of cases) {
    const verified = cli(['verify', token, '--secret', SECRET, ...args]);
    assert.deepEqual([verified.status, verified.stdout], [stdout.startsWith('valid') ? 0 : 1, stdout], args.join(' '));
    assertPrintable(verified.raw.stdout, `verify ${args.join(' ')}`);
    assertPrintable(verified.raw.stderr, `verify ${args.join(' ')} (stderr)`);
  }
  // A key name is the token's too.
  const oddKey = handMade({}, { apikey: 'k', permissions: ['allow_join'], '\u202eevil\x1b[0m': 1 });
  const shown = cli(['decode', oddKey]);
  assertPrintable(shown.raw.stdout, 'decode, odd key');
  assert.ok(shown.stdout.includes('"\\u202eevil\\u001b[0m": 1'));
});

test('the docs\' sample payload (roles crawler and rtc): a warning in decode, in verify valid or not, and on stderr for sign', () => {
  const signed = cli(['sign', '--plain', '--payload', JSON.stringify(DOCS_PAYLOAD), '--secret', SECRET]);
  assert.equal(signed.status, 0, signed.stderr);
  // stdout stays the token alone.
  const token = signed.stdout.slice(0, -1);
  assert.equal(signed.stdout, `${token}\n`);
  assert.deepEqual(jsonwebtoken.verify(token, SECRET).roles, ['crawler', 'rtc']);
  assert.match(signed.stderr, new RegExp(`^rtc-token: warning: ${BOTH_ROLES.source}.*\n$`));

  const decoded = cli(['decode', token]);
  assert.equal(decoded.status, 0);
  assert.match(decoded.stdout, new RegExp(`^warning {5}${BOTH_ROLES.source}`, 'm'));
  assert.equal(decoded.stdout.match(/^warning/gm).length, 1);
  const json = cli(['decode', '--json', token]);
  assert.deepEqual(JSON.parse(json.stdout), jsonwebtoken.decode(token, { complete: true }));
  assert.match(json.stderr, new RegExp(`^rtc-token: warning: ${BOTH_ROLES.source}`));

  const valid = cli(['verify', token, '--secret', SECRET]);
  assert.deepEqual([valid.status, valid.stdout], [0, 'valid\n']);
  assert.match(valid.stderr, BOTH_ROLES);
  const invalid = cli(['verify', token, '--secret', 'wrong']);
  assert.deepEqual([invalid.status, invalid.stdout], [1, 'invalid: invalid signature\n']);
  assert.match(invalid.stderr, BOTH_ROLES);
  // The room-side check's verdict on both roles is the core's; the warning shows either way.
  const room = cli(['verify', token, '--secret', SECRET, '--use', 'room']);
  assert.match(room.stdout, /^(valid \(join: direct, moderate: false\)|invalid: Token is invalid or expired \(.*\))\n$/);
  assert.match(room.stderr, BOTH_ROLES);

  // Built from flags, generateToken decides (the core refused both roles before it came to
  // accept them): refused with its message, or signed with the warning.
  const flags = cli(['sign', '--apikey', 'k', '--role', 'rtc,crawler', '--secret', SECRET]);
  if (flags.status === 1) {
    assert.deepEqual([flags.stdout, flags.stderr], ['', 'rtc-token: "roles" cannot hold both "crawler" (server-side API only) and "rtc" (rooms only)\n']);
  } else {
    assert.equal(flags.status, 0, flags.stderr);
    assert.deepEqual(jsonwebtoken.verify(flags.stdout.trim(), SECRET).roles, ['rtc', 'crawler']);
    assert.match(flags.stderr, new RegExp(`^rtc-token: warning: ${BOTH_ROLES.source}.*\n$`));
  }
});

test('the other contradictions warned about: scope without version 2, ask_join with allow_join, no permissions', () => {
  const warningsOf = (payload) => cli(['decode', handMade({}, payload)]).stdout.match(/^warning {5}.*$/gm) ?? [];
  assert.deepEqual(warningsOf({ apikey: 'k', permissions: ['allow_join'], roomId: 'abcd-efgh-ijkl', roles: ['rtc'] }), [
    'warning     "roomId" and "roles" without "version": 2, which they need',
  ]);
  assert.deepEqual(warningsOf({ apikey: 'k', permissions: ['allow_join'], version: '2', participantId: 'p' }), [
    'warning     "participantId" without "version": 2, which it needs',
  ]);
  assert.deepEqual(warningsOf({ apikey: 'k', permissions: ['ask_join', 'allow_join'] }), [
    'warning     "permissions" holds both "allow_join" and "ask_join": allow_join wins, the participant joins directly without asking',
  ]);
  assert.deepEqual(warningsOf({ apikey: 'k', permissions: [] }), ['warning     "permissions" is empty: the token grants no permission']);
  // None for a sound access token, nor for a JWT that is not one ("roles" is a common claim).
  assert.deepEqual(warningsOf({ apikey: 'k', permissions: ['allow_join', 'allow_mod'], version: 2, roomId: 'r', roles: ['rtc'] }), []);
  assert.deepEqual(warningsOf({ sub: 'u', roles: ['crawler', 'rtc'] }), []);
  // generateToken signs allow_join with ask_join (allow_join wins): the token on stdout, the warning on stderr.
  const signed = cli(['sign', '--apikey', 'k', '--permissions', 'allow_join,ask_join', '--secret', SECRET]);
  assert.equal(signed.status, 0, signed.stderr);
  assert.deepEqual(jsonwebtoken.verify(signed.stdout.trim(), SECRET).permissions, ['allow_join', 'ask_join']);
  assert.match(signed.stderr, /^rtc-token: warning: "permissions" holds both "allow_join" and "ask_join"/);
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
    [['sign', '--apikey', 'k'], 2, /no secret: use --secret-file PATH, --secret-stdin, or set VIDEOSDK_SECRET_KEY/],
    [['sign', '--payload', '{nope', '--secret', SECRET], 2, /--payload is not valid JSON/],
    [['sign', '--payload', '{}', '--apikey', 'k', '--secret', SECRET], 2, /--payload cannot be combined with --apikey/],
    [['sign', '--secret', 'x', '--secret-stdin'], 2, /^rtc-token: give one secret source, not both --secret and --secret-stdin\n$/],
    [['sign', 'extra', '--secret', SECRET], 2, /unexpected argument "extra"/],
    [['sign', '--secret', SECRET], 1, /"apikey" is required/],
    [['sign', '--apikey', 'k', '--permissions', 'allow_all', '--secret', SECRET], 1, /"permissions" holds "allow_all"/],
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
  // The secret's own sources: each unusable one is a usage error that names it, and says why.
  const secretFile = file('the-secret', `${SECRET}\n`);
  const token = jsonwebtoken.sign({ apikey: 'k', permissions: ['allow_join'] }, SECRET);
  cases.push(
    [['sign', '--apikey', 'k', '--secret-file', join(DIR, 'missing')], 2, /^rtc-token: --secret-file: cannot read ".*missing": no such file\n$/],
    [['sign', '--apikey', 'k', '--secret-file', DIR], 2, /^rtc-token: --secret-file: cannot read ".*": it is a directory\n$/],
    [['sign', '--apikey', 'k', '--secret-file', file('empty', '')], 2, /^rtc-token: --secret-file: ".*empty" is empty\n$/],
    [['verify', token, '--secret-file', file('newline', '\n')], 2, /^rtc-token: --secret-file: ".*newline" is empty\n$/],
    [['sign', '--apikey', 'k', '--secret-file', '-'], 2, /^rtc-token: --secret-file: stdin is empty\n$/],
    [['sign', '--apikey', 'k', '--secret-stdin'], 2, /^rtc-token: --secret-stdin: stdin is empty\n$/, {}, '\r\n'],
    [['sign', '--apikey', 'k', '--secret-file'], 2, /argument missing/],
    [['sign', '--apikey', 'k', '--secret', SECRET, '--secret-file', secretFile], 2, /^rtc-token: give one secret source, not both --secret and --secret-file\n$/],
    [['verify', token, '--secret-stdin', '--secret-file', secretFile], 2, /^rtc-token: give one secret source, not both --secret-stdin and --secret-file\n$/, {}, SECRET],
    [['verify', token, '--secret', SECRET, '--secret-stdin', '--secret-file', '-'], 2, /^rtc-token: give one secret source, not --secret, --secret-stdin and --secret-file\n$/],
    [['verify', '--secret-file', '-'], 2, /stdin cannot carry both the secret and the token/, {}, `${SECRET}\n${token}`],
    [['decode', token, '--secret-file', secretFile], 2, /Unknown option '--secret-file'/],
  );
  for (const [args, status, message, env, input] of cases) {
    const result = cli(args, { env, input });
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
    const url = `http://127.0.0.1:${await printed(child, /listening on http:\/\/localhost:(\d+)/)}`;
    const { token } = await (await fetch(`${url}/get-token?roomId=abcd-efgh-ijkl`, { signal: AbortSignal.timeout(5000) })).json();
    assert.equal(jsonwebtoken.verify(token, SECRET).roomId, 'abcd-efgh-ijkl');
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});
