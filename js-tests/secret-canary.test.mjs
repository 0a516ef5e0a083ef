// A canary secret is run through every API, every CLI command and every server route, mostly
// into failures, and every piece of text produced is kept: error messages, String(err), stacks,
// JSON.stringify(err), util.inspect(err) (with `inner`), CLI stdout and stderr, HTTP response
// bodies and headers, the server's log lines (in-process and from `rtc-token serve` as a child
// process). None may contain the canary, raw or base64/base64url/hex encoded, or its first 12
// characters. A second canary stands in for key material and passphrases. The canaries are
// only ever given where a secret goes (a key, a passphrase, VIDEOSDK_SECRET_KEY, --secret):
// echoing a value given as a token or an option name would not be a leak.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { serveFromEnv } from 'rtc-token/server/node';
import { forms, jsonwebtoken } from './helpers.mjs';

const CANARY = 'CANARY-9f2c41d7e8b3a6-app-secret';
const KEY_CANARY = 'KEYCANARY-5be1d0c3a9f7-passphrase';
const CALLER_KEY = 'CALLERCANARY-7d41e2b9c0a8f5-server-key';
const API_KEY = 'canary-test-apikey';
const BIN = fileURLToPath(new URL('./node_modules/.bin/rtc-token', import.meta.url));
// RTC_TOKEN_STATE=memory: each server these tests start has its own state (the default with
// keys, a SQLite file per API key, would carry rate limits from one test, or run, to the next).
const CLEAN_ENV = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIDEOSDK_') && !k.startsWith('RTC_TOKEN_'))), RTC_TOKEN_STATE: 'memory' };
const key = (name) => readFileSync(new URL(`./vectors/keys/${name}`, import.meta.url), 'utf8');

/** Every spelling of a canary that would betray it. */
function spellings(canary) {
  const bytes = Buffer.from(canary);
  return [canary, canary.slice(0, 12), bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'),
    bytes.toString('base64').slice(0, 16), bytes.toString('hex').slice(0, 24)];
}
const FORBIDDEN = [...spellings(CANARY), ...spellings(KEY_CANARY), ...spellings(CALLER_KEY)];

/** All text scanned, by where it came from. */
const produced = [];
function keep(where, text) {
  produced.push([where, String(text)]);
}
function keepError(where, error) {
  keep(`${where}: message`, error?.message);
  keep(`${where}: String`, String(error));
  keep(`${where}: stack`, error?.stack);
  keep(`${where}: JSON`, JSON.stringify(error));
  keep(`${where}: inspect`, inspect(error, { depth: 6, showHidden: true }));
}
function assertClean(from) {
  const scanned = produced.filter(([where]) => where.startsWith(from));
  assert.ok(scanned.length > 20, `${from}: only ${scanned.length} texts`);
  for (const [where, text] of scanned) {
    for (const bad of FORBIDDEN) assert.ok(!text.includes(bad), `${where} contains "${bad}":\n${text}`);
  }
  return scanned.length;
}

describe('the canary secret never appears in any text the package produces', () => {
  test('API: every export, sync and callback forms, failures of every kind', async () => {
    const mint = (payload, options = {}) => jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'], ...payload }, CANARY, options);
    const valid = mint({ roomId: 'abcd-efgh-ijkl', version: 2 }, { expiresIn: '10m' });
    const expired = mint({}, { expiresIn: -10 });
    const encrypted = key('rsa2048.encrypted-pkcs8.pem');
    const secretKeyObject = crypto.createSecretKey(Buffer.from(CANARY));
    const canaryPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(KEY_CANARY).toString('base64')}\n-----END PRIVATE KEY-----\n`;
    const canaryJwk = { kty: 'oct', k: Buffer.from(CANARY).toString('base64url') };
    for (const [form, api] of Object.entries(forms)) {
      const where = `api ${form}`;
      const calls = [
        () => api.sign({ a: 1 }, CANARY, { algorithm: 'RS256' }),
        () => api.sign({ a: 1 }, CANARY, { algorithm: 'ES256' }),
        () => api.sign({ a: 1 }, CANARY, { algorithm: 'EdDSA' }),
        () => api.sign({ a: 1 }, CANARY, { algorithm: 'HS999' }),
        () => api.sign({ a: 1 }, CANARY, { expiresIn: 'soon', notBefore: {}, audience: 1, issuer: 2, subject: 3, jwtid: 4 }),
        () => api.sign({ a: 1 }, CANARY, { header: { alg: 7 } }),
        () => api.sign({ a: 1 }, CANARY, { encoding: 'hex' }),
        () => api.sign({ exp: 1 }, CANARY, { expiresIn: 10 }),
        () => api.sign(null, CANARY),
        () => api.sign({ a: 1 }, secretKeyObject, { algorithm: 'RS256' }),
        () => api.sign({ a: 1 }, canaryJwk, { algorithm: 'RS256' }),
        () => api.sign({ a: 1 }, { key: canaryJwk, format: 'jwk' }, { algorithm: 'ES256' }),
        () => api.sign({ a: 1 }, { key: encrypted, passphrase: KEY_CANARY }, { algorithm: 'RS256' }),
        () => api.sign({ a: 1 }, { key: encrypted }, { algorithm: 'RS256' }),
        () => api.sign({ a: 1 }, canaryPem, { algorithm: 'RS256' }),
        () => api.sign({ a: 1 }, { key: Buffer.from(KEY_CANARY), format: 'der', type: 'pkcs8' }, { algorithm: 'RS256' }),
        () => api.sign({ a: 1 }, { key: KEY_CANARY, passphrase: KEY_CANARY }, { algorithm: 'PS256' }),
        () => api.verify(valid, 'not-the-secret'),
        () => api.verify(valid, CANARY, { algorithms: ['RS256'] }),
        () => api.verify(valid, CANARY, { audience: 'x', issuer: 'y' }),
        () => api.verify(expired, CANARY),
        () => api.verify(valid.slice(0, -3), CANARY),
        () => api.verify('a.b.c', CANARY),
        () => api.verify(valid, canaryPem),
        () => api.verify(valid, { key: encrypted, passphrase: KEY_CANARY }),
        () => api.verify(valid, secretKeyObject, { maxAge: 'never' }),
        () => api.verify(valid, canaryJwk),
        () => api.verify(jsonwebtoken.sign({ a: 1 }, key('rsa2048.pkcs8.pem'), { algorithm: 'RS256' }), CANARY),
        () => api.verify(valid, () => CANARY),
        () => api.decode(valid.slice(1), { complete: true, json: true }),
        () => api.generateToken({ apikey: API_KEY, permissions: ['admin'] }, CANARY),
        () => api.generateToken({ apikey: API_KEY, permissions: ['allow_join'], roomId: 'r' }, CANARY),
        () => api.generateToken({ apikey: '', permissions: ['allow_join'] }, CANARY),
        () => api.generateToken({ apikey: API_KEY, permissions: ['allow_join'] }, CANARY, { algorithm: 'RS256' }),
        () => api.verifyAccessToken(valid, CANARY, { apikey: 'other' }),
        () => api.verifyAccessToken(valid, CANARY, { roomId: 'zzzz-zzzz-zzzz' }),
        () => api.verifyAccessToken(valid, CANARY, { use: 'api', extra: 1 }),
        () => api.verifyAccessToken(expired, CANARY),
        () => api.verifyAccessToken(valid, 'wrong'),
        () => api.verifyAccessToken(mint({ roles: ['crawler'], version: 2 }), CANARY),
      ];
      let failures = 0;
      for (const [i, call] of calls.entries()) {
        try {
          const result = call();
          keep(`${where} call ${i}: result`, JSON.stringify(result));
        } catch (error) {
          failures++;
          keepError(`${where} call ${i}`, error);
        }
      }
      assert.ok(failures >= calls.length - 2, `${failures} of ${calls.length} calls failed`);
      // The callback forms deliver the same errors.
      await new Promise((done) => api.verify(valid, (header, cb) => cb(new Error('no key here')), (err) => (keepError(`${where} getSecret`, err), done())));
      await new Promise((done) => api.verify(expired, CANARY, {}, (err) => (keepError(`${where} verify callback`, err), done())));
      await new Promise((done) => api.sign({ a: 1 }, CANARY, { algorithm: 'RS256' }, (err) => (keepError(`${where} sign callback`, err), done())));
      await new Promise((done) => api.generateToken({ apikey: 1 }, CANARY, {}, (err) => (keepError(`${where} generateToken callback`, err), done())));
    }
    assertClean('api');
  });

  test('CLI: every command, the secret from the environment, --secret and --secret-stdin, failures', () => {
    const token = jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'], version: 2, roomId: 'abcd-efgh-ijkl', roles: ['rtc'] }, CANARY, { expiresIn: '10m' });
    const expired = jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'] }, CANARY, { expiresIn: -1 });
    const env = { VIDEOSDK_SECRET_KEY: CANARY, VIDEOSDK_API_KEY: API_KEY };
    const runs = [
      [['sign', '--jwtid'], env],
      [['sign', '--role', 'admin'], env],
      [['sign', '--expires-in', 'soon'], env],
      [['sign', '--room-id', ''], env],
      [['sign', '--secret', CANARY, '--apikey', API_KEY, '--bogus']],
      [['sign', '--secret', CANARY, '--secret-stdin'], {}, CANARY],
      [['sign', '--secret-stdin', '--apikey', API_KEY, '--permissions', 'allow_all'], {}, `${CANARY}\n`],
      [['sign', '--plain', '--algorithm', 'RS256'], env],
      [['verify', token], env],
      [['verify', expired], env],
      [['verify', token, '--secret', 'wrong-secret']],
      [['verify', token, '--room-id', 'zzzz-zzzz-zzzz', '--use', 'room'], env],
      [['verify', token, '--use', 'api'], env],
      [['verify', 'a.b.c'], env],
      [['verify', token, '--algorithms', 'RS256'], env],
      [['verify', '--secret', CANARY], {}, 'not-a-token'],
      [['verify']],
      [['decode', token]],
      [['decode', expired, '--json']],
      [['decode', 'x.y.z']],
      [['serve', '--port', 'nope'], env],
      [['serve', 'extra'], env],
      [['sign', '--help'], env],
      [['nonsense'], env],
      [[], env],
    ];
    let refused = 0;
    for (const [i, [args, runEnv = {}, input = '']] of runs.entries()) {
      const result = spawnSync(BIN, args, { env: { ...CLEAN_ENV, ...runEnv }, input, encoding: 'utf8', timeout: 10_000 });
      assert.notEqual(result.status, null, `${args.join(' ')}: did not finish`);
      if (result.status !== 0) refused++;
      keep(`cli ${i} ${args[0]} stdout`, result.stdout);
      keep(`cli ${i} ${args[0]} stderr`, result.stderr);
    }
    assert.ok(refused >= 18, `${refused} of ${runs.length} commands failed`);
    assertClean('cli');
  });

  describe('server: every route and error, in-process and as `rtc-token serve`', () => {
    let inProcess;
    let child;
    let childBase;
    before(async () => {
      // A caller key too (it must not leak either), for the tokens anonymous callers are refused.
      const env = { RTC_TOKEN_STATE: 'memory', VIDEOSDK_API_KEY: API_KEY, VIDEOSDK_SECRET_KEY: CANARY, RTC_TOKEN_CALLER_KEYS: `backend:${CALLER_KEY}` };
      inProcess = await serveFromEnv({ env, port: 0, log: (line) => keep('server log (in-process)', line) });
      child = spawn(BIN, ['serve', '--port', '0'], { env: { ...CLEAN_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text) => keep('server log (child stderr)', text));
      childBase = await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('rtc-token serve did not start')), 10_000);
        child.stdout.on('data', (text) => {
          keep('server log (child stdout)', text);
          const url = /listening on (http:\/\/[\w.]+:\d+)/.exec(text)?.[1];
          if (url) (clearTimeout(timer), resolve(url));
        });
      });
    });
    after(async () => {
      inProcess.close();
      child.kill('SIGTERM');
      await new Promise((done) => (child.exitCode !== null ? done() : child.on('exit', done)));
    });

    async function call(base, path, init = {}) {
      const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(5000), ...init });
      const text = await response.text();
      keep(`server response ${path}`, `${response.status} ${JSON.stringify([...response.headers])} ${text}`);
      return { status: response.status, text };
    }

    test('no response body, header or log line carries the secret', async () => {
      for (const base of [inProcess.url, childBase]) {
        const token = JSON.parse((await call(base, '/get-token?roomId=abcd-efgh-ijkl&role=rtc&ttl=600')).text).token;
        assert.ok(jsonwebtoken.verify(token, CANARY));
        await call(base, '/get-token?role=crawler'); // anonymous: refused
        await call(base, '/get-token', { headers: { authorization: `Bearer ${CALLER_KEY}x` } }); // a wrong key: refused
        const crawler = JSON.parse((await call(base, '/get-token?role=crawler', { headers: { authorization: `Bearer ${CALLER_KEY}` } })).text).token;
        const forged = jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'] }, 'attacker');
        const expired = jsonwebtoken.sign({ apikey: API_KEY, permissions: ['allow_join'] }, CANARY, { expiresIn: -1 });
        const post = (path, body) => call(base, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        for (const query of ['permissions=admin', 'role=rtc,crawler', 'ttl=soon', 'roomId=a&roomId=x', 'bogus=1', 'ttl=1e400']) {
          await call(base, `/get-token?${query}`);
        }
        const { text } = await post('/create-meeting', JSON.stringify({ token: crawler }));
        const meeting = JSON.parse(text).meetingId;
        assert.ok(meeting, text);
        for (const body of [JSON.stringify({ token: forged }), JSON.stringify({ token: expired }), JSON.stringify({ token }), '{', JSON.stringify({}), JSON.stringify({ token: token.slice(0, -2) }), `{"token":"${'x'.repeat(20_000)}"}`]) {
          await post('/create-meeting', body);
          await post(`/validate-meeting/${meeting}`, body);
        }
        await post('/validate-meeting/nope-nope-nope', JSON.stringify({ token: crawler }));
        await call(base, '/create-meeting', { method: 'GET' });
        await call(base, '/unknown-route');
        await call(base, '/get-token', { method: 'OPTIONS', headers: { origin: 'http://example.test', 'access-control-request-method': 'GET' } });
      }
      // Let the child's log lines arrive.
      await new Promise((done) => setTimeout(done, 200));
      const logged = produced.filter(([where]) => where.startsWith('server log')).length;
      assert.ok(logged >= 20, `${logged} log chunks`);
      assertClean('server');
    });
  });
});
